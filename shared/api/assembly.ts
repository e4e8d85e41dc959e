// The API contract's assembly methods. Checking a spec without FreeCAD (the form's live findings),
// and a finished assembly job's result with its files (making one is an 'assembly' job).
import { z } from 'zod';
import type { Rendered } from '../i18n/text.js';
import type { AssemblyResult } from '../results/assembly.js';
import { Id, out } from './contract.js';

/** A finding on an assembly spec: a schema issue (code VALIDATION_ERROR) or a rule of shared/assembly.ts. */
export interface AssemblySpecIssue {
  code: string;
  /** 'schema' for a shape the zod schema refuses, else the checker's rule */
  rule: string;
  path: string;
  detail: Rendered;
}

export interface AssemblyCheckReport {
  ok: boolean;
  issues: AssemblySpecIssue[];
}

/** A finished assembly job: its result and where the client fetches its files. */
export interface AssemblyJobView {
  job_id: string;
  assembly: AssemblyResult;
  glb_href: string | null;
  fcstd_href: string | null;
  bom_csv_href: string | null;
  /** the GLB of the exploded view (result.exploded.placements) */
  exploded_glb_href: string | null;
}

export const assemblyMethods = {
  /** Checks an assembly spec (shared/assembly.ts) against its schema and rules; no FreeCAD. */
  'assembly.check': { input: z.object({ spec: z.unknown() }), output: out<AssemblyCheckReport>() },
  /** A succeeded assembly job's placements, solver verdict, clashes and BOM, with its files. */
  'assembly.result': { input: z.object({ id: Id }), output: out<AssemblyJobView>() },
} as const;
