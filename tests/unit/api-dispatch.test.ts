// The one dispatcher every transport uses: unknown methods, inputs parsed with the contract's zod
// schemas (coded VALIDATION_ERROR naming the field, in both languages), errors mapped to coded,
// localized payloads. And the one client on top of it, over an in-memory transport.
import { describe, expect, it } from 'vitest';
import { API_METHODS, type ApiHandlers, type WireEvent, type WireResponse } from '../../shared/api/index.js';
import { ApiCallError, apiErrorOf, createApiClient } from '../../shared/api/client.js';
import { TezgahError, errorText } from '../../shared/errors.js';
import { dispatch, dispatchWire } from '../../electron/hosts/api/dispatch.js';

const machine = {
  id: 'mill-1',
  name: 'Shop mill',
  controller: 'grbl',
  envelope_mm: { x: 300, y: 200, z: 100 },
  zero: 'min',
  max_spindle_rpm: 24000,
  max_feed_mm_min: 3000,
  rapid_mm_min: 5000,
  tool_changer: false,
  tool_change_s: 30,
  coolant: false,
  supported_codes: ['G0', 'G1', 'M3'],
};

/** Handlers that record what they were given; the dispatcher is what is under test. */
function recordingHandlers() {
  const calls: { method: string; input: unknown }[] = [];
  const handlers = new Proxy({} as ApiHandlers, {
    get: (_t, method: string) => (input: unknown) => {
      calls.push({ method, input });
      if (method === 'jobs.get') throw new TezgahError('NOT_FOUND', { id: (input as { id: string }).id });
      if (method === 'jobs.cancel') throw new Error('database is locked');
      if (method === 'jobs.log') throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      return { echoed: input };
    },
  });
  return { handlers, calls };
}

describe('dispatch', () => {
  it('refuses an unknown method with UNKNOWN_METHOD, without calling anything', async () => {
    const { handlers, calls } = recordingHandlers();
    const r = await dispatch(handlers, 'fs.readFile', { path: '/etc/passwd' }, 'en', 7);
    expect(r).toMatchObject({ id: 7, ok: false, error: { code: 'UNKNOWN_METHOD', details: { method: 'fs.readFile' } } });
    expect(calls).toEqual([]);
    // inherited object keys are not methods either
    for (const m of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(((await dispatch(handlers, m, {}, 'en')) as { error: { code: string } }).error.code).toBe('UNKNOWN_METHOD');
    }
  });

  it('answers a bad input with VALIDATION_ERROR naming the field, in both languages, before the handler runs', async () => {
    const { handlers, calls } = recordingHandlers();
    const r = await dispatch(handlers, 'jobs.submit', { spec: { type: 'template', template: 'flange', params: { od: [1] } } }, 'en');
    expect(r.ok).toBe(false);
    const error = (r as Extract<WireResponse, { ok: false }>).error;
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details).toMatchObject({ field: 'spec.params.od', method: 'jobs.submit' });
    expect(error.hint).toContain('spec.params.od');
    const issues = error.details!.issues as { field: string; message: { en: string; tr: string } }[];
    expect(issues[0]!.field).toBe('spec.params.od');
    expect(issues[0]!.message.en).not.toBe(issues[0]!.message.tr);
    expect(calls).toEqual([]);

    const tr = await dispatch(handlers, 'library.upsertMachine', { ...machine, max_spindle_rpm: -5 }, 'tr');
    const trError = (tr as Extract<WireResponse, { ok: false }>).error;
    expect(trError).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: errorText('VALIDATION_ERROR', 'tr').message,
      details: { field: 'max_spindle_rpm' },
    });
    expect(trError.hint).toMatch(/^İşaretli alanı kontrol edin: max_spindle_rpm /);
  });

  it('rejects a non-object input for every method of the contract', async () => {
    const { handlers, calls } = recordingHandlers();
    for (const method of API_METHODS) {
      const r = await dispatch(handlers, method, 'DROP TABLE jobs', 'en');
      expect(r, method).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    }
    expect(calls).toEqual([]);
  });

  it('gives the handler the parsed input: defaults filled, unknown keys dropped', async () => {
    const { handlers, calls } = recordingHandlers();
    const r = await dispatch(handlers, 'library.upsertMachine', { ...machine, isAdmin: true }, 'en');
    expect(r.ok).toBe(true);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.input as Record<string, unknown>;
    expect(input.min_spindle_rpm).toBe(0); // zod default
    expect(input.units).toBe('mm');
    expect('isAdmin' in input).toBe(false);
    expect(await dispatch(handlers, 'app.info', undefined, 'en')).toMatchObject({ ok: true, output: { echoed: {} } });
  });

  it('maps errors to coded payloads in the caller’s language', async () => {
    const { handlers } = recordingHandlers();
    const notFound = await dispatch(handlers, 'jobs.get', { id: 'nope' }, 'tr');
    expect(notFound).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'İstenen öğe bulunamadı.', details: { id: 'nope' } },
    });

    const internal = await dispatch(handlers, 'jobs.cancel', { id: 'x' }, 'en');
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: { reason: 'database is locked' } } });

    const full = await dispatch(handlers, 'jobs.log', { id: 'x' }, 'en');
    expect(full).toMatchObject({ ok: false, error: { code: 'STORAGE_FULL' } });
  });

  it('refuses a malformed envelope, echoing the id when there is one', async () => {
    const { handlers, calls } = recordingHandlers();
    expect(await dispatchWire(handlers, { id: 3, input: {} }, 'en')).toMatchObject({
      id: 3,
      ok: false,
      error: { code: 'VALIDATION_ERROR', details: { field: 'method' } },
    });
    expect(await dispatchWire(handlers, 'hello', 'en')).toMatchObject({ id: 0, ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(await dispatchWire(handlers, { id: -1, method: 'app.info', input: {} }, 'en')).toMatchObject({ ok: false });
    expect(await dispatchWire(handlers, { id: 4, method: 'app.info', input: {} }, 'en')).toMatchObject({ id: 4, ok: true });
    expect(calls.map((c) => c.method)).toEqual(['app.info']);
  });
});

