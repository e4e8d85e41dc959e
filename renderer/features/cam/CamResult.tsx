// A generated program: the toolpath over the part beside the G-code, linked both ways (a line
// lights its segments, a segment selects and scrolls to its line), the operations with their
// toggles, the verification report with each finding linked to its line, and the export.
import { Suspense, lazy, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CamFinding, CamToolpath } from '../../../shared/api/index.js';
import { operationLabel } from '../../../shared/i18n/cam.js';
import { ErrorBox } from '../../ui/common.js';
import { kindLabel, type Artefact } from '../../ui/ArtefactsPanel.js';
import { useArtefactSave } from '../../ui/save.js';
import { showError } from '../../lib/errors.js';
import { useLang, useUnits } from '../../lib/settings.js';
import { formatBytes, formatDuration, formatLength, formatNumber } from '../../lib/units.js';
import { GcodeView } from './GcodeView.js';
import { nearestMovingLine, operationOfLine } from '../../viewer/toolpath.js';
import { useToolpath, type LoadedToolpath } from './useToolpath.js';
import { camVerdict, verdictText } from './verdict.js';
import { operationColour } from '../../viewer/ToolpathLayer.js';

// three.js loads with the first toolpath shown, not with the app
const ToolpathViewer = lazy(() => import('../../viewer/ToolpathViewer.js').then((m) => ({ default: m.ToolpathViewer })));

