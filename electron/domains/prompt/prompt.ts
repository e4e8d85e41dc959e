// What the model is told: the FreeCAD 1.1 system prompt (the seeds' Turkish prompt, extended with
// the script contract and the policy), the Turkish CAD glossary, few-shot examples, the user
// message and the repair message. Pure functions: the adapter sends what these return.
import { errorText, isErrorCode } from '../../../shared/errors.js';
import { findLengths } from '../../../shared/units.js';

export type PromptLang = 'tr' | 'en';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Turkish CAD terms → English, with the stems Turkish suffixes attach to (yatak → yatağı). */
export const GLOSSARY: readonly { tr: string; en: string; stems?: string[] }[] = [
  { tr: 'vida', en: 'screw' },
  { tr: 'flanş', en: 'flange' },
  { tr: 'mil', en: 'shaft' },
  { tr: 'yatak', en: 'bearing', stems: ['yatak', 'yatağ'] },
  { tr: 'dişli', en: 'gear' },
  { tr: 'cıvata', en: 'bolt', stems: ['cıvata', 'civata'] },
  { tr: 'somun', en: 'nut', stems: ['somun', 'somu'] },
  { tr: 'pul', en: 'washer', stems: ['pul', 'rondela'] },
  { tr: 'rulman', en: 'rolling bearing' },
  { tr: 'burç', en: 'bushing', stems: ['burç', 'burc'] },
  { tr: 'kasnak', en: 'pulley', stems: ['kasnak', 'kasnağ'] },
  { tr: 'kama', en: 'key' },
  { tr: 'kama yuvası', en: 'keyway' },
  { tr: 'yay', en: 'spring' },
  { tr: 'boru', en: 'pipe' },
  { tr: 'plaka', en: 'plate' },
  { tr: 'braket', en: 'bracket' },
  { tr: 'göbek', en: 'hub', stems: ['göbek', 'göbeğ'] },
  { tr: 'kapak', en: 'cover', stems: ['kapak', 'kapağ'] },
  { tr: 'menteşe', en: 'hinge' },
  { tr: 'kutu', en: 'box' },
  { tr: 'silindir', en: 'cylinder' },
  { tr: 'küre', en: 'sphere' },
  { tr: 'koni', en: 'cone' },
  { tr: 'halka', en: 'ring' },
  { tr: 'delik', en: 'hole', stems: ['delik', 'deliğ'] },
  { tr: 'delik çapı', en: 'hole_diameter', stems: ['delik çapı'] },
  { tr: 'cep', en: 'pocket' },
  { tr: 'kanal', en: 'groove' },
  { tr: 'pah', en: 'chamfer' },
  { tr: 'kordon', en: 'fillet' },
  { tr: 'uzunluk', en: 'length', stems: ['uzunluk', 'uzunluğ'] },
  { tr: 'genişlik', en: 'width', stems: ['genişlik', 'genişliğ'] },
  { tr: 'yükseklik', en: 'height', stems: ['yükseklik', 'yüksekliğ'] },
  { tr: 'derinlik', en: 'depth', stems: ['derinlik', 'derinliğ'] },
  { tr: 'kalınlık', en: 'thickness', stems: ['kalınlık', 'kalınlığ'] },
  { tr: 'duvar kalınlığı', en: 'wall thickness', stems: ['duvar kalınlığ'] },
  { tr: 'yarıçap', en: 'radius' },
  { tr: 'çap', en: 'diameter' },
  { tr: 'açı', en: 'angle' },
  { tr: 'modül', en: 'module' },
  { tr: 'diş sayısı', en: 'number of teeth', stems: ['diş sayı'] },
  { tr: 'adet', en: 'count' },
  { tr: 'eksen', en: 'axis' },
  { tr: 'malzeme', en: 'material' },
  { tr: 'birim', en: 'unit' },
  { tr: 'inç', en: 'inch' },
  { tr: 'hata', en: 'error' },
  { tr: 'uyarı', en: 'warning' },
];

