// Finding texts in English and Turkish, one pair per rule; `s` is the offending symbol.
import type { PolicyRule } from './types.js';

const ALLOWED = 'FreeCAD, Part, PartDesign, Sketcher, Draft, Mesh, math, numpy';

export const RULE_TEXT: Record<PolicyRule, { en: (s: string) => string; tr: (s: string) => string }> = {
  syntax: {
    en: (s) => `Python syntax error near ${s}.`,
    tr: (s) => `${s} yakınında Python sözdizimi hatası.`,
  },
  'too-large': {
    en: (s) => `The script is too large (${s}).`,
    tr: (s) => `Betik çok büyük (${s}).`,
  },
  'forbidden-name': {
    en: (s) => `'${s}' is not allowed in scripts (dynamic code, introspection or host access).`,
    tr: (s) => `'${s}' betiklerde kullanılamaz (dinamik kod, iç gözlem veya sisteme erişim).`,
  },
  'forbidden-module': {
    en: (s) => `Module '${s}' is not allowed in scripts.`,
    tr: (s) => `'${s}' modülü betiklerde kullanılamaz.`,
  },
  import: {
    en: (s) => `Import of '${s}' is not allowed; allowed modules: ${ALLOWED}.`,
    tr: (s) => `'${s}' içe aktarılamaz; izin verilen modüller: ${ALLOWED}.`,
  },
  dunder: {
    en: (s) => `Double-underscore name '${s}' is not allowed.`,
    tr: (s) => `Çift alt çizgili ad '${s}' kullanılamaz.`,
  },
  'dunder-string': {
    en: (s) => `A string spells a double-underscore name (${s}); such strings are refused.`,
    tr: (s) => `Bir metin çift alt çizgili bir ad içeriyor (${s}); bu tür metinler reddedilir.`,
  },
  'private-attribute': {
    en: (s) => `Private attribute '${s}' is not allowed.`,
    tr: (s) => `Özel öznitelik '${s}' kullanılamaz.`,
  },
  'forbidden-attribute': {
    en: (s) => `'${s}' is not allowed (file access, process control or interpreter internals).`,
    tr: (s) => `'${s}' kullanılamaz (dosya erişimi, süreç denetimi veya yorumlayıcı iç yapısı).`,
  },
  'file-io': {
    en: (s) => `'${s}' reads or writes files; scripts only build geometry, the worker does every export.`,
    tr: (s) => `'${s}' dosya okur veya yazar; betikler yalnızca geometri oluşturur, dışa aktarmayı çalışan yapar.`,
  },
  'numpy-subset': {
    en: (s) => `numpy.${s} is outside the allowed numeric subset of numpy.`,
    tr: (s) => `numpy.${s}, numpy'nin izin verilen sayısal alt kümesinin dışında.`,
  },
  qt: {
    en: (s) => `Qt / GUI name '${s}' is not available to scripts.`,
    tr: (s) => `Qt / arayüz adı '${s}' betiklerde kullanılamaz.`,
  },
  homoglyph: {
    en: (s) => `Identifier ${s} changes under Unicode normalisation (NFKC); write it in plain characters.`,
    tr: (s) => `${s} tanımlayıcısı Unicode normalleştirmesinde (NFKC) değişiyor; düz karakterlerle yazın.`,
  },
  'format-string': {
    en: (s) => `str.format with attribute or index access (${s}) is not allowed; use f-strings on plain values.`,
    tr: (s) => `Öznitelik veya dizin erişimli str.format (${s}) kullanılamaz; düz değerlerle f-string kullanın.`,
  },
  decorator: {
    en: (s) => `Decorator '${s}' is not allowed; only staticmethod, classmethod and property.`,
    tr: (s) => `'${s}' dekoratörü kullanılamaz; yalnızca staticmethod, classmethod ve property.`,
  },
  metaclass: {
    en: (s) => `Class creation through '${s}' is not allowed.`,
    tr: (s) => `'${s}' ile sınıf oluşturma kullanılamaz.`,
  },
  'object-type': {
    en: (s) => `Document object type ${s} is not allowed (it reads or writes files, or is not a literal).`,
    tr: (s) => `${s} belge nesnesi türü kullanılamaz (dosya okur/yazar ya da sabit bir metin değil).`,
  },
  'property-type': {
    en: (s) => `Property type ${s} is not allowed (file or path properties, or not a literal).`,
    tr: (s) => `${s} özellik türü kullanılamaz (dosya veya yol özelliği ya da sabit bir metin değil).`,
  },
  expression: {
    en: (s) => `setExpression needs a literal expression string (${s}).`,
    tr: (s) => `setExpression sabit bir ifade metni ister (${s}).`,
  },
  'path-argument': {
    en: (s) => `${s} with a file name reads a file; build the object from geometry instead.`,
    tr: (s) => `Dosya adıyla ${s} bir dosya okur; nesneyi geometriden oluşturun.`,
  },
  'huge-constant': {
    en: (s) => `Constant expression is too large to evaluate safely: ${s}.`,
    tr: (s) => `Sabit ifade güvenle hesaplanamayacak kadar büyük: ${s}.`,
  },
  'unbounded-loop': {
    en: (s) => `${s} never ends (no break, return or raise); scripts must terminate.`,
    tr: (s) => `${s} hiç bitmiyor (break, return veya raise yok); betikler sonlanmalı.`,
  },
  api: {
    en: (s) => `${s} is not part of the FreeCAD 1.1 API.`,
    tr: (s) => `${s} FreeCAD 1.1 API'sinde yok.`,
  },
  dimension: {
    en: (s) => `${s} mm is outside the allowed range 0.1–1000 mm.`,
    tr: (s) => `${s} mm izin verilen 0,1–1000 mm aralığının dışında.`,
  },
};
