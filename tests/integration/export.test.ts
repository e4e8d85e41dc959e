// Exports against the real FreeCAD 1.1: prism-with-hole 100×60×20 ⌀10 written as STEP AP242 and
// AP214, IGES, BREP, 3MF, OBJ and GLB. Each file is read by something other than what wrote it: the
// mesh formats by our own parsers here (fflate for the 3MF's ZIP, xmldom for its XML), checked for a
// closed, outward-facing surface whose enclosed volume is the closed-form one; the GLB by Khronos'
// glTF validator; the exact formats by the import flow (a new job reading the file back) and their
// headers by eye of the standards (STEP's FILE_SCHEMA, IGES's 80-column records).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../shared/jobs.js';
import { resultOf } from '../../shared/jobs.js';
import { Workbench } from '../../electron/app/app.js';
import { tezgah } from '../support/cli.js';

const validator = createRequire(import.meta.url)('gltf-validator') as {
  validateBytes(b: Uint8Array): Promise<{ issues: { numErrors: number } }>;
};
const VOLUME = 100 * 60 * 20 - Math.PI * 5 ** 2 * 20; // 118 429.2 mm³

type Mesh = { v: number[][]; t: number[][] };

/** volume enclosed by a triangle mesh (divergence theorem): positive when the triangles face out */
function meshVolume({ v, t }: Mesh): number {
  let s = 0;
  for (const [a, b, c] of t) {
    const [p, q, r] = [v[a!]!, v[b!]!, v[c!]!];
    s += p[0]! * (q[1]! * r[2]! - q[2]! * r[1]!) - p[1]! * (q[0]! * r[2]! - q[2]! * r[0]!) + p[2]! * (q[0]! * r[1]! - q[1]! * r[0]!);
  }
  return s / 6;
}

/** every edge used once in each direction: a closed, consistently oriented surface */
function isClosed({ t }: Mesh): boolean {
  const edges = new Map<string, number>();
  for (const tri of t)
    for (let i = 0; i < 3; i++) {
      const k = `${tri[i]}>${tri[(i + 1) % 3]}`;
      edges.set(k, (edges.get(k) ?? 0) + 1);
    }
  for (const [k, n] of edges) {
    const [a, b] = k.split('>');
    if (n !== 1 || edges.get(`${b}>${a}`) !== 1) return false;
  }
  return true;
}

function parseObj(text: string): Mesh[] {
  const meshes: Mesh[] = [];
  const v: number[][] = [];
  for (const line of text.split('\n')) {
    const [w, ...r] = line.trim().split(/\s+/);
    if (w === 'o') meshes.push({ v, t: [] });
    else if (w === 'v') v.push(r.map(Number));
    else if (w === 'f') meshes[meshes.length - 1]!.t.push(r.map((x) => Number(x.split('/')[0]) - 1));
  }
  return meshes;
}

function parse3mf(bytes: Buffer): { unit: string | null; meshes: Mesh[]; entries: string[] } {
  const zip = unzipSync(new Uint8Array(bytes));
  const doc = new DOMParser().parseFromString(new TextDecoder().decode(zip['3D/3dmodel.model']!), 'text/xml');
  const model = doc.documentElement!;
  const meshes: Mesh[] = [];
  const objects = model.getElementsByTagName('object');
  for (let i = 0; i < objects.length; i++) {
    const o = objects.item(i)!;
    const vs = o.getElementsByTagName('vertex');
    const ts = o.getElementsByTagName('triangle');
    const m: Mesh = { v: [], t: [] };
    for (let k = 0; k < vs.length; k++) m.v.push(['x', 'y', 'z'].map((a) => Number(vs.item(k)!.getAttribute(a))));
    for (let k = 0; k < ts.length; k++) m.t.push(['v1', 'v2', 'v3'].map((a) => Number(ts.item(k)!.getAttribute(a))));
    meshes.push(m);
  }
  return { unit: model.getAttribute('unit'), meshes, entries: Object.keys(zip).sort() };
}

