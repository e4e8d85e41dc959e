// Batch run: one template part per row of a sheet (pasted cells from a spreadsheet, a CSV file, or
// typed). "Check" shows each row as the app reads it (its parameters in mm, or its coded error)
// without any job; "Make" runs the good rows with one overall progress bar and a status per row,
// "Cancel the rest" stops it, and the summary (status, metrics, files, errors) downloads as CSV.
// Rows made before (by an earlier run of the same sheet, or the cache) are shown as such.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchRowView, BatchStatus } from '../../../shared/api/index.js';
import { api } from '../../lib/api.js';
import { showError } from '../../lib/errors.js';
import { routeHref } from '../../lib/routes.js';
import { useLang, useSettings } from '../../lib/settings.js';
import { formatMass, formatVolume } from '../../lib/units.js';
import { useAction, useQuery } from '../../lib/useQuery.js';
import { ErrorBox, ProgressBar } from '../../ui/common.js';

const BADGE: Record<string, string> = {
  pending: 'queued',
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  skipped: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function BatchPage({ template: initial }: { template?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useSettings((s) => s.units);
  const templates = useQuery(() => api().call('templates.list', {}), []);
  const [template, setTemplate] = useState(initial ?? 'prism-with-hole');
  const [csv, setCsv] = useState('');
  const [batch, setBatch] = useState<BatchStatus | null>(null);
  const def = templates.data?.find((x) => x.id === template);

  // live progress of the running batch
  useEffect(() => {
    if (!batch?.id || batch.state !== 'running') return;
    return api().on('batch', (s) => {
      if (s.id === batch.id) setBatch(s);
    });
  }, [batch?.id, batch?.state]);

  const check = useAction(async () => setBatch(await api().call('batch.validate', { template, csv })));
  const start = useAction(async () => {
    const s = await api().call('batch.start', { template, csv });
    setBatch(s);
    // the events may have gone by before the page listened
    setBatch(await api().call('batch.get', { id: s.id }));
  });
  const cancel = useAction(async () => {
    if (batch?.id) setBatch(await api().call('batch.cancel', { id: batch.id }));
  });
  const download = useAction(async () => {
    if (!batch?.id) return;
    const { name, csv: text } = await api().call('batch.summary', { id: batch.id });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  const error = templates.error ?? check.error ?? start.error ?? cancel.error ?? download.error;

  const fillHeader = () => {
    if (!def) return;
    setCsv(
      `${def.params.map((p) => (p.unit === 'mm' ? `${p.name}_mm` : p.name)).join(',')}\n${def.params.map((p) => p.default).join(',')}\n`,
    );
    setBatch(null);
  };
  const running = batch?.state === 'running' && batch.id !== '';
  const checkedOnly = batch?.id === '';
  const good = batch ? batch.rows.filter((r) => !r.invalid).length : 0;
  const cols = batch ? [...new Set(batch.rows.flatMap((r) => Object.keys(r.cells)))] : [];

  return (
    <div className="page batch" data-testid="batch-page">
      <header className="page-header">
        <h1>{t('batch.title')}</h1>
      </header>
      <section className="panel">
        <p className="muted small">{t('batch.intro')}</p>
        <div className="field">
          <label htmlFor="batch-template">{t('batch.template')}</label>
          <select
            id="batch-template"
            value={template}
            onChange={(e) => {
              setTemplate(e.target.value);
              setBatch(null);
            }}
            disabled={running}
          >
            {(templates.data ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {x.label[lang]}
              </option>
            ))}
          </select>
          {def && (
            <p className="muted small">
              <code data-testid="batch-columns">{def.params.map((p) => (p.unit === 'mm' ? `${p.name}_mm` : p.name)).join(', ')}</code>
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="batch-csv">{t('batch.sheet')}</label>
          <textarea
            id="batch-csv"
            className="mono"
            rows={8}
            spellCheck={false}
            value={csv}
            disabled={running}
            onChange={(e) => {
              setCsv(e.target.value);
              setBatch(null);
            }}
          />
        </div>
        <div className="button-row">
          <button type="button" className="btn small" onClick={fillHeader} disabled={!def || running}>
            {t('batch.header')}
          </button>
          <label className="btn small">
            {t('batch.chooseFile')}
            <input
              type="file"
              accept=".csv,.tsv,.txt,text/csv"
              hidden
              data-testid="batch-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f)
                  void f.text().then((text) => {
                    setCsv(text);
                    setBatch(null);
                  });
                e.target.value = '';
              }}
            />
          </label>
          <button
            type="button"
            className="btn small"
            data-action="batch-check"
            onClick={() => void check.run()}
            disabled={!csv.trim() || running}
          >
            {t('batch.check')}
          </button>
          <button
            type="button"
            className="btn primary small"
            data-action="batch-run"
            onClick={() => void start.run()}
            disabled={!csv.trim() || running || start.busy || (checkedOnly && good === 0)}
          >
            {t('batch.run', { count: batch ? good : '…' })}
          </button>
          {running && (
            <button type="button" className="btn small" data-action="batch-cancel" onClick={() => void cancel.run()} disabled={cancel.busy}>
              {t('batch.cancel')}
            </button>
          )}
          {batch && batch.id !== '' && batch.state !== 'running' && (
            <button type="button" className="btn small" data-action="batch-download" onClick={() => void download.run()}>
              {t('batch.download')}
            </button>
          )}
        </div>
        {error != null && <ErrorBox error={showError(error, lang)} compact />}
      </section>

      {batch && (
        <section className="panel" data-testid="batch-result" data-state={checkedOnly ? 'checked' : batch.state}>
          {checkedOnly ? (
            <p className="small">{t('batch.checked', { good, bad: batch.summary.invalid })}</p>
          ) : (
            <>
              <ProgressBar
                value={batch.progress}
                status={batch.state === 'running' ? 'running' : batch.summary.failed > batch.summary.invalid ? 'failed' : 'succeeded'}
                label={t('batch.progress')}
              />
              <p className="small" data-testid="batch-summary">
                {t('batch.summary', { ...batch.summary })}
              </p>
            </>
          )}
          <table className="table batch-table">
            <thead>
              <tr>
                <th>{t('batch.row')}</th>
                {cols.map((c) => (
                  <th key={c} className="mono" data-user-text>
                    {c}
                  </th>
                ))}
                <th>{t('batch.status')}</th>
                <th>{t('batch.result')}</th>
              </tr>
            </thead>
            <tbody>
              {batch.rows.map((r) => (
                <Row key={r.row} r={r} cols={cols} checkedOnly={checkedOnly} units={units} />
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

function Row({ r, cols, checkedOnly, units }: { r: BatchRowView; cols: string[]; checkedOnly: boolean; units: 'mm' | 'inch' }) {
  const { t } = useTranslation();
  const lang = useLang();
  const status = checkedOnly ? (r.invalid ? 'rejected' : 'ready') : r.status;
  const badge = checkedOnly ? (r.invalid ? 'failed' : 'queued') : (BADGE[r.status] ?? 'queued');
  const m = r.metrics;
  return (
    <tr data-row={r.row} data-status={status}>
      <td>{r.row}</td>
      {cols.map((c) => (
        <td key={c} className="mono" data-user-text>
          {r.cells[c]}
        </td>
      ))}
      <td>
        <span className={`badge status-${badge}`}>
          <span className="dot" aria-hidden="true" />
          {t(`batch.rowStatus.${status}`)}
        </span>
      </td>
      <td>
        {r.error ? (
          <span className="small" data-code={r.error.code}>
            <span className="mono">{r.error.code}</span> {showError(r.error, lang).message} {showError(r.error, lang).hint}
          </span>
        ) : m ? (
          <span className="small">
            {m.volume_mm3 != null ? formatVolume(m.volume_mm3, units, lang) : '—'}
            {m.mass_g != null ? ` · ${formatMass(m.mass_g, lang)}` : ''}
            {r.job_id && (
              <>
                {' · '}
                <a href={routeHref({ name: 'part', id: r.job_id })}>{t('batch.openJob')}</a>
              </>
            )}
          </span>
        ) : null}
      </td>
    </tr>
  );
}
