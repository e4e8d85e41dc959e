// The job manager: a durable queue in SQLite, job states and documents, cancel/retry, idempotency,
// the result cache, artefact storage and audit entries. Flows (template, import, CAM, …) plug in.
//
// Several processes may share one data dir (the app and a CLI): a job is claimed with a
// conditional UPDATE, its owner (pid) is recorded in the job document, and cancel requests travel
// as a CANCEL file in the job dir, so `tezgah cancel` works on a job another process runs.
import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { canonicalJson } from '../../shared/canonical.js';
import { TezgahError, toErrorPayload, type ErrorPayload } from '../../shared/errors.js';
import { FINISHED, JobSpec, type ArtefactInfo, type JobDocument, type JobRecord, type JobStatus, type JobStep } from '../../shared/jobs.js';
import type { StepName } from '../../shared/steps.js';
import type { FreeCadBridge } from '../../freecad-bridge/src/bridge.js';
import { writeNodeFileSync } from '../../freecad-bridge/src/jobdir.js';
import type { ArtefactStore } from '../platform/artefact-store.js';
import type { ArtefactRepo } from '../platform/artefacts-repo.js';
import type { AuditLog } from '../platform/audit.js';
import type { JobRepo } from '../platform/jobs-repo.js';
import type { Logger } from '../platform/logger.js';
import { checkFlowResult, flowContext, type Flow, type FlowResult } from './flow.js';

/** Bumped when the worker's output for the same spec changes; part of every spec hash. */
export const BRIDGE_VERSION = '1';

export interface JobEvent {
  id: string;
  status: JobStatus;
  progress: number;
  current_step: StepName | null;
  steps: JobStep[];
  cached: boolean;
  error: ErrorPayload | null;
}

export interface JobManagerDeps {
  db: Database.Database;
  jobs: JobRepo;
  artefactRepo: ArtefactRepo;
  artefacts: ArtefactStore;
  audit: AuditLog;
  logger: Logger;
  jobsDir: string;
  /** FreeCAD bridge, created on first use (locating FreeCAD costs time and may fail) */
  bridge: () => Promise<FreeCadBridge>;
  /** FreeCAD version string, part of the spec hash */
  freecadVersion: () => Promise<string>;
  concurrency: number;
  flows: Flow[];
  actor?: string;
  /** progress events per job at most this often (ms) */
  progressThrottleMs?: number;
  /** keep job dirs after success (debugging) */
  keepJobDirs?: boolean;
}

export interface SubmitOptions {
  idempotencyKey?: string;
  retryOf?: string;
  /** skip the cache lookup (a retry of a succeeded job that the user wants rebuilt) */
  noCache?: boolean;
}

