import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import { isSecretName, Logger, REDACTED, redact } from '../../electron/platform/logger.js';

let dir: string;
const loggers: Logger[] = [];
const make = (opts: Partial<ConstructorParameters<typeof Logger>[0]> = {}) => {
  const l = new Logger({ dir, ...opts });
  loggers.push(l);
  return l;
};
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tezgah-log-'));
});
afterEach(() => {
  for (const l of loggers.splice(0)) l.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const lines = (file = 'app.log') =>
  fs
    .readFileSync(path.join(dir, file), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('Logger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const log = make({ now: () => new Date('2026-02-03T04:05:06.789Z') });
    log.log('info', 'job queued', { job_id: 'j1', type: 'template' });
    log.warn('slow step', { duration_ms: 1234 });
    expect(lines()).toEqual([
      { ts: '2026-02-03T04:05:06.789Z', level: 'info', msg: 'job queued', job_id: 'j1', type: 'template' },
      { ts: '2026-02-03T04:05:06.789Z', level: 'warn', msg: 'slow step', duration_ms: 1234 },
    ]);
  });

  it('drops lines below its level', () => {
    const log = make({ level: 'info' });
    log.debug('noise');
    log.error('boom');
    expect(lines().map((l) => l.msg)).toEqual(['boom']);
  });

  it('adds a child’s fields to every line, in the same file', () => {
    const log = make();
    const job = log.child({ job_id: 'j7' });
    const step = job.child({ step: 'model' });
    step.info('step started');
    job.info('job done', { artefacts: 3 });
    log.info('unrelated');
    expect(lines()).toEqual([
      expect.objectContaining({ msg: 'step started', job_id: 'j7', step: 'model' }),
      expect.objectContaining({ msg: 'job done', job_id: 'j7', artefacts: 3 }),
      expect.not.objectContaining({ job_id: expect.anything() }),
    ]);
  });

  it('rotates by size, keeping a bounded number of files', () => {
    const log = make({ maxBytes: 2000, keep: 3 });
    for (let i = 0; i < 200; i++) log.info('tick', { i, pad: 'x'.repeat(50) });
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['app.1.log', 'app.2.log', 'app.3.log', 'app.log']);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(2000);
    // newest lines in app.log, older ones in app.1.log, and no line is split across files
    const last = lines('app.log').map((l) => l.i as number);
    const prev = lines('app.1.log').map((l) => l.i as number);
    expect(last.at(-1)).toBe(199);
    expect(prev.at(-1)).toBe(last[0]! - 1);
  });

  it('continues an existing log after a restart and rotates it when full', () => {
    make({ maxBytes: 1000 }).info('before restart', { pad: 'y'.repeat(900) });
    const again = make({ maxBytes: 1000 });
    again.info('after restart', { pad: 'z'.repeat(200) });
    expect(lines('app.1.log').map((l) => l.msg)).toEqual(['before restart']);
    expect(lines('app.log').map((l) => l.msg)).toEqual(['after restart']);
  });

  it('returns a job’s lines across rotated files, oldest first', () => {
    const log = make({ maxBytes: 1500, keep: 5 });
    for (let i = 0; i < 60; i++) {
      log.child({ job_id: i % 2 ? 'job-odd' : 'job-even' }).info('progress', { i });
      log.info('mentions job-odd in text only', { i });
    }
    expect(fs.readdirSync(dir).length).toBeGreaterThan(2);
    const odd = log.jobLog('job-odd').map((l) => JSON.parse(l) as { i: number; job_id: string });
    expect(odd.every((l) => l.job_id === 'job-odd')).toBe(true);
    const is = odd.map((l) => l.i);
    expect(is).toEqual([...is].sort((a, b) => a - b));
    // rotation dropped the oldest lines but kept the newest
    expect(is.at(-1)).toBe(59);
    expect(log.jobLog('nobody')).toEqual([]);
  });

  it('never writes secrets', () => {
    const log = make();
    const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    log.info('calling provider with Authorization: Bearer sk-live-abcdefghijklmnopqrstuvwxyz012345', {
      api_key: 'sk-proj-AAAAAAAAAAAAAAAAAAAAAAAA',
      headers: { Authorization: 'Bearer abc.def.ghi', 'x-api-key': 'k-123', accept: 'application/json' },
      secretAccessKey: awsSecret,
      aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      password: 'hunter2',
      refresh_token: 'r-1',
      note: `copied config: secret=${awsSecret} id=AKIAIOSFODNN7EXAMPLE`,
      endpoint: 'https://user:p4ss@s3.example.com/bucket',
      jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    });
    const text = fs.readFileSync(path.join(dir, 'app.log'), 'utf8');
    for (const secret of [
      'sk-live-abcdef',
      'sk-proj-AAAA',
      'abc.def.ghi',
      'k-123',
      awsSecret,
      'AKIAIOSFODNN7EXAMPLE',
      'hunter2',
      'r-1',
      'p4ss',
      'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    const [line] = lines();
    expect(line).toMatchObject({
      api_key: REDACTED,
      password: REDACTED,
      headers: { accept: 'application/json' },
      endpoint: `https://user:${REDACTED}@s3.example.com/bucket`,
    });
  });

  it('keeps what only looks like a secret: ids, hashes and counts', () => {
    const sha1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
    const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const out = redact({
      idempotency_key: 'submit-42',
      remote_key: 'artefacts/sha256/ab',
      prompt_tokens: 812,
      commit: sha1,
      sha256,
      keep: 5,
      monkey: 'banana',
    });
    expect(out).toEqual({
      idempotency_key: 'submit-42',
      remote_key: 'artefacts/sha256/ab',
      prompt_tokens: 812,
      commit: sha1,
      sha256,
      keep: 5,
      monkey: 'banana',
    });
    expect(['apiKey', 'API_KEY', 'client-secret', 'sessionToken', 'Cookie', 'db_password', 'private_key'].every(isSecretName)).toBe(true);
  });

  it('logs errors with their code and details', () => {
    const log = make();
    log.error('job failed', { err: new TezgahError('STORAGE_FULL', { path: '/data' }) });
    const [line] = lines();
    expect(line!.err).toMatchObject({
      name: 'TezgahError',
      code: 'STORAGE_FULL',
      details: { path: '/data' },
      message: expect.stringContaining('STORAGE_FULL'),
    });
  });

  it('reports an unwritable log folder as STORAGE_IO', () => {
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, '');
    const log = new Logger({ dir: path.join(file, 'logs') });
    expect(() => log.info('x')).toThrow(expect.objectContaining({ code: 'STORAGE_IO' }));
  });
});
