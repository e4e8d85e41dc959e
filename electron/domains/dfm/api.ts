// The DFM API group. `dfm.report`: a finished manufacturability check's findings in the one shape the
// CLI and the part page read, each message and hint in the language asked for.
import type { ApiGroup, DfmReport } from '../../../shared/api/index.js';
import { TezgahError } from '../../../shared/errors.js';
import { DFM_TEXT } from '../../../shared/i18n/dfm.js';
import { say, type Lang } from '../../../shared/i18n/text.js';
import { isJobOf, resultOf, type JobRecord } from '../../../shared/jobs.js';
import type { JobManager } from '../../jobs/manager.js';

export interface DfmApiDeps {
  jobs: JobManager;
  lang: () => Lang;
}

export function dfmApi(d: DfmApiDeps): ApiGroup<'dfm'> {
  return {
    'dfm.report': ({ id, lang }) => {
      const job = d.jobs.get(id);
      if (!isJobOf(job, 'check'))
        throw new TezgahError('VALIDATION_ERROR', { field: 'id', detail: `job ${id} is a ${job.type} job, not a manufacturability check` });
      const r = dfmReportOf(job, lang ?? d.lang());
      if (!r) throw new TezgahError('VALIDATION_ERROR', { field: 'id', detail: `job ${id} is ${job.status}; it has no report` });
      return r;
    },
  };
}

/** A check job's report in one language, or null before it succeeded. */
export function dfmReportOf(job: JobRecord, lang: Lang): DfmReport | null {
  const r = resultOf(job, 'check');
  if (!r) return null;
  const process = DFM_TEXT.process[r.process][lang];
  return {
    job_id: job.id,
    ok: r.ok,
    process: r.process,
    setups: r.setups,
    machine: r.machine,
    verdict: r.ok ? say(DFM_TEXT.verdict.ok, lang, { process }) : say(DFM_TEXT.verdict.notOk, lang, { process, count: r.counts.error }),
    findings: r.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      faces: f.faces,
      measured: f.measured,
      allowed: f.allowed,
      unit: f.unit,
      at_mm: f.at_mm,
      message: f.message[lang],
      hint: f.hint[lang],
    })),
    counts: r.counts,
    summary: {
      faces: r.summary.faces,
      rays: r.summary.rays,
      volume_mm3: r.summary.volume_mm3,
      size_mm: r.summary.size_mm,
      thinnest_mm: r.summary.thinnest_mm,
      ...(r.summary.print_time_s !== undefined ? { print_time_s: r.summary.print_time_s } : {}),
    },
  };
}
