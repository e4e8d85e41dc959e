// Fuzzing the import: real files with their bytes flipped, cut, spliced and shuffled. Every mutant
// must come out of the text-level checks (electron/domains/import/source.ts) as a detected format or a coded
// UPLOAD_* error — never another exception, never a hang. (Some of the mutants these checks let
// through go on through the real FreeCAD import in tests/integration/import-fuzz.test.ts.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import { readSource } from '../../electron/domains/import/source.js';
import { CASES, mutants, TS_CODES, type Mutant } from '../support/import-mutants.js';

describe('import fuzzing', () => {
  let dir: string;
  let dataDir: string;
  const accepted: (Mutant & { path: string })[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tezgah-import-fuzz-'));
    dataDir = mkdtempSync(join(tmpdir(), 'tezgah-import-fuzz-data-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${CASES} mutants through the text-level checks: a format or a coded UPLOAD_* error, quickly`, async () => {
    const outcomes: Record<string, number> = {};
    for (const m of mutants()) {
      const path = join(dir, m.name);
      writeFileSync(path, m.bytes);
      const t0 = performance.now();
      let outcome: string;
      try {
        const facts = await readSource(path, { maxBytes: 64 * 1024 ** 2 });
        expect(facts.size).toBe(m.bytes.length);
        expect(facts.sha256).toMatch(/^[0-9a-f]{64}$/);
        outcome = `ok:${facts.format}`;
        accepted.push({ ...m, path });
      } catch (e) {
        if (!(e instanceof TezgahError)) throw new Error(`mutant ${m.id} (${m.base}, ${m.mutator}) threw ${String(e)}`);
        expect(TS_CODES.has(e.code), `mutant ${m.id}: ${e.code}`).toBe(true);
        outcome = e.code;
      }
      expect(performance.now() - t0, `mutant ${m.id} took too long`).toBeLessThan(2000);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    // the mutants exercise both sides: many are refused, many still read as their format
    expect(outcomes.UPLOAD_CORRUPT ?? 0).toBeGreaterThan(CASES / 10);
    expect(accepted.length).toBeGreaterThan(CASES / 10);
  }, 120_000);
});
