// File grants: the only way the UI surfaces name a file (electron/platform/file-grants.ts).
import { describe, expect, it } from 'vitest';
import { grantedSpec } from '../../electron/hosts/api/jobs.js';
import { FileGrants } from '../../electron/platform/file-grants.js';
import { TezgahError } from '../../shared/errors.js';
import { JobSpec } from '../../shared/job-spec.js';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof TezgahError ? e.code : String(e);
  }
  return 'no error';
};

describe('file grants', () => {
  it('issues unguessable refs that resolve to the granted path, and nothing else resolves', () => {
    const g = new FileGrants();
    const a = g.grant('/home/u/a.step', 10);
    const b = g.grant('/home/u/a.step', 10);
    expect(a).toEqual({ ref: expect.stringMatching(/^file-grant:[0-9a-f]{32}$/), name: 'a.step', size: 10 });
    expect(a.ref).not.toBe(b.ref);
    expect(g.resolve(a.ref, 'path')).toBe('/home/u/a.step');
    for (const bad of ['/home/u/a.step', `${a.ref}x`, a.ref.toUpperCase(), 'file-grant:0123456789abcdef0123456789abcdef', ''])
      expect(code(() => g.resolve(bad, 'path'))).toBe('PATH_NOT_GRANTED');
    // another app's grants mean nothing here
    expect(code(() => new FileGrants().resolve(a.ref, 'path'))).toBe('PATH_NOT_GRANTED');
  });

  it('expires a grant after a day', () => {
    let now = 1_000_000;
    const g = new FileGrants(() => now);
    const a = g.grant('/x.stl', 1);
    now += 23 * 3600_000;
    expect(g.resolve(a.ref, 'path')).toBe('/x.stl');
    now += 2 * 3600_000;
    expect(code(() => g.resolve(a.ref, 'path'))).toBe('PATH_NOT_GRANTED');
  });

  it('puts the granted paths into an assembly’s file components; a bare path there is PATH_NOT_GRANTED', () => {
    const g = new FileGrants();
    const f = g.grant('/home/u/housing.step', 5);
    const spec = (path: string) => ({
      type: 'assembly' as const,
      assembly: {
        name: 'a',
        units: 'mm' as const,
        components: [
          { id: 'h', grounded: true, source: { type: 'file' as const, path } },
          { id: 'p', source: { type: 'job' as const, id: '0c1b2a39-5d6e-4f70-8a9b-0c1d2e3f4a5b' } },
        ],
        joints: [],
      },
    });
    const out = grantedSpec(spec(f.ref), g);
    expect(out.type === 'assembly' && out.assembly.components.map((c) => c.source)).toEqual([
      { type: 'file', path: '/home/u/housing.step' },
      { type: 'job', id: '0c1b2a39-5d6e-4f70-8a9b-0c1d2e3f4a5b' },
    ]);
    expect(code(() => grantedSpec(spec('/etc/shadow.step'), g))).toBe('PATH_NOT_GRANTED');
  });

  it('puts the granted paths into import and CAM specs; job ids and other specs pass as they are', () => {
    const g = new FileGrants();
    const f = g.grant('/home/u/part.step', 5);
    expect(grantedSpec({ type: 'import', path: f.ref, units: 'mm' }, g)).toEqual({
      type: 'import',
      path: '/home/u/part.step',
      units: 'mm',
    });
    expect(grantedSpec({ type: 'cam', part: f.ref, machine: 'm' }, g)).toMatchObject({ part: '/home/u/part.step' });
    const id = '0d6f3c2e-8a1b-4c5d-9e7f-112233445566';
    expect(grantedSpec({ type: 'cam', part: id, machine: 'm' }, g)).toMatchObject({ part: id });
    expect(code(() => grantedSpec({ type: 'cam', part: '/etc/passwd.step', machine: 'm' }, g))).toBe('PATH_NOT_GRANTED');
    expect(code(() => grantedSpec({ type: 'import', path: '/etc/shadow' }, g))).toBe('PATH_NOT_GRANTED');
  });

  it('holds a drawing job to the same rule: a granted file or a job id, never a bare path', () => {
    const g = new FileGrants();
    const f = g.grant('/home/u/part.step', 5);
    expect(grantedSpec({ type: 'drawing', part: f.ref }, g)).toMatchObject({ part: '/home/u/part.step' });
    const id = '0d6f3c2e-8a1b-4c5d-9e7f-112233445566';
    expect(grantedSpec({ type: 'drawing', part: id }, g)).toMatchObject({ part: id });
    expect(code(() => grantedSpec({ type: 'drawing', part: '/etc/passwd.step' }, g))).toBe('PATH_NOT_GRANTED');
  });

  it('every job type that takes a part refuses a bare path for it (a new domain cannot forget the rule)', () => {
    const g = new FileGrants();
    const f = g.grant('/home/u/part.step', 5);
    const withPart = JobSpec.options.filter((o) => 'part' in o.shape).map((o) => o.shape.type.value);
    expect(withPart).toEqual(expect.arrayContaining(['cam', 'drawing', 'fem']));
    for (const type of withPart) {
      const spec = { type, part: '/etc/passwd.step' } as unknown as JobSpec;
      expect(
        code(() => grantedSpec(spec, g)),
        type,
      ).toBe('PATH_NOT_GRANTED');
      expect(grantedSpec({ ...spec, part: f.ref } as JobSpec, g), type).toMatchObject({ part: '/home/u/part.step' });
    }
  });
});
