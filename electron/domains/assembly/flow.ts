// The assembly flow (issue 12): components from template specs, finished part jobs or STEP/FCStd
// files, placed by joints between their LCS and features, solved by FreeCAD 1.1's Assembly workbench
// (flows/assembly.py), every joint's residual measured after the solve, clashes checked exactly on
// the candidate pairs of a sweep over the components' boxes, and a bill of materials.
// Outputs: the FCStd (an Assembly with its joints, read back once to check it keeps the placements),
// a GLB with one named node per component, the BOM as CSV.
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkAssembly,
  JOINT_DOF,
  lcsRotation,
  type AssemblySpec,
  type Component,
  type Driver,
  type Quat,
  type Vec3,
} from '../../../shared/assembly.js';
import { canonicalJson } from '../../../shared/canonical.js';
import { TezgahError } from '../../../shared/errors.js';
import { ASSEMBLY_TEXT } from '../../../shared/i18n/assembly.js';
import { render } from '../../../shared/i18n/text.js';
import type { AssemblyJobSpec, TemplateJobSpec } from '../../../shared/job-spec.js';
import type { AssemblyResult, BomLine } from '../../../shared/results/assembly.js';
import type { AssemblyData, WorkerInput } from '../../../freecad-bridge/src/flows.js';
import { writeNodeFile } from '../../../freecad-bridge/src/jobdir.js';
import { readPreviewMesh } from '../../../freecad-bridge/src/mesh.js';
import { flowOutput, type Flow } from '../../jobs/flow.js';
import { jobMetrics } from '../../jobs/model-outputs.js';
import { isJobId, resolvePart, type PartLookup, type PartSource } from '../cam/source.js';
import type { Library } from '../library/library.js';
import { templateFlow } from '../part/flow.js';
import { writeAssemblyGlb } from './glb.js';

export const ASSEMBLY_TOLERANCE_MM = 1e-6;
export const ASSEMBLY_TOLERANCE_RAD = 1e-5;
/** a placement read back from the FCStd must be the solved one to this (mm, and quaternion components) */
const REOPEN_TOL = 1e-9;

export interface AssemblyFlowDeps {
  library: Library;
  parts: PartLookup;
}

type Input = WorkerInput<'assembly'>;

