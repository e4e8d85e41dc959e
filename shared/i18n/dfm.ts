// Manufacturability (DFM) texts: each finding's message and fix hint, and what the check flow says
// when its input does not hold. Parameters are the finding's measured/allowed values and its params
// (flows/dfm.py), filled by electron/domains/dfm/flow.ts.
import type { Catalog } from './text.js';

export const DFM_TEXT = {
  findings: {
    DFM_UNDERCUT: {
      message: {
        en: '{{count}} face(s) cannot be reached by a vertical tool from the setup(s) {{setups}}: an undercut of {{measured}} mm².',
        tr: '{{count}} yüzeye {{setups}} bağlama(lar)ından dik takımla ulaşılamıyor: {{measured}} mm² alttan kesik (undercut).',
      },
      hint: {
        en: 'Open the feature towards a setup direction, add a setup from the side it opens to (--setups +z,+x), or plan a T-slot / undercut cutter.',
        tr: 'Unsuru bir bağlama yönüne açın, açıldığı taraftan bir bağlama ekleyin (--setups +z,+x) ya da T-kanal / alttan kesme frezesi planlayın.',
      },
    },
    DFM_INNER_RADIUS: {
      message: {
        en: 'Inner vertical corner radius {{measured}} mm is smaller than the smallest endmill can leave ({{allowed}} mm, {{tool}}).',
        tr: 'İç dikey köşe yarıçapı {{measured}} mm, en küçük parmak frezenin bırakabileceğinden ({{allowed}} mm, {{tool}}) küçük.',
      },
      hint: {
        en: 'Make the corner radius at least {{allowed}} mm (a little more lets the tool keep cutting), or add a smaller endmill to the library; a sharp inner corner needs EDM.',
        tr: 'Köşe yarıçapını en az {{allowed}} mm yapın (biraz fazlası takımın kesmeye devam etmesini sağlar) ya da kütüphaneye daha küçük bir parmak freze ekleyin; keskin iç köşe tel erozyon ister.',
      },
    },
    DFM_DEEP_HOLE: {
      message: {
        en: 'The Ø{{diameter}} mm hole is {{measured}} mm deep ({{ratio}} × D); the tools that make it reach {{allowed}} mm ({{tool}}).',
        tr: 'Ø{{diameter}} mm delik {{measured}} mm derin ({{ratio}} × D); onu açan takımlar {{allowed}} mm’ye ulaşıyor ({{tool}}).',
      },
      hint: {
        en: 'Make the hole at most {{allowed}} mm deep, change it to a drill size with a longer drill, drill from both sides, or add a longer drill to the library.',
        tr: 'Deliği en fazla {{allowed}} mm derin yapın, daha uzun matkabı olan bir matkap ölçüsüne çevirin, iki taraftan delin ya da kütüphaneye daha uzun bir matkap ekleyin.',
      },
    },
    DFM_NO_DRILL: {
      message: {
        en: 'No drill or endmill in the library makes the Ø{{diameter}} mm hole; nearest drill sizes: {{nearest}} mm.',
        tr: 'Kütüphanede Ø{{diameter}} mm deliği açan matkap ya da parmak freze yok; en yakın matkap ölçüleri: {{nearest}} mm.',
      },
      hint: {
        en: 'Change the hole to a drill size ({{nearest}} mm) or add a Ø{{diameter}} mm drill to the library.',
        tr: 'Deliği bir matkap ölçüsüne çevirin ({{nearest}} mm) ya da kütüphaneye Ø{{diameter}} mm matkap ekleyin.',
      },
    },
    DFM_NO_DRILL_MILLED: {
      message: {
        en: 'No Ø{{diameter}} mm drill in the library: the hole is milled by interpolation with {{tool}}; nearest drill sizes: {{nearest}} mm.',
        tr: 'Kütüphanede Ø{{diameter}} mm matkap yok: delik {{tool}} ile interpolasyonla frezelenir; en yakın matkap ölçüleri: {{nearest}} mm.',
      },
      hint: {
        en: 'A drill size ({{nearest}} mm) is faster and rounder; keep Ø{{diameter}} mm if the fit needs it.',
        tr: 'Bir matkap ölçüsü ({{nearest}} mm) daha hızlı ve daha yuvarlak olur; geçme gerektiriyorsa Ø{{diameter}} mm kalsın.',
      },
    },
    DFM_THIN_WALL: {
      message: {
        en: 'The thinnest wall is {{measured}} mm, at X{{x}} Y{{y}} Z{{z}}; the minimum is {{allowed}} mm.',
        tr: 'En ince duvar {{measured}} mm, X{{x}} Y{{y}} Z{{z}} konumunda; en az {{allowed}} mm olmalı.',
      },
      hint: {
        en: 'Thicken the wall to at least {{allowed}} mm or move the feature next to it away; thin walls chatter and bend under the tool.',
        tr: 'Duvarı en az {{allowed}} mm’ye kalınlaştırın ya da yanındaki unsuru uzaklaştırın; ince duvar takım altında titrer ve eğilir.',
      },
    },
    DFM_THIN_WALL_FDM: {
      message: {
        en: 'The thinnest wall is {{measured}} mm, at X{{x}} Y{{y}} Z{{z}}; with a {{nozzle}} mm nozzle the minimum is {{allowed}} mm.',
        tr: 'En ince duvar {{measured}} mm, X{{x}} Y{{y}} Z{{z}} konumunda; {{nozzle}} mm nozülle en az {{allowed}} mm olmalı.',
      },
      hint: {
        en: 'Thicken the wall to at least {{allowed}} mm (two extrusion lines), or print with a smaller nozzle.',
        tr: 'Duvarı en az {{allowed}} mm’ye (iki ekstrüzyon hattı) kalınlaştırın ya da daha küçük nozülle basın.',
      },
    },
    DFM_ENVELOPE: {
      message: {
        en: 'The part ({{sx}} × {{sy}} × {{sz}} mm) does not fit the machine’s travel ({{ex}} × {{ey}} × {{ez}} mm): {{measured}} mm where {{allowed}} mm fit.',
        tr: 'Parça ({{sx}} × {{sy}} × {{sz}} mm) tezgahın eksen boylarına ({{ex}} × {{ey}} × {{ez}} mm) sığmıyor: {{allowed}} mm sığan yerde {{measured}} mm.',
      },
      hint: {
        en: 'Choose a larger machine (--machine ID), split the part, or machine it in several setups.',
        tr: 'Daha büyük bir tezgah seçin (--machine ID), parçayı bölün ya da birkaç bağlamada işleyin.',
      },
    },
    DFM_OVERHANG: {
      message: {
        en: 'Overhangs up to {{measured}}° from vertical ({{area_mm2}} mm²) are beyond the {{allowed}}° that print without support.',
        tr: 'Dikeyden {{measured}}°’ye varan sarkmalar ({{area_mm2}} mm²), desteksiz basılabilen {{allowed}}°’nin ötesinde.',
      },
      hint: {
        en: 'Turn the part so the faces point up, add a chamfer of at most {{allowed}}° under them, or print with supports (options.supports).',
        tr: 'Parçayı yüzeyler yukarı bakacak şekilde çevirin, altlarına en fazla {{allowed}}° pah ekleyin ya da destekle basın (options.supports).',
      },
    },
    DFM_BED_SIZE: {
      message: {
        en: 'The part ({{sx}} × {{sy}} × {{sz}} mm) does not fit the printer ({{ex}} × {{ey}} × {{ez}} mm): {{measured}} mm where {{allowed}} mm fit.',
        tr: 'Parça ({{sx}} × {{sy}} × {{sz}} mm) yazıcıya ({{ex}} × {{ey}} × {{ez}} mm) sığmıyor: {{allowed}} mm sığan yerde {{measured}} mm.',
      },
      hint: {
        en: 'Scale or split the part, lay it on another side, or use a larger printer (options.bed_mm).',
        tr: 'Parçayı ölçekleyin ya da bölün, başka bir yüzü üzerine yatırın veya daha büyük bir yazıcı kullanın (options.bed_mm).',
      },
    },
    DFM_SMALL_HOLE: {
      message: {
        en: 'The Ø{{diameter}} mm hole is narrower than a {{allowed}} mm hole the nozzle prints true.',
        tr: 'Ø{{diameter}} mm delik, nozülün düzgün basabildiği {{allowed}} mm delikten dar.',
      },
      hint: {
        en: 'Make the hole at least {{allowed}} mm, or print it smaller and drill it to size afterwards.',
        tr: 'Deliği en az {{allowed}} mm yapın ya da küçük basıp sonra ölçüsüne delin.',
      },
    },
    DFM_PRINT_ESTIMATE: {
      message: {
        en: 'About {{measured}} min to print: {{volume_cm3}} cm³ in {{layers}} layers of {{layer}} mm.',
        tr: 'Baskı yaklaşık {{measured}} dk: {{layer}} mm’lik {{layers}} katmanda {{volume_cm3}} cm³.',
      },
      hint: {
        en: 'An estimate from the volume, the walls, the infill and the print speed; a slicer gives the exact time.',
        tr: 'Hacim, duvarlar, doluluk ve baskı hızından bir tahmin; kesin süreyi dilimleyici verir.',
      },
    },
  },
  unknownTool: {
    en: "unknown tool '{{id}}'; tools of the library: {{known}}",
    tr: "bilinmeyen takım '{{id}}'; kütüphanedeki takımlar: {{known}}",
  },
  unknownMachine: {
    en: "unknown machine '{{id}}'; machines of the library: {{known}}",
    tr: "bilinmeyen tezgah '{{id}}'; kütüphanedeki tezgahlar: {{known}}",
  },
  machineForFdm: {
    en: 'the library’s machines are mills; give a printer’s bed as options.bed_mm',
    tr: 'kütüphanedeki tezgahlar frezedir; yazıcı tablasını options.bed_mm olarak verin',
  },
  noMillTools: {
    en: 'a milling check needs at least one endmill or drill among the tools',
    tr: 'frezeleme denetimi takımlar arasında en az bir parmak freze ya da matkap ister',
  },
  partChanged: {
    en: 'the part file changed since the job was submitted',
    tr: 'parça dosyası iş gönderildikten sonra değişti',
  },
  verdict: {
    ok: { en: 'Can be made by {{process}}: no blocking finding.', tr: '{{process}} ile yapılabilir: engelleyici bulgu yok.' },
    notOk: {
      en: 'Cannot be made by {{process}} as drawn: {{count}} blocking finding(s).',
      tr: 'Çizildiği gibi {{process}} ile yapılamaz: {{count}} engelleyici bulgu.',
    },
  },
  process: {
    milling: { en: '3-axis milling', tr: '3 eksen frezeleme' },
    fdm: { en: 'FDM printing', tr: 'FDM baskı' },
  },
} as const satisfies Catalog;