describe('export: a part in the formats other tools read', () => {
  let dataDir: string;
  let wb: Workbench;
  let prism: JobRecord;
  let exp: JobRecord;

  const finished = async (spec: unknown, noCache = false) => wb.jobs.waitFor((await wb.jobs.submit(spec, { noCache })).id);
  const files = (job: JobRecord) => new Map(wb.jobs.artefactsOf(job.id).map((a) => [a.name, readFileSync(wb.artefacts.pathFor(a.sha256))]));
  const hashes = (job: JobRecord) => wb.jobs.artefactsOf(job.id).map((a) => [a.name, a.sha256]);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tezgah-export-'));
    wb = new Workbench({ dataDir, poolSize: 1 });
    prism = await finished({
      type: 'template',
      template: 'prism-with-hole',
      params: { length: 100, width: 60, height: 20, hole_diameter: 10 },
    });
    expect(prism.status).toBe('succeeded');
    // asked out of order and with a repeat: normalisation sorts them
    exp = await finished({
      type: 'export',
      part: prism.id,
      formats: ['obj', 'step-ap242', '3mf', 'iges', 'brep', 'glb', 'step-ap214', 'obj'],
    });
  }, 120_000);
  afterAll(async () => {
    await wb?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes every format asked for, in the catalogue order, each with its own kind and name', () => {
    expect(exp.error).toBeNull();
    expect(exp.spec).toMatchObject({ formats: ['step-ap242', 'step-ap214', 'iges', 'brep', '3mf', 'obj', 'glb'] });
    expect(exp.document.steps.map((s) => [s.name, s.status])).toEqual([
      ['export_setup', 'done'],
      ['export_write', 'done'],
      ['write_glb', 'done'],
      ['store_artefacts', 'done'],
    ]);
    const r = resultOf(exp, 'export')!;
    expect(r.volume_mm3).toBeCloseTo(VOLUME, 2);
    expect(r.files.map((f) => [f.format, f.name])).toEqual([
      ['step-ap242', 'prism-with-hole-ap242.step'],
      ['step-ap214', 'prism-with-hole-ap214.step'],
      ['iges', 'prism-with-hole.igs'],
      ['brep', 'prism-with-hole.brep'],
      ['3mf', 'prism-with-hole.3mf'],
      ['obj', 'prism-with-hole.obj'],
      ['glb', 'prism-with-hole.glb'],
    ]);
    expect(
      wb.jobs
        .artefactsOf(exp.id)
        .map((a) => [a.kind, a.mime])
        .sort(),
    ).toEqual(
      [
        ['step', 'model/step'],
        ['step', 'model/step'],
        ['iges', 'model/iges'],
        ['brep', 'model/x-brep'],
        ['3mf', 'model/3mf'],
        ['obj', 'model/obj'],
        ['glb', 'model/gltf-binary'],
      ].sort(),
    );
  });

  it('STEP says its schema (AP242 managed model based 3D engineering, AP214 automotive design) with fixed header fields', () => {
    const f = files(exp);
    const ap242 = f.get('prism-with-hole-ap242.step')!.toString('latin1');
    const ap214 = f.get('prism-with-hole-ap214.step')!.toString('latin1');
    expect(ap242).toMatch(/FILE_SCHEMA\s*\(\s*\(\s*'AP242_MANAGED_MODEL_BASED_3D_ENGINEERING_MIM_LF/);
    expect(ap214).toMatch(/FILE_SCHEMA\s*\(\s*\(\s*'AUTOMOTIVE_DESIGN/);
    for (const s of [ap242, ap214]) {
      expect(s).toContain("'1970-01-01T00:00:00'");
      expect(s).toMatch(/MANIFOLD_SOLID_BREP/);
    }
  });

  it('IGES is fixed-format: 80-column records in S, G, D, P, T order, millimetres, fixed dates', () => {
    const iges = files(exp).get('prism-with-hole.igs')!.toString('latin1').replace(/\n$/, '');
    const lines = iges.split('\n');
    expect(lines.every((l) => l.length === 80)).toBe(true);
    const sections = lines.map((l) => l[72]).join('');
    expect(sections).toMatch(/^S+G+D+P+T$/);
    const global = lines
      .filter((l) => l[72] === 'G')
      .map((l) => l.slice(0, 72))
      .join('');
    expect(global).toContain('2HMM');
    expect(global.match(/15H19700101\.000000/g)).toHaveLength(2);
  });

  it('3MF and OBJ are closed, outward-facing meshes in mm that enclose the part’s volume', () => {
    const f = files(exp);
    const m3 = parse3mf(f.get('prism-with-hole.3mf')!);
    expect(m3.entries).toEqual(['3D/3dmodel.model', '[Content_Types].xml', '_rels/.rels']);
    expect(m3.unit).toBe('millimeter');
    const obj = parseObj(f.get('prism-with-hole.obj')!.toString('utf8'));
    for (const meshes of [m3.meshes, obj]) {
      expect(meshes).toHaveLength(1);
      expect(isClosed(meshes[0]!)).toBe(true);
      // the tessellated hole is a polygon inside the circle: a little more material, not less
      const v = meshVolume(meshes[0]!);
      expect(v).toBeGreaterThanOrEqual(VOLUME - 1e-6);
      expect((v - VOLUME) / VOLUME).toBeLessThan(0.002);
    }
    const r = resultOf(exp, 'export')!;
    expect(r.files.find((x) => x.format === '3mf')!.triangles).toBe(m3.meshes[0]!.t.length);
    expect(r.files.find((x) => x.format === 'obj')!.triangles).toBe(obj[0]!.t.length);
  });

  it('the GLB passes the Khronos glTF validator', async () => {
    const report = await validator.validateBytes(new Uint8Array(files(exp).get('prism-with-hole.glb')!));
    expect(report.issues.numErrors).toBe(0);
  });

  it('the exact formats read back (a new import job each) as one solid of the same volume', async () => {
    const f = wb.jobs.artefactsOf(exp.id);
    for (const name of ['prism-with-hole-ap242.step', 'prism-with-hole.igs', 'prism-with-hole.brep']) {
      const a = f.find((x) => x.name === name)!;
      const imp = await finished({ type: 'import', path: wb.artefacts.pathFor(a.sha256) });
      expect(imp.error, name).toBeNull();
      expect(imp.metrics?.solids, name).toBe(1);
      expect(Math.abs(imp.metrics!.volume_mm3! - VOLUME) / VOLUME, name).toBeLessThan(1e-4);
    }
  }, 120_000);

  it('the same part gives the same bytes; `tezgah export --format step,3mf --out DIR --json` copies them out', async () => {
    const again = await finished(
      { type: 'export', part: prism.id, formats: ['glb', 'step-ap242', 'step-ap214', 'iges', 'brep', '3mf', 'obj'] },
      true,
    );
    expect(again.id).not.toBe(exp.id);
    expect(hashes(again).sort()).toEqual(hashes(exp).sort());

    const outDir = join(dataDir, 'out');
    const r = await tezgah(['export', prism.id, '--format', 'step,3mf', '--out', outDir, '--json', '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.error).toBeNull();
    expect(r.json.export.files.map((x: { format: string }) => x.format)).toEqual(['step-ap242', '3mf']);
    for (const a of r.json.artefacts) expect(existsSync(a.path)).toBe(true);
    const bad = await tezgah(['export', prism.id, '--format', 'dwg', '--json', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
  }, 90_000);
});
