// What an export job keeps (electron/domains/export/flow.ts → job.document.result.export): each file
// written, in which format, with what it holds, and the part it was written from.
// Read by the CLI (`tezgah export --json`), the API and the Files panel.
import { z } from 'zod';
import { ExportFormat } from '../job-spec.js';

export const ExportedFile = z.strictObject({
  format: ExportFormat,
  /** the file's name among the job's artefacts */
  name: z.string(),
  bytes: z.number().int().nonnegative(),
  /** exact formats: solids written; mesh formats: triangles written */
  solids: z.number().int().nonnegative().optional(),
  triangles: z.number().int().nonnegative().optional(),
  /** STEP: the schema in the file's header ('AP242DIS', 'AP214IS') */
  schema: z.string().optional(),
});
export type ExportedFile = z.infer<typeof ExportedFile>;

export const ExportResult = z.strictObject({
  part: z.strictObject({ ref: z.string(), name: z.string(), sha256: z.string() }),
  /** the part's solids' volume (mm³), as read back from the part file */
  volume_mm3: z.number().nullable(),
  files: z.array(ExportedFile),
});
export type ExportResult = z.infer<typeof ExportResult>;

/** job.document.result of an export job. */
export const ExportJobResult = z.strictObject({ export: ExportResult });
export type ExportJobResult = z.infer<typeof ExportJobResult>;
