// Backup and restore with real jobs: a backup taken while FreeCAD jobs run restores (through the
// real CLI, its own process) into a data dir whose audit chain verifies, whose every artefact is
// there with its hash, and whose finished jobs are the original's. A damaged or hostile archive is
// refused with a coded error and writes nothing; the same data gives the same archive bytes.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workbench } from '../../electron/app/app.js';
import { createBackup, restoreBackup, verifyBackup } from '../../electron/domains/backup/archive.js';
import type { BackupInfo } from '../../shared/api/index.js';
import type { JobRecord } from '../../shared/jobs.js';

const bin = join(resolve(import.meta.dirname, '../..'), 'bin', 'tezgah.mjs');
const root = mkdtempSync(join(tmpdir(), 'tezgah-backup-'));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function tezgah(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [bin, ...args, '--json', '--lang', 'en'], { maxBuffer: 16 << 20 });
    return { code: 0, json: JSON.parse(r.stdout), stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    let json: unknown = null;
    try {
      json = JSON.parse(err.stdout);
    } catch {
      // no JSON
    }
    return { code: err.code, json, stderr: err.stderr };
  }
}

const prism = (length: number) =>
  ({ type: 'template', template: 'prism-with-hole', params: { length, width: 30, height: 12, hole_diameter: 8 } }) as const;

let wb: Workbench;
let backup: BackupInfo;
let finishedBefore: JobRecord[];
let restoredDir: string;

beforeAll(async () => {
  wb = new Workbench({ dataDir: join(root, 'original'), lang: 'en', poolSize: 1 });
  wb.start();
  const first = await wb.jobs.submit(prism(40));
  expect((await wb.jobs.waitFor(first.id)).status).toBe('succeeded');
  const rest = await Promise.all([50, 60, 70].map((l) => wb.jobs.submit(prism(l))));
  finishedBefore = wb.jobsRepo.list({}).filter((j) => j.status === 'succeeded');
  // taken while the others are queued or running
  backup = await wb.backups.create();
  const statusAtBackup = rest.map((j) => wb.jobsRepo.get(j.id)!.status);
  expect(
    statusAtBackup.some((s) => s !== 'succeeded'),
    statusAtBackup.join(','),
  ).toBe(true);
  await Promise.all(rest.map((j) => wb.jobs.waitFor(j.id)));
}, 240_000);

