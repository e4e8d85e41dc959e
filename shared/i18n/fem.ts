// FEM texts: what the analysis flow says when a model cannot run or a result does not add up.
// Parameters are numbers and names as the code fills them.
import type { Catalog } from './text.js';

export const FEM_TEXT = {
  unknownMaterial: {
    en: "unknown material '{{id}}'; materials with elastic data: {{known}}",
    tr: "bilinmeyen malzeme '{{id}}'; elastik verisi olan malzemeler: {{known}}",
  },
  noSupports: { en: 'The static analysis has no fixed support.', tr: 'Statik analizde sabit mesnet yok.' },
  noLoads: { en: 'a static analysis needs at least one load', tr: 'statik analiz en az bir yük ister' },
  partChanged: {
    en: 'the part file changed since the job was submitted',
    tr: 'parça dosyası iş gönderildikten sonra değişti',
  },
  unbalanced: {
    en: 'The reactions ({{reaction}} N) do not balance the applied loads ({{applied}} N).',
    tr: 'Tepki kuvvetleri ({{reaction}} N) uygulanan yükleri ({{applied}} N) dengelemiyor.',
  },
  someDirections: { en: 'some directions', tr: 'bazı yönlerde' },
} as const satisfies Catalog;
