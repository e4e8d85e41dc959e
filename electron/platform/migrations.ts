// Numbered schema migrations, applied in order by openDatabase(). Once a migration has shipped it
// never changes: fix mistakes with a new one. Reserved numbers: 1 = core store (jobs, artefacts,
// models, ai_suggestions, library, audit), 2 = AI extras, 3 = sync outbox, 4 = import, 5 = CAM.
//
// Conventions: timestamps are ISO-8601 UTC text; JSON columns are text checked with json_valid();
// table names and constraints follow the seeds' PostgreSQL design where it applies to one seat.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const CORE = /* sql */ `
CREATE TABLE jobs (
  id              TEXT PRIMARY KEY NOT NULL,
  type            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  spec            TEXT NOT NULL CHECK (json_valid(spec)),
  spec_hash       TEXT NOT NULL,
  idempotency_key TEXT UNIQUE,
  cached          INTEGER NOT NULL DEFAULT 0 CHECK (cached IN (0, 1)),
  progress        REAL NOT NULL DEFAULT 0 CHECK (progress >= 0),
  current_step    TEXT,
  document        TEXT NOT NULL CHECK (json_valid(document)),
  metrics         TEXT CHECK (metrics IS NULL OR json_valid(metrics)),
  error           TEXT CHECK (error IS NULL OR json_valid(error)),
  -- a retry points at the job it repeats; deleting the original must not delete the retry
  retry_of        TEXT REFERENCES jobs (id) ON DELETE SET NULL,
  created_at      TEXT NOT NULL,
  started_at      TEXT,
  finished_at     TEXT
);
CREATE INDEX jobs_status ON jobs (status);
CREATE INDEX jobs_created_at ON jobs (created_at);
CREATE INDEX jobs_spec_hash ON jobs (spec_hash, status);
CREATE INDEX jobs_retry_of ON jobs (retry_of);

-- Rows link content-addressed files (artefacts/ab/cdef…) to jobs. The file is written first, the
-- row second, so a row never points at a missing file.
CREATE TABLE artefacts (
  id         INTEGER PRIMARY KEY,
  job_id     TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  name       TEXT NOT NULL,
  sha256     TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  size       INTEGER NOT NULL CHECK (size >= 0),
  mime       TEXT NOT NULL,
  meta       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta)),
  -- the object's key in the team store; uploads are content-addressed, so rows holding the same
  -- bytes share a key (the seeds' UNIQUE s3_key assumed one object per row). The triggers keep
  -- the property that matters: one key never names two different contents.
  remote_key TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (job_id, name)
);
CREATE INDEX artefacts_sha256 ON artefacts (sha256);
CREATE INDEX artefacts_remote_key ON artefacts (remote_key) WHERE remote_key IS NOT NULL;
CREATE TRIGGER artefacts_remote_key_insert BEFORE INSERT ON artefacts
WHEN NEW.remote_key IS NOT NULL
  AND EXISTS (SELECT 1 FROM artefacts WHERE remote_key = NEW.remote_key AND sha256 <> NEW.sha256)
BEGIN SELECT RAISE(ABORT, 'remote_key already names different content'); END;
CREATE TRIGGER artefacts_remote_key_update BEFORE UPDATE OF remote_key, sha256 ON artefacts
WHEN NEW.remote_key IS NOT NULL
  AND EXISTS (SELECT 1 FROM artefacts WHERE remote_key = NEW.remote_key AND sha256 <> NEW.sha256 AND id <> NEW.id)
BEGIN SELECT RAISE(ABORT, 'remote_key already names different content'); END;

CREATE TABLE models (
  id               INTEGER PRIMARY KEY,
  job_id           TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  template         TEXT,
  canonical_params TEXT NOT NULL CHECK (json_valid(canonical_params)),
  script_hash      TEXT,
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
  created_at       TEXT NOT NULL
);
CREATE INDEX models_job_id ON models (job_id);

