// The CAM setup form as pure functions: which finished jobs can be machined, the form's state and
// how it becomes a CamJobSpec (only what the user changed from the defaults goes in, so the backend's
// defaults — automatic operations, the whole tool library, the machine's post — stay in charge).
import type { CamJobSpec, CamOperation, CamOrigin, JobRecord } from '../../../shared/jobs.js';
import { CamOperation as CamOperationSchema } from '../../../shared/jobs.js';
import { fromDisplayLength, inputText, normaliseNumberText, toDisplayLength, type Units } from '../../lib/units.js';

export const CAM_OPERATIONS: readonly CamOperation[] = CamOperationSchema.options;
export const CAM_ORIGINS: readonly CamOrigin[] = ['part', 'stock-corner', 'stock-centre'];
export const CAM_POSTS = ['grbl', 'linuxcnc', 'fanuc'] as const;
export const DEFAULT_MARGIN_MM = 2;
const MAX_MARGIN_MM = 200;

export interface CamForm {
  part: string;
  machine: string;
  /** '' = the part's own material */
  material: string;
  /** as typed, in display units */
  margin: string;
  origin: CamOrigin;
  /** true: the planner picks facing / profile / drilling from the part */
  autoOps: boolean;
  ops: CamOperation[];
  /** true: every tool of the library */
  allTools: boolean;
  tools: string[];
  /** '' = the machine's controller */
  post: '' | (typeof CAM_POSTS)[number];
}

/** Jobs whose part CAM can take: finished, with a solid (template, import, prompt, script jobs), newest first. */
export function machinableParts(jobs: JobRecord[]): JobRecord[] {
  return jobs.filter((j) => j.status === 'succeeded' && j.type !== 'cam').sort((a, b) => b.created_at.localeCompare(a.created_at));
}

export function initialCamForm(opts: { part?: string; machine?: string; units: Units }): CamForm {
  return {
    part: opts.part ?? '',
    machine: opts.machine ?? '',
    material: '',
    margin: inputText(toDisplayLength(DEFAULT_MARGIN_MM, opts.units), opts.units === 'inch' ? 4 : 2),
    origin: 'part',
    autoOps: true,
    ops: ['profile', 'drill'],
    allTools: true,
    tools: [],
    post: '',
  };
}

/** The form of an existing CAM job (to generate it again with changes). */
export function camFormFromSpec(spec: CamJobSpec, units: Units): CamForm {
  const margin = spec.stock && 'margin_mm' in spec.stock ? spec.stock.margin_mm : DEFAULT_MARGIN_MM;
  return {
    part: spec.part,
    machine: spec.machine,
    material: spec.material ?? '',
    margin: inputText(toDisplayLength(margin, units), units === 'inch' ? 4 : 2),
    origin: spec.origin ?? 'part',
    autoOps: !spec.ops,
    ops: spec.ops ? [...spec.ops] : ['profile', 'drill'],
    allTools: !spec.tools,
    tools: spec.tools ? [...spec.tools] : [],
    post: spec.post ?? '',
  };
}

export type CamFormIssue = { field: 'part' | 'machine' | 'margin' | 'ops' | 'tools'; rule: 'required' | 'number' | 'range' };

export function checkCamForm(f: CamForm, units: Units): { spec: CamJobSpec | null; issues: CamFormIssue[] } {
  const issues: CamFormIssue[] = [];
  if (!f.part) issues.push({ field: 'part', rule: 'required' });
  if (!f.machine) issues.push({ field: 'machine', rule: 'required' });
  const text = normaliseNumberText(f.margin);
  const n = Number(text);
  let marginMm = DEFAULT_MARGIN_MM;
  if (text === '' || !Number.isFinite(n)) issues.push({ field: 'margin', rule: 'number' });
  else {
    marginMm = Math.round(fromDisplayLength(n, units) * 1000) / 1000;
    if (marginMm < 0 || marginMm > MAX_MARGIN_MM) issues.push({ field: 'margin', rule: 'range' });
  }
  if (!f.autoOps && !f.ops.length) issues.push({ field: 'ops', rule: 'required' });
  if (!f.allTools && !f.tools.length) issues.push({ field: 'tools', rule: 'required' });
  if (issues.length) return { spec: null, issues };
  const spec: CamJobSpec = {
    type: 'cam',
    part: f.part,
    machine: f.machine,
    stock: { margin_mm: marginMm },
    origin: f.origin,
    ...(f.material ? { material: f.material } : {}),
    ...(f.autoOps ? {} : { ops: CAM_OPERATIONS.filter((o) => f.ops.includes(o)) }),
    ...(f.allTools ? {} : { tools: [...f.tools].sort() }),
    ...(f.post ? { post: f.post } : {}),
  };
  return { spec, issues };
}

export const MARGIN_RANGE_MM = { min: 0, max: MAX_MARGIN_MM } as const;
