// The one registry of step names: log lines, the job document in SQLite and the UI labels all use it.
// The labels are in the catalogue (shared/i18n/steps.ts); a step without a label is a compile error.
import { STEP_TEXT } from './i18n/steps.js';

export const STEPS = STEP_TEXT;

export type StepName = keyof typeof STEPS;
export const STEP_NAMES = Object.keys(STEPS) as StepName[];
export function isStepName(s: unknown): s is StepName {
  return typeof s === 'string' && Object.hasOwn(STEPS, s);
}
