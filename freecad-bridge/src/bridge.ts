// FreeCadBridge: the one door to FreeCAD. Jobs are routed by what they read: warm workers run only
// geometry our own code builds from validated parameters (trust 'trusted'); anything that opens a
// file from outside (imports, CAM of imported/pulled/script-made parts, scripts) runs in a one-shot
// worker that serves exactly one job and sees only its job dir, usually a spare started ahead of
// need (spares.ts). Every way a run can end becomes a RunResult or a TezgahError with a stable code.
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TezgahError, type ErrorCode } from '../../shared/errors.js';
import type { StepName } from '../../shared/steps.js';
import { PidsCgroups, pidsMaxHits, type WorkerCgroup } from './cgroup.js';
import { JOB_FILE_MAX_BYTES, jobDirBytes, readJobFile, statJobFile, writeNodeFile } from './jobdir.js';
import { findHostTool } from './locate.js';
import { WorkerPool, QueueAbortedError } from './pool.js';
import { descendantPids, WorkerExitedError, WorkerProcess, type JobHooks, type KillReason } from './process.js';
import { WorkerResultFile, workerErrorToTezgah, type DoneEvent, type WorkerRequest } from './protocol.js';
import { buildLaunch, DEFAULT_LIMITS, toWorkerPath, workerView, type LaunchSpec } from './sandbox.js';
import { hostSeccompArch, seccompBytes } from './seccomp.js';
import { adoptJobDir, SparePool, type Spare } from './spares.js';
import type {
  BridgeLogLine,
  BridgeOptions,
  BridgeStats,
  FlowName,
  ResourceLimits,
  RunRequest,
  RunResult,
  Trust,
  WorkerInfo,
} from './types.js';

export const DEFAULT_PYTHON_DIR = fileURLToPath(new URL('../python', import.meta.url));
const REQUEST_FILE = 'request.json';
const RESULT_FILE = 'result.json';
/** result.json is a few KB; a worker that writes more is not telling the truth. */
const RESULT_MAX_BYTES = 16 * 1024 * 1024;
/**
 * What a flow reads when its request does not say. import and script always read outside input
 * and cannot be declared trusted; CAM opens a part file, which is ours only when the flow says so.
 */
export const FLOW_TRUST: Record<FlowName, { default: Trust; fixed: boolean }> = {
  probe: { default: 'trusted', fixed: false },
  template: { default: 'trusted', fixed: false },
  import: { default: 'untrusted', fixed: true },
  script: { default: 'untrusted', fixed: true },
  cam: { default: 'untrusted', fixed: false },
  // reads part files (finished jobs' or the user's)
  assembly: { default: 'untrusted', fixed: false },
  drawing: { default: 'untrusted', fixed: false },
  fem: { default: 'untrusted', fixed: false },
  export: { default: 'untrusted', fixed: false },
  dfm: { default: 'untrusted', fixed: false },
};

export function trustOf(req: Pick<RunRequest, 'flow' | 'trust' | 'untrusted'>): Trust {
  const rule = FLOW_TRUST[req.flow] ?? { default: 'untrusted', fixed: true };
  if (req.untrusted || rule.fixed) return req.untrusted ? 'untrusted' : rule.default;
  return req.trust ?? rule.default;
}

/** How often a running job's dir size and process count are checked. */
const WATCH_MS = 150;

/** Host facts resolved once: tool paths, FreeCAD's HOME for kind 'binary', the real jobs root. */
interface Setup {
  prlimit: string;
  bwrap: string;
  binaryHome: string;
  jobsRoot: string;
  /** the seccomp program for bwrap (null: no filter for this architecture) */
  seccomp: Buffer | null;
  /** per-worker pids cgroups, where they can be made */
  cgroups: PidsCgroups | null;
}

