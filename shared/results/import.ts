// What an import job keeps (electron/domains/import/report.ts → job.document.result.import, and the
// '<name>.import.json' artefact): what the file was, which units its numbers were taken in, what was
// converted and repaired, what is wrong with it. Read by the Part page, the CLI and the tests.
import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';

export const ImportFormat = z.enum(['step', 'iges', 'brep', 'stl', 'obj', 'fcstd']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** Where the unit the numbers were taken in came from. */
export const UnitsSource = z.enum(['file', 'user', 'inferred', 'convention', 'default']);
export type UnitsSource = z.infer<typeof UnitsSource>;

/** One body of the imported file as the worker measured it (flows/import.py, _part_record). */
export const ImportWorkerPart = z.strictObject({
  name: z.string(),
  /** place in the assembly: container names and the part's, joined by '/' */
  path: z.string(),
  kind: z.enum(['solid', 'shell', 'mesh']),
  solids: z.number(),
  faces: z.number(),
  valid: z.boolean(),
  volume_mm3: z.number().nullable(),
  area_mm2: z.number(),
});
export type ImportWorkerPart = z.infer<typeof ImportWorkerPart>;

export const ImportPart = z.strictObject({
  ...ImportWorkerPart.shape,
  /** '#rrggbb' the file gives the part (STEP styling), else null */
  colour: z.string().nullable(),
});
export type ImportPart = z.infer<typeof ImportPart>;

/** The assembly structure the file carries: containers with children, leaves with part: true. */
export interface AssemblyNode {
  name: string;
  part?: boolean;
  children?: AssemblyNode[];
}
export const AssemblyNode: z.ZodType<AssemblyNode> = z.strictObject({
  name: z.string(),
  part: z.boolean().optional(),
  get children() {
    return z.array(AssemblyNode).optional();
  },
});

/** A conversion or repair the import made: its kind and what it counted (flows/import*.py). */
const Change = z.record(z.string(), z.unknown());
/** Mesh checks (STL, OBJ, tessellated STEP): counts after any repair, `before` when repairs changed them. */
const MeshChecks = z.record(z.string(), z.unknown());

export const ImportReport = z.strictObject({
  source: z.strictObject({
    name: z.string(),
    size_bytes: z.number(),
    sha256: z.string(),
    format: ImportFormat,
    variant: z.string(),
    /** STEP application protocol (AP203/AP214/AP242) or null */
    protocol: z.string().nullable(),
    schema: z.string().nullable(),
    originating_system: z.string().nullable(),
  }),
  format: ImportFormat,
  /** the length unit the file declares; null when it declares none */
  units_detected: z.string().nullable(),
  /** the unit its numbers were taken in; everything stored is in mm */
  units_used: z.string(),
  units_source: UnitsSource,
  conversions: z.array(Change),
  repairs: z.array(Change),
  warnings: z.array(
    z.strictObject({ code: z.enum(ERROR_CODES), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
  ),
  parts: z.array(ImportPart),
  assembly: z.array(AssemblyNode),
  mesh: MeshChecks.nullable(),
  /** what the import did that the user should know, in both languages */
  notes: z.array(z.strictObject({ en: z.string(), tr: z.string() })),
  options: z.strictObject({
    units: z.string(),
    z_up: z.boolean(),
    center: z.boolean(),
    refine: z.boolean(),
    repair: z.boolean(),
    require_solid: z.boolean(),
  }),
  limits: z.strictObject({ max_size_mb: z.number(), timeout_s: z.number(), memory_mb: z.number() }),
  freecad_version: z.string(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** job.document.result of an import job. */
export const ImportJobResult = z.strictObject({ import: ImportReport });
export type ImportJobResult = z.infer<typeof ImportJobResult>;
