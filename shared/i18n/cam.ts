// CAM texts: operation names, what the planner says when a part, stock or tool does not fit, and
// what the G-code verifier finds on a line. Parameters are numbers and names as the code fills them.
import type { Catalog, Lang, Text } from './text.js';

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
    noGivenDrill: {
      en: 'Drilling: no drill among the given tools for the {{hole}}.',
      tr: 'Delme: {{hole}} için verilen takımlar arasında matkap yok.',
    },
    noLibraryDrill: {
      en: 'Drilling: no Ø{{diameter}} drill in the library for the {{hole}}.',
      tr: 'Delme: {{hole}} için kütüphanede Ø{{diameter}} matkap yok.',
    },
  },
  limit: {
    envelope: {
      en: 'The stock ({{size}}){{around}} and {{clearance}} mm clearance above it needs {{need}} mm of travel; {{machine}} travels {{travel}} mm (too big in {{axes}}).',
      tr: 'Ham malzeme ({{size}}){{around}} ve üstündeki {{clearance}} mm emniyet payı {{need}} mm hareket gerektiriyor; {{machine}} {{travel}} mm hareket edebiliyor ({{axes}} ekseninde büyük).',
    },
    noEndMill: { en: 'No end mill in {{source}} for {{what}}.', tr: '{{what}} için {{source}} içinde parmak freze yok.' },
    notCentreCutting: {
      en: '{{tool}} does not cut at its centre, and {{what}} is entered by plunging straight down: choose a centre-cutting end mill.',
      tr: '{{tool}} merkezden kesmiyor ve {{what}} işlemine dik dalarak girilir: merkezden kesen bir parmak freze seçin.',
    },
    tooNarrow: {
      en: '{{What}} is {{width}} mm wide at its narrowest ({{face}}); {{tool}} is {{diameter}} mm: too big for it.',
      tr: '{{What}} en dar yerinde ({{face}}) {{width}} mm genişliğinde; {{tool}} {{diameter}} mm: bunun için fazla büyük.',
    },
    tooDeep: {
      en: '{{What}} is {{depth}} mm deep; {{tool}} cuts only {{reach}} mm deep.',
      tr: '{{What}} {{depth}} mm derinliğinde; {{tool}} yalnızca {{reach}} mm derine kesebiliyor.',
    },
    drillTooShort: {
      en: 'The {{hole}} is {{depth}} mm deep to drill; {{tool}} reaches only {{reach}} mm.',
      tr: '{{hole}} delinecek derinlik {{depth}} mm; {{tool}} yalnızca {{reach}} mm’ye ulaşıyor.',
    },
    drillTooBig: {
      en: '{{tool}} (Ø{{diameter}}) is too big for the {{hole}}.',
      tr: '{{tool}} (Ø{{diameter}}), {{hole}} için fazla büyük.',
    },
  },
  nothingToMachine: { en: 'Nothing to machine: {{why}}', tr: 'İşlenecek bir şey yok: {{why}}' },
  noOperationApplies: { en: 'no operation applies to this part.', tr: 'bu parçaya uygulanabilecek bir operasyon yok.' },
  leavesTravel: {
    en: 'The toolpath leaves {{machine}}’s travel: {{what}} (line {{line}}).',
    tr: 'Takım yolu {{machine}} tezgâhının hareket alanından çıkıyor: {{what}} ({{line}}. satır).',
  },
  unknownMachine: { en: "unknown machine '{{id}}'; known: {{known}}", tr: "bilinmeyen makine '{{id}}'; bilinenler: {{known}}" },
  unknownMaterial: { en: "unknown material '{{id}}'", tr: "bilinmeyen malzeme '{{id}}'" },
  unknownTool: { en: "unknown tool '{{id}}'", tr: "bilinmeyen takım '{{id}}'" },
  partChanged: {
    en: 'the part file changed after the job was submitted; submit it again',
    tr: 'parça dosyası iş gönderildikten sonra değişti; yeniden gönderin',
  },
  analysisUnreadable: { en: 'the part analysis was unreadable: {{why}}', tr: 'parça çözümlemesi okunamadı: {{why}}' },
  positiveNumber: { en: 'must be a number greater than 0', tr: '0’dan büyük bir sayı olmalı' },
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
    tabs: {
      en: '{{count}} holding tabs, {{width}} mm wide and {{height}} mm high, keep the part on the stock: cut them and file them flush after unclamping.',
      tr: '{{count}} tutma köprüsü ({{width}} mm genişlik, {{height}} mm yükseklik) parçayı ham malzemeye bağlı tutar: bağlamayı çözdükten sonra kesip eğeleyin.',
    },
    power: {
      en: '{{op}}: {{field}} {{requested}} → {{applied}} {{unit}}, so the cut takes no more than {{watts}} W of the {{kw}} kW spindle ({{share}} % for a {{rigidity}} machine, {{energy}} J/mm³ for {{material}}).',
      tr: '{{op}}: {{field}} {{requested}} → {{applied}} {{unit}}; böylece kesim {{kw}} kW iş milinin en çok {{watts}} W gücünü alır ({{rigidity}} tezgâh için % {{share}}, {{material}} için {{energy}} J/mm³).',
    },
    colletExcluded: {
      en: 'Not used: {{tools}} — they do not fit {{machine}} ({{collet}}, shank ≤ {{shank}} mm, stick-out ≤ {{length}} mm).',
      tr: 'Kullanılmadı: {{tools}} — {{machine}} tezgâhına uymuyorlar ({{collet}}, sap ≤ {{shank}} mm, çıkıntı ≤ {{length}} mm).',
    },
    onion: {
      en: 'The cuts through the stock stop {{skin}} mm above its bottom (onion skin): break the part out and deburr its lower edge.',
      tr: 'Ham malzemeyi delip geçen kesimler tabanın {{skin}} mm üstünde durur (ince zar): parçayı kırarak çıkarın ve alt kenarının çapağını alın.',
    },
  },
  toolTooLong: {
    en: '{{long}} sticks out {{longest}} mm and {{short}} {{shortest}} mm; from the clearance height to the deepest cut of {{short}} that needs {{need}} mm of Z travel, and {{machine}} has {{travel}} mm.',
    tr: '{{long}} {{longest}} mm, {{short}} {{shortest}} mm çıkıntılı; emniyet yüksekliğinden {{short}} takımının en derin kesimine kadar bu {{need}} mm Z hareketi gerektiriyor, {{machine}} tezgâhında {{travel}} mm var.',
  },
  toolDoesNotFit: {
    en: '{{tool}} has a Ø{{shank}} mm shank and sticks out {{length}} mm; {{machine}} ({{collet}}) takes shanks up to {{max_shank}} mm and tools up to {{max_length}} mm.',
    tr: '{{tool}} Ø{{shank}} mm saplı ve {{length}} mm çıkıntılı; {{machine}} ({{collet}}) en çok {{max_shank}} mm sap ve {{max_length}} mm takım alır.',
  },
  tabs: { en: 'The tab height', tr: 'Köprü yüksekliği' },
  onionSkin: { en: 'The onion skin', tr: 'İnce zar' },
  holdingTooTall: {
    en: '{{what}} ({{value}} mm) must be less than the part’s height ({{thick}} mm).',
    tr: '{{what}} ({{value}} mm) parçanın yüksekliğinden ({{thick}} mm) küçük olmalı.',
  },
} as const satisfies Catalog;

