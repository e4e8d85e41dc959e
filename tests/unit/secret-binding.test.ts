// A kept key goes only to the endpoint it was entered for: pointing Settings at another server
// drops it (unless a new key comes with the change), and plain http is for this machine only
// unless the user opts in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AiEndpoint } from '../../electron/domains/prompt/settings.js';
import { boundSecret, checkTransport, setBoundSecret } from '../../electron/platform/bound-secrets.js';
import { MemorySecretStore } from '../../electron/platform/secrets.js';
import { SettingsStore } from '../../electron/platform/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'tezgah-secret-binding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function ai() {
  const secrets = new MemorySecretStore();
  const settings = new SettingsStore(mkdtempSync(join(dir, `s${n++}-`)), 'en');
  return { secrets, endpoint: new AiEndpoint({ settings, secrets, env: {} }) };
}

describe('AI key bound to its endpoint', () => {
  it('drops the key when the base URL changes without a new key, and never sends it elsewhere', () => {
    const { secrets, endpoint } = ai();
    endpoint.configure({ base_url: 'https://llm.example.com/v1', model: 'm', api_key: 'sk-test-0123456789abcd' });
    expect(endpoint.env().TEZGAH_AI_API_KEY).toBe('sk-test-0123456789abcd');
    expect(endpoint.settings().api_key.set).toBe(true);
    // the model alone may change: same endpoint, key kept
    endpoint.configure({ model: 'm2' });
    expect(endpoint.env().TEZGAH_AI_API_KEY).toBe('sk-test-0123456789abcd');
    // another server: the key is gone, requests carry none, Settings asks for it again
    endpoint.configure({ base_url: 'https://attacker.example.net/v1' });
    expect(endpoint.env().TEZGAH_AI_API_KEY).toBeUndefined();
    expect(endpoint.settings().api_key).toEqual({ set: false, masked: null });
    expect(secrets.names()).toEqual([]);
    // a new key with the change is bound to the new endpoint
    endpoint.configure({ base_url: 'https://other.example.org/v1', api_key: 'sk-other-0123456789ab' });
    expect(endpoint.env().TEZGAH_AI_API_KEY).toBe('sk-other-0123456789ab');
  });

  it('refuses plain http to another machine unless the user opts in; loopback is fine', () => {
    const { endpoint } = ai();
    expect(() => endpoint.configure({ base_url: 'http://llm.lan:8080/v1' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: expect.objectContaining({ setting: 'base_url' }) }),
    );
    expect(() => endpoint.configure({ base_url: 'http://127.0.0.1:11434/v1' })).not.toThrow();
    expect(() => endpoint.configure({ base_url: 'http://localhost:11434/v1' })).not.toThrow();
    expect(() => endpoint.configure({ base_url: 'http://llm.lan:8080/v1', allow_insecure_http: true })).not.toThrow();
  });
});

describe('bound secrets', () => {
  it('reads a key only for its endpoint, and binds a key kept before bindings existed', () => {
    const s = new MemorySecretStore();
    setBoundSecret(s, 'k', 'v', 'https://a');
    expect(boundSecret(s, 'k', 'https://a')).toBe('v');
    expect(boundSecret(s, 'k', 'https://b')).toBeNull();
    const legacy = new MemorySecretStore({ old: 'v1' });
    expect(boundSecret(legacy, 'old', 'https://a')).toBe('v1');
    expect(boundSecret(legacy, 'old', 'https://b')).toBeNull();
  });

  it('allows https anywhere and http only to loopback without the opt-in', () => {
    expect(() => checkTransport('https://s3.example.com', 'endpoint', false)).not.toThrow();
    expect(() => checkTransport('http://[::1]:9000', 'endpoint', false)).not.toThrow();
    expect(() => checkTransport('http://10.0.0.5:9000', 'endpoint', false)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
