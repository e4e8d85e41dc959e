// The import fuzzer, second half: mutants that the text-level checks let through go on through the
// real FreeCAD import, which must end in a sane result or a coded error — and some must really
// succeed (a FreeCAD that is missing, or refuses everything, fails this test instead of passing it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode, TezgahError } from '../../shared/errors.js';
import { readSource } from '../../electron/domains/import/source.js';
import { Workbench } from '../../electron/app/app.js';
import { mutants, REAL_IMPORTS, type Mutant } from '../support/import-mutants.js';

describe('import fuzzing through FreeCAD', () => {
  let dir: string;
  let dataDir: string;
  const accepted: (Mutant & { path: string })[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tezgah-import-fuzz-'));
    dataDir = mkdtempSync(join(tmpdir(), 'tezgah-import-fuzz-data-'));
    for (const m of mutants()) {
      const path = join(dir, m.name);
      writeFileSync(path, m.bytes);
      const ok = await readSource(path, { maxBytes: 64 * 1024 ** 2 }).then(
        () => true,
        () => false,
      );
      if (ok) accepted.push({ ...m, path });
    }
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${REAL_IMPORTS} accepted mutants through the real FreeCAD import: a sane result or a coded error`, async () => {
    // one mutant per base format and mutator kind first, so the real runs see varied damage
    const seen = new Set<string>();
    const chosen = accepted
      .filter((m) => {
        const key = `${extname(m.base)}:${m.mutator}`;
        if (seen.has(key) || m.mutator === 'truncate') return false;
        seen.add(key);
        return true;
      })
      .slice(0, REAL_IMPORTS);
    expect(chosen.length).toBe(REAL_IMPORTS);
    const wb = new Workbench({ dataDir, poolSize: 1 });
    let succeeded = 0;
    try {
      for (const m of chosen) {
        const label = `mutant ${m.id} (${m.base}, ${m.mutator})`;
        let job;
        try {
          job = await wb.jobs.submit({ type: 'import', path: m.path, timeout_s: 60 });
        } catch (e) {
          expect(
            e instanceof TezgahError && isErrorCode(e.code) && e.code !== 'INTERNAL' && !e.code.startsWith('CONFIG_'),
            `${label}: ${String(e)}`,
          ).toBe(true);
          continue;
        }
        const done = await wb.jobs.waitFor(job.id);
        if (done.status === 'succeeded') {
          succeeded++;
          const mm = done.metrics!;
          for (const v of Object.values(mm.bbox_mm)) expect(Number.isFinite(v) && Math.abs(v) <= 1e6, label).toBe(true);
          expect(Number.isFinite(mm.area_mm2), label).toBe(true);
          expect(mm.volume_mm3 === null || (Number.isFinite(mm.volume_mm3) && mm.volume_mm3 > 0), label).toBe(true);
          expect(wb.jobs.artefactsOf(done.id).length, label).toBeGreaterThanOrEqual(4);
        } else {
          expect(done.status, label).toBe('failed');
          expect(
            done.error && isErrorCode(done.error.code) && !['INTERNAL', 'FC_CRASHED'].includes(done.error.code),
            `${label}: ${JSON.stringify(done.error)}`,
          ).toBe(true);
          expect(wb.jobs.artefactsOf(done.id), label).toEqual([]);
        }
      }
      // the damage is mild enough for some mutants that FreeCAD reads them: a run where none
      // succeeds means FreeCAD itself is missing or broken, not that the import is robust
      expect(succeeded, 'mutants imported successfully').toBeGreaterThan(0);
    } finally {
      await wb.dispose();
    }
  }, 600_000);
});
