// Job manifests: the same job always gives the same bytes and content hash; what comes back from
// the store is distrusted (bytes, shape, content hash, file names).
import { describe, expect, it } from 'vitest';
import type { ArtefactInfo, JobRecord } from '../../shared/jobs.js';
import { ARTEFACT_MIME } from '../../electron/jobs/model-outputs.js';
import {
  buildManifest,
  contentHash,
  foldForSearch,
  manifestBytes,
  parseManifest,
  sha256Hex,
} from '../../electron/domains/sync/manifest.js';

const job: JobRecord = {
  id: '0b7c2f6e-5c1a-4c8e-9a51-1f2d3c4b5a69',
  type: 'template',
  status: 'succeeded',
  spec: { type: 'template', template: 'prism-with-hole', params: { length: 100, width: 60, height: 20, hole_diameter: 10 } },
  spec_hash: 'f'.repeat(64),
  idempotency_key: null,
  cached: false,
  progress: 1,
  current_step: null,
  document: { steps: [{ name: 'model', status: 'done' }] },
  metrics: null,
  error: null,
  created_at: '2026-11-02T10:00:00.000Z',
  started_at: '2026-11-02T10:00:00.100Z',
  finished_at: '2026-11-02T10:00:01.300Z',
  retry_of: null,
};
const art = (name: string, sha: string, kind: ArtefactInfo['kind'] = 'step'): ArtefactInfo => ({
  id: 1,
  job_id: job.id,
  kind,
  name,
  sha256: sha,
  size: 10,
  mime: 'model/step',
  meta: {},
  created_at: job.created_at,
});
const origin = { appVersion: '0.1.0', freecadVersion: '1.1.3', seatId: 'seat-a', user: 'ayşe', prefix: 'p' };

