// The viewer panel: canvas, toolbar (fit, standard views, wireframe, edges, section, measure) and
// the selection read-out (picked face, measured distance) in the current units.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BBox } from '../../shared/jobs.js';
import { onAction } from '../lib/actions.js';
import { ErrorBox } from '../ui/common.js';
import { showError } from '../lib/errors.js';
import { useLang, useUnits } from '../lib/settings.js';
import { formatArea, formatLength } from '../lib/units.js';
import type { Axis, ViewName } from './geometry.js';
import {
  PartViewer,
  type FacePick,
  type FieldPainter,
  type MeasureState,
  type ModelInfo,
  type SectionState,
  type ViewerMode,
} from './PartViewer.js';

const VIEWS: ViewName[] = ['front', 'top', 'right', 'iso'];

export function Viewer({
  url,
  reference,
  highlight = null,
  onPick,
  colorize = null,
}: {
  url: string;
  reference: BBox | null;
  /** faces to colour and frame (0-based GLB face ids), e.g. a manufacturability finding's */
  highlight?: readonly number[] | null;
  /** told of every face pick (the Simulation tab takes picked faces for supports and loads) */
  onPick?: (p: FacePick | null) => void;
  /** a result field drawn over the part, made from the meshes' geometry; null: the part alone */
  colorize?: FieldPainter | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<PartViewer | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<unknown>(null);
  const [info, setInfo] = useState<ModelInfo | null>(null);
  const [wireframe, setWireframe] = useState(false);
  const [edges, setEdges] = useState(true);
  const [section, setSection] = useState<SectionState>({ enabled: false, axis: 'z', t: 0.5, flip: false });
  const [mode, setMode] = useState<ViewerMode>('pick');
  const [pick, setPick] = useState<FacePick | null>(null);
  const [measure, setMeasure] = useState<MeasureState>({ points: [], distance: null });
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;

  useEffect(() => {
    const v = new PartViewer(host.current!);
    viewer.current = v;
    v.onPick = (p) => {
      setPick(p);
      onPickRef.current?.(p);
    };
    v.onMeasure = setMeasure;
    let live = true;
    setState('loading');
    v.load(url, reference)
      .then((i) => {
        if (!live) return;
        setInfo(i);
        setState('ready');
      })
      .catch((err: unknown) => {
        if (!live) return;
        setError(err);
        setState('error');
      });
    return () => {
      live = false;
      v.dispose();
      viewer.current = null;
    };
  }, [url]);

  useEffect(() => {
    const v = viewer.current;
    if (!v || state !== 'ready') return;
    v.setFieldSurfaces(colorize ? colorize(v.meshGeometry()) : null);
  }, [colorize, state]);
  useEffect(() => viewer.current?.setWireframe(wireframe), [wireframe]);
  useEffect(() => viewer.current?.setEdges(edges), [edges]);
  useEffect(() => viewer.current?.setSection(section), [section]);
  useEffect(() => viewer.current?.setMode(mode), [mode]);
  const [focused, setFocused] = useState(0);
  useEffect(() => {
    if (state === 'ready') setFocused(viewer.current?.highlightFaces(highlight ?? []) ?? 0);
  }, [highlight, state]);

  useEffect(() => {
    const offs = [
      onAction('fit', () => viewer.current?.fit()),
      onAction('wireframe', () => setWireframe((w) => !w)),
      onAction('measure', () => setMode((m) => (m === 'measure' ? 'pick' : 'measure'))),
      onAction('escape', () => {
        if (mode === 'measure') setMode('pick');
        else viewer.current?.clearPick();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [mode]);

  return (
    <section className="viewer" aria-label={t('part.viewer')}>
      <div className="viewer-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
        <button
          type="button"
          className="tool"
          onClick={() => viewer.current?.fit()}
          title={`${t('viewer.fit')} (F)`}
          aria-keyshortcuts="F"
          data-tool="fit"
        >
          {t('viewer.fit')}
        </button>
        <span className="tool-group" role="group" aria-label={t('viewer.toolbar')}>
          {VIEWS.map((v) => (
            <button key={v} type="button" className="tool" onClick={() => viewer.current?.view(v)} data-view={v}>
              {t(`viewer.${v}`)}
            </button>
          ))}
        </span>
        <button
          type="button"
          className="tool"
          aria-pressed={wireframe}
          onClick={() => setWireframe(!wireframe)}
          title={`${t('viewer.wireframe')} (W)`}
          aria-keyshortcuts="W"
          data-tool="wireframe"
        >
          {t('viewer.wireframe')}
        </button>
        <button type="button" className="tool" aria-pressed={edges} onClick={() => setEdges(!edges)} data-tool="edges">
          {t('viewer.edges')}
        </button>
        <button
          type="button"
          className="tool"
          aria-pressed={section.enabled}
          onClick={() => setSection({ ...section, enabled: !section.enabled })}
          data-tool="section"
        >
          {t('viewer.section')}
        </button>
        <button
          type="button"
          className="tool"
          aria-pressed={mode === 'measure'}
          onClick={() => setMode(mode === 'measure' ? 'pick' : 'measure')}
          title={`${t('viewer.measure')} (M)`}
          aria-keyshortcuts="M"
          data-tool="measure"
        >
          {t('viewer.measure')}
        </button>
      </div>
      {section.enabled && (
        <div className="section-controls">
          <span className="tool-group" role="radiogroup" aria-label={t('viewer.sectionAxis')}>
            {(['x', 'y', 'z'] as Axis[]).map((a) => (
              <button
                key={a}
                type="button"
                role="radio"
                aria-checked={section.axis === a}
                className="tool"
                onClick={() => setSection({ ...section, axis: a })}
              >
                {a.toUpperCase()}
              </button>
            ))}
          </span>
          <label className="slider">
            <span className="visually-hidden">{t('viewer.sectionPosition')}</span>
            <input
              type="range"
              min={0}
              max={1000}
              value={Math.round(section.t * 1000)}
              onChange={(e) => setSection({ ...section, t: Number(e.target.value) / 1000 })}
              aria-valuetext={info ? formatLength(sectionAt(info.box, section), units, lang) : undefined}
              data-tool="section-slider"
            />
          </label>
          <span className="tabular small">{info ? formatLength(sectionAt(info.box, section), units, lang) : ''}</span>
          <button
            type="button"
            className="tool"
            aria-pressed={section.flip}
            onClick={() => setSection({ ...section, flip: !section.flip })}
          >
            {t('viewer.flip')}
          </button>
        </div>
      )}
      <div className="viewer-stage">
        <div
          ref={host}
          className="viewer-host"
          data-state={state}
          data-colored={colorize ? 'true' : 'false'}
          data-triangles={info?.triangles ?? ''}
          data-focused-faces={focused}
          data-testid="viewer-host"
        />
        {state === 'loading' && <div className="viewer-note">{t('part.loadingModel')}</div>}
        {state === 'error' && (
          <div className="viewer-note">
            <ErrorBox error={showError(error, lang)} title={t('part.previewFailed')} compact />
          </div>
        )}
        <div className="viewer-readout" aria-live="polite">
          {mode === 'measure' ? (
            measure.distance !== null ? (
              <dl className="readout" data-readout="measure">
                <dt>{t('viewer.distance')}</dt>
                <dd className="tabular" data-value={measure.distance}>
                  {formatLength(measure.distance, units, lang)}
                </dd>
                {(['dx', 'dy', 'dz'] as const).map((k, i) => (
                  <span key={k} className="readout-pair">
                    <dt>{t(`viewer.${k}`)}</dt>
                    <dd className="tabular">{formatLength(Math.abs(measure.points[1]![i]! - measure.points[0]![i]!), units, lang)}</dd>
                  </span>
                ))}
              </dl>
            ) : (
              <span className="hint">{measure.points.length === 1 ? t('viewer.measureSecond') : t('viewer.measureHint')}</span>
            )
          ) : pick ? (
            <dl className="readout" data-readout="face">
              <dt>{t('viewer.faceId')}</dt>
              <dd className="tabular" data-value={pick.faceId ?? ''}>
                {/* FreeCAD's name of the face (Face1 is index 0): what the Simulation tab and the API take */}
                {pick.faceId != null ? `Face${pick.faceId + 1}` : '—'}
              </dd>
              <dt>{t('viewer.faceArea')}</dt>
              <dd className="tabular" data-value={pick.area}>
                {formatArea(pick.area, units, lang)}
              </dd>
              <dt>{t('viewer.faceTriangles')}</dt>
              <dd className="tabular">{pick.triangles}</dd>
            </dl>
          ) : (
            state === 'ready' && <span className="hint">{t('viewer.pickHint')}</span>
          )}
        </div>
      </div>
    </section>
  );
}

function sectionAt(box: BBox, s: SectionState): number {
  const lo = box[`${s.axis}min`];
  const hi = box[`${s.axis}max`];
  return lo + (hi - lo) * s.t;
}
