// Assembly texts: what the spec checker says about a spec (shared/assembly.ts), the CLI's and the
// Assembly page's words. Parameters are ids and numbers as the code fills them.
import type { Catalog } from './text.js';

export const ASSEMBLY_TEXT = {
  check: {
    duplicateComponent: { en: 'component id "{{id}}" is used twice', tr: '"{{id}}" bileşen kimliği iki kez kullanılmış' },
    duplicateJoint: { en: 'joint id "{{id}}" is used twice', tr: '"{{id}}" bağlantı kimliği iki kez kullanılmış' },
    duplicateLcs: {
      en: 'component "{{component}}" names the LCS "{{name}}" twice',
      tr: '"{{component}}" bileşeni "{{name}}" yerel koordinat sistemini iki kez tanımlıyor',
    },
    unknownComponent: {
      en: '{{where}} names the component "{{id}}", which the spec does not have (components: {{known}})',
      tr: '{{where}}, tanımda olmayan "{{id}}" bileşenini anıyor (bileşenler: {{known}})',
    },
    unknownLcs: {
      en: '{{where}}: component "{{component}}" has no LCS "{{name}}" (it has: {{known}})',
      tr: '{{where}}: "{{component}}" bileşeninde "{{name}}" yerel koordinat sistemi yok (olanlar: {{known}})',
    },
    badRef: {
      en: '{{where}}: "{{ref}}" is not a reference; use lcs:NAME, hole:N, face:N, edge:N or origin',
      tr: '{{where}}: "{{ref}}" bir başvuru değil; lcs:AD, hole:N, face:N, edge:N ya da origin kullanın',
    },
    selfJoint: {
      en: 'joint "{{id}}" joins the component "{{component}}" to itself',
      tr: '"{{id}}" bağlantısı "{{component}}" bileşenini kendisine bağlıyor',
    },
    badAxes: {
      en: 'component "{{component}}", LCS "{{name}}": {{why}}',
      tr: '"{{component}}" bileşeni, "{{name}}" yerel koordinat sistemi: {{why}}',
    },
    axesZero: { en: 'an axis has zero length', tr: 'bir eksenin uzunluğu sıfır' },
    axesNotOrthogonal: { en: 'the axes are not perpendicular', tr: 'eksenler birbirine dik değil' },
    paramNotFree: {
      en: 'joint "{{id}}" ({{type}}) has no free {{param}}; it may set: {{allowed}}',
      tr: '"{{id}}" bağlantısının ({{type}}) serbest {{param}} değeri yok; ayarlanabilenler: {{allowed}}',
    },
    outsideLimits: {
      en: 'joint "{{id}}": {{param}} = {{value}} is outside its limits {{min}}…{{max}}',
      tr: '"{{id}}" bağlantısı: {{param}} = {{value}}, {{min}}…{{max}} sınırlarının dışında',
    },
    duplicateDriver: {
      en: 'two drivers hold the {{param}} of joint "{{id}}"',
      tr: 'iki sürücü "{{id}}" bağlantısının {{param}} değerini sürüyor',
    },
    unknownDriverJoint: {
      en: 'a driver names the joint "{{id}}", which the spec does not have',
      tr: 'bir sürücü, tanımda olmayan "{{id}}" bağlantısını anıyor',
    },
    nothingGrounded: {
      en: 'no component has "grounded": true',
      tr: 'hiçbir bileşende "grounded": true yok',
    },
    notConnected: {
      en: 'not joined, directly or through others, to a grounded component: {{components}}',
      tr: 'doğrudan ya da başkaları üzerinden sabit bir bileşene bağlı değil: {{components}}',
    },
    groundedJoined: {
      en: 'joint "{{id}}" joins two grounded components ({{a}}, {{b}}); one of them must be free',
      tr: '"{{id}}" bağlantısı iki sabit bileşeni ({{a}}, {{b}}) birleştiriyor; biri serbest olmalı',
    },
  },
  flow: {
    notYet: {
      en: '{{what}} is not available in this version',
      tr: '{{what}} bu sürümde kullanılamıyor',
    },
    planarLimits: { en: 'limits on a planar joint', tr: 'düzlemsel bağlantıda sınırlar' },
    driverParam: { en: 'driving this joint parameter', tr: 'bu bağlantı parametresini sürmek' },
    tooManyFrames: {
      en: 'the sweep has {{frames}} frames, more than {{max}} (options.simulation.frames_max)',
      tr: 'taramada {{frames}} kare var, {{max}} sınırından fazla (options.simulation.frames_max)',
    },
    initial: { en: 'an initial joint value', tr: 'başlangıç bağlantı değeri' },
    exploded: { en: 'an exploded view', tr: 'patlatılmış görünüm' },
    simulation: { en: 'a simulation', tr: 'benzetim' },
    sourceChanged: {
      en: 'the file of component "{{component}}" changed after the job was submitted',
      tr: '"{{component}}" bileşeninin dosyası iş gönderildikten sonra değişti',
    },
    reopenMismatch: {
      en: 'the saved FCStd does not give back the solved placement of "{{component}}"',
      tr: 'kaydedilen FCStd, "{{component}}" bileşeninin çözülmüş konumunu geri vermiyor',
    },
    unknownMaterial: {
      en: 'component "{{component}}": unknown material "{{id}}"',
      tr: '"{{component}}" bileşeni: bilinmeyen malzeme "{{id}}"',
    },
  },
  /** a joint end's feature the worker did not find on the geometry */
  ref: {
    noLcs: {
      en: 'component "{{component}}" has no LCS named in "{{ref}}"',
      tr: '"{{component}}" bileşeninde "{{ref}}" yerel koordinat sistemi yok',
    },
    noHole: {
      en: 'component "{{component}}" has no "{{ref}}" (cylindrical holes found: {{count}})',
      tr: '"{{component}}" bileşeninde "{{ref}}" yok (bulunan silindirik delik sayısı: {{count}})',
    },
    noFace: {
      en: 'component "{{component}}" has no "{{ref}}" (faces: {{count}}, numbered from 0)',
      tr: '"{{component}}" bileşeninde "{{ref}}" yok (yüzey sayısı: {{count}}, 0’dan numaralı)',
    },
    noEdge: {
      en: 'component "{{component}}" has no "{{ref}}" (edges: {{count}}, numbered from 1)',
      tr: '"{{component}}" bileşeninde "{{ref}}" yok (kenar sayısı: {{count}}, 1’den numaralı)',
    },
    edgeKind: {
      en: '"{{ref}}" of component "{{component}}" is neither a circle nor a straight line',
      tr: '"{{component}}" bileşeninin "{{ref}}" kenarı ne çember ne de doğru',
    },
    badRef: { en: '"{{ref}}" is not a reference', tr: '"{{ref}}" bir başvuru değil' },
    noPlane: {
      en: 'component "{{component}}" has no planar face, which a planar joint ("{{ref}}") needs',
      tr: '"{{component}}" bileşeninde düzlemsel bağlantının ("{{ref}}") gerektirdiği düz bir yüzey yok',
    },
  },
  page: {
    title: { en: 'Assembly', tr: 'Montaj' },
    spec: { en: 'Assembly spec (JSON)', tr: 'Montaj tanımı (JSON)' },
    run: { en: 'Assemble', tr: 'Birleştir' },
    components: { en: 'Components', tr: 'Bileşenler' },
    joints: { en: 'Joints', tr: 'Bağlantılar' },
    clashes: { en: 'Clashes', tr: 'Çakışmalar' },
    noClashes: { en: 'No clashes', tr: 'Çakışma yok' },
    bom: { en: 'Bill of materials', tr: 'Malzeme listesi' },
    residual: { en: 'Residual', tr: 'Artık' },
    qty: { en: 'Qty', tr: 'Adet' },
    mass: { en: 'Mass', tr: 'Kütle' },
    material: { en: 'Material', tr: 'Malzeme' },
    volume: { en: 'Overlap volume', tr: 'Kesişim hacmi' },
    show: { en: 'Show', tr: 'Göster' },
    invalidJson: { en: 'The spec is not valid JSON: {{why}}', tr: 'Tanım geçerli JSON değil: {{why}}' },
    example: { en: 'Load the example', tr: 'Örneği yükle' },
    total: { en: 'Total', tr: 'Toplam' },
  },
} as const satisfies Catalog;
