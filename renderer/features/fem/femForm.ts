// The Simulation tab's form: analysis, material, fixed supports and loads by face, mesh size, and
// the FEM job spec it makes. Faces are typed as the API takes them: sides of the part's box
// ('x-min', 'top', …) or face names ('Face3', as the 3D view's pick reports them). Pure: the tab
// and the unit tests share it.
import { FemFaceSelector, type FemJobSpec, type FemLoad } from '../../../shared/job-spec.js';
import { fromDisplayLength, normaliseNumberText, type Units } from '../../lib/units.js';

export const FEM_SIDES = ['x-min', 'x-max', 'y-min', 'y-max', 'z-min', 'z-max', 'top', 'bottom'] as const;
export const DEFAULT_MATERIAL = 'steel-s235';

export interface FemSupportRow {
  faces: string;
}
export interface FemLoadRow {
  faces: string;
  type: 'force' | 'pressure';
  /** N */
  fx: string;
  fy: string;
  fz: string;
  /** MPa */
  pressure: string;
}
export interface FemForm {
  analysis: 'static' | 'modal';
  material: string;
  supports: FemSupportRow[];
  loads: FemLoadRow[];
  /** in display units; '' = from the part's size */
  mesh: string;
  modes: string;
}

export type FemIssueRule = 'faces' | 'badFace' | 'number' | 'nonZero' | 'positive' | 'modes' | 'support' | 'load';
export interface FemIssue {
  /** 'support.0', 'load.1', 'load.1.force', 'load.1.pressure', 'mesh', 'modes', 'supports', 'loads' */
  field: string;
  rule: FemIssueRule;
  face?: string;
}

export const newLoad = (faces = ''): FemLoadRow => ({ faces, type: 'force', fx: '0', fy: '0', fz: '-100', pressure: '1' });

export function initialFemForm(material?: string): FemForm {
  return {
    analysis: 'static',
    material: material ?? DEFAULT_MATERIAL,
    supports: [{ faces: 'x-min' }],
    loads: [newLoad('x-max')],
    mesh: '',
    modes: '3',
  };
}

/** The faces typed in a row, split at commas and spaces. */
export function splitFaces(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/** Adds a face to a row's text, once. */
export function addFace(text: string, face: string): string {
  const faces = splitFaces(text);
  return faces.includes(face) ? faces.join(', ') : [...faces, face].join(', ');
}

function parseNumber(text: string): number | null {
  const t = normaliseNumberText(text);
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

function facesOf(text: string, field: string, issues: FemIssue[]): string[] {
  const faces = splitFaces(text);
  if (!faces.length) issues.push({ field, rule: 'faces' });
  for (const f of faces) if (!FemFaceSelector.safeParse(f).success) issues.push({ field, rule: 'badFace', face: f });
  return faces;
}

/** The spec the form asks for, or the issues that stop it (each naming its field). */
export function checkFemForm(form: FemForm, part: string, units: Units): { spec: FemJobSpec | null; issues: FemIssue[] } {
  const issues: FemIssue[] = [];
  const constraints = form.supports.map((s, i) => ({ type: 'fixed' as const, faces: facesOf(s.faces, `support.${i}`, issues) }));
  const loads: FemLoad[] = [];
  if (form.analysis === 'static') {
    // no support at all is the server's FEM_RIGID_BODY (coded, with its hint)
    if (!form.loads.length) issues.push({ field: 'loads', rule: 'load' });
    form.loads.forEach((l, i) => {
      const faces = facesOf(l.faces, `load.${i}`, issues);
      if (l.type === 'force') {
        const v = [l.fx, l.fy, l.fz].map((x) => (x.trim() === '' ? 0 : parseNumber(x)));
        if (v.some((x) => x === null)) issues.push({ field: `load.${i}.force`, rule: 'number' });
        else {
          const [x, y, z] = v as number[];
          const n = Math.hypot(x!, y!, z!);
          if (n === 0) issues.push({ field: `load.${i}.force`, rule: 'nonZero' });
          else loads.push({ type: 'force', faces, force_n: n, direction: [x!, y!, z!] });
        }
      } else {
        const p = parseNumber(l.pressure);
        if (p === null) issues.push({ field: `load.${i}.pressure`, rule: 'number' });
        else if (p === 0) issues.push({ field: `load.${i}.pressure`, rule: 'nonZero' });
        else loads.push({ type: 'pressure', faces, pressure_mpa: p });
      }
    });
  }
  let size: number | undefined;
  if (form.mesh.trim() !== '') {
    const m = parseNumber(form.mesh);
    if (m === null) issues.push({ field: 'mesh', rule: 'number' });
    else if (m <= 0) issues.push({ field: 'mesh', rule: 'positive' });
    else size = fromDisplayLength(m, units);
  }
  let modes: number | undefined;
  if (form.analysis === 'modal') {
    const m = parseNumber(form.modes);
    if (m === null || !Number.isInteger(m) || m < 1 || m > 50) issues.push({ field: 'modes', rule: 'modes' });
    else modes = m;
  }
  if (issues.length) return { spec: null, issues };
  return {
    spec: {
      type: 'fem',
      part,
      analysis: form.analysis,
      material: form.material,
      constraints,
      loads,
      ...(size !== undefined ? { mesh: { size_mm: size } } : {}),
      ...(modes !== undefined ? { modes } : {}),
    },
    issues,
  };
}

/** The form an analysis was run with (to change and run again). */
export function femFormFromSpec(spec: FemJobSpec, meshText: (mm: number) => string): FemForm {
  return {
    analysis: spec.analysis,
    material: spec.material ?? DEFAULT_MATERIAL,
    supports: spec.constraints.map((c) => ({ faces: c.faces.join(', ') })),
    loads: spec.loads.map((l) => {
      if (l.type === 'pressure') return { ...newLoad(l.faces.join(', ')), type: 'pressure', pressure: String(l.pressure_mpa) };
      // a stored spec's direction is a unit vector; any other length is scaled to the force
      const k = l.force_n / Math.hypot(...l.direction);
      const [fx, fy, fz] = l.direction.map((c) => String(round(c * k)));
      return { ...newLoad(l.faces.join(', ')), fx: fx!, fy: fy!, fz: fz! };
    }),
    mesh: spec.mesh?.size_mm !== undefined ? meshText(spec.mesh.size_mm) : '',
    modes: String(spec.modes ?? 3),
  };
}

const round = (v: number) => Math.round(v * 1e6) / 1e6 + 0;
