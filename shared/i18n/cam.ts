// CAM texts: operation names, what the planner says when a part, stock or tool does not fit, and
// what the G-code verifier finds on a line. Parameters are numbers and names as the code fills them.
import type { Catalog, Lang } from './text.js';

/** Display names of the CAM operations (CamOperation in shared/jobs.ts). */
export const OPERATION_TEXT = {
  facing: { en: 'Facing', tr: 'Yüzey frezeleme' },
  profile: { en: 'Profile', tr: 'Profil' },
  pocket: { en: 'Pocket', tr: 'Cep' },
  drill: { en: 'Drilling', tr: 'Delme' },
  adaptive: { en: 'Adaptive clearing', tr: 'Uyarlamalı boşaltma' },
} as const satisfies Catalog;

export const CAM_TEXT = {
  /** what an operation has to cut, inside the planner's sentences */
  what: {
    facing: { en: 'facing', tr: 'yüzey frezeleme' },
    outsideProfile: { en: 'the outside profile', tr: 'dış kontur' },
    adaptiveAround: { en: 'adaptive clearing around the part', tr: 'parça çevresinde uyarlamalı boşaltma' },
    pocket: { en: 'the pocket', tr: 'cep' },
    adaptivePocket: { en: 'adaptive pocket clearing', tr: 'uyarlamalı cep boşaltma' },
  },
  toolSource: {
    given: { en: 'the given tools', tr: 'verilen takımlar' },
    library: { en: 'the library', tr: 'kütüphane' },
  },
  hole: { en: 'Ø{{diameter}} hole at X{{x}} Y{{y}}', tr: 'X{{x}} Y{{y}} konumundaki Ø{{diameter}} delik' },
  aroundCutter: { en: ' with the {{diameter}} mm cutter around it', tr: ', çevresindeki {{diameter}} mm freze ile birlikte,' },
  skip: {
    facingNotTaller: { en: 'Facing: the stock is no taller than the part.', tr: 'Yüzey frezeleme: ham malzeme parçadan yüksek değil.' },
    noPocket: { en: 'Pocket: the part has no pocket.', tr: 'Cep: parçada cep yok.' },
    noHole: { en: 'Drilling: the part has no round hole that opens upwards.', tr: 'Delme: parçada yukarı açılan yuvarlak delik yok.' },
    noGivenDrill: { en: 'Drilling: no drill among the given tools for the {{hole}}.', tr: 'Delme: {{hole}} için verilen takımlar arasında matkap yok.' },
    noLibraryDrill: { en: 'Drilling: no Ø{{diameter}} drill in the library for the {{hole}}.', tr: 'Delme: {{hole}} için kütüphanede Ø{{diameter}} matkap yok.' },
  },
  limit: {
    envelope: {
      en: 'The stock ({{size}}){{around}} and {{clearance}} mm clearance above it needs {{need}} mm of travel; {{machine}} travels {{travel}} mm (too big in {{axes}}).',
      tr: 'Ham malzeme ({{size}}){{around}} ve üstündeki {{clearance}} mm emniyet payı {{need}} mm hareket gerektiriyor; {{machine}} {{travel}} mm hareket edebiliyor ({{axes}} ekseninde büyük).',
    },
    noEndMill: { en: 'No end mill in {{source}} for {{what}}.', tr: '{{what}} için {{source}} içinde parmak freze yok.' },
    tooNarrow: {
      en: '{{What}} is {{width}} mm wide at its narrowest ({{face}}); {{tool}} is {{diameter}} mm: too big for it.',
      tr: '{{What}} en dar yerinde ({{face}}) {{width}} mm genişliğinde; {{tool}} {{diameter}} mm: bunun için fazla büyük.',
    },
    tooDeep: { en: '{{What}} is {{depth}} mm deep; {{tool}} cuts only {{reach}} mm deep.', tr: '{{What}} {{depth}} mm derinliğinde; {{tool}} yalnızca {{reach}} mm derine kesebiliyor.' },
    drillTooShort: {
      en: 'The {{hole}} is {{depth}} mm deep to drill; {{tool}} reaches only {{reach}} mm.',
      tr: '{{hole}} delinecek derinlik {{depth}} mm; {{tool}} yalnızca {{reach}} mm’ye ulaşıyor.',
    },
    drillTooBig: { en: '{{tool}} (Ø{{diameter}}) is too big for the {{hole}}.', tr: '{{tool}} (Ø{{diameter}}), {{hole}} için fazla büyük.' },
  },
  nothingToMachine: { en: 'Nothing to machine: {{why}}', tr: 'İşlenecek bir şey yok: {{why}}' },
  noOperationApplies: { en: 'no operation applies to this part.', tr: 'bu parçaya uygulanabilecek bir operasyon yok.' },
  stockMustContain: { en: 'must contain the part’s box {{box}}', tr: 'parçanın kutusunu ({{box}}) içermeli' },
  note: {
    manualToolChange: {
      en: '{{machine}} has no tool changer, no M6 and no M0: stop the program by hand at each tool change.',
      tr: '{{machine}} tezgâhında takım değiştirici, M6 ve M0 yok: her takım değişiminde programı elle durdurun.',
    },
    drilledSmaller: {
      en: 'The {{hole}} is drilled Ø{{diameter}} with {{tool}}: open it up to size with another tool.',
      tr: '{{hole}} {{tool}} ile Ø{{diameter}} delinir: ölçüsüne başka bir takımla genişletin.',
    },
  },
} as const satisfies Catalog;

/** What the G-code verifier says about a line (electron/domains/cam/gcode). */
export const GCODE_TEXT = {} as const satisfies Catalog;

/**
 * An operation's name as the user reads it. The plan's labels ('Profile', 'Pocket 2', 'Drill D6')
 * are ASCII English because they go into G-code comments; shown, they are the operation's name in
 * the language, with the label's number or drill size kept.
 */
export function operationLabel(label: string, kind: string, lang: Lang): string {
  const m = /^(Facing|Profile|Adaptive|Pocket|Drill)\b\s*(.*)$/.exec(label);
  if (!m || !Object.hasOwn(OPERATION_TEXT, kind)) return label;
  const name = OPERATION_TEXT[kind as keyof typeof OPERATION_TEXT][lang];
  const rest = m[2]!.replace(/^D(\d[\d.]*)/, (_, d: string) => `Ø${lang === 'tr' ? d.replace('.', ',') : d}`);
  return rest ? `${name} ${rest}` : name;
}
