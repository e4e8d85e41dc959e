// A template (parametric part) job's spec: a template of shared/templates.ts and its parameters.
// Kept apart from shared/job-spec.ts, which re-exports it, so that the assembly spec
// (shared/assembly.ts, its components can be template parts) and job-spec.ts import no cycle.
import { z } from 'zod';

export const TemplateJobSpec = z.object({
  type: z.literal('template'),
  template: z.string().min(1),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  material: z.string().optional(),
  process: z.string().optional(),
});
export type TemplateJobSpec = z.infer<typeof TemplateJobSpec>;
