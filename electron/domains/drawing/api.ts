// The drawing API group. `drawing.sheet`: a finished drawing job's sheet as the Drawing tab shows it
// (the SVG text, read from the stored artefact), what the sheet holds, and its files to download.
import { readFile } from 'node:fs/promises';
import type { ApiGroup, DrawingSheet } from '../../../shared/api/index.js';
import { TezgahError } from '../../../shared/errors.js';
import { isJobOf, resultOf, type ArtefactInfo } from '../../../shared/jobs.js';
import type { JobManager } from '../../jobs/manager.js';
import type { ArtefactStore } from '../../platform/artefact-store.js';

export interface DrawingApiDeps {
  jobs: Pick<JobManager, 'get' | 'artefactsOf'>;
  artefacts: Pick<ArtefactStore, 'pathFor'>;
  hrefFor: (a: ArtefactInfo) => string;
}

/** an SVG larger than this is not a sheet we wrote */
const MAX_SVG_BYTES = 32 << 20;

export function drawingApi(d: DrawingApiDeps): ApiGroup<'drawing'> {
  return {
    'drawing.sheet': async ({ id }): Promise<DrawingSheet> => {
      const job = d.jobs.get(id);
      if (!isJobOf(job, 'drawing'))
        throw new TezgahError('VALIDATION_ERROR', { field: 'id', detail: `job ${id} is a ${job.type} job, not a drawing job` });
      const drawing = resultOf(job, 'drawing');
      if (job.status !== 'succeeded' || !drawing)
        throw new TezgahError('VALIDATION_ERROR', {
          field: 'id',
          detail: `the drawing job is ${job.status}; its sheet appears when it has succeeded`,
        });
      const arts = d.jobs.artefactsOf(id);
      const svg = arts.find((a) => a.kind === 'svg');
      if (!svg) throw new TezgahError('NOT_FOUND', { id, field: 'svg' });
      if (svg.size > MAX_SVG_BYTES) throw new TezgahError('VALIDATION_ERROR', { field: 'id', detail: 'the sheet is too large to show' });
      const { part, ...rest } = drawing;
      return {
        job_id: id,
        part,
        drawing: rest,
        svg: await readFile(d.artefacts.pathFor(svg.sha256), 'utf8'),
        artefacts: arts.map((a) => ({ id: a.id, kind: a.kind, name: a.name, href: d.hrefFor(a), sha256: a.sha256, bytes: a.size })),
      };
    },
  };
}
