// The API contract's backup methods: a consistent copy of the data dir while the app runs, kept in
// the data dir's backups/ folder (the CLI may name another file), listed and verified. Restoring
// replaces a data dir, so it is the CLI's (`tezgah backup restore`), run while the app is closed.
import { z } from 'zod';
import { out } from './contract.js';

export interface BackupCounts {
  jobs: number;
  artefacts: number;
  audit_entries: number;
}

export interface BackupInfo {
  /** the archive's path on this machine */
  file: string;
  name: string;
  size: number;
  sha256: string;
  created_at: string;
  app_version: string;
  counts: BackupCounts;
  /** made by the schedule (subject to retention) */
  auto?: boolean;
  /** the schedule's time for it */
  scheduled_at?: string;
}

export type BackupScheduleKind = 'off' | 'daily' | 'weekly';

export interface BackupSchedule {
  schedule: BackupScheduleKind;
  /** how many of the scheduled backups are kept (backups made by hand are never deleted) */
  keep: number;
}

export interface BackupScheduleInfo extends BackupSchedule {
  /** the newest scheduled backup's time */
  last_auto_at: string | null;
  /** when the next one is due (null: off) */
  next_due_at: string | null;
}

/** A restore the app applies at its next start, before it opens the database. */
export interface PendingRestore {
  name: string;
  sha256: string;
  created_at: string;
  requested_at: string;
}

/** What the last start did with a pending restore. */
export interface RestoreOutcome {
  ok: boolean;
  name: string;
  at: string;
  counts?: BackupCounts;
  /** where the data folder's earlier contents are */
  moved_aside?: string;
  error?: { code: string; details?: Record<string, unknown> };
}

export interface BackupProblem {
  /** the entry's path inside the archive */
  path: string;
  problem: 'missing' | 'hash' | 'size' | 'extra' | 'not_allowed';
  detail?: string;
}

export interface BackupReport {
  ok: boolean;
  file: string;
  problems: BackupProblem[];
  created_at?: string;
  app_version?: string;
  counts?: BackupCounts;
}

/** A backup's file name in backups/: no folders, no tricks. */
const BackupName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.tar\.gz$/);

export const backupMethods = {
  /** `to` names a file anywhere: the CLI only (other hosts get PATH_NOT_GRANTED) */
  'backup.create': { input: z.object({ to: z.string().min(1).max(4096).optional() }), output: out<BackupInfo>() },
  'backup.list': { input: z.object({}), output: out<BackupInfo[]>() },
  /** `name` is a backup in backups/; `file` any archive (the CLI only) */
  'backup.verify': {
    input: z.object({ name: BackupName.optional(), file: z.string().min(1).max(4096).optional() }),
    output: out<BackupReport>(),
  },
  'backup.schedule': { input: z.object({}), output: out<BackupScheduleInfo>() },
  'backup.setSchedule': {
    input: z.object({ schedule: z.enum(['off', 'daily', 'weekly']).optional(), keep: z.number().int().min(1).max(365).optional() }),
    output: out<BackupScheduleInfo>(),
  },
  /**
   * Prepares a restore of a backup in backups/ (checked first): the app applies it at its next
   * start, before it opens the database; the data folder's contents are moved aside, not deleted.
   */
  'backup.restore': { input: z.object({ name: BackupName }), output: out<{ pending: PendingRestore; restart_required: true }>() },
  'backup.restoreStatus': { input: z.object({}), output: out<{ pending: PendingRestore | null; last: RestoreOutcome | null }>() },
  'backup.cancelRestore': { input: z.object({}), output: out<{ pending: null }>() },
} as const;
