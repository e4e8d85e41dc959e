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
import type { ArtefactInfo, JobRecord } from '../../../shared/jobs.js';
import { artefactKey } from './config.js';

export const MANIFEST_FORMAT = 'tezgah.job-manifest/1';

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/);
/** Job ids as the job manager makes them (UUIDs), plus the "~hash" of a conflict copy. */
export const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(~[0-9a-f]{12})?$/;
/** A file name we are willing to keep: no folders, no dot files, no control characters. */
const FILE_NAME = /^(?!\.)[^/\\\u0000-\u001f]{1,200}$/;

export const ManifestArtefact = z.object({
  kind: z.string().min(1).max(40),
  name: z.string().regex(FILE_NAME, 'a plain file name'),
  sha256: SHA256,
  size: z.number().int().nonnegative(),
  mime: z.string().min(1).max(200),
  meta: z.record(z.string(), z.unknown()).default({}),
  key: z.string(),
});
export type ManifestArtefact = z.infer<typeof ManifestArtefact>;

export const JobManifest = z.object({
  format: z.literal(MANIFEST_FORMAT),
  job: z.object({
    id: z.string().regex(JOB_ID),
    type: z.string().min(1).max(40),
    status: z.string(),
    spec: z.record(z.string(), z.unknown()),
    spec_hash: z.string().min(1).max(200),
    cached: z.boolean(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    document: z.record(z.string(), z.unknown()),
  }),
  metrics: z.record(z.string(), z.unknown()).nullable(),
  artefacts: z.array(ManifestArtefact).max(1000),
  app_version: z.string(),
  freecad_version: z.string().nullable(),
  seat_id: z.string(),
  user: z.string(),
  content_sha256: SHA256,
});
export type JobManifest = z.infer<typeof JobManifest>;

export interface ManifestOrigin {
  appVersion: string;
  freecadVersion: string | null;
  seatId: string;
  user: string;
  prefix: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function contentHash(m: Pick<JobManifest, 'job' | 'metrics' | 'artefacts'>): string {
  return sha256Hex(
    canonicalJson({
      id: m.job.id,
      type: m.job.type,
      spec: m.job.spec,
      spec_hash: m.job.spec_hash,
      metrics: m.metrics,
      artefacts: [...m.artefacts].map((a) => ({ kind: a.kind, name: a.name, sha256: a.sha256, size: a.size })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    }),
  );
}

export function buildManifest(job: JobRecord, artefacts: ArtefactInfo[], origin: ManifestOrigin): JobManifest {
  // the owner (host name, pid) of the process that ran it is of no use to another seat
  const { owner: _owner, pulled_from: _pulled, ...document } = job.document as typeof job.document & { owner?: unknown; pulled_from?: unknown };
  const base = {
    job: {
      id: job.id,
      type: job.type,
      status: job.status,
      spec: job.spec as unknown as Record<string, unknown>,
      spec_hash: job.spec_hash,
      cached: job.cached,
      created_at: job.created_at,
      started_at: job.started_at,
      finished_at: job.finished_at,
      document: document as Record<string, unknown>,
    },
    metrics: (job.metrics as unknown as Record<string, unknown> | null) ?? null,
    artefacts: [...artefacts]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((a) => ({ kind: a.kind, name: a.name, sha256: a.sha256, size: a.size, mime: a.mime, meta: a.meta, key: artefactKey(origin.prefix, a.sha256) })),
  };
  return {
    format: MANIFEST_FORMAT,
    ...base,
    app_version: origin.appVersion,
    freecad_version: origin.freecadVersion,
    seat_id: origin.seatId,
    user: origin.user,
    content_sha256: contentHash(base),
  };
}

/** The bytes that go up: canonical JSON, so the same manifest always has the same sha256. */
export function manifestBytes(m: JobManifest): Buffer {
  return Buffer.from(canonicalJson(m), 'utf8');
}

/**
 * Parses a downloaded manifest. Refuses (SYNC_INTEGRITY) bytes that do not match the sha256 the
 * store recorded for them, JSON that is not a manifest, and a content hash that does not add up.
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
  const parsed = JobManifest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TezgahError('SYNC_INTEGRITY', { key, reason: `not a job manifest: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim() });
  }
  const m = parsed.data;
  if (contentHash(m) !== m.content_sha256) throw new TezgahError('SYNC_INTEGRITY', { key, reason: 'content_sha256 does not match the manifest' });
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
  const spec = m.job.spec;
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
