// The import report (job.document.result.import, written by electron/domains/import/report.ts) as the
// Part page reads it: checked field by field, so a report from an older or newer version still
// shows what it has.
import type { ErrorPayload } from '../../../shared/errors.js';

export interface AssemblyNodeView {
  name: string;
  part?: boolean;
  children?: AssemblyNodeView[];
}

export interface ImportReportView {
  source: { name?: string; size_bytes?: number; variant?: string; protocol?: string | null; originating_system?: string | null } | null;
  format: string | null;
  units_detected: string | null;
  units_used: string | null;
  units_source: string | null;
  parts: { name: string; path: string; kind: string; faces: number | null; valid: boolean | null; colour: string | null }[];
  assembly: AssemblyNodeView[];
  mesh: Record<string, unknown> | null;
  conversions: Record<string, unknown>[];
  repairs: Record<string, unknown>[];
  warnings: ErrorPayload[];
  notes: string[];
}

const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function reportOf(result: Record<string, unknown> | undefined): ImportReportView | null {
  const r = obj(result?.import);
  if (!r) return null;
  const src = obj(r.source);
  return {
    source: src
      ? {
          ...(str(src.name) ? { name: str(src.name)! } : {}),
          ...(typeof src.size_bytes === 'number' ? { size_bytes: src.size_bytes } : {}),
          ...(str(src.variant) ? { variant: str(src.variant)! } : {}),
          protocol: str(src.protocol),
          originating_system: str(src.originating_system),
        }
      : null,
    format: str(r.format),
    units_detected: str(r.units_detected),
    units_used: str(r.units_used),
    units_source: str(r.units_source),
    parts: arr(r.parts).flatMap((p) => {
      const o = obj(p);
      return o
        ? [{ name: str(o.name) ?? '?', path: str(o.path) ?? '', kind: str(o.kind) ?? 'solid', faces: typeof o.faces === 'number' ? o.faces : null, valid: typeof o.valid === 'boolean' ? o.valid : null, colour: str(o.colour) }]
        : [];
    }),
    assembly: arr(r.assembly).filter((n): n is AssemblyNodeView => !!obj(n) && typeof (n as AssemblyNodeView).name === 'string'),
    mesh: obj(r.mesh),
    conversions: arr(r.conversions).flatMap((c) => (obj(c) ? [obj(c)!] : [])),
    repairs: arr(r.repairs).flatMap((c) => (obj(c) ? [obj(c)!] : [])),
    warnings: arr(r.warnings).flatMap((w) => {
      const o = obj(w);
      return o && typeof o.code === 'string' ? [{ code: o.code as ErrorPayload['code'], message: str(o.message) ?? '', hint: '', ...(obj(o.details) ? { details: obj(o.details)! } : {}) }] : [];
    }),
    notes: arr(r.notes).filter((n): n is string => typeof n === 'string'),
  };
}
