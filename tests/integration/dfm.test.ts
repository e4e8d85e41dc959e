// Manufacturability (DFM) checks end to end against the real FreeCAD 1.1: parts built by the script
// flow (STEP files FreeCAD writes) to fail exactly one check each — a T-slot (undercut from +Z), a
// pocket with 1 mm inner corner radii against a 6 mm smallest endmill, a Ø6 hole 40 mm deep, a
// 0.4 mm wall between a hole and a side, a 60° overhang for FDM — and one part that passes them all;
// the thinnest wall located against where it is by construction, the same input twice giving the same
// report, and `tezgah check` with its exit codes.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workbench } from '../../electron/app/app.js';
import { type JobRecord, resultOf } from '../../shared/jobs.js';
import type { DfmResult } from '../../shared/results/dfm.js';
import { tezgah } from '../support/cli.js';

const script = (...body: string[]) => ['import FreeCAD as App', 'import Part', 'import math', 'V = App.Vector', '', ...body, ''].join('\n');
/** the vertical edges of the box `p` (a pocket's corners) */
const VERTICAL = '[e for e in p.Edges if abs(e.Vertexes[0].Point.z - e.Vertexes[-1].Point.z) > 1]';

// each part, and the one check it fails by construction
const PARTS = {
  // 60 × 40 × 20 block, a T-slot along X: a 6 mm neck from the top down to z 12 over a 14 mm wide slot z 6…12
  tslot: script(
    'b = Part.makeBox(60, 40, 20)',
    'b = b.cut(Part.makeBox(60, 6, 8, V(0, 17, 12)))',
    'result = b.cut(Part.makeBox(60, 14, 6, V(0, 13, 6)))',
  ),
  // a 30 × 20 × 8 pocket whose vertical corners have a 1 mm radius
  radius1: script(
    'p = Part.makeBox(30, 20, 8, V(15, 10, 12))',
    `p = p.makeFillet(1.0, ${VERTICAL})`,
    'result = Part.makeBox(60, 40, 20).cut(p)',
  ),
  // a pocket with sharp vertical corners (radius 0)
  sharp: script('result = Part.makeBox(60, 40, 20).cut(Part.makeBox(30, 20, 8, V(15, 10, 12)))'),
  // a Ø2 through hole: smaller than every endmill, and no Ø2 drill
  tiny: script('result = Part.makeBox(30, 30, 10).cut(Part.makeCylinder(1, 10, V(15, 15, 0)))'),
  // a Ø6 blind hole 40 mm deep in a 30 × 30 × 45 block
  deephole: script('result = Part.makeBox(30, 30, 45).cut(Part.makeCylinder(3, 40, V(15, 15, 5)))'),
  // a Ø10 through hole whose edge comes within 0.4 mm of the y = 0 side: thinnest at x 20, y 0.2
  thin: script('result = Part.makeBox(40, 30, 10).cut(Part.makeCylinder(5, 10, V(20, 5.4, 0)))'),
  // a prism whose underside leans 60° from vertical (30° from the bed)
  overhang: script(
    't = math.tan(math.radians(60))',
    'w = Part.makePolygon([V(0, 0, 0), V(10, 0, 0), V(10 + 10 * t, 0, 10), V(10 + 10 * t, 0, 15), V(0, 0, 15), V(0, 0, 0)])',
    'result = Part.Face(w).extrude(V(0, 20, 0))',
  ),
  // passes: a pocket with 5 mm corners, a Ø10 through hole (a drill), a Ø6.8 × 15 blind hole (a drill)
  good: script(
    'p = Part.makeBox(30, 20, 8, V(15, 10, 12))',
    `p = p.makeFillet(5.0, ${VERTICAL})`,
    'b = Part.makeBox(60, 40, 20).cut(p)',
    'b = b.cut(Part.makeCylinder(5, 20, V(7, 7, 0)))',
    'result = b.cut(Part.makeCylinder(3.4, 15, V(52, 32, 5)))',
  ),
} as const;
type PartName = keyof typeof PARTS;

/** The codes of the findings that are not information only, once each. */
const failing = (r: DfmResult) => [...new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => f.code))];

