// One FreeCAD worker process: spawned in its own process group, progress read from fd 3, stderr kept
// per job, killed as a whole group. A warm worker takes jobs as lines on stdin; a one-shot worker
// serves the request named in its environment and exits.
import os from 'node:os';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { execa } from 'execa';
import { parseWorkerLine, type DoneEvent, type ProgressLine, type ReadyEvent } from './protocol.js';
import type { Launch } from './sandbox.js';
import type { BridgeLogLine } from './types.js';

/** Why the bridge killed a worker (decides the error the job gets). */
export type KillReason = 'timeout' | 'cancel' | 'dispose' | 'recycle';

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
  return execa(launch.file, launch.args, {
    env: launch.env,
    extendEnv: false,
    // own process group, so timeout/cancel can kill everything the worker started
    detached: true,
    cleanup: false,
    reject: false,
    buffer: false,
    // stdin: job lines (warm); stdout: FreeCAD noise, never read; stderr: job log; fd 3: protocol
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
  });
}

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

  constructor(launch: Launch, kind: 'warm' | 'oneshot', log: (l: BridgeLogLine) => void) {
    this.kind = kind;
    this.log = log;
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
        this.log({ level: 'warn', msg: 'worker: ignoring a line that is not protocol', pid: this.pid, line: line.slice(0, 200), jobId: this.current?.jobId });
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
  runJob(jobId: string, workerRequestPath: string, hooks: JobHooks): Promise<{ done: DoneEvent; stderr: string[] }> {
    if (this.current) throw new Error('worker is busy');
    if (this.state === 'exited' || this.state === 'stopping') throw new Error('worker has exited');
    const p = new Promise<{ done: DoneEvent; stderr: string[] }>((resolve, reject) => {
      this.current = { jobId, hooks, stderr: [], done: null, resolve, reject };
    });
    this.state = 'busy';
    if (this.kind === 'warm') (this.sub.stdin as Writable).write(`${JSON.stringify({ request: workerRequestPath })}\n`);
    return p;
  }

  private finishJob(): void {
    const job = this.current!;
    this.current = null;
    this.jobsServed++;
    if (this.state === 'busy') this.state = 'idle';
    job.resolve({ done: job.done!, stderr: job.stderr });
  }

  /** SIGKILL to the whole process group (prlimit/bwrap/freecadcmd and anything they started). */
  kill(reason: KillReason): void {
    if (this.state === 'exited') return;
    this.killedBy ??= reason;
    if (this.state !== 'stopping') this.state = 'stopping';
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // the group is already gone
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
