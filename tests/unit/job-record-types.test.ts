// JobRecord is a union keyed by the job's type: narrowing on `job.type` types the spec and the
// flow's result together, with no cast and no hand-written shape. tsc checks these lines (npm run
// typecheck covers tests/); the @ts-expect-error lines fail the typecheck if the narrowing is lost.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { JobRecord } from '../../shared/jobs.js';
import type { CamResult, ImportReport } from '../../shared/results/index.js';

function machineOf(job: JobRecord): string | null {
  if (job.type !== 'cam') {
    // @ts-expect-error a template, import, script or prompt spec has no machine
    void job.spec.machine;
    return null;
  }
  expectTypeOf(job.spec.type).toEqualTypeOf<'cam'>();
  expectTypeOf(job.document.result?.cam).toEqualTypeOf<CamResult | undefined>();
  return job.spec.machine;
}

function reportOf(job: JobRecord): ImportReport | null {
  if (job.type === 'import') {
    expectTypeOf(job.spec.path).toEqualTypeOf<string>();
    return job.document.result?.import ?? null;
  }
  // any other job names the import key too, as absent
  expectTypeOf(job.document.result?.import).toEqualTypeOf<undefined>();
  return null;
}

describe('JobRecord, a union keyed by type', () => {
  const base = {
    id: 'j',
    status: 'succeeded',
    spec_hash: 'h',
    idempotency_key: null,
    cached: false,
    progress: 1,
    current_step: null,
    metrics: null,
    error: null,
    created_at: '2026-12-03T00:00:00.000Z',
    started_at: null,
    finished_at: null,
    retry_of: null,
  } as const;

  it('narrows spec and result on job.type', () => {
    const template: JobRecord = {
      ...base,
      type: 'template',
      spec: { type: 'template', template: 'prism-with-hole', params: { length: 40 } },
      document: { steps: [] },
    };
    expect(machineOf(template)).toBeNull();
    expect(reportOf(template)).toBeNull();
  });
});
