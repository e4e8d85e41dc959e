// The one API contract: every method name → { input, output } zod schemas, every event name → its
// payload schema. Served by Electron IPC, by the browser host's WebSocket, and called directly by
// the CLI and tests. Inputs are parsed at every boundary; outputs are typed (and cheap to check).
// Each domain keeps its methods and their output types in its own file here (shared/api/<d>.ts);
// this file combines them into one map. A new domain adds its file and one line below.
import type { ErrorPayload } from '../errors.js';
import { appMethods, type Settings } from './app.js';
import { backupMethods } from './backup.js';
import { type BatchStatus, batchMethods } from './batch.js';
import { assemblyMethods } from './assembly.js';
import { camMethods } from './cam.js';
import { out } from './contract.js';
import { dfmMethods } from './dfm.js';
import { drawingMethods } from './drawing.js';
import { femMethods } from './fem.js';
import { importMethods } from './import.js';
import { type JobEventPayload, jobsMethods } from './jobs.js';
import { libraryMethods } from './library.js';
import { partMethods } from './part.js';
import { promptMethods } from './prompt.js';
import { scriptMethods } from './script.js';
import { type JobSyncInfo, type SyncStatus, syncMethods } from './sync.js';
import type { z } from 'zod';

export type * from './app.js';
export type * from './backup.js';
export type * from './batch.js';
export type * from './assembly.js';
export type * from './cam.js';
export type { SecretState } from './contract.js';
export type * from './dfm.js';
export type * from './drawing.js';
export type * from './fem.js';
export type * from './import.js';
export type * from './jobs.js';
export type * from './part.js';
export type * from './prompt.js';
export type * from './script.js';
export type * from './sync.js';

export const api = {
  ...appMethods,
  ...backupMethods,
  ...partMethods,
  ...jobsMethods,
  ...libraryMethods,
  ...camMethods,
  ...scriptMethods,
  ...importMethods,
  ...promptMethods,
  ...syncMethods,
  ...assemblyMethods,
  ...drawingMethods,
  ...femMethods,
  ...batchMethods,
  ...dfmMethods,
} as const;

export type ApiMethod = keyof typeof api;
export type ApiInput<M extends ApiMethod> = z.input<(typeof api)[M]['input']>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof api)[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<(typeof api)[M]['output']>;
export const API_METHODS = Object.keys(api) as ApiMethod[];

export const events = {
  job: out<JobEventPayload>(),
  settings: out<Settings>(),
  sync: out<SyncStatus>(),
  syncJob: out<JobSyncInfo>(),
  batch: out<BatchStatus>(),
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
