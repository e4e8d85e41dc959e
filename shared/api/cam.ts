// The API contract's cam methods. CAM: a program's toolpath and verification for the toolpath view; checking any G-code against a machine.
import { z } from 'zod';
import type { BBox } from '../jobs.js';
import { Id, out } from './contract.js';

/** One operation of a CAM program, as the toolpath view lists it. */
export interface CamToolpathOperation {
  label: string;
  kind: string;
  tool_number: number | null;
  /** 1-based, inclusive line range of the operation in the G-code */
  first_line: number;
  last_line: number;
}

/** A verifier finding, linked to its line. */
export interface CamFinding {
  code: string;
  severity: 'error' | 'warning';
  line: number;
  message: string;
  /** `detail` in both languages ({ en, tr }), line, tool, code */
  details?: Record<string, string | number | { en: string; tr: string }>;
}

/**
 * A CAM job's program, ready to draw: the G-code text and every straight piece of the toolpath
 * (arcs flattened) in G-code work coordinates, mm. Segments are packed: segment i runs from
 * coords[6i..6i+2] to coords[6i+3..6i+5], comes from G-code line lines[i], is kinds[i] ('r' rapid,
 * 'f' feed, 'a' arc) and belongs to operations[ops[i]] (-1: between operations).
 */
export interface CamToolpath {
  job_id: string;
  gcode: { artefact_id: number; name: string; text: string; bytes: number; lines: number; truncated: boolean };
  segments: { count: number; coords: number[]; lines: number[]; kinds: string; ops: number[]; truncated: boolean };
  operations: CamToolpathOperation[];
  /** the part job whose 3D preview the toolpath is drawn over, and its GLB */
  part: { job_id: string; glb_href: string | null; bbox_mm: BBox | null } | null;
  /** part coordinates + shift = work (G-code) coordinates */
  shift: [number, number, number];
  stock_mm: BBox | null;
  bounds_mm: BBox | null;
  verification: { ok: boolean; findings: CamFinding[] };
  estimated_seconds: number | null;
  /** features of the part the program leaves unmade, and why (the page never says "Verified" then) */
  skipped: { op: string; detail: { en: string; tr: string } }[];
  /** what the planner chose, limited or left out, in both languages */
  notes: { en: string; tr: string }[];
}

/** A G-code program checked against a machine of the library (`tezgah gcode check`). */
export interface GcodeCheckReport {
  ok: boolean;
  machine: string;
  findings: { code: string; severity: string; line: number; message: string }[];
  bounds_mm: BBox | null;
  estimated_seconds: number;
  path_length_mm: number;
}

export const camMethods = {
  /** A CAM job's G-code, its toolpath segments and its verification, for the toolpath view. */
  'cam.toolpath': { input: z.object({ id: Id }), output: out<CamToolpath>() },
  /** Checks a G-code program against a machine of the library (the text, not a path: the caller reads it). */
  'gcode.check': { input: z.object({ text: z.string().max(64 << 20), machine: Id }), output: out<GcodeCheckReport>() },
} as const;
