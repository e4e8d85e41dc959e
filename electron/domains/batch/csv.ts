// A batch's CSV: read as Excel and LibreOffice write it (a UTF-8 BOM, CRLF, quoted fields with ""
// inside, `;` as the separator where the decimal mark is a comma), then each row checked against the
// template's parameters before any job starts. The header names the parameters, optionally with a
// unit (`length_mm`, `length (cm)`, `length [in]`); a cell may carry its own unit (`20mm`, `2,5 cm`,
// `1 1/2 inch`), read by shared/units.ts's parseLength, the same reader as the prompt's lengths.
// A cell without a unit is in the column's unit, else in mm. Range and cross-field rules are the
// template's own (validateTemplateParams), so a row passes here exactly when its job would.
import { TezgahError, type ErrorCode } from '../../../shared/errors.js';
import { findTemplate, TEMPLATE_IDS, validateTemplateParams, type TemplateDef, type TemplateParam } from '../../../shared/templates.js';
import { normaliseUnit, parseDecimal, parseLength, type LengthUnit } from '../../../shared/units.js';

/** Columns that are not parameters but are passed on to the job. */
export const EXTRA_COLUMNS = ['material', 'process'] as const;
/** Columns a sheet may carry for people (a part number, a note): kept in the summary, not sent. */
export const LABEL_COLUMNS = ['name', 'label', 'part', 'note', 'id'] as const;

export interface CsvTable {
  delimiter: string;
  header: string[];
  /** data rows with their 1-based line in the file (a quoted field may span lines) */
  rows: { line: number; cells: string[] }[];
}

/** Splits CSV text into records. Throws BATCH_CSV_INVALID for an unclosed quote or no header. */
export function parseCsv(text: string): CsvTable {
  let s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  s = s.replace(/\r\n?/g, '\n');
  const delimiter = detectDelimiter(s);
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteStartLine = 0;
  let any = false; // the record has content (a lone empty line is no record)
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      quoteStartLine = line;
      cell = '';
      any = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      any = true;
    } else if (ch === '\n') {
      if (any || cell.trim() !== '') records.push({ line: recordLine, cells: [...cells, cell] });
      cells = [];
      cell = '';
      any = false;
      line++;
      recordLine = line;
    } else {
      cell += ch;
      if (ch.trim() !== '') any = true;
    }
  }
  if (quoted) throw new TezgahError('BATCH_CSV_INVALID', { reason: `a quoted field opened on line ${quoteStartLine} is never closed` });
  if (any || cell.trim() !== '') records.push({ line: recordLine, cells: [...cells, cell] });
  const data = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const head = data.shift();
  if (!head) throw new TezgahError('BATCH_CSV_INVALID', { reason: 'the file has no header line' });
  return { delimiter, header: head.cells.map((c) => c.trim()), rows: data };
}

/** `,`, `;` or tab: whichever the header line (outside quotes) uses most; `,` when none. */
function detectDelimiter(s: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return n > 0 ? best : ',';
}

/** A header cell resolved: a parameter with the unit its bare numbers are in, an extra, a label, or unknown. */
export type Column =
  | { kind: 'param'; name: string; header: string; param: TemplateParam; unit: LengthUnit | 'count' | 'deg' | null }
  | { kind: 'extra'; name: (typeof EXTRA_COLUMNS)[number]; header: string }
  | { kind: 'label'; header: string }
  | { kind: 'unknown'; header: string; reason: 'unknown' | 'unit' };

const normaliseHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export function resolveColumn(def: TemplateDef, header: string): Column {
  const h = normaliseHeader(header);
  const param = (n: string) => def.params.find((p) => p.name === n);
  const exact = param(h);
  if (exact) return { kind: 'param', name: exact.name, header, param: exact, unit: null };
  if ((EXTRA_COLUMNS as readonly string[]).includes(h)) return { kind: 'extra', name: h as (typeof EXTRA_COLUMNS)[number], header };
  if ((LABEL_COLUMNS as readonly string[]).includes(h)) return { kind: 'label', header };
  // `length (mm)`, `length [mm]`, `length_mm`
  const m = /^(.+?)_*[([](.+)[)\]]$/.exec(h) ?? /^(.+)_([^_]+)$/.exec(h);
  if (m) {
    const p = param(m[1]!.replace(/_+$/, ''));
    if (p) {
      const unitText = m[2]!.trim();
      const unit = unitOf(p, unitText);
      return unit ? { kind: 'param', name: p.name, header, param: p, unit } : { kind: 'unknown', header, reason: 'unit' };
    }
  }
  return { kind: 'unknown', header, reason: 'unknown' };
}

/** The unit a column or cell names, if it suits the parameter. */
function unitOf(p: TemplateParam, text: string): LengthUnit | 'count' | 'deg' | null {
  if (p.unit === 'mm') return normaliseUnit(text);
  if (p.unit === 'deg') return /^(deg|°|derece|degrees?)$/i.test(text) ? 'deg' : null;
  return /^(count|pcs|adet|n)$/i.test(text) ? 'count' : null;
}

const PLAIN_NUMBER = { en: 'a plain number (no unit)', tr: 'birimsiz bir sayı' };

export interface RowError {
  code: ErrorCode;
  details: Record<string, unknown>;
}

