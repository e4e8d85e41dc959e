// Drawing texts: the title block's labels and entries (the FreeCAD ISO 5457 templates' SVG ids) and
// what the drawing flow says when a part cannot be drawn.
import type { Catalog } from './text.js';

/** The title block's label texts by their SVG id in the ISO 5457 templates. */
export const TITLE_BLOCK_LABELS = {
  'legal_owner label': { en: 'Owner:', tr: 'Sahibi:' },
  identification_number_label: { en: 'Drawing number:', tr: 'Resim numarası:' },
  revision_index_label: { en: 'Revision:', tr: 'Revizyon:' },
  date_of_issue_label: { en: 'Issue date:', tr: 'Tarih:' },
  sheet_number_label: { en: 'Sheet:', tr: 'Sayfa:' },
  language_code_label: { en: 'Language:', tr: 'Dil:' },
  title_label: { en: 'Title:', tr: 'Başlık:' },
  approval_person_label: { en: 'Approved by:', tr: 'Onaylayan:' },
  creator_label: { en: 'Created by:', tr: 'Hazırlayan:' },
  document_type_label: { en: 'Document type:', tr: 'Belge türü:' },
  sheet_scale_label: { en: 'Scale:', tr: 'Ölçek:' },
  general_tolerances_label: { en: 'General tolerances:', tr: 'Genel toleranslar:' },
  part_material_label: { en: 'Part Material:', tr: 'Malzeme:' },
} as const satisfies Catalog;

export const DRAWING_TEXT = {
  documentType: { en: 'Part drawing', tr: 'Parça resmi' },
  partChanged: {
    en: 'the part file changed after the job was submitted',
    tr: 'parça dosyası iş gönderildikten sonra değişti',
  },
  notAPart: {
    en: 'job {{id}} is a {{type}} job; a drawing needs a part (a template, import or prompt job)',
    tr: '{{id}} bir {{type}} işi; teknik resim için bir parça (şablon, içe aktarma ya da istem işi) gerekir',
  },
} as const satisfies Catalog;
