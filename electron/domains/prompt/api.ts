// The AI assistant's API group: its endpoint as Settings shows and changes it (the key never comes back).
import type { ApiGroup } from '../../../shared/api/index.js';
import type { AiEndpoint } from './settings.js';

export function aiApi(ai: AiEndpoint): ApiGroup<'ai'> {
  return {
    'ai.settings': () => ai.settings(),
    'ai.configure': (input) => ai.configure(input),
  };
}