describe('createApiClient over the dispatcher', () => {
  function loopback(handlers: ApiHandlers) {
    let deliver: (m: WireResponse | WireEvent) => void = () => {};
    const client = createApiClient({
      send: (req) =>
        void dispatchWire(handlers, JSON.parse(JSON.stringify(req)), 'en').then((res) => deliver(JSON.parse(JSON.stringify(res)))),
      onMessage: (cb) => (deliver = cb),
    });
    return { client, emit: (m: WireEvent) => deliver(m) };
  }

  it('resolves outputs and rejects with an ApiCallError carrying the coded payload', async () => {
    const { handlers } = recordingHandlers();
    const { client } = loopback(handlers);
    await expect(client.call('settings.set', { units: 'inch' })).resolves.toEqual({ echoed: { units: 'inch' } });
    const err = await client.call('jobs.get', { id: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', details: { id: 'nope' } });
    expect(apiErrorOf(err).code).toBe('NOT_FOUND');
    // what crosses Electron's contextBridge is the plain payload: still readable
    expect(apiErrorOf({ ...(err as ApiCallError).payload }).code).toBe('NOT_FOUND');
    expect(apiErrorOf(new Error('boom'))).toMatchObject({ code: 'INTERNAL', details: { reason: 'boom' } });
  });

  it('keeps many calls in flight apart and delivers events to their listeners until unsubscribed', async () => {
    const { handlers } = recordingHandlers();
    const { client, emit } = loopback(handlers);
    const ids = Array.from({ length: 20 }, (_, i) => `job-${i}`);
    const results = await Promise.allSettled(ids.map((id) => client.call('jobs.retry', { id })));
    expect(results.map((r) => (r.status === 'fulfilled' ? (r.value as unknown as { echoed: { id: string } }).echoed.id : null))).toEqual(
      ids,
    );

    const seen: string[] = [];
    const off = client.on('job', (e) => seen.push(e.id));
    client.on('settings', () => seen.push('settings'));
    emit({ event: 'job', payload: { id: 'a' } });
    emit({ event: 'settings', payload: {} });
    off();
    emit({ event: 'job', payload: { id: 'b' } });
    expect(seen).toEqual(['a', 'settings']);
  });
});
