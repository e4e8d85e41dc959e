// Static script policy: checkScript() and its report types. rules.json is the shared rule list.
export { checkScript } from './check.js';
export { CANONICAL_HEADER } from './canonical.js';
export type { PolicyCode, PolicyFinding, PolicyReport, PolicyRule } from './types.js';
