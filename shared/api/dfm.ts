// The API contract's dfm methods: a finished manufacturability check's report in one shape (the
// CLI's `tezgah check --json` of issue 18), its texts in the language asked for (default: the
// host's), and the finding codes with both languages kept for the UI.
import { z } from 'zod';
import { Id, out } from './contract.js';

export interface DfmReportFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  /** FreeCAD's face names ('Face3'), as the viewer names them */
  faces: string[];
  measured: number | null;
  allowed: number | null;
  unit: string;
  at_mm: [number, number, number] | null;
  message: string;
  hint: string;
}

/** A check job's report, as `tezgah check --json` prints it. */
export interface DfmReport {
  job_id: string;
  ok: boolean;
  process: 'milling' | 'fdm';
  setups: string[];
  machine: string | null;
  /** one line: can it be made, and how many blocking findings */
  verdict: string;
  findings: DfmReportFinding[];
  counts: { error: number; warning: number; info: number };
  summary: {
    faces: number;
    rays: number;
    volume_mm3: number;
    size_mm: [number, number, number];
    thinnest_mm: number | null;
    print_time_s?: number;
  };
}

export const dfmMethods = {
  /** A finished check job's report, texts in `lang` (default: the host's language). */
  'dfm.report': { input: z.object({ id: Id, lang: z.enum(['en', 'tr']).optional() }), output: out<DfmReport>() },
} as const;
