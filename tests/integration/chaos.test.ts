// Crash safety, proven with real kills. 100 runs: in 60, the app process (a real Workbench running
// template, import and CAM jobs in a loop) is SIGKILLed at a random moment and the data dir is
// opened again the way the app opens it; in 40, a FreeCAD worker under a running app is SIGKILLed
// instead, and the app must carry on. Each time: SQLite's integrity check passes, every artefact
// row's file is there with its hash, the audit chain verifies; after a restart also no job is left
// 'running' and the artefact store's temp folder is empty after the sweep. Seeded schedule.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Workbench } from '../../electron/app/app.js';

const RUNS = Number(process.env.TEZGAH_CHAOS_RUNS ?? 100);
const APP_KILLS = Math.round(RUNS * 0.6);
const WORKER_KILLS = RUNS - APP_KILLS;
const CHILD = fileURLToPath(new URL('../support/chaos-child.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'tezgah-chaos-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }));

let seed = 20261202;
const rand = () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 2 ** 32;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startApp(runSeed: number): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(runSeed)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => lines.push(...d.split('\n').filter(Boolean)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) =>
    lines.push(
      ...d
        .split('\n')
        .filter(Boolean)
        .map((l) => `stderr: ${l}`),
    ),
  );
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, lines, exited };
}

/** Processes below `pid` (children, grandchildren, …) whose command is FreeCAD's or its sandbox's. */
function freecadProcessesUnder(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone already
    }
  }
  const below = (p: number): boolean => {
    for (let q = parent.get(p); q !== undefined && q > 1; q = parent.get(q)) if (q === pid) return true;
    return false;
  };
  return [...parent.keys()].filter((p) => {
    if (!below(p)) return false;
    try {
      const exe = readlinkSync(`/proc/${p}/exe`);
      return /freecad|python3|bwrap/.test(exe);
    } catch {
      return false;
    }
  });
}

/** What must hold in the data dir at any moment, even while an app runs in it. */
function checkConsistent(wb: Workbench, label: string): void {
  expect(wb.db.pragma('integrity_check', { simple: true }), label).toBe('ok');
  for (const { sha256 } of wb.db.prepare('SELECT DISTINCT sha256 FROM artefacts').all() as { sha256: string }[]) {
    const bytes = readFileSync(wb.artefacts.pathFor(sha256));
    expect(createHash('sha256').update(bytes).digest('hex'), `${label}: artefact ${sha256}`).toBe(sha256);
  }
  expect(wb.audit.verify(), `${label}: audit chain`).toMatchObject({ ok: true });
}

/** After a kill: the data dir opened again the way the app opens it. */
async function checkAfterRestart(label: string): Promise<void> {
  const wb = new Workbench({ dataDir, lang: 'en', poolSize: 1 });
  try {
    wb.jobs.recover();
    // whatever recover re-queued runs now; let it end, so nothing stays 'running' behind the check
    const deadline = Date.now() + 120_000;
    while (
      Date.now() < deadline &&
      (wb.db.prepare("SELECT count(*) AS n FROM jobs WHERE status IN ('queued','running')").get() as { n: number }).n > 0
    )
      await sleep(100);
    expect(wb.db.prepare("SELECT id FROM jobs WHERE status IN ('queued', 'running')").all(), `${label}: jobs left running`).toEqual([]);
    checkConsistent(wb, label);
    // the app's own sweep at start, as it runs it (not a forced one)
    await wb.artefacts.sweepTemp();
    const tmp = join(dataDir, 'artefacts', '.tmp');
    const left = (() => {
      try {
        return readdirSync(tmp);
      } catch {
        return [];
      }
    })();
    expect(left, `${label}: temp files after the sweep`).toEqual([]);
  } finally {
    await wb.dispose();
  }
}

async function waitReady(app: ReturnType<typeof startApp>): Promise<void> {
  const t0 = Date.now();
  while (!app.lines.some((l) => l.includes('"ready"')) && Date.now() - t0 < 60_000) await sleep(20);
  expect(
    app.lines.some((l) => l.includes('"ready"')),
    app.lines.slice(-10).join('\n'),
  ).toBe(true);
}

const count = (lines: string[], what: string) => lines.filter((l) => l.includes(what)).length;

describe('crash safety with real kills', () => {
  it(`${APP_KILLS} runs killing the app at a random moment: the data dir is whole after each restart`, async () => {
    const inFlight: Record<string, number> = {};
    for (let run = 0; run < APP_KILLS; run++) {
      const app = startApp(run + 1);
      await waitReady(app);
      await sleep(50 + rand() * 2500);
      if (count(app.lines, '"submitted"') > count(app.lines, '"finished"')) {
        const last = app.lines.filter((l) => l.includes('"submitted"')).at(-1)!;
        const type = (JSON.parse(last) as { type: string }).type;
        inFlight[type] = (inFlight[type] ?? 0) + 1;
      }
      app.child.kill('SIGKILL');
      await app.exited;
      await checkAfterRestart(`app kill ${run}`);
    }
    // the schedule really hit jobs of every kind in flight
    expect(Object.keys(inFlight).sort(), JSON.stringify(inFlight)).toEqual(['cam', 'import', 'template']);
    expect(Object.values(inFlight).reduce((a, b) => a + b, 0)).toBeGreaterThan(APP_KILLS / 2);
  }, 3_600_000);

  it(`${WORKER_KILLS} FreeCAD workers killed under running apps: the apps carry on, the data dir stays whole`, async () => {
    const PER_APP = 10;
    let kills = 0;
    for (let a = 0; kills < WORKER_KILLS; a++) {
      const app = startApp(1000 + a);
      await waitReady(app);
      const wb = new Workbench({ dataDir, lang: 'en', poolSize: 1 });
      try {
        for (let k = 0; k < PER_APP && kills < WORKER_KILLS; k++) {
          await sleep(200 + rand() * 2500);
          const procs = freecadProcessesUnder(app.child.pid!);
          if (!procs.length) continue;
          const before = count(app.lines, '"finished"');
          process.kill(procs[Math.floor(rand() * procs.length)]!, 'SIGKILL');
          kills++;
          // the app notices (the job ends, coded) and goes on with the next one
          const t0 = Date.now();
          // a job whose worker died unseen ends at its own time limit (60 s in the child) with a coded error
          while (count(app.lines, '"finished"') < before + 2 && app.child.exitCode === null && Date.now() - t0 < 150_000) await sleep(50);
          expect(app.child.exitCode, `worker kill ${kills}: the app is still running\n${app.lines.slice(-12).join('\n')}`).toBeNull();
          expect(count(app.lines, '"finished"'), `worker kill ${kills}: jobs go on after it`).toBeGreaterThanOrEqual(before + 2);
          const failed = app.lines.filter((l) => l.includes('"failed"')).map((l) => JSON.parse(l) as { code: string });
          for (const f of failed) expect(['FC_CRASHED', 'INTERRUPTED', 'TIMEOUT_ERROR'], `worker kill ${kills}`).toContain(f.code);
          checkConsistent(wb, `worker kill ${kills}`);
        }
      } finally {
        await wb.dispose();
      }
      app.child.kill('SIGKILL');
      await app.exited;
      await checkAfterRestart(`after the app of worker kills ${a}`);
    }
    expect(kills).toBe(WORKER_KILLS);
  }, 3_600_000);
});
