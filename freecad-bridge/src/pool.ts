// Warm workers for trusted flows: each imports FreeCAD once and serves many jobs, one at a time.
// Jobs queue while every worker is busy. A worker retires after K jobs or when its memory passes the
// limit; a worker that dies is replaced, so the next job runs.
import type { DoneEvent } from './protocol.js';
import { WorkerExitedError, type JobHooks, type KillReason, type WorkerProcess } from './process.js';
import type { BridgeLogLine, WorkerInfo } from './types.js';

export interface PoolOptions {
  size: number;
  maxJobsPerWorker: number;
  maxRssMb: number;
  spawn: () => WorkerProcess;
  log: (l: BridgeLogLine) => void;
}

export interface PoolJob {
  jobId: string;
  /** request.json as the worker sees it */
  workerRequestPath: string;
  hooks: JobHooks;
  /** a worker took the job: the wall clock starts now */
  onStart?: (worker: WorkerProcess) => void;
}

/** The job never reached a worker (cancelled in the queue, or the pool shut down). */
export class QueueAbortedError extends Error {
  constructor(readonly reason: KillReason) {
    super(`job left the queue: ${reason}`);
  }
}

interface Entry {
  job: PoolJob;
  worker: WorkerProcess | null;
  resolve: (v: { done: DoneEvent; stderr: string[] }) => void;
  reject: (e: unknown) => void;
}

export class WorkerPool {
  private readonly workers = new Set<WorkerProcess>();
  private readonly queue: Entry[] = [];
  private keepWarm = false;
  private disposed = false;
  readonly counters = { started: 0, recycled: 0, crashed: 0, jobsDone: 0 };

  constructor(private readonly opts: PoolOptions) {}

  submit(job: PoolJob): { promise: Promise<{ done: DoneEvent; stderr: string[] }>; abort: (reason: KillReason) => void } {
    let entry!: Entry;
    const promise = new Promise<{ done: DoneEvent; stderr: string[] }>((resolve, reject) => {
      entry = { job, worker: null, resolve, reject };
    });
    if (this.disposed) entry.reject(new QueueAbortedError('dispose'));
    else {
      this.queue.push(entry);
      this.pump();
    }
    const abort = (reason: KillReason) => {
      const i = this.queue.indexOf(entry);
      if (i >= 0) {
        this.queue.splice(i, 1);
        entry.reject(new QueueAbortedError(reason));
      } else entry.worker?.kill(reason);
    };
    return { promise, abort };
  }

  /** Starts all workers and waits until they have imported FreeCAD; keeps the pool full afterwards. */
  async warmUp(): Promise<void> {
    this.keepWarm = true;
    while (!this.disposed && this.live().length < this.opts.size) this.spawn();
    await Promise.all(this.live().map((w) => w.ready.catch(() => undefined)));
  }

  workerInfo(): WorkerInfo[] {
    return [...this.workers].map((w) => ({
      pid: w.pid,
      kind: 'warm' as const,
      state: w.state === 'exited' ? 'stopping' : w.state,
      jobId: w.jobId,
      jobsServed: w.jobsServed,
      rssMb: w.rssMb,
    }));
  }

  get queued(): number {
    return this.queue.length;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const e of this.queue.splice(0)) e.reject(new QueueAbortedError('dispose'));
    const all = [...this.workers];
    for (const w of all) w.kill('dispose');
    await Promise.all(all.map((w) => w.exited));
  }

  private live(): WorkerProcess[] {
    return [...this.workers].filter((w) => w.state !== 'stopping' && w.state !== 'exited');
  }

  private spawn(): WorkerProcess {
    const w = this.opts.spawn();
    this.workers.add(w);
    this.counters.started++;
    const t0 = Date.now();
    this.opts.log({ level: 'info', msg: 'warm worker starting', pid: w.pid });
    w.ready.then(
      (r) => {
        this.opts.log({
          level: 'info',
          msg: 'warm worker ready',
          pid: w.pid,
          ms: Date.now() - t0,
          startup_ms: r.startup_ms,
          freecad_version: r.freecad_version,
        });
        this.pump();
      },
      (err: unknown) => {
        // Died while importing FreeCAD. Fail one waiting job with the reason instead of
        // respawning forever; the next job (if any) tries a fresh worker.
        if (this.disposed || !(err instanceof WorkerExitedError) || err.exit.killedBy) return;
        this.opts.log({
          level: 'error',
          msg: 'warm worker died during start',
          pid: w.pid,
          exit_code: err.exit.exitCode,
          signal: err.exit.signal,
          stderr_tail: err.exit.stderrTail,
        });
        const e = this.queue.shift();
        e?.reject(err);
      },
    );
    void w.exited.then((exit) => {
      this.workers.delete(w);
      // retire() and kill() set killedBy; anything else is a crash
      if (!exit.killedBy) {
        this.counters.crashed++;
        this.opts.log({
          level: 'warn',
          msg: 'warm worker died',
          pid: w.pid,
          exit_code: exit.exitCode,
          signal: exit.signal,
          stderr_tail: exit.stderrTail,
        });
      }
      this.pump();
    });
    return w;
  }

  private pump(): void {
    if (this.disposed) return;
    while (this.queue.length) {
      const idle = [...this.workers].find((w) => w.state === 'idle');
      if (!idle) break;
      this.assign(idle, this.queue.shift()!);
    }
    const starting = [...this.workers].filter((w) => w.state === 'starting').length;
    let want = Math.max(this.queue.length - starting, 0);
    if (this.keepWarm) want = Math.max(want, this.opts.size - this.live().length);
    while (want-- > 0 && this.live().length < this.opts.size) {
      try {
        this.spawn();
      } catch (err) {
        // cannot even start a process (e.g. prlimit vanished): fail a waiting job instead of spinning
        this.opts.log({ level: 'error', msg: 'warm worker could not be started', reason: String(err) });
        this.queue.shift()?.reject(err);
        break;
      }
    }
  }

  private assign(w: WorkerProcess, entry: Entry): void {
    entry.worker = w;
    entry.job.onStart?.(w);
    w.runJob(entry.job.jobId, entry.job.workerRequestPath, entry.job.hooks).then(
      (r) => {
        this.counters.jobsDone++;
        entry.resolve(r);
        this.afterJob(w);
      },
      (err: unknown) => entry.reject(err),
    );
  }

  private afterJob(w: WorkerProcess): void {
    const tooMany = w.jobsServed >= this.opts.maxJobsPerWorker;
    const tooBig = w.rssMb !== null && w.rssMb > this.opts.maxRssMb;
    if (tooMany || tooBig) {
      this.counters.recycled++;
      this.opts.log({
        level: 'info',
        msg: 'warm worker retiring',
        pid: w.pid,
        jobs: w.jobsServed,
        rss_mb: w.rssMb,
        reason: tooMany ? 'jobs' : 'memory',
      });
      void w.retire();
    }
    this.pump();
  }
}
