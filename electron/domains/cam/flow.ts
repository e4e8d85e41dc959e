// The CAM flow: a part, a machine, stock and tools become G-code that a second tool (our verifier)
// has read. Steps: cam_setup (copy the part, find its features, plan and check every limit — before
// any toolpath), toolpath and post (FreeCAD: flows/cam.py), verify (electron/domains/cam/gcode).
//
// Verification findings do not fail the job: the G-code is kept and the result says
// verification.ok = false with the findings. A move beyond the machine's travel does fail it
// (CAM_LIMIT_EXCEEDED): such a program must not reach the machine.
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TezgahError, toErrorPayload } from '../../../shared/errors.js';
import { CAM_TEXT } from '../../../shared/i18n/cam.js';
import { render } from '../../../shared/i18n/text.js';
import type { CamJobSpec, CamOperation } from '../../../shared/jobs.js';
import type { Machine, Material, Tool } from '../../../shared/library.js';
import type { Library } from '../library/library.js';
import { readJobFile, writeNodeFile } from '../../../freecad-bridge/src/jobdir.js';
import { flowOutput, type Flow } from '../../jobs/flow.js';
import type { CamGenerateData } from '../../../freecad-bridge/src/flows.js';
import type { CamOpHolding, CamResult } from '../../../shared/results/cam.js';
import { checkHolding, type HoldingVerdict } from './holding.js';
import { verifyGcode, type GcodeReport } from './gcode/index.js';
import { ascii, checkEnvelope, DEFAULT_STOCK_MARGIN_MM, libraryFingerprint, planCam, stockBox, type CamPlan } from './plan.js';
import { GCODE_EXTENSION, headerLines, operationPaths, withHeader } from './program.js';
import { resolvePart, type PartLookup, type PartSource } from './source.js';

export const DEFAULT_CAM_MATERIAL = 'aluminium-6061';
export const CAM_REPORT_FORMAT = 'tezgah-cam-report';
/** The G-code text goes into the job result up to this size (the file is always an artefact). */
const MAX_TEXT_IN_RESULT = 2 << 20;
/** the worker's program body; far above any real program */
const GCODE_MAX_BYTES = 256 << 20;

export interface CamFlowDeps {
  library: Library;
  parts: PartLookup;
}

interface Resolved {
  machine: Machine;
  material: Material;
  /** tools to choose from */
  tools: Tool[];
  overrideTools: Partial<Record<CamOperation, Tool>>;
}

