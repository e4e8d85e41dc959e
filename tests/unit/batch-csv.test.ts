// The batch sheet reader: CSV as spreadsheets write it (BOM, CRLF, quotes, `;` with decimal commas),
// header units, cell units through shared/units.ts, and each row's coded error before any job.
import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, planBatch, resolveColumn } from '../../electron/domains/batch/csv.js';
import { summaryCsv, summaryDoc } from '../../electron/domains/batch/summary.js';
import type { BatchStatus } from '../../shared/api/index.js';
import { findTemplate } from '../../shared/templates.js';

const prism = findTemplate('prism-with-hole')!;

describe('parseCsv', () => {
  it('strips a BOM, reads CRLF and lone CR, skips blank lines', () => {
    const t = parseCsv('\ufefflength,width\r\n10,20\r\n\r\n30,40\r50,60\n');
    expect(t.header).toEqual(['length', 'width']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['10', '20'],
      ['30', '40'],
      ['50', '60'],
    ]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 4, 5]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const t = parseCsv('name,length\n"a, ""big"" one",10\n"two\r\nlines",20\nlast,30');
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['a, "big" one', '10'],
      ['two\nlines', '20'],
      ['last', '30'],
    ]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 3, 5]);
  });

  it('finds the separator from the header: semicolon and tab sheets', () => {
    expect(parseCsv('length;width\n2,5;3\n').rows[0]!.cells).toEqual(['2,5', '3']);
    expect(parseCsv('length\twidth\n1\t2\n').delimiter).toBe('\t');
    expect(parseCsv('length\n1\n').delimiter).toBe(',');
  });

  it('an unclosed quote or a missing header is BATCH_CSV_INVALID', () => {
    expect(() => parseCsv('a,b\n"1,2\n')).toThrow(expect.objectContaining({ code: 'BATCH_CSV_INVALID' }));
    expect(() => parseCsv('\ufeff\r\n\r\n')).toThrow(expect.objectContaining({ code: 'BATCH_CSV_INVALID' }));
  });
});

describe('resolveColumn', () => {
  it('takes a unit from the header in three spellings', () => {
    for (const h of ['length_mm', 'Length (mm)', 'length [mm]'])
      expect(resolveColumn(prism, h)).toMatchObject({ kind: 'param', name: 'length', unit: 'mm' });
    expect(resolveColumn(prism, 'hole_diameter_in')).toMatchObject({ kind: 'param', name: 'hole_diameter', unit: 'in' });
    expect(resolveColumn(prism, 'hole-diameter')).toMatchObject({ kind: 'param', name: 'hole_diameter', unit: null });
    expect(resolveColumn(prism, 'length_kg')).toMatchObject({ kind: 'unknown', reason: 'unit' });
    expect(resolveColumn(prism, 'colour')).toMatchObject({ kind: 'unknown', reason: 'unknown' });
    expect(resolveColumn(prism, 'material')).toMatchObject({ kind: 'extra' });
    expect(resolveColumn(prism, 'name')).toMatchObject({ kind: 'label' });
  });
});

