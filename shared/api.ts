// The one API contract: every method name → { input, output } zod schemas, every event name → its
// payload schema. Served by Electron IPC, by the browser host's WebSocket, and called directly by
// the CLI and tests. Inputs are parsed at every boundary; outputs are typed (and cheap to check).
import { z } from 'zod';
import type { ErrorPayload, Lang } from './errors.js';
import type { ArtefactInfo, BBox, JobRecord, JobStatus, JobStep } from './jobs.js';
import { JobSpec, JobStatus as JobStatusSchema, JobType } from './jobs.js';
import { Machine, Material, Tool, type LibraryExport } from './library.js';
import type { StepName } from './steps.js';

const out = <T>() => z.custom<T>(() => true);
const Id = z.string().min(1).max(200);

export interface DoctorInfo {
  ok: boolean;
  app_version: string;
  data_dir: string;
  data_dir_writable: boolean;
  freecad: { found: boolean; version?: string; kind?: string; path?: string; error?: { code: string; message: string; hint: string } };
  sandbox: { ok: boolean; problem?: string };
  node: string;
  platform: string;
}

export interface AppInfo {
  version: string;
  lang: Lang;
  /** 'electron' | 'browser' */
  host: string;
  data_dir: string;
}

export interface Settings {
  lang: Lang | 'system';
  units: 'mm' | 'inch';
}

export interface JobDetail {
  job: JobRecord;
  artefacts: (ArtefactInfo & { href: string })[];
}

/** One operation of a CAM program, as the toolpath view lists it. */
export interface CamToolpathOperation {
  label: string;
  kind: string;
  tool_number: number | null;
  /** 1-based, inclusive line range of the operation in the G-code */
  first_line: number;
  last_line: number;
}

/** A verifier finding, linked to its line. */
export interface CamFinding {
  code: string;
  severity: 'error' | 'warning';
  line: number;
  message: string;
  /** `detail` in both languages ({ en, tr }), line, tool, code */
  details?: Record<string, string | number | { en: string; tr: string }>;
}

/**
 * A CAM job's program, ready to draw: the G-code text and every straight piece of the toolpath
 * (arcs flattened) in G-code work coordinates, mm. Segments are packed: segment i runs from
 * coords[6i..6i+2] to coords[6i+3..6i+5], comes from G-code line lines[i], is kinds[i] ('r' rapid,
 * 'f' feed, 'a' arc) and belongs to operations[ops[i]] (-1: between operations).
 */
export interface CamToolpath {
  job_id: string;
  gcode: { artefact_id: number; name: string; text: string; bytes: number; lines: number; truncated: boolean };
  segments: { count: number; coords: number[]; lines: number[]; kinds: string; ops: number[]; truncated: boolean };
  operations: CamToolpathOperation[];
  /** the part job whose 3D preview the toolpath is drawn over, and its GLB */
  part: { job_id: string; glb_href: string | null; bbox_mm: BBox | null } | null;
  /** part coordinates + shift = work (G-code) coordinates */
  shift: [number, number, number];
  stock_mm: BBox | null;
  bounds_mm: BBox | null;
  verification: { ok: boolean; findings: CamFinding[] };
  estimated_seconds: number | null;
}

/** A file the user chose or uploaded, on the machine that runs the jobs. */
export interface HostFile {
  path: string;
  name: string;
  size: number;
}

/** What the settings pages show about a secret: whether it is set, never its value. */
export interface SecretState {
  set: boolean;
  /** e.g. "••••7F2Q" (the last characters only) */
  masked: string | null;
}

export interface AiSettings {
  base_url: string;
  model: string;
  api_key: SecretState;
  /** keys can be kept (Electron: the OS keychain; browser host: this process's memory only) */
  secrets_available: boolean;
  /** where keys are kept: 'keychain' | 'memory' */
  secrets_kind: string;
}

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

/** The audit chain's check (`tezgah audit verify`). */
export interface AuditReport {
  ok: boolean;
  /** entries checked (all of them when ok) */
  count: number;
  /** id of the first entry that does not fit the chain */
  broken_at?: number;
  reason?: string;
}

/** A parametric template as the gallery and `tezgah templates` list it. */
export interface TemplateInfo {
  id: string;
  label: { en: string; tr: string };
  description: { en: string; tr: string };
  params: { name: string; label: { en: string; tr: string }; unit: string; min: number; max: number; default: number }[];
}

/** A G-code program checked against a machine of the library (`tezgah gcode check`). */
export interface GcodeCheckReport {
  ok: boolean;
  machine: string;
  findings: { code: string; severity: string; line: number; message: string }[];
  bounds_mm: BBox | null;
  estimated_seconds: number;
  path_length_mm: number;
}

