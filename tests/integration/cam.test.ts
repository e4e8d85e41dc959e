// CAM end to end against the real FreeCAD 1.1: a prism-with-hole part job, then G-code for the
// grbl router and the LinuxCNC mill, read back by a second tool (our parser and verifier), and the
// `tezgah cam` / `tezgah gcode check` commands.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../shared/jobs.js';
import { parseGcode, verifyGcode, type Segment } from '../../electron/domains/cam/gcode/index.js';
import { drillTipLength } from '../../electron/domains/cam/plan.js';
import { operationSections } from '../../electron/domains/cam/program.js';
import { tabsOnLastPass } from '../../electron/domains/cam/holding.js';
import { Workbench } from '../../electron/app/app.js';

const run = promisify(execFile);
const bin = join(resolve(import.meta.dirname, '../..'), 'bin', 'tezgah.mjs');

async function tezgah(args: string[]): Promise<{ code: number; json: any; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { maxBuffer: 32 << 20 });
    return { code: 0, json: safeJson(r.stdout), stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, json: safeJson(err.stdout), stdout: err.stdout, stderr: err.stderr };
  }
}
const safeJson = (s: string) => {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
};

describe('CAM: verified G-code from a part, a machine, stock and tools', () => {
  let dataDir: string;
  let outDir: string;
  let wb: Workbench;
  let partId: string;
  let grblJob: JobRecord;

  const finished = async (spec: unknown) => wb.jobs.waitFor((await wb.jobs.submit(spec)).id);
  const gcodeOf = (job: JobRecord) => {
    const a = wb.jobs.artefactsOf(job.id).find((x) => x.kind === 'gcode')!;
    return { name: a.name, text: readFileSync(wb.artefacts.pathFor(a.sha256), 'utf8') };
  };
  const camOf = (job: JobRecord) => (job.document.result as { cam: any }).cam;
  /** the verifier's segments of one operation, found by the post's operation comments */
  const segmentsOf = (text: string, segments: Segment[], label: string) => {
    const s = operationSections(text, [label])[0]!;
    return segments.filter((g) => g.line >= s.first && g.line <= s.last);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tezgah-cam-'));
    outDir = mkdtempSync(join(tmpdir(), 'tezgah-cam-out-'));
    wb = new Workbench({ dataDir, poolSize: 1 });
    const part = await finished({
      type: 'template',
      template: 'prism-with-hole',
      params: { length: 100, width: 60, height: 20, hole_diameter: 5 },
    });
    expect(part.status).toBe('succeeded');
    partId = part.id;
  });
  afterAll(async () => {
    await wb?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  it('grbl-3018: no canned cycles, the profile within the stock ± the tool radius, the hole drilled at (50, 30)', async () => {
    grblJob = await finished({ type: 'cam', part: partId, machine: 'grbl-3018', peck: 6 });
    expect(grblJob.error).toBeNull();
    expect(grblJob.status).toBe('succeeded');
    expect(grblJob.document.steps.map((s) => [s.name, s.status])).toEqual([
      ['cam_setup', 'done'],
      ['toolpath', 'done'],
      ['post', 'done'],
      ['verify', 'done'],
      ['store_artefacts', 'done'],
    ]);
    expect(
      wb.jobs
        .artefactsOf(grblJob.id)
        .map((a) => a.kind)
        .sort(),
    ).toEqual(['cam_report', 'fcstd', 'gcode']);
    const { name, text } = gcodeOf(grblJob);
    expect(name).toBe('prism-with-hole.nc');
    const cam = camOf(grblJob);
    // the 3018's ER11 collet takes shanks up to 7 mm: the Ø10-shank end mill (chosen here before) is
    // left out, and the long 6 mm end mill reaches the 20 mm profile
    expect(cam.operations.map((o: any) => [o.label, o.tool])).toEqual([
      ['Facing', 'endmill-6mm-carbide-2f-long'],
      ['Drill D5', 'drill-5mm-hss'],
      ['Profile', 'endmill-6mm-carbide-2f-long'],
    ]);
    for (const o of cam.operations) expect(wb.library.getTool(o.tool)!.shank_mm).toBeLessThanOrEqual(7);
    // and no pass takes more than the 300 W spindle can give on a light frame (60 %): no 5 mm deep
    // full-width passes; at aluminium's 0.7 J/mm³ the profile's full-width step-down gives way
    const profileCut = cam.operations.find((o: any) => o.kind === 'profile');
    expect(profileCut.step_down_mm ?? profileCut.step_down).toBeLessThan(3);
    expect((6 * (profileCut.step_down_mm ?? profileCut.step_down) * profileCut.feed_mm_min * 0.7) / 60).toBeLessThanOrEqual(180 + 1e-6);
    const notes = cam.notes.map((n: { en: string; tr: string }) => n.en);
    // every note in Turkish too, its numbers the same
    for (const n of cam.notes as { en: string; tr: string }[]) expect(n.tr && n.tr !== n.en).toBeTruthy();
    expect(notes).toContainEqual(
      expect.stringMatching(/^Profile: step-down 3 → [\d.]+ mm, so the cut takes no more than 180 W of the 0\.3 kW spindle/),
    );
    expect(notes).toContainEqual(expect.stringMatching(/^Not used: .*10mm Carbide Endmill \(3F\) \(T4\).*ER11, shank ≤ 7 mm/));

    // the G-code reads cleanly, and only with what grbl 1.1 understands
    const parsed = parseGcode(text);
    expect(parsed.problems).toEqual([]);
    const codes = new Set(parsed.blocks.flatMap((b) => [...b.g, ...b.m]));
    for (const c of ['G73', 'G81', 'G82', 'G83', 'G80', 'G98', 'G99', 'M6', 'G43']) expect(codes.has(c)).toBe(false);
    for (const c of ['G21', 'G90', 'M3', 'M5', 'M0', 'M2']) expect(codes.has(c)).toBe(true);
    // spindle started before the first cut at the planned speed; stopped for the manual tool change
    expect(text).toContain(`M3 S${cam.operations[0].rpm}`);
    // every tool is changed safely by hand: spindle stopped, up to the top of Z travel (machine
    // coordinates), over to the front of the table, a pause that names the tool and the top to touch off
    // (before: M5 M0 5 mm above the stock, the next tool 14 mm longer rapiding down to Z27)
    const changes = [
      ...text.matchAll(
        /\n\(Manual tool change to T(\d+)\)\n(M5\n)?G53 G0 Z44\.000\nG53 G0 X150\.000 Y10\.000\nM0 \(Load (T\d+ [^,]+), touch off the (stock|faced) top as Z(\d+)\.000, then resume\)\n/g,
      ),
    ];
    expect(changes.map((m) => [m[1], m[3], m[4], m[5]])).toEqual([
      ['12', 'T12 6mm Carbide Endmill long 2F', 'stock', '22'],
      ['7', 'T7 5mm Drill HSS M6 tap drill', 'faced', '20'],
      ['12', 'T12 6mm Carbide Endmill long 2F', 'faced', '20'],
    ]);
    expect(text.split('\n')[1]).toBe(`(job ${grblJob.id})`);

    // a second reading by the verifier, with the stock and the nominal set-up the job reports
    const machine = wb.library.getMachine('grbl-3018')!;
    const report = verifyGcode(text, { machine, tools: wb.library.tools(), stock: cam.stock_mm, workOffset: cam.work_offset_nominal_mm });
    expect(report.findings).toEqual([]);
    expect(cam.verification).toEqual({ ok: true, findings: [] });
    expect(cam.estimated_seconds).toBeCloseTo(report.estimated_seconds, 0);
    expect(cam.stock_mm).toEqual({ xmin: -2, ymin: -2, zmin: 0, xmax: 102, ymax: 62, zmax: 22 });

    const r = 3; // the 6 mm end mill
    // (but for the rapids that leave the tool change position, in front of the stock: G53 Y10)
    const changeY = 10 - cam.work_offset_nominal_mm.y;
    const profile = segmentsOf(text, report.segments, 'Profile')
      .filter((g) => !(g.kind === 'rapid' && Math.abs(g.from[1] - changeY) < 1e-3))
      .flatMap((g) => [g.from, g.to]);
    expect(profile.length).toBeGreaterThan(20);
    for (const [x, y] of profile) {
      expect(x).toBeGreaterThanOrEqual(-2 - r - 1e-3);
      expect(x).toBeLessThanOrEqual(102 + r + 1e-3);
      expect(y).toBeGreaterThanOrEqual(-2 - r - 1e-3);
      expect(y).toBeLessThanOrEqual(62 + r + 1e-3);
    }
    // it follows the part's outline one radius out, down to the part's bottom
    const cuts = segmentsOf(text, report.segments, 'Profile').filter((g) => g.kind !== 'rapid' && g.to[2] < 1);
    expect(Math.min(...cuts.map((g) => g.to[0]))).toBeCloseTo(-r, 2);
    expect(Math.max(...cuts.map((g) => g.to[1]))).toBeCloseTo(60 + r, 2);
    expect(Math.min(...cuts.map((g) => g.to[2]))).toBeCloseTo(0, 3);
    // the part is held when the profile reaches the stock bottom: 4 tabs 2 mm high on its last pass,
    // each on a straight side at least half its top (5 mm + the cutter) from the part's corners
    const profileOp = cam.operations.find((o: any) => o.kind === 'profile');
    expect(profileOp.holding).toMatchObject({ kind: 'tabs', count: 4, width_mm: 5, height_mm: 2, top_z: 2 });
    expect(profileOp.holding.positions).toHaveLength(4);
    for (const { x, y } of profileOp.holding.positions) {
      const onSide = Math.abs(x + r) < 1e-3 || Math.abs(x - 100 - r) < 1e-3 ? y : x;
      const sideEnd = Math.abs(x + r) < 1e-3 || Math.abs(x - 100 - r) < 1e-3 ? 60 : 100;
      expect(Math.min(onSide, sideEnd - onSide)).toBeGreaterThanOrEqual((5 + 2 * r) / 2 + 2);
    }
    expect(tabsOnLastPass(segmentsOf(text, report.segments, 'Profile'), 0, 2)).toBe(4);
    expect(cam.holding).toEqual({ held: true, through_cuts: ['Profile'] });

    // drilling: every feed move on the hole's axis, in 6 mm pecks, the tip through the bottom
    const drill = segmentsOf(text, report.segments, 'Drill D5');
    const feeds = drill.filter((g) => g.kind === 'feed');
    for (const g of feeds) expect([g.to[0], g.to[1]]).toEqual([50, 30]);
    const depths = [...new Set(feeds.map((g) => g.to[2]))].sort((a, b) => b - a);
    expect(depths).toEqual([17, 11, 5, -1, expect.closeTo(-drillTipLength(wb.library.getTool('drill-5mm-hss')!), 2)]);
    // pecks leave the hole by rapids straight up and come back at the drilling feed
    for (const g of drill.filter((x) => x.kind === 'rapid' && x.to[2] < 22)) expect(g.to[2]).toBeGreaterThan(g.from[2]);

    // the end mill enters the material by zig-zag ramps of at most 3°, never straight down, wherever
    // a straight cut follows the entry (facing); a plunge before an arc (the profile's corners) is still straight
    const facing = segmentsOf(text, report.segments, 'Facing').filter((g) => g.kind === 'feed');
    const down = facing.filter((g) => g.to[2] < g.from[2] - 1e-6 && g.to[2] < 22 - 1e-6);
    expect(down.length).toBeGreaterThan(2);
    for (const g of down) {
      const run = Math.hypot(g.to[0] - g.from[0], g.to[1] - g.from[1]);
      const fromTop = Math.min(g.from[2], 22) - g.to[2];
      expect(run).toBeGreaterThan(0);
      expect(fromTop / run).toBeLessThanOrEqual(Math.tan((3 * Math.PI) / 180) * 1.01); // 3-decimal G-code
    }

    const reportFile = wb.jobs.artefactsOf(grblJob.id).find((a) => a.kind === 'cam_report')!;
    const doc = JSON.parse(readFileSync(wb.artefacts.pathFor(reportFile.sha256), 'utf8'));
    expect(doc).toMatchObject({
      format: 'tezgah-cam-report',
      job_id: grblJob.id,
      post: 'grbl',
      verification: { ok: true },
      gcode: { name },
    });
    // 15915 rpm for carbide in aluminium, held to the router's 10000, and the spindle's power
    expect(doc.operations[2]).toMatchObject({
      kind: 'profile',
      rpm: 10000,
      clamps: expect.arrayContaining([
        expect.objectContaining({ field: 'rpm', reason: 'max_spindle_rpm' }),
        expect.objectContaining({ field: 'step_down_mm', reason: 'spindle_power_kw' }),
      ]),
    });
    // what the CAM page draws: each operation's own segments
    expect(cam.paths.map((p: any) => p.label)).toEqual(['Facing', 'Drill D5', 'Profile']);
    expect(cam.gcode.text).toBe(text);
  });

  it('linuxcnc-mill: canned drilling cycles at (50, 30), tool changes with length offsets, coolant', async () => {
    const job = await finished({ type: 'cam', part: partId, machine: 'linuxcnc-mill' });
    expect(job.status).toBe('succeeded');
    const { name, text } = gcodeOf(job);
    expect(name).toBe('prism-with-hole.ngc');
    const parsed = parseGcode(text);
    expect(parsed.problems).toEqual([]);
    // the 23.5 mm deep Ø5 hole is deeper than 3 × D: pecked
    const cycle = parsed.blocks.find((b) => b.g.includes('G83'))!;
    expect(cycle.words).toMatchObject({ X: 50, Y: 30, R: 23 });
    expect(cycle.words.Z).toBeCloseTo(-drillTipLength(wb.library.getTool('drill-5mm-hss')!), 3);
    const blocks = parsed.blocks.map((b) => [...b.g, ...b.m].join(' '));
    // facing, drilling, then the profile with the end mill again: three tool changes
    expect(blocks.filter((b) => b === 'M6')).toHaveLength(3);
    expect(blocks.filter((b) => b === 'G43')).toHaveLength(3);
    // the bed mill has no changer: LinuxCNC's manual M6 is preceded by a retract to the top of travel,
    // the change position and a pause whose message names the tool and its tool-table length
    expect(text).toMatch(
      /\nG53 G0 Z-1\.000\nG53 G0 X250\.000 Y10\.000\n\(MSG, Load T7 5mm Drill HSS M6 tap drill, its length H7 must be in the tool table, then resume\)\nM0\nM6 T7\s*\nG43 H7/,
    );
    expect(blocks.filter((b) => b === 'M8').length).toBeGreaterThan(0);
    expect(blocks.filter((b) => b === 'M8')).toHaveLength(blocks.filter((b) => b === 'M9').length);
    const cam = camOf(job);
    // the bed mill's 6000 rpm spindle holds the 10 mm end mill back from 9549 rpm
    expect(cam.operations[0]).toMatchObject({
      rpm: 6000,
      clamps: expect.arrayContaining([expect.objectContaining({ field: 'rpm', reason: 'max_spindle_rpm' })]),
    });
    expect(text).toContain('M3 S6000');
    const report = verifyGcode(text, {
      machine: wb.library.getMachine('linuxcnc-mill')!,
      tools: wb.library.tools(),
      stock: cam.stock_mm,
      workOffset: cam.work_offset_nominal_mm,
    });
    expect(report.findings).toEqual([]);
    expect(cam.verification.ok).toBe(true);
    expect(report.tool_changes).toBe(3);
  });

  it('gives byte-identical G-code for the same input (only the job line differs)', async () => {
    const again = await wb.jobs.waitFor((await wb.jobs.retry(grblJob.id)).id);
    expect(again.status).toBe('succeeded');
    expect(again.cached).toBe(false);
    expect(again.id).not.toBe(grblJob.id);
    const a = gcodeOf(grblJob).text.split('\n');
    const b = gcodeOf(again).text.split('\n');
    expect(b.length).toBe(a.length);
    const differing = a.map((l, i) => (l === b[i] ? -1 : i)).filter((i) => i >= 0);
    expect(differing).toEqual([1]);
    expect(b[1]).toBe(`(job ${again.id})`);
  });

  it('refuses a 400 mm prism on the grbl-3018 with CAM_LIMIT_EXCEEDED before any G-code', async () => {
    const big = await finished({
      type: 'template',
      template: 'prism-with-hole',
      params: { length: 400, width: 60, height: 20, hole_diameter: 10 },
    });
    expect(big.status).toBe('succeeded');
    const job = await finished({ type: 'cam', part: big.id, machine: 'grbl-3018' });
    expect(job.status).toBe('failed');
    expect(job.error!.code).toBe('CAM_LIMIT_EXCEEDED');
    expect(job.error!.hint).toMatch(/404 × 64 × 22 mm.*grbl-3018 travels 300 × 180 × 45 mm \(too big in X\)/);
    expect(job.document.steps.map((s) => [s.name, s.status])).toEqual([
      ['cam_setup', 'failed'],
      ['toolpath', 'skipped'],
      ['post', 'skipped'],
      ['verify', 'skipped'],
      ['store_artefacts', 'skipped'],
    ]);
    expect(wb.jobs.artefactsOf(job.id)).toEqual([]);
    const left = readdirSync(join(dataDir, 'jobs', job.id));
    expect(left.filter((f) => /\.(nc|ngc|tap|body)$/.test(f))).toEqual([]);
  });

  it('tezgah cam and tezgah gcode check', async () => {
    const step = wb.jobs.artefactsOf(partId).find((a) => a.kind === 'step')!;
    const stepFile = join(outDir, 'bracket.step');
    copyFileSync(wb.artefacts.pathFor(step.sha256), stepFile);
    const r = await tezgah([
      'cam',
      stepFile,
      '--machine',
      'grbl-3018',
      '--origin',
      'stock-corner',
      '--stock-margin',
      '3',
      '--ops',
      'facing,profile,drill',
      '--out',
      outDir,
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { job, artefacts, cam } = r.json;
    expect(job.status).toBe('succeeded');
    expect(artefacts.map((a: { kind: string }) => a.kind).sort()).toEqual(['cam_report', 'fcstd', 'gcode']);
    expect(cam.post).toBe('grbl');
    expect(cam.operations.map((o: { label: string }) => o.label)).toEqual(['Facing', 'Drill D5', 'Profile']);
    expect(cam.verification).toEqual({ ok: true, findings: [] });
    // X0 Y0 at the stock's corner, Z0 on its top: the part spans X3…103, Y3…63, Z-23…-3 (the 6 mm cutter round it)
    expect(cam.bounds_mm).toMatchObject({
      xmin: expect.closeTo(0, 2),
      zmin: expect.closeTo(-23 - 1.502, 2),
    });
    // the tool changes go up to the top of Z travel and out in front of the stock
    expect(cam.bounds_mm.zmax).toBeGreaterThan(5);
    expect(cam.bounds_mm.ymin).toBeLessThan(-2);
    const nc = artefacts.find((a: { kind: string }) => a.kind === 'gcode').path;
    expect(nc).toBe(join(outDir, 'bracket.nc'));

    const ok = await tezgah(['gcode', 'check', nc, '--machine', 'grbl-3018', '--json', '--data-dir', dataDir]);
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({
      ok: true,
      findings: [],
      estimated_seconds: expect.any(Number),
      path_length_mm: expect.any(Number),
      bounds_mm: expect.any(Object),
    });

    // a spindle speed the router cannot reach, on the line where it is asked for
    const lines = readFileSync(nc, 'utf8').split('\n');
    const at = lines.findIndex((l) => /^M3 S\d+/.test(l));
    lines[at] = 'M3 S24000';
    const bad = join(outDir, 'bad.nc');
    writeFileSync(bad, lines.join('\n'));
    const fail = await tezgah(['gcode', 'check', bad, '--machine', 'grbl-3018', '--json', '--data-dir', dataDir]);
    expect(fail.code).toBe(1);
    expect(fail.json.ok).toBe(false);
    expect(fail.json.findings).toContainEqual({
      code: 'GCODE_SPINDLE_LIMIT',
      severity: 'error',
      line: at + 1,
      message: expect.stringContaining('S24000'),
    });

    expect((await tezgah(['gcode', 'check', join(outDir, 'missing.nc'), '--machine', 'grbl-3018', '--data-dir', dataDir])).code).toBe(2);
    expect((await tezgah(['gcode', 'check', nc, '--data-dir', dataDir])).code).toBe(2);
    expect((await tezgah(['gcode', 'check', nc, '--machine', 'no-such-machine', '--data-dir', dataDir])).code).toBe(2);
    expect(existsSync(bad)).toBe(true);
  });
});
