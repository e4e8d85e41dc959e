// How the worker's words become stable error codes and trusted events.
import { describe, expect, it } from 'vitest';
import { errorText } from '../../shared/errors.js';
import {
  classifyWorkerError,
  parseWorkerLine,
  WorkerResultFile,
  workerErrorToTezgah,
  type WorkerErrorRecord,
} from '../../freecad-bridge/src/protocol.js';

const rec = (over: Partial<WorkerErrorRecord>): WorkerErrorRecord => ({
  exception_class: 'OCCError',
  message: 'x',
  phase: 'model',
  ...over,
});

describe('classifyWorkerError', () => {
  it.each([
    [{ operation: 'fillet', message: 'BRep_API: command not done' }, 'FC_FILLET_CHAMFER_FAILED'],
    [{ operation: 'chamfer', message: 'anything' }, 'FC_FILLET_CHAMFER_FAILED'],
    [{ message: 'Failed to make fillet' }, 'FC_FILLET_CHAMFER_FAILED'],
    [{ operation: 'cut', message: 'BRep_API: command not done' }, 'FC_BOOLEAN_FAILED'],
    [{ message: 'BOPAlgo_AlertTooFewArguments' }, 'FC_BOOLEAN_FAILED'],
    [{ message: '15StdFail_NotDone BRep_API: command not done' }, 'FC_GEOM_INVALID_SHAPE'],
    [{ exception_class: 'ValueError', message: 'Shape is null' }, 'FC_GEOM_INVALID_SHAPE'],
    [{ phase: 'recompute', exception_class: 'RuntimeError', message: 'boom' }, 'FC_RECOMPUTE_FAILED'],
    [{ phase: 'export', exception_class: 'OSError', message: 'disk' }, 'FC_EXPORT_FAILED'],
    [{ phase: 'mesh', exception_class: 'RuntimeError', message: 'mesher' }, 'FC_EXPORT_FAILED'],
    [{ exception_class: 'ZeroDivisionError', message: 'division by zero' }, 'FC_RUNTIME'],
  ] as const)('%j → %s', (over, code) => {
    expect(classifyWorkerError(rec(over))).toBe(code);
  });

  it('keeps an explicit code from the flow, except codes only the bridge may decide', () => {
    expect(classifyWorkerError(rec({ code: 'UNKNOWN_TEMPLATE', operation: 'fillet' }))).toBe('UNKNOWN_TEMPLATE');
    expect(classifyWorkerError(rec({ code: 'FC_GEOM_INVALID_SHAPE', operation: 'cut' }))).toBe('FC_GEOM_INVALID_SHAPE');
    expect(classifyWorkerError(rec({ code: 'CANCELLED', exception_class: 'RuntimeError' }))).toBe('FC_RUNTIME');
    expect(classifyWorkerError(rec({ code: 'NOT_A_REAL_CODE', exception_class: 'RuntimeError' }))).toBe('FC_RUNTIME');
  });
});

describe('workerErrorToTezgah', () => {
  it('keeps class, phase, operation and traceback for the job log, and fills the hint', () => {
    const e = workerErrorToTezgah(
      rec({ exception_class: 'RuntimeError', message: '\n  first line\nsecond', traceback: 'Traceback …', phase: 'model' }),
    );
    expect(e.code).toBe('FC_RUNTIME');
    expect(e.details).toMatchObject({ exception_class: 'RuntimeError', phase: 'model', first: 'first line', traceback: 'Traceback …' });
    expect(errorText(e.code, 'en', e.details).hint).toBe('first line');
  });

  it('passes the flow’s own details through (e.g. the field of a validation error)', () => {
    const e = workerErrorToTezgah(
      rec({ code: 'VALIDATION_ERROR', exception_class: 'FlowError', details: { field: 'length', detail: 'must be a number' } }),
    );
    expect(errorText(e.code, 'tr', e.details).hint).toContain('length');
  });
});

describe('parseWorkerLine', () => {
  it('accepts protocol events', () => {
    expect(parseWorkerLine('{"event":"progress","job_id":"j","step":"export_step","status":"done","duration_ms":7.5}')).toMatchObject({
      step: 'export_step',
    });
    expect(parseWorkerLine('{"event":"done","job_id":"j","result":"/tmp/job/result.json","rss_mb":140,"peak_rss_mb":141}')).toMatchObject({
      event: 'done',
    });
  });

  it('rejects noise, unknown steps and unknown events', () => {
    expect(parseWorkerLine('Recompute......')).toBeNull();
    expect(parseWorkerLine('{"event":"progress","job_id":"j","step":"teleport","status":"done"}')).toBeNull();
    expect(parseWorkerLine('{"event":"hello"}')).toBeNull();
  });
});

describe('WorkerResultFile', () => {
  const base = { durations_ms: {}, freecad_version: '1.1.3', worker_peak_rss_mb: 120 };
  it('refuses output names that leave the job dir', () => {
    for (const file of ['../x.step', '/etc/passwd', 'a/b.stl', '..']) {
      const r = WorkerResultFile.safeParse({ ok: true, outputs: [{ kind: 'step', file }], metrics: null, warnings: [], data: {}, ...base });
      expect(r.success, file).toBe(false);
    }
  });
  it('refuses warnings with codes outside the catalogue', () => {
    const r = WorkerResultFile.safeParse({ ok: true, outputs: [], metrics: null, warnings: [{ code: 'MADE_UP' }], data: {}, ...base });
    expect(r.success).toBe(false);
  });
});
