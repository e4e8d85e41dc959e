// A small line drawing per template, so the gallery reads at a glance without loading models.
// Drawn in a light isometric style; strokes use currentColor so themes and focus states apply.
import type { ReactElement } from 'react';

const P = { fill: 'none', stroke: 'currentColor', strokeWidth: 1.6, strokeLinejoin: 'round' as const };
const FACE_TOP = 'var(--thumb-top)';
const FACE_SIDE = 'var(--thumb-side)';
const FACE_FRONT = 'var(--thumb-front)';

function Prism() {
  return (
    <>
      <path d="M20 40 L60 20 L100 40 L60 60 Z" {...P} fill={FACE_TOP} />
      <path d="M20 40 L20 58 L60 78 L60 60 Z" {...P} fill={FACE_FRONT} />
      <path d="M60 60 L60 78 L100 58 L100 40 Z" {...P} fill={FACE_SIDE} />
      <ellipse cx="60" cy="40" rx="11" ry="5.5" {...P} fill="var(--thumb-hole)" />
    </>
  );
}

function Flange() {
  const holes = Array.from({ length: 6 }, (_, i) => {
    const a = (i / 6) * Math.PI * 2;
    return <ellipse key={i} cx={60 + 26 * Math.cos(a)} cy={38 + 13 * Math.sin(a)} rx="3.4" ry="1.8" {...P} fill="var(--thumb-hole)" />;
  });
  return (
    <>
      <path d="M20 38 L20 48 A40 20 0 0 0 100 48 L100 38" {...P} fill={FACE_FRONT} />
      <ellipse cx="60" cy="38" rx="40" ry="20" {...P} fill={FACE_TOP} />
      <ellipse cx="60" cy="38" rx="13" ry="6.5" {...P} fill="var(--thumb-hole)" />
      {holes}
    </>
  );
}

function Shaft() {
  return (
    <>
      <path d="M16 36 L20 30 L100 30 L104 36 L104 52 L100 58 L20 58 L16 52 Z" {...P} fill={FACE_FRONT} />
      <path d="M20 30 L20 58 M100 30 L100 58" {...P} />
      <path d="M20 37 L100 37" {...P} stroke="var(--thumb-shine)" strokeWidth={3} />
    </>
  );
}

function LBracket() {
  return (
    <>
      <path d="M30 18 L42 12 L42 54 L30 60 Z" {...P} fill={FACE_FRONT} />
      <path d="M30 18 L42 12 L54 18 L42 24 Z" {...P} fill={FACE_TOP} />
      <path d="M42 24 L54 18 L54 54 L42 60 Z" {...P} fill={FACE_SIDE} />
      <path d="M42 54 L54 48 L96 69 L84 75 Z" {...P} fill={FACE_TOP} />
      <path d="M30 60 L84 87 L84 75 L42 60 Z" {...P} fill={FACE_FRONT} />
      <path d="M84 75 L96 69 L96 81 L84 87 Z" {...P} fill={FACE_SIDE} />
      <ellipse cx="48" cy="36" rx="2.6" ry="4.5" {...P} fill="var(--thumb-hole)" />
      <ellipse cx="73" cy="64" rx="5" ry="2.5" {...P} fill="var(--thumb-hole)" />
    </>
  );
}

function Plate() {
  const holes = [];
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 4; c++) {
      const x = 36 + c * 13 + r * 6;
      const y = 34 + r * 7 - c * 2.5 + 4;
      holes.push(<ellipse key={`${r}-${c}`} cx={x} cy={y} rx="3.4" ry="1.8" {...P} fill="var(--thumb-hole)" />);
    }
  return (
    <>
      <path d="M14 44 L76 22 L108 38 L46 60 Z" {...P} fill={FACE_TOP} />
      <path d="M14 44 L14 50 L46 66 L46 60 Z" {...P} fill={FACE_FRONT} />
      <path d="M46 60 L46 66 L108 44 L108 38 Z" {...P} fill={FACE_SIDE} />
      {holes}
    </>
  );
}

function Generic() {
  return <rect x="30" y="20" width="60" height="50" rx="4" {...P} fill={FACE_TOP} />;
}

const DRAWINGS: Record<string, () => ReactElement> = {
  'prism-with-hole': Prism,
  flange: Flange,
  shaft: Shaft,
  'l-bracket': LBracket,
  'plate-with-hole-pattern': Plate,
};

export function TemplateThumb({ template }: { template: string }) {
  const Drawing = DRAWINGS[template] ?? Generic;
  return (
    <svg className="thumb" viewBox="0 0 120 92" aria-hidden="true" focusable="false">
      <Drawing />
    </svg>
  );
}