// Case and possessive/plural/locative endings a term may carry ("flanşı", "dişliler", "mile").
const SUFFIX = String.raw`(?:['’]?(?:lar|ler|ları|leri|ın|in|un|ün|nın|nin|nun|nün|ı|i|u|ü|sı|si|su|sü|a|e|ya|ye|da|de|ta|te|dan|den|tan|ten|la|le|yla|yle|lı|li|lu|lü|lik|lık|luk|lük|sız|siz))?`;

const GLOSSARY_RE = GLOSSARY.map((g) => ({
  entry: g,
  re: new RegExp(String.raw`(?<![\p{L}\d])(?:${(g.stems ?? [g.tr]).map(escapeRe).join('|')})${SUFFIX}(?![\p{L}\d])`, 'iu'),
}));

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Glossary terms that occur in the prompt, in glossary order ("mil" does not match "milimetre"). */
export function glossaryHits(prompt: string): { tr: string; en: string }[] {
  const text = prompt.toLocaleLowerCase('tr-TR');
  return GLOSSARY_RE.filter(({ re }) => re.test(text)).map(({ entry }) => ({ tr: entry.tr, en: entry.en }));
}

export { detectLanguage } from '../../../shared/language.js';

const GLOSSARY_LINE =
  'vida→screw, flanş→flange, mil→shaft, yatak→bearing, dişli→gear, cıvata→bolt, somun→nut, pul/rondela→washer, kasnak→pulley, kama→key, burç→bushing, göbek→hub, pah→chamfer, kordon→fillet, çap→diameter, yarıçap→radius, kalınlık→thickness, uzunluk→length, genişlik→width, yükseklik→height';

/** The system prompt (Turkish, from the seeds, extended for FreeCAD 1.1 and the script policy). */
export const SYSTEM_PROMPT = [
  "Sen FreeCAD 1.1 Python API uzmanısın. Türkçe veya İngilizce CAD tasarım isteklerini başsız (GUI'siz) çalışan FreeCAD 1.1 betiklerine dönüştür.",
  'Part, PartDesign, Sketcher ve Draft modüllerini kullan. Birimler mm, açılar derece, koordinat sistemi sağ el kuralı (Z yukarı).',
  `Türkçe CAD terimlerini sözlükle İngilizce karşılıklarına eşle: ${GLOSSARY_LINE}. Sözlüğü parameters ve intent için kullan; betikteki adları zorla çevirme.`,
  '',
  'BETİK SÖZLEŞMESİ:',
  '1. Yalnızca şunları içe aktar: "import FreeCAD as App", "import Part", PartDesign, Sketcher, Draft, Mesh, math ve numpy\'nin sayısal kısmı (array, linspace, zeros, sqrt, sin, cos, pi …). Başka modül yok.',
  '2. Geometriyi oluştur ve son şekli "result" adlı değişkene ata (bir Part.Shape; birden çok parça varsa Part.makeCompound([...])). İstersen "def build():" yazıp şekli döndürebilirsin, yine de "result = build()" ile bitir.',
  '3. Dosya kaydetme, açma, okuma, içe/dışa aktarma YOK: saveAs, save, export, exportStep, exportStl, Import, Mesh.export, write, read, open, openDocument, ParamGet kullanma. STEP/STL/FCStd dosyalarını çalışan (worker) üretir.',
  '4. Yasak: exec, eval, compile, __import__, getattr, setattr, globals, locals, vars, type, dir, input, os, sys, subprocess, PySide/Qt, FreeCADGui, dekoratörler (staticmethod/classmethod/property dışında), çift alt çizgili adlar (__class__ gibi, "if __name__ == \'__main__\'" dahil), str.format ile öznitelik erişimi, sonsuz döngüler, dosya ve ağ erişimi.',
  "5. Her uzunluk 0,1–1000 mm aralığında olmalı. İnç, cm veya m verilirse mm'ye çevir (1 inç = 25,4 mm) ve parameters içine mm olarak yaz; uyarılara dönüşümü ekle.",
  '6. Boolean işlemlerden sonra şekil geçerli olmalı (isValid()); dişler gibi ayrıntıları basitleştirirsen warnings içinde söyle.',
  '',
  "BELİRSİZLİK: İstek birden fazla makul biçimde yorumlanabiliyorsa script_py'yi boş bırak, requires_clarification=true yap ve clarification_question alanına kullanıcının dilinde tek, kısa bir soru yaz. Temel bir ölçü eksikse ve güvenli bir varsayılan yoksa aynısını yap ve missing alanına eksik parametre adlarını (İngilizce) yaz. Küçük eksiklerde güvenli bir varsayılan kullan ve warnings içinde belirt.",
  '',
  'ÇIKTI KURALI: Yalnızca JSON döndür (markdown yok, açıklama yok) ve alanlar: {"language":"tr"|"en", "units":"mm", "intent":"freecad_script", "glossary_used":true|false, "parameters":{}, "script_py":"<FreeCAD Python>", "warnings":[], "requires_clarification":true|false, "clarification_question":"", "missing":[]}. language, kullanıcının isteğinin dilidir; warnings ve clarification_question bu dilde yazılır.',
].join('\n');

