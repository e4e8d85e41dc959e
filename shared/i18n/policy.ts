// What the static script policy says about each rule it enforces; {{symbol}} is the offending name.
import type { Catalog } from './text.js';

export const POLICY_TEXT = {
  syntax: { en: 'Python syntax error near {{symbol}}.', tr: '{{symbol}} yakınında Python sözdizimi hatası.' },
  'too-large': { en: 'The script is too large ({{symbol}}).', tr: 'Betik çok büyük ({{symbol}}).' },
  'forbidden-name': {
    en: "'{{symbol}}' is not allowed in scripts (dynamic code, introspection or host access).",
    tr: "'{{symbol}}' betiklerde kullanılamaz (dinamik kod, iç gözlem veya sisteme erişim).",
  },
  'forbidden-module': { en: "Module '{{symbol}}' is not allowed in scripts.", tr: "'{{symbol}}' modülü betiklerde kullanılamaz." },
  import: {
    en: "Import of '{{symbol}}' is not allowed; allowed modules: {{allowed}}.",
    tr: "'{{symbol}}' içe aktarılamaz; izin verilen modüller: {{allowed}}.",
  },
  dunder: { en: "Double-underscore name '{{symbol}}' is not allowed.", tr: "Çift alt çizgili ad '{{symbol}}' kullanılamaz." },
  'dunder-string': {
    en: 'A string spells a double-underscore name ({{symbol}}); such strings are refused.',
    tr: 'Bir metin çift alt çizgili bir ad içeriyor ({{symbol}}); bu tür metinler reddedilir.',
  },
  'private-attribute': { en: "Private attribute '{{symbol}}' is not allowed.", tr: "Özel öznitelik '{{symbol}}' kullanılamaz." },
  'forbidden-attribute': {
    en: "'{{symbol}}' is not allowed (file access, process control or interpreter internals).",
    tr: "'{{symbol}}' kullanılamaz (dosya erişimi, süreç denetimi veya yorumlayıcı iç yapısı).",
  },
  'file-io': {
    en: "'{{symbol}}' reads or writes files; scripts only build geometry, the worker does every export.",
    tr: "'{{symbol}}' dosya okur veya yazar; betikler yalnızca geometri oluşturur, dışa aktarmayı çalışan yapar.",
  },
  'numpy-subset': {
    en: 'numpy.{{symbol}} is outside the allowed numeric subset of numpy.',
    tr: "numpy.{{symbol}}, numpy'nin izin verilen sayısal alt kümesinin dışında.",
  },
  qt: { en: "Qt / GUI name '{{symbol}}' is not available to scripts.", tr: "Qt / arayüz adı '{{symbol}}' betiklerde kullanılamaz." },
  homoglyph: {
    en: 'Identifier {{symbol}} changes under Unicode normalisation (NFKC); write it in plain characters.',
    tr: '{{symbol}} tanımlayıcısı Unicode normalleştirmesinde (NFKC) değişiyor; düz karakterlerle yazın.',
  },
  'format-string': {
    en: 'str.format with attribute or index access ({{symbol}}) is not allowed; use f-strings on plain values.',
    tr: 'Öznitelik veya dizin erişimli str.format ({{symbol}}) kullanılamaz; düz değerlerle f-string kullanın.',
  },
  decorator: {
    en: "Decorator '{{symbol}}' is not allowed; only staticmethod, classmethod and property.",
    tr: "'{{symbol}}' dekoratörü kullanılamaz; yalnızca staticmethod, classmethod ve property.",
  },
  metaclass: { en: "Class creation through '{{symbol}}' is not allowed.", tr: "'{{symbol}}' ile sınıf oluşturma kullanılamaz." },
  'object-type': {
    en: 'Document object type {{symbol}} is not allowed (it reads or writes files, or is not a literal).',
    tr: '{{symbol}} belge nesnesi türü kullanılamaz (dosya okur/yazar ya da sabit bir metin değil).',
  },
  'property-type': {
    en: 'Property type {{symbol}} is not allowed (file or path properties, or not a literal).',
    tr: '{{symbol}} özellik türü kullanılamaz (dosya veya yol özelliği ya da sabit bir metin değil).',
  },
  expression: {
    en: 'setExpression needs a literal expression string ({{symbol}}).',
    tr: 'setExpression sabit bir ifade metni ister ({{symbol}}).',
  },
  'path-argument': {
    en: '{{symbol}} with a file name reads a file; build the object from geometry instead.',
    tr: 'Dosya adıyla {{symbol}} bir dosya okur; nesneyi geometriden oluşturun.',
  },
  'huge-constant': {
    en: 'Constant expression is too large to evaluate safely: {{symbol}}.',
    tr: 'Sabit ifade güvenle hesaplanamayacak kadar büyük: {{symbol}}.',
  },
  'unbounded-loop': {
    en: '{{symbol}} never ends (no break, return or raise); scripts must terminate.',
    tr: '{{symbol}} hiç bitmiyor (break, return veya raise yok); betikler sonlanmalı.',
  },
  api: { en: '{{symbol}} is not part of the FreeCAD 1.1 API.', tr: "{{symbol}} FreeCAD 1.1 API'sinde yok." },
  dimension: {
    en: '{{symbol}} mm is outside the allowed range 0.1–1000 mm.',
    tr: '{{symbol}} mm izin verilen 0,1–1000 mm aralığının dışında.',
  },
} as const satisfies Catalog;
