// Where a CAM job's part comes from: a finished job of this data dir (its STEP, else its FCStd) or a
// STEP/FCStd file on disk. Resolved when the job is submitted (the file's hash goes into the spec, so
// an edited file is a new job) and again when it runs (the file is copied into the job dir).
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { TezgahError } from '../../../shared/errors.js';
import type { ArtefactInfo, BBox, JobRecord } from '../../../shared/jobs.js';
import { ascii } from './plan.js';

/** What the CAM flow may look up in the data dir (given by the composition root). */
export interface PartLookup {
  job(id: string): JobRecord | undefined;
  artefacts(jobId: string): ArtefactInfo[];
  pathFor(sha256: string): string;
}

export interface PartSource {
  /** absolute path of the file to copy */
  path: string;
  format: 'step' | 'fcstd';
  /** a name for reports and G-code comments */
  name: string;
  sha256: string;
  /** set when the part is a job of this data dir */
  job?: JobRecord;
  /** the part job's box, when it measured one (used to refuse a too-big part before FreeCAD starts) */
  bbox?: BBox;
  /** the part job's material */
  material?: string;
}

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORMATS: Record<string, 'step' | 'fcstd'> = { '.step': 'step', '.stp': 'step', '.fcstd': 'fcstd' };

export function isJobId(ref: string): boolean {
  return JOB_ID.test(ref);
}

export async function resolvePart(ref: string, lookup: PartLookup): Promise<PartSource> {
  if (isJobId(ref)) {
    const job = lookup.job(ref);
    if (!job) throw new TezgahError('NOT_FOUND', { id: ref, field: 'part' });
    if (job.status !== 'succeeded')
      throw new TezgahError('VALIDATION_ERROR', { field: 'part', detail: `job ${ref} is ${job.status}; CAM needs a finished part` });
    const arts = lookup.artefacts(ref);
    const a = arts.find((x) => x.kind === 'step') ?? arts.find((x) => x.kind === 'fcstd');
    if (!a) throw new TezgahError('VALIDATION_ERROR', { field: 'part', detail: `job ${ref} has no STEP or FCStd file` });
    const spec = job.spec as { template?: string; material?: string };
    return {
      path: lookup.pathFor(a.sha256),
      format: a.kind === 'step' ? 'step' : 'fcstd',
      name: a.name.replace(/\.[^.]+$/, '') || spec.template || 'part',
      sha256: a.sha256,
      job,
      ...(job.metrics?.bbox_mm ? { bbox: job.metrics.bbox_mm } : {}),
      ...(spec.material ? { material: spec.material } : {}),
    };
  }
  const path = resolve(ref);
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format)
    throw new TezgahError('VALIDATION_ERROR', {
      field: 'part',
      detail: `${basename(path)}: a job id or a .step/.stp/.FCStd file is needed`,
    });
  if (!existsSync(path) || !statSync(path).isFile()) throw new TezgahError('NOT_FOUND', { id: path, field: 'part' });
  return { path, format, name: basename(path).replace(/\.[^.]+$/, ''), sha256: await sha256File(path) };
}

export function sha256File(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', rej)
      .on('end', () => res(h.digest('hex')));
  });
}

/** A file-name-safe, ASCII base name for the files made from a part ("Flanş ⌀120" → "Flans-120"). */
export function partFileBase(name: string): string {
  const s = ascii(name)
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return s || 'part';
}
