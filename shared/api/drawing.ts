// The API contract's drawing methods: a drawing job's sheet (the SVG the Drawing tab shows) and its
// files to download. The drawing itself is made by 'jobs.submit' with a { type: 'drawing' } spec.
import { z } from 'zod';
import type { ArtefactKind } from '../jobs.js';
import type { DrawingResult } from '../results/drawing.js';
import { Id, out } from './contract.js';

/** A finished drawing job's sheet and files. */
export interface DrawingSheet {
  job_id: string;
  /** the part job (or file) the sheet shows */
  part: DrawingResult['part'];
  drawing: Omit<DrawingResult, 'part'>;
  /** the sheet as SVG text (viewBox in mm) */
  svg: string;
  artefacts: { id: number; kind: ArtefactKind; name: string; href: string; sha256: string; bytes: number }[];
}

export const drawingMethods = {
  /** A drawing job's sheet (SVG text), what it shows (views, dimensions, scale) and its PDF/SVG/DXF/FCStd. */
  'drawing.sheet': { input: z.object({ id: Id }), output: out<DrawingSheet>() },
} as const;
