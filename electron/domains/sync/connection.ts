// "Test connection": says exactly what works and what does not, in order: config, DNS,
// connection, TLS, credentials, bucket, read, write (a small seat record under seats/).
import { say, UI } from '../../../shared/i18n/index.js';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { toErrorPayload } from '../../../shared/errors.js';
import { describeStore, seatKey } from './config.js';
import type { SyncCore } from './core.js';
import { classifyS3Error, notConfigured } from './errors.js';
import { sha256Hex } from './manifest.js';
import { MANIFEST_TYPE } from './push.js';
import type { ConnectionReport, ConnectionStep } from './types.js';

const ORDER: ConnectionStep[] = ['config', 'dns', 'connect', 'tls', 'credentials', 'bucket', 'read', 'write'];

/** Which step a failed probe points at, from the cause the classifier found. */
function stepOfCause(cause: string): ConnectionStep {
  if (cause === 'dns') return 'dns';
  if (cause === 'tls') return 'tls';
  if (cause === 'refused' || cause === 'network' || cause === 'server') return 'connect';
  if (cause === 'credentials' || cause === 'no_credentials') return 'credentials';
  if (cause === 'bucket' || cause === 'region') return 'bucket';
  return 'read';
}

export async function testConnection(core: SyncCore): Promise<ConnectionReport> {
  const steps: ConnectionReport['steps'] = [];
  const finish = (failedAt: ConnectionStep | null, err: unknown): ConnectionReport => {
    const error = err ? toErrorPayload(core.failure(err), core.lang) : null;
    if (failedAt) {
      for (const s of ORDER.slice(ORDER.indexOf(failedAt))) {
        if (steps.some((x) => x.step === s)) continue;
        steps.push(
          s === failedAt ? { step: s, ok: false, detail: String(error?.details?.detail ?? error?.message ?? '') } : { step: s, ok: null },
        );
      }
    }
    return { ok: !failedAt, store: core.config ? describeStore(core.config) : null, steps, error };
  };
  const config = core.config;
  const store = core.store;
  if (!config || !store) return finish('config', notConfigured());
  steps.push({ step: 'config', ok: true, detail: describeStore(config) });
  const host = store.host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  if (isIP(host) || host === 'localhost') steps.push({ step: 'dns', ok: true, detail: say(UI.sync.check.noLookup, core.lang, { host }) });
  else {
    try {
      const a = await lookup(host);
      steps.push({ step: 'dns', ok: true, detail: `${host} → ${a.address}` });
    } catch (e) {
      return finish('dns', classifyS3Error(e, store.ctx('probe')));
    }
  }
  try {
    await store.probe(core.abort.signal);
    const tls = !config.endpoint || config.endpoint.startsWith('https:');
    steps.push(
      { step: 'connect', ok: true, detail: store.host },
      { step: 'tls', ok: tls ? true : null, detail: say(tls ? UI.sync.check.tlsVerified : UI.sync.check.plainHttp, core.lang) },
    );
    steps.push({ step: 'credentials', ok: true }, { step: 'bucket', ok: true, detail: config.bucket }, { step: 'read', ok: true });
  } catch (e) {
    const f = core.failure(e);
    const at = stepOfCause(String(f.details?.cause ?? ''));
    for (const s of ORDER.slice(1, ORDER.indexOf(at))) if (!steps.some((x) => x.step === s)) steps.push({ step: s, ok: true });
    return finish(at, f);
  }
  try {
    const record = { seat_id: core.seatId, user: core.user(), app_version: core.deps.appVersion, last_seen: new Date().toISOString() };
    const key = seatKey(config.prefix, core.seatId);
    const body = Buffer.from(JSON.stringify(record));
    await store.putBytes(key, body, { contentType: MANIFEST_TYPE, signal: core.abort.signal });
    await store.verifyUploaded(key, sha256Hex(body), body.byteLength, core.abort.signal);
    steps.push({ step: 'write', ok: true, detail: key });
  } catch (e) {
    return finish('write', e);
  }
  return finish(null, null);
}
