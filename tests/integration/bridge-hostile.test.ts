// What holds when code inside the sandbox is hostile (the in-sandbox guard bypassed through the
// test-only hook `input.__test.python`, honoured only with test hooks on): Node never follows a
// link out of the job dir, the OS sandbox refuses the calls a CAD worker never needs, and runaway
// processes or files end the job with a coded error.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import { FreeCadBridge } from '../../freecad-bridge/src/bridge.js';
import { locateFreeCad } from '../../freecad-bridge/src/locate.js';
import type { FreeCadRuntime, RunRequest, RunResult } from '../../freecad-bridge/src/types.js';

const PRISM = { template: 'prism-with-hole', params: { length: 100, width: 60, height: 20, hole_diameter: 10 } };

let runtime: FreeCadRuntime;
let jobsRoot: string;
let hostDir: string;
let bridge: FreeCadBridge;
let seq = 0;

const jobDir = (name: string) => path.join(jobsRoot, `${++seq}-${name}`);
/** A template job whose worker runs `python` (with ctx and os) at hook point `at`. */
function hostile(name: string, python: string, at = 'end', extra: Partial<RunRequest> = {}): Promise<RunResult> {
  return bridge.run({ jobId: name, jobDir: extra.jobDir ?? jobDir(name), flow: 'template', input: { ...PRISM, __test: { at, python } }, untrusted: true, ...extra });
}
async function failure(p: Promise<unknown>): Promise<TezgahError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TezgahError);
    return e as TezgahError;
  }
  throw new Error('expected the job to fail');
}
const output = (kind: string) => `[x for x in ctx.outputs if x['kind'] == '${kind}'][0]['file']`;

beforeAll(async () => {
  runtime = await locateFreeCad();
  jobsRoot = await fsp.mkdtemp(path.join(os.tmpdir(), 'tezgah-hostile-it-'));
  hostDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tezgah-hostile-host-'));
  await fsp.writeFile(path.join(hostDir, 'id_rsa'), 'PRIVATE KEY');
  await fsp.writeFile(path.join(hostDir, '.bashrc'), 'original');
  bridge = new FreeCadBridge({ runtime, jobsRoot, poolSize: 1, testHooks: true });
});

afterAll(async () => {
  await bridge?.dispose();
  for (const d of [jobsRoot, hostDir]) if (d) await fsp.rm(d, { recursive: true, force: true });
});

describe('Node does not trust the job dir (guard bypassed)', () => {
  it('an output swapped for a link to a host file (x.step → ~/.ssh/id_rsa) fails with JOB_FILE_UNSAFE', async () => {
    const secret = path.join(hostDir, 'id_rsa');
    const e = await failure(hostile('link', `p = ctx.path(${output('step')}); os.remove(p); os.symlink(${JSON.stringify(secret)}, p)`));
    expect(e.code, JSON.stringify(e.details)).toBe('JOB_FILE_UNSAFE');
    expect(e.details).toMatchObject({ reason: 'symlink' });
    expect(fs.readFileSync(secret, 'utf8')).toBe('PRIVATE KEY');
  });

  it('an output that is a hard link fails with JOB_FILE_UNSAFE', async () => {
    const e = await failure(hostile('hardlink', `p = ctx.path(${output('stl')}); os.remove(p); os.link(ctx.path(${output('step')}), p)`));
    expect(e.code).toBe('JOB_FILE_UNSAFE');
    expect(e.details).toMatchObject({ reason: 'hardlink' });
  });

  it('a request.json planted as a link to ~/.bashrc is replaced by the next run, never written through', async () => {
    const bashrc = path.join(hostDir, '.bashrc');
    const dir = jobDir('plant');
    // first run (CAM runs twice in one dir): plants the link, then succeeds
    await hostile('plant-1', `p = ctx.path('request.json'); os.remove(p); os.symlink(${JSON.stringify(bashrc)}, p)`, 'end', { jobDir: dir });
    expect(fs.lstatSync(path.join(dir, 'request.json')).isSymbolicLink()).toBe(true);
    const r = await bridge.run({ jobId: 'plant-2', jobDir: dir, flow: 'template', input: PRISM, untrusted: true });
    expect(r.metrics!.solids).toBe(1);
    expect(fs.readFileSync(bashrc, 'utf8')).toBe('original');
  });
});