afterAll(async () => {
  await wb?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('restores a backup taken while jobs ran: audit verifies, every artefact hash matches, the finished jobs are the original’s', async () => {
    expect(backup.counts.jobs).toBe(4);
    expect(wb.audit.entries({ entity_type: 'backup' }).map((e) => e.action)).toEqual(['backup.create']);
    expect((await wb.backups.list()).map((b) => b.name)).toEqual([backup.name]);

    restoredDir = join(root, 'restored');
    const r = await tezgah('backup', 'restore', backup.file, '--data-dir', restoredDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, data_dir: restoredDir, audit: { ok: true }, counts: { jobs: 4 } });

    const back = new Workbench({ dataDir: restoredDir, lang: 'en', poolSize: 1 });
    try {
      expect(back.audit.verify().ok).toBe(true);
      // the restore is in the chain
      expect(back.audit.entries({ entity_type: 'backup' }).map((e) => e.action)).toEqual(['backup.restore']);
      const rows = back.jobsRepo.list({}).flatMap((j) => back.artefactRepo.listForJob(j.id));
      expect(rows.length).toBeGreaterThan(0);
      for (const a of rows) expect(await back.artefacts.verify(a.sha256), a.name).toBe(true);
      const finished = back.jobsRepo.list({}).filter((j) => j.status === 'succeeded');
      const key = (j: JobRecord) => ({ id: j.id, spec_hash: j.spec_hash, metrics: j.metrics, status: j.status });
      expect(finished.map(key).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        finishedBefore.map(key).sort((a, b) => a.id.localeCompare(b.id)),
      );
      // the jobs that were not finished then come back as jobs, to run again or to be failed by recover()
      expect(back.jobsRepo.list({}).length).toBe(4);
    } finally {
      await back.dispose();
    }
  });

  it('refuses a non-empty data dir unless forced, and then moves the old contents aside', async () => {
    const r = await tezgah('backup', 'restore', backup.file, '--data-dir', restoredDir);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('BACKUP_TARGET_NOT_EMPTY');
    const forced = await tezgah('backup', 'restore', backup.file, '--data-dir', restoredDir, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(fs.existsSync(join(forced.json.moved_aside, 'tezgah.db'))).toBe(true);
  });

  it('finds a flipped byte: verify names the file and exits 1; restore refuses and writes nothing', async () => {
    const raw = gunzipSync(readFileSync(backup.file));
    // the first artefact entry: a header (on a 512-byte block) naming artefacts/…, its data one block on
    let header = -1;
    for (let at = raw.indexOf('artefacts/'); at >= 0; at = raw.indexOf('artefacts/', at + 1))
      if (at % 512 === 0) {
        header = at;
        break;
      }
    expect(header).toBeGreaterThan(0);
    const damaged = Buffer.from(raw);
    damaged[header + 512 + 10]! ^= 0xff;
    const file = join(root, 'damaged.tar.gz');
    writeFileSync(file, gzipSync(damaged));
    const v = await tezgah('backup', 'verify', file, '--data-dir', join(root, 'original'));
    expect(v.code).toBe(1);
    const entry = raw
      .subarray(header, header + 100)
      .toString('latin1')
      .replace(/\0.*$/s, '');
    expect(v.json).toMatchObject({ ok: false, problems: [{ path: entry, problem: 'hash' }] });
    const target = join(root, 'never');
    await expect(restoreBackup(file, target)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(root).filter((n) => n.startsWith('never'))).toEqual([]);
  });

  it('refuses a hostile archive (a path out of the folder, a link, a file the manifest does not name) without writing', async () => {
    const dir = mkdtempSync(join(root, 'hostile-src-'));
    const payload = Buffer.from('owned\n');
    const manifest = {
      format: 'tezgah-backup',
      format_version: 1,
      app_version: 'x',
      created_at: '2026-01-01T00:00:00.000Z',
      files: [{ path: 'tezgah.db', sha256: sha(payload), size: payload.length }],
      counts: { jobs: 0, artefacts: 0, audit_entries: 0 },
    };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(join(dir, 'tezgah.db'), payload);
    writeFileSync(join(dir, 'evil'), payload);
    fs.symlinkSync('/etc/passwd', join(dir, 'link'));
    const file = join(root, 'hostile.tar.gz');
    await tar.c(
      {
        file,
        cwd: dir,
        gzip: true,
        portable: true,
        onWriteEntry: (e) => {
          if (e.path === 'evil') e.path = '../../evil';
        },
      },
      ['manifest.json', 'tezgah.db', 'evil', 'link'],
    );
    const report = await verifyBackup(file);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.problem).sort()).toEqual(['not_allowed', 'not_allowed']);
    const target = join(root, 'hostile-target');
    await expect(restoreBackup(file, target)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.existsSync(join(root, '..', 'evil'))).toBe(false);
    // not a backup at all
    const junk = join(root, 'junk.tar.gz');
    writeFileSync(junk, 'not a tar');
    await expect(verifyBackup(junk)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
  });

  it('gives the same bytes for the same data', async () => {
    const now = () => new Date('2026-12-03T08:00:00.000Z');
    const source = {
      db: wb.db,
      dataDir: wb.dataDir,
      artefactsDir: wb.artefacts.root,
      appVersion: 'test',
      auditKey: () => null,
      now,
    };
    const a = await createBackup(source, join(root, 'same-a.tar.gz'));
    const b = await createBackup(source, join(root, 'same-b.tar.gz'));
    expect(a.sha256).toBe(b.sha256);
  });
});
