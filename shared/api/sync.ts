// The API contract's sync methods. The team store: settings, status, the outbox's issues, the remote library and pulling from it.
import { z } from 'zod';
import type { ErrorPayload } from '../errors.js';
import type { ArtefactInfo, JobRecord } from '../jobs.js';
import { Id, out, Secret, type SecretState } from './contract.js';

export interface SyncSettings {
  enabled: boolean;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  force_path_style: boolean;
  access_key_id: SecretState;
  secret_access_key: SecretState;
  secrets_available: boolean;
  secrets_kind: string;
  /** 'settings': from Settings; 'env': from TEZGAH_S3_* (read-only here); 'none' */
  source: 'settings' | 'env' | 'none';
}

export type SyncState = 'not_configured' | 'offline' | 'syncing' | 'up_to_date' | 'error';

export interface SyncStatus {
  state: SyncState;
  done: number;
  total: number;
  pending: number;
  failed: number;
  conflicts: number;
  bytes_pending: number;
  last_sync_at: string | null;
  next_attempt_at: string | null;
  error: ErrorPayload | null;
  store: string | null;
  seat_id: string;
  remote_jobs: number;
}

export type JobSyncState = 'local_only' | 'pending' | 'synced' | 'conflict' | 'failed' | 'pulled';

export interface JobSyncInfo {
  job_id: string;
  origin: 'local' | 'remote';
  state: JobSyncState;
  error: ErrorPayload | null;
}

export interface SyncReport {
  uploaded: number;
  skipped: number;
  failed: number;
  downloaded: number;
  bytes_uploaded: number;
  bytes_downloaded: number;
  conflicts: number;
  errors: ErrorPayload[];
}

export interface RemoteJob {
  job_id: string;
  pull_id: string;
  variant: string;
  type: string;
  template: string | null;
  params: Record<string, unknown>;
  status: string;
  user: string;
  seat_id: string;
  created_at: string;
  app_version: string;
  freecad_version: string | null;
  artefacts: { kind: string; name: string; size: number; sha256: string }[];
  bytes: number;
  conflict: boolean;
  local_job_id: string | null;
}

export interface RemotePage {
  items: RemoteJob[];
  next_cursor: string | null;
  total: number;
}

export interface SyncConnectionReport {
  ok: boolean;
  store: string | null;
  steps: { step: string; ok: boolean | null; detail?: string }[];
  error: ErrorPayload | null;
}

/** What the outbox could not send and the conflicts kept side by side (`tezgah sync status`). */
export interface SyncIssues {
  failed_items: {
    id: number;
    job_id: string;
    kind: string;
    sha256: string;
    size: number;
    mime: string | null;
    attempts: number;
    error: ErrorPayload | null;
  }[];
  conflict_list: {
    job_id: string;
    direction: 'push' | 'pull';
    remote_key: string;
    kept_as: string;
    local_content_sha256: string | null;
    remote_content_sha256: string | null;
    detected_at: string;
  }[];
}

export interface SyncPullResult {
  job: JobRecord;
  pulled: boolean;
  conflict: boolean;
  bytes_downloaded: number;
  /** where the job came from */
  origin: { store: string; key: string; seat_id: string; user: string; app_version: string; freecad_version: string | null };
  artefacts: (ArtefactInfo & { href: string })[];
}

export const syncMethods = {
  'sync.settings': { input: z.object({}), output: out<SyncSettings>() },
  /** An empty bucket turns sync off. Empty keys leave the stored ones; clear_keys removes them. */
  'sync.configure': {
    input: z.object({
      endpoint: z.string().max(2000),
      region: z.string().max(100),
      bucket: z.string().max(100),
      prefix: z.string().max(500),
      force_path_style: z.boolean(),
      access_key_id: Secret.optional(),
      secret_access_key: Secret.optional(),
      clear_keys: z.boolean().optional(),
      allow_insecure_http: z.boolean().optional(),
    }),
    output: out<SyncSettings>(),
  },
  'sync.test': { input: z.object({}), output: out<SyncConnectionReport>() },
  'sync.status': { input: z.object({}), output: out<SyncStatus>() },
  'sync.now': { input: z.object({}), output: out<SyncReport>() },
  'sync.jobs': { input: z.object({ ids: z.array(Id).max(1000) }), output: out<Record<string, JobSyncInfo>>() },
  'sync.remote': {
    input: z.object({
      search: z.string().max(200).optional(),
      cursor: z.string().max(500).nullable().optional(),
      limit: z.number().int().positive().max(200).optional(),
      refresh: z.boolean().optional(),
    }),
    output: out<RemotePage>(),
  },
  'sync.issues': { input: z.object({}), output: out<SyncIssues>() },
  'sync.pull': { input: z.object({ id: Id }), output: out<SyncPullResult>() },
} as const;
