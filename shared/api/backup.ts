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
} as const;
