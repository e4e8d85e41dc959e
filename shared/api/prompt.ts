// The API contract's prompt methods. Parts from a prompt: the OpenAI-compatible endpoint, its model and its key.
import { z } from 'zod';
import { out, Secret, type SecretState } from './contract.js';

export interface AiSettings {
  base_url: string;
  model: string;
  api_key: SecretState;
  /** keys can be kept (Electron: the OS keychain; browser host: this process's memory only) */
  secrets_available: boolean;
  /** where keys are kept: 'keychain' | 'memory' */
  secrets_kind: string;
}

export const promptMethods = {
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
} as const;
