// One-shot workers started ahead of need, so isolation costs no start-up time. A spare is a sandboxed
// FreeCAD that has imported its modules and the flows, with an empty folder of its own bound as its
// job dir, waiting for one request line on stdin. When an untrusted job comes, the bridge moves the
// job's files into that folder and renames the folder to the job dir (a bind mount follows the
// directory, not its name), then sends the line; the spare serves that one job and exits, and a new
// spare starts in its place.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { WorkerProcess } from './process.js';
import type { BridgeLogLine, WorkerInfo } from './types.js';

export interface Spare {
  worker: WorkerProcess;
  /** the folder bound as the spare's job dir */
  dir: string;
}

export interface SparePoolOptions {
  size: number;
  /** a folder on the jobs root's filesystem for spare dirs (never a job dir) */
  root: string;
  spawn: (dir: string) => WorkerProcess;
  log: (l: BridgeLogLine) => void;
}

/** After this many spares in a row die before they are ready, stop starting them (broken sandbox). */
const MAX_EARLY_DEATHS = 3;

export class SparePool {
  private readonly spares = new Set<Spare>();
  private enabled = false;
  private disposed = false;
  private earlyDeaths = 0;
  private seq = 0;

  constructor(private readonly opts: SparePoolOptions) {}

  /** Starts keeping `size` spares (idempotent). */
  start(): void {
    if (this.disposed || this.opts.size <= 0) return;
    this.enabled = true;
    this.fill();
  }

  /** Waits until the spares are ready (for warmUp and benchmarks). */
  async ready(): Promise<void> {
    await Promise.all([...this.spares].map((s) => s.worker.ready.catch(() => undefined)));
  }

  /** A ready spare, taken out of the pool (a replacement starts at once); null when none is ready. */
  take(): Spare | null {
    const s = [...this.spares].find((x) => x.worker.state === 'idle');
    if (!s) return null;
    this.spares.delete(s);
    this.fill();
    return s;
  }

  info(): WorkerInfo[] {
    return [...this.spares].map((s) => ({
      pid: s.worker.pid,
      kind: 'oneshot' as const,
      state: s.worker.state === 'exited' ? 'stopping' : s.worker.state,
      jobId: null,
      jobsServed: 0,
      rssMb: s.worker.rssMb,
    }));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...this.spares];
    for (const s of all) s.worker.kill('dispose');
    await Promise.all(all.map((s) => s.worker.exited));
    await Promise.all(all.map((s) => fsp.rm(s.dir, { recursive: true, force: true })));
    await fsp.rmdir(this.opts.root).catch(() => undefined); // only when empty (another app's spares stay)
  }

  private fill(): void {
    while (this.enabled && !this.disposed && this.spares.size < this.opts.size && this.earlyDeaths < MAX_EARLY_DEATHS) {
      const dir = path.join(this.opts.root, `spare-${process.pid}-${++this.seq}`);
      let worker: WorkerProcess;
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        worker = this.opts.spawn(dir);
      } catch (err) {
        this.opts.log({ level: 'error', msg: 'spare one-shot worker could not be started', reason: String(err) });
        fs.rmSync(dir, { recursive: true, force: true });
        this.earlyDeaths++;
        return;
      }
      const spare: Spare = { worker, dir };
      this.spares.add(spare);
      let wasReady = false;
      worker.ready.then(
        () => {
          wasReady = true;
          this.earlyDeaths = 0;
        },
        () => undefined,
      );
      void worker.exited.then((exit) => {
        if (!this.spares.delete(spare)) return; // taken: the job owns it now
        // died (or was retired) while waiting: its folder held nothing but what it wrote itself
        fs.rmSync(dir, { recursive: true, force: true });
        if (exit.killedBy === 'dispose') return;
        // only deaths before ready say the sandbox is broken; a ready spare killed from outside does not
        if (!wasReady) this.earlyDeaths++;
        this.opts.log({
          level: 'warn',
          msg: 'spare one-shot worker died while waiting',
          pid: worker.pid,
          exit_code: exit.exitCode,
          signal: exit.signal,
          stderr_tail: exit.stderrTail,
        });
        this.fill();
      });
    }
  }
}

/**
 * Makes the spare's folder the job dir: the job's entries move in (rename: links move as links,
 * nothing is followed), the emptied job dir goes, and the spare's folder takes its name.
 */
export async function adoptJobDir(spareDir: string, jobDir: string): Promise<void> {
  const moved: string[] = [];
  try {
    for (const name of await fsp.readdir(jobDir)) {
      await fsp.rename(path.join(jobDir, name), path.join(spareDir, name));
      moved.push(name);
    }
    await fsp.rmdir(jobDir);
  } catch (err) {
    // put the job's files back where they were: the job then runs in a fresh worker
    for (const name of moved) await fsp.rename(path.join(spareDir, name), path.join(jobDir, name)).catch(() => undefined);
    throw err;
  }
  try {
    await fsp.rename(spareDir, jobDir);
  } catch (err) {
    await fsp.mkdir(jobDir, { recursive: true });
    for (const name of moved) await fsp.rename(path.join(spareDir, name), path.join(jobDir, name)).catch(() => undefined);
    throw err;
  }
}