-- Only masked text lands here (KVKK): the AI service masks before it writes.
CREATE TABLE ai_suggestions (
  id              INTEGER PRIMARY KEY,
  job_id          TEXT REFERENCES jobs (id) ON DELETE SET NULL,
  prompt_masked   TEXT NOT NULL,
  response_masked TEXT CHECK (response_masked IS NULL OR json_valid(response_masked)),
  model           TEXT,
  provider        TEXT,
  request_id      TEXT,
  duration_ms     INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
  created_at      TEXT NOT NULL
);
CREATE INDEX ai_suggestions_job_id ON ai_suggestions (job_id);
CREATE INDEX ai_suggestions_created_at ON ai_suggestions (created_at);

-- Library: the whole item is 'data' (validated by shared/library.ts on the way in and out); the
-- other columns copy the keys that lists sort, filter or must keep unique.
CREATE TABLE materials (
  id         TEXT PRIMARY KEY NOT NULL,
  name_en    TEXT NOT NULL,
  name_tr    TEXT NOT NULL,
  category   TEXT NOT NULL,
  data       TEXT NOT NULL CHECK (json_valid(data) AND json_extract(data, '$.id') = id),
  updated_at TEXT NOT NULL
);
CREATE TABLE machines (
  id         TEXT PRIMARY KEY NOT NULL,
  name       TEXT NOT NULL,
  controller TEXT NOT NULL,
  data       TEXT NOT NULL CHECK (json_valid(data) AND json_extract(data, '$.id') = id),
  updated_at TEXT NOT NULL
);
CREATE TABLE tools (
  id          TEXT PRIMARY KEY NOT NULL,
  number      INTEGER NOT NULL UNIQUE CHECK (number > 0),
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,
  diameter_mm REAL NOT NULL CHECK (diameter_mm > 0),
  data        TEXT NOT NULL CHECK (json_valid(data) AND json_extract(data, '$.id') = id),
  updated_at  TEXT NOT NULL
);
-- Which seed items were ever offered, and the hash of the version offered: a seed item the user
-- edited or deleted is left alone, an untouched one follows newer seed data.
CREATE TABLE library_seeds (
  kind      TEXT NOT NULL CHECK (kind IN ('material', 'machine', 'tool')),
  id        TEXT NOT NULL,
  data_hash TEXT NOT NULL,
  seeded_at TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);

-- Hash chain: chain_hash = sha256(prev_hash || canonical_json(record)), see electron/platform/audit.ts.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  ts          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id   TEXT,
  payload     TEXT NOT NULL CHECK (json_valid(payload)),
  -- UNIQUE: two entries can never extend the same predecessor
  prev_hash   TEXT NOT NULL UNIQUE CHECK (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'),
  chain_hash  TEXT NOT NULL UNIQUE CHECK (length(chain_hash) = 64 AND chain_hash NOT GLOB '*[^0-9a-f]*')
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
-- Append-only for the app; someone who drops these triggers is still caught by AuditLog.verify().
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`;

// 3: team sync (electron/domains/sync/). Local bookkeeping of what went to, and came from, the team's S3
// store. Nothing here deletes a job or a file: the remote lacking something never removes it here.
const SYNC = /* sql */ `
-- Small per-seat facts: this seat's id, the last sync's time and outcome.
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);

-- A job's sync state as the job list and the team library show it. origin 'remote': a pulled job,
-- with where it came from.
CREATE TABLE sync_jobs (
  job_id             TEXT PRIMARY KEY NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  origin             TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
  state              TEXT NOT NULL CHECK (state IN ('pending', 'synced', 'conflict', 'failed', 'pulled')),
  content_sha256     TEXT,
  manifest_key       TEXT,
  store              TEXT,
  source_seat        TEXT,
  source_user        TEXT,
  source_app_version TEXT,
  pulled_at          TEXT,
  error              TEXT CHECK (error IS NULL OR json_valid(error)),
  updated_at         TEXT NOT NULL
);
CREATE INDEX sync_jobs_state ON sync_jobs (state);

