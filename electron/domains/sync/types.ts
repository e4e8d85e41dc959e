// The shapes sync's parts share and its users see (re-exported by service.ts).
import type { AuditLog } from '../../platform/audit.js';
import type { SyncReport, SyncState, SyncStatus } from '../../../shared/api/index.js';
import type { ErrorPayload, Lang } from '../../../shared/errors.js';
import type { JobRecord } from '../../../shared/jobs.js';
import type { JobManager } from '../../jobs/manager.js';
import type { ArtefactStore } from '../../platform/artefact-store.js';
import type { ArtefactRepo, StoredArtefact } from '../../platform/artefacts-repo.js';
import type { Database } from '../../platform/db.js';
import type { JobRepo } from '../../platform/jobs-repo.js';
import type { Logger } from '../../platform/logger.js';
import type { SyncConfig } from './config.js';
import type { ConflictRecord } from './library.js';
import type { JobSyncInfo } from './outbox.js';

// The shapes the API contract promises (shared/api.ts); the service returns exactly those.
export type { SyncReport, SyncState, SyncStatus };

export interface JobSyncDetail extends JobSyncInfo {
  conflicts: ConflictRecord[];
}

export interface PullResult {
  job: JobRecord;
  artefacts: StoredArtefact[];
  /** false: the job was already here (made here, or pulled before) and nothing was fetched */
  pulled: boolean;
  /** the same id held other content here, so this copy got its own id (id~hash) */
  conflict: boolean;
  origin: { store: string; key: string; seat_id: string; user: string; app_version: string; freecad_version: string | null };
  bytes_downloaded: number;
}

export type ConnectionStep = 'config' | 'dns' | 'connect' | 'tls' | 'credentials' | 'bucket' | 'read' | 'write';

export interface ConnectionReport {
  ok: boolean;
  store: string | null;
  steps: { step: ConnectionStep; ok: boolean | null; detail?: string }[];
  error: ErrorPayload | null;
}

/** What sync needs of the job manager: 'job' events when a job changes state, and the one way a pulled job comes in. */
export interface JobEvents {
  on(event: 'job', listener: (e: { id: string; status: string }) => void): unknown;
  off(event: 'job', listener: (e: { id: string; status: string }) => void): unknown;
  /** JobManager.adoptFinished: a pulled job enters as a finished, read-only record (pull refuses without it) */
  adoptFinished?: JobManager['adoptFinished'];
}

export interface SyncServiceDeps {
  db: Database;
  jobsRepo: JobRepo;
  artefactRepo: ArtefactRepo;
  artefacts: ArtefactStore;
  dataDir: string;
  config: SyncConfig | null;
  appVersion: string;
  jobs?: JobEvents;
  logger?: Pick<Logger, 'log'>;
  freecadVersion?: () => Promise<string | null>;
  /** the audit chain: its head goes into every manifest pushed (platform/audit.ts anchor()) */
  audit?: Pick<AuditLog, 'anchor' | 'append'>;
  /** the user name written into manifests (default: the OS user) */
  user?: string;
  lang?: Lang;
  /** exponential backoff while the store is away: first wait and ceiling, ms (1 s … 5 min) */
  backoff?: { baseMs?: number; maxMs?: number };
  /** how often an idle worker re-reads the store's job list, ms (default 5 min) */
  refreshIntervalMs?: number;
  /** keys per LIST page (default 1000) */
  listPageSize?: number;
}

/** One pass of the worker (or of `sync --once`): what it did so far, and the signal that stops it. */
export interface Pass {
  report: SyncReport;
  signal: AbortSignal;
}
