// What the FreeCAD worker finds on a part before any toolpath (flows/cam_features.py): its box, the
// holes a drill can reach from above, pocket floors and the top faces. Parsed, never trusted as is.
import { z } from 'zod';
import { BBox } from '../../../shared/jobs.js';

const FaceName = z.string().regex(/^Face\d+$/);

export const Hole = z.object({
  x: z.number(),
  y: z.number(),
  diameter: z.number().positive(),
  top_z: z.number(),
  bottom_z: z.number(),
  depth: z.number().positive(),
  through: z.boolean(),
  /** the face the drilling operation is given; `faces` are all faces of this hole */
  face: FaceName,
  faces: z.array(FaceName).min(1),
});
export type Hole = z.infer<typeof Hole>;

export const Pocket = z.object({
  face: FaceName,
  floor_z: z.number(),
  depth: z.number().positive(),
  /** the widest cutter that reaches every part of the floor (twice the largest inward offset) */
  min_width: z.number().nonnegative(),
  area: z.number().nonnegative(),
  islands: z.number().int().nonnegative(),
  bbox: BBox,
});
export type Pocket = z.infer<typeof Pocket>;

export const PartFeatures = z.object({
  bbox: BBox,
  volume_mm3: z.number(),
  holes: z.array(Hole),
  pockets: z.array(Pocket),
  top_faces: z.array(FaceName),
  faces: z.number().int().positive(),
});
export type PartFeatures = z.infer<typeof PartFeatures>;