/** A script's static policy check (`tezgah script check`), every message in both languages. */
export interface ScriptCheckReport {
  ok: boolean;
  findings: { code: string; rule: string; line: number; col: number; symbol: string; message_en: string; message_tr: string }[];
  script_hash: string;
  entry: 'result' | 'build' | null;
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

const Secret = z.string().max(4096);

export const api = {
  'app.info': { input: z.object({}), output: out<AppInfo>() },
  'app.doctor': { input: z.object({}), output: out<DoctorInfo>() },
  'audit.verify': { input: z.object({}), output: out<AuditReport>() },
  'templates.list': { input: z.object({}), output: out<TemplateInfo[]>() },
  'settings.get': { input: z.object({}), output: out<Settings>() },
  'settings.set': {
    input: z.object({ lang: z.enum(['tr', 'en', 'system']).optional(), units: z.enum(['mm', 'inch']).optional() }),
    output: out<Settings>(),
  },
  'jobs.submit': { input: z.object({ spec: JobSpec, idempotencyKey: z.string().min(1).max(200).optional() }), output: out<JobRecord>() },
  'jobs.list': {
    input: z.object({
      status: z.array(JobStatusSchema).optional(),
      type: z.array(JobType).optional(),
      search: z.string().max(200).optional(),
      limit: z.number().int().positive().max(1000).optional(),
      offset: z.number().int().nonnegative().optional(),
    }),
    output: out<JobRecord[]>(),
  },
  'jobs.get': { input: z.object({ id: Id }), output: out<JobDetail>() },
  'jobs.cancel': { input: z.object({ id: Id }), output: out<JobRecord>() },
  'jobs.retry': { input: z.object({ id: Id }), output: out<JobRecord>() },
  'jobs.log': { input: z.object({ id: Id }), output: out<{ lines: string[] }>() },
  /** Resolves when the job has finished (succeeded, failed or cancelled). */
  'jobs.wait': { input: z.object({ id: Id }), output: out<JobRecord>() },
  /** Electron: a save dialog opened by the main process; browser host: returns the download href */
  'artefacts.save': {
    input: z.object({ id: z.number().int().positive() }),
    output: out<{ saved: boolean; path?: string; href?: string }>(),
  },
  'library.materials': { input: z.object({}), output: out<Material[]>() },
  'library.machines': { input: z.object({}), output: out<Machine[]>() },
  'library.tools': { input: z.object({}), output: out<Tool[]>() },
  'library.upsertMaterial': { input: Material, output: out<Material>() },
  'library.upsertMachine': { input: Machine, output: out<Machine>() },
  'library.upsertTool': { input: Tool, output: out<Tool>() },
  'library.delete': { input: z.object({ kind: z.enum(['material', 'machine', 'tool']), id: Id }), output: out<{ deleted: boolean }>() },
  'library.export': { input: z.object({}), output: out<LibraryExport>() },
  'library.import': { input: z.object({ data: z.unknown() }), output: out<{ added: number; updated: number }>() },

  /** A CAM job's G-code, its toolpath segments and its verification, for the toolpath view. */
  'cam.toolpath': { input: z.object({ id: Id }), output: out<CamToolpath>() },
  /** Checks a G-code program against a machine of the library (the text, not a path: the caller reads it). */
  'gcode.check': { input: z.object({ text: z.string().max(64 << 20), machine: Id }), output: out<GcodeCheckReport>() },

  /** The static policy check of a Python script, without running it. */
  'script.check': { input: z.object({ source: z.string().max(4 << 20) }), output: out<ScriptCheckReport>() },

  /** Electron: an open dialog in the main process (only files the user chose); the browser host uploads instead (POST /upload). */
  'import.pick': { input: z.object({}), output: out<{ available: boolean; files: HostFile[] }>() },

  'ai.settings': { input: z.object({}), output: out<AiSettings>() },
  /** An empty api_key leaves the key as it is; clear_key removes it. The key never comes back. */
  'ai.configure': {
    input: z.object({
      base_url: z.string().max(2000).optional(),
      model: z.string().max(200).optional(),
      api_key: Secret.optional(),
      clear_key: z.boolean().optional(),
      allow_insecure_http: z.boolean().optional(),
    }),
    output: out<AiSettings>(),
  },

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

export type ApiMethod = keyof typeof api;
export type ApiInput<M extends ApiMethod> = z.input<(typeof api)[M]['input']>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof api)[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<(typeof api)[M]['output']>;
export const API_METHODS = Object.keys(api) as ApiMethod[];

export interface JobEventPayload {
  id: string;
  status: JobStatus;
  progress: number;
  current_step: StepName | null;
  steps: JobStep[];
  cached: boolean;
  error: ErrorPayload | null;
}

export const events = {
  job: out<JobEventPayload>(),
  settings: out<Settings>(),
  sync: out<SyncStatus>(),
  syncJob: out<JobSyncInfo>(),
} as const;
export type ApiEvent = keyof typeof events;
export type ApiEventPayload<E extends ApiEvent> = z.output<(typeof events)[E]>;

/** The handlers a transport serves: one function per method, taking the parsed input. */
export type ApiHandlers = { [M in ApiMethod]: (input: ApiParsedInput<M>) => Promise<ApiOutput<M>> | ApiOutput<M> };

/** The handlers of one group of methods (e.g. ApiGroup<'library'>: every 'library.*' method). */
export type ApiGroup<P extends string> = Pick<ApiHandlers, Extract<ApiMethod, `${P}.${string}`>>;

/** What every transport's client looks like (window.tezgah in Electron, the WS client in a browser). */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void;
}

/** Wire shapes shared by the transports. */
export type WireRequest = { id: number; method: string; input: unknown };
export type WireResponse = { id: number; ok: true; output: unknown } | { id: number; ok: false; error: ErrorPayload };
export type WireEvent = { event: string; payload: unknown };
