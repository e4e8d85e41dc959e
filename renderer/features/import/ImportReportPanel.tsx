// The import report beside the 3D view: what the file was, which units its numbers were read in
// (and why), the parts and assembly, mesh checks, and every conversion, repair and warning.
import { useTranslation } from 'react-i18next';
import { showError } from '../../lib/errors.js';
import { useLang } from '../../lib/settings.js';
import { formatBytes, formatNumber } from '../../lib/units.js';
import { reportOf, type ImportReportView } from './report.js';

export function ImportReportPanel({ result }: { result: unknown }) {
  const { t } = useTranslation();
  const lang = useLang();
  const r: ImportReportView | null = reportOf(result);
  if (!r) return null;
  const src = r.source;
  const row = (key: string, label: string, value: string | null | undefined) =>
    value ? (
      <div className="metric" data-report={key}>
        <dt>{label}</dt>
        <dd className="wrap">{value}</dd>
      </div>
    ) : null;
  const source = r.units_source ? t(`importReport.unitsSource.${r.units_source}`, { defaultValue: r.units_source }) : '';
  return (
    <section className="panel import-report" aria-labelledby="import-report-title" data-testid="import-report" data-format={r.format}>
      <h2 className="panel-title" id="import-report-title">
        {t('importReport.title')}
      </h2>
      <dl className="metrics">
        {row('file', t('importReport.file'), src?.name)}
        {row(
          'format',
          t('importReport.format'),
          [
            r.format ? t(`importText.format.${r.format}`, { defaultValue: r.format.toUpperCase() }) : null,
            src?.variant ? t(`importText.variant.${src.variant}`, { defaultValue: src.variant }) : null,
          ]
            .filter(Boolean)
            .join(' · '),
        )}
        {row('protocol', t('importReport.protocol'), src?.protocol)}
        {row('system', t('importReport.system'), src?.originating_system)}
        {row('size', t('importReport.size'), src?.size_bytes != null ? formatBytes(src.size_bytes, lang) : null)}
        {row('units-detected', t('importReport.unitsDetected'), r.units_detected ?? t('importReport.unitsNone'))}
        {row('units-used', t('importReport.unitsUsed'), r.units_used ? `${r.units_used}${source ? ` (${source})` : ''}` : null)}
      </dl>
      {r.parts.length > 0 && (
        <details className="report-block" open={r.parts.length <= 6}>
          <summary>
            {t('importReport.parts')} <span className="muted">({r.parts.length})</span>
          </summary>
          <ul className="report-list" role="list">
            {r.parts.map((p, i) => (
              <li key={i} data-kind={p.kind}>
                {p.colour && <span className="swatch" style={{ background: p.colour }} aria-hidden="true" />}
                <span className="ellipsis" title={p.path || p.name}>
                  {p.name}
                </span>
                <span className="muted small">
                  {t(`importReport.${p.kind}`, { defaultValue: p.kind })}
                  {p.valid === false ? ` · ${t('importReport.invalid')}` : ''}
                  {p.faces != null ? ` · ${t('importText.faceCount', { n: formatNumber(p.faces, lang) })}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {r.assembly.length > 0 && r.parts.length > 1 && (
        <details className="report-block">
          <summary>{t('importReport.assembly')}</summary>
          <AssemblyTree nodes={r.assembly} />
        </details>
      )}
      {r.mesh && (
        <details className="report-block" open>
          <summary>{t('importReport.meshChecks')}</summary>
          <dl className="metrics compact">
            {Object.entries(r.mesh)
              .filter(([, v]) => typeof v !== 'object' || v === null)
              .map(([k, v]) => (
                <div key={k} className="metric">
                  <dt className="small">{t(`importText.mesh.${k}`, { defaultValue: k })}</dt>
                  <dd className="tabular">{shownValue(v, t, lang)}</dd>
                </div>
              ))}
          </dl>
        </details>
      )}
      <RecordList title={t('importReport.conversions')} items={r.conversions} kind="conversion" />
      <RecordList title={t('importReport.repairs')} items={r.repairs} kind="repair" />
      {r.warnings.length > 0 && (
        <div className="report-block">
          <h3 className="section-title">{t('importReport.warnings')}</h3>
          <ul className="report-list" role="list">
            {r.warnings.map((w, i) => {
              const shown = showError(w, lang);
              return (
                <li key={i} className="report-warning" data-code={w.code}>
                  <span className="sev sev-warning">{w.code}</span>
                  <span>
                    {shown.code === 'INTERNAL' ? w.message : shown.message}
                    {shown.hint && shown.code !== 'INTERNAL' ? <span className="muted small"> {shown.hint}</span> : null}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {r.notes.length > 0 && (
        <div className="report-block">
          <h3 className="section-title">{t('importReport.notes')}</h3>
          <ul className="report-notes">
            {r.notes.map((n, i) => (
              <li key={i} className="small">
                {n[lang]}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** A report value as the user reads it: yes/no, numbers in the language's style. */
function shownValue(v: unknown, t: (k: string) => string, lang: 'tr' | 'en'): string {
  if (typeof v === 'boolean') return t(v ? 'importText.yes' : 'importText.no');
  if (typeof v === 'number') return formatNumber(v, lang);
  if (Array.isArray(v)) return v.map((x) => shownValue(x, t, lang)).join(', ');
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

function RecordList({ title, items, kind }: { title: string; items: Record<string, unknown>[]; kind: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!items.length) return null;
  return (
    <div className="report-block" data-block={kind}>
      <h3 className="section-title">{title}</h3>
      <ul className="report-list" role="list">
        {items.map((c, i) => (
          <li key={i}>
            <span className="small">{t(`importText.kind.${String(c.kind ?? kind)}`, { defaultValue: String(c.kind ?? kind) })}</span>
            <span className="muted small wrap">
              {Object.entries(c)
                .filter(([k]) => k !== 'kind')
                .map(([k, v]) => `${t(`importText.field.${k}`, { defaultValue: k })} ${shownValue(v, t, lang)}`)
                .join(' · ')}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function AssemblyTree({ nodes }: { nodes: ImportReportView['assembly'] }) {
  return (
    <ul className="assembly">
      {nodes.map((n, i) => (
        <li key={i}>
          <span className={n.part ? '' : 'muted'}>{n.name}</span>
          {n.children?.length ? <AssemblyTree nodes={n.children} /> : null}
        </li>
      ))}
    </ul>
  );
}
