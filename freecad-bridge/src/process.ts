// One FreeCAD worker process: spawned in its own process group, progress read from fd 3, stderr kept
// per job, killed as a whole group. A warm worker takes jobs as lines on stdin; a one-shot worker
// serves the request named in its environment and exits.
import fs from 'node:fs';
import os from 'node:os';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { execa } from 'execa';
import { parseWorkerLine, type DoneEvent, type ProgressLine, type ReadyEvent } from './protocol.js';
import type { Launch } from './sandbox.js';
import type { BridgeLogLine } from './types.js';

/** Why the bridge killed a worker (decides the error the job gets). */
export type KillReason = 'timeout' | 'cancel' | 'dispose' | 'recycle' | 'disk' | 'procs';

export interface WorkerExit {
  exitCode: number | null;
  /** the signal that ended FreeCAD; bwrap reports a child's signal N as exit code 128+N */
  signal: string | null;
  killedBy: KillReason | null;
  /** the last stderr lines (for FC_CRASHED details and the job log) */
  stderrTail: string[];
}

export interface JobHooks {
  onProgress?: (p: ProgressLine) => void;
}

/** Thrown to a job's promise when its worker ended before reporting "done". */
export class WorkerExitedError extends Error {
  constructor(readonly exit: WorkerExit) {
    super(`worker exited (code ${exit.exitCode}, signal ${exit.signal}${exit.killedBy ? `, killed: ${exit.killedBy}` : ''})`);
  }
}

const STDERR_TAIL = 40;
/** Per-job stderr kept for RunResult.stderr; a runaway worker cannot fill memory. */
const STDERR_JOB_MAX = 2000;

const SIGNAL_NAMES = new Map<number, string>(Object.entries(os.constants.signals).map(([name, n]) => [n, name]));

function spawnWorker(launch: Launch) {
  const sub = execa(launch.file, launch.args, {
    env: launch.env,
    extendEnv: false,
    // own process group, so timeout/cancel can kill everything the worker started
    detached: true,
    cleanup: false,
    reject: false,
    buffer: false,
    // stdin: job lines (warm); stdout: FreeCAD noise, never read; stderr: job log; fd 3: protocol;
    // fd 4 (SECCOMP_FD): the seccomp program, read by bwrap up to EOF and closed before exec
    stdio: launch.seccomp ? ['pipe', 'ignore', 'pipe', 'pipe', 'pipe'] : ['pipe', 'ignore', 'pipe', 'pipe'],
  });
  if (launch.seccomp) {
    const fd4 = sub.stdio[4] as Writable;
    fd4.on('error', () => {}); // bwrap failed first: its exit reports why
    fd4.end(launch.seccomp);
  }
  return sub;
}

