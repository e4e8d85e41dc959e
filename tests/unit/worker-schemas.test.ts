// The worker flows' schemas on both sides: the checked-in JSON Schemas (freecad-bridge/python/schemas)
// are what freecad-bridge/src/flows.ts generates, and every key a Python flow writes into "data" or
// reads from "input" is one the TypeScript schema knows (a key renamed on one side fails here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CamAnalyseData,
  CamGenerateData,
  CamInput,
  WORKER_FLOWS,
  workerJsonSchemas,
  type WorkerFlow,
} from '../../freecad-bridge/src/flows.js';
import { parseWorkerData } from '../../freecad-bridge/src/protocol.js';
import { SCHEMA_DIR, schemaText } from '../../freecad-bridge/write-schemas.js';

const FLOWS_DIR = join(SCHEMA_DIR, '..', 'flows');
const FLOWS = Object.keys(WORKER_FLOWS) as WorkerFlow[];

const keysOf = (schema: z.ZodType): string[] => {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion)
    return [...new Set((schema.options as z.ZodType[]).flatMap(keysOf))];
  return [];
};

const source = (flow: WorkerFlow) => readFileSync(join(FLOWS_DIR, `${flow}.py`), 'utf8');

/** Top-level keys a flow writes: ctx.data['k'] = …, ctx.data.update({'k': …}). */
function dataKeysWritten(py: string): Set<string> {
  const keys = new Set<string>();
  for (const m of py.matchAll(/ctx\.data\[['"](\w+)['"]\]\s*=/g)) keys.add(m[1]!);
  for (const m of py.matchAll(/ctx\.data\.update\(\{([\s\S]*?)\}\)/g))
    for (const k of m[1]!.matchAll(/^\s*['"](\w+)['"]\s*:/gm)) keys.add(k[1]!);
  return keys;
}

/** Top-level keys a flow reads: inp.get('k'), inp['k'], ctx.input.get('k'), _flag(inp, 'k'). */
function inputKeysRead(py: string): Set<string> {
  const keys = new Set<string>();
  for (const m of py.matchAll(/(?:\binp|ctx\.input)(?:\.get\(|\[)['"](\w+)['"]/g)) keys.add(m[1]!);
  for (const m of py.matchAll(/_flag\(inp, ['"](\w+)['"]\)/g)) keys.add(m[1]!);
  return keys;
}

describe('worker flow schemas', () => {
  it('the checked-in JSON Schemas are what flows.ts generates (npx tsx freecad-bridge/write-schemas.ts)', () => {
    const generated = workerJsonSchemas();
    for (const flow of FLOWS) {
      expect(readFileSync(join(SCHEMA_DIR, `${flow}.json`), 'utf8'), `python/schemas/${flow}.json is stale`).toBe(
        schemaText(generated[flow]),
      );
    }
  });

  it.each(FLOWS)('flows/%s.py writes exactly the data keys the schema has', (flow) => {
    const written = [...dataKeysWritten(source(flow))].sort();
    expect(written).toEqual(keysOf(WORKER_FLOWS[flow].data).sort());
  });

  it.each(FLOWS)('flows/%s.py reads only input keys the schema has', (flow) => {
    const known = new Set(keysOf(WORKER_FLOWS[flow].input));
    const unknown = [...inputKeysRead(source(flow))].filter((k) => !known.has(k));
    expect(unknown).toEqual([]);
  });

  it('checks a worker answer against its flow (the CAM flow per mode)', () => {
    expect(parseWorkerData('template', { template: 'flange' })).toEqual({ ok: true, data: { template: 'flange' } });
    const renamed = parseWorkerData('template', { template_id: 'flange' });
    expect(renamed.ok).toBe(false);
    expect(parseWorkerData('script', { script_hash: 'a'.repeat(64), solids: 1, shape_type: 'Solid' }).ok).toBe(true);
    const post = {
      operations: [{ id: 'op1', label: 'Profile', kind: 'profile', commands: 10, cutting_moves: 4, tool_number: 1 }],
      post: { name: 'grbl', args: '', fixes: [] },
    };
    expect(parseWorkerData('cam', post, { mode: 'generate' }).ok).toBe(true);
    expect(parseWorkerData('cam', post, { mode: 'analyse' }).ok).toBe(false);
    expect(CamInput.safeParse({ mode: 'analyse', part: 'part.step' }).success).toBe(true);
    expect(keysOf(CamAnalyseData)).toEqual(['part']);
    expect(keysOf(CamGenerateData).sort()).toEqual(['operations', 'post', 'ramps', 'tabs']);
  });
});
