// Technical drawings against the real FreeCAD 1.1 (TechDraw headless): a prism-with-hole and a
// flange part job become dimensioned sheets. Each output is read by something other than what wrote
// it: the SVG by an XML parser, the PDF by tests/support/pdf-read.ts (its pages, MediaBox and the
// text its fonts' ToUnicode maps say it shows), the DXF as group codes (its DIMENSION entities and
// their measurements). The sheets are rendered to PNG in test-results/drawing for a person to look at.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../shared/jobs.js';
import { resultOf } from '../../shared/jobs.js';
import { Workbench } from '../../electron/app/app.js';
import { createApiHandlers } from '../../electron/hosts/api/handlers.js';
import { readPdf } from '../support/pdf-read.js';
import { tezgah } from '../support/cli.js';

const RUNTIME = process.env.TEZGAH_MACHINE_RUNTIME || '/opt/tezgah/freecad-runtime';
const OUT = resolve('test-results/drawing');
const MM_TO_PT = 72 / 25.4;

/** DXF group-code pairs of the ENTITIES section's entities of one type */
function dxfEntities(dxf: string, type: string): Map<number, string[]>[] {
  const lines = dxf.split(/\r?\n/);
  const out: Map<number, string[]>[] = [];
  let cur: Map<number, string[]> | null = null;
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const code = Number(lines[i]!.trim());
    const value = lines[i + 1]!.trim();
    if (code === 0) {
      cur = value === type ? new Map() : null;
      if (cur) out.push(cur);
    } else if (cur) cur.set(code, [...(cur.get(code) ?? []), value]);
  }
  return out;
}

/** the sheet as PNG, by rsvg-convert inside the runtime (a person looks at these) */
function png(svg: Buffer, name: string): Buffer {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `${name}.svg`), svg);
  execFileSync('bwrap', [
    ...['--ro-bind', RUNTIME, '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--bind', OUT, '/tmp/out'],
    ...['--unshare-all', '--die-with-parent', '--clearenv', '--setenv', 'HOME', '/tmp'],
    ...['/usr/bin/rsvg-convert', '--format=png', '--dpi-x=150', '--dpi-y=150', '--background-color=white'],
    ...['--output', `/tmp/out/${name}.png`, `/tmp/out/${name}.svg`],
  ]);
  return readFileSync(join(OUT, `${name}.png`));
}

/** the elements of one tag name (xmldom's NodeList is not iterable) */
function elements(doc: Document, tag: string): Element[] {
  const list = doc.getElementsByTagName(tag);
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) out.push(list.item(i)!);
  return out;
}

const overlap = (a: number[], b: number[]) => a[0]! < b[2]! && b[0]! < a[2]! && a[1]! < b[3]! && b[1]! < a[3]!;

