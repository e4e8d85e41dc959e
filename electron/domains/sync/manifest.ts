// A job manifest: what the team store keeps about one job next to its content-addressed files.
// Built from the local job after its artefacts are up; parsed (and distrusted) when it comes back.
//
// content_sha256 covers what makes a job that job (id, spec, metrics, files): the same job pushed
// twice, by any app version, has the same content hash; a different job under the same id does
// not, and that is a conflict.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../../shared/canonical.js';
import { TezgahError } from '../../../shared/errors.js';
import {
  ArtefactKind,
  FINISHED,
  JobSpec,
  JobType,
  Metrics,
  type ArtefactInfo,
  type JobRecord,
  type JobStatus,
} from '../../../shared/jobs.js';
import { STEP_NAMES, type StepName } from '../../../shared/steps.js';
import { artefactKey } from './config.js';

export const MANIFEST_FORMAT = 'tezgah.job-manifest/1';

// Everything below is read from the team store, which anyone with the bucket's keys can write:
// each field is held to what this app itself writes, so a manifest is data, never a command.

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');
/** Job ids as the job manager makes them (UUIDs), plus the "~hash" of a conflict copy. */
export const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(~[0-9a-f]{12})?$/;
/** A file name we are willing to keep: no folders, no dot files, no control characters, bounded. */
const FILE_NAME = /^(?!\.)[^/\\\u0000-\u001f\u007f-\u009f]{1,200}$/;
/** Text shown to people (user names, versions): one line, no control characters. */
const PLAIN = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;
/** The largest file a job can hold (an import may be 64 GiB). */
export const MAX_ARTEFACT_BYTES = 64 * 1024 ** 3;
/**
 * Content types this app writes for its files (electron/jobs/model-outputs.ts, the CAM, drawing, FEM and export flows).
 * Anything else is refused: the type ends up in HTTP headers when a file is served.
 */
export const ARTEFACT_MIME_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.freecad.fcstd',
  'model/step',
  'model/stl',
  'model/gltf-binary',
  'text/x-gcode',
  'application/json',
  'text/x-python',
  'application/octet-stream',
  'text/plain',
  // drawings (electron/domains/drawing/flow.ts)
  'image/svg+xml',
  'application/pdf',
  'image/vnd.dxf',
  // FEM (electron/domains/fem/flow.ts)
  'application/vnd.vtk.vtu+xml',
  'text/csv',
  'text/x-calculix-inp',
  'application/x-calculix-frd',
  // exports (electron/domains/export/flow.ts)
  'model/iges',
  'model/x-brep',
  'model/3mf',
  'model/obj',
]);

const plain = (max: number) => z.string().max(max).regex(PLAIN, 'one line of text');
const Timestamp = z.iso.datetime({ offset: true });
const ErrorPayloadSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/),
  message: z.string().max(4000),
  hint: z.string().max(4000),
  details: z.record(z.string(), z.unknown()).optional(),
});
const JobStepSchema = z.object({
  name: z.enum(STEP_NAMES as [StepName, ...StepName[]]),
  status: z.enum(['pending', 'running', 'done', 'failed', 'skipped']),
  started_at: Timestamp.optional(),
  finished_at: Timestamp.optional(),
  duration_ms: z.number().nonnegative().optional(),
  error: ErrorPayloadSchema.optional(),
});
/** The job document as a flow leaves it; other keys (a process owner, …) are dropped. */
const JobDocumentSchema = z.object({
  steps: z.array(JobStepSchema).max(200),
  warnings: z.array(ErrorPayloadSchema).max(1000).optional(),
  cached_from: z.string().regex(JOB_ID).optional(),
  retry_of: z.string().regex(JOB_ID).optional(),
  result: z.record(z.string(), z.unknown()).optional(),
});

export const ManifestArtefact = z
  .object({
    kind: ArtefactKind,
    name: z.string().regex(FILE_NAME, 'a plain file name'),
    sha256: SHA256,
    size: z.number().int().nonnegative().max(MAX_ARTEFACT_BYTES),
    mime: z.string().refine((m) => ARTEFACT_MIME_TYPES.has(m), 'a content type this app writes'),
    meta: z.record(z.string(), z.unknown()).default({}),
    key: z.string().max(1100),
  })
  .superRefine((a, ctx) => {
    // the file's content address; downloads use our own prefix and the sha256, never this key
    if (a.key !== `artefacts/sha256/${a.sha256}` && !a.key.endsWith(`/artefacts/sha256/${a.sha256}`)) {
      ctx.addIssue({ code: 'custom', path: ['key'], message: 'not the content address of the file' });
    }
  });
export type ManifestArtefact = z.infer<typeof ManifestArtefact>;

export const JobManifest = z.object({
  format: z.literal(MANIFEST_FORMAT),
  job: z
    .object({
      id: z.string().regex(JOB_ID, 'a job id'),
      type: JobType,
      // only finished jobs are shared; a job that is to run here is submitted here
      status: z.enum(FINISHED as [JobStatus, ...JobStatus[]], 'a finished job (succeeded, failed or cancelled)'),
      spec: JobSpec,
      spec_hash: SHA256,
      cached: z.boolean(),
      created_at: Timestamp,
      started_at: Timestamp.nullable(),
      finished_at: Timestamp.nullable(),
      document: JobDocumentSchema,
    })
    .superRefine((j, ctx) => {
      if (j.spec.type !== j.type)
        ctx.addIssue({ code: 'custom', path: ['spec', 'type'], message: `a ${j.spec.type} spec in a ${j.type} job` });
    }),
  metrics: Metrics.nullable(),
  artefacts: z.array(ManifestArtefact).max(1000),
  app_version: z.string().regex(/^[0-9A-Za-z._+-]{1,64}$/),
  freecad_version: plain(200).nullable(),
  seat_id: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/),
  user: plain(200).min(1),
  content_sha256: SHA256,
  /** the pushing seat's audit chain head when it wrote this manifest (platform/audit.ts anchor()) */
  audit: z
    .object({ entry: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), head: SHA256 })
    .strict()
    .optional(),
});
export type JobManifest = z.infer<typeof JobManifest>;

