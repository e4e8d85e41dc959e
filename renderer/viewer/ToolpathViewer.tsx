// The CAM page's 3D view: the part (see-through, moved into G-code coordinates), the stock and the
// toolpath over it. Clicking a segment selects its G-code line; the selected line's segments glow.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CamToolpath } from '../../shared/api/index.js';
import { onAction } from '../lib/actions.js';
import { ErrorBox } from '../ui/common.js';
import { showError } from '../lib/errors.js';
import { useLang } from '../lib/settings.js';
import type { ViewName } from './geometry.js';
import { PartViewer } from './PartViewer.js';
import { ToolpathLayer } from './ToolpathLayer.js';

const VIEWS: ViewName[] = ['front', 'top', 'right', 'iso'];

export interface ToolpathViewerProps {
  toolpath: CamToolpath;
  hiddenOps: ReadonlySet<number>;
  rapids: boolean;
  highlight: number[];
  onPickSegment: (index: number) => void;
  onToggleRapids: () => void;
}

export function ToolpathViewer({ toolpath, hiddenOps, rapids, highlight, onPickSegment, onToggleRapids }: ToolpathViewerProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<PartViewer | null>(null);
  const layer = useRef<ToolpathLayer | null>(null);
  const pickRef = useRef(onPickSegment);
  pickRef.current = onPickSegment;
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [partError, setPartError] = useState<unknown>(null);
  const [showPart, setShowPart] = useState(true);
  const [showStock, setShowStock] = useState(true);
  const glb = toolpath.part?.glb_href ?? null;

  useEffect(() => {
    const v = new PartViewer(host.current!);
    viewer.current = v;
    const l = new ToolpathLayer(toolpath, () => v.requestRender());
    layer.current = l;
    v.addLayer(l.group, l.box);
    v.onClickRay = (ray) => {
      const i = l.pick(ray);
      if (i === null) return false;
      pickRef.current(i);
      return true;
    };
    // test hook: where a segment is on screen (the e2e test clicks it)
    host.current!.dataset.segments = String(toolpath.segments.count);
    (host.current as HTMLElement & { segmentScreenPoint?: (i: number) => { x: number; y: number } }).segmentScreenPoint = (i) =>
      v.screenOf(l.midpoint(i));
    let live = true;
    setState('loading');
    const part = glb ? v.load(glb, toolpath.part?.bbox_mm ?? null, toolpath.shift).then(() => v.setOpacity(0.32)) : Promise.resolve();
    part
      .catch((err: unknown) => {
        // the toolpath still shows without the part
        if (live) setPartError(err);
      })
      .finally(() => {
        if (!live) return;
        v.view('iso');
        setState('ready');
      });
    return () => {
      live = false;
      v.dispose();
      viewer.current = null;
      layer.current = null;
    };
  }, [toolpath, glb]);

  useEffect(() => {
    const l = layer.current;
    if (!l) return;
    toolpath.operations.forEach((_, i) => l.setOperationVisible(i, !hiddenOps.has(i)));
    l.setOperationVisible(-1, !hiddenOps.has(-1));
  }, [hiddenOps, toolpath, state]);
  useEffect(() => layer.current?.setRapidsVisible(rapids), [rapids, state]);
  useEffect(() => layer.current?.setHighlight(highlight), [highlight, state]);
  useEffect(() => viewer.current?.setModelVisible(showPart), [showPart, state]);
  useEffect(() => layer.current?.setStockVisible(showStock), [showStock, state]);
  useEffect(() => onAction('fit', () => viewer.current?.fit()), []);

  return (
    <section className="viewer toolpath-viewer" aria-label={t('cam.viewer')}>
      <div className="viewer-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
        <button type="button" className="tool" onClick={() => viewer.current?.fit()} data-tool="fit">
          {t('viewer.fit')}
        </button>
        <span className="tool-group" role="group" aria-label={t('viewer.toolbar')}>
          {VIEWS.map((v) => (
            <button key={v} type="button" className="tool" onClick={() => viewer.current?.view(v)} data-view={v}>
              {t(`viewer.${v}`)}
            </button>
          ))}
        </span>
        {glb && (
          <button type="button" className="tool" aria-pressed={showPart} onClick={() => setShowPart(!showPart)} data-tool="part">
            {t('cam.showPart')}
          </button>
        )}
        {toolpath.stock_mm && (
          <button type="button" className="tool" aria-pressed={showStock} onClick={() => setShowStock(!showStock)} data-tool="stock">
            {t('cam.showStock')}
          </button>
        )}
        <button type="button" className="tool" aria-pressed={rapids} onClick={onToggleRapids} data-tool="rapids">
          <span className="swatch rapid" aria-hidden="true" /> {t('cam.rapids')}
        </button>
      </div>
      <div className="viewer-stage">
        <div ref={host} className="viewer-host" data-state={state} data-testid="toolpath-host" />
        {state === 'loading' && <div className="viewer-note">{t('cam.loadingToolpath')}</div>}
        {partError != null && (
          <div className="viewer-readout">
            <ErrorBox error={showError(partError, lang)} title={t('part.previewFailed')} compact />
          </div>
        )}
        {partError == null && state === 'ready' && (
          <div className="viewer-readout">
            <span className="hint">{t('cam.pickHint')}</span>
          </div>
        )}
      </div>
    </section>
  );
}
