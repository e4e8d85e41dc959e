// Team sync as the UI configures and follows it. The store's address lives in settings.json
// ('sync' section); its keys live in the Workbench's secret store (the OS keychain in Electron,
// memory in the browser host) and never travel back to a renderer. Without a Settings entry the
// environment (TEZGAH_S3_*, AWS_*) configures it, as for the CLI.
import { EventEmitter } from 'node:events';
import type { JobSyncInfo, SyncSettings } from '../../../shared/api.js';
import { TezgahError } from '../../../shared/errors.js';
import {
  credentialsFromSecrets,
  DEFAULTS,
  normaliseConfig,
  SECRET_ACCESS_KEY_ID,
  SECRET_SECRET_ACCESS_KEY,
  syncConfigFromEnv,
  type SyncConfig,
} from './config.js';
import { createSyncService } from '../../hosts/cli/sync.js';
import type { JobSyncDetail, SyncService, SyncStatus } from './service.js';
import { APP_VERSION, type Workbench } from '../../app.js';
import { secretsKind, secretState } from '../../platform/secrets.js';
import { settingsOf } from '../../platform/settings.js';

interface StoredSync {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  force_path_style: boolean;
}

function stored(wb: Workbench): StoredSync | null {
  const s = settingsOf(wb).section('sync');
  if (!s || typeof s.bucket !== 'string') return null;
  return {
    endpoint: typeof s.endpoint === 'string' ? s.endpoint : '',
    region: typeof s.region === 'string' && s.region ? s.region : DEFAULTS.region,
    bucket: s.bucket,
    prefix: typeof s.prefix === 'string' ? s.prefix : '',
    force_path_style: s.force_path_style === true,
  };
}

/** The configuration sync runs with now: Settings (with the stored keys), else the environment. */
export function syncConfigOf(wb: Workbench): SyncConfig | null {
  const s = stored(wb);
  if (!s) return syncConfigFromEnv(wb.env);
  if (!s.bucket) return null;
  const credentials = credentialsFromSecrets({ get: (name) => safeGet(wb, name) });
  return normaliseConfig({
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    region: s.region,
    bucket: s.bucket,
    prefix: s.prefix,
    forcePathStyle: s.force_path_style,
    ...(credentials ? { credentials } : {}),
  });
}

function safeGet(wb: Workbench, name: string): string | null {
  try {
    return wb.secrets.get(name);
  } catch {
    return null;
  }
}

type SyncEvents = EventEmitter<{ status: [SyncStatus]; job: [JobSyncDetail] }>;
const relays = new WeakMap<Workbench, SyncEvents>();
const running = new WeakSet<SyncService>();

/** The sync events of a Workbench, whichever service instance is current (it is replaced when sync is turned off). */
export function syncEvents(wb: Workbench): SyncEvents {
  let r = relays.get(wb);
  if (!r) relays.set(wb, (r = new EventEmitter()));
  return r;
}

/**
 * The app's sync service, made with the current configuration on first use. Its background worker
 * runs only while there is a store to talk to.
 */
export function syncOf(wb: Workbench): SyncService {
  if (wb.sync) return wb.sync;
  let config: SyncConfig | null = null;
  try {
    config = syncConfigOf(wb);
  } catch (e) {
    // a broken saved setting must not keep the app from starting: sync stays off until it is fixed
    wb.logger.log('warn', 'sync settings are invalid; sync is off', { reason: (e as Error).message });
  }
  const service = createSyncService(wb, APP_VERSION, config);
  const relay = syncEvents(wb);
  service.on('status', (s) => relay.emit('status', s));
  service.on('job', (j) => relay.emit('job', j));
  wb.sync = service;
  if (config) run(service);
  return service;
}

function run(service: SyncService): void {
  service.start();
  running.add(service);
}

/** Hands a new configuration to the service; turning sync off stops its worker (a fresh, idle service takes over). */
async function reconfigure(wb: Workbench, config: SyncConfig | null): Promise<void> {
  const service = syncOf(wb);
  if (config) {
    service.setConfig(config);
    if (!running.has(service)) run(service);
    return;
  }
  if (!running.has(service)) {
    service.setConfig(null);
    return;
  }
  wb.sync = undefined;
  await service.dispose();
  syncOf(wb);
  syncEvents(wb).emit('status', syncOf(wb).status());
}

