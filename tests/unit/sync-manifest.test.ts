// Job manifests: the same job always gives the same bytes and content hash; what comes back from
// the store is distrusted (bytes, shape, content hash, file names).
import { describe, expect, it } from 'vitest';
import type { ArtefactInfo, JobRecord } from '../../shared/jobs.js';
import { buildManifest, contentHash, foldForSearch, manifestBytes, parseManifest, sha256Hex } from '../../electron/domains/sync/manifest.js';

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
    const newer = buildManifest(job, [art('a.step', '1'.repeat(64)), art('b.stl', '2'.repeat(64), 'stl')], { ...origin, appVersion: '0.2.0', seatId: 'seat-b' });
    expect(newer.content_sha256).toBe(a.content_sha256);
    const other = buildManifest(job, [art('a.step', '3'.repeat(64)), art('b.stl', '2'.repeat(64), 'stl')], origin);
    expect(other.content_sha256).not.toBe(a.content_sha256);
    expect(a.artefacts[0]!.key).toBe(`p/artefacts/sha256/${'1'.repeat(64)}`);
  });

  it('leave out the local process owner (host name and pid)', () => {
    const owned = { ...job, document: { ...job.document, owner: { pid: 4242, host: 'atolye-pc-3' } } as JobRecord['document'] };
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

  it('fold search text so İ, ı, ş and plain letters match', () => {
    expect(foldForSearch('AYŞE İSTANBUL ılık')).toBe('ayse istanbul ilik');
  });
});