function sameLimits(a: ResourceLimits, b: ResourceLimits): boolean {
  return (
    a.addressSpaceMb === b.addressSpaceMb &&
    a.openFiles === b.openFiles &&
    a.fileSizeMb === b.fileSizeMb &&
    a.tmpMb === b.tmpMb &&
    a.processes === b.processes
  );
}

/** A spare started with `spare` limits can take a job whose limits are the same or lower (it lowers them itself). */
function fitsSpare(job: ResourceLimits, spare: ResourceLimits): boolean {
  return (
    job.addressSpaceMb <= spare.addressSpaceMb &&
    job.fileSizeMb <= spare.fileSizeMb &&
    job.processes <= spare.processes &&
    job.openFiles === spare.openFiles &&
    job.tmpMb === spare.tmpMb
  );
}

function setPidsMax(cg: WorkerCgroup, max: number): void {
  fsSync.writeFileSync(path.join(cg.dir, 'pids.max'), String(max));
}

export class FreeCadBridge {
  private readonly opts: BridgeOptions;
  private readonly limits: ResourceLimits;
  private readonly log: (l: BridgeLogLine) => void;
  private readonly testHooks: boolean;
  private readonly pythonDir: string;
  private readonly pool: WorkerPool;
  private readonly oneShots = new Set<WorkerProcess>();
  private readonly cgroupOf = new WeakMap<WorkerProcess, WorkerCgroup>();
  private readonly spares: SparePool;
  private setupPromise: Promise<Setup> | null = null;
  private setupDone: Setup | null = null;
  private prepChain: Promise<void> = Promise.resolve();
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
    this.spares = new SparePool({
      size: opts.runtime.kind === 'rootfs' && opts.runtime.sandboxed ? (opts.spareOneShots ?? 1) : 0,
      // beside the jobs root (same filesystem, so a rename hands a folder over), not in it: job
      // listings stay job dirs only, and warm workers (the jobs root mounted) never see a spare's folder
      root: `${path.resolve(opts.jobsRoot)}.spares`,
      log: this.log,
      spawn: (dir) => this.spawnSpare(dir),
    });
    if (opts.runtime.kind === 'binary')
      this.log({
        level: 'warn',
        msg: 'FreeCAD runs without the OS sandbox (TEZGAH_FREECAD); untrusted scripts will be refused',
        freecadcmd: opts.runtime.freecadcmd,
      });
  }

  get runtime() {
    return this.opts.runtime;
  }

  /** Starts the warm workers now (they import FreeCAD once), instead of on the first job. */
  async warmUp(): Promise<void> {
    this.assertUsable(false);
    await this.setup();
    this.spares.start();
    await Promise.all([this.pool.warmUp(), this.spares.ready()]);
  }

  /** Resolves once the spare one-shot workers are ready (benchmarks; warmUp() waits too). */
  async sparesReady(): Promise<void> {
    await this.spares.ready();
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
    return { workers: [...this.pool.workerInfo(), ...oneShots, ...this.spares.info()], queued: this.pool.queued, ...this.pool.counters };
  }

  /** Kills every worker (and their process groups); jobs still running end with INTERRUPTED. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const shots = [...this.oneShots];
    for (const w of shots) w.kill('dispose');
    await Promise.all([this.pool.dispose(), this.spares.dispose(), ...shots.map((w) => w.exited)]);
    await this.setupDone?.cgroups?.dispose(); // the workers' cgroups go as their processes exit
  }

  async run(req: RunRequest): Promise<RunResult> {
    const trust = trustOf(req);
    const untrusted = trust === 'untrusted';
    this.assertUsable(untrusted);
    if (req.signal?.aborted) throw new TezgahError('CANCELLED', { jobId: req.jobId });
    const limits: ResourceLimits = { ...this.limits, ...req.limits };
    // Jobs are prepared one at a time, so they reach the queue in the order run() was called.
    const prepared = this.prepChain.then(() => this.prepare(req, untrusted, limits));
    this.prepChain = prepared.then(
      () => undefined,
      () => undefined,
    );
    const { setup, jobDir, oneshot, spare, workerRequestPath } = await prepared;

    const hooks: JobHooks = {
      onProgress: (p) => {
        const step = p.step as StepName; // checked by the protocol schema
        this.log({ level: 'debug', msg: `step ${p.status}`, jobId: req.jobId, step, duration_ms: p.duration_ms });
        req.onProgress?.({
          step,
          status: p.status,
          ...(p.fraction !== undefined ? { fraction: p.fraction } : {}),
          ...(p.duration_ms !== undefined ? { duration_ms: p.duration_ms } : {}),
        });
      },
    };
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let watch: NodeJS.Timeout | undefined;
    let abort: (reason: KillReason) => void = () => {};
    // The wall clock starts when a worker takes the job, not while it waits in the queue.
    const startClock = (w: WorkerProcess) => {
      this.log({
        level: 'info',
        msg: 'job started',
        jobId: req.jobId,
        flow: req.flow,
        pid: w.pid,
        mode: w.kind,
        spare: w.spare,
        untrusted,
        queued_ms: Date.now() - t0,
      });
      timer = setTimeout(() => abort('timeout'), limits.wallMs);
      watch = this.watchJob(w, jobDir, limits, (reason) => abort(reason));
    };
    const onAbort = () => abort('cancel');
    try {
      let execution: Promise<{ done: DoneEvent; stderr: string[] }>;
      if (oneshot) {
        const w = spare ? spare.worker : this.spawnOneShot(jobDir, workerRequestPath, limits, setup);
        if (spare) {
          this.oneShots.add(w);
          void w.exited.then(() => this.oneShots.delete(w));
        }
        const MB = 1024 * 1024;
        execution = w.runJob(req.jobId, workerRequestPath, hooks, {
          cpu_seconds: Math.ceil(limits.cpuSeconds),
          as_bytes: Math.round(limits.addressSpaceMb * MB),
          fsize_bytes: Math.round(limits.fileSizeMb * MB),
        });
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
      this.log({
        level: e.code === 'CANCELLED' ? 'info' : 'warn',
        msg: 'job failed',
        jobId: req.jobId,
        code: e.code,
        ms: Date.now() - t0,
        details: e.details,
      });
      throw e;
    } finally {
      clearTimeout(timer);
      clearInterval(watch);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The job dir checked (and handed to a spare), the request written: everything before a worker runs. */
  private async prepare(req: RunRequest, untrusted: boolean, limits: ResourceLimits) {
    const setup = await this.setup();
    const jobDir = await this.checkJobDir(req.jobDir, setup.jobsRoot);
    // Untrusted input never reaches a warm worker. A trusted job with other limits than the warm
    // workers' (fixed at spawn) gets a one-shot worker too: stricter, never looser.
    const oneshot = untrusted || !sameLimits(limits, this.limits);
    let spare: Spare | null = null;
    if (oneshot) {
      this.spares.start();
      spare = fitsSpare(limits, this.limits) ? this.spares.take() : null;
      if (spare) {
        try {
          await adoptJobDir(spare.dir, jobDir);
          if (this.cgroupOf.get(spare.worker)) setPidsMax(this.cgroupOf.get(spare.worker)!, limits.processes);
        } catch (err) {
          this.log({ level: 'warn', msg: 'could not hand the job dir to a spare worker; starting a fresh one', reason: String(err) });
          spare.worker.kill('recycle');
          void spare.worker.exited.then(() => fs.rm(spare!.dir, { recursive: true, force: true }));
          spare = null;
        }
      }
    }
    const rootHost = oneshot ? jobDir : setup.jobsRoot;
    const view = workerView(this.opts.runtime, oneshot ? 'oneshot' : 'warm', rootHost, this.pythonDir);
    const workerJobDir = toWorkerPath(jobDir, rootHost, view.writableDir);
    const request: WorkerRequest = {
      job_id: req.jobId,
      job_dir: workerJobDir,
      flow: req.flow,
      input: req.input,
      cpu_seconds: limits.cpuSeconds,
    };
    // rm never follows the last component; the request is created fresh (a link planted by an
    // earlier run in this dir is replaced, never written through)
    try {
      await fs.rm(path.join(jobDir, RESULT_FILE), { force: true });
      await writeNodeFile(jobDir, REQUEST_FILE, JSON.stringify(request));
    } catch (err) {
      spare?.worker.kill('recycle'); // taken for this job: it must not wait forever
      throw err;
    }
    const workerRequestPath = path.posix.join(workerJobDir, REQUEST_FILE);

    return { setup, jobDir, oneshot, spare, workerRequestPath };
  }

  /**
   * While a job runs: the job dir's total size (JOB_DIR_LIMIT past limits.jobDirMb) and the
   * worker's processes (PROCESS_LIMIT once a fork was refused at the cgroup's pids.max, or, without
   * a cgroup, once the tree reaches limits.processes).
   */
  private watchJob(w: WorkerProcess, jobDir: string, limits: ResourceLimits, abort: (reason: KillReason) => void): NodeJS.Timeout {
    const cap = limits.jobDirMb * 1024 * 1024;
    const cg = this.cgroupOf.get(w) ?? null;
    const hitsBefore = cg ? pidsMaxHits(cg) : 0;
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      void (async () => {
        try {
          if (cg ? pidsMaxHits(cg) > hitsBefore : descendantPids(w.pid).length >= limits.processes) {
            this.log({ level: 'warn', msg: 'job over its process limit', pid: w.pid, limit: limits.processes });
            abort('procs');
            return;
          }
          const bytes = await jobDirBytes(jobDir, cap);
          if (bytes > cap) {
            this.log({ level: 'warn', msg: 'job dir over its size limit', pid: w.pid, bytes, limit_mb: limits.jobDirMb });
            abort('disk');
          }
        } finally {
          busy = false;
        }
      })();
    }, WATCH_MS);
    t.unref();
    return t;
  }

  private unsandboxedAllowed(): boolean {
    const a = this.opts.allowUnsandboxed;
    return typeof a === 'function' ? a() === true : a === true;
  }

  private assertUsable(untrusted: boolean): void {
    if (this.disposed) throw new TezgahError('INTERRUPTED', { reason: 'the FreeCAD bridge has shut down' });
    const rt = this.opts.runtime;
    // A rootfs runtime can only be started through bubblewrap; a plain binary (Windows, macOS, or
    // TEZGAH_FREECAD) runs trusted flows only, unless the user opted into running outside input
    // unsandboxed (a one-shot process still, but with this user's rights).
    if (rt.kind === 'rootfs' && !rt.sandboxed)
      throw new TezgahError('SANDBOX_UNAVAILABLE', { reason: rt.sandboxProblem ?? 'the OS sandbox is not available' });
    if (untrusted && !rt.sandboxed && !this.unsandboxedAllowed())
      throw new TezgahError('SANDBOX_UNAVAILABLE', {
        reason: rt.sandboxProblem ?? 'the OS sandbox is not available',
        opt_in: 'unsandboxed mode',
      });
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
      const arch = hostSeccompArch();
      const seccomp = this.opts.runtime.kind === 'rootfs' && arch ? seccompBytes(arch) : null;
      const cgroups = process.platform === 'linux' ? PidsCgroups.detect() : null;
      if (!cgroups) this.log({ level: 'info', msg: 'no pids cgroup can be made here: the process cap is RLIMIT_NPROC inside the sandbox' });
      this.setupDone = { prlimit, bwrap, binaryHome, jobsRoot, seccomp, cgroups };
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
    return this.spawn(setup, {
      mode: 'warm',
      writableDir: setup.jobsRoot,
      limits: this.limits,
      env: this.launchEnv('warm'),
    });
  }

  /** A spare one-shot worker: default limits (a job can only lower them), its own empty dir. */
  private spawnSpare(dir: string): WorkerProcess {
    const setup = this.setupDone!; // spares start only after setup()
    return this.spawn(
      setup,
      { mode: 'oneshot', spare: true, writableDir: dir, limits: this.limits, env: { ...this.launchEnv('oneshot'), TEZGAH_MODE: 'spare' } },
      true,
    );
  }

  /** One worker process, in a pids cgroup of its own when the host allows one. */
  private spawn(setup: Setup, spec: Pick<LaunchSpec, 'mode' | 'writableDir' | 'limits' | 'env' | 'spare'>, spare = false): WorkerProcess {
    const cg = setup.cgroups?.make(spec.limits.processes) ?? null;
    try {
      const launch = buildLaunch({
        runtime: this.opts.runtime,
        pythonDir: this.pythonDir,
        ...setup,
        ...spec,
        cgroupProcs: cg?.procs ?? null,
      });
      const w = new WorkerProcess(launch, spec.mode, this.log, cg?.procs ?? null, spare);
      if (cg) {
        this.cgroupOf.set(w, cg);
        void w.exited.then(() => setup.cgroups!.remove(cg));
      }
      return w;
    } catch (err) {
      if (cg) void setup.cgroups!.remove(cg);
      throw err;
    }
  }

  private spawnOneShot(jobDir: string, workerRequestPath: string, limits: ResourceLimits, setup: Setup): WorkerProcess {
    const w = this.spawn(setup, {
      mode: 'oneshot',
      writableDir: jobDir,
      limits,
      env: { ...this.launchEnv('oneshot'), TEZGAH_REQUEST: workerRequestPath },
    });
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
      throw new TezgahError(
        'FC_CRASHED',
        { reason: 'the worker reported done but left no readable result.json', stderr_tail: stderr.slice(-20) },
        err,
      );
    }
    const parsed = WorkerResultFile.safeParse(raw);
    if (!parsed.success)
      throw new TezgahError('FC_CRASHED', {
        reason: `result.json is malformed: ${parsed.error.issues[0]?.message ?? ''}`,
        stderr_tail: stderr.slice(-20),
      });
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
    if (err instanceof QueueAbortedError)
      return err.reason === 'cancel'
        ? new TezgahError('CANCELLED', { jobId })
        : new TezgahError('INTERRUPTED', { jobId, reason: err.reason });
    if (err instanceof WorkerExitedError) {
      const { exit } = err;
      if (exit.killedBy === 'cancel') return new TezgahError('CANCELLED', { jobId });
      if (exit.killedBy === 'timeout') return new TezgahError('TIMEOUT_ERROR', { limit_s: limits.wallMs / 1000, limit: 'wall' });
      if (exit.killedBy === 'dispose') return new TezgahError('INTERRUPTED', { jobId, reason: 'the FreeCAD bridge shut down' });
      if (exit.killedBy === 'disk') return new TezgahError('JOB_DIR_LIMIT', { limit_mb: limits.jobDirMb, limit: 'job_dir' });
      if (exit.killedBy === 'procs') return new TezgahError('PROCESS_LIMIT', { limit: limits.processes });
      if (exit.signal === 'SIGXCPU') return new TezgahError('TIMEOUT_ERROR', { limit_s: limits.cpuSeconds, limit: 'cpu' });
      if (exit.signal === 'SIGXFSZ') return new TezgahError('JOB_DIR_LIMIT', { limit_mb: limits.fileSizeMb, limit: 'file' });
      return new TezgahError('FC_CRASHED', { exit_code: exit.exitCode, signal: exit.signal, stderr_tail: exit.stderrTail.slice(-20) });
    }
    return new TezgahError('INTERNAL', { reason: err instanceof Error ? err.message : String(err) }, err);
  }
}
