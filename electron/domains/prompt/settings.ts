// The AI assistant's endpoint as Settings keeps it: base URL and model in settings.json ('ai'
// section), the API key in the Workbench's secret store (never sent back to a renderer, only
// whether it is set). The prompt flow reads its endpoint from the environment's TEZGAH_AI_*
// (electron/domains/prompt/adapter.ts aiConfigFromEnv); aiEnv() lays the Settings over those, so both the
// CLI's environment and the app's Settings work, and Settings win.
import type { AiSettings } from '../../../shared/api.js';
import { TezgahError } from '../../../shared/errors.js';
import type { Workbench } from '../../app.js';
import { secretsKind, secretState } from '../../platform/secrets.js';
import { settingsOf } from '../../platform/settings.js';

export const AI_KEY_SECRET = 'ai.api-key';

function stored(wb: Workbench): { base_url: string; model: string } {
  const s = settingsOf(wb).section('ai') ?? {};
  return {
    base_url: typeof s.base_url === 'string' && s.base_url ? s.base_url : (wb.env.TEZGAH_AI_BASE_URL?.trim() ?? ''),
    model: typeof s.model === 'string' && s.model ? s.model : (wb.env.TEZGAH_AI_MODEL?.trim() ?? ''),
  };
}

function storedKey(wb: Workbench): string | null {
  try {
    return wb.secrets.get(AI_KEY_SECRET);
  } catch {
    return null;
  }
}

/** The environment the prompt flow reads its endpoint from, with Settings laid over it. */
export function aiEnv(wb: Workbench): NodeJS.ProcessEnv {
  const s = stored(wb);
  const key = storedKey(wb);
  return {
    ...wb.env,
    ...(s.base_url ? { TEZGAH_AI_BASE_URL: s.base_url } : {}),
    ...(s.model ? { TEZGAH_AI_MODEL: s.model } : {}),
    ...(key ? { TEZGAH_AI_API_KEY: key } : {}),
  };
}

export function aiSettings(wb: Workbench): AiSettings {
  const own = secretState(wb.secrets, AI_KEY_SECRET);
  return {
    ...stored(wb),
    api_key: own.set || !wb.env.TEZGAH_AI_API_KEY ? own : { set: true, masked: null },
    secrets_available: wb.secrets.available(),
    secrets_kind: secretsKind(wb.secrets),
  };
}

export function configureAi(wb: Workbench, input: { base_url?: string | undefined; model?: string | undefined; api_key?: string | undefined; clear_key?: boolean | undefined }): AiSettings {
  const next: Record<string, unknown> = { ...(settingsOf(wb).section('ai') ?? {}) };
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
        throw new TezgahError('CONFIG_INVALID', { setting: 'base_url', detail: `'${url}' is not an http(s) URL (e.g. https://api.openai.com/v1)` });
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
