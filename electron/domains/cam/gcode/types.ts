// The verifier's report: what the UI, the CLI and the CAM job show for a G-code file.
import type { ErrorCode } from '../../../../shared/errors.js';
import type { Text } from '../../../../shared/i18n/text.js';
import type { Vec3 } from './arc.js';

export type { Vec3 } from './arc.js';

export interface GcodeFinding {
  code: ErrorCode;
  severity: 'error' | 'warning';
  /** 1-based line in the file (not the N word) */
  line: number;
  /** English, specific to this line (details.detail has both languages); the catalog gives the localised message and hint */
  message: string;
  /** values for the catalog's placeholders ({{line}}, {{detail}}, {{tool}}) and for tooling */
  details?: Record<string, string | number | Text>;
}

/** One straight piece of the toolpath for the viewer; arcs come flattened into several pieces. */
export interface Segment {
  line: number;
  kind: 'rapid' | 'feed' | 'arc';
  from: Vec3;
  to: Vec3;
  tool: number | null;
}

export interface BoundsMm {
  xmin: number;
  ymin: number;
  zmin: number;
  xmax: number;
  ymax: number;
  zmax: number;
}

export interface GcodeReport {
  /** no error-level finding */
  ok: boolean;
  findings: GcodeFinding[];
  /** work coordinates, including arc extents and canned-cycle motion; null if an axis is never known */
  bounds_mm: BoundsMm | null;
  estimated_seconds: number;
  path_length_mm: number;
  tool_changes: number;
  segments: Segment[];
}
