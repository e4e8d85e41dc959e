// The CAM API group. `cam.toolpath`: a finished CAM job's program as the toolpath view draws it. The G-code file (the
// artefact, so a program too big for the job document still shows) is read by the same verifier
// that checked it (electron/domains/cam/gcode), which gives every segment with its line; the job's own
// verification stays the record of what was found, the re-read only adds the finding details.
// `gcode.check`: any G-code program checked against a machine of the library.
import { readFile } from 'node:fs/promises';
import type { ApiGroup, CamFinding, CamToolpath, CamToolpathOperation } from '../../../shared/api/index.js';
import { TezgahError } from '../../../shared/errors.js';
import { isJobOf, resultOf, type ArtefactInfo, type CamJobSpec, type JobRecord } from '../../../shared/jobs.js';
import type { CamFindingRecord, CamResult } from '../../../shared/results/cam.js';
import type { Machine } from '../../../shared/library.js';
import { verifyGcode } from './gcode/index.js';
import { originShift, stockBox } from './plan.js';
import { operationSections } from './program.js';
import type { JobManager } from '../../jobs/manager.js';
import type { ArtefactStore } from '../../platform/artefact-store.js';
import type { ArtefactRepo } from '../../platform/artefacts-repo.js';
import type { JobRepo } from '../../platform/jobs-repo.js';
import type { Library } from '../library/library.js';

export interface CamApiDeps {
  jobs: JobManager;
  jobsRepo: JobRepo;
  artefactRepo: ArtefactRepo;
  artefacts: ArtefactStore;
  library: Library;
  /** where the client fetches an artefact (the part's GLB preview) */
  hrefFor: (a: ArtefactInfo) => string;
}

export function camApi(d: CamApiDeps): ApiGroup<'cam'> & ApiGroup<'gcode'> {
  return {
    'cam.toolpath': ({ id }) => camToolpath(d, id),
    'gcode.check': ({ text, machine: machineId }) => {
      const machine = d.library.getMachine(machineId);
      if (!machine) throw new TezgahError('NOT_FOUND', { id: machineId, field: 'machine' });
      const r = verifyGcode(text, { machine, tools: d.library.tools() });
      return {
        ok: r.ok,
        machine: machine.id,
        findings: r.findings.map((f) => ({ code: f.code, severity: f.severity, line: f.line, message: f.message })),
        bounds_mm: r.bounds_mm,
        estimated_seconds: Math.round(r.estimated_seconds * 10) / 10,
        path_length_mm: Math.round(r.path_length_mm * 1000) / 1000,
      };
    },
  };
}

/** The most G-code text one call returns; longer programs show their start (the file has it all). */
const MAX_TEXT_BYTES = 16 << 20;
/** The most segments one call returns. */
const MAX_SEGMENTS = 600_000;