export function camFlow(deps: CamFlowDeps): Flow<CamJobSpec> {
  const { library } = deps;

  const resolve = (spec: CamJobSpec, partMaterial?: string): Resolved => {
    const machine = library.getMachine(spec.machine);
    if (!machine)
      throw new TezgahError('VALIDATION_ERROR', {
        field: 'machine',
        detail: render(CAM_TEXT.unknownMachine, {
          id: spec.machine,
          known: library
            .machines()
            .map((m) => m.id)
            .join(', '),
        }),
      });
    const materialId = spec.material ?? partMaterial ?? DEFAULT_CAM_MATERIAL;
    const material = library.getMaterial(materialId);
    if (!material)
      throw new TezgahError('VALIDATION_ERROR', { field: 'material', detail: render(CAM_TEXT.unknownMaterial, { id: materialId }) });
    if (!material.processes.includes('cnc_milling') || !material.cutting)
      throw new TezgahError('MATERIAL_PROCESS_INCOMPATIBLE', {
        process: 'cnc_milling',
        material: material.id,
        allowed: material.processes,
      });
    const tool = (id: string, field: string) => {
      const t = library.getTool(id);
      if (!t) throw new TezgahError('VALIDATION_ERROR', { field, detail: render(CAM_TEXT.unknownTool, { id }) });
      return t;
    };
    const tools = spec.tools ? spec.tools.map((id) => tool(id, 'tools')) : library.tools();
    const overrideTools: Partial<Record<CamOperation, Tool>> = {};
    for (const [op, o] of Object.entries(spec.overrides ?? {}) as [CamOperation, { tool?: string }][]) {
      if (o?.tool) overrideTools[op] = tool(o.tool, `overrides.${op}.tool`);
    }
    return { machine, material, tools, overrideTools };
  };

  return {
    type: 'cam',
    steps: ['cam_setup', 'toolpath', 'post', 'verify', 'store_artefacts'],

    async normalise(spec) {
      const part = await resolvePart(spec.part, deps.parts);
      const r = resolve(spec, part.material);
      const tools = spec.tools ? [...new Set(spec.tools)].sort() : undefined;
      const consulted = [...r.tools, ...Object.values(r.overrideTools)];
      return {
        type: 'cam',
        part: part.job ? part.job.id : part.path,
        part_sha256: part.sha256,
        machine: r.machine.id,
        material: r.material.id,
        stock: spec.stock ?? { margin_mm: DEFAULT_STOCK_MARGIN_MM },
        origin: spec.origin ?? 'part',
        ...(spec.ops ? { ops: [...new Set(spec.ops)] } : {}),
        ...(tools ? { tools } : {}),
        post: spec.post ?? r.machine.controller,
        ...(spec.overrides && Object.keys(spec.overrides).length ? { overrides: spec.overrides } : {}),
        ...(spec.peck !== undefined ? { peck: spec.peck } : {}),
        library_sha256: libraryFingerprint(r.machine, r.material, [...new Map(consulted.map((t) => [t.id, t])).values()]),
      };
    },

    async run(ctx, spec) {
      const r = resolve(spec);
      // FreeCAD is located before cam_setup starts
      await ctx.bridge();
      const { plan, part, partFile } = await ctx.step('cam_setup', async () => {
        const part = await resolvePart(spec.part, deps.parts);
        if (spec.part_sha256 && part.sha256 !== spec.part_sha256)
          throw new TezgahError('VALIDATION_ERROR', { field: 'part', detail: CAM_TEXT.partChanged });
        // A part job measured its box: a stock the machine cannot hold is refused before FreeCAD starts.
        if (part.bbox) checkEnvelope(r.machine, stockBox(spec, part.bbox));
        const partFile = part.format === 'step' ? 'part.step' : 'part.FCStd';
        await copyFile(part.path, join(ctx.jobDir, partFile), fsConstants.COPYFILE_EXCL);
        const analysis = await ctx.runWorker({
          flow: 'cam',
          input: { mode: 'analyse', part: partFile },
          forwardProgress: false,
          invalidData: (why) => new TezgahError('CAM_FAILED', { detail: render(CAM_TEXT.analysisUnreadable, { why }) }),
        });
        const plan = planCam({
          spec,
          machine: r.machine,
          material: r.material,
          tools: r.tools,
          overrideTools: r.overrideTools,
          part: analysis.data.part,
        });
        ctx.log('info', 'cam plan', { ops: plan.ops.map((o) => `${o.label}:T${o.tool.number}`), skipped: plan.skipped.length });
        return { plan, part, partFile };
      });

      const base = fileBase(part);
      const ext = GCODE_EXTENSION[plan.post];
      const bodyFile = 'program.body';
      const fcstdFile = `${base}-cam.FCStd`;
      const generated = await ctx.runWorker({
        flow: 'cam',
        input: generateInput(plan, partFile, base, { gcode: bodyFile, fcstd: fcstdFile }),
      });
      const res = generated.run;
      const worker = generated.data;

      const gcodeName = `${base}.${ext}`;
      const specHash = ctx.job.spec_hash;
      const verified = await ctx.step('verify', async () => {
        const body = (await readJobFile(ctx.jobDir, bodyFile, { maxBytes: GCODE_MAX_BYTES })).toString('utf8');
        const opts = { machine: r.machine, tools: usedTools(plan), stock: plan.stock, workOffset: plan.workOffset };
        const first = verifyGcode(body, opts);
        const header = headerLines({
          jobId: ctx.job.id,
          specHash,
          part: part.name,
          partSha256: part.sha256,
          machine: r.machine,
          post: plan.post,
          material: r.material.id,
          origin: plan.origin,
          stock: plan.stock,
          tools: usedTools(plan),
          operations: plan.ops.map((o) => o.label),
          estimatedSeconds: first.estimated_seconds,
          bounds: first.bounds_mm,
        });
        const text = withHeader(body, header);
        const report = verifyGcode(text, opts);
        // the part must still be held when a cut goes through the stock (read from the program, not the plan)
        const holding = checkHolding(text, report.segments, plan.ops, plan.stock);
        report.findings.push(...holding.findings);
        report.ok = report.ok && holding.held;
        const envelope = report.findings.filter((f) => f.code === 'GCODE_OUT_OF_ENVELOPE' && f.severity === 'error');
        if (envelope.length)
          throw new TezgahError('CAM_LIMIT_EXCEEDED', {
            detail: render(CAM_TEXT.leavesTravel, {
              machine: r.machine.id,
              what: envelope[0]!.details?.detail ?? envelope[0]!.message,
              line: envelope[0]!.line,
            }),
            findings: envelope.slice(0, 10).map(finding),
          });
        await writeNodeFile(ctx.jobDir, gcodeName, text);
        const paths = operationPaths(
          text,
          report,
          plan.ops.map((o) => o.label),
          r.machine,
        );
        return { text, report, paths, holding };
      });

      const cam = camSummary(plan, verified.report, verified.paths, worker, r, verified.holding);
      const { paths: _paths, ...camForReport } = cam;
      const reportDoc = {
        format: CAM_REPORT_FORMAT,
        version: 1,
        job_id: ctx.job.id,
        input_sha256: specHash,
        ...camForReport,
        part: { ref: spec.part, name: part.name, sha256: part.sha256, bbox_mm: plan.part },
        machine: { id: r.machine.id, name: r.machine.name, controller: r.machine.controller },
        gcode: {
          name: gcodeName,
          sha256: sha256(verified.text),
          bytes: Buffer.byteLength(verified.text),
          lines: verified.text.split('\n').length - 1,
        },
      };
      await writeNodeFile(ctx.jobDir, 'cam_report.json', JSON.stringify(reportDoc, null, 2) + '\n');

      const bytes = Buffer.byteLength(verified.text);
      return {
        outputs: [
          flowOutput('gcode', gcodeName, join(ctx.jobDir, gcodeName), {
            post: plan.post,
            post_args: worker.post?.args ?? '',
            verified: verified.report.ok,
            freecad: res.freecad_version,
          }),
          flowOutput('fcstd', fcstdFile, join(ctx.jobDir, fcstdFile), { freecad: res.freecad_version }),
          flowOutput('cam_report', 'cam_report.json', join(ctx.jobDir, 'cam_report.json'), { format: CAM_REPORT_FORMAT, version: 1 }),
        ],
        metrics: null,
        warnings: [
          ...plan.skipped.map((s) => toErrorPayload(new TezgahError('CAM_FEATURE_SKIPPED', { operation: s.op, detail: s.detail }))),
          ...generated.warnings,
        ],
        result: {
          cam: {
            ...cam,
            gcode: {
              name: gcodeName,
              bytes,
              sha256: reportDoc.gcode.sha256,
              ...(bytes <= MAX_TEXT_IN_RESULT ? { text: verified.text } : {}),
            },
          },
        },
      };
    },
  };
}

