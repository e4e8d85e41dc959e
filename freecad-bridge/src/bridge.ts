// FreeCadBridge: the one door to FreeCAD. Trusted flows go to warm workers; untrusted requests (and
// requests with their own memory limit) get a fresh process that serves exactly one job and sees
// only its job dir. Every way a run can end becomes a RunResult or a TezgahError with a stable code.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TezgahError, type ErrorCode } from '../../shared/errors.js';
import type { StepName } from '../../shared/steps.js';
import { JOB_FILE_MAX_BYTES, readJobFile, statJobFile, writeNodeFile } from './jobdir.js';
import { findHostTool } from './locate.js';
import { WorkerPool, QueueAbortedError } from './pool.js';
import { WorkerExitedError, WorkerProcess, type JobHooks, type KillReason } from './process.js';
import { WorkerResultFile, workerErrorToTezgah, type DoneEvent, type WorkerRequest } from './protocol.js';
import { buildLaunch, DEFAULT_LIMITS, toWorkerPath, workerView } from './sandbox.js';
import type { BridgeLogLine, BridgeOptions, BridgeStats, ResourceLimits, RunRequest, RunResult, WorkerInfo } from './types.js';

export const DEFAULT_PYTHON_DIR = fileURLToPath(new URL('../python', import.meta.url));
const REQUEST_FILE = 'request.json';
const RESULT_FILE = 'result.json';
/** result.json is a few KB; a worker that writes more is not telling the truth. */
const RESULT_MAX_BYTES = 16 * 1024 * 1024;

/** Host facts resolved once: tool paths, FreeCAD's HOME for kind 'binary', the real jobs root. */
interface Setup {
  prlimit: string;
  bwrap: string;
  binaryHome: string;
  jobsRoot: string;
}

export class FreeCadBridge {
  private readonly opts: BridgeOptions;
  private readonly limits: ResourceLimits;
  private readonly log: (l: BridgeLogLine) => void;
  private readonly testHooks: boolean;
  private readonly pythonDir: string;
  private readonly pool: WorkerPool;
  private readonly oneShots = new Set<WorkerProcess>();
  private setupPromise: Promise<Setup> | null = null;
  private setupDone: Setup | null = null;
  private disposed = false;

  constructor(opts: BridgeOptions) {
    this.opts = opts;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.log = opts.log ?? (() => {});
    this.testHooks = opts.testHooks ?? process.env.TEZGAH_TEST_HOOKS === '1';
    this.pythonDir = path.resolve(opts.pythonDir ?? DEFAULT_PYTHON_DIR);
    this.pool = new WorkerPool({
      size: Math.max(1, opts.poolSize ?? os.availableParallelism() - 1),
      maxJobsPerWorker: opts.maxJobsPerWorker ?? 50,
      maxRssMb: opts.maxRssMb ?? 1500,
      log: this.log,
      spawn: () => this.spawnWarm(),
    });
    if (opts.runtime.kind === 'binary')
      this.log({ level: 'warn', msg: 'FreeCAD runs without the OS sandbox (TEZGAH_FREECAD); untrusted scripts will be refused', freecadcmd: opts.runtime.freecadcmd });
  }

  get runtime() {
    return this.opts.runtime;
  }

  /** Starts the warm workers now (they import FreeCAD once), instead of on the first job. */
  async warmUp(): Promise<void> {
    this.assertUsable(false);
    await this.setup();
    await this.pool.warmUp();
  }

  stats(): BridgeStats {
    const oneShots: WorkerInfo[] = [...this.oneShots].map((w) => ({
      pid: w.pid,
      kind: 'oneshot',
      state: w.state === 'exited' ? 'stopping' : w.state,
      jobId: w.jobId,
      jobsServed: w.jobsServed,
      rssMb: w.rssMb,
    }));
    return { workers: [...this.pool.workerInfo(), ...oneShots], queued: this.pool.queued, ...this.pool.counters };
  }

