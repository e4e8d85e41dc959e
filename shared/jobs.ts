// Jobs: what a user asks for (JobSpec), what Tezgah records about it (JobRecord), and the
// shapes every transport shows (API, CLI --json, UI).
import { z } from 'zod';
import type { ErrorPayload } from './errors.js';
import type { StepName } from './steps.js';

export const JobType = z.enum(['template', 'import', 'cam', 'prompt', 'script']);
export type JobType = z.infer<typeof JobType>;

export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;
export const FINISHED: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export const TemplateJobSpec = z.object({
  type: z.literal('template'),
  template: z.string().min(1),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  material: z.string().optional(),
  process: z.string().optional(),
});
export type TemplateJobSpec = z.infer<typeof TemplateJobSpec>;

/**
 * Every kind of job. Flows that other issues add (import, cam, prompt, script) append their spec
 * here and register a flow with the job manager.
 */
export const JobSpec = z.discriminatedUnion('type', [TemplateJobSpec]);
export type JobSpec = z.infer<typeof JobSpec>;

export const ArtefactKind = z.enum(['fcstd', 'step', 'stl', 'glb', 'gcode', 'cam_report', 'import_report', 'script', 'source']);
export type ArtefactKind = z.infer<typeof ArtefactKind>;

export const BBox = z.object({ xmin: z.number(), ymin: z.number(), zmin: z.number(), xmax: z.number(), ymax: z.number(), zmax: z.number() });
export type BBox = z.infer<typeof BBox>;

export const Metrics = z.object({
  solids: z.number().int(),
  shells: z.number().int().optional(),
  faces: z.number().int(),
  edges: z.number().int(),
  vertices: z.number().int().optional(),
  volume_mm3: z.number().nullable(),
  area_mm2: z.number(),
  bbox_mm: BBox,
  center_of_mass_mm: z.object({ x: z.number(), y: z.number(), z: z.number() }).nullable(),
  mass_g: z.number().nullable().optional(),
  material: z.string().nullable().optional(),
  triangles: z.number().int(),
  is_valid: z.boolean().optional(),
  durations_ms: z.record(z.string(), z.number()).optional(),
  worker_peak_rss_mb: z.number().nullable().optional(),
});
export type Metrics = z.infer<typeof Metrics>;

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';
export interface JobStep {
  name: StepName;
  status: StepStatus;
  started_at?: string;
  finished_at?: string;
  duration_ms?: number;
  error?: ErrorPayload;
}
export interface JobDocument {
  steps: JobStep[];
  /** free-form per-flow notes (warnings, cache hit source, ...) */
  warnings?: ErrorPayload[];
  cached_from?: string;
  retry_of?: string;
  /** flow-specific result data (import report, CAM summary, AI attempts) */
  result?: Record<string, unknown>;
}

export interface ArtefactInfo {
  id: number;
  job_id: string;
  kind: ArtefactKind;
  name: string;
  sha256: string;
  size: number;
  mime: string;
  meta: Record<string, unknown>;
  created_at: string;
}

export interface JobRecord {
  id: string;
  type: JobType;
  status: JobStatus;
  spec: JobSpec;
  spec_hash: string;
  idempotency_key: string | null;
  cached: boolean;
  progress: number;
  current_step: StepName | null;
  document: JobDocument;
  metrics: Metrics | null;
  error: ErrorPayload | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  retry_of: string | null;
}

export interface JobSummary {
  id: string;
  type: JobType;
  status: JobStatus;
  cached: boolean;
  created_at: string;
}
