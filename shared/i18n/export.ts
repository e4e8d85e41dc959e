// Export texts: the formats as the Files panel and `tezgah export` name them, and what the export
// flow says when a part cannot be exported.
import type { Catalog } from './text.js';

export const EXPORT_FORMAT_NAMES = {
  'step-ap242': { en: 'STEP AP242 (exact)', tr: 'STEP AP242 (kesin)' },
  'step-ap214': { en: 'STEP AP214 (exact)', tr: 'STEP AP214 (kesin)' },
  iges: { en: 'IGES (exact surfaces)', tr: 'IGES (kesin yüzeyler)' },
  brep: { en: 'BREP (OpenCASCADE)', tr: 'BREP (OpenCASCADE)' },
  '3mf': { en: '3MF (mesh, for printing)', tr: '3MF (ağ, baskı için)' },
  obj: { en: 'OBJ (mesh)', tr: 'OBJ (ağ)' },
  glb: { en: 'glTF binary (mesh)', tr: 'glTF ikili (ağ)' },
} as const satisfies Catalog;

export const EXPORT_TEXT = {
  partChanged: {
    en: 'the part file changed after the job was submitted',
    tr: 'parça dosyası iş gönderildikten sonra değişti',
  },
  notAPart: {
    en: 'job {{id}} is a {{type}} job; an export needs a part (a template, import, prompt or script job)',
    tr: '{{id}} bir {{type}} işi; dışa aktarma için bir parça (şablon, içe aktarma, istem ya da betik işi) gerekir',
  },
} as const satisfies Catalog;
