// The "app" of the chaos test (tests/integration/chaos.test.ts): a real Workbench in its own
// process that recovers what an earlier kill left, then runs template, import and CAM jobs one
// after another, printing a line per event, until it is killed. The test also kills FreeCAD
// workers under it: the app must carry on.
import { fileURLToPath } from 'node:url';
import { TezgahError } from '../../shared/errors.js';
import { Workbench } from '../../electron/app/app.js';

const [dataDir, seedText = '1'] = process.argv.slice(2);
const STEP = fileURLToPath(new URL('../fixtures/cad/screw.step', import.meta.url));
let seed = Number(seedText) >>> 0;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const say = (event: string, more: Record<string, unknown> = {}) => process.stdout.write(`${JSON.stringify({ event, ...more })}\n`);

const wb = new Workbench({ dataDir: dataDir!, lang: 'en', poolSize: 1, jobTimeoutMs: 60_000 });
wb.jobs.recover();
say('ready');

async function run(spec: { type: string; [key: string]: unknown }): Promise<string | null> {
  let id: string;
  try {
    id = (await wb.jobs.submit(spec)).id;
  } catch (e) {
    // a coded refusal (e.g. CAM of a part whose job a killed worker failed) is an answer, not a crash
    if (!(e instanceof TezgahError)) throw e;
    say('refused', { code: e.code });
    return null;
  }
  say('submitted', { id, type: spec.type });
  const done = await wb.jobs.waitFor(id);
  say('finished', { id: done.id, status: done.status, code: done.error?.code ?? null });
  return done.status === 'succeeded' ? done.id : null;
}

// Each app starts its round at another job kind (by its seed), so the kills land in template,
// import and CAM jobs alike; every spec differs a little, so the cache never answers for the work.
const PART = { type: 'template', template: 'prism-with-hole', params: { length: 60, width: 30, height: 10, hole_diameter: 6 } };
const jobs = [
  () =>
    run({
      type: 'template',
      template: 'prism-with-hole',
      params: { length: 40 + Math.round(rand() * 6000) / 100, width: 30, height: 10, hole_diameter: 6 },
    }),
  () => run({ type: 'import', path: STEP, timeout_s: 60 + Math.floor(rand() * 500) }),
  async () => {
    const part = await run(PART);
    if (part)
      await run({
        type: 'cam',
        part,
        machine: 'grbl-3018',
        ops: ['profile', 'drill'],
        stock: { margin_mm: 2 + Math.round(rand() * 800) / 100 },
      });
  },
];

for (let i = Number(seedText) % jobs.length; ; i = (i + 1) % jobs.length) await jobs[i]!();
