// Turkish or English, from the text itself: Turkish letters and common words on either side.
// Used by the AI adapter (the model is told the language) and the Prompt page (shown as typed).
export type TextLang = 'tr' | 'en';

const TR_WORDS = new Set(
  "bir ve ile olan için çap çapı çaplı uzunluk uzunluğu uzunluğunda genişlik yükseklik kalınlık kalınlığında adet delik delikli deliği yap yapın oluştur oluşturun çiz olsun olarak mm'lik cm'lik boyunda eni boyu ortasında merkezde üzerinde arasında kutu silindir plaka boru mil vida flanş dişli yatak somun pul halka kapak".split(
    ' ',
  ),
);
const EN_WORDS = new Set(
  'a an and the with of for make create build draw that has hole holes diameter length width height thick thickness wide long high plate box cylinder shaft gear flange screw bearing nut washer ring pipe inch inches through in on at center centre'.split(
    ' ',
  ),
);

/** 'tr' or 'en'; with no signal at all, Turkish (Tezgah's users are Turkish first). */
export function detectLanguage(text: string): TextLang {
  return guessLanguage(text) ?? 'tr';
}

/** Like detectLanguage, but null while there is nothing to go by (an empty box, only numbers). */
export function guessLanguage(text: string): TextLang | null {
  const words = text
    .toLocaleLowerCase('tr-TR')
    .split(/[^\p{L}\d']+/u)
    .filter(Boolean);
  let tr = 0;
  let en = 0;
  for (const w of words) {
    if (/[çğıöşü]/.test(w)) tr += 2;
    if (TR_WORDS.has(w)) tr += 1;
    if (EN_WORDS.has(w)) en += 1;
  }
  if (!tr && !en) return null;
  // Tezgah's users are Turkish first: a tie is Turkish.
  return en > tr ? 'en' : 'tr';
}
