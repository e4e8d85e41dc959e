// The seccomp program, run through a small classic-BPF interpreter: what it denies, what it lets
// through, and that other ABIs are refused whole. (The real kernel is tested in
// tests/integration/bridge-hostile.test.ts.)
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ARCH,
  BPF,
  CLONE_NAMESPACE_FLAGS,
  DENIED_SYSCALLS,
  deniedFor,
  ENOSYS,
  EPERM,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_ERRNO,
  seccompBytes,
  seccompProgram,
  syscallNumber,
  type Insn,
  type SeccompArch,
} from '../../freecad-bridge/src/seccomp.js';

/** Runs a filter on struct seccomp_data { nr, arch, ip, args[6] } (args as low 32 bits). */
function run(prog: Insn[], data: { nr: number; arch: number; args?: number[] }): number {
  const word = (off: number) => {
    if (off === 0) return data.nr >>> 0;
    if (off === 4) return data.arch >>> 0;
    if (off >= 16 && (off - 16) % 8 === 0) return (data.args?.[(off - 16) / 8] ?? 0) >>> 0;
    if (off >= 16 && (off - 16) % 8 === 4) return 0;
    throw new Error(`unexpected load at ${off}`);
  };
  let a = 0;
  for (let pc = 0; pc < prog.length; pc++) {
    const i = prog[pc]!;
    switch (i.code) {
      case BPF.LD_W_ABS:
        a = word(i.k);
        break;
      case BPF.JEQ_K:
        pc += a === i.k ? i.jt : i.jf;
        break;
      case BPF.JGE_K:
        pc += a >= i.k ? i.jt : i.jf;
        break;
      case BPF.JSET_K:
        pc += (a & i.k) !== 0 ? i.jt : i.jf;
        break;
      case BPF.RET_K:
        return i.k;
      default:
        throw new Error(`unknown opcode ${i.code}`);
    }
  }
  throw new Error('fell off the end');
}

const DENY = SECCOMP_RET_ERRNO | EPERM;
const READ = { x64: 0, arm64: 63 } as const;
const OPENAT = { x64: 257, arm64: 56 } as const;

describe.each(['x64', 'arm64'] as SeccompArch[])('seccomp program (%s)', (arch) => {
  const prog = seccompProgram(arch);
  const call = (nr: number, args?: number[]) => run(prog, { nr, arch: AUDIT_ARCH[arch], ...(args ? { args } : {}) });

  it('denies every listed call with EPERM', () => {
    const names = deniedFor(arch);
    expect(names.length).toBeGreaterThan(40);
    for (const n of names) expect(call(syscallNumber(arch, n)!), n).toBe(DENY);
    for (const must of [
      'mount',
      'umount2',
      'ptrace',
      'keyctl',
      'add_key',
      'request_key',
      'bpf',
      'kexec_load',
      'kexec_file_load',
      'init_module',
      'finit_module',
      'delete_module',
      'pivot_root',
      'swapon',
      'swapoff',
      'reboot',
      'setns',
      'unshare',
      'perf_event_open',
      'userfaultfd',
    ])
      expect(names).toContain(must);
  });

  it('lets everyday calls through', () => {
    expect(call(READ[arch])).toBe(SECCOMP_RET_ALLOW);
    expect(call(OPENAT[arch])).toBe(SECCOMP_RET_ALLOW);
  });

  it('allows clone for threads and forks, denies it with namespace flags; clone3 answers ENOSYS', () => {
    const clone = syscallNumber(arch, 'clone')!;
    expect(call(clone, [0x003d0f00])).toBe(SECCOMP_RET_ALLOW); // pthread_create's flags
    expect(call(clone, [0x01200011])).toBe(SECCOMP_RET_ALLOW); // fork()
    expect(call(clone, [0x10000000])).toBe(DENY); // CLONE_NEWUSER
    for (let bit = 0; bit < 32; bit++) if (CLONE_NAMESPACE_FLAGS & (1 << bit)) expect(call(clone, [1 << bit])).toBe(DENY);
    expect(call(syscallNumber(arch, 'clone3')!)).toBe(SECCOMP_RET_ERRNO | ENOSYS);
  });

  it('denies calls made through another ABI', () => {
    expect(run(prog, { nr: READ[arch], arch: 0x40000003 /* i386 */ })).toBe(DENY);
    expect(run(prog, { nr: READ[arch], arch: arch === 'x64' ? AUDIT_ARCH.arm64 : AUDIT_ARCH.x64 })).toBe(DENY);
  });

  it('serialises as struct sock_filter (8 bytes each, little-endian)', () => {
    const b = seccompBytes(arch);
    expect(b.length).toBe(prog.length * 8);
    expect(b.readUInt16LE(0)).toBe(BPF.LD_W_ABS);
    expect(b.readUInt32LE(4)).toBe(4);
    expect(b.readUInt32LE(12)).toBe(AUDIT_ARCH[arch]);
  });
});

describe('seccomp program (x86_64 only)', () => {
  it('denies x32 calls (numbers with bit 30 set)', () => {
    expect(run(seccompProgram('x64'), { nr: 0x40000000 | 0, arch: AUDIT_ARCH.x64 })).toBe(DENY);
  });

  it('gives a reason for every call on the list', () => {
    for (const [name, why] of Object.entries(DENIED_SYSCALLS)) expect(why.length, name).toBeGreaterThan(3);
  });
});
