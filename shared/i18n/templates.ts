// Template names, descriptions and parameter labels (shared/templates.ts holds the numbers and rules).
import type { Catalog } from './text.js';

export const TEMPLATE_TEXT = {
  'prism-with-hole': {
    label: { en: 'Prism with hole', tr: 'Delikli prizma' },
    description: { en: 'A rectangular block with a centred through hole.', tr: 'Ortasında boydan boya delik olan dikdörtgen blok.' },
    param: {
      length: { en: 'Length (X)', tr: 'Uzunluk (X)' },
      width: { en: 'Width (Y)', tr: 'Genişlik (Y)' },
      height: { en: 'Height (Z)', tr: 'Yükseklik (Z)' },
      hole_diameter: { en: 'Hole diameter', tr: 'Delik çapı' },
    },
  },
  block: {
    label: { en: 'Block', tr: 'Blok' },
    description: {
      en: 'A plain rectangular block (beams, plates, test bars).',
      tr: 'Düz dikdörtgen blok (kirişler, plakalar, deney çubukları).',
    },
    param: {
      length: { en: 'Length (X)', tr: 'Uzunluk (X)' },
      width: { en: 'Width (Y)', tr: 'Genişlik (Y)' },
      height: { en: 'Height (Z)', tr: 'Yükseklik (Z)' },
    },
  },
  flange: {
    label: { en: 'Flange', tr: 'Flanş' },
    description: { en: 'A round flange with a bore and a bolt circle.', tr: 'Göbek deliği ve cıvata dairesi olan yuvarlak flanş.' },
    param: {
      outer_diameter: { en: 'Outer diameter', tr: 'Dış çap' },
      thickness: { en: 'Thickness', tr: 'Kalınlık' },
      bore_diameter: { en: 'Bore diameter', tr: 'Göbek deliği çapı' },
      bolt_count: { en: 'Bolt holes', tr: 'Cıvata deliği sayısı' },
      bolt_circle_diameter: { en: 'Bolt circle diameter', tr: 'Cıvata dairesi çapı' },
      bolt_hole_diameter: { en: 'Bolt hole diameter', tr: 'Cıvata deliği çapı' },
    },
  },
  shaft: {
    label: { en: 'Shaft', tr: 'Mil' },
    description: { en: 'A round shaft with chamfered ends, along Z.', tr: 'Uçları pahlı, Z ekseni boyunca yuvarlak mil.' },
    param: {
      diameter: { en: 'Diameter', tr: 'Çap' },
      length: { en: 'Length', tr: 'Uzunluk' },
      chamfer: { en: 'End chamfer', tr: 'Uç pahı' },
    },
  },
  'l-bracket': {
    label: { en: 'L-bracket', tr: 'L köşebent' },
    description: {
      en: 'Two legs at right angles with an inner fillet and a hole in each leg.',
      tr: 'İç köşesi yuvarlatılmış, her kolunda bir delik olan dik açılı köşebent.',
    },
    param: {
      leg_a: { en: 'Horizontal leg', tr: 'Yatay kol' },
      leg_b: { en: 'Vertical leg', tr: 'Dikey kol' },
      thickness: { en: 'Thickness', tr: 'Kalınlık' },
      width: { en: 'Width', tr: 'Genişlik' },
      fillet: { en: 'Inner fillet radius', tr: 'İç köşe yarıçapı' },
      hole_diameter: { en: 'Hole diameter (per leg)', tr: 'Delik çapı (her kol)' },
    },
  },
  'plate-with-hole-pattern': {
    label: { en: 'Plate with hole pattern', tr: 'Delik dizili plaka' },
    description: {
      en: 'A plate with a rectangular grid of through holes.',
      tr: 'Dikdörtgen ızgara düzeninde boydan boya delikleri olan plaka.',
    },
    param: {
      thickness: { en: 'Thickness', tr: 'Kalınlık' },
      rows: { en: 'Rows', tr: 'Satır' },
      columns: { en: 'Columns', tr: 'Sütun' },
      pitch_x: { en: 'Pitch X', tr: 'Adım X' },
      pitch_y: { en: 'Pitch Y', tr: 'Adım Y' },
      margin: { en: 'Edge margin (to hole centre)', tr: 'Kenar payı (delik merkezine)' },
      hole_diameter: { en: 'Hole diameter', tr: 'Delik çapı' },
    },
  },
} as const satisfies Catalog;

/** Why a parameter value is refused (validateTemplateParams). */
export const RULE_TEXT = {
  wall: { en: 'leaves a wall of {{wall}} mm; at least {{min}} mm is needed', tr: '{{wall}} mm duvar bırakıyor; en az {{min}} mm gerekli' },
  less_than: { en: 'must be smaller than {{other}} ({{limit}} mm)', tr: '{{other}} değerinden ({{limit}} mm) küçük olmalı' },
  bolt_overlap: {
    en: 'bolt holes overlap: spacing {{spacing}} mm is less than the hole size {{size}} mm plus {{min}} mm',
    tr: 'cıvata delikleri çakışıyor: aralık {{spacing}} mm, delik çapı {{size}} mm + {{min}} mm değerinden küçük',
  },
  range: { en: 'must be between {{min}} and {{max}} {{unit}}', tr: '{{min}} ile {{max}} {{unit}} arasında olmalı' },
  integer: { en: 'must be a whole number', tr: 'tam sayı olmalı' },
  number: { en: 'must be a number', tr: 'sayı olmalı' },
  required: { en: 'is required', tr: 'zorunlu' },
  unknown: { en: 'is not a parameter of this template', tr: 'bu şablonun bir parametresi değil' },
} as const satisfies Catalog;

/** Words that rule messages put in their {{other}} slot. */
export const RULE_TERMS = {
  halfDiameter: { en: 'diameter/2', tr: 'çap/2' },
  leg: { en: 'the leg', tr: 'kol' },
  legMinusThickness: { en: 'leg − thickness', tr: 'kol − kalınlık' },
} as const satisfies Catalog;
