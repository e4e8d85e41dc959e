// Import report texts: the file's format and variant, the mesh checks, what was converted and
// repaired (the keys the worker writes, freecad-bridge/python/flows/import*.py), and the notes
// the units decision adds (electron/domains/import/units.ts).
import type { Catalog } from './text.js';

export const IMPORT_TEXT = {
  format: {
    step: { en: 'STEP', tr: 'STEP' },
    iges: { en: 'IGES', tr: 'IGES' },
    brep: { en: 'BREP', tr: 'BREP' },
    stl: { en: 'STL', tr: 'STL' },
    obj: { en: 'OBJ', tr: 'OBJ' },
    fcstd: { en: 'FCStd', tr: 'FCStd' },
  },
  variant: {
    p21: { en: 'Part 21 text', tr: 'Part 21 metni' },
    fixed: { en: 'fixed-width lines', tr: 'sabit genişlikli satırlar' },
    text: { en: 'text', tr: 'metin' },
    ascii: { en: 'text (ASCII)', tr: 'metin (ASCII)' },
    binary: { en: 'binary', tr: 'ikili' },
    zip: { en: 'ZIP archive', tr: 'ZIP arşivi' },
  },
  /** mesh checks, by the key the worker reports */
  mesh: {
    triangles: { en: 'Triangles', tr: 'Üçgenler' },
    vertices: { en: 'Vertices', tr: 'Köşeler' },
    open_edges: { en: 'Open edges', tr: 'Açık kenarlar' },
    holes: { en: 'Holes', tr: 'Delikler' },
    non_manifold_edges: { en: 'Non-manifold edges', tr: 'Manifold olmayan kenarlar' },
    degenerate_triangles: { en: 'Degenerate triangles', tr: 'Bozuk üçgenler' },
    duplicate_triangles: { en: 'Duplicate triangles', tr: 'Yinelenen üçgenler' },
    misoriented_triangles: { en: 'Wrongly oriented triangles', tr: 'Ters yönlü üçgenler' },
    components: { en: 'Separate pieces', tr: 'Ayrı parçalar' },
    closed: { en: 'Closed', tr: 'Kapalı' },
    manifold: { en: 'Manifold', tr: 'Manifold' },
    oriented: { en: 'Consistently oriented', tr: 'Tutarlı yönlü' },
  },
  /** what a conversion or repair record is, by its kind */
  kind: {
    scale: { en: 'Scaled', tr: 'Ölçeklendi' },
    tessellation_to_mesh: { en: 'Tessellation kept as a mesh', tr: 'Yüzey ağı, ağ olarak tutuldu' },
    sew_to_solid: { en: 'Surfaces sewn into a solid', tr: 'Yüzeyler katıya dikildi' },
    weld_vertices: { en: 'Vertices welded', tr: 'Köşeler kaynaştırıldı' },
    mesh_to_solid: { en: 'Mesh turned into a solid', tr: 'Ağ katıya dönüştürüldü' },
    z_up: { en: 'Turned to Z-up', tr: 'Z yukarı çevrildi' },
    refine: { en: 'Faces merged', tr: 'Yüzeyler birleştirildi' },
    center: { en: 'Centred', tr: 'Ortalandı' },
    fix_invalid_solid: { en: 'Invalid solid fixed', tr: 'Geçersiz katı düzeltildi' },
    turn_solid_outside_out: { en: 'Solid turned outside out', tr: 'Katının içi dışına çevrildi' },
    turn_mesh_outside_out: { en: 'Mesh turned outside out', tr: 'Ağın içi dışına çevrildi' },
    remove_invalid_points: { en: 'Invalid points removed', tr: 'Geçersiz noktalar silindi' },
    remove_degenerate_triangles: { en: 'Degenerate triangles removed', tr: 'Bozuk üçgenler silindi' },
    remove_duplicate_triangles: { en: 'Duplicate triangles removed', tr: 'Yinelenen üçgenler silindi' },
    merge_duplicate_points: { en: 'Duplicate points merged', tr: 'Yinelenen noktalar birleştirildi' },
    remove_non_manifold_triangles: { en: 'Non-manifold triangles removed', tr: 'Manifold olmayan üçgenler silindi' },
    reorient_triangles: { en: 'Triangles turned the right way', tr: 'Üçgenler doğru yöne çevrildi' },
    fill_holes: { en: 'Holes filled', tr: 'Delikler dolduruldu' },
    conversion: { en: 'Conversion', tr: 'Dönüşüm' },
    repair: { en: 'Repair', tr: 'Onarım' },
  },
  /** the fields of a conversion or repair record */
  field: {
    part: { en: 'part', tr: 'parça' },
    triangles: { en: 'triangles', tr: 'üçgen' },
    factor: { en: 'factor', tr: 'çarpan' },
    count: { en: 'count', tr: 'adet' },
    faces: { en: 'faces', tr: 'yüzey' },
    solids: { en: 'solids', tr: 'katı' },
    tolerance_mm: { en: 'tolerance (mm)', tr: 'tolerans (mm)' },
    merged: { en: 'merged', tr: 'birleştirilen' },
    rotation: { en: 'rotation', tr: 'döndürme' },
    faces_before: { en: 'faces before', tr: 'önceki yüzey' },
    faces_after: { en: 'faces after', tr: 'sonraki yüzey' },
    translation_mm: { en: 'shift (mm)', tr: 'kaydırma (mm)' },
    fixed: { en: 'fixed', tr: 'düzeltildi' },
    triangles_added: { en: 'triangles added', tr: 'eklenen üçgen' },
    max_hole_edges: { en: 'largest hole filled (edges)', tr: 'doldurulan en büyük delik (kenar)' },
  },
  fileChanged: {
    en: 'the file changed after it was submitted; import it again',
    tr: 'dosya gönderildikten sonra değişti; yeniden içe aktarın',
  },
  yes: { en: 'yes', tr: 'evet' },
  no: { en: 'no', tr: 'hayır' },
  before: { en: 'before repair: {{value}}', tr: 'onarımdan önce: {{value}}' },
  faceCount: { en: '{{n}} faces', tr: '{{n}} yüzey' },
  /** notes from the units decision */
  note: {
    mixedUnits: {
      en: 'the file mixes length units ({{units}}); each part was converted from its own',
      tr: 'dosya birden çok uzunluk birimi kullanıyor ({{units}}); her parça kendi biriminden dönüştürüldü',
    },
    userUnit: {
      en: 'the file says {{file}}; {{used}} was used as asked',
      tr: 'dosyada {{file}} yazıyor; istendiği gibi {{used}} kullanıldı',
    },
    noUnit: { en: 'the file declares no length unit', tr: 'dosya bir uzunluk birimi belirtmiyor' },
    igesCount: {
      en: 'the T record counts {{want}} {{section}} lines, the file has {{got}}',
      tr: 'T kaydı {{want}} adet {{section}} satırı sayıyor, dosyada {{got}} var',
    },
    noStep: {
      en: 'no STEP: the mesh has too many triangles for a B-rep (limit {{limit}})',
      tr: 'STEP yok: ağda B-rep için fazla üçgen var (sınır {{limit}})',
    },
    brepOnly: {
      en: 'metrics and the preview show the B-rep parts only; parts kept as meshes are in the FCStd and the STL',
      tr: 'ölçüler ve önizleme yalnızca B-rep parçaları gösteriyor; ağ olarak kalan parçalar FCStd ve STL dosyalarında',
    },
    keptAsMesh: {
      en: 'kept as a mesh: {{triangles}} triangles is over the B-rep limit of {{limit}}',
      tr: 'ağ olarak bırakıldı: {{triangles}} üçgen, {{limit}} olan B-rep sınırının üstünde',
    },
  },
} as const satisfies Catalog;
