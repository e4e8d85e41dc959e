// Step labels: the names in shared/steps.ts as the user reads them.
import type { Catalog } from './text.js';

export const STEP_TEXT = {
  validate: { en: 'Validate input', tr: 'Girdiyi doğrula' },
  cache_lookup: { en: 'Look up cache', tr: 'Önbelleğe bak' },
  queue: { en: 'Wait in queue', tr: 'Sırada bekle' },
  model: { en: 'Build model', tr: 'Modeli oluştur' },
  recompute: { en: 'Recompute document', tr: 'Belgeyi yeniden hesapla' },
  export_fcstd: { en: 'Save FCStd', tr: 'FCStd kaydet' },
  export_step: { en: 'Export STEP', tr: 'STEP dışa aktar' },
  export_stl: { en: 'Export STL', tr: 'STL dışa aktar' },
  tessellate: { en: 'Tessellate preview', tr: 'Önizleme ağını oluştur' },
  metrics: { en: 'Measure', tr: 'Ölç' },
  write_glb: { en: 'Write GLB preview', tr: 'GLB önizleme yaz' },
  store_artefacts: { en: 'Store files', tr: 'Dosyaları sakla' },
  // import
  detect_format: { en: 'Detect format', tr: 'Biçimi algıla' },
  import: { en: 'Import file', tr: 'Dosyayı içe aktar' },
  repair: { en: 'Check and repair', tr: 'Denetle ve onar' },
  normalise: { en: 'Normalise', tr: 'Normalleştir' },
  // CAM
  cam_setup: { en: 'Set up CAM job', tr: 'CAM işini hazırla' },
  toolpath: { en: 'Compute toolpaths', tr: 'Takım yollarını hesapla' },
  post: { en: 'Post-process G-code', tr: 'G-kodu üret' },
  verify: { en: 'Verify G-code', tr: 'G-kodu doğrula' },
  // drawing
  drawing_setup: { en: 'Set up drawing', tr: 'Teknik resmi hazırla' },
  drawing_views: { en: 'Project views', tr: 'Görünüşleri çıkar' },
  drawing_dimensions: { en: 'Dimension views', tr: 'Ölçülendir' },
  drawing_export: { en: 'Write SVG, PDF, DXF', tr: 'SVG, PDF, DXF yaz' },
  // FEM
  fem_setup: { en: 'Set up analysis', tr: 'Analizi hazırla' },
  fem_mesh: { en: 'Mesh the part', tr: 'Parçayı ağla' },
  fem_solve: { en: 'Solve (CalculiX)', tr: 'Çöz (CalculiX)' },
  fem_post: { en: 'Read results', tr: 'Sonuçları oku' },
  // export
  export_setup: { en: 'Read the part', tr: 'Parçayı oku' },
  export_write: { en: 'Write the files', tr: 'Dosyaları yaz' },
  // manufacturability
  dfm_load: { en: 'Read the part', tr: 'Parçayı oku' },
  dfm_check: { en: 'Check manufacturability', tr: 'Üretilebilirliği denetle' },
  // AI and scripts
  ai_request: { en: 'Ask the model', tr: 'Modele sor' },
  policy_check: { en: 'Check script policy', tr: 'Betik kurallarını denetle' },
  sandbox_run: { en: 'Run script in sandbox', tr: 'Betiği korumalı alanda çalıştır' },
  // assemblies
  assembly_components: { en: 'Build components', tr: 'Bileşenleri oluştur' },
  assembly_solve: { en: 'Solve joints', tr: 'Bağlantıları çöz' },
  assembly_clash: { en: 'Check clashes', tr: 'Çakışmaları denetle' },
  write_bom: { en: 'Write bill of materials', tr: 'Malzeme listesini yaz' },
} as const satisfies Catalog;
