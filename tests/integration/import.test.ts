// Bring-your-own CAD, end to end against the real FreeCAD 1.1: real files made by other tools
// (tests/fixtures/cad/SOURCES.md) import with the right geometry, units and warnings; damaged ones get
// their code and leave no stray job state; an exported STEP imports back to the same volume.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../electron/domains/import/report.js';
import { Workbench } from '../../electron/app/app.js';
import type { JobRecord, Metrics } from '../../shared/jobs.js';
import { badFiles, fixture, writeBadFiles } from '../fixtures/cad/corrupt.js';
import { sphereStl } from '../fixtures/cad/sphere.js';

const run = promisify(execFile);
const bin = join(resolve(import.meta.dirname, '../..'), 'bin', 'tezgah.mjs');

let dataDir: string;
let work: string;
let wb: Workbench;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'tezgah-import-'));
  work = mkdtempSync(join(tmpdir(), 'tezgah-import-files-'));
  wb = new Workbench({ dataDir, poolSize: 1 });
});
afterAll(async () => {
  await wb?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

async function importFile(path: string, opts: Record<string, unknown> = {}): Promise<JobRecord> {
  const job = await wb.jobs.submit({ type: 'import', path, ...opts });
  return wb.jobs.waitFor(job.id);
}
const reportOf = (j: JobRecord) => j.document.result?.import as ImportReport;
const extents = (m: Metrics) => [m.bbox_mm.xmax - m.bbox_mm.xmin, m.bbox_mm.ymax - m.bbox_mm.ymin, m.bbox_mm.zmax - m.bbox_mm.zmin];
const jobDirs = () => new Set(readdirSync(join(dataDir, 'jobs')));
const jobIds = () => new Set(wb.jobsRepo.list({ limit: 10_000 }).map((j) => j.id));

function expectSane(m: Metrics | null) {
  expect(m).not.toBeNull();
  for (const v of Object.values(m!.bbox_mm)) expect(Number.isFinite(v) && Math.abs(v) < 1e6).toBe(true);
  for (const e of extents(m!)) expect(e).toBeGreaterThanOrEqual(0);
  expect(m!.area_mm2).toBeGreaterThan(0);
  expect(m!.triangles).toBeGreaterThan(0);
  if (m!.volume_mm3 !== null) expect(m!.volume_mm3).toBeGreaterThan(0);
}

interface Good {
  file: string;
  opts?: Record<string, unknown>;
  format: string;
  units: [detected: string | null, used: string, source: string];
  solids: number;
  volume: number | null;
  extents: [number, number, number];
  warnings?: string[];
}

// Numbers: volumes from the exporting CAD's own geometry (the as1 parts, a 100 × Ø100 cylinder, a
// 10 mm cube, a 1 in² surface …); all in mm.
const GOOD: Good[] = [
  { file: 'screw.step', format: 'step', units: ['mm', 'mm', 'file'], solids: 1, volume: 3788.2706, extents: [19.8431, 20, 42.2951] },
  { file: 'as1-ug-214.stp', format: 'step', units: ['mm', 'mm', 'file'], solids: 18, volume: 764518.03, extents: [200, 150, 84] },
  {
    file: 'base_interface_AP203.STEP',
    format: 'step',
    units: ['in', 'in', 'file'],
    solids: 1,
    volume: 1257991.53,
    extents: [599.4124, 638.6724, 4.7625],
  },
  {
    file: 'base_interface_AP214.STEP',
    format: 'step',
    units: ['in', 'in', 'file'],
    solids: 1,
    volume: 1257991.53,
    extents: [599.4124, 638.6724, 4.7625],
  },
  { file: 'featuretype.STEP', format: 'step', units: ['in', 'in', 'file'], solids: 1, volume: 190531.995, extents: [127, 63.5, 34.925] },
  {
    file: 'c2-ug-214-surface-inch.stp',
    format: 'step',
    units: ['in', 'in', 'file'],
    solids: 0,
    volume: null,
    extents: [25.4, 25.4, 0],
    warnings: ['NOT_A_SOLID'],
  },
  {
    file: 'catia-cube-tessellated-ap242.stp',
    format: 'step',
    units: ['mm', 'mm', 'file'],
    solids: 1,
    volume: 772403.28,
    extents: [101.438, 76.1454, 100],
  },
  {
    file: 'cylinder-catia-faces.igs',
    format: 'iges',
    units: ['mm', 'mm', 'file'],
    solids: 1,
    volume: Math.PI * 50 ** 2 * 100,
    extents: [100, 100, 100],
  },
  { file: 'cone-ideas-solid.igs', format: 'iges', units: ['mm', 'mm', 'file'], solids: 1, volume: 127490.359, extents: [70, 100, 70] },
  {
    file: 'rhino-no-unit-flag.igs',
    format: 'iges',
    units: [null, 'in', 'default'],
    solids: 0,
    volume: null,
    extents: [139.7, 152.908, 214.198],
    warnings: ['UNITS_ASSUMED', 'NOT_A_SOLID'],
  },
  { file: 'mal_vis.brep', format: 'brep', units: [null, 'mm', 'convention'], solids: 1, volume: 29177.4255, extents: [40, 40, 65] },
  {
    file: 'face1.brep',
    format: 'brep',
    units: [null, 'mm', 'convention'],
    solids: 0,
    volume: null,
    extents: [0.6, 1.5492, 0.8],
    warnings: ['NOT_A_SOLID'],
  },
  {
    file: 'shape-ascii.stl',
    format: 'stl',
    units: [null, 'mm', 'inferred'],
    solids: 1,
    volume: 328752.577,
    extents: [297, 168.6087, 90],
    warnings: ['UNITS_ASSUMED'],
  },
  {
    file: 'cube-binary-solid-header.stl',
    format: 'stl',
    opts: { units: 'in' },
    units: [null, 'in', 'user'],
    solids: 1,
    volume: 8 * 25.4 ** 3,
    extents: [50.8, 50.8, 50.8],
  },
  {
    file: 'halfdonut-binary-trailing-byte.stl',
    format: 'stl',
    units: [null, 'mm', 'inferred'],
    solids: 1,
    volume: 2.343149,
    extents: [3, 0.5, 3],
    warnings: ['UNITS_ASSUMED'],
  },
  {
    file: 'featuretype.STL',
    format: 'stl',
    opts: { units: 'mm' },
    units: [null, 'mm', 'user'],
    solids: 0,
    volume: null,
    extents: [5, 2.5, 1.375],
    warnings: ['MESH_NOT_CLOSED', 'NOT_A_SOLID'],
  },
  {
    file: 'soup.stl',
    format: 'stl',
    units: [null, 'm', 'inferred'],
    solids: 0,
    volume: null,
    extents: [997.446, 996.525, 992.907],
    warnings: ['UNITS_ASSUMED', 'MESH_NOT_CLOSED', 'NOT_A_SOLID'],
  },
  {
    file: 'freecad-cube.obj',
    format: 'obj',
    units: [null, 'mm', 'inferred'],
    solids: 1,
    volume: 1000,
    extents: [10, 10, 10],
    warnings: ['UNITS_ASSUMED'],
  },
  {
    file: 'fuze.obj',
    format: 'obj',
    units: [null, 'm', 'inferred'],
    solids: 1,
    volume: 606688.76,
    extents: [72.612, 73.514, 215.128],
    warnings: ['UNITS_ASSUMED'],
  },
  {
    file: 'rhino-ngon-prism.obj',
    format: 'obj',
    units: [null, 'mm', 'inferred'],
    solids: 1,
    volume: 2000,
    extents: [30, 20, 5],
    warnings: ['UNITS_ASSUMED'],
  },
  {
    file: 'joined_tetrahedra.obj',
    format: 'obj',
    opts: { units: 'mm' },
    units: [null, 'mm', 'user'],
    solids: 0,
    volume: null,
    extents: [1.5, 1.732, 2],
    warnings: ['MESH_NON_MANIFOLD', 'NOT_A_SOLID'],
  },
  { file: 'Bague.FCStd', format: 'fcstd', units: ['mm', 'mm', 'file'], solids: 1, volume: 3364.6457, extents: [20, 20, 30] },
];

describe('good files import with sane metrics', () => {
  it.each(GOOD)('$file', async (g) => {
    const before = jobDirs();
    const done = await importFile(fixture(g.file), g.opts);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    const m = done.metrics!;
    expectSane(m);
    expect(m.solids).toBe(g.solids);
    if (g.volume === null) expect(m.volume_mm3).toBeNull();
    else expect(m.volume_mm3! / g.volume).toBeCloseTo(1, 4);
    extents(m).forEach((e, i) => expect(e).toBeCloseTo(g.extents[i]!, 2));

    const r = reportOf(done);
    expect(r.format).toBe(g.format);
    expect([r.units_detected, r.units_used, r.units_source]).toEqual(g.units);
    expect(r.warnings.map((w) => w.code).sort()).toEqual([...(g.warnings ?? [])].sort());
    expect(done.document.warnings?.map((w) => w.code).sort()).toEqual([...(g.warnings ?? [])].sort());
    expect(r.parts.length).toBeGreaterThan(0);
    expect(r.source.sha256).toMatch(/^[0-9a-f]{64}$/);

    const artefacts = wb.jobs.artefactsOf(done.id);
    expect(artefacts.map((a) => a.kind).sort()).toEqual(['fcstd', 'glb', 'import_report', 'step', 'stl']);
    const file = (kind: string) => readFileSync(wb.artefacts.pathFor(artefacts.find((a) => a.kind === kind)!.sha256));
    expect(file('glb').subarray(0, 4).toString()).toBe('glTF');
    expect(file('step').subarray(0, 13).toString()).toBe('ISO-10303-21;');
    expect(JSON.parse(file('import_report').toString())).toEqual(r);
    // a finished job leaves no work folder behind
    expect([...jobDirs()].filter((d) => !before.has(d))).toEqual([]);
  });
});

describe('what the report tells', () => {
  it('keeps the assembly structure, part names and the colours the STEP file carries', async () => {
    const r = reportOf(await importFile(fixture('as1-ug-214.stp')));
    expect(r.parts).toHaveLength(18);
    expect(r.source).toMatchObject({ protocol: 'AP214', originating_system: 'UNIGRAPHICS SOLUTIONS - UNIGRAPHICS 18.0' });
    const plate = r.parts.find((p) => p.name === 'plate')!;
    expect(plate).toMatchObject({ kind: 'solid', colour: '#0000ff', path: 'as1-ug-214/plate' });
    expect(r.parts.filter((p) => /^nut/.test(p.name)).every((p) => p.colour === '#00ff00')).toBe(true);
    expect(r.parts.filter((p) => /^bolt/.test(p.name)).every((p) => p.colour === '#ff0000')).toBe(true);
    const root = r.assembly[0]!;
    expect(root.name).toBe('as1-ug-214');
    expect(root.children?.map((c) => c.name)).toEqual(expect.arrayContaining(['plate', 'lb_assem', 'rod_assem']));
  });

  it('sews IGES faces into a solid and turns tessellated AP242 into one, saying so', async () => {
    const iges = reportOf(await importFile(fixture('cylinder-catia-faces.igs')));
    expect(iges.conversions).toContainEqual(expect.objectContaining({ kind: 'sew_to_solid', faces: 4, solids: 1 }));
    const tess = reportOf(await importFile(fixture('catia-cube-tessellated-ap242.stp')));
    expect(tess.conversions.map((c) => c.kind)).toEqual(['tessellation_to_mesh', 'mesh_to_solid']);
    expect(tess.source.protocol).toBe('AP242');
  });

  it('an IGES whose declared unit disagrees with its geometry ends at once: too small is UPLOAD_TOO_SMALL, under 1 mm a warning', async () => {
    const tiny = await importFile(fixture('box-1nm-declared-mm.igs'));
    expect(tiny.status).toBe('failed');
    expect(tiny.error).toMatchObject({
      code: 'UPLOAD_TOO_SMALL',
      details: expect.objectContaining({ unit: 'mm', largest_extent_mm: 1e-6 }),
    });
    expect(tiny.error!.hint).toMatch(/unit/);
    // it stopped while reading: nothing was sewn, healed or exported
    const steps = Object.fromEntries(tiny.document.steps.map((s) => [s.name, s.status]));
    expect(steps.import).toBe('failed');
    expect(wb.jobs.artefactsOf(tiny.id)).toEqual([]);

    const small = await importFile(fixture('box-0.5mm.igs'));
    expect(small.status).toBe('succeeded');
    expect(small.document.warnings).toContainEqual(
      expect.objectContaining({ code: 'UNITS_SUSPECT', details: expect.objectContaining({ largest_extent_mm: 0.5, unit: 'mm' }) }),
    );
    expect(small.metrics!.volume_mm3).toBeCloseTo(0.5 * 0.4 * 0.3, 6);
    // a unit the user gives is believed: no warning
    const inch = await importFile(fixture('box-0.5mm.igs'), { units: 'in' });
    expect((inch.document.warnings ?? []).map((w) => w.code)).not.toContain('UNITS_SUSPECT');
  });

  it('repairs flipped triangles on request; without it the mesh is reported, not a solid', async () => {
    const plain = await importFile(fixture('triamid-flipped-normals.stl'));
    expect(plain.metrics!.solids).toBe(0);
    expect(reportOf(plain).mesh).toMatchObject({ misoriented_triangles: 5, closed: true });
    const fixed = await importFile(fixture('triamid-flipped-normals.stl'), { repair: true });
    expect(fixed.metrics!.solids).toBe(1);
    expect(fixed.metrics!.volume_mm3).toBeCloseTo(32 / 3, 4); // a 4 × 4 × 4 block and pyramid: 10 2⁄3 mm³ as exported
    expect(reportOf(fixed).repairs).toContainEqual(expect.objectContaining({ kind: 'reorient_triangles', count: 5 }));
  });

  it('an STL exported from the same part as a STEP matches it once its unit is given and its holes repaired', async () => {
    const stl = await importFile(fixture('featuretype.STL'), { units: 'in', repair: true });
    const step = await importFile(fixture('featuretype.STEP'));
    expect(reportOf(stl).warnings.map((w) => w.code)).toEqual([]);
    expect(reportOf(stl).repairs.length).toBeGreaterThan(0);
    expect(stl.metrics!.solids).toBe(1);
    expect(stl.metrics!.volume_mm3! / step.metrics!.volume_mm3!).toBeCloseTo(1, 3);
    extents(stl.metrics!).forEach((e, i) => expect(e).toBeCloseTo(extents(step.metrics!)[i]!, 3));
    // welding its coincident vertices closes it too, and refining merges its triangles into faces
    const welded = await importFile(fixture('featuretype.STL'), { units: 'in', refine: true });
    expect(welded.metrics!.solids).toBe(1);
    expect(welded.metrics!.volume_mm3! / step.metrics!.volume_mm3!).toBeCloseTo(1, 3);
    expect(reportOf(welded).conversions).toContainEqual(expect.objectContaining({ kind: 'weld_vertices', merged: 288 }));
    expect(welded.metrics!.faces).toBeLessThan(3476 / 3);
  });

  it('normalises on request: Z-up, centred on the origin, refined', async () => {
    const plain = (await importFile(fixture('fuze.obj'))).metrics!;
    const done = await importFile(fixture('fuze.obj'), { z_up: true, center: true });
    const m = done.metrics!;
    const [x, y, z] = extents(plain);
    extents(m).forEach((e, i) => expect(e).toBeCloseTo([x!, z!, y!][i]!, 3));
    expect((m.bbox_mm.xmin + m.bbox_mm.xmax) / 2).toBeCloseTo(0, 4);
    expect((m.bbox_mm.ymin + m.bbox_mm.ymax) / 2).toBeCloseTo(0, 4);
    expect(m.bbox_mm.zmin).toBeCloseTo(0, 4);
    expect(reportOf(done).conversions.map((c) => c.kind)).toEqual(['scale', 'mesh_to_solid', 'z_up', 'center']);
    const refined = await importFile(fixture('shape-ascii.stl'), { refine: true });
    expect(refined.metrics!.faces).toBeLessThan(494);
    expect(reportOf(refined).conversions).toContainEqual(expect.objectContaining({ kind: 'refine', faces_before: 494 }));
  });

  it('keeps a mesh too big for a B-rep as a mesh: volume from the mesh, no STEP, the step marked skipped', async () => {
    const sphere = sphereStl(50, 123);
    expect(sphere.triangles).toBeGreaterThan(50_000);
    const path = join(work, 'big-sphere.stl');
    writeFileSync(path, sphere.bytes);
    const done = await importFile(path, { units: 'mm' });
    expect(done.error).toBeNull();
    expect(done.metrics).toMatchObject({ solids: 1, triangles: sphere.triangles });
    expect(done.metrics!.volume_mm3! / sphere.volume).toBeCloseTo(1, 5);
    extents(done.metrics!).forEach((e) => expect(e).toBeCloseTo(100, 1));
    expect(
      wb.jobs
        .artefactsOf(done.id)
        .map((a) => a.kind)
        .sort(),
    ).toEqual(['fcstd', 'glb', 'import_report', 'stl']);
    expect(done.document.steps.find((st) => st.name === 'export_step')?.status).toBe('skipped');
    const r = reportOf(done);
    expect(r.parts).toEqual([expect.objectContaining({ kind: 'solid', faces: sphere.triangles })]);
    expect(r.notes.map((n) => n.en).join()).toMatch(/kept as a mesh/);
    expect(r.notes.map((n) => n.tr).join()).toMatch(/ağ olarak bırakıldı/);
  });

  it('an identical second import is served from the cache', async () => {
    const a = await importFile(fixture('screw.step'));
    const b = await importFile(fixture('screw.step'));
    expect(b.cached).toBe(true);
    expect(reportOf(b)).toEqual(reportOf(a));
  });
});

describe('the exported STEP imports back', () => {
  it.each([
    ['screw.step', 1],
    ['as1-ug-214.stp', 18],
    ['shape-ascii.stl', 1],
  ])('%s', async (name, solids) => {
    const first = await importFile(fixture(name), name.endsWith('.stl') ? { units: 'mm' } : {});
    const step = wb.jobs.artefactsOf(first.id).find((a) => a.kind === 'step')!;
    const copy = join(work, `again-${name}.step`);
    copyFileSync(wb.artefacts.pathFor(step.sha256), copy);
    const again = await importFile(copy);
    expect(again.status).toBe('succeeded');
    expect(again.metrics!.solids).toBe(solids);
    expect(again.metrics!.volume_mm3! / first.metrics!.volume_mm3!).toBeCloseTo(1, 6);
    extents(again.metrics!).forEach((e, i) => expect(e).toBeCloseTo(extents(first.metrics!)[i]!, 4));
    expect(reportOf(again).units_detected).toBe('mm');
  });
});

describe('bad files get their code and leave no stray job state', () => {
  const bad = badFiles();

  it.each(bad)('$name → $code', async (b) => {
    const [dir] = [mkdtempSync(join(work, 'bad-'))];
    const path = writeBadFiles(dir).find((f) => f.name === b.name)!.path;
    const [dirsBefore, idsBefore] = [jobDirs(), jobIds()];
    if (b.beforeJob) {
      await expect(wb.jobs.submit({ type: 'import', path })).rejects.toMatchObject({ code: b.code });
      expect(jobIds()).toEqual(idsBefore);
      expect(jobDirs()).toEqual(dirsBefore);
      return;
    }
    const done = await importFile(path);
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe(b.code);
    expect(done.error?.hint.length).toBeGreaterThan(0);
    expect(wb.jobs.artefactsOf(done.id)).toEqual([]);
    expect([...jobIds()].filter((i) => !idsBefore.has(i))).toEqual([done.id]);
    // the only new folder is the failed job's own, kept for the post-mortem, with the read-only copy
    expect([...jobDirs()].filter((d) => !dirsBefore.has(d))).toEqual([done.id]);
    const copy = readdirSync(join(dataDir, 'jobs', done.id)).find((f) => f.startsWith('source.'))!;
    expect(statSync(join(dataDir, 'jobs', done.id, copy)).mode & 0o222).toBe(0);
    expect(readFileSync(join(dataDir, 'jobs', done.id, copy)).equals(b.bytes)).toBe(true);
  });

  it.each([
    ['c2-ug-214-surface-inch.stp', 'UPLOAD_NO_SOLID'],
    ['soup.stl', 'MESH_NOT_CLOSED'],
    ['joined_tetrahedra.obj', 'MESH_NON_MANIFOLD'],
  ])('%s with a solid required → %s', async (name, code) => {
    const done = await importFile(fixture(name), { require_solid: true });
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe(code);
    expect(wb.jobs.artefactsOf(done.id)).toEqual([]);
  });

  it('stops an import at its wall-clock limit, and refuses a file over the size limit up front', async () => {
    const slow = await importFile(fixture('as1-ug-214.stp'), { timeout_s: 0.5 });
    expect(slow.status).toBe('failed');
    expect(slow.error).toMatchObject({ code: 'TIMEOUT_ERROR', details: { limit_s: 0.5 } });
    expect(wb.jobs.artefactsOf(slow.id)).toEqual([]);
    await expect(wb.jobs.submit({ type: 'import', path: fixture('screw.step'), max_size_mb: 0.01 })).rejects.toMatchObject({
      code: 'UPLOAD_TOO_LARGE',
    });
  });

  it('refuses a file that changed between submit and run', async () => {
    const path = join(work, 'moving.step');
    copyFileSync(fixture('screw.step'), path);
    // hold the only worker slot so the job waits in the queue while the file changes
    const blocker = await wb.jobs.submit({ type: 'import', path: fixture('base_interface_AP214.STEP'), refine: true });
    const job = await wb.jobs.submit({ type: 'import', path });
    writeFileSync(path, readFileSync(fixture('as1-ug-214.stp')));
    const done = await wb.jobs.waitFor(job.id);
    await wb.jobs.waitFor(blocker.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'path' } });
    expect(wb.jobs.artefactsOf(done.id)).toEqual([]);
  });
});

