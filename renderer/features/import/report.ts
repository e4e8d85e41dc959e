// The import report (job.document.result.import, shared/results/import.ts) as the Part page reads
// it: field by field from the shared schema, so a report from an older or newer version still shows
// what it has (lib/records.ts).
import { z } from 'zod';
import { AssemblyNode, ImportPart, ImportReport } from '../../../shared/results/import.js';
import { listOf, type ViewShape } from '../../lib/records.js';

const S = ImportReport.shape;
const source = S.source.shape;

const PartView = z.object({
  name: ImportPart.shape.name.catch('?'),
  path: ImportPart.shape.path.catch(''),
  kind: ImportPart.shape.kind.catch('solid'),
  faces: ImportPart.shape.faces.nullable().catch(null),
  valid: ImportPart.shape.valid.nullable().catch(null),
  colour: ImportPart.shape.colour.catch(null),
} satisfies ViewShape<ImportPart>);

/** A warning as the error box shows it (the hint is the catalogue's, filled in when shown). */
const WarningView = S.warnings.element.transform((w) => ({ ...w, hint: '' }));

const ImportReportView = z.object({
  source: z
    .object({
      name: source.name.optional().catch(undefined),
      size_bytes: source.size_bytes.optional().catch(undefined),
      variant: source.variant.optional().catch(undefined),
      protocol: source.protocol.catch(null),
      originating_system: source.originating_system.catch(null),
    } satisfies ViewShape<ImportReport['source']>)
    .nullable()
    .catch(null),
  format: S.format.nullable().catch(null),
  units_detected: S.units_detected.catch(null),
  units_used: S.units_used.nullable().catch(null),
  units_source: S.units_source.nullable().catch(null),
  parts: listOf(PartView),
  assembly: listOf(AssemblyNode),
  mesh: S.mesh.catch(null),
  conversions: listOf(S.conversions.element),
  repairs: listOf(S.repairs.element),
  warnings: listOf(WarningView),
  notes: listOf(S.notes.element),
} satisfies ViewShape<ImportReport>);
export type ImportReportView = z.infer<typeof ImportReportView>;

const WithReport = z.object({ import: ImportReportView });

/** The report of an import job's result; null when the result has none. */
export function reportOf(result: unknown): ImportReportView | null {
  const r = WithReport.safeParse(result);
  return r.success ? r.data.import : null;
}
