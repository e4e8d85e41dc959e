// The jobs API group: submit, list, follow, cancel and retry jobs, their logs, and saving an
// artefact. Errors stored in a job come back in the language asked for now.
import type { ApiGroup } from '../../../shared/api/index.js';
import { TezgahError, localizePayload, type Lang } from '../../../shared/errors.js';
import type { ArtefactInfo, JobRecord, JobSpec } from '../../../shared/jobs.js';
import { isJobId } from '../../domains/cam/source.js';
import type { FileGrants } from '../../platform/file-grants.js';
import type { JobManager } from '../../jobs/manager.js';
import type { ArtefactStore } from '../../platform/artefact-store.js';
import type { ArtefactRepo } from '../../platform/artefacts-repo.js';
import type { JobRepo } from '../../platform/jobs-repo.js';
import type { Logger } from '../../platform/logger.js';

/** The most log lines one call returns by default (the newest ones). */
export const MAX_LOG_LINES = 5000;

export interface JobsApiDeps {
  jobs: JobManager;
  jobsRepo: JobRepo;
  artefactRepo: ArtefactRepo;
  artefacts: ArtefactStore;
  logger: Logger;
  lang: () => Lang;
  /** where the client fetches an artefact */
  hrefFor: (a: ArtefactInfo) => string;
  /** Electron: a save dialog, then a copy of srcPath to the chosen file; absent: the client downloads href */
  saveArtefact?: ((a: ArtefactInfo, srcPath: string) => Promise<{ saved: boolean; path?: string }>) | undefined;
  maxLogLines?: number | undefined;
  /** the UI surfaces: every path in a spec must be a file grant (the CLI names paths directly) */
  fileGrants?: FileGrants | undefined;
}

/**
 * The spec with each file grant replaced by the file's path. Where a spec names a file (an
 * import's path, the part of a CAM, drawing or FEM job unless it is a job id), only a grant is accepted: a bare path
 * gets PATH_NOT_GRANTED, the same answer whether or not the file exists.
 */
export function grantedSpec(spec: JobSpec, grants: FileGrants): JobSpec {
  if (spec.type === 'import') return { ...spec, path: grants.resolve(spec.path, 'path') };
  if (spec.type === 'assembly') {
    const components = spec.assembly.components.map((c, i) =>
      c.source.type === 'file' ? { ...c, source: { ...c.source, path: grants.resolve(c.source.path, `components[${i}].source.path`) } } : c,
    );
    return { ...spec, assembly: { ...spec.assembly, components } };
  }
  // every job that takes a part (CAM, drawing, FEM, …): a job id or a granted file
  if ('part' in spec && typeof spec.part === 'string' && !isJobId(spec.part)) return { ...spec, part: grants.resolve(spec.part, 'part') };
  return spec;
}

/** A job with its error in `lang`. */
export function localizedJob(job: JobRecord, lang: Lang): JobRecord {
  return job.error ? { ...job, error: localizePayload(job.error, lang) } : job;
}

export function jobsApi(d: JobsApiDeps): ApiGroup<'jobs'> & ApiGroup<'artefacts'> {
  const localized = (job: JobRecord) => localizedJob(job, d.lang());
  const maxLines = d.maxLogLines ?? MAX_LOG_LINES;
  return {
    'jobs.submit': async ({ spec, idempotencyKey }) => {
      const checked = d.fileGrants ? grantedSpec(spec, d.fileGrants) : spec;
      return localized(await d.jobs.submit(checked, idempotencyKey ? { idempotencyKey } : {}));
    },
    'jobs.list': (filter) => d.jobsRepo.list(filter).map(localized),
    'jobs.get': ({ id }) => ({
      job: localized(d.jobs.get(id)),
      artefacts: d.jobs.artefactsOf(id).map((a) => ({ ...a, href: d.hrefFor(a) })),
    }),
    'jobs.wait': async ({ id }) => localized(await d.jobs.waitFor(id)),
    'jobs.cancel': ({ id }) => localized(d.jobs.cancel(id)),
    'jobs.retry': async ({ id }) => localized(await d.jobs.retry(id)),
    'jobs.log': ({ id }) => {
      d.jobs.get(id); // NOT_FOUND for an unknown job rather than an empty log
      const lines = d.logger.jobLog(id);
      return { lines: lines.length > maxLines ? lines.slice(-maxLines) : lines };
    },
    'artefacts.save': async ({ id }) => {
      const a = d.artefactRepo.get(id);
      if (!a) throw new TezgahError('NOT_FOUND', { id });
      if (!d.saveArtefact) return { saved: false, href: d.hrefFor(a) };
      return d.saveArtefact(a, d.artefacts.pathFor(a.sha256));
    },
  };
}