describe('tezgah import (the CLI)', () => {
  let cliData: string;
  beforeAll(() => {
    cliData = mkdtempSync(join(tmpdir(), 'tezgah-import-cli-'));
  });
  afterAll(() => rmSync(cliData, { recursive: true, force: true }));

  async function tezgah(args: string[]) {
    try {
      const r = await run(process.execPath, [bin, ...args, '--data-dir', cliData], { maxBuffer: 16 << 20 });
      return { code: 0, json: JSON.parse(r.stdout), stderr: r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      let json = null;
      try {
        json = JSON.parse(err.stdout);
      } catch {
        /* usage errors print no JSON */
      }
      return { code: err.code, json, stderr: err.stderr };
    }
  }

  it('imports an inch STEP, copies the files out and prints the import summary', async () => {
    const out = join(work, 'cli-out');
    const r = await tezgah(['import', fixture('base_interface_AP214.STEP'), '--center', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(Object.keys(r.json).sort()).toEqual(['artefacts', 'error', 'import', 'job', 'metrics']);
    expect(r.json.error).toBeNull();
    expect(r.json.job.status).toBe('succeeded');
    expect(r.json.import).toMatchObject({ format: 'step', units_detected: 'in', units_used: 'in', warnings: [], repairs: [] });
    expect(r.json.import.conversions.map((c: { kind: string }) => c.kind)).toEqual(['center']);
    expect(r.json.metrics.bbox_mm.zmin).toBeCloseTo(0, 5);
    for (const a of r.json.artefacts) expect(existsSync(a.path) && a.path.startsWith(out)).toBe(true);
    expect(r.json.artefacts.map((a: { name: string }) => a.name).sort()).toEqual([
      'base_interface_AP214.FCStd',
      'base_interface_AP214.glb',
      'base_interface_AP214.import.json',
      'base_interface_AP214.step',
      'base_interface_AP214.stl',
    ]);
  });

  it('refuses a picture renamed .step with exit 1, no job and the coded error', async () => {
    const png = join(work, 'photo.step');
    writeFileSync(png, bad('picture.step'));
    const r = await tezgah(['import', png, '--json']);
    expect(r.code).toBe(1);
    expect(r.json.job).toBeNull();
    expect(r.json.error).toMatchObject({ code: 'UPLOAD_CORRUPT', details: { recognised_as: 'png' } });
    expect(r.json.import.format).toBeNull();
  });

  it('takes --units inch and --repair, and rejects a unit it does not know with exit 2', async () => {
    const r = await tezgah(['import', fixture('triamid-flipped-normals.stl'), '--units', 'inch', '--repair', '--json']);
    expect(r.code).toBe(0);
    expect(r.json.import).toMatchObject({ units_used: 'in', units_source: 'user' });
    expect(r.json.import.repairs).toContainEqual(expect.objectContaining({ kind: 'reorient_triangles' }));
    const u = await tezgah(['import', fixture('screw.step'), '--units', 'furlong']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/--units/);
  });
});

function bad(name: string): Buffer {
  return badFiles().find((f) => f.name === name)!.bytes;
}
