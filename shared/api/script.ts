// The API contract's script methods. Scripts: the static policy check of a FreeCAD Python script, without running it.
import { z } from 'zod';
import { out } from './contract.js';

/** A script's static policy check (`tezgah script check`), every message in both languages. */
export interface ScriptCheckReport {
  ok: boolean;
  findings: { code: string; rule: string; line: number; col: number; symbol: string; message: { en: string; tr: string } }[];
  script_hash: string;
  entry: 'result' | 'build' | null;
}

export const scriptMethods = {
  /** The static policy check of a Python script, without running it. */
  'script.check': { input: z.object({ source: z.string().max(4 << 20) }), output: out<ScriptCheckReport>() },
} as const;