/** What the G-code verifier says about a line (electron/domains/cam/gcode). */
export const GCODE_TEXT = {
  // the controller's limits
  feedAboveMachine: {
    en: 'F {{f}} mm/min is above the machine’s {{max}} mm/min; the controller will clamp it',
    tr: 'F {{f}} mm/dk tezgâhın {{max}} mm/dk sınırının üstünde; denetleyici onu kırpacak',
  },
  spindleAbove: { en: 'S{{s}} is above the spindle’s {{max}} rpm', tr: 'S{{s}} iş milinin {{max}} dev/dk sınırının üstünde' },
  spindleBelow: { en: 'S{{s}} is below the spindle’s {{min}} rpm', tr: 'S{{s}} iş milinin {{min}} dev/dk alt sınırının altında' },
  unknownTool: { en: 'T{{tool}} is not in the tool library', tr: 'T{{tool}} takım kütüphanesinde yok' },
  pauseSpindleOn: {
    en: '{{code}} pauses the program with the spindle still turning (no M5 before it)',
    tr: '{{code}} programı iş mili hâlâ dönerken duraklatıyor (öncesinde M5 yok)',
  },
  pauseLow: {
    en: '{{code}} pauses for a manual tool change with the tool at machine Z {{z}}, {{below}} mm under the top of travel: retract first (G53 G0 Z{{top}})',
    tr: '{{code}} elle takım değişimi için aracı makine Z {{z}} konumunda, hareketin tepesinin {{below}} mm altında duraklatıyor: önce geri çekin (G53 G0 Z{{top}})',
  },
  pauseUnknownZ: {
    en: '{{code}} pauses for a manual tool change, and nothing in the program brings the tool up to a safe machine height first (G53 G0 Z{{top}})',
    tr: '{{code}} elle takım değişimi için duraklatıyor, ama program aracı önce güvenli bir makine yüksekliğine çıkarmıyor (G53 G0 Z{{top}})',
  },
  notHeldTabs: {
    en: '{{op}} cuts through the stock bottom (Z {{z}}) with {{found}} holding tab(s) on its last pass',
    tr: '{{op}} son pasosunda {{found}} tutma köprüsüyle ham malzemenin tabanını (Z {{z}}) delip geçiyor',
  },
  notHeldSkin: {
    en: '{{op}} goes down to Z {{z}}, into the {{skin}} mm onion skin that should hold the part',
    tr: '{{op}} Z {{z}} seviyesine, parçayı tutması gereken {{skin}} mm ince zarın içine iniyor',
  },
  rapidIntoStock: {
    en: 'a rapid move to {{point}} goes below the stock top (Z {{top}}) inside the stock',
    tr: '{{point}} noktasına hızlı hareket ham malzemenin içinde üst yüzeyin (Z {{top}}) altına iniyor',
  },
  cutSpindleOff: { en: 'a cutting move runs while {{why}}', tr: 'kesme hareketi sırasında {{why}}' },
  spindleAtS0: { en: 'the spindle is on at S0', tr: 'iş mili S0 devirde açık' },
  spindleStopped: {
    en: 'the spindle is stopped (no M3/M4 since the start or the last M5)',
    tr: 'iş mili duruyor (baştan ya da son M5’ten beri M3/M4 yok)',
  },
  inverseTimeNeedsF: {
    en: 'in inverse-time mode (G93) every cutting move needs its own F',
    tr: 'ters zaman kipinde (G93) her kesme hareketinin kendi F değeri olmalı',
  },
  noFeedYet: {
    en: 'a cutting move runs before any feed rate (F) is set',
    tr: 'bir kesme hareketi, ilerleme hızı (F) verilmeden çalışıyor',
  },
  moveFeedAbove: {
    en: 'the move runs at {{rate}} mm/min, above the machine’s {{max}} mm/min',
    tr: 'hareket {{rate}} mm/dk hızla, tezgâhın {{max}} mm/dk sınırının üstünde çalışıyor',
  },
  codeUnsupported: {
    en: '{{code}} is not supported by {{machine}} ({{controller}})',
    tr: '{{code}}, {{machine}} ({{controller}}) tarafından desteklenmiyor',
  },
  axisUnsupported: {
    en: 'axis {{axis}}: {{machine}} has only X, Y and Z',
    tr: '{{axis}} ekseni: {{machine}} tezgâhında yalnızca X, Y ve Z var',
  },
  wordUnknown: {
    en: 'the {{letter}} word is not understood by a milling controller',
    tr: '{{letter}} sözcüğünü bir freze denetleyicisi anlamaz',
  },
  belowTravel: {
    en: '{{axis}} reaches {{v}} mm, below the travel {{lo}}…{{hi}} mm',
    tr: '{{axis}} {{v}} mm’ye iniyor, {{lo}}…{{hi}} mm hareket alanının altında',
  },
  beyondTravel: {
    en: '{{axis}} reaches {{v}} mm, beyond the travel {{lo}}…{{hi}} mm',
    tr: '{{axis}} {{v}} mm’ye çıkıyor, {{lo}}…{{hi}} mm hareket alanının ötesinde',
  },
  spansTravel: {
    en: 'the path spans {{span}} mm in {{axis}} but the machine travels {{size}} mm',
    tr: 'yol {{axis}} ekseninde {{span}} mm kaplıyor ama tezgâh {{size}} mm hareket edebiliyor',
  },
  g53Outside: {
    en: 'G53 {{axis}}{{v}} is outside the travel {{lo}}…{{hi}} mm',
    tr: 'G53 {{axis}}{{v}}, {{lo}}…{{hi}} mm hareket alanının dışında',
  },
  machineCoordinates: { en: ' (machine coordinates)', tr: ' (makine koordinatları)' },
  moreLikeThis: {
    en: '{{more}} more like this from line {{line}} on (only the first {{max}} are listed)',
    tr: '{{line}}. satırdan sonra bunun gibi {{more}} tane daha (yalnızca ilk {{max}} tanesi listelendi)',
  },
  // what the interpreter cannot simulate, or finds odd
  cutterCompensation: {
    en: 'cutter compensation is not simulated: the real path is up to one tool radius away',
    tr: 'takım yarıçap telafisi benzetilmiyor: gerçek yol bir takım yarıçapı kadar uzakta olabilir',
  },
  polar: { en: 'polar coordinates (G16) are not simulated', tr: 'kutupsal koordinatlar (G16) benzetilmiyor' },
  scaling: { en: 'scaling (G51) is not simulated', tr: 'ölçekleme (G51) benzetilmiyor' },
  mirroring: { en: 'mirroring (G51.1) is not simulated', tr: 'aynalama (G51.1) benzetilmiyor' },
  rotation: { en: 'coordinate rotation (G68) is not simulated', tr: 'koordinat döndürme (G68) benzetilmiyor' },
  tiltedPlanes: { en: 'tilted work planes (G68.2) are not simulated', tr: 'eğik iş düzlemleri (G68.2) benzetilmiyor' },
  cylindrical: { en: 'cylindrical interpolation (G7.1) is not simulated', tr: 'silindirik enterpolasyon (G7.1) benzetilmiyor' },
  notSimulated: { en: '{{code}} is not simulated', tr: '{{code}} benzetilmiyor' },
  wcsUnknown: {
    en: '{{code}}: the position of this work offset is unknown; it is checked as if it were G54',
    tr: '{{code}}: bu iş sıfırının konumu bilinmiyor; G54 gibi denetleniyor',
  },
  g20OnMmMachine: {
    en: 'G20 switches to inches on a millimetre machine; the moves are checked converted to mm',
    tr: 'G20 milimetre tezgâhında inç birimine geçiyor; hareketler mm’ye çevrilerek denetleniyor',
  },
  m5Twice: { en: 'M5 stops a spindle already stopped on line {{at}}', tr: 'M5, {{at}}. satırda zaten durdurulmuş iş milini durduruyor' },
  m9Twice: { en: 'M9 stops coolant already stopped on line {{at}}', tr: 'M9, {{at}}. satırda zaten kapatılmış soğutmayı kapatıyor' },
  endsSpindleOn: {
    en: 'the program ends with the spindle on (started on line {{at}}); add M5',
    tr: 'program iş mili açıkken bitiyor ({{at}}. satırda başladı); M5 ekleyin',
  },
  endsCoolantOn: {
    en: 'the program ends with coolant on (started on line {{at}}); add M9',
    tr: 'program soğutma açıkken bitiyor ({{at}}. satırda başladı); M9 ekleyin',
  },
  dwellNeedsP: { en: 'G4 needs a dwell time (P)', tr: 'G4 bir bekleme süresi (P) ister' },
  g10ChangesOffset: {
    en: 'G10 L{{l}} changes a work offset inside the program; positions are still checked against the origin given to the verifier',
    tr: 'G10 L{{l}} program içinde bir iş sıfırını değiştiriyor; konumlar yine doğrulayıcıya verilen sıfıra göre denetleniyor',
  },
  noUnitsWord: {
    en: 'no G20/G21 before the first move; the machine’s current units ({{units}}) are assumed',
    tr: 'ilk hareketten önce G20/G21 yok; tezgâhın geçerli birimi ({{units}}) varsayıldı',
  },
  g53Motion: { en: 'G53 works only with G0 or G1', tr: 'G53 yalnızca G0 veya G1 ile çalışır' },
  noMotionMode: {
    en: 'axis words with no motion mode (G80 cancelled it)',
    tr: 'hareket kipi olmadan eksen sözcükleri (G80 onu iptal etti)',
  },
  curveAsStraight: {
    en: '{{code}} is checked as a straight move to its end point',
    tr: '{{code}}, bitiş noktasına düz bir hareket olarak denetleniyor',
  },
  motionNotSimulated: {
    en: '{{code}} is not simulated; the position after it is unknown',
    tr: '{{code}} benzetilmiyor; sonrasındaki konum bilinmiyor',
  },
  arcUnknownEnd: {
    en: 'an arc starts or ends at an unknown position; its extent is not checked',
    tr: 'bir yay bilinmeyen bir konumda başlıyor ya da bitiyor; kapladığı alan denetlenmiyor',
  },
  arcRadiusDiffers: {
    en: 'arc radius differs at start ({{r0}} mm) and end ({{r1}} mm)',
    tr: 'yay yarıçapı başta ({{r0}} mm) ve sonda ({{r1}} mm) farklı',
  },
  arcZeroRadius: { en: 'arc has zero radius', tr: 'yayın yarıçapı sıfır' },
  arcTurns: { en: 'P{{p}} is not a whole number of turns', tr: 'P{{p}} tam sayıda tur değil' },
  arcRFullCircle: {
    en: 'an R arc cannot end where it starts (use I/J/K for a full circle)',
    tr: 'R ile verilen yay başladığı yerde bitemez (tam daire için I/J/K kullanın)',
  },
  arcRTooSmall: { en: 'R{{r}} is too small for an arc spanning {{chord}} mm', tr: 'R{{r}}, {{chord}} mm’lik bir yay için fazla küçük' },
  arcAbsoluteShift: {
    en: 'absolute arc centre (G90.1) after an unknown G92 shift',
    tr: 'bilinmeyen bir G92 kaydırmasından sonra mutlak yay merkezi (G90.1)',
  },
  arcNeedsCentre: { en: '{{code}} needs I/J/K or R in the {{plane}} plane', tr: '{{code}}, {{plane}} düzleminde I/J/K ya da R ister' },
  cycleNeedsR: { en: '{{code}} needs R and {{letter}}', tr: '{{code}}, R ve {{letter}} ister' },
  cyclePeck: { en: '{{code}} needs a peck depth Q greater than 0', tr: '{{code}}, 0’dan büyük bir kademe derinliği Q ister' },
  cycleUnknownLevel: {
    en: '{{code}}: the drilling level is unknown here; the cycle is not simulated',
    tr: '{{code}}: delme seviyesi burada bilinmiyor; çevrim benzetilmiyor',
  },
  cycleBottomAbove: { en: '{{code}}: the bottom ({{letter}}) is above the R plane', tr: '{{code}}: dip ({{letter}}) R düzleminin üstünde' },
  cycleRepeat: { en: 'L{{l}} is not a repeat count', tr: 'L{{l}} bir tekrar sayısı değil' },
  // what the parser cannot read
  commentNotClosed: { en: 'a comment "(" is never closed', tr: 'bir "(" açıklaması hiç kapanmıyor' },
  oWord: {
    en: '"O{{rest}}": O-word subroutines and flow control are not simulated',
    tr: '"O{{rest}}": O sözcüklü alt programlar ve akış denetimi benzetilmiyor',
  },
  noNumber: { en: '{{letter}} has no number', tr: '{{letter}} sözcüğünün sayısı yok' },
  expressions: { en: '{{word}}: parameters and expressions are not supported', tr: '{{word}}: parametreler ve ifadeler desteklenmiyor' },
  notNumber: { en: '"{{word}}" is not a number', tr: '"{{word}}" bir sayı değil' },
  notWord: { en: '"{{word}}" is not a G-code word', tr: '"{{word}}" bir G-kodu sözcüğü değil' },
  sameModalGroup: { en: '{{a}} and {{b}} are in the same modal group', tr: '{{a}} ve {{b}} aynı kip grubunda' },
  appearsTwice: { en: '{{letter}} appears twice', tr: '{{letter}} iki kez geçiyor' },
  negative: { en: '{{word}} is negative', tr: '{{word}} negatif' },
} as const satisfies Catalog;

/** Several findings about one line, in both languages. */
export function joinTexts(texts: readonly Text[], sep = '; '): Text {
  return { en: texts.map((t) => t.en).join(sep), tr: texts.map((t) => t.tr).join(sep) };
}

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
