// The shop's library: materials, machines and tools. Seeded from resources/seed/*.json,
// stored in SQLite, editable through the API and UI, importable/exportable as JSON.
import { z } from 'zod';

export const Process = z.enum(['cnc_milling', 'cnc_turning', 'fdm_printing', 'sla_printing', 'laser_cutting']);
export type Process = z.infer<typeof Process>;

export const LocalizedName = z.object({ en: z.string().min(1), tr: z.string().min(1) });

export const ToolMaterial = z.enum(['carbide', 'hss']);
export type ToolMaterial = z.infer<typeof ToolMaterial>;

export const Material = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  name: LocalizedName,
  category: z.enum(['aluminium', 'steel', 'stainless', 'brass', 'plastic', 'wood', 'composite']),
  /** g/cm³ */
  density_g_cm3: z.number().positive().max(25),
  /** elastic data for analyses (FEM); isotropic, at room temperature */
  mechanical: z
    .object({
      youngs_modulus_gpa: z.number().positive().max(2000),
      poisson_ratio: z.number().min(0).lt(0.5),
      /** 0.2 % proof / yield strength; without it a job reports no factor of safety */
      yield_strength_mpa: z.number().positive().max(20000).optional(),
    })
    .optional(),
  processes: z.array(Process).min(1),
  /** cutting data for milling and drilling */
  cutting: z
    .object({
      /** surface speed Vc in m/min per tool material */
      surface_speed_m_min: z.object({ carbide: z.number().positive(), hss: z.number().positive() }),
      /** chip load fz (mm/tooth) by tool diameter (mm): [[diameter, fz], …] ascending; interpolated */
      chip_load_mm: z.array(z.tuple([z.number().positive(), z.number().positive()])).min(1),
      /** axial depth of cut as a fraction of tool diameter, for roughing */
      step_down_factor: z.number().positive().max(2),
      /** radial engagement as a fraction of tool diameter */
      step_over_factor: z.number().positive().max(1),
      /** specific cutting energy (J/mm³ = W·s/mm³): spindle power needed per unit of metal removal rate */
      specific_energy_j_mm3: z.number().positive().max(20).optional(),
    })
    .optional(),
});
export type Material = z.infer<typeof Material>;

export const Controller = z.enum(['grbl', 'linuxcnc', 'fanuc']);
export type Controller = z.infer<typeof Controller>;

export const Machine = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  name: z.string().min(1),
  controller: Controller,
  /** travel envelope in machine coordinates, mm */
  envelope_mm: z.object({ x: z.number().positive(), y: z.number().positive(), z: z.number().positive() }),
  /**
   * Where machine zero sits: 'min' = X0 Y0 Z0 at the lower-left-bottom of travel (grbl hobby machines
   * are usually set up like this), 'max-z' = X/Y at min, Z0 at the top with Z travelling negative
   * (typical industrial mills).
   */
  zero: z.enum(['min', 'max-z']),
  max_spindle_rpm: z.number().positive(),
  min_spindle_rpm: z.number().nonnegative().default(0),
  max_feed_mm_min: z.number().positive(),
  rapid_mm_min: z.number().positive(),
  tool_changer: z.boolean(),
  /** seconds a tool change takes (manual changes are slow) */
  tool_change_s: z.number().nonnegative(),
  coolant: z.boolean(),
  /** G and M codes the controller accepts, e.g. "G0", "G81", "M8" */
  supported_codes: z.array(z.string().regex(/^[GM]\d+(\.\d)?$/)).min(1),
  units: z.enum(['mm', 'inch']).default('mm'),
  /** the spindle's tool holding, e.g. "ER11", and the largest shank it takes */
  collet: z.string().min(1).optional(),
  max_shank_mm: z.number().positive().optional(),
  /** rated spindle power; cuts are held to what it (less the rigidity margin) can drive */
  spindle_power_kw: z.number().positive().optional(),
  /** longest tool (stick-out) the spindle can carry over the table */
  max_tool_length_mm: z.number().positive().optional(),
  /** how stiff the frame is: a light router uses less of its power in one cut than a heavy mill */
  rigidity: z.enum(['light', 'medium', 'heavy']).optional(),
});
export type Machine = z.infer<typeof Machine>;

export const ToolType = z.enum(['endmill', 'ball', 'drill', 'chamfer', 'face_mill']);
export type ToolType = z.infer<typeof ToolType>;

export const Tool = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  /** tool number as called by Tn M6 */
  number: z.number().int().positive().max(999),
  name: z.string().min(1),
  type: ToolType,
  diameter_mm: z.number().positive().max(200),
  flutes: z.number().int().positive().max(16),
  material: ToolMaterial,
  flute_length_mm: z.number().positive(),
  overall_length_mm: z.number().positive(),
  shank_mm: z.number().positive(),
  /** drill point / chamfer included angle, degrees */
  tip_angle_deg: z.number().positive().max(180).optional(),
  /** how far the tool sticks out of its holder as set up on the machine; default: its overall length */
  stick_out_mm: z.number().positive().optional(),
  /** cuts at its centre (can plunge straight down); default: yes for drills and end mills */
  centre_cutting: z.boolean().optional(),
});
export type Tool = z.infer<typeof Tool>;

export const LibraryExport = z.object({
  format: z.literal('tezgah-library'),
  version: z.literal(1),
  materials: z.array(Material).default([]),
  machines: z.array(Machine).default([]),
  tools: z.array(Tool).default([]),
});
export type LibraryExport = z.infer<typeof LibraryExport>;