export function CamResult({ jobId, artefacts }: { jobId: string; artefacts: Artefact[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data, error, retry } = useToolpath(jobId);
  if (error != null) return <ErrorBox error={showError(error, lang)} title={t('cam.loadFailed')} onRetry={retry} />;
  if (!data) return <div className="viewer viewer-placeholder">{t('cam.loadingToolpath')}</div>;
  return <CamProgram data={data} artefacts={artefacts} />;
}

function CamProgram({ data, artefacts }: { data: LoadedToolpath; artefacts: Artefact[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { toolpath, lines, byLine, marks } = data;
  const [selected, setSelected] = useState<number | null>(null);
  const [scrollKey, setScrollKey] = useState(0);
  const [hiddenOps, setHiddenOps] = useState<ReadonlySet<number>>(new Set());
  const [rapids, setRapids] = useState(true);

  const select = useCallback((line: number, scroll: boolean) => {
    setSelected(line);
    if (scroll) setScrollKey((k) => k + 1);
  }, []);
  const highlight = useMemo(() => {
    if (selected === null) return [];
    const line = nearestMovingLine(byLine, selected, lines.length);
    return line === null ? [] : (byLine.get(line) ?? []);
  }, [selected, byLine, lines.length]);
  const op = selected === null ? -1 : operationOfLine(toolpath.operations, selected);
  const range: [number, number] | null = op >= 0 ? [toolpath.operations[op]!.first_line, toolpath.operations[op]!.last_line] : null;

  const toggleOp = (i: number) =>
    setHiddenOps((cur) => {
      const next = new Set(cur);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  return (
    <div className="cam-program" data-verified={toolpath.verification.ok ? 'ok' : 'failed'}>
      <div className="cam-stage">
        <Suspense fallback={<div className="viewer viewer-placeholder">{t('cam.loadingToolpath')}</div>}>
          <ToolpathViewer
            toolpath={toolpath}
            hiddenOps={hiddenOps}
            rapids={rapids}
            highlight={highlight}
            onPickSegment={(i) => select(toolpath.segments.lines[i]!, true)}
            onToggleRapids={() => setRapids((r) => !r)}
          />
        </Suspense>
        <section className="panel gcode-panel" aria-labelledby="gcode-title">
          <div className="gcode-head">
            <h2 className="panel-title" id="gcode-title">
              {t('cam.gcode')}
            </h2>
            <span className="muted small ellipsis mono" title={toolpath.gcode.name}>
              {toolpath.gcode.name} · {t('cam.lineCount', { count: toolpath.gcode.lines })}
            </span>
          </div>
          {toolpath.gcode.truncated && <p className="muted small">{t('cam.truncated')}</p>}
          <GcodeView
            lines={lines}
            selected={selected}
            marks={marks}
            range={range}
            onSelect={(l) => select(l, false)}
            scrollKey={scrollKey}
          />
          <div className="gcode-foot small muted" aria-live="polite">
            {selected !== null ? (
              <span data-testid="selected-line">
                {t('cam.lineSelected', { line: selected, count: highlight.length })}
                {op >= 0 ? ` · ${operationLabel(toolpath.operations[op]!.label, toolpath.operations[op]!.kind, lang)}` : ''}
              </span>
            ) : (
              <span>{t('cam.lineHint')}</span>
            )}
          </div>
        </section>
      </div>
      <div className="cam-panels">
        <OperationsPanel toolpath={toolpath} hidden={hiddenOps} onToggle={toggleOp} onShowLine={(l) => select(l, true)} />
        <VerificationPanel toolpath={toolpath} onShowLine={(l) => select(l, true)} />
        <SummaryPanel toolpath={toolpath} artefacts={artefacts} />
      </div>
    </div>
  );
}

function OperationsPanel({
  toolpath,
  hidden,
  onToggle,
  onShowLine,
}: {
  toolpath: CamToolpath;
  hidden: ReadonlySet<number>;
  onToggle: (i: number) => void;
  onShowLine: (line: number) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const between = toolpath.segments.ops.some((o) => o < 0);
  return (
    <section className="panel" aria-labelledby="ops-title">
      <h2 className="panel-title" id="ops-title">
        {t('cam.operations')}
      </h2>
      <ul className="op-list" role="list">
        {toolpath.operations.map((o, i) => (
          <li key={o.label} data-op={o.label}>
            <label className="check">
              <input type="checkbox" checked={!hidden.has(i)} onChange={() => onToggle(i)} data-toggle-op={i} />
              <span className="swatch" style={{ background: operationColour(i) }} aria-hidden="true" />
              <span className="op-label">{operationLabel(o.label, o.kind, lang)}</span>
            </label>
            <span className="muted small">
              {t(`operation.${o.kind}`, { defaultValue: o.kind })}
              {o.tool_number !== null ? ` · T${o.tool_number}` : ''}
            </span>
            <button type="button" className="link" onClick={() => onShowLine(o.first_line)}>
              {t('cam.lines', { from: o.first_line, to: o.last_line })}
            </button>
          </li>
        ))}
        {between && (
          <li data-op="between">
            <label className="check">
              <input type="checkbox" checked={!hidden.has(-1)} onChange={() => onToggle(-1)} data-toggle-op={-1} />
              <span className="swatch" style={{ background: operationColour(-1) }} aria-hidden="true" />
              <span className="op-label">{t('cam.between')}</span>
            </label>
          </li>
        )}
      </ul>
    </section>
  );
}

export function findingText(f: CamFinding, lang: 'tr' | 'en'): { message: string; hint: string } {
  const shown = showError({ code: f.code, details: { line: f.line, detail: f.message, ...(f.details ?? {}) } }, lang);
  return shown.code === 'INTERNAL' ? { message: f.message, hint: '' } : { message: shown.message, hint: shown.hint };
}

export function VerificationPanel({ toolpath, onShowLine }: { toolpath: CamToolpath; onShowLine?: (line: number) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { findings } = toolpath.verification;
  const verdict = camVerdict(toolpath);
  const { ok } = verdict;
  return (
    <section className="panel verify-panel" aria-labelledby="verify-title" data-ok={ok ? 'true' : 'false'}>
      <h2 className="panel-title" id="verify-title">
        {t('cam.verification')}
        <span className={`badge ${ok ? 'status-succeeded' : 'status-failed'}`} data-testid="verification">
          <span className="dot" aria-hidden="true" />
          {ok ? t('cam.verified') : verdictText(verdict, t)}
        </span>
      </h2>
      <PlanNotes toolpath={toolpath} />
      {findings.length === 0 ? (
        <p className="muted small">{t('cam.noFindings')}</p>
      ) : (
        <ul className="findings" role="list">
          {findings.map((f, i) => {
            const text = findingText(f, lang);
            return (
              <li key={i} className={`finding ${f.severity}`} data-code={f.code} data-line={f.line}>
                <span className={`sev sev-${f.severity}`}>{t(`cam.severity.${f.severity}`)}</span>
                <div className="finding-body">
                  <div className="finding-message">{text.message}</div>
                  {text.hint && <div className="muted small">{text.hint}</div>}
                  <code className="small muted">{f.code}</code>
                </div>
                {onShowLine && (
                  <button type="button" className="btn small" onClick={() => onShowLine(f.line)} data-goto-line={f.line}>
                    {t('cam.goToLine', { line: f.line })}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function SummaryPanel({ toolpath, artefacts }: { toolpath: CamToolpath; artefacts: Artefact[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  const { save, error, saved } = useArtefactSave();
  const box = (b: CamToolpath['stock_mm']) =>
    b
      ? `${formatLength(b.xmax - b.xmin, units, lang)} × ${formatLength(b.ymax - b.ymin, units, lang)} × ${formatLength(b.zmax - b.zmin, units, lang)}`
      : '—';
  const gcode = artefacts.find((a) => a.kind === 'gcode');
  const rest = artefacts.filter((a) => a.kind !== 'gcode');
  return (
    <section className="panel" aria-labelledby="summary-title">
      <h2 className="panel-title" id="summary-title">
        {t('cam.program')}
      </h2>
      <dl className="metrics">
        <div className="metric">
          <dt>{t('cam.estimated')}</dt>
          <dd className="tabular">{toolpath.estimated_seconds != null ? formatDuration(toolpath.estimated_seconds * 1000, lang) : '—'}</dd>
        </div>
        <div className="metric">
          <dt>{t('cam.stock')}</dt>
          <dd className="tabular">{box(toolpath.stock_mm)}</dd>
        </div>
        <div className="metric">
          <dt>{t('cam.bounds')}</dt>
          <dd className="tabular">{box(toolpath.bounds_mm)}</dd>
        </div>
        <div className="metric">
          <dt>{t('cam.segments')}</dt>
          <dd className="tabular">{formatNumber(toolpath.segments.count, lang)}</dd>
        </div>
      </dl>
      {gcode && (
        <button type="button" className="btn primary export-btn" onClick={() => void save(gcode)} data-export="gcode">
          {t('cam.export', { name: gcode.name })}
        </button>
      )}
      <ul className="artefacts" role="list">
        {rest.map((a) => (
          <li key={a.id} data-kind={a.kind}>
            <span className={`kind kind-${a.kind}`}>{kindLabel(a.kind)}</span>
            <span className="ellipsis" title={a.name}>
              {a.name}
            </span>
            <span className="muted small tabular">{formatBytes(a.size, lang)}</span>
            <button
              type="button"
              className="btn small"
              onClick={() => void save(a)}
              data-save={a.kind}
              aria-label={t('part.saveFile', { name: a.name })}
            >
              {t('common.save')}
            </button>
          </li>
        ))}
      </ul>
      {saved && (
        <p className="note small" role="status">
          {t('part.saved', { path: saved })}
        </p>
      )}
      {error != null && <ErrorBox error={showError(error, lang)} compact />}
    </section>
  );
}

/** The features left unmade and the planner's notes, in the page's language. */
export function PlanNotes({ toolpath, limit }: { toolpath: CamToolpath; limit?: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const notes = limit === undefined ? toolpath.notes : toolpath.notes.slice(0, limit);
  return (
    <>
      {toolpath.skipped.length > 0 && (
        <div className="plan-skipped" data-testid="cam-skipped">
          <h3 className="small">{t('cam.skippedTitle')}</h3>
          <ul className="findings" role="list">
            {toolpath.skipped.map((s, i) => (
              <li key={i} className="finding error" data-op={s.op}>
                <span className="sev sev-error">{t(`operation.${s.op}`)}</span>
                <div className="finding-body">{s.detail[lang]}</div>
              </li>
            ))}
          </ul>
        </div>
      )}
      {notes.length > 0 && (
        <details className="plan-notes small" data-testid="cam-notes">
          <summary>
            {t('cam.notesTitle')} ({toolpath.notes.length})
          </summary>
          <ul>
            {notes.map((n, i) => (
              <li key={i}>{n[lang]}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
