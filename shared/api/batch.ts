// The API contract's batch methods: one template job per row of a CSV sheet. The sheet's header
// names the template's parameters (with an optional unit: `length_mm`, `length (cm)`); every row
// is checked before any job starts, bad rows carry their coded error, the good ones run. Progress
// comes as 'batch' events (and batch.get); batch.wait resolves with the finished batch.
import { z } from 'zod';
import type { ErrorPayload } from '../errors.js';
import type { Metrics } from '../job-spec.js';
import type { ArtefactInfo } from '../jobs.js';
import { Id, out } from './contract.js';

export type BatchRowStatus = 'pending' | 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export interface BatchRowView {
  /** 1-based data row (the header is not counted) */
  row: number;
  /** the row's first line in the file */
  line: number;
  cells: Record<string, string>;
  /** the parameters in the template's units (mm), defaults filled in; null for a bad row */
  params: Record<string, number> | null;
  material?: string;
  process?: string;
  /** skipped: its job had been made before (an earlier run of the sheet, or the cache) */
  status: BatchRowStatus;
  job_id: string | null;
  progress: number;
  metrics: Metrics | null;
  artefacts: (ArtefactInfo & { href?: string })[];
  error: ErrorPayload | null;
  /** the row failed the check before the run (status 'failed', no job) */
  invalid: boolean;
}

export interface BatchSummary {
  succeeded: number;
  /** includes the invalid rows */
  failed: number;
  skipped: number;
  cancelled: number;
  invalid: number;
  /** rows not finished yet */
  pending: number;
}

export interface BatchStatus {
  id: string;
  template: string;
  state: 'running' | 'finished' | 'cancelled';
  concurrency: number;
  columns: { header: string; kind: 'param' | 'extra' | 'label' | 'unknown'; param?: string; unit?: string | null }[];
  rows: BatchRowView[];
  /** 0…1 over all rows */
  progress: number;
  summary: BatchSummary;
  started_at: string;
  finished_at: string | null;
}

const Sheet = z.object({
  template: z.string().min(1).max(200),
  /** the CSV text (UTF-8; a BOM, CRLF, `;` or tab separators are fine) */
  csv: z.string().min(1).max(20_000_000),
});

export const batchMethods = {
  /** checks a sheet without running anything (a batch with id '' and every good row pending) */
  'batch.validate': { input: Sheet, output: out<BatchStatus>() },
  'batch.start': {
    input: Sheet.extend({ concurrency: z.number().int().min(1).max(64).optional() }),
    output: out<BatchStatus>(),
  },
  'batch.get': { input: z.object({ id: Id }), output: out<BatchStatus>() },
  /** resolves when every row has finished or was cancelled */
  'batch.wait': { input: z.object({ id: Id }), output: out<BatchStatus>() },
  'batch.cancel': { input: z.object({ id: Id }), output: out<BatchStatus>() },
  /** the batch as summary.csv text (the sheet's cells, status, job, metrics, artefact addresses, error) */
  'batch.summary': { input: z.object({ id: Id }), output: out<{ name: string; csv: string }>() },
} as const;
