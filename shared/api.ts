// The one API contract: every method name → { input, output } zod schemas, every event name → its
// payload schema. Served by Electron IPC, by the browser host's WebSocket, and called directly by
// the CLI and tests. Inputs are parsed at every boundary; outputs are typed (and cheap to check).
import { z } from 'zod';
import type { ErrorPayload, Lang } from './errors.js';
import type { ArtefactInfo, JobRecord, JobStatus, JobStep } from './jobs.js';
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

export const api = {
  'app.info': { input: z.object({}), output: out<AppInfo>() },
  'app.doctor': { input: z.object({}), output: out<DoctorInfo>() },
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
  /** Electron: a save dialog opened by the main process; browser host: returns the download href */
  'artefacts.save': { input: z.object({ id: z.number().int().positive() }), output: out<{ saved: boolean; path?: string; href?: string }>() },
  'library.materials': { input: z.object({}), output: out<Material[]>() },
  'library.machines': { input: z.object({}), output: out<Machine[]>() },
  'library.tools': { input: z.object({}), output: out<Tool[]>() },
  'library.upsertMaterial': { input: Material, output: out<Material>() },
  'library.upsertMachine': { input: Machine, output: out<Machine>() },
  'library.upsertTool': { input: Tool, output: out<Tool>() },
  'library.delete': { input: z.object({ kind: z.enum(['material', 'machine', 'tool']), id: Id }), output: out<{ deleted: boolean }>() },
  'library.export': { input: z.object({}), output: out<LibraryExport>() },
  'library.import': { input: z.object({ data: z.unknown() }), output: out<{ added: number; updated: number }>() },
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
} as const;
export type ApiEvent = keyof typeof events;
export type ApiEventPayload<E extends ApiEvent> = z.output<(typeof events)[E]>;

/** The handlers a transport serves: one function per method, taking the parsed input. */
export type ApiHandlers = { [M in ApiMethod]: (input: ApiParsedInput<M>) => Promise<ApiOutput<M>> | ApiOutput<M> };

/** What every transport's client looks like (window.tezgah in Electron, the WS client in a browser). */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void;
}

/** Wire shapes shared by the transports. */
export type WireRequest = { id: number; method: string; input: unknown };
export type WireResponse = { id: number; ok: true; output: unknown } | { id: number; ok: false; error: ErrorPayload };
export type WireEvent = { event: string; payload: unknown };
