// Every user-facing text of Tezgah, in one catalogue of `{ en, tr }` leaves (see text.ts). The main
// process reads the domain parts directly (ERRORS, STEP_TEXT, …); the renderer hands the whole
// catalogue to i18next, one language at a time (`resources`), so `t('steps.model')` and
// `t('errors.CAM_FAILED.message')` read the same words the CLI prints.
//
// Adding a text: put `key: { en: '…', tr: '…' }` in the domain's file (a missing language does not
// compile), parameters as {{name}}; the main process fills it with `render` (both languages, kept in
// a job document, e.g. an error's details.detail) or `say` (one language); the renderer calls
// t('<namespace>.<key>'). tests/unit/shared-i18n.test.ts checks both languages and their placeholders.
// A top-level key of UI must not reuse a namespace name below (the spread would hide it).
import { ASSEMBLY_TEXT } from './assembly.js';
import { CAM_TEXT, GCODE_TEXT, OPERATION_TEXT } from './cam.js';
import { DRAWING_TEXT, TITLE_BLOCK_LABELS } from './drawing.js';
import { CONFIG_TEXT, ERRORS, SETTING_NAMES } from './errors.js';
import { EXPORT_FORMAT_NAMES, EXPORT_TEXT } from './export.js';
import { DFM_TEXT } from './dfm.js';
import { FEM_TEXT } from './fem.js';
import { IMPORT_TEXT } from './import.js';
import { MACHINE_NAMES, TOOL_NAMES } from './library.js';
import { POLICY_TEXT } from './policy.js';
import { STEP_TEXT } from './steps.js';
import { RULE_TERMS, RULE_TEXT, TEMPLATE_TEXT } from './templates.js';
import { textsIn, type Catalog, type Lang } from './text.js';
import { UI } from './ui.js';
import { UNIT_TEXT } from './units.js';

export * from './text.js';
export { operationLabel } from './cam.js';
export { libraryName, MACHINE_NAMES, TOOL_NAMES } from './library.js';
export { UNIT_TEXT };
export {
  ASSEMBLY_TEXT,
  CAM_TEXT,
  CONFIG_TEXT,
  DFM_TEXT,
  DRAWING_TEXT,
  ERRORS,
  EXPORT_FORMAT_NAMES,
  EXPORT_TEXT,
  FEM_TEXT,
  GCODE_TEXT,
  IMPORT_TEXT,
  OPERATION_TEXT,
  POLICY_TEXT,
  RULE_TERMS,
  RULE_TEXT,
  SETTING_NAMES,
  STEP_TEXT,
  TEMPLATE_TEXT,
  UI,
};

/** The whole catalogue: the renderer's pages at the top level, the domains' texts beside them. */
export const CATALOG = {
  ...UI,
  errors: ERRORS,
  settingNames: SETTING_NAMES,
  configText: CONFIG_TEXT,
  steps: STEP_TEXT,
  templates: TEMPLATE_TEXT,
  rules: RULE_TEXT,
  ruleTerms: RULE_TERMS,
  operation: OPERATION_TEXT,
  camText: CAM_TEXT,
  drawingText: DRAWING_TEXT,
  titleBlock: TITLE_BLOCK_LABELS,
  gcode: GCODE_TEXT,
  importText: IMPORT_TEXT,
  assemblyText: ASSEMBLY_TEXT,
  femText: FEM_TEXT,
  exportText: EXPORT_TEXT,
  exportFormats: EXPORT_FORMAT_NAMES,
  dfmText: DFM_TEXT,
  policy: POLICY_TEXT,
  units: UNIT_TEXT,
  machineNames: MACHINE_NAMES,
  toolNames: TOOL_NAMES,
} as const satisfies Catalog;

/** i18next resources, built from the catalogue (no loading from anywhere: the app works offline). */
export function resourcesFor(lang: Lang) {
  return { translation: textsIn(CATALOG, lang) };
}
