// `tezgah script check|run` as a user types it: the static policy alone, then the 'script' job
// (policy → sandboxed FreeCAD 1.1 → exports) through the real CLI, data dir and artefact store.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
let dir: string;

async function tezgah(...args: string[]): Promise<{ code: number; json: any; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [join(repo, 'bin', 'tezgah.mjs'), ...args, '--data-dir', join(dir, 'data')]);
    return { code: 0, json: parse(r.stdout), stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, json: parse(err.stdout), stdout: err.stdout, stderr: err.stderr };
  }
}
const parse = (s: string) => {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
};

const FLANGE =
  '# flange, M8 clearance\nimport FreeCAD as App\nimport Part\n\nbody = Part.makeCylinder(10.0, 5.0)\nresult = body.cut(Part.makeCylinder(4.25, 5.0))\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tezgah-script-cli-'));
  writeFileSync(join(dir, 'flange.py'), FLANGE);
  writeFileSync(
    join(dir, 'flange-reformatted.py'),
    FLANGE.replace('# flange, M8 clearance', '# the same part, other comments').replace('\n\n', '\n\n\n'),
  );
  writeFileSync(
    join(dir, 'hostile.py'),
    "import FreeCAD as App\nimport Part\nimport os\nos.system('rm -rf ~')\nresult = Part.makeBox(1, 1, 1)\n",
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tezgah script', () => {
  it('check: exit 0 for a clean script, 1 with the findings, 2 for a file it cannot read', async () => {
    const ok = await tezgah('script', 'check', join(dir, 'flange.py'), '--json');
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ ok: true, findings: [], entry: 'result', script_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const bad = await tezgah('script', 'check', join(dir, 'hostile.py'), '--json', '--lang', 'tr');
    expect(bad.code).toBe(1);
    expect(bad.json.ok).toBe(false);
    expect(bad.json.findings[0]).toMatchObject({ code: 'SECURITY_VIOLATION', rule: 'forbidden-module', line: 3, symbol: 'os' });
    expect(bad.json.findings[0].message).toMatch(/modülü betiklerde kullanılamaz/);

    const text = await tezgah('script', 'check', join(dir, 'hostile.py'));
    expect(text.stdout).toMatch(/hostile\.py:3:8: SECURITY_VIOLATION \[forbidden-module\]/);

    const missing = await tezgah('script', 'check', join(dir, 'nope.py'), '--json');
    expect(missing.code).toBe(2);
    expect(missing.json.error.code).toBe('VALIDATION_ERROR');
  });

  it('run: policy, sandboxed run and exports; a rerun is served from the cache; comments do not change what runs', async () => {
    const out = join(dir, 'out');
    const r = await tezgah('script', 'run', join(dir, 'flange.py'), '--out', out, '--json');
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.json.error).toBeNull();
    expect(r.json.metrics.volume_mm3).toBeCloseTo(Math.PI * (100 - 4.25 ** 2) * 5, 3);
    expect(r.json.script).toMatchObject({ name: 'flange', script_hash: expect.stringMatching(/^[0-9a-f]{64}$/), entry: 'result' });
    expect(readdirSync(out).sort()).toEqual(['flange.FCStd', 'flange.glb', 'flange.py', 'flange.step', 'flange.stl']);

    const same = await tezgah('script', 'run', join(dir, 'flange.py'), '--json');
    expect(same.json.job.cached).toBe(true); // the same file again is the part already made
    const again = await tezgah('script', 'run', join(dir, 'flange-reformatted.py'), '--json');
    expect(again.code).toBe(0);
    expect(again.json.job.cached).toBe(false); // another file (and name) is another job …
    expect(again.json.script.script_hash).toBe(r.json.script.script_hash); // … running the same canonical script
  });

  it('run: a hostile script fails at policy_check with SECURITY_VIOLATION and no FreeCAD run', async () => {
    const r = await tezgah('script', 'run', join(dir, 'hostile.py'), '--json');
    expect(r.code).toBe(1);
    expect(r.json.job.status).toBe('failed');
    expect(r.json.error).toMatchObject({ code: 'SECURITY_VIOLATION', details: { line: 3, symbol: 'os', rule: 'forbidden-module' } });
    expect(r.json.artefacts).toEqual([]);
    const job = await tezgah('job', r.json.job.id, '--json');
    const steps = Object.fromEntries(job.json.job.document.steps.map((s: { name: string; status: string }) => [s.name, s.status]));
    expect(steps).toMatchObject({ policy_check: 'failed', sandbox_run: 'skipped' });
  });
});
