// The API contract's part methods. Parts from parametric templates: the template gallery.
import { z } from 'zod';
import { out } from './contract.js';

/** A parametric template as the gallery and `tezgah templates` list it. */
export interface TemplateInfo {
  id: string;
  label: { en: string; tr: string };
  description: { en: string; tr: string };
  params: { name: string; label: { en: string; tr: string }; unit: string; min: number; max: number; default: number }[];
}

export const partMethods = {
  'templates.list': { input: z.object({}), output: out<TemplateInfo[]>() },
} as const;