export async function camToolpath(wb: CamApiDeps, id: string): Promise<CamToolpath> {
  const job = wb.jobs.get(id);
  if (!isJobOf(job, 'cam'))
    throw new TezgahError('VALIDATION_ERROR', { field: 'id', detail: `job ${id} is a ${job.type} job, not a CAM job` });
  if (job.status !== 'succeeded')
    throw new TezgahError('VALIDATION_ERROR', {
      field: 'id',
      detail: `the CAM job is ${job.status}; its program appears when it has succeeded`,
    });
  const spec = job.spec;
  // null only for a job recorded without a result (every view below falls back to the re-read)
  const cam = resultOf(job, 'cam');
  const gcode = wb.jobs.artefactsOf(id).find((a) => a.kind === 'gcode');
  if (!gcode) throw new TezgahError('NOT_FOUND', { id, field: 'gcode' });

  const raw = await readFile(wb.artefacts.pathFor(gcode.sha256));
  const truncated = raw.byteLength > MAX_TEXT_BYTES;
  let text = raw.subarray(0, MAX_TEXT_BYTES).toString('utf8');
  if (truncated) text = text.slice(0, text.lastIndexOf('\n') + 1);

  const machine = wb.library.getMachine(spec.machine) ?? anyMachine(spec.post ?? cam?.post);
  const libraryTools = wb.library.tools();
  const used = cam?.tools;
  const tools = used ? libraryTools.filter((t) => used.some((u) => u.id === t.id)) : undefined;
  const report = verifyGcode(text, {
    machine,
    ...(tools ? { tools } : {}),
    ...(cam?.stock_mm ? { stock: cam.stock_mm } : {}),
    ...(cam?.work_offset_nominal_mm ? { workOffset: cam.work_offset_nominal_mm } : {}),
  });

  const operations = programOperations(text, cam);
  const segs = report.segments.slice(0, MAX_SEGMENTS);
  const coords: number[] = new Array(segs.length * 6);
  const lines: number[] = new Array(segs.length);
  const ops: number[] = new Array(segs.length);
  let kinds = '';
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  segs.forEach((s, i) => {
    coords[6 * i] = r3(s.from[0]);
    coords[6 * i + 1] = r3(s.from[1]);
    coords[6 * i + 2] = r3(s.from[2]);
    coords[6 * i + 3] = r3(s.to[0]);
    coords[6 * i + 4] = r3(s.to[1]);
    coords[6 * i + 5] = r3(s.to[2]);
    lines[i] = s.line;
    ops[i] = operations.findIndex((o) => s.line >= o.first_line && s.line <= o.last_line);
    kinds += s.kind === 'rapid' ? 'r' : s.kind === 'arc' ? 'a' : 'f';
  });

  // the job's verdict, with the details (line, tool, …) the re-read adds for the localised messages
  const stored = cam?.verification;
  const listed: readonly (CamFindingRecord & { details?: CamFinding['details'] })[] = stored?.findings ?? report.findings;
  const findings: CamFinding[] = listed.map((f) => {
    const again = report.findings.find((g) => g.code === f.code && g.line === f.line);
    const details = again?.details ?? f.details;
    return { code: f.code, severity: f.severity, line: f.line, message: f.message, ...(details ? { details } : {}) };
  });

  return {
    job_id: id,
    gcode: { artefact_id: gcode.id, name: gcode.name, text, bytes: raw.byteLength, lines: countLines(text), truncated },
    segments: { count: segs.length, coords, lines, kinds, ops, truncated: report.segments.length > segs.length },
    operations,
    part: partOf(wb, spec),
    shift: shiftOf(wb, spec, cam),
    stock_mm: cam?.stock_mm ?? null,
    bounds_mm: cam?.bounds_mm ?? report.bounds_mm,
    verification: { ok: stored?.ok ?? report.ok, findings },
    estimated_seconds: cam?.estimated_seconds ?? report.estimated_seconds,
    skipped: cam?.skipped ?? [],
    notes: (cam?.notes ?? []).map((n) => (typeof n === 'string' ? { en: n, tr: n } : n)),
  };
}

/** The operations with their line ranges: from the job result, else from the posts' comments. */
function programOperations(text: string, cam: CamResult | null): CamToolpathOperation[] {
  const listed = cam?.operations ?? [];
  const sections = operationSections(
    text,
    listed.map((o) => o.label),
  );
  return listed.flatMap((o) => {
    const range =
      o.lines ??
      (() => {
        const s = sections.find((x) => x.label === o.label);
        return s ? ([s.first, s.last] as [number, number]) : null;
      })();
    return range ? [{ label: o.label, kind: o.kind, tool_number: o.tool_number ?? null, first_line: range[0], last_line: range[1] }] : [];
  });
}

/** The part job the toolpath is drawn over (a part given as a file path has no preview). */
function partOf(wb: CamApiDeps, spec: CamJobSpec): CamToolpath['part'] {
  const part: JobRecord | undefined = wb.jobsRepo.get(spec.part);
  if (!part) return null;
  const glb = wb.artefactRepo.listForJob(part.id).find((a) => a.kind === 'glb');
  return { job_id: part.id, glb_href: glb ? wb.hrefFor(glb) : null, bbox_mm: part.metrics?.bbox_mm ?? null };
}

/** Part → work coordinates, as the CAM plan computed it (electron/domains/cam/plan.ts) from the part's box. */
function shiftOf(wb: CamApiDeps, spec: CamJobSpec, cam: CamResult | null): [number, number, number] {
  const origin = cam?.origin ?? spec.origin ?? 'part';
  const bbox = wb.jobsRepo.get(spec.part)?.metrics?.bbox_mm;
  if (origin === 'part' || !bbox) return [0, 0, 0];
  // the part's box in work coordinates, as the job recorded it, against its own box
  if (cam?.part_bbox_mm) return [cam.part_bbox_mm.xmin - bbox.xmin, cam.part_bbox_mm.ymin - bbox.ymin, cam.part_bbox_mm.zmin - bbox.zmin];
  return originShift(origin, stockBox(spec, bbox));
}

function countLines(text: string): number {
  if (!text) return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

/** A machine that accepts any move, for a job whose machine was removed from the library since. */
function anyMachine(post: string | undefined): Machine {
  const controller = post === 'linuxcnc' || post === 'fanuc' ? post : 'grbl';
  return {
    id: 'removed-machine',
    name: 'removed machine',
    controller,
    envelope_mm: { x: 1e6, y: 1e6, z: 1e6 },
    zero: 'min',
    max_spindle_rpm: 1e6,
    min_spindle_rpm: 0,
    max_feed_mm_min: 1e6,
    rapid_mm_min: 1e4,
    tool_changer: true,
    tool_change_s: 0,
    coolant: true,
    supported_codes: ['G0'],
    units: 'mm',
  };
}
