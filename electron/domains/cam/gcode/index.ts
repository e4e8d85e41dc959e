// The G-code verifier: parse any G-code file and check it against a machine, tools and stock.
export { parseGcode, modalGroup, normaliseCode } from './parser.js';
export type { GcodeBlock, ParsedGcode, ParseProblem, ModalGroup } from './parser.js';
export { verifyGcode } from './verifier.js';
export type { StockBox, VerifyOptions } from './verifier.js';
export type { BoundsMm, GcodeFinding, GcodeReport, Segment, Vec3 } from './types.js';
