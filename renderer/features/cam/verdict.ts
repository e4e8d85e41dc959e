// What the CAM page and the shop floor say of a program: one rule for both.
import type { CamToolpath } from '../../../shared/api/index.js';

/**
 * The program's verdict as the page states it: "Verified" only when the checks pass and every
 * feature of the part is made; else the problems, or the features left unmade.
 */
export function camVerdict(toolpath: CamToolpath): { ok: boolean; errors: number; skipped: number } {
  const errors = toolpath.verification.findings.filter((f) => f.severity === 'error').length;
  const skipped = toolpath.skipped.length;
  return { ok: toolpath.verification.ok && skipped === 0, errors, skipped };
}

/** The words for a verdict that is not "Verified". */
export function verdictText(v: ReturnType<typeof camVerdict>, t: (k: string, o?: Record<string, unknown>) => string): string {
  return v.errors ? t('cam.notVerified', { count: v.errors }) : t('cam.incomplete', { count: v.skipped });
}
