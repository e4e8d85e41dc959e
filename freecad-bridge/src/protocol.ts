// The worker protocol: progress/done lines on fd 3, result.json in the job dir, and how a worker's
// structured Python error becomes a stable TezgahError code. Everything the worker says is parsed.
import { z } from 'zod';
import { isErrorCode, TezgahError, type ErrorCode } from '../../shared/errors.js';
import { Metrics } from '../../shared/jobs.js';
import { isStepName } from '../../shared/steps.js';
import { CamAnalyseData, CamGenerateData, WORKER_FLOWS, type WorkerData, type WorkerFlow } from './flows.js';

/** The request file a worker reads (request.json in the job dir). Paths as the worker sees them. */
export interface WorkerRequest {
  job_id: string;
  job_dir: string;
  flow: string;
  input: Record<string, unknown>;
  /** per-job CPU budget (a warm worker moves its soft RLIMIT_CPU by this much) */
  cpu_seconds: number;
}

const StepStatus = z.enum(['running', 'done', 'failed', 'skipped']);

export const ReadyEvent = z.object({
  event: z.literal('ready'),
  pid: z.number(),
  freecad_version: z.string(),
  startup_ms: z.number(),
  rss_mb: z.number().nullable(),
});
export const ProgressLine = z.object({
  event: z.literal('progress'),
  job_id: z.string(),
  step: z.string().refine(isStepName, 'unknown step'),
  status: StepStatus,
  fraction: z.number().min(0).max(1).optional(),
  duration_ms: z.number().optional(),
});
export const DoneEvent = z.object({
  event: z.literal('done'),
  job_id: z.string().nullable(),
  result: z.string(),
  rss_mb: z.number().nullable(),
  peak_rss_mb: z.number().nullable(),
});
export const WorkerEvent = z.discriminatedUnion('event', [ReadyEvent, ProgressLine, DoneEvent]);
export type ReadyEvent = z.infer<typeof ReadyEvent>;
export type ProgressLine = z.infer<typeof ProgressLine>;
export type DoneEvent = z.infer<typeof DoneEvent>;
export type WorkerEvent = z.infer<typeof WorkerEvent>;

/** One fd-3 line, or null when it is not a protocol line (logged, never trusted). */
export function parseWorkerLine(line: string): WorkerEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  const r = WorkerEvent.safeParse(raw);
  return r.success ? r.data : null;
}

export const WorkerErrorRecord = z.object({
  code: z.string().optional(),
  exception_class: z.string(),
  message: z.string(),
  phase: z.string().nullable().optional(),
  step: z.string().nullable().optional(),
  operation: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  traceback: z.string().optional(),
});
export type WorkerErrorRecord = z.infer<typeof WorkerErrorRecord>;

const OutputFile = z.object({
  kind: z.string(),
  // a plain file name in the job dir: no separators, no parent references
  file: z
    .string()
    .regex(/^[^/\\]+$/)
    .refine((f) => f !== '.' && f !== '..'),
  meta: z.record(z.string(), z.unknown()).optional(),
});
const Common = {
  durations_ms: z.record(z.string(), z.number()),
  freecad_version: z.string(),
  worker_peak_rss_mb: z.number().nullable(),
};
export const WorkerResultFile = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    outputs: z.array(OutputFile),
    metrics: Metrics.nullable(),
    warnings: z.array(
      z.object({ code: z.string().refine(isErrorCode, 'unknown code'), details: z.record(z.string(), z.unknown()).optional() }),
    ),
    data: z.record(z.string(), z.unknown()),
    ...Common,
  }),
  z.object({ ok: z.literal(false), error: WorkerErrorRecord, ...Common }),
]);
export type WorkerResultFile = z.infer<typeof WorkerResultFile>;

/** Codes only the bridge decides (from how the process ended); a worker cannot claim them. */
const BRIDGE_ONLY = new Set<ErrorCode>([
  'CANCELLED',
  'TIMEOUT_ERROR',
  'FC_CRASHED',
  'INTERRUPTED',
  'SANDBOX_UNAVAILABLE',
  'CONFIG_FREECAD_MISSING',
  'CONFIG_FREECAD_VERSION_MISMATCH',
]);
const BOOLEAN_OPS = new Set(['cut', 'fuse', 'common', 'section', 'boolean']);

/**
 * Picks the stable code for a worker error: an explicit code from the flow wins; then the tagged
 * operation (a fillet that fails with "BRep_API: command not done" is a fillet failure); then
 * well-known OpenCASCADE/FreeCAD messages; then the phase; FC_RUNTIME otherwise.
 */
export function classifyWorkerError(e: WorkerErrorRecord): ErrorCode {
  if (e.code && isErrorCode(e.code) && !BRIDGE_ONLY.has(e.code)) return e.code;
  const op = e.operation?.toLowerCase();
  const text = `${e.exception_class}: ${e.message}`;
  if (op === 'fillet' || op === 'chamfer' || /fillet|chamfer|ChFi3d|BRepFilletAPI/i.test(text)) return 'FC_FILLET_CHAMFER_FAILED';
  if ((op && BOOLEAN_OPS.has(op)) || /illegal boolean|BOPAlgo|boolean operation/i.test(text)) return 'FC_BOOLEAN_FAILED';
  if (/BRep_API: command not done|shape is null|null shape|is null|not valid|invalid shape|self[- ]?intersect/i.test(text))
    return 'FC_GEOM_INVALID_SHAPE';
  if (e.phase === 'recompute' || /recompute failed/i.test(text)) return 'FC_RECOMPUTE_FAILED';
  if (e.phase === 'export' || e.phase === 'mesh') return 'FC_EXPORT_FAILED';
  return 'FC_RUNTIME';
}

/** The TezgahError for a worker's error record; details keep class, phase and traceback for the job log. */
export function workerErrorToTezgah(e: WorkerErrorRecord): TezgahError {
  const code = classifyWorkerError(e);
  const first =
    e.message
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? e.exception_class;
  return new TezgahError(code, {
    ...e.details,
    exception_class: e.exception_class,
    message: e.message,
    phase: e.phase ?? null,
    ...(e.step ? { step: e.step } : {}),
    ...(e.operation ? { operation: e.operation } : {}),
    first,
    ...(e.traceback ? { traceback: e.traceback } : {}),
  });
}

/**
 * Checks a flow's result.json "data" against that flow's schema (freecad-bridge/src/flows.ts; the
 * Python side has them as python/schemas/<flow>.json). The CAM flow answers per mode: the request's
 * input says which. Returns the checked data, or why it does not match (path: message).
 */
export function parseWorkerData<F extends WorkerFlow>(
  flow: F,
  data: unknown,
  input?: unknown,
): { ok: true; data: WorkerData<F> } | { ok: false; why: string } {
  const schema: z.ZodType =
    flow === 'cam'
      ? (input as { mode?: unknown } | undefined)?.mode === 'analyse'
        ? CamAnalyseData
        : CamGenerateData
      : WORKER_FLOWS[flow].data;
  const r = schema.safeParse(data ?? {});
  if (r.success) return { ok: true, data: r.data as WorkerData<F> };
  const first = r.error.issues[0];
  return { ok: false, why: `${first?.path.join('.') || '(data)'}: ${first?.message ?? 'does not match'}` };
}
