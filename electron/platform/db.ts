// Opens the local SQLite database and brings its schema up to date.
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { TezgahError } from '../../shared/errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { makeDirSync, storageError } from './storage-errors.js';

export type Database = BetterSqlite3.Database;

/**
 * Opens (creating if needed) the database at `file` (':memory:' for tests) and applies every
 * pending migration. WAL lets the UI read while a job writes; synchronous=NORMAL is durable across
 * app crashes (a power cut may lose the last commits, never corrupt the file); busy_timeout makes a
 * second process (the CLI beside the app) wait for the write lock instead of failing at once.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  let db: Database | undefined;
  try {
    if (file !== ':memory:') makeDirSync(path.dirname(path.resolve(file)));
    db = new BetterSqlite3(file);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  } catch (err) {
    db?.close();
    throw storageError(err, file);
  }
}

/** Applies the migrations `db` has not seen yet, each in its own transaction; returns the versions applied. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  checkOrder(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied: number[] = [];
  // IMMEDIATE: two processes starting together must not both apply the same migration.
  const step = db.transaction((m: Migration) => {
    const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
    if (done) return;
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      m.version,
      m.name,
      new Date().toISOString(),
    );
    applied.push(m.version);
  });
  const newest = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const supported = migrations.at(-1)?.version ?? 0;
  // A database from a newer app may hold tables this one would misread: refuse rather than guess.
  if (newest > supported) throw new TezgahError('STORAGE_SCHEMA_NEWER', { found: newest, supported, path: db.name });
  for (const m of migrations) step.immediate(m);
  return applied;
}

/**
 * Versions must strictly ascend. Gaps are allowed (numbers are reserved per feature and may land in
 * any order); each version is applied once, whenever it first appears.
 */
function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const prev = migrations[i - 1];
    if (!Number.isInteger(m.version) || m.version < 1 || (prev && m.version <= prev.version)) {
      throw new Error(`migrations out of order: version ${m.version} (${m.name}) follows ${prev?.version ?? 'nothing'}`);
    }
  });
}

/** Runs a write, turning a full disk or unwritable file into STORAGE_FULL / STORAGE_IO naming the database. */
export function guarded<T>(db: Database, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw storageError(err, db.name);
  }
}

export function schemaVersion(db: Database): number {
  return (db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
}