-- The outbox, fed by every finished job: one row per artefact and one for the job's manifest,
-- which goes up only after all of the job's artefacts. claimed_by (host:pid) lets the app and a
-- CLI share one data dir without uploading the same thing twice.
CREATE TABLE sync_outbox (
  id              INTEGER PRIMARY KEY,
  job_id          TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('artefact', 'manifest')),
  sha256          TEXT NOT NULL DEFAULT '',
  size            INTEGER NOT NULL DEFAULT 0 CHECK (size >= 0),
  mime            TEXT,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
  outcome         TEXT CHECK (outcome IS NULL OR outcome IN ('uploaded', 'skipped', 'conflict')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT,
  claimed_by      TEXT,
  error           TEXT CHECK (error IS NULL OR json_valid(error)),
  created_at      TEXT NOT NULL,
  done_at         TEXT,
  UNIQUE (job_id, kind, sha256),
  CHECK ((kind = 'artefact') = (length(sha256) = 64))
);
CREATE INDEX sync_outbox_state ON sync_outbox (state, id);

-- Multipart uploads in flight and their finished parts: a crash or restart resumes the upload
-- without sending those parts again.
CREATE TABLE sync_uploads (
  store      TEXT NOT NULL,
  key        TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  size       INTEGER NOT NULL CHECK (size >= 0),
  part_size  INTEGER NOT NULL CHECK (part_size > 0),
  upload_id  TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (store, key)
);
CREATE TABLE sync_upload_parts (
  upload_id   TEXT NOT NULL REFERENCES sync_uploads (upload_id) ON DELETE CASCADE,
  part_number INTEGER NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
  etag        TEXT NOT NULL,
  size        INTEGER NOT NULL CHECK (size > 0),
  PRIMARY KEY (upload_id, part_number)
);

-- The team library: job manifests seen in the store, kept so it can be browsed offline. A
-- manifest gone from the store is marked present = 0, not forgotten.
CREATE TABLE sync_remote_manifests (
  store           TEXT NOT NULL,
  key             TEXT NOT NULL,
  job_id          TEXT NOT NULL,
  variant         TEXT NOT NULL DEFAULT '',
  etag            TEXT,
  size            INTEGER,
  last_modified   TEXT,
  manifest_sha256 TEXT,
  content_sha256  TEXT,
  manifest        TEXT CHECK (manifest IS NULL OR json_valid(manifest)),
  seat_id         TEXT,
  user_name       TEXT,
  created_at      TEXT,
  search_text     TEXT NOT NULL DEFAULT '',
  present         INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1)),
  error           TEXT CHECK (error IS NULL OR json_valid(error)),
  fetched_at      TEXT NOT NULL,
  PRIMARY KEY (store, key)
);
CREATE INDEX sync_remote_manifests_job ON sync_remote_manifests (store, job_id);
CREATE INDEX sync_remote_manifests_order ON sync_remote_manifests (store, created_at DESC, key DESC);

-- The same job id with different content, kept side by side: kept_as names the other version
-- (a remote key for a push, the local id of the pulled copy for a pull).
CREATE TABLE sync_conflicts (
  id                    INTEGER PRIMARY KEY,
  store                 TEXT NOT NULL,
  job_id                TEXT NOT NULL,
  direction             TEXT NOT NULL CHECK (direction IN ('push', 'pull')),
  local_content_sha256  TEXT,
  remote_key            TEXT NOT NULL,
  remote_content_sha256 TEXT,
  kept_as               TEXT NOT NULL,
  detected_at           TEXT NOT NULL,
  UNIQUE (store, job_id, remote_key, kept_as)
);
CREATE INDEX sync_conflicts_job ON sync_conflicts (job_id);
`;

// 2: AI extras (electron/domains/prompt/store.ts). One row per model request: which attempt of the job's repair
// loop it was, how it ended (an error code, or 'ok'), the hash of the script it produced, and the
// provider's own request id beside ours.
const AI_EXTRAS = /* sql */ `
ALTER TABLE ai_suggestions ADD COLUMN attempt INTEGER CHECK (attempt IS NULL OR attempt >= 1);
ALTER TABLE ai_suggestions ADD COLUMN outcome TEXT;
ALTER TABLE ai_suggestions ADD COLUMN script_hash TEXT CHECK (script_hash IS NULL OR length(script_hash) = 64);
ALTER TABLE ai_suggestions ADD COLUMN provider_request_id TEXT;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core store', sql: CORE },
  { version: 2, name: 'ai extras', sql: AI_EXTRAS },
  { version: 3, name: 'sync outbox', sql: SYNC },
];