/** Every process below pid, by parent links in /proc (Linux); [] elsewhere. */
export function descendantPids(pid: number): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const byParent = new Map<number, number[]>();
  for (const e of entries) {
    if (e.charCodeAt(0) > 57) continue; // not a pid
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = byParent.get(ppid);
      if (list) list.push(Number(e));
      else byParent.set(ppid, [Number(e)]);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    for (const c of byParent.get(stack.pop()!) ?? []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

/** Pids listed in a cgroup's cgroup.procs ([] when it is gone). */
export function cgroupPids(procs: string): number[] {
  try {
    return fs.readFileSync(procs, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const killQuiet = (pid: number) => {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
};

interface CurrentJob {
  jobId: string;
  hooks: JobHooks;
  stderr: string[];
  done: DoneEvent | null;
  resolve: (v: { done: DoneEvent; stderr: string[] }) => void;
  reject: (e: unknown) => void;
}

export class WorkerProcess {
  readonly kind: 'warm' | 'oneshot';
  state: 'starting' | 'idle' | 'busy' | 'stopping' | 'exited' = 'starting';
  jobsServed = 0;
  rssMb: number | null = null;
  readonly pid: number;
  /** resolves with the ready line (warm), rejects if the worker dies first */
  readonly ready: Promise<ReadyEvent>;
  /** resolves once the process has exited (never rejects) */
  readonly exited: Promise<WorkerExit>;

  private readonly sub: ReturnType<typeof spawnWorker>;
  private killedBy: KillReason | null = null;
  private readonly tail: string[] = [];
  private current: CurrentJob | null = null;
  private readonly log: (l: BridgeLogLine) => void;

  /** the worker's pids cgroup (cgroup.procs), when it has one */
  readonly cgroupProcs: string | null;

  /** a one-shot worker started ahead of need: it takes its single job as a line on stdin */
  readonly spare: boolean;

  constructor(launch: Launch, kind: 'warm' | 'oneshot', log: (l: BridgeLogLine) => void, cgroupProcs: string | null = null, spare = false) {
    this.kind = kind;
    this.spare = spare;
    this.log = log;
    this.cgroupProcs = cgroupProcs;
    this.sub = spawnWorker(launch);
    if (this.sub.pid === undefined) throw new Error('worker did not start');
    this.pid = this.sub.pid;

    let onReady: (r: ReadyEvent) => void = () => {};
    let onNotReady: (e: unknown) => void = () => {};
    this.ready = new Promise<ReadyEvent>((res, rej) => {
      onReady = res;
      onNotReady = rej;
    });
    this.ready.catch(() => {}); // one-shot workers never send "ready"

    readline.createInterface({ input: this.sub.stdio[3] as Readable, crlfDelay: Infinity }).on('line', (line) => {
      const ev = parseWorkerLine(line);
      if (!ev) {
        this.log({
          level: 'warn',
          msg: 'worker: ignoring a line that is not protocol',
          pid: this.pid,
          line: line.slice(0, 200),
          jobId: this.current?.jobId,
        });
        return;
      }
      if (ev.event === 'ready') {
        this.rssMb = ev.rss_mb;
        if (this.state === 'starting') this.state = 'idle';
        onReady(ev);
      } else if (ev.event === 'progress') {
        if (this.current && ev.job_id === this.current.jobId) this.current.hooks.onProgress?.(ev);
      } else {
        this.rssMb = ev.rss_mb;
        const job = this.current;
        if (!job) return;
        job.done = ev;
        if (this.kind === 'warm') this.finishJob();
        // a one-shot job completes when the process has exited (its files are closed by then)
      }
    });
    readline.createInterface({ input: this.sub.stderr as Readable, crlfDelay: Infinity }).on('line', (line) => {
      this.tail.push(line);
      if (this.tail.length > STDERR_TAIL) this.tail.shift();
      const job = this.current;
      if (job && job.stderr.length < STDERR_JOB_MAX) job.stderr.push(line);
      this.log({ level: 'debug', msg: 'worker stderr', pid: this.pid, line, ...(job ? { jobId: job.jobId } : {}) });
    });
    (this.sub.stdin as Writable).on('error', () => {}); // EPIPE when the worker died; the exit handler reports it

    this.exited = this.sub.then((r) => {
      let signal: string | null = r.signal ?? null;
      const exitCode = r.exitCode ?? null;
      // bwrap turns "child killed by signal N" into exit status 128+N
      if (!signal && exitCode !== null && exitCode > 128 && SIGNAL_NAMES.has(exitCode - 128)) signal = SIGNAL_NAMES.get(exitCode - 128)!;
      const exit: WorkerExit = { exitCode, signal, killedBy: this.killedBy, stderrTail: [...this.tail] };
      this.state = 'exited';
      onNotReady(new WorkerExitedError(exit));
      const job = this.current;
      if (job) {
        this.current = null;
        if (job.done && this.kind === 'oneshot' && !this.killedBy) job.resolve({ done: job.done, stderr: job.stderr });
        else job.reject(new WorkerExitedError(exit));
      }
      return exit;
    });
  }

  get jobId(): string | null {
    return this.current?.jobId ?? null;
  }

  /**
   * Runs one job. Warm: sends the request path on stdin. One-shot: the request was named at spawn,
   * so this only attaches the job. Rejects with WorkerExitedError if the worker dies first.
   */
  runJob(
    jobId: string,
    workerRequestPath: string,
    hooks: JobHooks,
    limits?: Record<string, number>,
  ): Promise<{ done: DoneEvent; stderr: string[] }> {
    if (this.current) throw new Error('worker is busy');
    if (this.state === 'exited' || this.state === 'stopping') throw new Error('worker has exited');
    const p = new Promise<{ done: DoneEvent; stderr: string[] }>((resolve, reject) => {
      this.current = { jobId, hooks, stderr: [], done: null, resolve, reject };
    });
    this.state = 'busy';
    if (this.kind === 'warm') (this.sub.stdin as Writable).write(`${JSON.stringify({ request: workerRequestPath })}\n`);
    // a spare serves this one job: the line carries the job's limits, and stdin closes after it
    else if (this.spare) (this.sub.stdin as Writable).end(`${JSON.stringify({ request: workerRequestPath, limits: limits ?? {} })}\n`);
    return p;
  }

  private finishJob(): void {
    const job = this.current!;
    this.current = null;
    this.jobsServed++;
    if (this.state === 'busy') this.state = 'idle';
    job.resolve({ done: job.done!, stderr: job.stderr });
  }

  /**
   * SIGKILL to the whole tree, not only prlimit/bwrap: the sandboxed processes run in a session of
   * their own (bwrap --new-session), so the group kill alone would miss them. Everything below the
   * leader (found through /proc before anything dies, so nothing is reparented away) and everything
   * in the worker's cgroup (which a process cannot leave) is killed, then the group.
   */
  kill(reason: KillReason): void {
    if (this.state === 'exited') return;
    this.killedBy ??= reason;
    if (this.state !== 'stopping') this.state = 'stopping';
    const tree = descendantPids(this.pid);
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
    for (const p of tree) killQuiet(p);
    if (this.cgroupProcs) {
      // a fork bomb may still be forking: repeat until the cgroup is empty (bounded)
      for (let i = 0; i < 50; i++) {
        const left = cgroupPids(this.cgroupProcs);
        if (!left.length) break;
        for (const p of left) killQuiet(p);
      }
    }
  }

  /** Lets an idle warm worker finish on its own (stdin closed), killing it if it lingers. */
  async retire(graceMs = 2000): Promise<WorkerExit> {
    if (this.state !== 'exited') {
      this.state = 'stopping';
      this.killedBy ??= 'recycle';
      (this.sub.stdin as Writable).end();
      const timer = setTimeout(() => this.kill('recycle'), graceMs);
      timer.unref();
      const exit = await this.exited;
      clearTimeout(timer);
      return exit;
    }
    return this.exited;
  }
}
