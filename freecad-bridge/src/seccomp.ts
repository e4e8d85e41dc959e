// The seccomp filter of the FreeCAD sandbox: a classic-BPF program built here from a reviewed list,
// handed to bubblewrap (`--seccomp FD`), which loads it into the sandboxed process before exec.
//
// What it denies, with EPERM: calls a CAD worker never needs and that widen the kernel's attack
// surface or reach past the sandbox (mounts and namespaces, ptrace and cross-process memory, keys,
// BPF, kexec and modules, swap and reboot, clocks and host names, io_uring, which runs I/O out of
// seccomp's sight, perf and userfaultfd, which exploits use to win kernel races, open_by_handle_at,
// which escaped containers before). clone() with namespace flags is denied by its flags argument;
// clone3() keeps its flags in memory a filter cannot read, so it answers ENOSYS and the C library
// falls back to clone(). A call from another ABI (i386 via int 0x80, x32) is denied whole: the
// numbers below are only right for the native one.
//
// Layout of struct seccomp_data: u32 nr at 0, u32 arch at 4, u64 ip at 8, u64 args[6] at 16.

export type SeccompArch = 'x64' | 'arm64';

/** Why each call is here; the name is the kernel's. */
export const DENIED_SYSCALLS: Readonly<Record<string, string>> = {
  mount: 'filesystem mounts',
  umount2: 'filesystem mounts',
  pivot_root: 'filesystem mounts',
  chroot: 'filesystem root',
  open_tree: 'new mount API',
  move_mount: 'new mount API',
  fsopen: 'new mount API',
  fsconfig: 'new mount API',
  fsmount: 'new mount API',
  fspick: 'new mount API',
  mount_setattr: 'new mount API',
  unshare: 'new namespaces',
  setns: 'joining namespaces',
  ptrace: 'tracing other processes',
  process_vm_readv: 'reading other processes’ memory',
  process_vm_writev: 'writing other processes’ memory',
  kcmp: 'comparing kernel objects of other processes',
  pidfd_getfd: 'taking other processes’ file descriptors',
  keyctl: 'kernel keyrings',
  add_key: 'kernel keyrings',
  request_key: 'kernel keyrings',
  bpf: 'eBPF programs',
  perf_event_open: 'performance counters (kernel exploit aid)',
  userfaultfd: 'user page faults (kernel exploit aid)',
  io_uring_setup: 'io_uring (I/O outside seccomp)',
  io_uring_enter: 'io_uring (I/O outside seccomp)',
  io_uring_register: 'io_uring (I/O outside seccomp)',
  kexec_load: 'loading a new kernel',
  kexec_file_load: 'loading a new kernel',
  init_module: 'kernel modules',
  finit_module: 'kernel modules',
  delete_module: 'kernel modules',
  swapon: 'swap',
  swapoff: 'swap',
  reboot: 'reboot',
  acct: 'process accounting',
  quotactl: 'disk quotas',
  quotactl_fd: 'disk quotas',
  nfsservctl: 'NFS server',
  settimeofday: 'the system clock',
  clock_settime: 'the system clock',
  clock_adjtime: 'the system clock',
  adjtimex: 'the system clock',
  sethostname: 'host name',
  setdomainname: 'domain name',
  syslog: 'the kernel log',
  vhangup: 'terminals',
  lookup_dcookie: 'kernel profiling',
  open_by_handle_at: 'opening files by handle (a known container escape)',
  name_to_handle_at: 'file handles',
  fanotify_init: 'filesystem-wide monitoring',
  iopl: 'I/O port access',
  ioperm: 'I/O port access',
  uselib: 'obsolete loader call',
  _sysctl: 'obsolete sysctl',
};

/** Syscall numbers per architecture (x86_64: asm/unistd_64.h; aarch64: asm-generic/unistd.h). */
const NUMBERS: Record<SeccompArch, Record<string, number>> = {
  x64: {
    mount: 165,
    umount2: 166,
    pivot_root: 155,
    chroot: 161,
    open_tree: 428,
    move_mount: 429,
    fsopen: 430,
    fsconfig: 431,
    fsmount: 432,
    fspick: 433,
    mount_setattr: 442,
    unshare: 272,
    setns: 308,
    ptrace: 101,
    process_vm_readv: 310,
    process_vm_writev: 311,
    kcmp: 312,
    pidfd_getfd: 438,
    keyctl: 250,
    add_key: 248,
    request_key: 249,
    bpf: 321,
    perf_event_open: 298,
    userfaultfd: 323,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
    kexec_load: 246,
    kexec_file_load: 320,
    init_module: 175,
    finit_module: 313,
    delete_module: 176,
    swapon: 167,
    swapoff: 168,
    reboot: 169,
    acct: 163,
    quotactl: 179,
    quotactl_fd: 443,
    nfsservctl: 180,
    settimeofday: 164,
    clock_settime: 227,
    clock_adjtime: 305,
    adjtimex: 159,
    sethostname: 170,
    setdomainname: 171,
    syslog: 103,
    vhangup: 153,
    lookup_dcookie: 212,
    open_by_handle_at: 304,
    name_to_handle_at: 303,
    fanotify_init: 300,
    iopl: 172,
    ioperm: 173,
    uselib: 134,
    _sysctl: 156,
    clone: 56,
    clone3: 435,
  },
  arm64: {
    mount: 40,
    umount2: 39,
    pivot_root: 41,
    chroot: 51,
    open_tree: 428,
    move_mount: 429,
    fsopen: 430,
    fsconfig: 431,
    fsmount: 432,
    fspick: 433,
    mount_setattr: 442,
    unshare: 97,
    setns: 268,
    ptrace: 117,
    process_vm_readv: 270,
    process_vm_writev: 271,
    kcmp: 272,
    pidfd_getfd: 438,
    keyctl: 219,
    add_key: 217,
    request_key: 218,
    bpf: 280,
    perf_event_open: 241,
    userfaultfd: 282,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
    kexec_load: 104,
    kexec_file_load: 294,
    init_module: 105,
    finit_module: 273,
    delete_module: 106,
    swapon: 224,
    swapoff: 225,
    reboot: 142,
    acct: 89,
    quotactl: 60,
    quotactl_fd: 443,
    nfsservctl: 42,
    settimeofday: 170,
    clock_settime: 112,
    clock_adjtime: 266,
    adjtimex: 171,
    sethostname: 161,
    setdomainname: 162,
    syslog: 116,
    vhangup: 58,
    lookup_dcookie: 18,
    open_by_handle_at: 265,
    name_to_handle_at: 264,
    fanotify_init: 262,
    clone: 220,
    clone3: 435,
    // no iopl, ioperm, uselib or _sysctl on aarch64
  },
};

