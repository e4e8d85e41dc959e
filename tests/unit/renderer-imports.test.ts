// Dropped files → import jobs: each file is one item with its own upload progress and job; what
// the host refuses (empty, too big) fails early with its code; options go into the spec; and the
// import report is read field by field.
import { describe, expect, it } from 'vitest';
import type { ApiClient, HostFile } from '../../shared/api/index.js';
import { ImportJobSpec, type JobRecord } from '../../shared/jobs.js';
import { createImportsStore, importFiles, importHostFiles, importSpec, MAX_IMPORT_BYTES } from '../../renderer/features/import/store.js';
import { reportOf } from '../../renderer/features/import/report.js';

function fakeApi(calls: unknown[]): ApiClient {
  let n = 0;
  return {
    call: (async (method: string, input: { spec: { path: string } }) => {
      calls.push({ method, input });
      return {
        id: `job-${++n}`,
        type: 'import',
        status: 'queued',
        spec: input.spec,
        created_at: new Date().toISOString(),
        progress: 0,
        document: { steps: [] },
      } as unknown as JobRecord;
    }) as ApiClient['call'],
    on: () => () => undefined,
  };
}

const file = (name: string, size: number) => ({ name, size }) as File;

describe('import queue', () => {
  it('uploads each file, then submits one import job per file with the chosen options', async () => {
    const store = createImportsStore();
    store.getState().setOptions({ units: 'in', repair: true });
    const calls: unknown[] = [];
    const progress: number[] = [];
    const toHost = async (f: File, onProgress: (x: number) => void): Promise<HostFile> => {
      onProgress(0.5);
      progress.push(store.getState().items.find((i) => i.name === f.name)!.upload);
      return { ref: `file-grant:${f.name}`, name: f.name, size: f.size };
    };
    const jobs = await importFiles([file('a.step', 10), file('b.stl', 20)], { api: fakeApi(calls), toHost, store });
    expect(jobs.map((j) => j.id).sort()).toEqual(['job-1', 'job-2']);
    expect(progress).toEqual([0.5, 0.5]);
    expect(calls).toContainEqual({
      method: 'jobs.submit',
      input: { spec: { type: 'import', path: 'file-grant:a.step', units: 'in', repair: true } },
    });
    const items = store.getState().items;
    expect(items.map((i) => [i.name, i.phase, i.jobId !== null])).toEqual([
      ['a.step', 'submitted', true],
      ['b.stl', 'submitted', true],
    ]);
  });

  it('refuses empty and oversized files before sending a byte, and keeps going with the rest', async () => {
    const store = createImportsStore();
    const sent: string[] = [];
    const toHost = async (f: File): Promise<HostFile> => {
      sent.push(f.name);
      return { ref: `file-grant:${f.name}`, name: f.name, size: f.size };
    };
    const jobs = await importFiles([file('empty.stl', 0), file('huge.step', MAX_IMPORT_BYTES + 1), file('ok.obj', 5)], {
      api: fakeApi([]),
      toHost,
      store,
    });
    expect(sent).toEqual(['ok.obj']);
    expect(jobs).toHaveLength(1);
    const byName = Object.fromEntries(store.getState().items.map((i) => [i.name, i]));
    expect((byName['empty.stl']!.error as { code: string }).code).toBe('UPLOAD_EMPTY');
    expect((byName['huge.step']!.error as { code: string }).code).toBe('UPLOAD_TOO_LARGE');
    store.getState().clearFinished();
    expect(store.getState().items).toEqual([]);
  });

  it('records an upload the host refused with its coded error', async () => {
    const store = createImportsStore();
    const toHost = async (): Promise<HostFile> => {
      throw { code: 'UPLOAD_TOO_LARGE', message: 'too big', hint: '', details: { limit_mb: 512 } };
    };
    expect(await importFiles([file('x.step', 3)], { api: fakeApi([]), toHost, store })).toEqual([]);
    expect(store.getState().items[0]).toMatchObject({ phase: 'failed', error: { code: 'UPLOAD_TOO_LARGE' } });
  });

  it('imports files the Electron dialog picked without uploading them', async () => {
    const store = createImportsStore();
    const calls: { input: { spec: unknown } }[] = [];
    const jobs = await importHostFiles([{ ref: 'file-grant:0123', name: 'part.step', size: 9 }], {
      api: fakeApi(calls as unknown[]),
      store,
    });
    expect(jobs).toHaveLength(1);
    expect(calls[0]!.input.spec).toEqual({ type: 'import', path: 'file-grant:0123' });
  });

  it('builds specs the contract accepts', () => {
    const spec = importSpec('/x.igs', { units: 'auto', z_up: true, center: true, repair: false, require_solid: true });
    expect(spec).toEqual({ type: 'import', path: '/x.igs', z_up: true, center: true, require_solid: true });
    expect(ImportJobSpec.safeParse(spec).success).toBe(true);
  });
});

describe('import report', () => {
  it('reads what a report has and skips what it lacks', () => {
    const r = reportOf({
      import: {
        source: { name: 'screw.step', size_bytes: 88552, variant: 'p21', protocol: 'AP214', originating_system: 'EUCLID' },
        format: 'step',
        units_detected: 'mm',
        units_used: 'mm',
        units_source: 'file',
        parts: [{ name: 'screw', path: 'screw', kind: 'solid', faces: 10, valid: true, colour: null }, 'junk'],
        assembly: [{ name: 'screw', part: true }],
        mesh: null,
        conversions: [{ kind: 'scale', factor: 1 }],
        repairs: [],
        warnings: [{ code: 'UNITS_ASSUMED', message: 'assumed', details: { unit: 'mm' } }, { nope: 1 }],
        notes: [{ en: 'n1', tr: 'n1 tr' }, 3],
      },
    })!;
    expect(r.source).toEqual({ name: 'screw.step', size_bytes: 88552, variant: 'p21', protocol: 'AP214', originating_system: 'EUCLID' });
    expect(r.parts).toHaveLength(1);
    expect(r.warnings).toEqual([{ code: 'UNITS_ASSUMED', message: 'assumed', hint: '', details: { unit: 'mm' } }]);
    expect(r.notes).toEqual([{ en: 'n1', tr: 'n1 tr' }]);
    expect(r.conversions).toEqual([{ kind: 'scale', factor: 1 }]);
    expect(reportOf({})).toBeNull();
    expect(reportOf(undefined)).toBeNull();
  });
});