describe('job manifests', () => {
  it('are canonical: the same job gives the same bytes; file order and app version do not change the content hash', () => {
    const a = buildManifest(job, [art('a.step', '1'.repeat(64)), art('b.stl', '2'.repeat(64), 'stl')], origin);
    const b = buildManifest(job, [art('b.stl', '2'.repeat(64), 'stl'), art('a.step', '1'.repeat(64))], origin);
    expect(manifestBytes(a).equals(manifestBytes(b))).toBe(true);
    const newer = buildManifest(job, [art('a.step', '1'.repeat(64)), art('b.stl', '2'.repeat(64), 'stl')], {
      ...origin,
      appVersion: '0.2.0',
      seatId: 'seat-b',
    });
    expect(newer.content_sha256).toBe(a.content_sha256);
    const other = buildManifest(job, [art('a.step', '3'.repeat(64)), art('b.stl', '2'.repeat(64), 'stl')], origin);
    expect(other.content_sha256).not.toBe(a.content_sha256);
    expect(a.artefacts[0]!.key).toBe(`p/artefacts/sha256/${'1'.repeat(64)}`);
  });

  it('leave out the local process owner (host name and pid)', () => {
    const owned = { ...job, document: { ...job.document, owner: { pid: 4242, host: 'atolye-pc-3' } } } as JobRecord;
    const m = buildManifest(owned, [], origin);
    expect(JSON.stringify(m)).not.toContain('atolye-pc-3');
    expect(m.content_sha256).toBe(buildManifest(job, [], origin).content_sha256);
  });

  it('come back only when bytes, shape and content hash agree', () => {
    const m = buildManifest(job, [art('a.step', '1'.repeat(64))], origin);
    const bytes = manifestBytes(m);
    expect(parseManifest(bytes, 'k', sha256Hex(bytes))).toEqual(m);

    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 3] = flipped[flipped.length - 3]! ^ 1;
    expect(() => parseManifest(flipped, 'k', sha256Hex(bytes))).toThrow(/SYNC_INTEGRITY/);
    expect(() => parseManifest(Buffer.from('{not json'), 'k')).toThrow(/SYNC_INTEGRITY/);

    const edited = { ...m, metrics: { solids: 2 } };
    expect(() => parseManifest(Buffer.from(JSON.stringify(edited)), 'k')).toThrow(/SYNC_INTEGRITY/);

    for (const name of ['../../.bashrc', 'dir/x.step', '.hidden']) {
      const evil = { ...m, artefacts: [{ ...m.artefacts[0]!, name }] };
      evil.content_sha256 = contentHash(evil);
      expect(() => parseManifest(Buffer.from(JSON.stringify(evil)), 'k')).toThrow(/SYNC_INTEGRITY/);
    }
  });

  // What an attacker with write access to the bucket can do: any content, with a content hash that adds up.
  const forge = (patch: (m: Record<string, any>) => void): Buffer => {
    const m = JSON.parse(JSON.stringify(buildManifest(job, [art('a.step', '1'.repeat(64))], origin)));
    patch(m);
    m.content_sha256 = contentHash(m);
    return Buffer.from(JSON.stringify(m));
  };
  const refused = (bytes: Buffer) => {
    try {
      parseManifest(bytes, 'k');
    } catch (e) {
      return e as { code: string; details: Record<string, unknown> };
    }
    throw new Error('the manifest was accepted');
  };

  it('refuse a job that is not finished, or whose spec does not parse as a JobSpec', () => {
    for (const status of ['queued', 'running', 'paused']) {
      expect(refused(forge((m) => (m.job.status = status)))).toMatchObject({ code: 'SYNC_INTEGRITY', details: { field: 'job.status' } });
    }
    expect(refused(forge((m) => (m.job.spec = { type: 'template', template: 'shaft', params: { d: { $where: 'x' } } })))).toMatchObject({
      code: 'SYNC_INTEGRITY',
    });
    expect(refused(forge((m) => (m.job.spec = { type: 'shell', command: 'rm -rf ~' })))).toMatchObject({ code: 'SYNC_INTEGRITY' });
    // a script spec under a template job: the job type and the spec's type must agree
    expect(refused(forge((m) => (m.job.spec = { type: 'script', source: 'import os' })))).toMatchObject({ code: 'SYNC_INTEGRITY' });
    expect(refused(forge((m) => (m.job.type = 'shell')))).toMatchObject({ code: 'SYNC_INTEGRITY', details: { field: 'job.type' } });
    for (const id of ['../../etc/passwd', 'a/b', '', 'x'.repeat(200)])
      expect(refused(forge((m) => (m.job.id = id)))).toMatchObject({ code: 'SYNC_INTEGRITY' });
    expect(refused(forge((m) => (m.job.document = { steps: [{ name: 'rm -rf', status: 'done' }] })))).toMatchObject({
      code: 'SYNC_INTEGRITY',
    });
    expect(refused(forge((m) => (m.job.created_at = 'yesterday')))).toMatchObject({ code: 'SYNC_INTEGRITY' });
    expect(refused(forge((m) => (m.job.spec_hash = 'x')))).toMatchObject({ code: 'SYNC_INTEGRITY' });
  });

  it('refuse file MIME types outside the allow-list, unknown kinds, bad names, sizes and hashes', () => {
    const bad = (patch: (a: Record<string, any>) => void) => refused(forge((m) => patch(m.artefacts[0])));
    for (const mime of ['model/step\r\nX: 1', 'text/html', 'application/x-sh', 'model/step; charset=utf-8', '']) {
      expect(bad((a) => (a.mime = mime))).toMatchObject({ code: 'SYNC_INTEGRITY', details: { field: 'artefacts.0.mime' } });
    }
    expect(bad((a) => (a.kind = 'exe'))).toMatchObject({ code: 'SYNC_INTEGRITY', details: { field: 'artefacts.0.kind' } });
    for (const name of ['../x.step', '..\\x.step', 'a\u0000.step', 'a\r\n.step', 'a\u007f.step', '..', 'x'.repeat(201)]) {
      expect(bad((a) => (a.name = name))).toMatchObject({ code: 'SYNC_INTEGRITY', details: { field: 'artefacts.0.name' } });
    }
    for (const size of [-1, 1.5, 2 ** 60, '10'])
      expect(bad((a) => (a.size = size))).toMatchObject({ code: 'SYNC_INTEGRITY', details: { field: 'artefacts.0.size' } });
    for (const sha of ['A'.repeat(64), '1'.repeat(63), `${'1'.repeat(63)}g`])
      expect(bad((a) => (a.sha256 = sha))).toMatchObject({ code: 'SYNC_INTEGRITY' });
    expect(bad((a) => (a.key = 'elsewhere/secret'))).toMatchObject({ code: 'SYNC_INTEGRITY', details: { field: 'artefacts.0.key' } });
  });

  it('accept every MIME type this app writes', () => {
    for (const mime of Object.values(ARTEFACT_MIME))
      expect(
        parseManifest(
          forge((m) => (m.artefacts[0].mime = mime)),
          'k',
        ).artefacts[0]!.mime,
      ).toBe(mime);
    expect(
      parseManifest(
        forge((m) => (m.artefacts[0].mime = 'text/x-gcode')),
        'k',
      ).artefacts[0]!.mime,
    ).toBe('text/x-gcode');
  });

  it('fold search text so İ, ı, ş and plain letters match', () => {
    expect(foldForSearch('AYŞE İSTANBUL ılık')).toBe('ayse istanbul ilik');
  });
});
