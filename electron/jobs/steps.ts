// The step registry lives in shared/ so the renderer can label steps; main-process code imports it here.
export { STEPS, STEP_NAMES, isStepName, type StepName } from '../../shared/steps.js';