export interface PlannedRow {
  /** 1-based data row (the header is row 0) */
  row: number;
  line: number;
  /** the row's cells by header */
  cells: Record<string, string>;
  /** the parameters in the template's units (mm), defaults filled in; null when the row is bad */
  params: Record<string, number> | null;
  material?: string;
  process?: string;
  error: RowError | null;
}

export interface BatchPlan {
  template: string;
  columns: Column[];
  rows: PlannedRow[];
}

/** Reads a number in the parameter's unit from a cell, or says what is wrong with it. */
function readCell(col: Extract<Column, { kind: 'param' }>, text: string): number | RowError {
  const p = col.param;
  const t = text.trim();
  const bad = (code: ErrorCode, extra: Record<string, unknown> = {}): RowError => ({
    code,
    details: { field: p.name, column: col.header, value: t, ...extra },
  });
  if (p.unit === 'mm') {
    const v = parseLength(t, col.unit && col.unit !== 'count' && col.unit !== 'deg' ? col.unit : 'mm');
    if (v !== null) return v;
    // a number followed by a word that is no length unit: "20 kg", "5 adet", "30°"
    if (/^[-+−]?[\d.,\s/]+\s*\S+$/u.test(t) && parseDecimal(t) === null) return bad('BATCH_BAD_UNIT', { expected: 'mm, cm, m, in, ft' });
    return bad('VALIDATION_ERROR', { detail: 'is not a length' });
  }
  const n = parseDecimal(t);
  if (n !== null) return n;
  const m = /^([-+−]?[\d.,]+)\s*(\S+)$/u.exec(t);
  if (m && parseDecimal(m[1]!) !== null) {
    const unit = unitOf(p, m[2]!);
    if (unit) return parseDecimal(m[1]!)!;
    return bad('BATCH_BAD_UNIT', { expected: p.unit === 'deg' ? '°, deg' : PLAIN_NUMBER });
  }
  return bad('VALIDATION_ERROR', { detail: 'is not a number' });
}

/** The template's parameter issues as the coded error its job would fail with (as the template flow maps them). */
function issueError(def: TemplateDef, issues: { field: string; rule: string; message: { en: string } }[]): RowError {
  const first = issues[0]!;
  const param = def.params.find((p) => p.name === first.field);
  const code: ErrorCode = first.rule === 'range' && param?.unit === 'mm' ? 'DIMENSION_ERROR' : 'VALIDATION_ERROR';
  return {
    code,
    details: {
      field: first.field,
      detail: first.message.en,
      min: param?.allowZero ? 0 : param?.min,
      max: param?.max,
      issues: issues.map((i) => ({ field: i.field, rule: i.rule, message: i.message })),
    },
  };
}

/** Parses and checks a batch: the template must exist and the CSV must parse; each row is then good or bad on its own. */
export function planBatch(template: string, csv: string): BatchPlan {
  const def = findTemplate(template);
  if (!def) throw new TezgahError('UNKNOWN_TEMPLATE', { template, templates: TEMPLATE_IDS });
  const table = parseCsv(csv);
  const columns = table.header.map((h) => resolveColumn(def, h));
  const seen = new Map<string, string>();
  for (const c of columns)
    if (c.kind === 'param' || c.kind === 'extra') {
      const other = seen.get(c.name);
      if (other) throw new TezgahError('BATCH_CSV_INVALID', { reason: `columns '${other}' and '${c.header}' both give ${c.name}` });
      seen.set(c.name, c.header);
    }
  if (!table.rows.length) throw new TezgahError('BATCH_CSV_INVALID', { reason: 'the file has a header but no rows' });
  const rows = table.rows.map((r, i): PlannedRow => {
    const cells = Object.fromEntries(table.header.map((h, j) => [h || `#${j + 1}`, (r.cells[j] ?? '').trim()]));
    const planned: PlannedRow = { row: i + 1, line: r.line, cells, params: null, error: null };
    const fail = (e: RowError) => ({ ...planned, error: e });
    if (r.cells.length > table.header.length && r.cells.slice(table.header.length).some((c) => c.trim() !== ''))
      return fail({
        code: 'BATCH_UNKNOWN_COLUMN',
        details: { column: `#${table.header.length + 1}`, params: def.params.map((p) => p.name).join(', ') },
      });
    const raw: Record<string, number> = {};
    for (const [j, col] of columns.entries()) {
      const text = (r.cells[j] ?? '').trim();
      if (text === '') continue;
      if (col.kind === 'unknown')
        return fail(
          col.reason === 'unit'
            ? { code: 'BATCH_BAD_UNIT', details: { field: col.header, column: col.header, value: text, expected: 'mm, cm, m, in, ft' } }
            : { code: 'BATCH_UNKNOWN_COLUMN', details: { column: col.header, params: def.params.map((p) => p.name).join(', ') } },
        );
      if (col.kind === 'extra') planned[col.name] = text;
      if (col.kind !== 'param') continue;
      const v = readCell(col, text);
      if (typeof v !== 'number') return fail(v);
      raw[col.name] = v;
    }
    const checked = validateTemplateParams(def, raw);
    if (!checked.ok) return fail(issueError(def, checked.issues));
    return { ...planned, params: checked.params };
  });
  return { template: def.id, columns, rows };
}

/** One CSV field, quoted when it must be. */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r;]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