  /** Kills every worker (and their process groups); jobs still running end with INTERRUPTED. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const shots = [...this.oneShots];
    for (const w of shots) w.kill('dispose');
    await Promise.all([this.pool.dispose(), ...shots.map((w) => w.exited)]);
  }

  async run(req: RunRequest): Promise<RunResult> {
    this.assertUsable(!!req.untrusted);
    if (req.signal?.aborted) throw new TezgahError('CANCELLED', { jobId: req.jobId });
    const limits: ResourceLimits = { ...this.limits, ...req.limits };
    const setup = await this.setup();
    const jobDir = await this.checkJobDir(req.jobDir, setup.jobsRoot);
    // Custom memory limits need their own process: a warm worker's limits are fixed at spawn.
    const oneshot = !!req.untrusted || limits.addressSpaceMb !== this.limits.addressSpaceMb;
    const rootHost = oneshot ? jobDir : setup.jobsRoot;
    const view = workerView(this.opts.runtime, oneshot ? 'oneshot' : 'warm', rootHost, this.pythonDir);
    const workerJobDir = toWorkerPath(jobDir, rootHost, view.writableDir);
    const request: WorkerRequest = { job_id: req.jobId, job_dir: workerJobDir, flow: req.flow, input: req.input, cpu_seconds: limits.cpuSeconds };
    // rm never follows the last component; the request is created fresh (a link planted by an
    // earlier run in this dir is replaced, never written through)
    await fs.rm(path.join(jobDir, RESULT_FILE), { force: true });
    await writeNodeFile(jobDir, REQUEST_FILE, JSON.stringify(request));
    const workerRequestPath = path.posix.join(workerJobDir, REQUEST_FILE);

    const hooks: JobHooks = {
      onProgress: (p) => {
        const step = p.step as StepName; // checked by the protocol schema
        this.log({ level: 'debug', msg: `step ${p.status}`, jobId: req.jobId, step, duration_ms: p.duration_ms });
        req.onProgress?.({ step, status: p.status, ...(p.fraction !== undefined ? { fraction: p.fraction } : {}), ...(p.duration_ms !== undefined ? { duration_ms: p.duration_ms } : {}) });
      },
    };
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let abort: (reason: KillReason) => void = () => {};
    // The wall clock starts when a worker takes the job, not while it waits in the queue.
    const startClock = (w: WorkerProcess) => {
      this.log({ level: 'info', msg: 'job started', jobId: req.jobId, flow: req.flow, pid: w.pid, mode: w.kind, untrusted: !!req.untrusted, queued_ms: Date.now() - t0 });
      timer = setTimeout(() => abort('timeout'), limits.wallMs);
    };
    const onAbort = () => abort('cancel');
    try {
      let execution: Promise<{ done: DoneEvent; stderr: string[] }>;
      if (oneshot) {
        const w = this.spawnOneShot(jobDir, workerRequestPath, limits, setup);
        execution = w.runJob(req.jobId, workerRequestPath, hooks);
        abort = (reason) => w.kill(reason);
        startClock(w);
      } else {
        const ticket = this.pool.submit({ jobId: req.jobId, workerRequestPath, hooks, onStart: startClock });
        execution = ticket.promise;
        abort = ticket.abort;
      }
      req.signal?.addEventListener('abort', onAbort, { once: true });
      if (req.signal?.aborted) onAbort();
      const { done, stderr } = await execution;
      const result = await this.readResult(jobDir, stderr, done);
      this.log({ level: 'info', msg: 'job finished', jobId: req.jobId, ms: Date.now() - t0, peak_rss_mb: result.worker_peak_rss_mb });
      return result;
    } catch (err) {
      const e = this.toError(err, limits, req.jobId);
      this.log({ level: e.code === 'CANCELLED' ? 'info' : 'warn', msg: 'job failed', jobId: req.jobId, code: e.code, ms: Date.now() - t0, details: e.details });
      throw e;
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  private assertUsable(untrusted: boolean): void {
    if (this.disposed) throw new TezgahError('INTERRUPTED', { reason: 'the FreeCAD bridge has shut down' });
    const rt = this.opts.runtime;
    // A rootfs runtime can only be started through bubblewrap; a plain binary runs trusted flows only.
    if ((rt.kind === 'rootfs' || untrusted) && !rt.sandboxed)
      throw new TezgahError('SANDBOX_UNAVAILABLE', { reason: rt.sandboxProblem ?? 'the OS sandbox is not available' });
  }

  private setup(): Promise<Setup> {
    this.setupPromise ??= (async () => {
      const prlimit = await findHostTool('prlimit');
      if (!prlimit) throw new TezgahError('SANDBOX_UNAVAILABLE', { reason: 'prlimit (util-linux) is not installed' });
      const bwrap = this.opts.runtime.kind === 'rootfs' ? await findHostTool('bwrap') : '';
      if (bwrap === null) throw new TezgahError('SANDBOX_UNAVAILABLE', { reason: 'bubblewrap (bwrap) is not installed' });
      // kind 'binary' has no private /tmp: FreeCAD's HOME goes to a folder of its own
      const binaryHome = path.join(os.tmpdir(), `tezgah-freecad-home-${process.getuid?.() ?? 'user'}`);
      if (this.opts.runtime.kind === 'binary') await fs.mkdir(binaryHome, { recursive: true, mode: 0o700 });
      await fs.mkdir(this.opts.jobsRoot, { recursive: true });
      const jobsRoot = await fs.realpath(this.opts.jobsRoot);
      this.setupDone = { prlimit, bwrap, binaryHome, jobsRoot };
      return this.setupDone;
    })();
    this.setupPromise.catch(() => {
      this.setupPromise = null;
    });
    return this.setupPromise;
  }

  /** The job dir must be a folder under the jobs root (symlinks resolved): it is what gets mounted. */
  private async checkJobDir(jobDir: string, jobsRoot: string): Promise<string> {
    const bad = () => new TezgahError('VALIDATION_ERROR', { field: 'jobDir', detail: `must be a folder inside ${this.opts.jobsRoot}` });
    const lexical = path.relative(path.resolve(this.opts.jobsRoot), path.resolve(jobDir));
    if (lexical.startsWith('..') || path.isAbsolute(lexical)) throw bad();
    await fs.mkdir(jobDir, { recursive: true });
    const rel = path.relative(jobsRoot, await fs.realpath(jobDir));
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) throw bad();
    return path.join(jobsRoot, rel);
  }

  private launchEnv(mode: 'warm' | 'oneshot'): Record<string, string> {
    return {
      TEZGAH_MODE: mode,
      TEZGAH_PROGRESS_FD: '3',
      ...(this.testHooks ? { TEZGAH_TEST_HOOKS: '1' } : {}),
    };
  }

  private spawnWarm(): WorkerProcess {
    // setup() has resolved before any job or warmUp() reaches the pool
    const setup = this.setupDone!;
    const launch = buildLaunch({
      runtime: this.opts.runtime,
      mode: 'warm',
      pythonDir: this.pythonDir,
      writableDir: setup.jobsRoot,
      limits: this.limits,
      env: this.launchEnv('warm'),
      ...setup,
    });
    return new WorkerProcess(launch, 'warm', this.log);
  }

  private spawnOneShot(jobDir: string, workerRequestPath: string, limits: ResourceLimits, setup: Setup): WorkerProcess {
    const launch = buildLaunch({
      runtime: this.opts.runtime,
      mode: 'oneshot',
      pythonDir: this.pythonDir,
      writableDir: jobDir,
      limits,
      env: { ...this.launchEnv('oneshot'), TEZGAH_REQUEST: workerRequestPath },
      ...setup,
    });
    const w = new WorkerProcess(launch, 'oneshot', this.log);
    this.oneShots.add(w);
    void w.exited.then(() => this.oneShots.delete(w));
    return w;
  }

  private async readResult(jobDir: string, stderr: string[], done: DoneEvent): Promise<RunResult> {
    let raw: unknown;
    try {
      raw = JSON.parse((await readJobFile(jobDir, RESULT_FILE, { maxBytes: RESULT_MAX_BYTES })).toString('utf8'));
    } catch (err) {
      if (err instanceof TezgahError) throw err; // JOB_FILE_UNSAFE: a link or hard link planted as result.json
      throw new TezgahError('FC_CRASHED', { reason: 'the worker reported done but left no readable result.json', stderr_tail: stderr.slice(-20) }, err);
    }
    const parsed = WorkerResultFile.safeParse(raw);
    if (!parsed.success) throw new TezgahError('FC_CRASHED', { reason: `result.json is malformed: ${parsed.error.issues[0]?.message ?? ''}`, stderr_tail: stderr.slice(-20) });
    const r = parsed.data;
    if (!r.ok) {
      const e = workerErrorToTezgah(r.error);
      throw new TezgahError(e.code, { ...e.details, stderr_tail: stderr.slice(-20) });
    }
    // Every output is checked where it lies (no link, one link, a regular file, under the cap)
    // before any flow reads it or the store copies it.
    for (const o of r.outputs) {
      const st = await statJobFile(jobDir, o.file, { maxBytes: JOB_FILE_MAX_BYTES });
      if (!st) throw new TezgahError('FC_EXPORT_FAILED', { file: o.file, reason: 'listed in result.json but not written' });
    }
    return {
      outputs: r.outputs.map((o) => ({ kind: o.kind, file: o.file, ...(o.meta ? { meta: o.meta } : {}) })),
      ...(r.metrics ? { metrics: r.metrics } : {}),
      warnings: r.warnings.map((w) => ({ code: w.code as ErrorCode, ...(w.details ? { details: w.details } : {}) })),
      data: r.data,
      durations_ms: r.durations_ms,
      freecad_version: r.freecad_version,
      worker_peak_rss_mb: r.worker_peak_rss_mb ?? done.peak_rss_mb,
      stderr,
    };
  }

  private toError(err: unknown, limits: ResourceLimits, jobId: string): TezgahError {
    if (err instanceof TezgahError) return err;
    if (err instanceof QueueAbortedError) return err.reason === 'cancel' ? new TezgahError('CANCELLED', { jobId }) : new TezgahError('INTERRUPTED', { jobId, reason: err.reason });
    if (err instanceof WorkerExitedError) {
      const { exit } = err;
      if (exit.killedBy === 'cancel') return new TezgahError('CANCELLED', { jobId });
      if (exit.killedBy === 'timeout') return new TezgahError('TIMEOUT_ERROR', { limit_s: limits.wallMs / 1000, limit: 'wall' });
      if (exit.killedBy === 'dispose') return new TezgahError('INTERRUPTED', { jobId, reason: 'the FreeCAD bridge shut down' });
      if (exit.signal === 'SIGXCPU') return new TezgahError('TIMEOUT_ERROR', { limit_s: limits.cpuSeconds, limit: 'cpu' });
      return new TezgahError('FC_CRASHED', { exit_code: exit.exitCode, signal: exit.signal, stderr_tail: exit.stderrTail.slice(-20) });
    }
    return new TezgahError('INTERNAL', { reason: err instanceof Error ? err.message : String(err) }, err);
  }
}