describe('planBatch', () => {
  it('converts units like the prompt and forms do: column unit, cell unit, Turkish decimal comma', () => {
    const plan = planBatch(
      'prism-with-hole',
      'length_cm;width;height;hole_diameter\r\n10;"2,5 in";20mm;"12,5"\r\n12,5;60;2cm;1/2 inch\r\n',
    );
    expect(plan.rows.map((r) => r.error)).toEqual([null, null]);
    expect(plan.rows[0]!.params).toEqual({ length: 100, width: 63.5, height: 20, hole_diameter: 12.5 });
    expect(plan.rows[1]!.params).toEqual({ length: 125, width: 60, height: 20, hole_diameter: 12.7 });
  });

  it('empty cells take the default; material and process pass through', () => {
    const plan = planBatch('block', 'length,width,height,material\n200,,,steel-s235\n');
    expect(plan.rows[0]).toMatchObject({ params: { length: 200, width: 10, height: 10 }, material: 'steel-s235', error: null });
  });

  it('gives each bad row its coded error and keeps the good ones', () => {
    const csv = [
      'length,width,height,hole_diameter,colour',
      '100,60,20,10,', // good: the unknown column is empty
      '100,60,20,10,red', // unknown column with a value
      '100,60,20kg,10,', // wrong unit
      '100,60,2000,10,', // out of range
      '100,60,20,59,', // breaks the wall rule
      '100,60,abc,10,', // not a number
      '100,60,20,10,,7', // a cell beyond the header
    ].join('\n');
    const plan = planBatch('prism-with-hole', csv);
    expect(plan.rows.map((r) => r.error?.code ?? 'ok')).toEqual([
      'ok',
      'BATCH_UNKNOWN_COLUMN',
      'BATCH_BAD_UNIT',
      'DIMENSION_ERROR',
      'VALIDATION_ERROR',
      'VALIDATION_ERROR',
      'BATCH_UNKNOWN_COLUMN',
    ]);
    expect(plan.rows[3]!.error!.details).toMatchObject({ field: 'height', min: 0.1, max: 1000 });
    expect(plan.rows[4]!.error!.details).toMatchObject({ field: 'hole_diameter' });
    expect(plan.rows[1]!.error!.details).toMatchObject({ column: 'colour' });
  });

  it('a count with a length unit, or a fractional count, is refused', () => {
    const plan = planBatch('flange', 'bolt_count\n6\n6mm\n"6,5"\n"6 adet"\n');
    expect(plan.rows.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'BATCH_BAD_UNIT', 'VALIDATION_ERROR', 'ok']);
  });

  it('refuses an unknown template, a header unit that fits no parameter, and a sheet without rows', () => {
    expect(() => planBatch('nope', 'a\n1\n')).toThrow(expect.objectContaining({ code: 'UNKNOWN_TEMPLATE' }));
    expect(() => planBatch('block', 'length\n')).toThrow(expect.objectContaining({ code: 'BATCH_CSV_INVALID' }));
    expect(() => planBatch('block', 'length,length_mm\n1,2\n')).toThrow(expect.objectContaining({ code: 'BATCH_CSV_INVALID' }));
    expect(planBatch('block', 'length_kg\n5\n').rows[0]!.error!.code).toBe('BATCH_BAD_UNIT');
  });
});

describe('summary', () => {
  it('round-trips through the reader: quoted cells, per-kind paths, the error code', () => {
    const status: BatchStatus = {
      id: 'b1',
      template: 'block',
      state: 'finished',
      concurrency: 2,
      columns: [],
      rows: [
        {
          row: 1,
          line: 2,
          cells: { length: '2,5 cm' },
          params: { length: 25, width: 10, height: 10 },
          status: 'succeeded',
          job_id: 'j1',
          progress: 1,
          metrics: {
            solids: 1,
            faces: 6,
            edges: 12,
            volume_mm3: 2500,
            area_mm2: 1200,
            bbox_mm: { xmin: 0, ymin: 0, zmin: 0, xmax: 25, ymax: 10, zmax: 10 },
            center_of_mass_mm: null,
            triangles: 12,
          },
          artefacts: [],
          error: null,
          invalid: false,
        },
        {
          row: 2,
          line: 3,
          cells: { length: 'x"y' },
          params: null,
          status: 'failed',
          job_id: null,
          progress: 1,
          metrics: null,
          artefacts: [],
          error: { code: 'VALIDATION_ERROR', message: 'bad, very', hint: '' },
          invalid: true,
        },
      ],
      progress: 1,
      summary: { succeeded: 1, failed: 1, skipped: 0, cancelled: 0, invalid: 1, pending: 0 },
      started_at: '2026-01-01T00:00:00Z',
      finished_at: '2026-01-01T00:00:01Z',
    };
    const doc = summaryDoc(status, (r) =>
      r.row === 1 ? [{ kind: 'step', name: 'block.step', path: '/o/row-1/block.step', sha256: 'a', bytes: 1 }] : [],
    );
    const back = parseCsv(summaryCsv(doc));
    const col = (name: string) => back.header.indexOf(name);
    expect(back.rows).toHaveLength(2);
    expect(back.rows[0]!.cells[col('length')]).toBe('2,5 cm');
    expect(back.rows[0]!.cells[col('volume_mm3')]).toBe('2500');
    expect(back.rows[0]!.cells[col('size_x_mm')]).toBe('25');
    expect(back.rows[0]!.cells[col('step_path')]).toBe('/o/row-1/block.step');
    expect(back.rows[1]!.cells[col('length')]).toBe('x"y');
    expect(back.rows[1]!.cells[col('error_code')]).toBe('VALIDATION_ERROR');
    expect(back.rows[1]!.cells[col('error')]).toBe('bad, very');
    expect(doc.summary).toEqual({ succeeded: 1, failed: 1, skipped: 0, cancelled: 0, invalid: 1 });
    expect(csvField('a;b')).toBe('"a;b"');
  });
});
