// Display names of the seeded machines and tools (resources/seed/*.json keeps one English name;
// materials carry both languages in the seed itself). A renamed entry shows the user's own name.
import type { Catalog, Lang } from './text.js';

export const MACHINE_NAMES = {
  'grbl-3018': { en: '3018 desktop router (GRBL 1.1)', tr: '3018 masaüstü CNC freze (GRBL 1.1)' },
  'linuxcnc-mill': { en: 'Bed mill retrofit (LinuxCNC)', tr: 'Yenilenmiş tablalı freze (LinuxCNC)' },
  'fanuc-vmc': {
    en: '3-axis VMC 760 (Fanuc 0i-MF, ATC 20 tools)',
    tr: '3 eksenli dik işleme merkezi VMC 760 (Fanuc 0i-MF, 20 takımlı ATC)',
  },
} as const satisfies Catalog;

export const TOOL_NAMES = {
  'endmill-6mm-carbide-4f': { en: '6mm Carbide Endmill (4F)', tr: '6 mm karbür parmak freze (4 ağızlı)' },
  'drill-10mm-hss': { en: '10mm Drill HSS', tr: '10 mm HSS matkap' },
  'endmill-3mm-carbide-2f': { en: '3mm Carbide Endmill (2F)', tr: '3 mm karbür parmak freze (2 ağızlı)' },
  'endmill-6mm-carbide-2f-long': { en: '6mm Carbide Endmill long (2F)', tr: '6 mm karbür uzun parmak freze (2 ağızlı)' },
  'endmill-10mm-carbide-3f': { en: '10mm Carbide Endmill (3F)', tr: '10 mm karbür parmak freze (3 ağızlı)' },
  'ball-6mm-carbide-2f': { en: '6mm Carbide Ball Endmill (2F)', tr: '6 mm karbür küresel uçlu freze (2 ağızlı)' },
  'drill-3mm-hss': { en: '3mm Drill HSS', tr: '3 mm HSS matkap' },
  'drill-5mm-hss': { en: '5mm Drill HSS (M6 tap drill)', tr: '5 mm HSS matkap (M6 kılavuz matkabı)' },
  'drill-6-8mm-hss': { en: '6.8mm Drill HSS (M8 tap drill)', tr: '6,8 mm HSS matkap (M8 kılavuz matkabı)' },
  'drill-8-5mm-hss': { en: '8.5mm Drill HSS (M10 tap drill)', tr: '8,5 mm HSS matkap (M10 kılavuz matkabı)' },
  'chamfer-10mm-90deg-carbide': { en: '10mm 90° Chamfer Mill (carbide, 2F)', tr: '10 mm 90° pah frezesi (karbür, 2 ağızlı)' },
  'face-mill-50mm': { en: '50mm Face Mill (4 inserts)', tr: '50 mm yüzey frezesi (4 kesici uçlu)' },
} as const satisfies Catalog;

/** A machine's or tool's name in the language: the catalogue's for a seed entry still under its seed name. */
export function libraryName(kind: 'machine' | 'tool', entry: { id: string; name: string }, lang: Lang): string {
  const names: Catalog = kind === 'machine' ? MACHINE_NAMES : TOOL_NAMES;
  const known = Object.hasOwn(names, entry.id) ? names[entry.id] : undefined;
  return known && 'en' in known && known.en === entry.name && typeof known.tr === 'string'
    ? (known as { en: string; tr: string })[lang]
    : entry.name;
}