interface Example {
  prompt: string;
  answer: Record<string, unknown>;
}

/** An answer in the exact shape the system prompt asks for; `body` lines follow the fixed imports. */
function shot(
  prompt: string,
  a: {
    language: PromptLang;
    glossary: boolean;
    parameters?: Record<string, unknown>;
    body?: string[];
    warnings?: string[];
    question?: string;
    missing?: string[];
  },
): Example {
  return {
    prompt,
    answer: {
      language: a.language,
      units: 'mm',
      intent: 'freecad_script',
      glossary_used: a.glossary,
      parameters: a.parameters ?? {},
      script_py: a.body ? `${['import FreeCAD as App', 'import Part', '', ...a.body].join('\n')}\n` : '',
      warnings: a.warnings ?? [],
      requires_clarification: a.question !== undefined,
      clarification_question: a.question ?? '',
      missing: a.missing ?? [],
    },
  };
}

/** Few-shot examples; every script here passes the static policy (tested). */
export const FEW_SHOTS: readonly Example[] = [
  shot('M8 vida deliği olan 20mm flanş', {
    language: 'tr',
    glossary: true,
    parameters: { outer_diameter: 20, thickness: 5, hole_diameter: 8.5, bolt: 'M8' },
    body: [
      'outer_d = 20.0',
      'thickness = 5.0',
      'hole_d = 8.5  # M8 açıklık deliği',
      'body = Part.makeCylinder(outer_d / 2.0, thickness)',
      'hole = Part.makeCylinder(hole_d / 2.0, thickness)',
      'result = body.cut(hole)',
    ],
    warnings: ['Kalınlık belirtilmedi; 5 mm varsayıldı.', 'M8 için 8,5 mm açıklık deliği kullanıldı.'],
  }),
  shot('3 adet dişli ile güç aktarım sistemi', {
    language: 'tr',
    glossary: true,
    parameters: { module: 1, teeth: [20, 40, 20], thickness: 10 },
    body: [
      'module = 1.0',
      'teeth = [20, 40, 20]',
      'thickness = 10.0',
      'radii = [module * t / 2.0 for t in teeth]',
      'centers = [0.0, radii[0] + radii[1], radii[0] + 2.0 * radii[1] + radii[2]]',
      'gears = []',
      'for r, x in zip(radii, centers):',
      '    gear = Part.makeCylinder(r, thickness)',
      '    gear.translate(App.Vector(x, 0, 0))',
      '    gears.append(gear)',
      'result = Part.makeCompound(gears)',
    ],
    warnings: ['Dişler modellenmedi; dişliler hatve dairesi çapında silindirlerdir.', 'Modül 1 ve 20/40/20 diş varsayıldı.'],
  }),
  shot('Çapı 12 mm, uzunluğu 80 mm olan ayarlanabilir mil', {
    language: 'tr',
    glossary: true,
    parameters: { diameter: 12, length: 80 },
    body: ['def build(d=12.0, length=80.0):', '    return Part.makeCylinder(d / 2.0, length)', '', 'result = build()'],
  }),
  shot('2 inch pipe with a 1/8 inch wall, 100 mm long', {
    language: 'en',
    glossary: false,
    parameters: { outer_diameter: 50.8, wall_thickness: 3.175, length: 100 },
    body: [
      'outer_d = 50.8',
      'wall = 3.175',
      'length = 100.0',
      'outer = Part.makeCylinder(outer_d / 2.0, length)',
      'inner = Part.makeCylinder(outer_d / 2.0 - wall, length)',
      'result = outer.cut(inner)',
    ],
    warnings: ['Converted inches to mm (1 in = 25.4 mm).'],
  }),
  shot("10'luk mil", {
    language: 'tr',
    glossary: true,
    question: '10 mm milin çapı mı, yoksa uzunluğu mu? Diğer ölçüyü de yazar mısınız?',
  }),
  shot('Make a mounting bracket', {
    language: 'en',
    glossary: false,
    question: 'What width, height and thickness (mm) should the bracket have, and how many holes of which diameter?',
    missing: ['width', 'height', 'thickness'],
  }),
];

