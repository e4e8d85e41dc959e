// A pids cgroup per worker, where this process may make one (root, or a delegated cgroup v2
// subtree). RLIMIT_NPROC does not bind uid 0, so for root this is what stops a fork bomb; for
// everyone it gives an exact count (pids.events) and a set of processes that cannot slip away
// from a kill. Where no cgroup can be made, the bridge falls back to RLIMIT_NPROC inside the
// sandbox and a count of the worker's process tree.
import fs from 'node:fs';
import path from 'node:path';

export interface WorkerCgroup {
  dir: string;
  procs: string;
  /** pids.events: how often a fork was refused at pids.max */
  events: string;
}

export class PidsCgroups {
  private seq = 0;
  private readonly removing = new Set<Promise<void>>();
  private constructor(readonly base: string) {}

  /** A folder of our own under a writable pids hierarchy, or null. */
  static detect(): PidsCgroups | null {
    const name = `tezgah-${process.pid}`;
    const candidates: string[] = ['/sys/fs/cgroup/pids'];
    try {
      // cgroup v2: our own cgroup, when the pids controller is delegated to its children
      const own = fs
        .readFileSync('/proc/self/cgroup', 'utf8')
        .split('\n')
        .find((l) => l.startsWith('0::'));
      if (own) candidates.push(path.join('/sys/fs/cgroup', own.slice(3)));
    } catch {
      // not Linux
    }
    for (const root of candidates) {
      sweepStale(root);
      const base = path.join(root, name);
      try {
        fs.mkdirSync(base, { recursive: true });
        if (fs.existsSync(path.join(base, 'pids.max')) && probe(base)) return new PidsCgroups(base);
        fs.rmdirSync(base);
      } catch {
        // not writable here
      }
    }
    return null;
  }

  /** A fresh cgroup with pids.max = max (null when it cannot be made). */
  make(max: number): WorkerCgroup | null {
    const dir = path.join(this.base, `w${++this.seq}`);
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pids.max'), String(max));
      return { dir, procs: path.join(dir, 'cgroup.procs'), events: path.join(dir, 'pids.events') };
    } catch {
      try {
        fs.rmdirSync(dir);
      } catch {
        // never made
      }
      return null;
    }
  }

  /** Removes a worker's cgroup once its processes are gone (a few tries: exits take a moment). */
  remove(cg: WorkerCgroup): Promise<void> {
    const p = removeDir(cg.dir).finally(() => this.removing.delete(p));
    this.removing.add(p);
    return p;
  }

  /** Waits for the workers' cgroups to go, then removes our folder. */
  async dispose(): Promise<void> {
    await Promise.all([...this.removing]);
    try {
      fs.rmdirSync(this.base);
    } catch {
      // a worker's cgroup is still there (its processes are being killed), or gone
    }
  }
}

async function removeDir(dir: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    try {
      fs.rmdirSync(dir);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Folders that Tezgah processes no longer running left behind (a crash skips dispose()). */
function sweepStale(root: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(root).filter((n) => /^tezgah-\d+$/.test(n));
  } catch {
    return;
  }
  for (const n of names) {
    const pid = Number(n.slice(7));
    if (pid === process.pid || fs.existsSync(`/proc/${pid}`)) continue;
    const base = path.join(root, n);
    try {
      for (const w of fs.readdirSync(base)) if (/^w\d+$/.test(w)) fs.rmdirSync(path.join(base, w));
      fs.rmdirSync(base);
    } catch {
      // still has processes: leave it
    }
  }
}

/** Can a process be moved in? (A v2 cgroup with processes of its own cannot take children.) */
function probe(base: string): boolean {
  const dir = path.join(base, 'probe');
  try {
    fs.mkdirSync(dir);
    fs.rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/** Refused forks so far (the "max" line of pids.events). */
export function pidsMaxHits(cg: WorkerCgroup): number {
  try {
    const m = /^max (\d+)/m.exec(fs.readFileSync(cg.events, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
