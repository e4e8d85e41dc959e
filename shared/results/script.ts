// What a script job keeps (electron/domains/script/flow.ts → job.document.result.script): which
// canonical script ran (its hash, confirmed by the worker) and what it handed over.
import { z } from 'zod';

export const ScriptResult = z.strictObject({
  /** label of the part and its files */
  name: z.string(),
  /** SHA-256 of the canonical text that ran */
  script_hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** the function the policy found as the script's entry, or null when it shows parts itself */
  entry: z.string().nullable(),
});
export type ScriptResult = z.infer<typeof ScriptResult>;

/** job.document.result of a script job. */
export const ScriptJobResult = z.strictObject({ script: ScriptResult });
export type ScriptJobResult = z.infer<typeof ScriptJobResult>;