export function syncSettings(wb: Workbench): SyncSettings {
  const s = stored(wb);
  const env = s ? null : safeEnv(wb);
  const shown = s ?? (env ? { endpoint: env.endpoint ?? '', region: env.region, bucket: env.bucket, prefix: env.prefix, force_path_style: env.forcePathStyle } : null);
  return {
    enabled: !!shown?.bucket,
    endpoint: shown?.endpoint ?? '',
    region: shown?.region ?? DEFAULTS.region,
    bucket: shown?.bucket ?? '',
    prefix: shown?.prefix ?? '',
    force_path_style: shown?.force_path_style ?? true,
    access_key_id: env?.credentials ? { set: true, masked: null } : secretState(wb.secrets, SECRET_ACCESS_KEY_ID),
    secret_access_key: env?.credentials ? { set: true, masked: null } : secretState(wb.secrets, SECRET_SECRET_ACCESS_KEY),
    secrets_available: wb.secrets.available(),
    secrets_kind: secretsKind(wb.secrets),
    source: s ? 'settings' : env ? 'env' : 'none',
  };
}

function safeEnv(wb: Workbench): SyncConfig | null {
  try {
    return syncConfigFromEnv(wb.env);
  } catch {
    return null;
  }
}

export interface SyncConfigureInput {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  force_path_style: boolean;
  access_key_id?: string | undefined;
  secret_access_key?: string | undefined;
  clear_keys?: boolean | undefined;
}

/** Saves the store's address and keys, checks them, and hands the new configuration to the running service. */
export async function configureSync(wb: Workbench, input: SyncConfigureInput): Promise<SyncSettings> {
  const next: StoredSync = {
    endpoint: input.endpoint.trim(),
    region: input.region.trim() || DEFAULTS.region,
    bucket: input.bucket.trim(),
    prefix: input.prefix.trim(),
    force_path_style: input.force_path_style,
  };
  // check before anything is written: a bad value is CONFIG_INVALID naming the field
  if (next.bucket) normaliseConfig({ ...(next.endpoint ? { endpoint: next.endpoint } : {}), region: next.region, bucket: next.bucket, prefix: next.prefix, forcePathStyle: next.force_path_style });
  const keyId = input.access_key_id?.trim();
  const secret = input.secret_access_key?.trim();
  // the id and the secret go together: one alone is only fine when the other is already kept
  const kept = (name: string) => !input.clear_keys && wb.secrets.names().includes(name);
  if (keyId && !secret && !kept(SECRET_SECRET_ACCESS_KEY)) throw pairMissing('secret_access_key');
  if (secret && !keyId && !kept(SECRET_ACCESS_KEY_ID)) throw pairMissing('access_key_id');
  if (input.clear_keys) {
    wb.secrets.delete(SECRET_ACCESS_KEY_ID);
    wb.secrets.delete(SECRET_SECRET_ACCESS_KEY);
  }
  if (keyId) wb.secrets.set(SECRET_ACCESS_KEY_ID, keyId);
  if (secret) wb.secrets.set(SECRET_SECRET_ACCESS_KEY, secret);
  settingsOf(wb).setSection('sync', { ...next });
  await reconfigure(wb, syncConfigOf(wb));
  return syncSettings(wb);
}

function pairMissing(setting: string): TezgahError {
  return new TezgahError('CONFIG_INVALID', { setting, detail: 'the access key id and the secret access key go together' });
}

/** The sync state of each job, for the Jobs list. */
export function jobSyncStates(service: SyncService, ids: string[]): Record<string, JobSyncInfo> {
  const out: Record<string, JobSyncInfo> = {};
  for (const id of ids) {
    const s = service.jobState(id);
    out[id] = { job_id: s.job_id, origin: s.origin, state: s.state, error: s.error };
  }
  return out;
}
