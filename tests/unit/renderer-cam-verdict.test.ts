// The CAM page's and the shop floor's verdict: "Verified" only when the checks pass AND every
// feature of the part is made (issue 15: a released part with skipped holes said "Verified").
import { describe, expect, it } from 'vitest';
import type { CamToolpath } from '../../shared/api/index.js';
import { camVerdict, verdictText } from '../../renderer/features/cam/verdict.js';

const tp = (ok: boolean, errors: number, skipped: number) =>
  ({
    verification: { ok, findings: Array.from({ length: errors }, (_, i) => ({ code: 'X', severity: 'error', line: i + 1, message: '' })) },
    skipped: Array.from({ length: skipped }, () => ({ op: 'drill', detail: { en: 'no Ø9 drill', tr: 'Ø9 matkap yok' } })),
    notes: [],
  }) as unknown as CamToolpath;
const t = (k: string, o?: Record<string, unknown>) => `${k}:${o?.count}`;

describe('CAM verdict', () => {
  it('is Verified only with clean checks and nothing left unmade', () => {
    expect(camVerdict(tp(true, 0, 0))).toEqual({ ok: true, errors: 0, skipped: 0 });
    expect(camVerdict(tp(true, 0, 2)).ok).toBe(false);
    expect(camVerdict(tp(false, 1, 0)).ok).toBe(false);
  });
  it('names the problems first, else the features left unmade', () => {
    expect(verdictText(camVerdict(tp(true, 0, 2)), t)).toBe('cam.incomplete:2');
    expect(verdictText(camVerdict(tp(false, 3, 2)), t)).toBe('cam.notVerified:3');
  });
});
