// The AI assistant's endpoint as Settings keeps it: base URL and model in settings.json ('ai'
// section), the API key in the Workbench's secret store (never sent back to a renderer, only
// whether it is set). Without a Settings entry the environment applies (TEZGAH_AI_BASE_URL,
// TEZGAH_AI_MODEL, TEZGAH_AI_API_KEY / OPENAI_API_KEY).
import type { AiSettings } from '../../shared/api.js';
import { TezgahError } from '../../shared/errors.js';
import type { Workbench } from '../workbench.js';
import { secretsKind, secretState } from './secrets.js';
import { settingsOf } from './settings.js';

export const AI_KEY_SECRET = 'ai.api-key';
export const AI_DEFAULTS = { base_url: 'https://api.openai.com/v1', model: 'gpt-4o-mini' } as const;

/** What the prompt flow needs to reach the model (electron/ai/adapter.ts's AiAdapterConfig fields). */
export interface AiEndpoint {
  baseURL: string;
  model: string;
  apiKey?: string;
}

function stored(wb: Workbench): { base_url: string; model: string } {
  const s = settingsOf(wb).section('ai') ?? {};
  return {
    base_url: typeof s.base_url === 'string' && s.base_url ? s.base_url : wb.env.TEZGAH_AI_BASE_URL || AI_DEFAULTS.base_url,
    model: typeof s.model === 'string' && s.model ? s.model : wb.env.TEZGAH_AI_MODEL || AI_DEFAULTS.model,
  };
}

function apiKey(wb: Workbench): string | undefined {
  try {
    return wb.secrets.get(AI_KEY_SECRET) ?? wb.env.TEZGAH_AI_API_KEY ?? wb.env.OPENAI_API_KEY ?? undefined;
  } catch {
    return undefined;
  }
}

/** The endpoint the prompt flow calls now. */
export function aiEndpointOf(wb: Workbench): AiEndpoint {
  const s = stored(wb);
  const key = apiKey(wb);
  return { baseURL: s.base_url, model: s.model, ...(key ? { apiKey: key } : {}) };
}

export function aiSettings(wb: Workbench): AiSettings {
  const s = stored(wb);
  const own = secretState(wb.secrets, AI_KEY_SECRET);
  const envKey = wb.env.TEZGAH_AI_API_KEY || wb.env.OPENAI_API_KEY;
  return {
    ...s,
    api_key: own.set || !envKey ? own : { set: true, masked: null },
    secrets_available: wb.secrets.available(),
    secrets_kind: secretsKind(wb.secrets),
  };
}

export function configureAi(wb: Workbench, input: { base_url?: string | undefined; model?: string | undefined; api_key?: string | undefined; clear_key?: boolean | undefined }): AiSettings {
  const cur = settingsOf(wb).section('ai') ?? {};
  const next: Record<string, unknown> = { ...cur };
  if (input.base_url !== undefined) {
    const url = input.base_url.trim();
    if (url) {
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        throw new TezgahError('CONFIG_INVALID', { setting: 'base_url', detail: `'${url}' is not a URL (e.g. https://api.openai.com/v1)` });
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TezgahError('CONFIG_INVALID', { setting: 'base_url', detail: 'it must start with http:// or https://' });
    }
    next.base_url = url.replace(/\/+$/, '');
  }
  if (input.model !== undefined) next.model = input.model.trim();
  if (input.clear_key) wb.secrets.delete(AI_KEY_SECRET);
  const key = input.api_key?.trim();
  if (key) wb.secrets.set(AI_KEY_SECRET, key);
  settingsOf(wb).setSection('ai', next);
  return aiSettings(wb);
}
