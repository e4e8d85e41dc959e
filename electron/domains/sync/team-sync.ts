// The app's team sync: its configuration as Settings keeps it and its one current SyncService.
// The store's address lives in settings.json ('sync' section); its keys live in the app's secret
// store (the OS keychain in Electron, memory in the browser host and the CLI) and never travel back
// to a renderer. Without a Settings entry the environment (TEZGAH_S3_*, AWS_*) configures it, for
// the UI and the CLI alike. Built once by electron/app/app.ts; the background worker runs only after a
// UI host asked for it (startWorker) and while a store is configured.
import { boundSecret, checkTransport, deleteBoundSecret, dropRebound, setBoundSecret } from '../../platform/bound-secrets.js';
import { EventEmitter } from 'node:events';
import type { SyncSettings } from '../../../shared/api/index.js';
import { TezgahError } from '../../../shared/errors.js';
import type { Logger } from '../../platform/logger.js';
import { secretsKind, secretState, type SecretStore } from '../../platform/secrets.js';
import type { SettingsStore } from '../../platform/settings.js';
import {
  credentialsFromSecrets,
  DEFAULTS,
  normaliseConfig,
  SECRET_ACCESS_KEY_ID,
  SECRET_SECRET_ACCESS_KEY,
  syncConfigFromEnv,
  type SyncConfig,
} from './config.js';
import type { JobSyncDetail, SyncService, SyncStatus } from './service.js';

interface StoredSync {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  force_path_style: boolean;
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
  /** plain http:// to a host other than this machine (the keys travel in clear text) */
  allow_insecure_http?: boolean | undefined;
}

export interface TeamSyncDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  logger: Pick<Logger, 'log'>;
  /** a SyncService for a configuration (electron/app/app.ts wires the stores and the job manager in) */
  create(config: SyncConfig | null): SyncService;
}

/** Relays the current service's events: the service is replaced when sync is turned off. */
export class TeamSync extends EventEmitter<{ status: [SyncStatus]; job: [JobSyncDetail] }> {
  private current: SyncService | null = null;
  /** whether the current service's worker runs */
  private running = false;
  /** a UI host asked for the background worker */
  private background = false;

  constructor(private readonly deps: TeamSyncDeps) {
    super();
  }

  /** The current service, made with the current configuration on first use. */
  service(): SyncService {
    if (this.current) return this.current;
    const config = this.safeConfig();
    const service = this.deps.create(config);
    service.on('status', (s) => this.emit('status', s));
    service.on('job', (j) => this.emit('job', j));
    this.current = service;
    this.running = false;
    if (config && this.background) this.run(service);
    return service;
  }

  /** Runs the background worker from now on, whenever a store is configured (UI hosts only). */
  startWorker(): void {
    this.background = true;
    const service = this.service();
    if (!this.running && this.safeConfig()) this.run(service);
  }

  /** The configuration sync runs with now: Settings (with the stored keys), else the environment. */
  config(): SyncConfig | null {
    const s = this.stored();
    if (!s) return syncConfigFromEnv(this.deps.env);
    if (!s.bucket) return null;
    const credentials = credentialsFromSecrets({ get: (name) => boundSecret(this.deps.secrets, name, storeIdentity(s)) });
    return normaliseConfig({
      ...(s.endpoint ? { endpoint: s.endpoint } : {}),
      region: s.region,
      bucket: s.bucket,
      prefix: s.prefix,
      forcePathStyle: s.force_path_style,
      ...(credentials ? { credentials } : {}),
    });
  }

  settings(): SyncSettings {
    const { secrets } = this.deps;
    const s = this.stored();
    const env = s ? null : this.safeEnv();
    const shown =
      s ??
      (env
        ? { endpoint: env.endpoint ?? '', region: env.region, bucket: env.bucket, prefix: env.prefix, force_path_style: env.forcePathStyle }
        : null);
    return {
      enabled: !!shown?.bucket,
      endpoint: shown?.endpoint ?? '',
      region: shown?.region ?? DEFAULTS.region,
      bucket: shown?.bucket ?? '',
      prefix: shown?.prefix ?? '',
      force_path_style: shown?.force_path_style ?? true,
      access_key_id: env?.credentials ? { set: true, masked: null } : secretState(secrets, SECRET_ACCESS_KEY_ID),
      secret_access_key: env?.credentials ? { set: true, masked: null } : secretState(secrets, SECRET_SECRET_ACCESS_KEY),
      secrets_available: secrets.available(),
      secrets_kind: secretsKind(secrets),
      source: s ? 'settings' : env ? 'env' : 'none',
    };
  }

