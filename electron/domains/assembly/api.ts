// The assembly API group: `assembly.check` (a spec's schema issues and rule findings, no FreeCAD) and
// `assembly.result` (a succeeded assembly job's result and the hrefs of its GLB, FCStd and BOM CSV).
import type { ApiGroup, AssemblyCheckReport, AssemblyJobView } from '../../../shared/api/index.js';
import { AssemblySpec, checkAssembly } from '../../../shared/assembly.js';
import { TezgahError } from '../../../shared/errors.js';
import { isJobOf, resultOf, type ArtefactInfo } from '../../../shared/jobs.js';
import type { JobManager } from '../../jobs/manager.js';

export interface AssemblyApiDeps {
  jobs: Pick<JobManager, 'get' | 'artefactsOf'>;
  hrefFor: (a: ArtefactInfo) => string;
}

export function checkAssemblySpec(spec: unknown): AssemblyCheckReport {
  const parsed = AssemblySpec.safeParse(spec);
  if (!parsed.success)
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        code: 'VALIDATION_ERROR',
        rule: 'schema',
        path: i.path.map(String).join('.'),
        detail: { en: i.message, tr: i.message },
      })),
    };
  const r = checkAssembly(parsed.data);
  return { ok: r.ok, issues: r.issues.map((i) => ({ code: i.code, rule: i.rule, path: i.path, detail: i.detail })) };
}

export function assemblyApi(d: AssemblyApiDeps): ApiGroup<'assembly'> {
  return {
    'assembly.check': ({ spec }) => checkAssemblySpec(spec),
    'assembly.result': ({ id }): AssemblyJobView => {
      const job = d.jobs.get(id);
      if (!isJobOf(job, 'assembly'))
        throw new TezgahError('VALIDATION_ERROR', { field: 'id', detail: `job ${id} is a ${job.type} job, not an assembly job` });
      const assembly = resultOf(job, 'assembly');
      if (job.status !== 'succeeded' || !assembly)
        throw new TezgahError('INVALID_STATE', { field: 'id', detail: `job ${id} is ${job.status}` });
      const arts = d.jobs.artefactsOf(id);
      const href = (kind: string, exploded = false) => {
        const a = arts.find((x) => x.kind === kind && !!x.meta?.exploded === exploded);
        return a ? d.hrefFor(a) : null;
      };
      return {
        job_id: id,
        assembly,
        glb_href: href('glb'),
        fcstd_href: href('fcstd'),
        bom_csv_href: href('bom_csv'),
        exploded_glb_href: href('glb', true),
      };
    },
  };
}
