// The part page's Manufacturability panel: runs a DFM check of this part (3-axis milling from +Z or
// FDM printing), lists the findings of the latest check in the user's language, and hands the faces
// of the finding clicked to the 3D view. On a check job's own page it lists that job's report.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DfmReport } from '../../../../shared/api/index.js';
import type { DfmProcess, JobRecord } from '../../../../shared/jobs.js';
import { api } from '../../../lib/api.js';
import { showError } from '../../../lib/errors.js';
import { routeHref } from '../../../lib/routes.js';
import { useLang } from '../../../lib/settings.js';
import { useAction, useQuery } from '../../../lib/useQuery.js';
import { formatNumber } from '../../../lib/units.js';
import { ErrorBox } from '../../../ui/common.js';
import { jobsStore, useJobs } from '../../jobs/store.js';

const UNIT: Record<string, string> = { mm: 'mm', mm2: 'mm²', deg: '°', min: 'min' };

/** FreeCAD's face names ('Face3') as the viewer's 0-based face ids (2). */
export function faceIds(faces: readonly string[]): number[] {
  return faces.flatMap((f) => {
    const m = /^Face([1-9]\d*)$/.exec(f);
    return m ? [Number(m[1]) - 1] : [];
  });
}

/** The newest check of this part for this process, in the jobs list. */
function latestCheck(byId: Record<string, JobRecord>, part: string, process: DfmProcess): JobRecord | null {
  let best: JobRecord | null = null;
  for (const j of Object.values(byId)) {
    if (j.type !== 'check' || j.spec.part !== part || j.spec.process !== process) continue;
    if (!best || j.created_at > best.created_at) best = j;
  }
  return best;
}

export function DfmPanel({ job, onFocus }: { job: JobRecord; onFocus?: (faces: number[] | null) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const own = job.type === 'check';
  const [process, setProcess] = useState<DfmProcess>(job.type === 'check' ? job.spec.process : 'milling');
  const byId = useJobs((s) => s.byId);
  const check = own ? job : latestCheck(byId, job.id, process);
  const [selected, setSelected] = useState<number | null>(null);
  const { data: report, error: reportError } = useQuery<DfmReport>(
    check?.status === 'succeeded' ? () => api().call('dfm.report', { id: check.id, lang }) : null,
    [check?.id, check?.status, lang],
  );
  const {
    run: submit,
    busy,
    error,
  } = useAction(async () => {
    const j = await api().call('jobs.submit', { spec: { type: 'check', part: job.id, process } });
    jobsStore.getState().upsert(j);
    setSelected(null);
    onFocus?.(null);
  });
  const running = !!check && (check.status === 'queued' || check.status === 'running');
  const findings = useMemo(() => (check?.status === 'succeeded' ? (report?.findings ?? []) : []), [check?.status, report]);

  const pick = (i: number) => {
    const next = selected === i ? null : i;
    setSelected(next);
    onFocus?.(next === null ? null : faceIds(findings[next]!.faces));
  };
  const value = (v: number | null, unit: string) => (v === null ? '—' : `${formatNumber(v, lang)} ${UNIT[unit] ?? unit}`);

  return (
    <section className="panel dfm-panel" aria-labelledby="dfm-title" data-testid="dfm-panel">
      <h2 className="panel-title" id="dfm-title">
        {t('dfm.title')}
      </h2>
      {!own && (
        <div className="form-row">
          <label>
            <span>{t('dfm.process')}</span>
            <select
              value={process}
              onChange={(e) => {
                setProcess(e.target.value as DfmProcess);
                setSelected(null);
                onFocus?.(null);
              }}
              data-field="dfm-process"
            >
              <option value="milling">{t('dfm.milling')}</option>
              <option value="fdm">{t('dfm.fdm')}</option>
            </select>
          </label>
          <button type="button" className="btn" disabled={busy || running} onClick={() => void submit()} data-action="dfm-check">
            {running ? t('dfm.checking') : check ? t('dfm.again') : t('dfm.check')}
          </button>
        </div>
      )}
      {error != null && <ErrorBox error={showError(error, lang)} compact />}
      {reportError != null && <ErrorBox error={showError(reportError, lang)} compact />}
      {!check && <p className="muted small">{t('dfm.notYet')}</p>}
      {check && (check.status === 'failed' || check.status === 'cancelled') && <p className="muted small">{t('dfm.failed')}</p>}
      {report && check?.status === 'succeeded' && (
        <>
          <p className={report.ok ? 'dfm-verdict ok' : 'dfm-verdict not-ok'} data-ok={report.ok}>
            {report.verdict}
          </p>
          {!findings.length && <p className="muted small">{t('dfm.noFindings')}</p>}
          <ul className="dfm-findings">
            {findings.map((f, i) => (
              <li key={`${f.code}-${f.faces.join(',')}-${i}`} data-code={f.code} data-severity={f.severity}>
                <button
                  type="button"
                  className={selected === i ? 'dfm-finding selected' : 'dfm-finding'}
                  aria-pressed={selected === i}
                  title={f.faces.length ? t('dfm.showFaces') : undefined}
                  onClick={() => pick(i)}
                  data-action="dfm-finding"
                >
                  <span className={`badge severity-${f.severity}`}>{t(`dfm.severity.${f.severity}`)}</span>{' '}
                  <span className="mono small">{f.code}</span>
                  <span className="dfm-message">{f.message}</span>
                  {(f.measured !== null || f.allowed !== null) && (
                    <span className="muted small">
                      {t('dfm.measured', { measured: value(f.measured, f.unit), allowed: value(f.allowed, f.unit) })}
                    </span>
                  )}
                  {f.faces.length > 0 && <span className="muted small">{t('dfm.faces', { faces: f.faces.join(', ') })}</span>}
                  <span className="dfm-hint small">{f.hint}</span>
                </button>
              </li>
            ))}
          </ul>
          {!own && check && (
            <a className="small" href={routeHref({ name: 'part', id: check.id })}>
              {t('dfm.openReport')}
            </a>
          )}
        </>
      )}
    </section>
  );
}