  /** Saves the store's address and keys, checks them, and hands the new configuration to the service. */
  async configure(input: SyncConfigureInput): Promise<SyncSettings> {
    const { secrets, settings } = this.deps;
    const next: StoredSync = {
      endpoint: input.endpoint.trim(),
      region: input.region.trim() || DEFAULTS.region,
      bucket: input.bucket.trim(),
      prefix: input.prefix.trim(),
      force_path_style: input.force_path_style,
    };
    // check before anything is written: a bad value is CONFIG_INVALID naming the field
    if (next.bucket)
      normaliseConfig({
        ...(next.endpoint ? { endpoint: next.endpoint } : {}),
        region: next.region,
        bucket: next.bucket,
        prefix: next.prefix,
        forcePathStyle: next.force_path_style,
      });
    if (next.endpoint) checkTransport(next.endpoint, 'endpoint', input.allow_insecure_http);
    const keyId = input.access_key_id?.trim();
    const secret = input.secret_access_key?.trim();
    // keys stay with the store they were entered for: another endpoint drops them unless new ones come
    const identity = storeIdentity(next);
    dropRebound(secrets, [SECRET_ACCESS_KEY_ID, SECRET_SECRET_ACCESS_KEY], identity);
    // the id and the secret go together: one alone is only fine when the other is already kept
    const kept = (name: string) => !input.clear_keys && secrets.names().includes(name);
    if (keyId && !secret && !kept(SECRET_SECRET_ACCESS_KEY)) throw pairMissing('secret_access_key');
    if (secret && !keyId && !kept(SECRET_ACCESS_KEY_ID)) throw pairMissing('access_key_id');
    if (input.clear_keys) {
      deleteBoundSecret(secrets, SECRET_ACCESS_KEY_ID);
      deleteBoundSecret(secrets, SECRET_SECRET_ACCESS_KEY);
    }
    if (keyId) setBoundSecret(secrets, SECRET_ACCESS_KEY_ID, keyId, identity);
    if (secret) setBoundSecret(secrets, SECRET_SECRET_ACCESS_KEY, secret, identity);
    settings.setSection('sync', { ...next });
    await this.reconfigure(this.config());
    return this.settings();
  }

  async dispose(): Promise<void> {
    const service = this.current;
    this.current = null;
    this.running = false;
    await service?.dispose();
  }

  /** Turning sync off stops the worker (a fresh, idle service takes over). */
  private async reconfigure(config: SyncConfig | null): Promise<void> {
    const service = this.service();
    if (config) {
      service.setConfig(config);
      if (!this.running && this.background) this.run(service);
      return;
    }
    if (!this.running) {
      service.setConfig(null);
      return;
    }
    await this.dispose();
    this.emit('status', this.service().status());
  }

  private run(service: SyncService): void {
    service.start();
    this.running = true;
  }

  /** A broken saved setting must not keep the app from starting: sync stays off until it is fixed. */
  private safeConfig(): SyncConfig | null {
    try {
      return this.config();
    } catch (e) {
      this.deps.logger.log('warn', 'sync settings are invalid; sync is off', { reason: (e as Error).message });
      return null;
    }
  }

  private stored(): StoredSync | null {
    const s = this.deps.settings.section('sync');
    if (!s || typeof s.bucket !== 'string') return null;
    return {
      endpoint: typeof s.endpoint === 'string' ? s.endpoint : '',
      region: typeof s.region === 'string' && s.region ? s.region : DEFAULTS.region,
      bucket: s.bucket,
      prefix: typeof s.prefix === 'string' ? s.prefix : '',
      force_path_style: s.force_path_style === true,
    };
  }

  private safeEnv(): SyncConfig | null {
    try {
      return syncConfigFromEnv(this.deps.env);
    } catch {
      return null;
    }
  }
}

function pairMissing(setting: string): TezgahError {
  return new TezgahError('CONFIG_INVALID', { setting, detail: 'the access key id and the secret access key go together' });
}

/** What a team store's keys are bound to: its endpoint (a bucket of the same server is the key owner's to reach). */
function storeIdentity(s: { endpoint: string }): string {
  return s.endpoint;
}