describe('DFM: parts that fail exactly one check each, and one that passes', () => {
  let dataDir: string;
  let wb: Workbench;
  const part = {} as Record<PartName, string>;
  const check = async (spec: Record<string, unknown>): Promise<{ job: JobRecord; dfm: DfmResult }> => {
    const job = await wb.jobs.waitFor((await wb.jobs.submit({ type: 'check', ...spec })).id);
    expect(job.error, JSON.stringify(job.error)).toBeNull();
    expect(job.status).toBe('succeeded');
    return { job, dfm: resultOf(job, 'check')! };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tezgah-dfm-'));
    wb = new Workbench({ dataDir, poolSize: 1 });
    for (const [name, source] of Object.entries(PARTS)) {
      const job = await wb.jobs.waitFor((await wb.jobs.submit({ type: 'script', source, name })).id);
      expect(job.error, `${name}: ${JSON.stringify(job.error)}`).toBeNull();
      part[name as PartName] = job.id;
    }
  }, 240_000);
  afterAll(async () => {
    await wb?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a T-slot is an undercut from +Z alone, and reachable once a setup along the slot is allowed', async () => {
    const { job, dfm } = await check({ part: part.tslot, process: 'milling' });
    expect(job.document.steps.map((s) => [s.name, s.status])).toEqual([
      ['dfm_load', 'done'],
      ['dfm_check', 'done'],
      ['store_artefacts', 'done'],
    ]);
    expect(failing(dfm)).toEqual(['DFM_UNDERCUT']);
    expect(dfm.ok).toBe(false);
    const u = dfm.findings.find((f) => f.code === 'DFM_UNDERCUT')!;
    // the slot's two ceilings and its two side walls; its floor is shadowed but for the strip under the 6 mm neck
    expect(u.faces).toHaveLength(5);
    expect(u.measured).toBeCloseTo(2 * 4 * 60 + 2 * 6 * 60 + 14 * 60 * (4 / 6), 0);
    expect(u.severity).toBe('error');
    expect(u.message.en).toContain('+z');
    expect(u.hint.tr.length).toBeGreaterThan(10);
    const exact = await check({ part: part.tslot, process: 'milling', options: { exact_rays: true } });
    expect(JSON.stringify(exact.dfm.findings)).toBe(JSON.stringify(dfm.findings));
    // from +X the slot is open; but an endmill along X leaves its radius in the slot's sharp corners along X
    const both = await check({ part: part.tslot, process: 'milling', setups: ['+x', '+z'] });
    expect(both.dfm.setups).toEqual(['+z', '+x']);
    expect(failing(both.dfm)).toEqual(['DFM_INNER_RADIUS']);
    expect(both.dfm.findings[0]).toMatchObject({ measured: 0, allowed: 1.5 });
  });

  it('inner vertical corners of 1 mm against a 6 mm smallest endmill', async () => {
    const tools = ['endmill-6mm-carbide-4f', 'endmill-10mm-carbide-3f', 'drill-10mm-hss'];
    const { dfm } = await check({ part: part.radius1, process: 'milling', options: { tools } });
    expect(failing(dfm)).toEqual(['DFM_INNER_RADIUS']);
    const f = dfm.findings[0]!;
    expect([f.measured, f.allowed]).toEqual([1, 3]);
    expect(f.faces).toHaveLength(4); // the four corner fillets
    expect(f.params.tool).toBe('endmill-6mm-carbide-4f');
    expect(f.message.tr).toContain('1 mm');
    // the library's own smallest endmill is 3 mm: 1 mm is still too small, against 1.5 mm
    const lib = await check({ part: part.radius1, process: 'milling' });
    expect(failing(lib.dfm)).toEqual(['DFM_INNER_RADIUS']);
    expect(lib.dfm.findings[0]!.allowed).toBe(1.5);
  });

  it('sharp inner corners are radius 0; a Ø2 hole has no tool (nearest drill sizes), and prints only with a fine nozzle', async () => {
    const sharp = await check({ part: part.sharp, process: 'milling' });
    expect(failing(sharp.dfm)).toEqual(['DFM_INNER_RADIUS']);
    expect(sharp.dfm.findings[0]).toMatchObject({ measured: 0, allowed: 1.5 });
    expect(sharp.dfm.findings[0]!.faces).toHaveLength(4); // the pocket's four walls, two at each corner
    const tiny = await check({ part: part.tiny, process: 'milling' });
    expect(failing(tiny.dfm)).toEqual(['DFM_NO_DRILL']);
    const f = tiny.dfm.findings[0]!;
    expect(f.severity).toBe('error');
    expect(f.params).toMatchObject({ diameter: 2, nearest: [3] });
    expect(f.message.en).toContain('nearest drill sizes: 3 mm');
    // printed, Ø2 is wide enough for a 0.4 mm nozzle (1 mm) but not for a 1 mm one (2.5 mm)
    const printed = await check({ part: part.tiny, process: 'fdm' });
    expect(failing(printed.dfm)).toEqual([]);
    const coarse = await check({ part: part.tiny, process: 'fdm', options: { nozzle_mm: 1 } });
    expect(failing(coarse.dfm)).toEqual(['DFM_SMALL_HOLE']);
    expect(coarse.dfm.findings[0]).toMatchObject({ severity: 'warning', measured: 2, allowed: 2.5, faces: ['Face7'] });
  });

  it('a Ø6 hole 40 mm deep is deeper than any tool that makes Ø6 reaches', async () => {
    const { dfm } = await check({ part: part.deephole, process: 'milling' });
    expect(failing(dfm)).toEqual(['DFM_DEEP_HOLE']);
    const f = dfm.findings[0]!;
    expect(f.measured).toBe(40);
    // no Ø6 drill in the library; a 6 mm endmill plunges it, as deep as the longest one's flute
    const mills = wb.library.tools().filter((t) => t.type === 'endmill' && t.diameter_mm === 6);
    const longest = mills.reduce((a, b) => (b.flute_length_mm > a.flute_length_mm ? b : a));
    expect(f.allowed).toBe(longest.flute_length_mm);
    expect(f.allowed).toBeLessThan(40);
    expect(f.params).toMatchObject({ diameter: 6, tool: longest.id });
    expect(f.faces).toHaveLength(1);
  });

  it('a 0.4 mm wall, its thinnest spot located within 0.05 mm; the same input twice gives the same report', async () => {
    const a = await check({ part: part.thin, process: 'milling' });
    expect(failing(a.dfm)).toEqual(['DFM_THIN_WALL']);
    const f = a.dfm.findings[0]!;
    expect(f.measured).toBeCloseTo(0.4, 3);
    expect(f.allowed).toBe(1);
    const [x, y, z] = f.at_mm!;
    // by construction the wall is thinnest on the line x = 20, y = 0.2 (the hole's nearest line to the side)
    expect(Math.hypot(x - 20, y - 0.2)).toBeLessThan(0.05);
    expect(z).toBeGreaterThanOrEqual(0);
    expect(z).toBeLessThanOrEqual(10);
    expect(f.message.en).toContain('0.4 mm');
    expect(f.message.tr).toContain('0,4 mm');
    // again, from the part's STEP file as a file of its own (a new job, not the cache): the same report
    const step = wb.artefactRepo.listForJob(part.thin).find((x) => x.kind === 'step')!;
    const file = join(dataDir, 'thin.step');
    copyFileSync(wb.artefacts.pathFor(step.sha256), file);
    const b = await check({ part: file, process: 'milling' });
    expect(b.job.cached).toBe(false);
    expect(b.job.id).not.toBe(a.job.id);
    expect(JSON.stringify(b.dfm)).toBe(JSON.stringify(a.dfm));
    // the fast rays (surfaces of the faces whose boxes the ray meets) against a Part section of the whole solid
    const exact = await check({ part: part.thin, process: 'milling', options: { exact_rays: true } });
    expect(JSON.stringify(exact.dfm.findings)).toBe(JSON.stringify(a.dfm.findings));
    expect(exact.dfm.summary).toEqual(a.dfm.summary);
  });

  it('a 60° overhang needs support in FDM', async () => {
    const { dfm } = await check({ part: part.overhang, process: 'fdm' });
    expect(failing(dfm)).toEqual(['DFM_OVERHANG']);
    const f = dfm.findings[0]!;
    expect(f.measured).toBeCloseTo(60, 1);
    expect(f.allowed).toBe(45);
    expect(f.faces).toHaveLength(1);
    // the volume is the prism's: (10 + 10 + 10·tan 60°) / 2 · 10 + 5 · (10 + 10·tan 60°), times 20
    const t = Math.tan(Math.PI / 3);
    expect(dfm.summary.volume_mm3).toBeCloseTo(((10 + 10 + 10 * t) / 2) * 10 * 20 + 5 * (10 + 10 * t) * 20, 1);
    expect(dfm.summary.print_time_s).toBeGreaterThan(0);
    expect(dfm.findings.map((x) => x.code)).toContain('DFM_PRINT_ESTIMATE');
    // with supports allowed it is a warning, and the part can be printed
    const sup = await check({ part: part.overhang, process: 'fdm', options: { supports: true } });
    expect(sup.dfm.ok).toBe(true);
    expect(sup.dfm.findings.find((x) => x.code === 'DFM_OVERHANG')!.severity).toBe('warning');
  });

  it('the good part passes milling (on a VMC) and FDM; a small bed does not hold it', async () => {
    const mill = await check({ part: part.good, process: 'milling', machine: 'fanuc-vmc' });
    expect(mill.dfm.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(mill.dfm.ok).toBe(true);
    const fdm = await check({ part: part.good, process: 'fdm' });
    expect(failing(fdm.dfm)).toEqual([]);
    // a 50 × 50 bed does not hold the 60 × 40 part
    const big = await check({ part: part.good, process: 'fdm', options: { bed_mm: { x: 50, y: 50, z: 100 } } });
    expect(failing(big.dfm)).toEqual(['DFM_BED_SIZE']);
    expect(big.dfm.findings[0]!.measured).toBe(60);
    expect(big.dfm.findings[0]!.allowed).toBe(50);
  });

  it('tezgah check: the report as JSON, exit 1 with an error-level finding, 0 without, 2 for unreadable input', async () => {
    await wb.dispose();
    const bad = await tezgah(['check', part.deephole, '--process', 'milling', '--json', '--data-dir', dataDir]);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.json).toMatchObject({ ok: false, process: 'milling' });
    expect(bad.json.findings.map((f: { code: string }) => f.code)).toEqual(['DFM_DEEP_HOLE']);
    expect(Object.keys(bad.json.findings[0]).sort()).toEqual(
      ['allowed', 'at_mm', 'code', 'faces', 'hint', 'measured', 'message', 'severity', 'unit'].sort(),
    );
    expect(typeof bad.json.findings[0].message).toBe('string');
    const good = await tezgah([
      'check',
      part.good,
      '--process',
      'milling',
      '--setups',
      'z',
      '--machine',
      'fanuc-vmc',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.json.ok).toBe(true);
    const tr = await tezgah(['check', part.thin, '--process', 'fdm', '--lang', 'tr', '--data-dir', dataDir]);
    expect(tr.code).toBe(1);
    expect(tr.stdout).toContain('DFM_THIN_WALL');
    expect(tr.stdout).toContain('0,4 mm');
    const junk = join(dataDir, 'junk.step');
    writeFileSync(junk, 'ISO-10303-21;\nthis is not a STEP file\n');
    const unreadable = await tezgah(['check', junk, '--process', 'milling', '--json', '--data-dir', dataDir]);
    expect(unreadable.code, unreadable.stderr).toBe(2);
    const missing = await tezgah(['check', join(dataDir, 'nope.step'), '--process', 'milling', '--data-dir', dataDir]);
    expect(missing.code).toBe(2);
    const usage = await tezgah(['check', part.thin, '--process', 'lathe', '--data-dir', dataDir]);
    expect(usage.code).toBe(2);
  }, 120_000);
});