const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Joint parameters a driver may hold (the worker's _DRIVEN). */
const DRIVABLE = new Set(['revolute.angle', 'cylindrical.angle', 'cylindrical.z', 'slider.z']);
export const DEFAULT_FRAMES_MAX = 1000;

/** start, start + step, … up to end (inclusive when a step lands on it), rounded to 1e-9. */
export function driverValues(d: Driver): number[] {
  const n = Math.floor((d.end - d.start) / d.step + 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => Math.round((d.start + i * d.step) * 1e9) / 1e9);
}

/** FreeCAD's Rotation(yaw=rz, pitch=ry, roll=rx): R = Rz·Ry·Rx, as a quaternion [x, y, z, w]. */
export function eulerToQuat([rx, ry, rz]: Vec3): Quat {
  const h = Math.PI / 360;
  const [cx, sx, cy, sy, cz, sz] = [
    Math.cos(rx * h),
    Math.sin(rx * h),
    Math.cos(ry * h),
    Math.sin(ry * h),
    Math.cos(rz * h),
    Math.sin(rz * h),
  ];
  const q: Quat = [sx * cy * cz - cx * sy * sz, cx * sy * cz + sx * cy * sz, cx * cy * sz - sx * sy * cz, cx * cy * cz + sx * sy * sz];
  return q[3] < 0 ? (q.map((v) => -v) as Quat) : q;
}

/** The auto exploded view's factor (spec.options.exploded.factor, default 1). */
export function explodeFactor(spec: AssemblySpec): number {
  const e = spec.options?.exploded;
  return e && 'auto' in e ? (e.factor ?? 1) : 1;
}

/** Grübler–Kutzbach in space: 6 per free component minus what each joint takes away. */
export function mobility(spec: AssemblySpec): { global: number; joints: Record<string, number> } {
  const free = spec.components.filter((c) => !c.grounded).length;
  const joints = Object.fromEntries(byId(spec.joints).map((j) => [j.id, JOINT_DOF[j.type]]));
  return { global: 6 * free - spec.joints.reduce((n, j) => n + (6 - JOINT_DOF[j.type]), 0), joints };
}

function notYet(field: string, what: keyof typeof ASSEMBLY_TEXT.flow): never {
  throw new TezgahError('ASSEMBLY_SPEC_INVALID', { field, detail: render(ASSEMBLY_TEXT.flow.notYet, { what: ASSEMBLY_TEXT.flow[what] }) });
}

export function assemblyFlow(deps: AssemblyFlowDeps): Flow<AssemblyJobSpec> {
  const templates = templateFlow(deps.library);

  const normaliseTemplate = async (spec: TemplateJobSpec, i: number): Promise<TemplateJobSpec> => {
    try {
      return (await templates.normalise(spec)) as TemplateJobSpec;
    } catch (e) {
      if (!(e instanceof TezgahError)) throw e;
      const field = typeof e.details?.field === 'string' ? `.params.${e.details.field}` : '';
      throw new TezgahError(e.code, { ...e.details, field: `components[${i}].source.spec${field}` });
    }
  };

  const resolveSource = async (c: Component, i: number): Promise<PartSource | null> => {
    const s = c.source;
    if (s.type === 'template') return null;
    // a job source names a job, never a path (paths are file sources, which the UI surfaces grant)
    if (s.type === 'job' && !isJobId(s.id))
      throw new TezgahError('VALIDATION_ERROR', { field: `components[${i}].source.id`, detail: `'${s.id}' is not a job id` });
    if (s.type === 'job' || s.type === 'file') {
      try {
        return await resolvePart(s.type === 'job' ? s.id : s.path, deps.parts);
      } catch (e) {
        if (e instanceof TezgahError) throw new TezgahError(e.code, { ...e.details, field: `components[${i}].source` });
        throw e;
      }
    }
    throw new TezgahError('ASSEMBLY_SOURCE_UNSUPPORTED', { component: c.id, source: s.type, field: `components[${i}].source` });
  };

  const materialOf = (c: Component, part: PartSource | null): string | null => {
    const id = c.material ?? (c.source.type === 'template' ? c.source.spec.material : part?.material) ?? null;
    if (id && !deps.library.getMaterial(id))
      throw new TezgahError('VALIDATION_ERROR', {
        field: 'material',
        detail: render(ASSEMBLY_TEXT.flow.unknownMaterial, { component: c.id, id }),
      });
    return id;
  };

  return {
    type: 'assembly',
    steps: [
      'validate',
      'assembly_components',
      'assembly_solve',
      'assembly_clash',
      'export_fcstd',
      'tessellate',
      'metrics',
      'write_glb',
      'write_bom',
      'store_artefacts',
    ],

    async normalise(job) {
      const spec = job.assembly;
      const check = checkAssembly(spec);
      if (!check.ok) {
        const first = check.issues[0]!;
        throw new TezgahError(first.code, {
          field: first.path,
          detail: first.detail,
          issues: check.issues.map((i) => ({ code: i.code, rule: i.rule, path: i.path, detail: i.detail })),
        });
      }
      spec.joints.forEach((j, i) => {
        if (j.type === 'planar' && j.limits && Object.keys(j.limits).length) notYet(`joints[${i}].limits`, 'planarLimits');
        if (j.initial && Object.keys(j.initial).length) notYet(`joints[${i}].initial`, 'initial');
      });
      const drivers = spec.drivers ?? [];
      drivers.forEach((driver, i) => {
        const j = spec.joints.find((x) => x.id === driver.joint)!;
        if (!DRIVABLE.has(`${j.type}.${driver.param}`)) notYet(`drivers[${i}].param`, 'driverParam');
      });
      if (drivers.length) {
        const frames = Math.max(...drivers.map((d) => driverValues(d).length));
        const max = spec.options?.simulation?.frames_max ?? DEFAULT_FRAMES_MAX;
        if (frames > max)
          throw new TezgahError('ASSEMBLY_SPEC_INVALID', {
            field: 'drivers',
            detail: render(ASSEMBLY_TEXT.flow.tooManyFrames, { frames, max }),
          });
      }
      const sources: NonNullable<AssemblyJobSpec['sources']> = {};
      const components: Component[] = [];
      for (const [i, c] of spec.components.entries()) {
        const part = await resolveSource(c, i);
        materialOf(c, part);
        if (part) sources[c.id] = { sha256: part.sha256, format: part.format };
        const source =
          c.source.type === 'template'
            ? { type: 'template' as const, spec: await normaliseTemplate(c.source.spec, i) }
            : c.source.type === 'job' && part?.job
              ? { type: 'job' as const, id: part.job.id }
              : c.source.type === 'file' && part
                ? { type: 'file' as const, path: part.path }
                : c.source;
        components.push({ ...c, source });
      }
      return {
        type: 'assembly',
        assembly: { ...spec, components, options: { ...spec.options, collision: { mode: spec.options?.collision?.mode ?? 'validate' } } },
        ...(Object.keys(sources).length ? { sources } : {}),
      };
    },

    async run(ctx, job) {
      const spec = job.assembly;
      await ctx.bridge();
      const comps = byId(spec.components);
      const parts = new Map<string, PartSource>();
      const input = await ctx.step('validate', async () => {
        const components: Input['components'] = [];
        for (const [n, c] of comps.entries()) {
          const pos = c.initial_placement?.pos ?? [0, 0, 0];
          const placement = { pos, quat: eulerToQuat(c.initial_placement?.rot_euler_deg ?? [0, 0, 0]) };
          const base = { id: c.id, grounded: !!c.grounded, placement, preplace: !c.initial_placement };
          if (c.source.type === 'template') {
            components.push({ ...base, template: { template: c.source.spec.template, params: c.source.spec.params } });
            continue;
          }
          const part = await resolveSource(c, spec.components.indexOf(c));
          if (!part) continue;
          const want = job.sources?.[c.id]?.sha256;
          if (want && want !== part.sha256)
            throw new TezgahError('VALIDATION_ERROR', {
              field: 'source',
              detail: render(ASSEMBLY_TEXT.flow.sourceChanged, { component: c.id }),
            });
          parts.set(c.id, part);
          const file = `component-${String(n + 1).padStart(3, '0')}.${part.format === 'step' ? 'step' : 'FCStd'}`;
          await copyFile(part.path, join(ctx.jobDir, file), fsConstants.COPYFILE_EXCL);
          components.push({ ...base, file, format: part.format });
        }
        const lcs: Input['lcs'] = {};
        for (const c of comps)
          if (c.lcs?.length) lcs[c.id] = Object.fromEntries(c.lcs.map((l) => [l.name, { pos: l.origin, quat: lcsRotation(l.axes) }]));
        return {
          name: spec.name,
          components,
          lcs,
          joints: byId(spec.joints).map((j) => ({
            id: j.id,
            type: j.type,
            a: j.a,
            b: j.b,
            ...(j.limits?.angle_deg || j.limits?.z_mm
              ? {
                  limits: {
                    ...(j.limits.angle_deg ? { angle_deg: j.limits.angle_deg } : {}),
                    ...(j.limits.z_mm ? { z_mm: j.limits.z_mm } : {}),
                  },
                }
              : {}),
          })),
          collision: spec.options?.collision?.mode ?? 'validate',
          ...(spec.drivers?.length
            ? {
                drivers: spec.drivers.map((d) => ({ joint: d.joint, param: d.param as 'angle' | 'z', values: driverValues(d) })),
              }
            : {}),
          exploded:
            spec.options?.exploded && 'offsets' in spec.options.exploded
              ? { offsets: spec.options.exploded.offsets }
              : { factor: explodeFactor(spec) },
          files: { fcstd: 'assembly.FCStd' },
        } satisfies Input;
      });

      const w = await ctx.runWorker({ flow: 'assembly', input }).catch((e: unknown) => {
        throw inBothLanguages(e);
      });
      const data: AssemblyData['assembly'] = w.data.assembly;

      for (const c of comps) {
        const a = data.placements[c.id];
        const b = data.reopened[c.id];
        const same =
          a &&
          b &&
          [...a.position, ...a.rotation_quat].every((v, i) => Math.abs(v - [...b.position, ...b.rotation_quat][i]!) <= REOPEN_TOL);
        if (!same) throw new TezgahError('ASSEMBLY_FAILED', { detail: render(ASSEMBLY_TEXT.flow.reopenMismatch, { component: c.id }) });
      }

      const base =
        spec.name
          .normalize('NFKD')
          .replace(/[^\w.-]+/g, '-')
          .replace(/^[-.]+|-+$/g, '') || 'assembly';
      const volumes = new Map(data.components.map((c) => [c.id, c.volume_mm3]));
      const bom = bomOf(comps, parts, volumes, (c) => materialOf(c, parts.get(c.id) ?? null), deps.library);

      const meshes = w.run.outputs.filter((o) => o.kind === 'mesh');
      const glbName = `${base}.glb`;
      const explodedName = `${base}-exploded.glb`;
      const [glbBytes, explodedBytes] = await ctx.step('write_glb', async () => {
        const read = [];
        for (const o of meshes) {
          const id = String(o.meta?.component ?? '');
          if (!data.placements[id] || !data.exploded.placements[id])
            throw new TezgahError('INTERNAL', { reason: `mesh ${o.file} names no component of the assembly` });
          read.push({ id, mesh: await readPreviewMesh(join(ctx.jobDir, o.file)) });
        }
        const sizes = [];
        for (const [name, placements] of [
          [glbName, data.placements],
          [explodedName, data.exploded.placements],
        ] as const) {
          const bytes = await writeAssemblyGlb(
            base,
            read.map((n) => ({ ...n, placement: placements[n.id]! })),
          );
          await writeNodeFile(ctx.jobDir, name, bytes);
          sizes.push(bytes.byteLength);
        }
        return sizes;
      });
      const csvName = `${base}-bom.csv`;
      const csv = await ctx.step('write_bom', async () => {
        const text = bomCsv(bom);
        await writeNodeFile(ctx.jobDir, csvName, text);
        return text;
      });

      const fcstd = w.run.outputs.find((o) => o.kind === 'fcstd');
      if (!fcstd) throw new TezgahError('FC_EXPORT_FAILED', { reason: 'the worker produced no FCStd' });
      const masses = bom.map((l) => (l.mass_g === null ? null : l.mass_g * l.qty));
      const metrics = jobMetrics(w.run, null);
      const result: AssemblyResult = {
        placements: data.placements,
        solver: {
          status: data.solver_status,
          redundant: data.redundant,
          tolerance_mm: ASSEMBLY_TOLERANCE_MM,
          tolerance_rad: ASSEMBLY_TOLERANCE_RAD,
        },
        dof: mobility(spec),
        residuals: data.residuals,
        collision_mode: input.collision,
        collisions: data.collisions,
        checked_pairs: data.checked_pairs,
        pruned_pairs: data.pruned_pairs,
        bom,
        reopened: data.reopened,
        joints_in_file: data.joints_in_file,
        holes: data.holes,
        exploded: {
          mode: spec.options?.exploded && 'offsets' in spec.options.exploded ? 'offsets' : 'auto',
          factor: spec.options?.exploded && 'offsets' in spec.options.exploded ? null : explodeFactor(spec),
          offsets: data.exploded.offsets,
          placements: data.exploded.placements,
        },
        sweep:
          input.drivers && data.frames
            ? { drivers: input.drivers.map((d) => ({ joint: d.joint, param: d.param })), frames: data.frames }
            : null,
      };
      return {
        outputs: [
          flowOutput('fcstd', `${base}.FCStd`, join(ctx.jobDir, fcstd.file), {
            freecad: w.run.freecad_version,
            joints: data.joints_in_file.length,
          }),
          flowOutput('glb', glbName, join(ctx.jobDir, glbName), { bytes: glbBytes, nodes: meshes.length }),
          flowOutput('glb', explodedName, join(ctx.jobDir, explodedName), { bytes: explodedBytes, nodes: meshes.length, exploded: true }),
          flowOutput('bom_csv', csvName, join(ctx.jobDir, csvName), { lines: bom.length, sha256: sha256(csv) }),
        ],
        metrics: metrics && {
          ...metrics,
          mass_g: masses.every((m) => m !== null) ? Math.round(masses.reduce((a, b) => a + b, 0) * 1000) / 1000 : null,
        },
        warnings: w.warnings,
        result: { assembly: result },
      };
    },
  };
}

/** The worker words a feature it did not find in English only; the detail is worded here in both languages. */
function inBothLanguages(e: unknown): unknown {
  if (!(e instanceof TezgahError) || e.code !== 'ASSEMBLY_UNKNOWN_REF') return e;
  const problem = e.details?.problem;
  if (typeof problem !== 'string' || !Object.hasOwn(ASSEMBLY_TEXT.ref, problem)) return e;
  const text = ASSEMBLY_TEXT.ref[problem as keyof typeof ASSEMBLY_TEXT.ref];
  return new TezgahError(e.code, { ...e.details, detail: render(text, e.details ?? {}) }, e);
}

/** Identical items (same source fingerprint and material) are one line; lines sorted by designation, fingerprint, material. */
export function bomOf(
  comps: readonly Component[],
  parts: ReadonlyMap<string, PartSource>,
  volumes: ReadonlyMap<string, number>,
  material: (c: Component) => string | null,
  library: Pick<Library, 'getMaterial'>,
): BomLine[] {
  const lines = new Map<string, BomLine>();
  for (const c of comps) {
    const s = c.source;
    const part = parts.get(c.id);
    const fingerprint = s.type === 'template' ? sha256(canonicalJson(s.spec)) : (part?.sha256 ?? '');
    const designation =
      s.type === 'template'
        ? `${s.spec.template} ${Object.entries(s.spec.params)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`
        : (part?.name ?? c.id);
    const mat = material(c);
    const key = `${fingerprint}\u0000${mat ?? ''}`;
    const volume = volumes.get(c.id) ?? 0;
    const line = lines.get(key);
    if (line) {
      line.qty += 1;
      line.components.push(c.id);
      continue;
    }
    const density = mat ? library.getMaterial(mat)?.density_g_cm3 : undefined;
    lines.set(key, {
      designation,
      qty: 1,
      components: [c.id],
      source: s.type === 'template' || s.type === 'job' ? s.type : 'file',
      source_sha256: fingerprint,
      material: mat,
      volume_mm3: volume,
      mass_g: density === undefined ? null : Math.round((volume / 1000) * density * 1000) / 1000,
    });
  }
  for (const l of lines.values()) l.components.sort();
  const key = (l: BomLine) => [l.designation, l.source_sha256, l.material ?? '', l.components[0] ?? ''];
  return [...lines.values()].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    const k = ka.findIndex((v, n) => v !== kb[n]);
    return k < 0 ? 0 : ka[k]! < kb[k]! ? -1 : 1;
  });
}

const CSV_HEADER = ['designation', 'qty', 'components', 'source', 'source_sha256', 'material', 'volume_mm3', 'mass_g_each', 'mass_g_total'];

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The BOM as CSV (RFC 4180, LF line ends): same lines → same bytes. */
export function bomCsv(bom: readonly BomLine[]): string {
  const rows = bom.map((l) => [
    l.designation,
    l.qty,
    l.components.join(' '),
    l.source,
    l.source_sha256,
    l.material,
    l.volume_mm3,
    l.mass_g,
    l.mass_g === null ? null : Math.round(l.mass_g * l.qty * 1000) / 1000,
  ]);
  return `${[CSV_HEADER, ...rows].map((r) => r.map(csvField).join(',')).join('\n')}\n`;
}
