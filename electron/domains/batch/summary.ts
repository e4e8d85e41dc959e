// A finished batch as the files a quote is made from: summary.json (every row's status, parameters,
// metrics, artefact paths and coded error) and summary.csv (one line per row, the sheet's own cells
// first, then the outcome). Paths are what the caller says each artefact is at (a copy, the store).
import type { BatchRowView, BatchStatus } from '../../../shared/api/index.js';
import type { ErrorPayload } from '../../../shared/errors.js';
import type { Metrics } from '../../../shared/job-spec.js';
import { csvField } from './csv.js';

export interface SummaryArtefact {
  kind: string;
  name: string;
  path: string;
  sha256: string;
  bytes: number;
}

export interface SummaryRow {
  row: number;
  line: number;
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  job_id: string | null;
  params: Record<string, number> | null;
  cells: Record<string, string>;
  metrics: Metrics | null;
  artefacts: SummaryArtefact[];
  error: ErrorPayload | null;
}

export interface BatchSummaryDoc {
  batch: string;
  template: string;
  rows: SummaryRow[];
  summary: { succeeded: number; failed: number; skipped: number; cancelled: number; invalid: number };
  started_at: string;
  finished_at: string | null;
}

/** The batch in the `--json` / summary.json shape; `paths` gives each row's artefacts (default: their hrefs). */
export function summaryDoc(s: BatchStatus, paths?: (r: BatchRowView) => SummaryArtefact[]): BatchSummaryDoc {
  const { succeeded, failed, skipped, cancelled, invalid } = s.summary;
  return {
    batch: s.id,
    template: s.template,
    rows: s.rows.map((r) => ({
      row: r.row,
      line: r.line,
      // a row still pending when the batch ended was cancelled with it
      status: r.status === 'succeeded' || r.status === 'failed' || r.status === 'skipped' ? r.status : 'cancelled',
      job_id: r.job_id,
      params: r.params,
      cells: r.cells,
      metrics: r.metrics,
      artefacts: paths
        ? paths(r)
        : r.artefacts.map((a) => ({ kind: a.kind, name: a.name, path: a.href ?? '', sha256: a.sha256, bytes: a.size })),
      error: r.error,
    })),
    summary: { succeeded, failed, skipped, cancelled, invalid },
    started_at: s.started_at,
    finished_at: s.finished_at,
  };
}

const bboxSize = (m: Metrics, axis: 'x' | 'y' | 'z') => {
  const b = m.bbox_mm;
  return round(axis === 'x' ? b.xmax - b.xmin : axis === 'y' ? b.ymax - b.ymin : b.zmax - b.zmin);
};
const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** summary.csv: the sheet's columns, then status, job, metrics, one path column per artefact kind, the error. */
export function summaryCsv(doc: BatchSummaryDoc): string {
  const cellCols = [...new Set(doc.rows.flatMap((r) => Object.keys(r.cells)))];
  const kinds = [...new Set(doc.rows.flatMap((r) => r.artefacts.map((a) => a.kind)))].sort();
  const header = [
    'row',
    ...cellCols,
    'status',
    'job_id',
    'volume_mm3',
    'area_mm2',
    'mass_g',
    'size_x_mm',
    'size_y_mm',
    'size_z_mm',
    'faces',
    ...kinds.map((k) => `${k}_path`),
    'error_code',
    'error',
  ];
  const lines = [header.map(csvField).join(',')];
  for (const r of doc.rows) {
    const m = r.metrics;
    const byKind = new Map(r.artefacts.map((a) => [a.kind, a.path]));
    lines.push(
      [
        r.row,
        ...cellCols.map((c) => r.cells[c] ?? ''),
        r.status,
        r.job_id ?? '',
        m?.volume_mm3 ?? '',
        m ? round(m.area_mm2) : '',
        m?.mass_g ?? '',
        m ? bboxSize(m, 'x') : '',
        m ? bboxSize(m, 'y') : '',
        m ? bboxSize(m, 'z') : '',
        m?.faces ?? '',
        ...kinds.map((k) => byKind.get(k) ?? ''),
        r.error?.code ?? '',
        r.error ? `${r.error.message} ${r.error.hint}`.trim() : '',
      ]
        .map((v) => csvField(typeof v === 'number' ? String(v) : v))
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
