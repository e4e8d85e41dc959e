// Batch benchmark (issue 17, "Batch runs"): N prism-with-hole variants as one CSV sheet through the
// batch API (warm pool, the real job manager: validation, spec hashes, four exports per part,
// artefact store), against N sequential cold `freecadcmd` runs of the equivalent plain script
// (foundation.ts's baseline). The cold side runs BENCH_BATCH_COLD times (default 10) and is
// extrapolated to N from its mean, so the default run stays within a few minutes; BENCH_BATCH_COLD=N
// runs them all. A second pass of the same sheet measures skipped rows (already made).
// Env: BENCH_BATCH_N (default 200), BENCH_BATCH_CONCURRENCY (default: the pool size).
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbench } from '../electron/app/app.js';
import { createApiHandlers } from '../electron/hosts/api/handlers.js';
import { locateFreeCad } from '../freecad-bridge/src/locate.js';
import { coldRun } from './foundation.js';

const N = Number(process.env.BENCH_BATCH_N ?? 200);
const N_COLD = Math.min(N, Number(process.env.BENCH_BATCH_COLD ?? 10));
const r2 = (x: number) => Math.round(x * 100) / 100;

export async function benchBatch() {
  const runtime = await locateFreeCad();
  if (runtime.kind !== 'rootfs') throw new Error('the cold baseline needs the rootfs runtime');
  const dataDir = mkdtempSync(join(tmpdir(), 'tezgah-bench-batch-'));
  const pool = Math.max(1, availableParallelism() - 1);
  const wb = new Workbench({ dataDir });
  try {
    wb.start();
    const api = createApiHandlers(wb, { kind: 'cli', hrefFor: (a) => wb.artefacts.pathFor(a.sha256) });
    await (await wb.bridge()).warmUp();
    // imports paid before measuring, as a running app has them
    await api['batch.wait']({
      id: (
        await api['batch.start']({
          template: 'prism-with-hole',
          csv: `length\n${Array.from({ length: pool }, (_, i) => 900 + i).join('\n')}\n`,
        })
      ).id,
    });

    // 100.0, 100.5, … mm: every row a distinct spec (no cache hits)
    const sheet = `length_mm;width;height;hole_diameter\n${Array.from({ length: N }, (_, i) => `${(100 + i / 2).toFixed(1).replace('.', ',')};60;20;10`).join('\n')}\n`;
    const concurrency = Number(process.env.BENCH_BATCH_CONCURRENCY ?? pool * 2);
    const t0 = performance.now();
    const started = await api['batch.start']({ template: 'prism-with-hole', csv: sheet, concurrency });
    const done = await api['batch.wait']({ id: started.id });
    const batchMs = performance.now() - t0;
    if (done.summary.succeeded !== N) throw new Error(`expected ${N} rows made, got ${JSON.stringify(done.summary)}`);

    const t1 = performance.now();
    const again = await api['batch.wait']({ id: (await api['batch.start']({ template: 'prism-with-hole', csv: sheet, concurrency })).id });
    const rerunMs = performance.now() - t1;
    if (again.summary.skipped !== N) throw new Error(`expected ${N} rows skipped, got ${JSON.stringify(again.summary)}`);

    const cold: number[] = [];
    for (let i = 0; i < N_COLD; i++) cold.push(await coldRun(runtime.root!, i));
    const coldMean = cold.reduce((s, v) => s + v, 0) / cold.length;
    const coldTotal = coldMean * N;

    return {
      bench: 'batch',
      part: 'prism-with-hole, length 100…, FCStd + STEP + STL + GLB per row',
      freecad: runtime.version,
      cores: availableParallelism(),
      pool_size: pool,
      concurrency,
      rows: N,
      batch_ms: Math.round(batchMs),
      jobs_per_s: r2(N / (batchMs / 1000)),
      rerun_skipped_ms: Math.round(rerunMs),
      rerun_rows_per_s: r2(N / (rerunMs / 1000)),
      cold: {
        runs: cold.length,
        mean_ms: Math.round(coldMean),
        sequential_ms: Math.round(coldTotal),
        extrapolated: cold.length < N,
      },
      ratios: { batch_vs_cold_sequential: r2(coldTotal / batchMs) },
      targets: { batch_vs_cold_sequential: '≥ 8 (foundation batch target)' },
    };
  } finally {
    await wb.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
