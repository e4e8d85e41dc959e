// Writes freecad-bridge/python/schemas/<flow>.json from the worker flows' zod schemas
// (freecad-bridge/src/flows.ts). Run after changing them: npx tsx freecad-bridge/write-schemas.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerJsonSchemas } from './src/flows.js';

export const SCHEMA_DIR = fileURLToPath(new URL('./python/schemas', import.meta.url));

/** The file text of one flow's schema (what the test compares byte for byte). */
export function schemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [flow, schema] of Object.entries(workerJsonSchemas())) {
    writeFileSync(join(SCHEMA_DIR, `${flow}.json`), schemaText(schema));
    process.stdout.write(`wrote ${join(SCHEMA_DIR, `${flow}.json`)}\n`);
  }
}