describe('drawing: a dimensioned sheet of a part (TechDraw, headless)', () => {
  let dataDir: string;
  let wb: Workbench;
  let prism: JobRecord;
  let flange: JobRecord;
  let drawing: JobRecord;

  const finished = async (spec: unknown, noCache = false) => wb.jobs.waitFor((await wb.jobs.submit(spec, { noCache })).id);
  const file = (job: JobRecord, kind: string) => {
    const a = wb.jobs.artefactsOf(job.id).find((x) => x.kind === kind);
    if (!a) throw new Error(`job ${job.id} has no ${kind}`);
    return readFileSync(wb.artefacts.pathFor(a.sha256));
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tezgah-drawing-'));
    wb = new Workbench({ dataDir, poolSize: 1 });
    prism = await finished({
      type: 'template',
      template: 'prism-with-hole',
      params: { length: 100, width: 60, height: 20, hole_diameter: 10 },
    });
    flange = await finished({
      type: 'template',
      template: 'flange',
      params: { outer_diameter: 120, thickness: 12, bore_diameter: 40, bolt_count: 6, bolt_circle_diameter: 85, bolt_hole_diameter: 9 },
    });
    expect([prism.status, flange.status]).toEqual(['succeeded', 'succeeded']);
    drawing = await finished({ type: 'drawing', part: prism.id });
  }, 120_000);
  afterAll(async () => {
    await wb?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prism-with-hole 100×60×20 ⌀10: four views at 1:1 on A4, first angle, its extents and hole dimensioned', () => {
    expect(drawing.error).toBeNull();
    expect(drawing.document.steps.map((s) => [s.name, s.status])).toEqual([
      ['drawing_setup', 'done'],
      ['drawing_views', 'done'],
      ['drawing_dimensions', 'done'],
      ['drawing_export', 'done'],
      ['store_artefacts', 'done'],
    ]);
    expect(
      wb.jobs
        .artefactsOf(drawing.id)
        .map((a) => [a.kind, a.name])
        .sort(),
    ).toEqual([
      ['dxf', 'prism-with-hole-drawing.dxf'],
      ['fcstd', 'prism-with-hole-drawing.FCStd'],
      ['pdf', 'prism-with-hole-drawing.pdf'],
      ['svg', 'prism-with-hole-drawing.svg'],
    ]);
    const d = resultOf(drawing, 'drawing')!;
    expect([d.sheet, d.scale_text, d.projection, d.date]).toEqual(['A4', '1:1', 'first', prism.created_at.slice(0, 10)]);
    expect(d.views.map((v) => v.name)).toEqual(['front', 'top', 'right', 'iso']);
    const front = d.views.find((v) => v.name === 'front')!;
    const top = d.views.find((v) => v.name === 'top')!;
    const right = d.views.find((v) => v.name === 'right')!;
    // the views' sizes are the part's, at the scale
    expect([front.width_mm, front.height_mm, top.width_mm, top.height_mm, right.width_mm, right.height_mm]).toEqual([
      100, 20, 100, 60, 60, 20,
    ]);
    // first angle (ISO E): the top view below the front view, on its axis; the view from the right on its left
    expect(top.x_mm).toBeCloseTo(front.x_mm, 6);
    expect(top.y_mm).toBeGreaterThan(front.y_mm);
    expect(right.y_mm).toBeCloseTo(front.y_mm, 6);
    expect(right.x_mm).toBeLessThan(front.x_mm);
    // every dimension: FreeCAD measured the same value; the texts a checker reads; no two text boxes overlap
    expect(d.dimensions.map((x) => x.text).sort()).toEqual(['100', '20', '30', '50', '60', '⌀10'].sort());
    for (const x of d.dimensions.filter((q) => q.freecad_text))
      expect(Number.parseFloat(x.freecad_text!.replace(/^⌀/, ''))).toBeCloseTo(x.value_mm, 6);
    for (const [i, a] of d.dimensions.entries())
      for (const b of d.dimensions.slice(i + 1)) expect(overlap(a.box, b.box), `${a.text} / ${b.text}`).toBe(false);

    // SVG: well-formed XML, an A4 sheet in mm, the four views, the texts
    const svgText = file(drawing, 'svg').toString('utf8');
    const errors: string[] = [];
    const doc = new DOMParser({ errorHandler: (level: string, msg: string) => errors.push(`${level}: ${msg}`) }).parseFromString(
      svgText,
      'image/svg+xml',
    );
    expect(errors).toEqual([]);
    const root = doc.documentElement!;
    expect([root.getAttribute('width'), root.getAttribute('height'), root.getAttribute('viewBox')]).toEqual([
      '297mm',
      '210mm',
      '0 0 297 210',
    ]);
    const groups = elements(doc as unknown as Document, 'g');
    expect(groups.filter((g) => g.getAttribute('class') === 'view').map((g) => g.getAttribute('id'))).toEqual([
      'view-front',
      'view-top',
      'view-right',
      'view-iso',
    ]);
    const texts = elements(doc as unknown as Document, 'text').map((t) => t.textContent?.trim());
    for (const t of ['100', '60', '20', '⌀10', 'prism-with-hole', '1:1', 'ISO 2768-m']) expect(texts).toContain(t);
    // the hole's centre lines: crossed in the top view, its axis in the front and right views
    expect(svgText.match(/class="centre"/g)).toHaveLength(3);
    // the template's sample entries are gone
    for (const t of ['A. Nemesis', 'B. Hecate', 'YYYY-MM-DD']) expect(svgText).not.toContain(t);

    // PDF: one A4 landscape page, read back independently, showing the dimension values
    const pdf = readPdf(file(drawing, 'pdf'));
    expect(pdf.pages).toHaveLength(1);
    const [x0, y0, x1, y1] = pdf.pages[0]!.mediaBox;
    expect((x1! - x0!) / MM_TO_PT).toBeCloseTo(297, 0);
    expect((y1! - y0!) / MM_TO_PT).toBeCloseTo(210, 0);
    const shown = pdf.pages[0]!.texts;
    for (const t of ['100', '60', '20', '50', '30', 'prism-with-hole', '1:1']) expect(shown).toContain(t);
    expect(shown.join('')).toContain('⌀10');

    // DXF: TechDraw's own page, with a DIMENSION entity per FreeCAD-measured dimension
    const dims = dxfEntities(file(drawing, 'dxf').toString('latin1'), 'DIMENSION');
    const measured = d.dimensions.filter((q) => q.freecad_text).length;
    expect(dims.length).toBe(measured);
    expect(measured).toBe(4);
    const dxfTexts = dims.map((e) => e.get(1)?.[0] ?? '');
    expect(dxfTexts.join(' ')).toMatch(/100/);
    expect(dxfTexts.join(' ')).toMatch(/10/);

    const image = png(file(drawing, 'svg'), 'prism-with-hole');
    expect(image.subarray(1, 4).toString()).toBe('PNG');
  });

  it('the same part gives the same bytes (SVG, PDF, DXF, FCStd); third angle moves the views', async () => {
    const again = await finished({ type: 'drawing', part: prism.id }, true);
    expect(again.cached).toBe(false);
    for (const kind of ['svg', 'pdf', 'dxf', 'fcstd']) expect(file(again, kind).equals(file(drawing, kind)), kind).toBe(true);

    const third = await finished({ type: 'drawing', part: prism.id, projection: 'third', sheet: 'A3', language: 'tr' });
    expect(third.error).toBeNull();
    const d = resultOf(third, 'drawing')!;
    expect([d.sheet, d.projection]).toEqual(['A3', 'third']);
    const at = (n: string) => d.views.find((v) => v.name === n)!;
    // third angle: the top view above the front view, the view from the right on its right
    expect(at('top').y_mm).toBeLessThan(at('front').y_mm);
    expect(at('right').x_mm).toBeGreaterThan(at('front').x_mm);
    const svg = file(third, 'svg').toString('utf8');
    expect(svg).toContain('id="third_angle"');
    expect(svg).toContain('Ölçek:');
    expect(svg).toContain('Parça resmi');
    const pdf = readPdf(file(third, 'pdf'));
    expect(((pdf.pages[0]!.mediaBox[2]! - pdf.pages[0]!.mediaBox[0]!) / MM_TO_PT).toFixed(0)).toBe('420');
    png(file(third, 'svg'), 'prism-with-hole-third-a3');
  });

  it('flange ⌀120: the bolt holes as "6× ⌀9" on their ⌀85 circle, the bore ⌀40', async () => {
    const job = await finished({ type: 'drawing', part: flange.id });
    expect(job.error).toBeNull();
    const d = resultOf(job, 'drawing')!;
    const texts = d.dimensions.map((x) => x.text);
    expect(texts).toContain('6× ⌀9');
    expect(texts).toContain('⌀40');
    expect(texts).toContain('⌀85');
    expect(texts).toContain('⌀120');
    expect(texts).not.toContain('120');
    expect(texts).toContain('12');
    expect(d.dimensions.find((x) => x.text === '6× ⌀9')!.count).toBe(6);
    for (const [i, a] of d.dimensions.entries())
      for (const b of d.dimensions.slice(i + 1)) expect(overlap(a.box, b.box), `${a.text} / ${b.text}`).toBe(false);
    const shown = readPdf(file(job, 'pdf')).pages[0]!.texts.join('');
    for (const t of ['6× ⌀9', '⌀40', '⌀85']) expect(shown.replace(/\s+/g, ' ')).toContain(t);
    const dims = dxfEntities(file(job, 'dxf').toString('latin1'), 'DIMENSION');
    expect(dims.length).toBe(d.dimensions.filter((q) => q.freecad_text).length);
    png(file(job, 'svg'), 'flange');

    // at 5:1 no sheet holds it: a coded failure with the size and the sheet in its hint
    const big = await finished({ type: 'drawing', part: flange.id, scale: 5, sheet: 'A4' });
    expect(big.status).toBe('failed');
    expect(big.error?.code).toBe('DRAWING_DOES_NOT_FIT');
    expect(big.error?.details).toMatchObject({ sheet: 'A4', scale: '5:1', size: '120 x 120 mm' });
  });

  it("API 'drawing.sheet': the sheet's SVG and its files; a non-drawing job is refused", async () => {
    const api = createApiHandlers(wb, { kind: 'cli', hrefFor: (a) => `file://${wb.artefacts.pathFor(a.sha256)}` });
    const sheet = await api['drawing.sheet']({ id: drawing.id });
    expect(sheet.svg).toBe(file(drawing, 'svg').toString('utf8'));
    expect(sheet.part).toEqual({ ref: prism.id, name: 'prism-with-hole', sha256: sheet.part.sha256 });
    expect(sheet.drawing.dimensions.map((x) => x.text)).toContain('⌀10');
    expect(sheet.artefacts.map((a) => a.kind).sort()).toEqual(['dxf', 'fcstd', 'pdf', 'svg']);
    await expect(api['drawing.sheet']({ id: prism.id })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('`tezgah drawing <template> --views front,top --scale 1:2 --json` makes the part, then its drawing', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'tezgah-drawing-out-'));
    try {
      const args = ['--param', 'length=80', '--views', 'front,top', '--scale', '1:2', '--sheet', 'A4'];
      const r = await tezgah(['drawing', 'prism-with-hole', ...args, '--out', outDir, '--json', '--data-dir', dataDir]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.error).toBeNull();
      expect(r.json.drawing).toMatchObject({ sheet: 'A4', scale: '1:2', projection: 'first', omitted_views: [] });
      expect(r.json.drawing.views.map((v: { name: string }) => v.name)).toEqual(['front', 'top']);
      expect(r.json.drawing.dimensions.map((x: { text: string }) => x.text)).toContain('80');
      expect(r.json.artefacts.map((a: { kind: string }) => a.kind).sort()).toEqual(['dxf', 'fcstd', 'pdf', 'svg']);
      for (const a of r.json.artefacts) expect(readFileSync(a.path).byteLength).toBe(a.bytes);
      const bad = await tezgah(['drawing', 'prism-with-hole', '--projection', 'second', '--json', '--data-dir', dataDir]);
      expect(bad.code).toBe(2);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