/** A file-name-safe, ASCII base name for the outputs. */
function fileBase(part: PartSource): string {
  const s = ascii(part.name)
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return s || 'part';
}

function usedTools(plan: CamPlan): Tool[] {
  return [...new Map(plan.toolControllers.map((t) => [t.tool.id, t.tool])).values()];
}

function finding(f: GcodeReport['findings'][number]) {
  return { code: f.code, severity: f.severity, line: f.line, message: f.message };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The worker's input for the toolpath and post steps (flows/cam.py, mode 'generate'). */
export function generateInput(plan: CamPlan, partFile: string, label: string, files: { gcode: string; fcstd: string }) {
  return { mode: 'generate' as const, part: partFile, label, shift: plan.shift, plan: pythonPlan(plan), post: pythonPost(plan), files };
}

/** The plan as flows/cam_job.py reads it. */
function pythonPlan(plan: CamPlan) {
  return {
    stock: plan.stock,
    heights: plan.heights,
    tool_controllers: plan.toolControllers.map((t) => ({
      id: t.id,
      label: t.label,
      rpm: t.rpm,
      feed_mm_min: t.feed_mm_min,
      plunge_mm_min: t.plunge_mm_min,
      tool: t.tool,
    })),
    ops: plan.ops.map((o) => ({
      id: o.id,
      label: o.label,
      kind: o.kind,
      tc: o.tc,
      faces: o.faces,
      start_depth: o.start_depth,
      final_depth: o.final_depth,
      step_down: o.step_down,
      step_over_percent: o.step_over_percent,
      coolant: o.coolant,
      ...(o.side ? { side: o.side } : {}),
      ...(o.through !== undefined ? { through: o.through } : {}),
      ...(o.peck_depth !== undefined ? { peck_depth: o.peck_depth } : {}),
      ...(o.tool.type === 'endmill' && o.kind !== 'drill' ? { ramp_deg: RAMP_DEG } : {}),
      ...(o.holding?.kind === 'tabs'
        ? { tabs: { count: o.holding.count, width_mm: o.holding.width_mm, height_mm: o.holding.height_mm } }
        : {}),
    })),
  };
}

/** the ramp angle of an end mill's entries: 3°, a common value for carbide in metals (gentler than most plastics need) */
const RAMP_DEG = 3;

function pythonPost(plan: CamPlan) {
  return {
    name: plan.post,
    ...plan.postOptions,
    clearance: plan.heights.clearance,
    tool_names: Object.fromEntries(plan.toolControllers.map((t) => [String(t.tool.number), t.label])),
  };
}

function opHolding(o: CamPlan['ops'][number], worker: CamGenerateData): CamOpHolding {
  const h = o.holding!;
  if (h.kind === 'onion') return h;
  const placed = worker.tabs?.find((t) => t.id === o.id);
  return { ...h, top_z: placed?.top_z ?? null, positions: placed?.positions ?? [] };
}

function camSummary(
  plan: CamPlan,
  report: GcodeReport,
  paths: ReturnType<typeof operationPaths>,
  worker: CamGenerateData,
  r: Resolved,
  holding: HoldingVerdict,
): Omit<CamResult, 'gcode'> {
  const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;
  return {
    post: plan.post,
    machine: r.machine.id,
    material: r.material.id,
    origin: plan.origin,
    stock_mm: plan.stock,
    part_bbox_mm: plan.part,
    heights_mm: plan.heights,
    work_offset_nominal_mm: plan.workOffset,
    tools: usedTools(plan).map((t) => ({ id: t.id, number: t.number, name: t.name, type: t.type, diameter_mm: t.diameter_mm })),
    operations: plan.ops.map((o) => {
      const p = paths.find((x) => x.label === o.label);
      const w = worker.operations?.find((x) => x.id === o.id);
      return {
        id: o.id,
        label: o.label,
        kind: o.kind,
        tool: o.tool.id,
        tool_number: o.tool.number,
        rpm: o.rpm,
        feed_mm_min: o.feed_mm_min,
        plunge_mm_min: o.plunge_mm_min,
        step_down_mm: o.step_down,
        step_over_mm: o.step_over_mm,
        start_depth_mm: round(o.start_depth),
        final_depth_mm: round(o.final_depth),
        coolant: o.coolant,
        ...(o.peck_depth !== undefined ? { peck_depth_mm: o.peck_depth } : {}),
        ...(o.holes ? { holes: o.holes } : {}),
        ...(o.pockets ? { pockets: o.pockets } : {}),
        clamps: o.clamps,
        phase: o.phase,
        ...(o.holding ? { holding: opHolding(o, worker) } : {}),
        estimated_seconds: p?.estimated_seconds ?? null,
        path_length_mm: p?.path_length_mm ?? null,
        lines: p ? ([p.first_line, p.last_line] satisfies [number, number]) : null,
        moves: w?.cutting_moves ?? null,
      };
    }),
    skipped: plan.skipped,
    notes: plan.notes,
    post_fixes: worker.post?.fixes ?? [],
    estimated_seconds: round(report.estimated_seconds, 1),
    bounds_mm: report.bounds_mm && {
      xmin: round(report.bounds_mm.xmin),
      ymin: round(report.bounds_mm.ymin),
      zmin: round(report.bounds_mm.zmin),
      xmax: round(report.bounds_mm.xmax),
      ymax: round(report.bounds_mm.ymax),
      zmax: round(report.bounds_mm.zmax),
    },
    path_length_mm: round(report.path_length_mm, 1),
    tool_changes: report.tool_changes,
    holding: { held: holding.held, through_cuts: holding.through_cuts },
    verification: { ok: report.ok, findings: report.findings.map(finding) },
    paths: paths.map((p) => ({
      label: p.label,
      first_line: p.first_line,
      last_line: p.last_line,
      segments: p.segments,
      truncated: p.truncated,
    })),
  };
}