export interface ManifestOrigin {
  appVersion: string;
  freecadVersion: string | null;
  seatId: string;
  user: string;
  prefix: string;
  /** this seat's audit chain head, anchored in the manifest */
  audit?: { entry: number; head: string } | null;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What the content hash covers; a raw (not yet parsed) manifest has this shape once it passed the schema. */
export interface HashedContent {
  job: { id: string; type: string; spec: unknown; spec_hash: string };
  metrics: unknown;
  artefacts: readonly { kind: string; name: string; sha256: string; size: number }[];
}

export function contentHash(m: HashedContent): string {
  return sha256Hex(
    canonicalJson({
      id: m.job.id,
      type: m.job.type,
      spec: m.job.spec,
      spec_hash: m.job.spec_hash,
      metrics: m.metrics,
      artefacts: [...m.artefacts]
        .map((a) => ({ kind: a.kind, name: a.name, sha256: a.sha256, size: a.size }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    }),
  );
}

export function buildManifest(job: JobRecord, artefacts: ArtefactInfo[], origin: ManifestOrigin): JobManifest {
  // the owner (host name, pid) of the process that ran it is of no use to another seat
  const {
    owner: _owner,
    pulled_from: _pulled,
    ...document
  } = job.document as typeof job.document & { owner?: unknown; pulled_from?: unknown };
  const base = {
    job: {
      id: job.id,
      type: job.type,
      status: job.status,
      spec: job.spec,
      spec_hash: job.spec_hash,
      cached: job.cached,
      created_at: job.created_at,
      started_at: job.started_at,
      finished_at: job.finished_at,
      document: document as JobManifest['job']['document'],
    },
    metrics: job.metrics ?? null,
    artefacts: [...artefacts]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((a) => ({
        kind: a.kind,
        name: a.name,
        sha256: a.sha256,
        size: a.size,
        mime: a.mime,
        meta: a.meta,
        key: artefactKey(origin.prefix, a.sha256),
      })),
  };
  return {
    format: MANIFEST_FORMAT,
    ...(base as Pick<JobManifest, 'job' | 'metrics' | 'artefacts'>),
    app_version: origin.appVersion,
    freecad_version: origin.freecadVersion,
    seat_id: origin.seatId,
    user: origin.user,
    content_sha256: contentHash(base),
    ...(origin.audit ? { audit: { entry: origin.audit.entry, head: origin.audit.head } } : {}),
  };
}

/** The bytes that go up: canonical JSON, so the same manifest always has the same sha256. */
export function manifestBytes(m: JobManifest): Buffer {
  return Buffer.from(canonicalJson(m), 'utf8');
}

/**
 * Parses a downloaded manifest. Refuses (SYNC_INTEGRITY) bytes that do not match the sha256 the
 * store recorded for them, JSON that is not a manifest, any field that is not what this app
 * writes (validateManifest), and a content hash that does not add up.
 */
export function parseManifest(bytes: Uint8Array, key: string, expectedSha256?: string): JobManifest {
  const actual = sha256Hex(bytes);
  if (expectedSha256 && expectedSha256 !== actual) {
    throw new TezgahError('SYNC_INTEGRITY', { key, expected: expectedSha256, actual, reason: 'manifest bytes do not match their sha256' });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw new TezgahError('SYNC_INTEGRITY', { key, reason: `not JSON: ${(e as Error).message}` });
  }
  return validateManifest(raw, key);
}

/**
 * Holds every field of a manifest to the schema (job id, type, a finished status, the spec as a
 * JobSpec, file kinds, names, sizes, hashes, content types) and, unless `checkHash` is false (a
 * manifest read back from the local library, checked when it came down), its content hash. The
 * hash is taken over the manifest as it was written, before the schema dropped anything.
 */
export function validateManifest(raw: unknown, key: string, opts: { checkHash?: boolean } = {}): JobManifest {
  const parsed = JobManifest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new TezgahError('SYNC_INTEGRITY', { key, field, reason: `not a job manifest: ${field} ${issue?.message ?? ''}`.trim() });
  }
  const m = parsed.data;
  if (opts.checkHash !== false && contentHash(raw as HashedContent) !== m.content_sha256) {
    throw new TezgahError('SYNC_INTEGRITY', { key, reason: 'content_sha256 does not match the manifest' });
  }
  return m;
}

/** Lower-case, accent-free text a search box matches against (Turkish İ/ı included). */
export function foldForSearch(s: string): string {
  return s
    .replace(/İ/g, 'i')
    .replace(/I/g, 'i')
    .replace(/ı/g, 'i')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function searchText(m: JobManifest): string {
  const spec = m.job.spec as Record<string, unknown>;
  const parts = [
    m.job.id,
    m.job.type,
    typeof spec.template === 'string' ? spec.template : '',
    typeof spec.material === 'string' ? spec.material : '',
    JSON.stringify(spec.params ?? {}),
    m.user,
    m.seat_id,
    ...m.artefacts.flatMap((a) => [a.kind, a.name]),
  ];
  return foldForSearch(parts.join(' '));
}
