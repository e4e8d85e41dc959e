// The background worker: one pass after another (probe, push, now and then re-read the store's
// job list), woken early by a new job or new settings, with exponential backoff while the store
// is away. Passes, `sync --once` and pulls take turns (one at a time per service).
import type { SyncFailure } from './errors.js';

export interface Backoff {
  /** first wait, ms */
  base: number;
  /** ceiling, ms */
  max: number;
}

/**
 * How long the worker waits after `failures` failed passes in a row: offline, try again soon,
 * then less and less often (with jitter, so seats do not march in step); a setting a person must
 * fix: rarely.
 */
export function passRetryDelay(failures: number, transient: boolean, b: Backoff, random: () => number = Math.random): number {
  return transient ? Math.min(b.max, b.base * 2 ** failures) * (0.8 + random() * 0.4) : b.max;
}

/** When one outbox item may go again after its `attempts`-th transient failure. */
export function itemRetryDelay(attempts: number, b: Backoff): number {
  return Math.min(b.max, b.base * 2 ** attempts);
}

/** One at a time: each task starts when the one before has settled, whatever its outcome. */
export class Turns {
  private running: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.running.catch(() => undefined).then(fn);
    this.running = next.catch(() => undefined);
    return next;
  }

  /** Resolves once the current task (if any) has settled. */
  idle(): Promise<void> {
    return this.running.then(
      () => undefined,
      () => undefined,
    );
  }
}

export interface WorkerHooks {
  /** is there a store to talk to? */
  configured(): boolean;
  /** one pass, in its turn; throws when the pass stopped */
  pass(): Promise<void>;
  /** ms until the worker should look again after a good pass */
  nextDue(): number;
  failure(e: unknown): SyncFailure;
  /** a pass stopped: `wait` ms until the next try */
  failed(f: SyncFailure, wait: number): void;
}

export class SyncWorker {
  private loopDone: Promise<void> | null = null;
  private stopped = true;
  private wake: (() => void) | null = null;
  /** something happened since the worker last looked (a new job, new settings) */
  private dirty = false;

  constructor(
    private readonly hooks: WorkerHooks,
    private readonly backoff: Backoff,
  ) {}

  get running(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loopDone = this.loop();
  }

  /** Stops the loop (a pass under way is stopped by the caller's abort signal) and waits for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.kick();
    await this.loopDone?.catch(() => undefined);
  }

  /** Wakes the worker (a new job, new settings, shutdown). */
  kick(): void {
    this.dirty = true;
    this.wake?.();
  }

  /** The pass about to run has seen everything up to now. */
  looked(): void {
    this.dirty = false;
  }

  private async loop(): Promise<void> {
    const { max } = this.backoff;
    let failures = 0;
    while (!this.stopped) {
      if (!this.hooks.configured()) {
        // nothing to sync to: wait for settings (a kick without them must not spin this loop)
        this.dirty = false;
        await this.sleep(max);
        continue;
      }
      let wait: number;
      try {
        await this.hooks.pass();
        failures = 0;
        wait = this.hooks.nextDue();
      } catch (e) {
        if (this.stopped) break;
        const f = this.hooks.failure(e);
        wait = passRetryDelay(failures, f.transient, this.backoff);
        failures++;
        this.hooks.failed(f, wait);
      }
      await this.sleep(wait);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.dirty || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      t.unref?.();
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
