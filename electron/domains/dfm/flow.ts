// The manufacturability (DFM) flow: a part checked against a process (3-axis milling or FDM
// printing), the shop's tools and a machine's envelope, on the real B-rep by flows/dfm.py (rays cast
// through the solid, cylinders read as holes and corners). The part comes as a CAM job takes it (a
// finished job's STEP/FCStd or a file). The worker measures; this side picks the tools and limits,
// renders every finding's message and hint from the one catalogue (shared/i18n/dfm.ts) and gives the
// verdict. Nothing is written but the report in the job's result.
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../../../shared/canonical.js';
import { TezgahError } from '../../../shared/errors.js';
import { DFM_TEXT } from '../../../shared/i18n/dfm.js';
import { render } from '../../../shared/i18n/text.js';
import type { CheckJobSpec, DfmOptions, DfmProcess, DfmSetup } from '../../../shared/jobs.js';
import type { Material, Tool } from '../../../shared/library.js';
import type { DfmCode, DfmFinding, DfmResult } from '../../../shared/results/dfm.js';
import type { DfmWorkerData, DfmWorkerFinding } from '../../../freecad-bridge/src/flows.js';
import type { Flow } from '../../jobs/flow.js';
import type { Library } from '../library/library.js';
import { type PartLookup, resolvePart } from '../cam/source.js';

/** The thinnest wall a mill leaves standing, by material (mm); 1 mm for an unknown material. */
export const MILL_MIN_WALL_MM: Record<Material['category'], number> = {
  aluminium: 0.8,
  steel: 0.5,
  stainless: 0.5,
  brass: 0.6,
  plastic: 1.0,
  wood: 3.0,
  composite: 1.5,
};
export const DFM_DEFAULTS = {
  setups: ['+z'] as DfmSetup[],
  min_wall_mm: 1.0,
  max_hole_depth_ratio: 10,
  overhang_deg: 45,
  supports: false,
  nozzle_mm: 0.4,
  layer_mm: 0.2,
  infill: 0.2,
  print_speed_mm_s: 50,
  bed_mm: { x: 220, y: 220, z: 250 },
  samples: 6,
} as const;
const SETUP_ORDER: DfmSetup[] = ['+z', '-z', '+x', '-x', '+y', '-y'];
const MILL_TYPES = new Set<Tool['type']>(['endmill', 'ball', 'drill']);
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

export interface DfmFlowDeps {
  library: Library;
  parts: PartLookup;
}

type Limits = DfmResult['limits'];

/** The limits a check runs with: the spec's options over the defaults (min wall by material). */
export function dfmLimits(process: DfmProcess, options: DfmOptions | undefined, material?: Material): Limits {
  const o = options ?? {};
  const nozzle = o.nozzle_mm ?? DFM_DEFAULTS.nozzle_mm;
  const wall = process === 'fdm' ? 2 * nozzle : material ? MILL_MIN_WALL_MM[material.category] : DFM_DEFAULTS.min_wall_mm;
  return {
    min_wall_mm: o.min_wall_mm ?? Math.round(wall * 1e6) / 1e6,
    min_hole_mm: o.min_hole_mm ?? Math.round(2.5 * nozzle * 1e6) / 1e6,
    max_hole_depth_ratio: o.max_hole_depth_ratio ?? DFM_DEFAULTS.max_hole_depth_ratio,
    overhang_deg: o.overhang_deg ?? DFM_DEFAULTS.overhang_deg,
    supports: o.supports ?? DFM_DEFAULTS.supports,
    nozzle_mm: nozzle,
    layer_mm: o.layer_mm ?? DFM_DEFAULTS.layer_mm,
    infill: o.infill ?? DFM_DEFAULTS.infill,
    print_speed_mm_s: o.print_speed_mm_s ?? DFM_DEFAULTS.print_speed_mm_s,
  };
}

/** A finding's message and hint in both languages, from the catalogue and the worker's values. */
export function renderFinding(f: DfmWorkerFinding, process: DfmProcess): DfmFinding {
  const code = f.code as DfmCode;
  const key =
    code === 'DFM_NO_DRILL' && f.params.tool !== undefined
      ? 'DFM_NO_DRILL_MILLED'
      : code === 'DFM_THIN_WALL' && process === 'fdm'
        ? 'DFM_THIN_WALL_FDM'
        : code;
  const texts = DFM_TEXT.findings[key];
  const [x, y, z] = f.at_mm ?? [];
  const values = { ...f.params, measured: f.measured, allowed: f.allowed, x, y, z };
  return {
    code,
    severity: f.severity,
    faces: f.faces,
    measured: f.measured,
    allowed: f.allowed,
    unit: f.unit,
    at_mm: f.at_mm,
    params: f.params,
    message: render(texts.message, values),
    hint: render(texts.hint, values),
  };
}

/** The stored report: findings in a fixed order, counts and the verdict. */
export function dfmReport(
  d: DfmWorkerData,
  run: Pick<DfmResult, 'process' | 'setups' | 'machine' | 'tools' | 'limits' | 'envelope_mm'>,
): DfmResult {
  const findings = d.findings
    .map((f) => renderFinding(f, run.process))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        a.code.localeCompare(b.code) ||
        a.faces.join(',').localeCompare(b.faces.join(','), 'en', { numeric: true }) ||
        (a.measured ?? -1) - (b.measured ?? -1),
    );
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { ok: counts.error === 0, ...run, findings, counts, summary: d.summary };
}

