// The AI assistant's endpoint as Settings keeps it: base URL and model in settings.json ('ai'
// section), the API key in the app's secret store (never sent back to a renderer, only whether it
// is set). The prompt flow reads its endpoint from the environment's TEZGAH_AI_*
// (electron/domains/prompt/adapter.ts aiConfigFromEnv); env() lays the Settings over those, so both
// the CLI's environment and the app's Settings work, and Settings win. Built once by electron/app/app.ts.
import type { AiSettings } from '../../../shared/api/index.js';
import { TezgahError } from '../../../shared/errors.js';
import { boundSecret, checkTransport, deleteBoundSecret, dropRebound, setBoundSecret } from '../../platform/bound-secrets.js';
import { maskSecret, secretsKind, type SecretStore } from '../../platform/secrets.js';
import type { SettingsStore } from '../../platform/settings.js';
import { AiAdapter, aiConfigFromEnv, type AiLogEntry } from './adapter.js';

export const AI_KEY_SECRET = 'ai.api-key';

export interface AiEndpointDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  /** the process environment (TEZGAH_AI_* are the fallback under Settings) */
  env: NodeJS.ProcessEnv;
  log?: (entry: AiLogEntry) => void;
}

export interface AiConfigureInput {
  base_url?: string | undefined;
  model?: string | undefined;
  api_key?: string | undefined;
  clear_key?: boolean | undefined;
  /** plain http:// to a host other than this machine (the key travels in clear text) */
  allow_insecure_http?: boolean | undefined;
}

export class AiEndpoint {
  private adapterCache: AiAdapter | null = null;
  private adapterKey = '';

  constructor(private readonly deps: AiEndpointDeps) {}

  /** The environment the prompt flow reads its endpoint from, with Settings laid over it. */
  env(): NodeJS.ProcessEnv {
    const s = this.stored();
    const key = this.storedKey();
    return {
      ...this.deps.env,
      ...(s.base_url ? { TEZGAH_AI_BASE_URL: s.base_url } : {}),
      ...(s.model ? { TEZGAH_AI_MODEL: s.model } : {}),
      ...(key ? { TEZGAH_AI_API_KEY: key } : {}),
    };
  }

  /**
   * The model endpoint, from TEZGAH_AI_* with Settings → AI laid over it (CONFIG_INVALID until one is
   * set); built again when the endpoint, model or key changes.
   */
  adapter(): AiAdapter {
    const config = aiConfigFromEnv(this.env());
    const key = JSON.stringify([config.baseURL, config.model, config.apiKey ?? '']);
    if (!this.adapterCache || this.adapterKey !== key) {
      this.adapterCache = new AiAdapter({ ...config, ...(this.deps.log ? { log: this.deps.log } : {}) });
      this.adapterKey = key;
    }
    return this.adapterCache;
  }

  settings(): AiSettings {
    const { secrets, env } = this.deps;
    const key = this.storedKey();
    const own = key ? { set: true, masked: maskSecret(key) } : { set: false, masked: null };
    return {
      ...this.stored(),
      api_key: own.set || !env.TEZGAH_AI_API_KEY ? own : { set: true, masked: null },
      secrets_available: secrets.available(),
      secrets_kind: secretsKind(secrets),
    };
  }

  configure(input: AiConfigureInput): AiSettings {
    const { settings, secrets } = this.deps;
    const next: Record<string, unknown> = { ...(settings.section('ai') ?? {}) };
    if (input.base_url !== undefined) {
      const url = input.base_url.trim();
      if (url) {
        let u: URL | null = null;
        try {
          u = new URL(url);
        } catch {
          // reported below
        }
        if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
          throw new TezgahError('CONFIG_INVALID', {
            setting: 'base_url',
            detail: `'${url}' is not an http(s) URL (e.g. https://api.openai.com/v1)`,
          });
      }
      if (url) checkTransport(url, 'base_url', input.allow_insecure_http);
      next.base_url = url.replace(/\/+$/, '');
    }
    if (input.model !== undefined) next.model = input.model.trim();
    const endpoint = typeof next.base_url === 'string' && next.base_url ? next.base_url : (this.deps.env.TEZGAH_AI_BASE_URL?.trim() ?? '');
    // a key stays with the endpoint it was entered for: a new endpoint without a new key drops it
    dropRebound(secrets, [AI_KEY_SECRET], endpoint);
    if (input.clear_key) deleteBoundSecret(secrets, AI_KEY_SECRET);
    const key = input.api_key?.trim();
    if (key) setBoundSecret(secrets, AI_KEY_SECRET, key, endpoint);
    settings.setSection('ai', next);
    return this.settings();
  }

  private stored(): { base_url: string; model: string } {
    const s = this.deps.settings.section('ai') ?? {};
    const env = this.deps.env;
    return {
      base_url: typeof s.base_url === 'string' && s.base_url ? s.base_url : (env.TEZGAH_AI_BASE_URL?.trim() ?? ''),
      model: typeof s.model === 'string' && s.model ? s.model : (env.TEZGAH_AI_MODEL?.trim() ?? ''),
    };
  }

  /** The kept key, only for the endpoint it was entered for. */
  private storedKey(): string | null {
    return boundSecret(this.deps.secrets, AI_KEY_SECRET, this.stored().base_url);
  }
}
