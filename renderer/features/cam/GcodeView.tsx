// The G-code text, read-only: line numbers, light colouring, the selected line and the lines with
// verifier findings marked. Only the rows in view are in the DOM (programs run to 100 000s of
// lines); selecting a line from elsewhere scrolls it into the middle of the view.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gcodeTokens } from '../../viewer/toolpath.js';

const ROW = 20;
const OVERSCAN = 12;

export interface GcodeViewProps {
  lines: string[];
  selected: number | null;
  /** line → 'error' | 'warning' */
  marks: ReadonlyMap<number, 'error' | 'warning'>;
  /** lines of the selected operation, shaded */
  range: [number, number] | null;
  onSelect: (line: number) => void;
  /** bumped whenever `selected` should be scrolled into view */
  scrollKey: number;
}

export function GcodeView({ lines, selected, marks, range, onSelect, scrollKey }: GcodeViewProps) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(480);

  useLayoutEffect(() => {
    const el = box.current!;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 480));
    ro.observe(el);
    setHeight(el.clientHeight || 480);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!el || selected === null) return;
    const y = (selected - 1) * ROW;
    if (y < el.scrollTop + ROW || y > el.scrollTop + el.clientHeight - 2 * ROW)
      el.scrollTop = Math.max(0, y - el.clientHeight / 2 + ROW / 2);
  }, [scrollKey]);

  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((top + height) / ROW) + OVERSCAN);
  const digits = String(lines.length).length;

  const onKey = (e: React.KeyboardEvent) => {
    if (selected === null) return;
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'PageDown' ? 20 : e.key === 'PageUp' ? -20 : 0;
    if (!step) return;
    e.preventDefault();
    onSelect(Math.min(lines.length, Math.max(1, selected + step)));
  };

  return (
    <div
      ref={box}
      className="gcode"
      role="listbox"
      tabIndex={0}
      aria-label={t('cam.gcode')}
      aria-activedescendant={selected ? `gcode-line-${selected}` : undefined}
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
      onKeyDown={onKey}
      data-lines={lines.length}
      data-selected={selected ?? ''}
      style={{ ['--digits' as string]: digits }}
    >
      <div className="gcode-inner" style={{ height: lines.length * ROW }}>
        {Array.from({ length: last - first }, (_, k) => {
          const n = first + k + 1;
          return (
            <GcodeRow
              key={n}
              n={n}
              text={lines[n - 1]!}
              selected={n === selected}
              mark={marks.get(n) ?? null}
              inRange={!!range && n >= range[0] && n <= range[1]}
              onSelect={onSelect}
            />
          );
        })}
      </div>
    </div>
  );
}

const GcodeRow = memo(function GcodeRow({
  n,
  text,
  selected,
  mark,
  inRange,
  onSelect,
}: {
  n: number;
  text: string;
  selected: boolean;
  mark: 'error' | 'warning' | null;
  inRange: boolean;
  onSelect: (line: number) => void;
}) {
  const tokens = useMemo(() => gcodeTokens(text), [text]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox takes the keys (arrows, Page Up/Down) for its options
    <div
      id={`gcode-line-${n}`}
      role="option"
      aria-selected={selected}
      className={`gcode-line${selected ? ' selected' : ''}${mark ? ` mark-${mark}` : ''}${inRange ? ' in-range' : ''}`}
      style={{ top: (n - 1) * ROW }}
      data-line={n}
      onClick={() => onSelect(n)}
    >
      <span className="gcode-n">{n}</span>
      <span className="gcode-text">
        {tokens.map((tk, i) => (
          <span key={i} className={`tk-${tk.kind}`}>
            {tk.text}
          </span>
        ))}
      </span>
    </div>
  );
});
