// Crash consistency of the artefact store + database: a child process stores files the way the job
// manager does (file into the store first, row into SQLite second) and is SIGKILLed at random
// points and in the middle of a write. After each kill the data folder is reopened and must hold
// no half file under a hash name and no row pointing at a missing or wrong file.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtefactStore } from '../../electron/platform/artefact-store.js';
import { ArtefactRepo } from '../../electron/platform/artefacts-repo.js';
import { openDatabase } from '../../electron/platform/db.js';

const writer = fileURLToPath(new URL('./fixtures/store-crash-writer.ts', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tezgah-crash-'));
const store = new ArtefactStore(path.join(dataDir, 'artefacts'));
const tmpDir = path.join(store.root, '.tmp');
const MAX_BYTES = 6 * 1024 * 1024;

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function start(jobId: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', writer, dataDir, jobId, String(MAX_BYTES)], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function ready(child: ChildProcess): Promise<void> {
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${err}`)));
  });
}

const tempFiles = () => (fs.existsSync(tmpDir) ? fs.readdirSync(tmpDir) : []);

/** Resolves as soon as some temp file in the store holds part of its bytes. */
async function writeInProgress(seen: Set<string>): Promise<void> {
  for (;;) {
    for (const name of tempFiles()) {
      if (seen.has(name)) continue;
      const size = fs.statSync(path.join(tmpDir, name), { throwIfNoEntry: false })?.size ?? 0;
      if (size > 0) return;
    }
    await sleep(1);
  }
}

async function checkConsistency(): Promise<number> {
  const db = openDatabase(path.join(dataDir, 'tezgah.db'));
  try {
    const rows = db.prepare('SELECT id FROM artefacts').all() as { id: number }[];
    const repo = new ArtefactRepo(db);
    for (const { id } of rows) {
      const a = repo.get(id)!;
      // no row pointing at a missing or different file
      expect(store.has(a.sha256), `row ${id} points at a missing file`).toBe(true);
      expect(fs.statSync(store.pathFor(a.sha256)).size).toBe(a.size);
      expect(await store.verify(a.sha256), `row ${id} points at damaged bytes`).toBe(true);
    }
    // no half-written file visible under a hash name
    for (const sub of fs.readdirSync(store.root).filter((d) => /^[0-9a-f]{2}$/.test(d))) {
      for (const rest of fs.readdirSync(path.join(store.root, sub))) {
        expect(await store.verify(sub + rest), `${sub}/${rest} does not match its name`).toBe(true);
      }
    }
    return rows.length;
  } finally {
    db.close();
  }
}

describe('artefact store and database after a crash', () => {
  it('never show a half file or a row without its file', { timeout: 120_000 }, async () => {
    let killedMidWrite = 0;
    let rows = 0;
    for (let round = 0; round < 4; round++) {
      const child = start(`crash-job-${round}`);
      await ready(child);
      const before = new Set(tempFiles());
      if (round % 2 === 0) await sleep(randomInt(20, 600));
      else await writeInProgress(before);
      child.kill('SIGKILL');
      await once(child, 'exit');
      if (tempFiles().some((n) => !before.has(n))) killedMidWrite++;
      rows = await checkConsistency();
    }
    // the test only means something if the writer got work done and was caught mid-write
    expect(rows).toBeGreaterThan(0);
    expect(killedMidWrite).toBeGreaterThan(0);

    // leftovers of the killed writers are temp files only; sweeping them changes nothing visible
    expect(await store.sweepTemp(0)).toBe(killedMidWrite);
    expect(tempFiles()).toEqual([]);
    expect(await checkConsistency()).toBe(rows);
  });
});