export const AUDIT_ARCH: Record<SeccompArch, number> = { x64: 0xc000003e, arm64: 0xc00000b7 };
/** x86_64's x32 ABI marks its numbers with this bit. */
const X32_SYSCALL_BIT = 0x40000000;
/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET */
export const CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

export const EPERM = 1;
export const ENOSYS = 38;
export const SECCOMP_RET_ALLOW = 0x7fff0000;
export const SECCOMP_RET_ERRNO = 0x00050000;

// classic BPF opcodes
export const BPF = { LD_W_ABS: 0x20, JEQ_K: 0x15, JGE_K: 0x35, JSET_K: 0x45, RET_K: 0x06 } as const;

export interface Insn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

type Target = string | null; // a label, or null: the next instruction
interface Draft {
  label?: string;
  code: number;
  k: number;
  jt?: Target;
  jf?: Target;
}

/** Resolves labels into forward jump offsets (BPF jumps only forward, at most 255). */
function assemble(drafts: Draft[]): Insn[] {
  const at = new Map<string, number>();
  drafts.forEach((d, i) => d.label && at.set(d.label, i));
  return drafts.map((d, i) => {
    const off = (t: Target | undefined) => {
      if (t === undefined || t === null) return 0;
      const to = at.get(t);
      if (to === undefined || to <= i) throw new Error(`seccomp: bad jump to ${t}`);
      const o = to - i - 1;
      if (o > 255) throw new Error('seccomp: jump too far');
      return o;
    };
    return { code: d.code, jt: off(d.jt), jf: off(d.jf), k: d.k >>> 0 };
  });
}

/** Names in DENIED_SYSCALLS that this architecture has. */
export function deniedFor(arch: SeccompArch): string[] {
  return Object.keys(DENIED_SYSCALLS).filter((n) => NUMBERS[arch][n] !== undefined);
}

export function syscallNumber(arch: SeccompArch, name: string): number | undefined {
  return NUMBERS[arch][name];
}

/** The filter as instructions (exported for the unit test's interpreter). */
export function seccompProgram(arch: SeccompArch): Insn[] {
  const nr = NUMBERS[arch];
  const d: Draft[] = [
    { code: BPF.LD_W_ABS, k: 4 }, // arch
    { code: BPF.JEQ_K, k: AUDIT_ARCH[arch], jt: null, jf: 'deny' },
    { code: BPF.LD_W_ABS, k: 0 }, // nr
  ];
  if (arch === 'x64') d.push({ code: BPF.JGE_K, k: X32_SYSCALL_BIT, jt: 'deny', jf: null });
  for (const name of deniedFor(arch)) d.push({ code: BPF.JEQ_K, k: nr[name]!, jt: 'deny', jf: null });
  d.push(
    { code: BPF.JEQ_K, k: nr.clone3!, jt: 'enosys', jf: null },
    { code: BPF.JEQ_K, k: nr.clone!, jt: 'clone', jf: 'allow' },
    { label: 'allow', code: BPF.RET_K, k: SECCOMP_RET_ALLOW },
    // clone(flags, …): the low 32 bits of args[0] (both architectures are little-endian)
    { label: 'clone', code: BPF.LD_W_ABS, k: 16 },
    { code: BPF.JSET_K, k: CLONE_NAMESPACE_FLAGS, jt: 'deny', jf: null },
    { code: BPF.RET_K, k: SECCOMP_RET_ALLOW },
    { label: 'deny', code: BPF.RET_K, k: SECCOMP_RET_ERRNO | EPERM },
    { label: 'enosys', code: BPF.RET_K, k: SECCOMP_RET_ERRNO | ENOSYS },
  );
  return assemble(d);
}

/** struct sock_filter[] as bwrap reads it from its --seccomp fd (host byte order: little-endian). */
export function seccompBytes(arch: SeccompArch): Buffer {
  const prog = seccompProgram(arch);
  const buf = Buffer.alloc(prog.length * 8);
  prog.forEach((p, i) => {
    buf.writeUInt16LE(p.code, i * 8);
    buf.writeUInt8(p.jt, i * 8 + 2);
    buf.writeUInt8(p.jf, i * 8 + 3);
    buf.writeUInt32LE(p.k, i * 8 + 4);
  });
  return buf;
}

/** The host's architecture, when the filter knows it; null elsewhere (no filter is built). */
export function hostSeccompArch(arch: string = process.arch): SeccompArch | null {
  return arch === 'x64' || arch === 'arm64' ? arch : null;
}
