// The FEM flow: a part, a material, supports and loads become a CalculiX analysis (linear static or
// modal) run by FreeCAD FEM headless (flows/fem.py): Gmsh meshes the part, ccx solves, and the
// worker reads the results back. The part comes as a CAM job takes it (a finished job's STEP/FCStd
// or a file). Checked before any run: the material has elastic data, a static model is held
// (FEM_RIGID_BODY) and loaded; after the run: the reactions balance the applied loads.
import { constants as fsConstants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical.js';
import { TezgahError } from '../../../shared/errors.js';
import { FEM_TEXT } from '../../../shared/i18n/fem.js';
import { render } from '../../../shared/i18n/text.js';
import type { FemJobSpec } from '../../../shared/jobs.js';
import type { Material } from '../../../shared/library.js';
import type { FemResult } from '../../../shared/results/fem.js';
import type { FemWorkerData } from '../../../freecad-bridge/src/flows.js';
import { flowOutput, type Flow, type FlowOutput } from '../../jobs/flow.js';
import type { Library } from '../library/library.js';
import { resolvePart, type PartLookup, type PartSource } from '../cam/source.js';

export const DEFAULT_FEM_MATERIAL = 'steel-s235';
export const FEM_DEFAULTS = { max_nodes: 200_000, modes: 3, second_order: true } as const;
/** every rigid-body motion of an unsupported part */
const ALL_FREE = ['x', 'y', 'z', 'rx', 'ry', 'rz'];
/**
 * Reactions must balance the applied loads to this fraction. Not tighter: CalculiX's reaction sum
 * leaves out the share of a load that lands on supported nodes (a pressure on a face next to a
 * fixed one puts ~0.4 % of it there on a 4 mm mesh of the test cantilever), which is no fault.
 */
const BALANCE_TOLERANCE = 0.02;

export interface FemFlowDeps {
  library: Library;
  parts: PartLookup;
}

/** The material's data as the solver takes it; a material without elastic data cannot be analysed. */
export function femMaterial(m: Material) {
  if (!m.mechanical) throw new TezgahError('FEM_MATERIAL_INCOMPLETE', { material: m.id });
  return {
    id: m.id,
    youngs_modulus_mpa: m.mechanical.youngs_modulus_gpa * 1000,
    poisson_ratio: m.mechanical.poisson_ratio,
    density_kg_m3: m.density_g_cm3 * 1000,
    yield_strength_mpa: m.mechanical.yield_strength_mpa ?? null,
  };
}

/** Checks that need no FreeCAD: a static model must be held and loaded. */
export function checkModel(spec: Pick<FemJobSpec, 'analysis' | 'constraints' | 'loads'>): void {
  if (spec.analysis !== 'static') return;
  if (!spec.constraints.length) throw new TezgahError('FEM_RIGID_BODY', { free: ALL_FREE, detail: FEM_TEXT.noSupports });
  if (!spec.loads.length) throw new TezgahError('VALIDATION_ERROR', { field: 'loads', detail: FEM_TEXT.noLoads });
}

export function femFlow(deps: FemFlowDeps): Flow<FemJobSpec> {
  const { library } = deps;
  const materialOf = (id: string) => {
    const m = library.getMaterial(id);
    if (!m)
      throw new TezgahError('VALIDATION_ERROR', {
        field: 'material',
        detail: render(FEM_TEXT.unknownMaterial, {
          id,
          known: library
            .materials()
            .filter((x) => x.mechanical)
            .map((x) => x.id)
            .join(', '),
        }),
      });
    return m;
  };

  return {
    type: 'fem',
    steps: ['fem_setup', 'fem_mesh', 'fem_solve', 'fem_post', 'store_artefacts'],

    async normalise(spec) {
      const analysis = spec.analysis ?? 'static';
      const constraints = spec.constraints ?? [];
      const loads = spec.loads ?? [];
      checkModel({ analysis, constraints, loads });
      const part = await resolvePart(spec.part, deps.parts);
      const material = materialOf(spec.material ?? part.material ?? DEFAULT_FEM_MATERIAL);
      const data = femMaterial(material);
      return {
        type: 'fem',
        part: part.job ? part.job.id : part.path,
        part_sha256: part.sha256,
        analysis,
        material: material.id,
        constraints: constraints.map((c) => ({ ...c, faces: [...new Set(c.faces)] })),
        loads: loads.map((l) => ({ ...l, faces: [...new Set(l.faces)], ...(l.type === 'force' ? { direction: unit(l.direction) } : {}) })),
        mesh: {
          ...(spec.mesh?.size_mm !== undefined ? { size_mm: spec.mesh.size_mm } : {}),
          second_order: spec.mesh?.second_order ?? FEM_DEFAULTS.second_order,
        },
        ...(analysis === 'modal' ? { modes: spec.modes ?? FEM_DEFAULTS.modes } : {}),
        max_nodes: spec.max_nodes ?? FEM_DEFAULTS.max_nodes,
        library_sha256: createHash('sha256').update(canonicalJson(data)).digest('hex'),
      };
    },

    async run(ctx, spec) {
      checkModel(spec);
      const material = femMaterial(materialOf(spec.material ?? DEFAULT_FEM_MATERIAL));
      await ctx.bridge();
      const part = await resolvePart(spec.part, deps.parts);
      if (spec.part_sha256 && part.sha256 !== spec.part_sha256)
        throw new TezgahError('VALIDATION_ERROR', { field: 'part', detail: FEM_TEXT.partChanged });
      const partFile = part.format === 'step' ? 'part.step' : 'part.FCStd';
      await copyFile(part.path, join(ctx.jobDir, partFile), fsConstants.COPYFILE_EXCL);
      const base = fileBase(part);
      const files = {
        fcstd: `${base}-fem.FCStd`,
        inp: `${base}.inp`,
        frd: `${base}.frd`,
        csv: `${base}-${spec.analysis}.csv`,
        vtu: `${base}-${spec.analysis}.vtu`,
      };
      const threads = Math.max(1, Math.min(4, availableParallelism()));
      const w = await ctx.runWorker({
        flow: 'fem',
        input: {
          part: partFile,
          label: part.name,
          analysis: spec.analysis,
          material: {
            name: material.id,
            youngs_modulus_mpa: material.youngs_modulus_mpa,
            poisson_ratio: material.poisson_ratio,
            density_kg_m3: material.density_kg_m3,
          },
          constraints: spec.constraints,
          loads: spec.loads,
          mesh: { size_mm: spec.mesh?.size_mm ?? null, second_order: spec.mesh?.second_order ?? FEM_DEFAULTS.second_order },
          modes: spec.modes ?? FEM_DEFAULTS.modes,
          max_nodes: spec.max_nodes ?? FEM_DEFAULTS.max_nodes,
          threads,
          files,
        },
        // its own limits give the analysis a fresh one-shot worker; ccx runs as its child
        limits: { wallMs: 900_000, cpuSeconds: 1800, addressSpaceMb: 8192 },
        forwardProgress: false,
        onProgress: (e) => {
          // ccx's phases come as fractions of fem_solve: logged, not steps of their own
          if (e.fraction === undefined) ctx.onBridgeProgress(e);
          else ctx.log('debug', 'fem solve', { fraction: e.fraction });
        },
      });
      const fem = summary(w.data.fem, material);
      checkBalance(fem);
      ctx.log('info', 'fem result', {
        nodes: fem.nodes,
        max_von_mises_mpa: fem.max_von_mises_mpa,
        max_displacement_mm: fem.max_displacement_mm,
        frequencies_hz: fem.frequencies_hz,
      });
      const produced = new Set(w.run.outputs.map((o) => o.kind));
      const meta = { freecad: w.run.freecad_version, analysis: spec.analysis };
      const outputs: FlowOutput[] = [
        flowOutput('fcstd', files.fcstd, join(ctx.jobDir, files.fcstd), meta),
        flowOutput('inp', files.inp, join(ctx.jobDir, files.inp), meta),
        flowOutput('frd', files.frd, join(ctx.jobDir, files.frd), meta),
        flowOutput('csv', files.csv, join(ctx.jobDir, files.csv), meta),
      ];
      if (produced.has('vtu')) outputs.push(flowOutput('vtu', files.vtu, join(ctx.jobDir, files.vtu), meta));
      return { outputs, metrics: null, warnings: w.warnings, result: { fem } };
    },
  };
}

/** The job's summary from the worker's numbers and the material. */
export function summary(d: FemWorkerData, m: ReturnType<typeof femMaterial>): FemResult {
  const fos = d.analysis === 'static' && m.yield_strength_mpa && d.max_von_mises_mpa ? m.yield_strength_mpa / d.max_von_mises_mpa : null;
  return {
    analysis: d.analysis,
    material: m,
    nodes: d.nodes,
    elements: d.elements,
    mesh_size_mm: d.mesh_size_mm,
    second_order: d.second_order,
    faces: d.faces,
    max_von_mises_mpa: d.max_von_mises_mpa,
    max_von_mises_at_mm: d.max_von_mises_at_mm,
    max_displacement_mm: d.max_displacement_mm,
    max_displacement_at_mm: d.max_displacement_at_mm,
    reaction_n: d.reaction_n,
    applied_n: d.applied_n,
    factor_of_safety: fos === null ? null : Math.round(fos * 1000) / 1000,
    frequencies_hz: d.frequencies_hz,
    mass_kg: Math.round(d.volume_mm3 * 1e-9 * m.density_kg_m3 * 1e6) / 1e6,
    ccx_seconds: d.ccx_seconds,
  };
}

/** The supports must carry what is applied (a model that leaks force is not a result). */
export function checkBalance(fem: Pick<FemResult, 'reaction_n' | 'applied_n'>): void {
  const { reaction_n: r, applied_n: a } = fem;
  if (!r || !a) return;
  const size = Math.hypot(...a);
  const off = Math.hypot(r[0] + a[0], r[1] + a[1], r[2] + a[2]);
  if (off > BALANCE_TOLERANCE * size + 1e-6)
    throw new TezgahError('FEM_SOLVER_FAILED', {
      detail: render(FEM_TEXT.unbalanced, {
        reaction: r.map((v) => v.toFixed(3)).join(', '),
        applied: a.map((v) => v.toFixed(3)).join(', '),
      }),
    });
}

/** A direction as a unit vector (so 0,0,-100 and 0,0,-1 are one job), rounded to 12 digits. */
export function unit(v: [number, number, number]): [number, number, number] {
  const n = Math.hypot(...v);
  return v.map((c) => Math.round((c / n) * 1e12) / 1e12 + 0) as [number, number, number];
}

function fileBase(part: PartSource): string {
  const s = part.name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return s || 'part';
}