export function dfmFlow(deps: DfmFlowDeps): Flow<CheckJobSpec> {
  const { library } = deps;

  /** The tools a milling check counts on: the spec's, else every endmill and drill of the library. */
  const toolsOf = (ids: string[] | undefined): Tool[] => {
    const all = library.tools();
    const picked = ids
      ? ids.map((id) => {
          const t = library.getTool(id);
          if (!t)
            throw new TezgahError('VALIDATION_ERROR', {
              field: 'options.tools',
              detail: render(DFM_TEXT.unknownTool, { id, known: all.map((x) => x.id).join(', ') }),
            });
          return t;
        })
      : all;
    const usable = picked.filter((t) => MILL_TYPES.has(t.type));
    if (!usable.length) throw new TezgahError('VALIDATION_ERROR', { field: 'options.tools', detail: DFM_TEXT.noMillTools });
    return [...new Map(usable.map((t) => [t.id, t])).values()].sort((a, b) => a.diameter_mm - b.diameter_mm || a.id.localeCompare(b.id));
  };
  const machineOf = (spec: Pick<CheckJobSpec, 'process' | 'machine'>) => {
    if (spec.machine === undefined) return null;
    if (spec.process === 'fdm') throw new TezgahError('VALIDATION_ERROR', { field: 'machine', detail: DFM_TEXT.machineForFdm });
    const m = library.getMachine(spec.machine);
    if (!m)
      throw new TezgahError('VALIDATION_ERROR', {
        field: 'machine',
        detail: render(DFM_TEXT.unknownMachine, {
          id: spec.machine,
          known: library
            .machines()
            .map((x) => x.id)
            .join(', '),
        }),
      });
    return m;
  };
  /** Everything of the library the check depends on, so an edited tool or machine is a new job. */
  const plan = (spec: CheckJobSpec) => {
    const milling = spec.process === 'milling';
    const tools = milling ? toolsOf(spec.options?.tools) : [];
    const machine = machineOf(spec);
    const envelope = milling ? (machine?.envelope_mm ?? null) : (spec.options?.bed_mm ?? DFM_DEFAULTS.bed_mm);
    const workerTools = tools.map((t) => ({
      id: t.id,
      type: t.type,
      diameter_mm: t.diameter_mm,
      flute_length_mm: Math.min(t.flute_length_mm, t.stick_out_mm ?? t.flute_length_mm),
    }));
    return { tools, workerTools, machine, envelope };
  };

  return {
    type: 'check',
    steps: ['dfm_load', 'dfm_check'],

    async normalise(spec) {
      const part = await resolvePart(spec.part, deps.parts);
      const setups = spec.process === 'milling' ? SETUP_ORDER.filter((s) => (spec.setups ?? DFM_DEFAULTS.setups).includes(s)) : undefined;
      const material = part.material ? library.getMaterial(part.material) : undefined;
      const normalised: CheckJobSpec = {
        type: 'check',
        part: part.job ? part.job.id : part.path,
        part_sha256: part.sha256,
        process: spec.process,
        ...(spec.machine !== undefined ? { machine: spec.machine } : {}),
        ...(setups ? { setups } : {}),
        options: {
          ...spec.options,
          ...(spec.options?.tools ? { tools: [...new Set(spec.options.tools)].sort() } : {}),
          ...dfmLimits(spec.process, spec.options, material),
          samples: spec.options?.samples ?? DFM_DEFAULTS.samples,
        },
      };
      const p = plan(normalised);
      normalised.library_sha256 = createHash('sha256')
        .update(canonicalJson({ tools: p.workerTools, envelope: p.envelope }))
        .digest('hex');
      return normalised;
    },

    async run(ctx, spec) {
      const p = plan(spec);
      const limits = dfmLimits(spec.process, spec.options);
      await ctx.bridge();
      const part = await resolvePart(spec.part, deps.parts);
      if (spec.part_sha256 && part.sha256 !== spec.part_sha256)
        throw new TezgahError('VALIDATION_ERROR', { field: 'part', detail: DFM_TEXT.partChanged });
      const partFile = part.format === 'step' ? 'part.step' : 'part.FCStd';
      await copyFile(part.path, join(ctx.jobDir, partFile), fsConstants.COPYFILE_EXCL);
      const setups = spec.process === 'milling' ? (spec.setups ?? DFM_DEFAULTS.setups) : [];
      const w = await ctx.runWorker({
        flow: 'dfm',
        input: {
          part: partFile,
          process: spec.process,
          setups: setups.length ? setups : ['+z'],
          tools: p.workerTools,
          envelope: p.envelope,
          limits,
          samples: spec.options?.samples ?? DFM_DEFAULTS.samples,
          exact_rays: spec.options?.exact_rays ?? false,
        },
        limits: { wallMs: 600_000, cpuSeconds: 1200, addressSpaceMb: 8192 },
      });
      const dfm = dfmReport(w.data.dfm, {
        process: spec.process,
        setups,
        machine: p.machine?.id ?? null,
        tools: p.tools.map((t) => t.id),
        limits,
        envelope_mm: p.envelope,
      });
      ctx.log('info', 'dfm result', { ok: dfm.ok, counts: dfm.counts, rays: dfm.summary.rays });
      return { outputs: [], metrics: null, warnings: w.warnings, result: { dfm } };
    },
  };
}
