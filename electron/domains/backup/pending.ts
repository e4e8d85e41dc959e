// A restore asked for in the UI while the app runs: the database is open, so it cannot be replaced
// then. The API records it (restore-pending.json in the data dir, after checking the archive); the
// host applies it at its next start, before the App opens the database (electron/main.ts, `tezgah
// serve`): the backup is restored into the data dir, whose earlier contents are moved aside (never
// deleted), and the backups/ folder comes along into the restored one. What happened is kept in
// restore-result.json for the UI to say.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { PendingRestore, RestoreOutcome } from '../../../shared/api/index.js';
import { TezgahError } from '../../../shared/errors.js';
import type { AuditLog } from '../../platform/audit.js';
import { restoreBackup } from './archive.js';

export const PENDING_FILE = 'restore-pending.json';
export const RESULT_FILE = 'restore-result.json';

const Pending = z.object({ name: z.string(), sha256: z.string(), created_at: z.string(), requested_at: z.string() });
const Outcome = z.object({
  ok: z.boolean(),
  name: z.string(),
  at: z.string(),
  counts: z.object({ jobs: z.number(), artefacts: z.number(), audit_entries: z.number() }).optional(),
  moved_aside: z.string().optional(),
  error: z.object({ code: z.string(), details: z.record(z.string(), z.unknown()).optional() }).optional(),
});

const readJson = <T>(file: string, schema: z.ZodType<T>): T | null => {
  try {
    return schema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
};

export function readPending(dataDir: string): PendingRestore | null {
  return readJson(path.join(dataDir, PENDING_FILE), Pending);
}

export function readOutcome(dataDir: string): RestoreOutcome | null {
  return readJson(path.join(dataDir, RESULT_FILE), Outcome) as RestoreOutcome | null;
}

export async function writePending(dataDir: string, p: PendingRestore): Promise<void> {
  const file = path.join(dataDir, PENDING_FILE);
  await fsp.writeFile(`${file}.tmp`, `${JSON.stringify(p, null, 2)}\n`, { mode: 0o600 });
  await fsp.rename(`${file}.tmp`, file);
}

export async function clearPending(dataDir: string): Promise<void> {
  await fsp.rm(path.join(dataDir, PENDING_FILE), { force: true });
}

/**
 * Applies a pending restore, if there is one; call before anything opens the data dir's database.
 * A failed restore leaves the data dir as it was (restoreBackup is all or nothing) and says why in
 * restore-result.json; either way the pending record is gone, so a bad archive cannot stop every start.
 */
export async function applyPendingRestore(dataDir: string, now: () => Date = () => new Date()): Promise<RestoreOutcome | null> {
  const dir = path.resolve(dataDir);
  const pending = readPending(dir);
  if (!pending) {
    await clearPending(dir).catch(() => undefined);
    return null;
  }
  await clearPending(dir);
  const archive = path.join(dir, 'backups', path.basename(pending.name));
  const at = now().toISOString();
  let outcome: RestoreOutcome;
  try {
    // the archive must still be the one that was checked when the restore was asked for
    const r = await restoreBackup(archive, dir, { force: true, expectSha256: pending.sha256 });
    // the backups folder stays with the data folder
    if (r.moved_aside && fs.existsSync(path.join(r.moved_aside, 'backups')) && !fs.existsSync(path.join(dir, 'backups')))
      await fsp.rename(path.join(r.moved_aside, 'backups'), path.join(dir, 'backups'));
    outcome = {
      ok: true,
      name: pending.name,
      at,
      ...(r.counts ? { counts: r.counts } : {}),
      ...(r.moved_aside ? { moved_aside: r.moved_aside } : {}),
    };
  } catch (e) {
    const err = e instanceof TezgahError ? e : new TezgahError('INTERNAL', { reason: String(e) });
    outcome = { ok: false, name: pending.name, at, error: { code: err.code, ...(err.details ? { details: err.details } : {}) } };
  }
  await fsp.writeFile(path.join(dir, RESULT_FILE), `${JSON.stringify(outcome, null, 2)}\n`);
  return outcome;
}

/** The audit entry of an applied restore, written by the restored app (its chain continues from the backup's). */
export function recordRestore(audit: AuditLog, outcome: RestoreOutcome | null, actor: string): void {
  if (!outcome) return;
  audit.append({
    actor,
    action: outcome.ok ? 'backup.restore' : 'backup.restore_failed',
    entity_type: 'backup',
    entity_id: outcome.name,
    payload: {
      ...(outcome.counts ? { counts: outcome.counts } : {}),
      ...(outcome.moved_aside ? { moved_aside: outcome.moved_aside } : {}),
      ...(outcome.error ? { error: outcome.error.code } : {}),
    },
  });
}