const now = () => new Date().toISOString();
/** A CAM part given as a job id (not a file path). */
const isJobIdRef = (ref: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
/** A job whose runs a crash cut short this often fails with INTERRUPTED instead of running again. */
const MAX_INTERRUPTED_RUNS = 3;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class JobManager extends EventEmitter {
  private readonly flows = new Map<string, Flow>();
  private readonly running = new Map<string, AbortController>();
  private readonly waiters = new Map<string, ((j: JobRecord) => void)[]>();
  private readonly lastEmit = new Map<string, number>();
  private readonly pendingEmit = new Map<string, NodeJS.Timeout>();
  private cancelPoll: NodeJS.Timeout | null = null;
  private disposed = false;
  private readonly owner = { pid: process.pid, host: hostname() };

  constructor(private readonly deps: JobManagerDeps) {
    super();
    for (const f of deps.flows) this.flows.set(f.type, f);
    mkdirSync(deps.jobsDir, { recursive: true });
  }

  /**
   * Jobs a crashed process left running (their owner is gone) go back to the queue when their flow
   * may safely run again (it starts from a fresh job dir and writes nothing else), counting the runs
   * a crash cut short; the third such cut, or a flow that must not run twice (a prompt would ask the
   * model again), fails the job with INTERRUPTED. Then queued jobs start.
   */
  recover(): { interrupted: string[]; requeued: string[] } {
    const interrupted: string[] = [];
    const requeued: string[] = [];
    for (const job of this.deps.jobs.withStatus(['running'])) {
      const owner = (job.document as JobDocument & { owner?: { pid: number; host: string } }).owner;
      if (owner && owner.host === this.owner.host && owner.pid !== process.pid && pidAlive(owner.pid)) continue;
      interrupted.push(job.id);
      const cut = (job.document.interruptions ?? 0) + 1;
      const flow = this.flows.get(job.type);
      if (flow && flow.resumable !== false && cut < MAX_INTERRUPTED_RUNS) {
        const { owner: _gone, ...rest } = job.document as JobDocument & { owner?: unknown };
        const document: JobDocument = { ...rest, interruptions: cut, steps: flow.steps.map((name) => ({ name, status: 'pending' })) };
        // the files an unfinished run linked would clash with the new run's
        this.deps.artefactRepo.removeForJob(job.id);
        this.deps.jobs.update(job.id, { status: 'queued', started_at: null, progress: 0, current_step: null, document });
        this.audit('job.requeued', job.id, { reason: 'owner process gone', interrupted_runs: cut });
        this.deps.logger.log('warn', 'job interrupted by an earlier stop; queued again', { job_id: job.id, interrupted_runs: cut });
        requeued.push(job.id);
      } else {
        const error = toErrorPayload(new TezgahError('INTERRUPTED', { interrupted_runs: cut }));
        const document = { ...markSteps(job.document, 'failed', error), interruptions: cut };
        this.deps.jobs.update(job.id, { status: 'failed', error, document, finished_at: now() });
        this.audit('job.interrupted', job.id, { reason: 'owner process gone', interrupted_runs: cut });
        this.deps.logger.log('warn', 'job interrupted by an earlier stop', { job_id: job.id, interrupted_runs: cut });
      }
      this.emitJob(job.id, true);
    }
    this.schedule();
    return { interrupted, requeued };
  }

  flowTypes(): string[] {
    return [...this.flows.keys()];
  }

  async submit(rawSpec: unknown, opts: SubmitOptions = {}): Promise<JobRecord> {
    this.assertOpen();
    const parsed = JobSpec.safeParse(rawSpec);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new TezgahError('VALIDATION_ERROR', { field: first?.path.join('.') ?? '', detail: first?.message ?? '' });
    }
    const flow = this.flows.get(parsed.data.type);
    if (!flow) throw new TezgahError('VALIDATION_ERROR', { field: 'type', detail: `no flow for ${parsed.data.type}` });
    const spec = await flow.normalise(parsed.data);
    const specHash = sha256(canonicalJson({ spec, freecad: await this.deps.freecadVersion(), bridge: BRIDGE_VERSION }));

    if (opts.idempotencyKey) {
      const existing = this.deps.jobs.findByIdempotencyKey(opts.idempotencyKey);
      if (existing) {
        if (existing.spec_hash === specHash) return existing;
        throw new TezgahError('IDEMPOTENCY_CONFLICT', { key: opts.idempotencyKey, job_id: existing.id });
      }
    }

    const id = randomUUID();
    const createdAt = now();
    const document: JobDocument = { steps: flow.steps.map((name) => ({ name, status: 'pending' })) };
    if (opts.retryOf) document.retry_of = opts.retryOf;

    const cached = opts.noCache ? undefined : this.findCached(specHash);
    if (cached) {
      const copy = this.deps.db.transaction(() => {
        this.deps.jobs.insert({
          id,
          type: spec.type,
          status: 'succeeded',
          spec,
          spec_hash: specHash,
          idempotency_key: opts.idempotencyKey ?? null,
          cached: true,
          document: {
            ...document,
            steps: document.steps.map((s) => ({ ...s, status: 'skipped' })),
            cached_from: cached.job.id,
            result: cached.job.document.result,
          },
          created_at: createdAt,
          retry_of: opts.retryOf ?? null,
        });
        this.deps.jobs.update(id, { metrics: cached.job.metrics, progress: 1, started_at: createdAt, finished_at: createdAt });
        for (const a of cached.artefacts) {
          this.deps.artefactRepo.add({
            job_id: id,
            kind: a.kind,
            name: a.name,
            sha256: a.sha256,
            size: a.size,
            mime: a.mime,
            meta: a.meta,
          });
        }
      });
      copy();
      this.audit('job.cached', id, { spec_hash: specHash, from: cached.job.id });
      this.deps.logger.log('info', 'cache hit', { job_id: id, from: cached.job.id });
      const job = this.deps.jobs.get(id)!;
      this.emitJob(id, true);
      return job;
    }

    this.deps.jobs.insert({
      id,
      type: spec.type,
      status: 'queued',
      spec,
      spec_hash: specHash,
      idempotency_key: opts.idempotencyKey ?? null,
      cached: false,
      document,
      created_at: createdAt,
      retry_of: opts.retryOf ?? null,
    });
    this.audit('job.submitted', id, { type: spec.type, spec_hash: specHash });
    this.deps.logger.log('info', 'job queued', { job_id: id, type: spec.type });
    this.emitJob(id, true);
    this.schedule();
    return this.deps.jobs.get(id)!;
  }

  get(id: string): JobRecord {
    const job = this.deps.jobs.get(id);
    if (!job) throw new TezgahError('NOT_FOUND', { id });
    return job;
  }

  artefactsOf(id: string): ArtefactInfo[] {
    return this.deps.artefactRepo.listForJob(id);
  }

  /** Resolves when the job has finished (succeeded, failed or cancelled). */
  waitFor(id: string): Promise<JobRecord> {
    const job = this.get(id);
    if (FINISHED.includes(job.status)) return Promise.resolve(job);
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
    });
  }

  cancel(id: string): JobRecord {
    const job = this.get(id);
    if (FINISHED.includes(job.status)) throw new TezgahError('INVALID_STATE', { id, status: job.status });
    if (job.status === 'queued') {
      if (this.deps.jobs.cancelQueued(id, now(), toErrorPayload(new TezgahError('CANCELLED')))) {
        this.audit('job.cancelled', id, { while: 'queued' });
        this.finish(id);
        return this.get(id);
      }
    }
    // running, here or in another process sharing the data dir
    const ctrl = this.running.get(id);
    if (ctrl) ctrl.abort();
    else writeNodeFileSync(join(this.deps.jobsDir, id), 'CANCEL', now()); // fresh, never through a planted link
    return this.get(id);
  }

  async retry(id: string): Promise<JobRecord> {
    const job = this.get(id);
    if (!FINISHED.includes(job.status)) throw new TezgahError('INVALID_STATE', { id, status: job.status });
    // A job pulled from the team store names paths another seat chose (an import's file, a CAM part
    // file): running it here would read whatever lies at that path on this machine. Retry is for
    // jobs of this seat; a pulled one is a read-only record.
    const pulled = (job.document as { pulled_from?: unknown }).pulled_from !== undefined;
    if (pulled && (job.spec.type === 'import' || (job.spec.type === 'cam' && !isJobIdRef(job.spec.part)))) {
      throw new TezgahError('INVALID_STATE', {
        id,
        status: job.status,
        reason: 'a pulled job that reads a file path of another seat is not run here',
      });
    }
    return this.submit(job.spec, { retryOf: id, noCache: job.status === 'succeeded' });
  }

  /**
   * Records a finished job made elsewhere (pulled from the team store) as a read-only record: its
   * spec is parsed as submit() parses it, only a finished state is accepted, and nothing here ever
   * queues, claims or runs it. `artefacts` are linked to it (their files must be in the store
   * already); `within` runs in the same transaction (the caller's own bookkeeping). Then the usual
   * job event and a 'job.adopted' audit entry.
   */
  adoptFinished(
    record: Pick<
      JobRecord,
      'id' | 'type' | 'status' | 'spec' | 'spec_hash' | 'cached' | 'document' | 'metrics' | 'created_at' | 'started_at' | 'finished_at'
    >,
    opts: {
      artefacts?: Omit<ArtefactInfo, 'id' | 'job_id' | 'created_at'>[];
      origin?: Record<string, unknown>;
      within?: (artefacts: ArtefactInfo[]) => void;
    } = {},
  ): JobRecord {
    this.assertOpen();
    const { id } = record;
    // a job id as this manager makes them (UUIDs), or a pulled copy's "id~hash"
    if (typeof id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(~[0-9a-f]{12})?$/.test(id)) {
      throw new TezgahError('VALIDATION_ERROR', { field: 'id', detail: `'${String(id)}' is not a job id` });
    }
    if (!FINISHED.includes(record.status))
      throw new TezgahError('INVALID_STATE', { id, status: record.status, reason: 'only a finished job can be adopted' });
    const parsed = JobSpec.safeParse(record.spec);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new TezgahError('VALIDATION_ERROR', { field: ['spec', ...(first?.path ?? [])].join('.'), detail: first?.message ?? '' });
    }
    if (parsed.data.type !== record.type)
      throw new TezgahError('VALIDATION_ERROR', { field: 'spec.type', detail: `a ${parsed.data.type} spec in a ${record.type} job` });
    if (this.deps.jobs.get(id)) throw new TezgahError('INVALID_STATE', { id, reason: 'a job with this id is already here' });
    const files = opts.artefacts ?? [];
    // a row never points at a missing file
    for (const a of files)
      if (!this.deps.artefacts.has(a.sha256)) throw new TezgahError('NOT_FOUND', { entity: 'artefact file', sha256: a.sha256 });
    const rows = this.deps.db.transaction(() => {
      this.deps.jobs.insert({
        ...record,
        spec: parsed.data,
        idempotency_key: null,
        retry_of: null,
        progress: 1,
        current_step: null,
        error: null,
      });
      const added = files.map((a) => this.deps.artefactRepo.add({ ...a, job_id: id }));
      opts.within?.(added);
      return added;
    })();
    this.audit('job.adopted', id, {
      type: record.type,
      status: record.status,
      spec_hash: record.spec_hash,
      artefacts: rows.map((a) => ({ kind: a.kind, sha256: a.sha256 })),
      ...(opts.origin ? { origin: opts.origin } : {}),
    });
    this.deps.logger.log('info', 'finished job adopted', { job_id: id, type: record.type, status: record.status });
    this.emitJob(id, true);
    return this.get(id);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.cancelPoll) clearInterval(this.cancelPoll);
    for (const t of this.pendingEmit.values()) clearTimeout(t);
    const ids = [...this.running.keys()];
    for (const c of this.running.values()) c.abort();
    await Promise.all(ids.map((id) => this.waitFor(id).catch(() => undefined)));
  }

  // ---------------------------------------------------------------------------------------------

  private assertOpen() {
    if (this.disposed) throw new TezgahError('INVALID_STATE', { reason: 'job manager disposed' });
  }

  private findCached(specHash: string): { job: JobRecord; artefacts: ArtefactInfo[] } | undefined {
    const job = this.deps.jobs.findSucceededBySpecHash(specHash);
    if (!job) return undefined;
    const artefacts = this.deps.artefactRepo.listForJob(job.id);
    if (artefacts.length === 0 || !artefacts.every((a) => this.deps.artefacts.has(a.sha256))) return undefined;
    return { job, artefacts };
  }

  private schedule(): void {
    if (this.disposed) return;
    while (this.running.size < this.deps.concurrency) {
      const next = this.claimNext();
      if (!next) break;
      void this.execute(next);
    }
  }

  /** Oldest queued job with a flow in this process, claimed atomically. */
  private claimNext(): JobRecord | undefined {
    const types = [...this.flows.keys()];
    for (const id of this.deps.jobs.queuedIds(types, 8)) {
      const job = this.deps.jobs.get(id)!;
      const document = { ...job.document, owner: { ...this.owner, claimed_at: now() } };
      if (this.deps.jobs.claimQueued(id, now(), document)) return this.deps.jobs.get(id)!;
    }
    return undefined;
  }

  private async execute(job: JobRecord): Promise<void> {
    const flow = this.flows.get(job.type)!;
    const ctrl = new AbortController();
    this.running.set(job.id, ctrl);
    this.ensureCancelPoll();
    const jobDir = join(this.deps.jobsDir, job.id);
    const log = this.deps.logger.child({ job_id: job.id });
    let document: JobDocument = structuredClone(job.document);
    let current: StepName | null = null;
    const save = (patch: Parameters<JobRepo['update']>[1] = {}, urgent = false) => {
      this.deps.jobs.update(job.id, { document, current_step: current, ...patch });
      this.emitJob(job.id, urgent);
    };
    const setStep = (name: StepName, patch: Partial<JobStep>) => {
      const steps = document.steps.some((s) => s.name === name)
        ? document.steps
        : [...document.steps, { name, status: 'pending' as const }];
      document = { ...document, steps: steps.map((s) => (s.name === name ? { ...s, ...patch } : s)) };
      const done = document.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
      save({ progress: Math.min(0.99, done / Math.max(1, document.steps.length)) });
    };
    this.emitJob(job.id, true);
    log.log('info', 'job started', { type: job.type });

    const ctx = flowContext({
      job,
      jobDir,
      signal: ctrl.signal,
      step: async (name, fn) => {
        if (ctrl.signal.aborted) throw new TezgahError('CANCELLED');
        current = name;
        const started = Date.now();
        setStep(name, { status: 'running', started_at: new Date(started).toISOString() });
        log.log('debug', 'step started', { step: name });
        try {
          const out = await fn();
          setStep(name, { status: 'done', finished_at: now(), duration_ms: Date.now() - started });
          return out;
        } catch (err) {
          setStep(name, { status: 'failed', finished_at: now(), duration_ms: Date.now() - started, error: toErrorPayload(err) });
          throw err;
        }
      },
      onBridgeProgress: (e) => {
        if (e.status === 'running') {
          current = e.step;
          setStep(e.step, { status: 'running', started_at: now() });
        } else {
          const patch: Partial<JobStep> = { status: e.status, finished_at: now() };
          if (e.duration_ms !== undefined) patch.duration_ms = e.duration_ms;
          setStep(e.step, patch);
        }
        log.log('debug', `step ${e.status}`, { step: e.step, ...(e.duration_ms !== undefined ? { duration_ms: e.duration_ms } : {}) });
      },
      bridge: this.deps.bridge,
      log: (level, msg, fields) => log.log(level, msg, fields),
    });

    try {
      rmSync(jobDir, { recursive: true, force: true });
      mkdirSync(jobDir, { recursive: true });
      const result = await flow.run(ctx, job.spec);
      if (ctrl.signal.aborted) throw new TezgahError('CANCELLED');
      checkFlowResult(job.type, result.result);
      const stored = await ctx.step('store_artefacts', () => this.storeOutputs(job.id, result));
      document = { ...document, warnings: result.warnings ?? [], ...(result.result ? { result: result.result } : {}) };
      // a step the flow did not need (an export without a GLB) did not run: it was skipped, not pending
      document = { ...document, steps: document.steps.map((s) => (s.status === 'pending' ? { ...s, status: 'skipped' as const } : s)) };
      current = null;
      save({ status: 'succeeded', progress: 1, metrics: result.metrics ?? null, finished_at: now() }, true);
      this.audit('job.succeeded', job.id, { artefacts: stored.map((a) => ({ kind: a.kind, sha256: a.sha256 })) });
      log.log('info', 'job succeeded', { artefacts: stored.length });
      if (!this.deps.keepJobDirs) rmSync(jobDir, { recursive: true, force: true });
    } catch (err) {
      const cancelled = ctrl.signal.aborted || (err instanceof TezgahError && err.code === 'CANCELLED');
      const payload = toErrorPayload(cancelled ? new TezgahError('CANCELLED') : err);
      document = markSteps(document, cancelled ? 'skipped' : 'failed', payload);
      current = null;
      save({ status: cancelled ? 'cancelled' : 'failed', error: payload, finished_at: now() }, true);
      this.audit(cancelled ? 'job.cancelled' : 'job.failed', job.id, { code: payload.code });
      log.log(cancelled ? 'info' : 'error', cancelled ? 'job cancelled' : 'job failed', {
        code: payload.code,
        details: payload.details,
        ...(err instanceof Error && !(err instanceof TezgahError) ? { stack: err.stack } : {}),
      });
      // keep a failed job's dir for the log and post-mortem; a cancelled one is of no use
      if (cancelled) rmSync(jobDir, { recursive: true, force: true });
    } finally {
      this.running.delete(job.id);
      this.finish(job.id);
      this.schedule();
    }
  }

  /** Files first (content-addressed, fsynced), then the rows in one transaction. */
  private async storeOutputs(jobId: string, result: FlowResult): Promise<ArtefactInfo[]> {
    // the files are independent: their fsyncs overlap
    const puts = await Promise.all(result.outputs.map(async (o) => ({ o, stored: await this.deps.artefacts.put(o.path) })));
    const tx = this.deps.db.transaction(() =>
      puts.map(({ o, stored }) =>
        this.deps.artefactRepo.add({
          job_id: jobId,
          kind: o.kind,
          name: o.name,
          sha256: stored.sha256,
          size: stored.size,
          mime: o.mime,
          meta: o.meta ?? {},
        }),
      ),
    );
    return tx();
  }

  private ensureCancelPoll() {
    if (this.cancelPoll) return;
    this.cancelPoll = setInterval(() => {
      if (this.running.size === 0) {
        clearInterval(this.cancelPoll!);
        this.cancelPoll = null;
        return;
      }
      for (const [id, ctrl] of this.running) if (existsSync(join(this.deps.jobsDir, id, 'CANCEL'))) ctrl.abort();
    }, 200);
    this.cancelPoll.unref();
  }

  private finish(id: string) {
    const job = this.deps.jobs.get(id);
    if (!job) return;
    this.emitJob(id, true);
    const list = this.waiters.get(id);
    this.waiters.delete(id);
    for (const w of list ?? []) w(job);
  }

  private audit(action: string, jobId: string, payload: Record<string, unknown>) {
    this.deps.audit.append({ actor: this.deps.actor ?? 'local', action, entity_type: 'job', entity_id: jobId, payload });
  }

  /** State changes go out at once; progress at most every progressThrottleMs per job. */
  private emitJob(id: string, urgent: boolean) {
    const throttle = this.deps.progressThrottleMs ?? 100;
    const send = () => {
      this.pendingEmit.delete(id);
      this.lastEmit.set(id, Date.now());
      const j = this.deps.jobs.get(id);
      if (!j) return;
      const ev: JobEvent = {
        id,
        status: j.status,
        progress: j.progress,
        current_step: j.current_step,
        steps: j.document.steps,
        cached: j.cached,
        error: j.error,
      };
      this.emit('job', ev);
    };
    if (urgent) {
      const t = this.pendingEmit.get(id);
      if (t) clearTimeout(t);
      send();
      return;
    }
    if (this.pendingEmit.has(id)) return;
    const wait = Math.max(0, (this.lastEmit.get(id) ?? 0) + throttle - Date.now());
    this.pendingEmit.set(id, setTimeout(send, wait));
  }
}

function markSteps(doc: JobDocument, status: 'failed' | 'skipped', error: ErrorPayload): JobDocument {
  return {
    ...doc,
    steps: doc.steps.map((s) => {
      if (s.status === 'running') {
        return { ...s, status, finished_at: now(), ...(status === 'failed' ? { error } : {}) };
      }
      if (s.status === 'pending') return { ...s, status: 'skipped' as const };
      return s;
    }),
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
