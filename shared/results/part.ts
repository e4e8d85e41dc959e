// A template (parametric part) job keeps no flow-specific result: its record is the metrics and
// the artefacts (FCStd, STEP, STL, GLB). The schema says so, so a result that appears fails loudly.
import { z } from 'zod';

/** job.document.result of a template job: none. */
export const TemplateJobResult = z.undefined();
export type TemplateJobResult = z.infer<typeof TemplateJobResult>;