export interface UserTurn {
  /** the user's request, already PII-masked */
  prompt: string;
  lang: PromptLang;
}

/** The user message: the request plus the hints the adapter derived (language, glossary, lengths in mm). */
export function userMessage({ prompt, lang }: UserTurn): string {
  const hits = glossaryHits(prompt);
  const lengths = findLengths(prompt).filter((l) => l.unit !== 'mm');
  const lines = lang === 'tr' ? [`Dil: tr (tr-TR)`, `İstek: ${prompt}`] : [`Language: en (en-US)`, `Request: ${prompt}`];
  if (hits.length) lines.push(`${lang === 'tr' ? 'Sözlük' : 'Glossary'}: ${hits.map((h) => `${h.tr}→${h.en}`).join(', ')}`);
  if (lengths.length) {
    lines.push(`${lang === 'tr' ? 'mm karşılıkları' : 'In mm'}: ${lengths.map((l) => `"${l.text}" = ${l.mm} mm`).join(', ')}`);
  }
  return lines.join('\n');
}

export interface RepairTurn {
  previousScript: string;
  errorCode: string;
  /** the worker's trace or the policy's findings, PII-masked */
  trace: string;
}

const MAX_TRACE_CHARS = 2000;
const MAX_SCRIPT_CHARS = 8000;

/** The message asking the model to fix its previous script after a policy refusal or a FreeCAD error. */
export function repairMessage(r: RepairTurn, lang: PromptLang): string {
  const known = isErrorCode(r.errorCode) ? errorText(r.errorCode, lang).message : '';
  const trace = r.trace.length > MAX_TRACE_CHARS ? `…${r.trace.slice(-MAX_TRACE_CHARS)}` : r.trace;
  const prev = r.previousScript.length > MAX_SCRIPT_CHARS ? `${r.previousScript.slice(0, MAX_SCRIPT_CHARS)}\n# …` : r.previousScript;
  return lang === 'tr'
    ? [
        "Önceki betik reddedildi ya da FreeCAD'de başarısız oldu.",
        `Hata kodu: ${r.errorCode}${known ? ` — ${known}` : ''}`,
        'Ayrıntı:',
        trace,
        'Önceki betik:',
        prev,
        'Aynı isteği karşılayan düzeltilmiş betiği aynı JSON biçiminde döndür; betik sözleşmesine uy.',
      ].join('\n')
    : [
        'The previous script was refused or failed in FreeCAD.',
        `Error code: ${r.errorCode}${known ? ` — ${known}` : ''}`,
        'Details:',
        trace,
        'Previous script:',
        prev,
        'Return a corrected script for the same request in the same JSON format; follow the script contract.',
      ].join('\n');
}

/** Everything sent to the model for one request. */
export function buildMessages(turn: UserTurn & { repair?: RepairTurn }): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: SYSTEM_PROMPT }];
  for (const ex of FEW_SHOTS) {
    messages.push({ role: 'user', content: userMessage({ prompt: ex.prompt, lang: ex.answer.language as PromptLang }) });
    messages.push({ role: 'assistant', content: JSON.stringify(ex.answer) });
  }
  messages.push({ role: 'user', content: userMessage(turn) });
  if (turn.repair) messages.push({ role: 'user', content: repairMessage(turn.repair, turn.lang) });
  return messages;
}
