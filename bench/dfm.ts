// DFM benchmark (issue 18): the full milling check (+Z, every library tool, the VMC's envelope) on
// each seed template at its default size, and on an imported 2 MB STEP (a 260 × 260 mm plate with
// 625 counterbored holes, 1881 faces, written by FreeCAD through the script flow and checked as a
// STEP file the way a user's file is). Times are the check job's own run (started → finished, one-shot sandboxed
// worker included), `rays` what the worker cast. Prints one JSON object.
// Run: `npx tsx bench/dfm.ts` or `npm run bench dfm`.
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workbench } from '../electron/app/app.js';
import { resultOf, type JobRecord } from '../shared/jobs.js';
import { TEMPLATES, templateDefaults } from '../shared/templates.js';

const MACHINE = 'fanuc-vmc';
const PLATE = [
  'import FreeCAD as App',
  'import Part',
  'tools = []',
  'for i in range(25):',
  '    for j in range(25):',
  '        x, y = 10 + i * 10, 10 + j * 10',
  '        tools.append(Part.makeCylinder(2, 10, App.Vector(x, y, 0)))',
  '        tools.append(Part.makeCylinder(3.5, 2, App.Vector(x, y, 8)))',
  'result = Part.makeBox(260, 260, 10).cut(tools)',
  '',
].join('\n');

const ms = (j: JobRecord) => (j.started_at && j.finished_at ? Date.parse(j.finished_at) - Date.parse(j.started_at) : Number.NaN);

export async function benchDfm() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tezgah-bench-dfm-'));
  const wb = new Workbench({ dataDir, poolSize: 1 });
  const done = async (spec: unknown) => {
    const j = await wb.jobs.waitFor((await wb.jobs.submit(spec)).id);
    if (j.status !== 'succeeded') throw new Error(`${JSON.stringify(spec).slice(0, 80)}: ${JSON.stringify(j.error)}`);
    return j;
  };
  const check = async (part: string) => {
    const j = await done({ type: 'check', part, process: 'milling', machine: MACHINE });
    const r = resultOf(j, 'check')!;
    return {
      ms: ms(j),
      faces: r.summary.faces,
      rays: r.summary.rays,
      ok: r.ok,
      findings: [...new Set(r.findings.map((f) => `${f.severity}:${f.code}`))],
    };
  };
  try {
    const templates: Record<string, unknown> = {};
    for (const t of TEMPLATES) {
      const part = await done({ type: 'template', template: t.id, params: templateDefaults(t) });
      templates[t.id] = await check(part.id);
    }
    const script = await done({ type: 'script', source: PLATE, name: 'plate-625-holes' });
    const step = wb.artefactRepo.listForJob(script.id).find((a) => a.kind === 'step')!;
    const file = join(dataDir, 'plate-625-holes.step');
    copyFileSync(wb.artefacts.pathFor(step.sha256), file);
    // checked as the user's STEP file (the part path); the import flow itself (preview mesh of 1881
    // faces) ran past its 120 s default on this plate, which is the import flow's cost, not the check's
    const big = await check(file);
    return {
      bench: 'dfm',
      process: 'milling',
      setups: ['+z'],
      machine: MACHINE,
      templates,
      step_file: { faces_note: '260 × 260 × 10 plate, 625 counterbored holes', bytes: statSync(file).size, ...big },
    };
  } finally {
    await wb.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchDfm(), null, 2));
}
