import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import { guarded, migrate, openDatabase, schemaVersion, type Database } from '../../electron/platform/db.js';
import { MIGRATIONS } from '../../electron/platform/migrations.js';

// Other features append migrations (2 = AI, 3 = sync …): test against whatever is newest.
const LATEST = MIGRATIONS.at(-1)!.version;
let dir: string;
const open: Database[] = [];
const track = (db: Database) => (open.push(db), db);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tezgah-db-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const tables = (db: Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof TezgahError ? e.code : `raw:${(e as Error).message}`;
  }
  return undefined;
}

describe('openDatabase', () => {
  it('creates the core tables with the pragmas a desktop app needs', () => {
    const db = track(openDatabase(path.join(dir, 'sub', 'tezgah.db')));
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'jobs',
        'artefacts',
        'models',
        'ai_suggestions',
        'materials',
        'machines',
        'tools',
        'library_seeds',
        'audit_log',
        'schema_migrations',
      ]),
    );
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    expect(schemaVersion(db)).toBe(LATEST);
  });

  it('applies each migration once, however often the app starts', () => {
    const file = path.join(dir, 'tezgah.db');
    track(openDatabase(file)).close();
    const db = track(openDatabase(file));
    expect(migrate(db)).toEqual([]);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(rows[0]).toEqual({ version: 1, name: 'core store' });
  });

  it('keeps data across reopen', () => {
    const file = path.join(dir, 'tezgah.db');
    const a = track(openDatabase(file));
    a.prepare(
      "INSERT INTO audit_log (ts, actor, action, entity_type, payload, prev_hash, chain_hash) VALUES ('t', 'a', 'x', 'job', '{}', ?, ?)",
    ).run('0'.repeat(64), '1'.repeat(64));
    a.close();
    const b = track(openDatabase(file));
    expect(b.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
  });

  it('applies a later migration to an existing database and rolls back one that fails', () => {
    const file = path.join(dir, 'tezgah.db');
    track(openDatabase(file)).close();
    const good = { version: LATEST + 1, name: 'later', sql: 'CREATE TABLE later_things (id INTEGER PRIMARY KEY);' };
    const db = track(openDatabase(file, [...MIGRATIONS, good]));
    expect(tables(db)).toContain('later_things');
    expect(schemaVersion(db)).toBe(LATEST + 1);
    db.close();

    // half of this migration would apply before the error; none of it may stay
    const bad = { version: LATEST + 2, name: 'broken', sql: 'CREATE TABLE half_done (id INTEGER); CREATE TABLE jobs (id TEXT);' };
    expect(() => openDatabase(file, [...MIGRATIONS, good, bad])).toThrow(/already exists/);
    const again = track(openDatabase(file, [...MIGRATIONS, good]));
    expect(tables(again)).not.toContain('half_done');
    expect(schemaVersion(again)).toBe(LATEST + 1);
  });

  it('refuses a database written by a newer Tezgah', () => {
    const file = path.join(dir, 'tezgah.db');
    const later = { version: LATEST + 1, name: 'from the future', sql: 'CREATE TABLE future (id INTEGER);' };
    track(openDatabase(file, [...MIGRATIONS, later])).close();
    expect(codeOf(() => openDatabase(file))).toBe('STORAGE_SCHEMA_NEWER');
  });

  it('rejects migrations that are out of order', () => {
    const dup = [...MIGRATIONS, { version: 1, name: 'again', sql: '' }];
    expect(() => openDatabase(':memory:', dup)).toThrow(/out of order/);
  });

  it('reports a damaged file and an unwritable folder with storage codes', () => {
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'this is not an SQLite database, just text that is long enough to have a header'.repeat(20));
    expect(codeOf(() => openDatabase(junk))).toBe('STORAGE_CORRUPT');
    // sysfs refuses new files even for root
    expect(codeOf(() => openDatabase('/sys/tezgah-test/tezgah.db'))).toBe('STORAGE_IO');
    // a path through a regular file
    fs.writeFileSync(path.join(dir, 'afile'), '');
    expect(codeOf(() => openDatabase(path.join(dir, 'afile', 'tezgah.db')))).toBe('STORAGE_IO');
  });

  it('maps a write to a read-only database to STORAGE_IO', () => {
    const file = path.join(dir, 'tezgah.db');
    track(openDatabase(file)).close();
    const ro = track(new BetterSqlite3(file, { readonly: true }));
    expect(codeOf(() => guarded(ro, () => ro.prepare("INSERT INTO library_seeds VALUES ('tool', 'x', 'h', 't')").run()))).toBe(
      'STORAGE_IO',
    );
  });
});

describe('migration 1 constraints', () => {
  let db: Database;
  beforeEach(() => {
    db = track(openDatabase(':memory:'));
  });
  const job = (id: string, extra: Record<string, unknown> = {}) =>
    db
      .prepare(
        `INSERT INTO jobs (id, type, status, spec, spec_hash, idempotency_key, document, retry_of, created_at)
         VALUES (@id, 'template', @status, '{}', 'h', @key, '{"steps":[]}', @retry_of, '2026-01-01T00:00:00.000Z')`,
      )
      .run({ id, status: 'queued', key: null, retry_of: null, ...extra });

  it('allows only the five job states', () => {
    expect(() => job('a', { status: 'paused' })).toThrow(/CHECK constraint/);
    for (const s of ['queued', 'running', 'succeeded', 'failed', 'cancelled']) job(`j-${s}`, { status: s });
  });

  it('keeps idempotency keys unique but allows many jobs without one', () => {
    job('a', { key: 'k1' });
    expect(() => job('b', { key: 'k1' })).toThrow(/UNIQUE/);
    job('c');
    job('d');
  });

  it('deletes artefact rows with their job and unlinks retries from a deleted original', () => {
    job('orig');
    job('retry', { retry_of: 'orig' });
    db.prepare(
      "INSERT INTO artefacts (job_id, kind, name, sha256, size, mime, created_at) VALUES ('orig', 'stl', 'part.stl', ?, 1, 'model/stl', 't')",
    ).run('a'.repeat(64));
    expect(() =>
      db
        .prepare("INSERT INTO artefacts (job_id, kind, name, sha256, size, mime, created_at) VALUES ('nope', 'stl', 'x', ?, 1, 'm', 't')")
        .run('a'.repeat(64)),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM jobs WHERE id = 'orig'").run();
    expect(db.prepare('SELECT count(*) AS n FROM artefacts').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT retry_of FROM jobs WHERE id = 'retry'").get()).toEqual({ retry_of: null });
  });

  it('refuses JSON columns that are not JSON and hashes that are not hex', () => {
    expect(() => job('a', { status: 'queued' }) && db.prepare("UPDATE jobs SET metrics = 'not json' WHERE id = 'a'").run()).toThrow(
      /CHECK constraint/,
    );
    expect(() =>
      db
        .prepare(
          "INSERT INTO artefacts (job_id, kind, name, sha256, size, mime, created_at) VALUES ('a', 'stl', 'x', '../../etc/passwd', 1, 'm', 't')",
        )
        .run(),
    ).toThrow(/CHECK constraint/);
  });
});
