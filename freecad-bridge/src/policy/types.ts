// The script policy's report: what the job manager stores and what the UI shows per finding.

export type PolicyCode = 'INVALID_SYNTAX' | 'SECURITY_VIOLATION' | 'API_NOT_FOUND' | 'DIMENSION_ERROR';

/** Which rule produced a finding (stable; tests and the UI may key on it). */
export type PolicyRule =
  | 'syntax'
  | 'too-large'
  | 'forbidden-name'
  | 'forbidden-module'
  | 'import'
  | 'dunder'
  | 'dunder-string'
  | 'private-attribute'
  | 'forbidden-attribute'
  | 'file-io'
  | 'numpy-subset'
  | 'qt'
  | 'homoglyph'
  | 'format-string'
  | 'decorator'
  | 'metaclass'
  | 'object-type'
  | 'property-type'
  | 'expression'
  | 'path-argument'
  | 'huge-constant'
  | 'unbounded-loop'
  | 'api'
  | 'dimension';

export interface PolicyFinding {
  code: PolicyCode;
  rule: PolicyRule;
  /** 1-based line and column (columns count UTF-16 code units, as the editor does) */
  line: number;
  col: number;
  symbol: string;
  /** what is wrong, in both languages (the catalogue's one shape) */
  message: { en: string; tr: string };
}

export interface PolicyReport {
  /** true when there is no finding at all */
  ok: boolean;
  findings: PolicyFinding[];
  /** the normalised script: the text the worker must run (never the raw source) */
  canonical: string;
  /** lowercase hex SHA-256 of `canonical` */
  script_hash: string;
  /** how the script hands its shape over: top-level `result`, a `build()` function, or neither */
  entry: 'result' | 'build' | null;
}
