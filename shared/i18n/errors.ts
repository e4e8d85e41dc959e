// Error messages and hints for every code in shared/errors.ts. A hint is either one text for every
// surface, or `{ ui, cli }` when the way out differs: the app names the Settings field or the control,
// the command line names the flag or the environment variable. Parameters are {{name}} (text.ts).
import type { Catalog, Text } from './text.js';

export interface ErrorTexts {
  readonly message: Text;
  readonly hint: Text | { readonly ui: Text; readonly cli: Text };
}

export const ERRORS = {
  VALIDATION_ERROR: {
    message: {
      en: 'Some values are missing, not numbers, out of range, or break a rule between fields.',
      tr: 'Bazı değerler eksik, sayı değil, aralık dışında ya da alanlar arası bir kuralı bozuyor.',
    },
    hint: { en: 'Check the highlighted field: {{field}} {{detail}}', tr: 'İşaretli alanı kontrol edin: {{field}} {{detail}}' },
  },
  DIMENSION_ERROR: {
    message: { en: 'A dimension is outside the allowed range (0.1–1000 mm).', tr: 'Bir ölçü izin verilen aralığın (0,1–1000 mm) dışında.' },
    hint: { en: 'Bring {{field}} into the range {{min}}–{{max}} mm.', tr: '{{field}} değerini {{min}}–{{max}} mm aralığına getirin.' },
  },
  UNKNOWN_TEMPLATE: {
    message: { en: 'There is no template with that name.', tr: 'Bu adla bir şablon yok.' },
    hint: { en: 'Pick one of: {{templates}}.', tr: 'Şunlardan birini seçin: {{templates}}.' },
  },
  NOT_FOUND: {
    message: { en: 'The requested item does not exist.', tr: 'İstenen öğe bulunamadı.' },
    hint: { en: 'Check the id; list the items to see what exists.', tr: 'Kimliği kontrol edin; mevcut öğeleri listeleyin.' },
  },
  IDEMPOTENCY_CONFLICT: {
    message: {
      en: 'This idempotency key was already used for a different request.',
      tr: 'Bu tekrar-önleme anahtarı farklı bir istek için zaten kullanıldı.',
    },
    hint: { en: 'Use a new key for a different request.', tr: 'Farklı bir istek için yeni bir anahtar kullanın.' },
  },
  INVALID_STATE: {
    message: { en: 'The job is not in a state that allows this action.', tr: 'İş bu işleme izin veren bir durumda değil.' },
    hint: {
      en: 'Only queued or running jobs can be cancelled; only finished jobs can be retried.',
      tr: 'Yalnızca sıradaki veya çalışan işler iptal edilebilir; yalnızca bitmiş işler yeniden denenebilir.',
    },
  },
  MATERIAL_PROCESS_INCOMPATIBLE: {
    message: {
      en: 'The chosen material cannot be made with the chosen process.',
      tr: 'Seçilen malzeme seçilen üretim yöntemiyle üretilemez.',
    },
    hint: {
      en: 'Choose a material that suits {{process}}, or another process.',
      tr: '{{process}} için uygun bir malzeme ya da başka bir yöntem seçin.',
    },
  },
  CONFIG_FREECAD_MISSING: {
    message: { en: 'The FreeCAD 1.1 runtime was not found.', tr: 'FreeCAD 1.1 çalışma ortamı bulunamadı.' },
    hint: {
      ui: {
        en: 'Reinstall Tezgah, or ask whoever looks after this computer to run its setup; Settings → FreeCAD runtime shows where Tezgah looked.',
        tr: 'Tezgah’ı yeniden kurun ya da bu bilgisayarla ilgilenen kişiden kurulumu çalıştırmasını isteyin; Ayarlar → FreeCAD çalışma ortamı, Tezgah’ın nereye baktığını gösterir.',
      },
      cli: {
        en: "Run 'npm run setup', or set TEZGAH_FREECAD to a FreeCAD 1.1 freecadcmd (or TEZGAH_FREECAD_ROOT to a runtime folder).",
        tr: "'npm run setup' çalıştırın ya da TEZGAH_FREECAD değişkenini bir FreeCAD 1.1 freecadcmd dosyasına (veya TEZGAH_FREECAD_ROOT'u bir çalışma ortamı klasörüne) yöneltin.",
      },
    },
  },
  CONFIG_FREECAD_VERSION_MISMATCH: {
    message: { en: 'The FreeCAD found is not version 1.1.x.', tr: 'Bulunan FreeCAD 1.1.x sürümü değil.' },
    hint: {
      ui: {
        en: 'Found {{found}}. Reinstall Tezgah to get its FreeCAD 1.1 runtime; Settings → FreeCAD runtime shows the one in use.',
        tr: '{{found}} bulundu. FreeCAD 1.1 çalışma ortamını almak için Tezgah’ı yeniden kurun; Ayarlar → FreeCAD çalışma ortamı kullanılanı gösterir.',
      },
      cli: {
        en: 'Found {{found}}. Install FreeCAD 1.1, or point TEZGAH_FREECAD / TEZGAH_FREECAD_ROOT at a 1.1 runtime.',
        tr: '{{found}} bulundu. FreeCAD 1.1 kurun ya da TEZGAH_FREECAD / TEZGAH_FREECAD_ROOT değişkenini 1.1 çalışma ortamına yöneltin.',
      },
    },
  },
  CONFIG_INVALID: {
    message: { en: 'A setting is invalid.', tr: 'Bir ayar geçersiz.' },
    hint: { en: 'Fix {{setting}}: {{detail}}', tr: '{{setting}} ayarını düzeltin: {{detail}}' },
  },
  SANDBOX_UNAVAILABLE: {
    message: {
      en: 'The OS sandbox cannot start on this machine, so outside files and scripts are refused.',
      tr: 'İşletim sistemi korumalı alanı bu makinede başlatılamıyor; dışarıdan gelen dosyalar ve betikler reddedildi.',
    },
    hint: {
      ui: {
        en: 'Settings → FreeCAD runtime → Sandbox shows why; on Linux ask whoever looks after this computer to allow user namespaces and install bubblewrap; on Windows and macOS you may turn on "Open outside files without the sandbox" there, for files you trust.',
        tr: 'Nedeni Ayarlar → FreeCAD çalışma ortamı → Korumalı alan bölümünde yazıyor; Linux\'ta bu bilgisayarla ilgilenen kişiden kullanıcı ad alanlarını açmasını ve bubblewrap kurmasını isteyin; Windows ve macOS\'ta, güvendiğiniz dosyalar için oradaki "Dışarıdan gelen dosyaları korumalı alan olmadan aç" seçeneğini açabilirsiniz.',
      },
      cli: {
        en: "Run 'tezgah doctor' to see why (user namespaces, bubblewrap).",
        tr: "Nedenini görmek için 'tezgah doctor' çalıştırın (kullanıcı ad alanları, bubblewrap).",
      },
    },
  },
  JOB_FILE_UNSAFE: {
    message: {
      en: 'A file the FreeCAD worker left is a link, a hard link or not a plain file, and was refused.',
      tr: 'FreeCAD çalışanının bıraktığı bir dosya bağlantı, sabit bağlantı ya da düz dosya değil; reddedildi.',
    },
    hint: {
      en: 'Nothing outside the job folder was read or written. If the input came from outside, it may be hostile: report the job log ({{file}}: {{reason}}).',
      tr: 'İş klasörünün dışında hiçbir şey okunmadı ya da yazılmadı. Girdi dışarıdan geldiyse zararlı olabilir: iş günlüğünü bildirin ({{file}}: {{reason}}).',
    },
  },
  JOB_DIR_LIMIT: {
    message: {
      en: 'The job wrote more to its folder than allowed ({{limit_mb}} MB) and was stopped.',
      tr: 'İş, klasörüne izin verilenden ({{limit_mb}} MB) fazla yazdı ve durduruldu.',
    },
    hint: {
      en: 'Simplify the model or its exports; nothing else on the disk was touched.',
      tr: 'Modeli ya da dışa aktarımlarını sadeleştirin; diskteki başka hiçbir şeye dokunulmadı.',
    },
  },
  PROCESS_LIMIT: {
    message: {
      en: 'The job started more processes than allowed ({{limit}}) and was stopped.',
      tr: 'İş izin verilenden ({{limit}}) fazla süreç başlattı ve durduruldu.',
    },
    hint: {
      en: 'A FreeCAD job needs no extra processes; if the input came from outside, it may be hostile.',
      tr: 'Bir FreeCAD işi ek süreç gerektirmez; girdi dışarıdan geldiyse zararlı olabilir.',
    },
  },
  FC_GEOM_INVALID_SHAPE: {
    message: {
      en: 'The model geometry is invalid (null, non-manifold or self-intersecting) and cannot be processed.',
      tr: 'Model geometrisi geçersiz (boş, manifold değil veya kendisiyle kesişiyor) ve işlenemiyor.',
    },
    hint: {
      en: 'Use thicker walls or smaller fillets, and check for overlapping features.',
      tr: 'Duvarları kalınlaştırın veya kordonları küçültün; çakışan özellikleri kontrol edin.',
    },
  },
  FC_BOOLEAN_FAILED: {
    message: {
      en: 'A boolean operation (cut, fuse, common) failed.',
      tr: 'Bir boolean işlemi (kesme, birleştirme, kesişim) başarısız oldu.',
    },
    hint: {
      en: 'Avoid coplanar or tangent faces between the bodies; move a feature slightly.',
      tr: 'Gövdeler arasında eş düzlemli veya teğet yüzeylerden kaçının; bir özelliği biraz kaydırın.',
    },
  },
  FC_FILLET_CHAMFER_FAILED: {
    message: {
      en: 'Fillet/chamfer operation failed; the radius may exceed what the adjacent edges allow.',
      tr: 'Kordon/pah işlemi başarısız oldu; yarıçap komşu kenar sınırlarını aşmış olabilir.',
    },
    hint: {
      en: 'Reduce the radius below the smallest adjacent edge length, or increase wall thickness.',
      tr: 'Yarıçapı en küçük komşu kenar uzunluğunun altına indirin veya duvar kalınlığını artırın.',
    },
  },
  FC_RECOMPUTE_FAILED: {
    message: { en: 'The FreeCAD document could not be recomputed.', tr: 'FreeCAD belgesi yeniden hesaplanamadı.' },
    hint: { en: 'Check the failing object: {{object}}.', tr: 'Hata veren nesneyi kontrol edin: {{object}}.' },
  },
  FC_EXPORT_FAILED: {
    message: { en: 'An output file could not be written by FreeCAD.', tr: 'Bir çıktı dosyası FreeCAD tarafından yazılamadı.' },
    hint: { en: 'Retry; if it persists, report the job log.', tr: 'Yeniden deneyin; sürerse iş günlüğünü bildirin.' },
  },
  FC_RUNTIME: {
    message: { en: 'FreeCAD reported an error while building the part.', tr: 'FreeCAD parçayı oluştururken bir hata bildirdi.' },
    hint: { en: '{{first}}', tr: '{{first}}' },
  },
  FC_CRASHED: {
    message: { en: 'The FreeCAD worker stopped unexpectedly.', tr: 'FreeCAD çalışanı beklenmedik şekilde durdu.' },
    hint: {
      en: 'Retry the job; the job log shows the worker’s last lines.',
      tr: 'İşi yeniden deneyin; iş günlüğü çalışanın son satırlarını gösterir.',
    },
  },
  TIMEOUT_ERROR: {
    message: { en: 'Processing took longer than the limit and was stopped.', tr: 'İşlem süre sınırını aştı ve durduruldu.' },
    hint: {
      en: 'Simplify the model, or raise the time limit ({{limit_s}} s).',
      tr: 'Modeli basitleştirin ya da süre sınırını ({{limit_s}} sn) artırın.',
    },
  },
  INTERRUPTED: {
    message: { en: 'The app stopped while this job was running.', tr: 'Bu iş çalışırken uygulama durdu.' },
    hint: { en: 'Retry the job.', tr: 'İşi yeniden deneyin.' },
  },
  CANCELLED: {
    message: { en: 'The job was cancelled.', tr: 'İş iptal edildi.' },
    hint: { en: '—', tr: '—' },
  },
  INVALID_SYNTAX: {
    message: { en: 'The script is not valid Python.', tr: 'Betik geçerli bir Python kodu değil.' },
    hint: { en: 'Line {{line}}: {{detail}}', tr: 'Satır {{line}}: {{detail}}' },
  },
  SECURITY_VIOLATION: {
    message: { en: 'The script uses something that is not allowed.', tr: 'Betik izin verilmeyen bir şey kullanıyor.' },
    hint: { en: 'Line {{line}}: remove {{symbol}}.', tr: 'Satır {{line}}: {{symbol}} kullanımını kaldırın.' },
  },
  API_NOT_FOUND: {
    message: { en: 'The script calls a FreeCAD function that does not exist.', tr: 'Betik var olmayan bir FreeCAD işlevini çağırıyor.' },
    hint: {
      en: 'Line {{line}}: {{symbol}} is not part of the FreeCAD 1.1 API.',
      tr: 'Satır {{line}}: {{symbol}} FreeCAD 1.1 API’sinde yok.',
    },
  },
  'ERR-AI-422': {
    message: { en: 'More information is needed to build this part.', tr: 'Bu parçayı oluşturmak için daha fazla bilgi gerekiyor.' },
    hint: { en: '{{question}}', tr: '{{question}}' },
  },
  'ERR-AI-425': {
    message: { en: 'The request is ambiguous.', tr: 'İstek belirsiz.' },
    hint: { en: '{{question}}', tr: '{{question}}' },
  },
  AI_PROVIDER_UNAVAILABLE: {
    message: { en: 'The AI service cannot be reached.', tr: 'Yapay zekâ hizmetine ulaşılamıyor.' },
    hint: {
      ui: {
        en: 'Check Base URL under Settings → AI assistant, or try again later.',
        tr: 'Ayarlar → Yapay zekâ yardımcısı altındaki Temel URL’yi kontrol edin ya da daha sonra yeniden deneyin.',
      },
      cli: {
        en: 'Check the endpoint in Settings, or try again later.',
        tr: 'Ayarlar’daki uç noktayı kontrol edin ya da daha sonra yeniden deneyin.',
      },
    },
  },
  AI_RATE_LIMITED: {
    message: { en: 'Too many AI requests right now.', tr: 'Şu anda çok fazla yapay zekâ isteği var.' },
    hint: { en: 'Wait {{retry_after_s}} s and try again.', tr: '{{retry_after_s}} sn bekleyip yeniden deneyin.' },
  },
  AI_BAD_RESPONSE: {
    message: {
      en: 'The AI service answered with something that could not be used.',
      tr: 'Yapay zekâ hizmeti kullanılamayan bir yanıt verdi.',
    },
    hint: { en: 'Try again, or rephrase the request.', tr: 'Yeniden deneyin ya da isteği farklı ifade edin.' },
  },
  MEMORY_LIMIT: {
    message: {
      en: 'The script needed more memory than allowed and was stopped.',
      tr: 'Betik izin verilenden fazla bellek istedi ve durduruldu.',
    },
    hint: {
      en: 'Simplify the model or make it smaller; large lists or strings in the script also count.',
      tr: 'Modeli basitleştirin ya da küçültün; betikteki büyük listeler ve metinler de sayılır.',
    },
  },
  UPLOAD_UNSUPPORTED_FORMAT: {
    message: { en: 'This file format is not supported.', tr: 'Bu dosya biçimi desteklenmiyor.' },
    hint: {
      en: 'Export as STEP (AP214), IGES, BREP, STL, OBJ or FCStd.',
      tr: 'STEP (AP214), IGES, BREP, STL, OBJ veya FCStd olarak dışa aktarın.',
    },
  },
  UPLOAD_EMPTY: {
    message: { en: 'The file is empty.', tr: 'Dosya boş.' },
    hint: { en: 'Choose the file again; it may not have been saved.', tr: 'Dosyayı yeniden seçin; kaydedilmemiş olabilir.' },
  },
  UPLOAD_TOO_LARGE: {
    message: { en: 'The file is larger than the import limit.', tr: 'Dosya içe aktarma sınırından büyük.' },
    hint: {
      en: 'Limit: {{limit_mb}} MB. Simplify the model or raise the limit.',
      tr: 'Sınır: {{limit_mb}} MB. Modeli sadeleştirin ya da sınırı yükseltin.',
    },
  },
  UPLOAD_CORRUPT: {
    message: { en: 'The file is damaged or not what its name says.', tr: 'Dosya bozuk ya da adının söylediği biçimde değil.' },
    hint: {
      en: 'Re-export it as STEP AP214 in mm, with surfaces sewn into solids.',
      tr: 'Dosyayı mm biriminde, yüzeyler katıya dikilmiş olarak STEP AP214 biçiminde yeniden dışa aktarın.',
    },
  },
  UPLOAD_NO_GEOMETRY: {
    message: { en: 'The file contains no geometry.', tr: 'Dosyada geometri yok.' },
    hint: { en: 'Check that the right bodies were exported.', tr: 'Doğru gövdelerin dışa aktarıldığını kontrol edin.' },
  },
  UPLOAD_TOO_SMALL: {
    message: {
      en: 'The geometry spans only {{largest_extent_mm}} mm: too small to be a part.',
      tr: 'Geometri yalnızca {{largest_extent_mm}} mm boyunda: bir parça olamayacak kadar küçük.',
    },
    hint: {
      ui: {
        en: 'The file probably says the wrong unit ({{unit}}). Import it again and pick its real unit under Units.',
        tr: 'Dosya büyük olasılıkla yanlış birim ({{unit}}) bildiriyor. Yeniden içe aktarın ve gerçek birimini Birimler listesinden seçin.',
      },
      cli: {
        en: 'The file probably says the wrong unit ({{unit}}). Import it again with its real unit (--units inch, m …).',
        tr: 'Dosya büyük olasılıkla yanlış birim ({{unit}}) bildiriyor. Gerçek birimiyle yeniden içe aktarın (--units inch, m …).',
      },
    },
  },
  UNITS_SUSPECT: {
    message: {
      en: 'The part is only {{largest_extent_mm}} mm across in the unit the file gives ({{unit}}).',
      tr: 'Parça, dosyanın bildirdiği birimde ({{unit}}) yalnızca {{largest_extent_mm}} mm boyunda.',
    },
    hint: {
      ui: {
        en: 'If it should be bigger, import the file again and pick its unit under Units.',
        tr: 'Daha büyük olmalıysa dosyayı yeniden içe aktarın ve birimini Birimler listesinden seçin.',
      },
      cli: {
        en: 'If it should be bigger, import it again with its unit (--units inch, m …).',
        tr: 'Daha büyük olmalıysa birimiyle yeniden içe aktarın (--units inch, m …).',
      },
    },
  },
  UPLOAD_NO_SOLID: {
    message: { en: 'The file contains no valid solid.', tr: 'Dosyada geçerli bir katı yok.' },
    hint: {
      ui: {
        en: 'Sew the surfaces into a closed solid before export, or import again with Require a solid unticked.',
        tr: 'Dışa aktarmadan önce yüzeyleri kapalı bir katıya dikin ya da Katı gerekli işaretini kaldırarak yeniden içe aktarın.',
      },
      cli: {
        en: 'Sew the surfaces into a closed solid before export, or import without requiring a solid.',
        tr: 'Dışa aktarmadan önce yüzeyleri kapalı bir katıya dikin ya da katı zorunluluğu olmadan içe aktarın.',
      },
    },
  },
  MESH_NOT_CLOSED: {
    message: { en: 'The mesh has open boundaries.', tr: 'Ağ yapısında açık sınırlar var.' },
    hint: {
      ui: {
        en: 'Import the file again with Repair meshes ticked to fill small holes.',
        tr: 'Küçük delikleri doldurmak için dosyayı Ağları onar işaretli olarak yeniden içe aktarın.',
      },
      cli: { en: 'Use the repair option to fill small holes.', tr: 'Küçük delikleri doldurmak için onarım seçeneğini kullanın.' },
    },
  },
  MESH_NON_MANIFOLD: {
    message: { en: 'The mesh has non-manifold edges.', tr: 'Ağ yapısında manifold olmayan kenarlar var.' },
    hint: {
      ui: {
        en: 'Import the file again with Repair meshes ticked, or fix the mesh in the source tool.',
        tr: 'Dosyayı Ağları onar işaretli olarak yeniden içe aktarın ya da ağı kaynak araçta düzeltin.',
      },
      cli: {
        en: 'Use the repair option, or fix the mesh in the source tool.',
        tr: 'Onarım seçeneğini kullanın ya da ağı kaynak araçta düzeltin.',
      },
    },
  },
  NOT_A_SOLID: {
    message: {
      en: 'The part has surfaces but no closed solid; volume is not available.',
      tr: 'Parçada yüzeyler var ama kapalı bir katı yok; hacim hesaplanamıyor.',
    },
    hint: {
      en: 'Sew the surfaces into a solid in the source tool for volume and mass.',
      tr: 'Hacim ve kütle için kaynak araçta yüzeyleri bir katıya dikin.',
    },
  },
  UNITS_ASSUMED: {
    message: {
      en: 'The file does not say which length unit it uses; {{unit}} was assumed.',
      tr: 'Dosya hangi uzunluk birimini kullandığını belirtmiyor; {{unit}} varsayıldı.',
    },
    hint: {
      ui: {
        en: 'If the size looks wrong, import the file again and pick its unit under Units.',
        tr: 'Boyut yanlış görünüyorsa dosyayı yeniden içe aktarın ve birimini Birimler listesinden seçin.',
      },
      cli: {
        en: 'If the size looks wrong, import it again with the right unit (--units mm, inch or m).',
        tr: 'Boyut yanlış görünüyorsa doğru birimle yeniden içe aktarın (--units mm, inch veya m).',
      },
    },
  },
  CAM_LIMIT_EXCEEDED: {
    message: {
      en: 'The part, stock or tool is beyond what the machine can do.',
      tr: 'Parça, ham malzeme veya takım makinenin sınırlarını aşıyor.',
    },
    hint: {
      en: '{{detail}} Choose a bigger machine or a smaller tool.',
      tr: '{{detail}} Daha büyük bir makine ya da daha küçük bir takım seçin.',
    },
  },
  CAM_FAILED: {
    message: { en: 'The toolpath could not be generated.', tr: 'Takım yolu oluşturulamadı.' },
    hint: { en: '{{detail}}', tr: '{{detail}}' },
  },
  DRAWING_FAILED: {
    message: { en: 'The drawing could not be made.', tr: 'Teknik resim oluşturulamadı.' },
    hint: { en: '{{detail}}', tr: '{{detail}}' },
  },
  DRAWING_DOES_NOT_FIT: {
    message: {
      en: 'The part does not fit the sheet at any standard scale.',
      tr: 'Parça hiçbir standart ölçekte sayfaya sığmıyor.',
    },
    hint: {
      ui: {
        en: 'Part {{size}} on {{sheet}} at {{scale}}: choose a bigger sheet or a smaller scale.',
        tr: '{{sheet}} üzerinde {{scale}} ölçekte {{size}} parça: daha büyük bir sayfa ya da daha küçük bir ölçek seçin.',
      },
      cli: {
        en: 'Part {{size}} on {{sheet}} at {{scale}}: try --sheet A3 or --scale 1:5.',
        tr: '{{sheet}} üzerinde {{scale}} ölçekte {{size}} parça: --sheet A3 ya da --scale 1:5 deneyin.',
      },
    },
  },
  DRAWING_VIEW_OMITTED: {
    message: { en: 'A view was left off the sheet.', tr: 'Bir görünüş sayfaya konmadı.' },
    hint: {
      en: 'The {{view}} view has no room on the sheet. Choose a bigger sheet to have it.',
      tr: '{{view}} görünüşüne sayfada yer yok. Onu da görmek için daha büyük bir sayfa seçin.',
    },
  },
  FEM_RIGID_BODY: {
    message: {
      en: 'The model is not held: it can move as a rigid body ({{free}}).',
      tr: 'Model tutulmuyor: rijit cisim gibi hareket edebilir ({{free}}).',
    },
    hint: {
      en: 'Add a fixed support on at least one face (e.g. x-min) so no direction stays free. {{detail}}',
      tr: 'Hiçbir yön serbest kalmasın diye en az bir yüzeye sabit mesnet ekleyin (ör. x-min). {{detail}}',
    },
  },
  FEM_SELECTION_EMPTY: {
    message: {
      en: 'The selection {{selector}} of {{field}} matches no face of the part.',
      tr: '{{field}} alanındaki {{selector}} seçimi parçanın hiçbir yüzeyine denk gelmiyor.',
    },
    hint: { en: 'Choose from: {{known}}.', tr: 'Şunlardan seçin: {{known}}.' },
  },
  FEM_MESH_FAILED: {
    message: { en: 'The part could not be meshed for the analysis.', tr: 'Parça analiz için ağlanamadı.' },
    hint: {
      en: 'Try a smaller mesh size or first-order elements; check the part is one valid solid. {{detail}}',
      tr: 'Daha küçük bir ağ boyutu ya da birinci derece eleman deneyin; parçanın geçerli tek bir katı olduğunu denetleyin. {{detail}}',
    },
  },
  FEM_SOLVER_FAILED: {
    message: { en: 'The CalculiX solver did not finish the analysis.', tr: 'CalculiX çözücüsü analizi tamamlayamadı.' },
    hint: { en: '{{detail}} The job log has the solver’s output.', tr: '{{detail}} Çözücünün çıktısı iş günlüğünde.' },
  },
  FEM_MATERIAL_INCOMPLETE: {
    message: {
      en: 'Material {{material}} has no elastic data for an analysis.',
      tr: '{{material}} malzemesinin analiz için elastik verisi yok.',
    },
    hint: {
      en: 'Choose a material with Young’s modulus and Poisson’s ratio, or add them in the library.',
      tr: 'Elastisite modülü ve Poisson oranı olan bir malzeme seçin ya da bunları kütüphanede ekleyin.',
    },
  },
  FEM_OUTPUT_SKIPPED: {
    message: { en: 'A result file ({{file}}) could not be written.', tr: 'Bir sonuç dosyası ({{file}}) yazılamadı.' },
    hint: { en: 'The summary and the other files stand. {{detail}}', tr: 'Özet ve diğer dosyalar geçerli. {{detail}}' },
  },
  SIM_LIMIT_EXCEEDED: {
    message: {
      en: 'The model is too large: {{nodes}} mesh nodes, the limit is {{limit}}.',
      tr: 'Model çok büyük: {{nodes}} ağ düğümü, sınır {{limit}}.',
    },
    hint: {
      ui: {
        en: 'Use a mesh size of about {{suggested_mm}} mm or more, or raise the node limit.',
        tr: 'Yaklaşık {{suggested_mm}} mm veya daha büyük bir ağ boyutu kullanın ya da düğüm sınırını yükseltin.',
      },
      cli: {
        en: 'Use --mesh {{suggested_mm}}mm or more, or raise --max-nodes.',
        tr: '--mesh {{suggested_mm}}mm veya daha büyüğünü kullanın ya da --max-nodes değerini yükseltin.',
      },
    },
  },
  CAM_FEATURE_SKIPPED: {
    message: { en: 'A feature of the part was left unmachined.', tr: 'Parçanın bir özelliği işlenmeden bırakıldı.' },
    hint: {
      en: '{{detail}} Add a tool that fits it to the library, or machine it another way.',
      tr: '{{detail}} Kütüphaneye ona uyan bir takım ekleyin ya da başka bir yolla işleyin.',
    },
  },
  CAM_PART_NOT_HELD: {
    message: {
      en: 'A cut goes through the stock and nothing holds the part.',
      tr: 'Bir kesim ham malzemeyi delip geçiyor ve parçayı tutan bir şey yok.',
    },
    hint: {
      en: 'Line {{line}}: {{detail}} Hold the part with tabs or an onion skin before running the program.',
      tr: 'Satır {{line}}: {{detail}} Programı çalıştırmadan önce parçayı köprülerle ya da ince zarla tutun.',
    },
  },
  GCODE_UNSAFE_TOOL_CHANGE: {
    message: {
      en: 'A manual tool change is not made safe.',
      tr: 'Elle takım değişimi güvenli yapılmıyor.',
    },
    hint: {
      en: 'Line {{line}}: {{detail}}. Stop the spindle and retract to the top of travel before the pause.',
      tr: 'Satır {{line}}: {{detail}}. Duraklatmadan önce iş milini durdurun ve aracı hareketin tepesine çekin.',
    },
  },
  CAM_TOOL_TOO_LONG: {
    message: {
      en: 'The tools are too different in length for the machine’s Z travel.',
      tr: 'Takımların boyları tezgâhın Z hareketi için birbirinden fazla farklı.',
    },
    hint: {
      en: '{{detail}} Use shorter tools (or hold them deeper in the collet and set their stick-out in the library).',
      tr: '{{detail}} Daha kısa takımlar kullanın (ya da pensete daha derin bağlayıp kütüphanede çıkıntı boyunu girin).',
    },
  },
  CAM_TOOL_DOES_NOT_FIT: {
    message: {
      en: 'A tool does not fit the machine’s spindle.',
      tr: 'Bir takım tezgâhın iş miline uymuyor.',
    },
    hint: {
      en: '{{detail}} Tools that fit: {{fitting}}.',
      tr: '{{detail}} Uyan takımlar: {{fitting}}.',
    },
  },
  GCODE_OUT_OF_ENVELOPE: {
    message: { en: 'A move leaves the machine’s travel envelope.', tr: 'Bir hareket makinenin hareket alanının dışına çıkıyor.' },
    hint: {
      en: 'Line {{line}}: check the work offset and stock position.',
      tr: 'Satır {{line}}: iş sıfırını ve ham malzeme konumunu kontrol edin.',
    },
  },
  GCODE_RAPID_INTO_STOCK: {
    message: {
      en: 'A rapid move goes below the stock top inside the stock.',
      tr: 'Bir hızlı hareket ham malzemenin içinde üst yüzeyin altına iniyor.',
    },
    hint: { en: 'Line {{line}}: raise the clearance height.', tr: 'Satır {{line}}: emniyet yüksekliğini artırın.' },
  },
  GCODE_SPINDLE_OFF_CUT: {
    message: { en: 'A cutting move runs with the spindle off.', tr: 'İş mili kapalıyken kesme hareketi var.' },
    hint: {
      en: 'Line {{line}}: start the spindle (M3/M4) before cutting.',
      tr: 'Satır {{line}}: kesmeden önce iş milini başlatın (M3/M4).',
    },
  },
  GCODE_FEED_LIMIT: {
    message: { en: 'A feed rate is beyond the machine’s limit.', tr: 'Bir ilerleme hızı makine sınırını aşıyor.' },
    hint: { en: 'Line {{line}}: lower the feed.', tr: 'Satır {{line}}: ilerlemeyi düşürün.' },
  },
  GCODE_SPINDLE_LIMIT: {
    message: { en: 'A spindle speed is beyond the machine’s limit.', tr: 'Bir iş mili devri makine sınırını aşıyor.' },
    hint: { en: 'Line {{line}}: lower the spindle speed.', tr: 'Satır {{line}}: devri düşürün.' },
  },
  GCODE_UNSUPPORTED_CODE: {
    message: { en: 'The controller does not support a code in this file.', tr: 'Denetleyici bu dosyadaki bir kodu desteklemiyor.' },
    hint: { en: 'Line {{line}}: {{detail}}', tr: 'Satır {{line}}: {{detail}}' },
  },
  GCODE_STATE_UNBALANCED: {
    message: {
      en: 'Spindle or coolant is left on, or switched off twice.',
      tr: 'İş mili veya soğutma açık bırakılmış ya da iki kez kapatılmış.',
    },
    hint: { en: 'Line {{line}}: end with M5 and M9.', tr: 'Satır {{line}}: M5 ve M9 ile bitirin.' },
  },
  GCODE_UNKNOWN_TOOL: {
    message: { en: 'A tool number is not in the library.', tr: 'Bir takım numarası kütüphanede yok.' },
    hint: {
      en: 'Line {{line}}: add tool {{tool}} to the library or renumber it.',
      tr: 'Satır {{line}}: {{tool}} takımını kütüphaneye ekleyin ya da numarasını değiştirin.',
    },
  },
  GCODE_UNITS_MISMATCH: {
    message: { en: 'The file’s units do not match what the machine expects.', tr: 'Dosyanın birimleri makinenin beklediğiyle uyuşmuyor.' },
    hint: { en: 'Line {{line}}: use G21 (mm).', tr: 'Satır {{line}}: G21 (mm) kullanın.' },
  },
  GCODE_PARSE_ERROR: {
    message: { en: 'A line of the G-code cannot be read.', tr: 'G-kodunun bir satırı okunamıyor.' },
    hint: { en: 'Line {{line}}: {{detail}}', tr: 'Satır {{line}}: {{detail}}' },
  },
  GCODE_FEED_MISSING: {
    message: { en: 'A cutting move has no feed rate.', tr: 'Bir kesme hareketinin ilerleme hızı yok.' },
    hint: {
      en: 'Line {{line}}: set F before the first cutting move (in G93, on every move).',
      tr: 'Satır {{line}}: ilk kesme hareketinden önce F verin (G93’te her harekette).',
    },
  },
  GCODE_NOT_SIMULATED: {
    message: {
      en: 'Part of the program cannot be simulated; checks after it are less certain.',
      tr: 'Programın bir kısmı benzetilemiyor; sonrasındaki kontroller daha az kesin.',
    },
    hint: { en: 'Line {{line}}: {{detail}}', tr: 'Satır {{line}}: {{detail}}' },
  },
  SYNC_UNREACHABLE: {
    message: { en: 'The team store cannot be reached.', tr: 'Ekip deposuna ulaşılamıyor.' },
    hint: {
      en: '{{detail}} Work continues offline; sync resumes by itself.',
      tr: '{{detail}} Çevrimdışı çalışma sürüyor; eşitleme kendiliğinden devam eder.',
    },
  },
  SYNC_AUTH: {
    message: { en: 'The team store refused the credentials.', tr: 'Ekip deposu kimlik bilgilerini reddetti.' },
    hint: {
      ui: {
        en: '{{detail}} Check Access key id and Secret access key under Settings → Team sync.',
        tr: '{{detail}} Ayarlar → Ekip eşitlemesi altındaki Erişim anahtarı kimliği ile Gizli erişim anahtarını kontrol edin.',
      },
      cli: {
        en: '{{detail}} Check the access key and secret in Settings.',
        tr: '{{detail}} Ayarlar’daki erişim anahtarını ve gizli anahtarı kontrol edin.',
      },
    },
  },
  SYNC_PERMISSION: {
    message: {
      en: 'The credentials are not allowed to do this on the bucket.',
      tr: 'Kimlik bilgilerinin bu kovada bu işleme yetkisi yok.',
    },
    hint: { en: '{{detail}} Ask for read/write access to {{bucket}}.', tr: '{{detail}} {{bucket}} için okuma/yazma yetkisi isteyin.' },
  },
  SYNC_INTEGRITY: {
    message: {
      en: 'A file from the team store did not match its checksum and was refused.',
      tr: 'Ekip deposundan gelen bir dosya sağlama toplamıyla uyuşmadı ve reddedildi.',
    },
    hint: { en: 'Sync again; if it persists, the remote copy is damaged.', tr: 'Yeniden eşitleyin; sürerse uzak kopya bozuktur.' },
  },
  SYNC_CONFLICT: {
    message: {
      en: 'The team store has a different version of this job; both are kept.',
      tr: 'Ekip deposunda bu işin farklı bir sürümü var; ikisi de saklandı.',
    },
    hint: { en: 'Compare the two and keep the one you need.', tr: 'İkisini karşılaştırıp ihtiyacınız olanı kullanın.' },
  },
  SYNC_TLS: {
    message: {
      en: 'A secure (TLS) connection to the team store could not be made.',
      tr: 'Ekip deposuyla güvenli (TLS) bağlantı kurulamadı.',
    },
    hint: {
      en: '{{detail}} Check the endpoint address (http:// or https://) and the server certificate.',
      tr: '{{detail}} Uç nokta adresini (http:// veya https://) ve sunucu sertifikasını kontrol edin.',
    },
  },
  SYNC_BUCKET_NOT_FOUND: {
    message: { en: 'The team store has no bucket by that name.', tr: 'Ekip deposunda bu adla bir kova yok.' },
    hint: {
      ui: {
        en: '{{detail}} Check Bucket and Region under Settings → Team sync.',
        tr: '{{detail}} Ayarlar → Ekip eşitlemesi altındaki Kova ve Bölge alanlarını kontrol edin.',
      },
      cli: {
        en: '{{detail}} Check the bucket name and region in Settings (TEZGAH_S3_BUCKET, TEZGAH_S3_REGION).',
        tr: '{{detail}} Ayarlar’daki kova adını ve bölgeyi kontrol edin (TEZGAH_S3_BUCKET, TEZGAH_S3_REGION).',
      },
    },
  },
  SYNC_NOT_CONFIGURED: {
    message: { en: 'Team sync is not set up.', tr: 'Ekip eşitlemesi ayarlanmamış.' },
    hint: {
      ui: {
        en: 'Enter the endpoint, bucket and keys under Settings → Team sync.',
        tr: 'Ayarlar → Ekip eşitlemesi altında uç noktayı, kovayı ve anahtarları girin.',
      },
      cli: {
        en: 'Enter the endpoint, bucket and keys in Settings, or set TEZGAH_S3_BUCKET (and TEZGAH_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).',
        tr: 'Ayarlar’da uç noktayı, kovayı ve anahtarları girin ya da TEZGAH_S3_BUCKET (ve TEZGAH_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) değişkenlerini ayarlayın.',
      },
    },
  },
  STORAGE_FULL: {
    message: { en: 'The data folder is full.', tr: 'Veri klasörü dolu.' },
    hint: { en: 'Free some disk space, or choose another data folder.', tr: 'Diskte yer açın ya da başka bir veri klasörü seçin.' },
  },
  STORAGE_IO: {
    message: { en: 'The data folder cannot be read or written.', tr: 'Veri klasörü okunamıyor veya yazılamıyor.' },
    hint: {
      en: 'Check {{path}}: permissions and that the drive is attached.',
      tr: '{{path}} konumunu kontrol edin: izinler ve sürücünün bağlı olması.',
    },
  },
  STORAGE_CORRUPT: {
    message: {
      en: 'The database file is damaged or is not a Tezgah database.',
      tr: 'Veritabanı dosyası bozuk ya da bir Tezgah veritabanı değil.',
    },
    hint: {
      en: 'Restore {{path}} from a backup, or move it aside to start with an empty database.',
      tr: '{{path}} dosyasını yedekten geri yükleyin ya da boş bir veritabanıyla başlamak için kenara taşıyın.',
    },
  },
  ARTEFACT_DAMAGED: {
    message: {
      en: 'A file in the artefact store is missing or no longer matches its hash.',
      tr: 'Dosya deposundaki bir dosya eksik ya da artık özetiyle eşleşmiyor.',
    },
    hint: {
      ui: {
        en: 'The file {{path}} was lost or changed on disk. Restore the data folder from an earlier backup, or make the job again.',
        tr: '{{path}} dosyası diskte kaybolmuş ya da değişmiş. Veri klasörünü daha önceki bir yedekten geri yükleyin ya da işi yeniden yapın.',
      },
      cli: {
        en: "The file {{path}} was lost or changed on disk: 'tezgah backup restore' an earlier backup, or make the job again.",
        tr: "{{path}} dosyası diskte kaybolmuş ya da değişmiş: daha önceki bir yedeği 'tezgah backup restore' ile geri yükleyin ya da işi yeniden yapın.",
      },
    },
  },
  BATCH_CSV_INVALID: {
    message: { en: 'The batch sheet cannot be read; no job was started.', tr: 'Toplu iş tablosu okunamıyor; hiçbir iş başlatılmadı.' },
    hint: {
      en: 'Save it as CSV with a header line of parameter names. What is wrong: {{reason}}',
      tr: 'Parametre adlarından oluşan bir başlık satırıyla CSV olarak kaydedin. Sorun: {{reason}}',
    },
  },
  BATCH_UNKNOWN_COLUMN: {
    message: {
      en: 'A row has a value in a column the template has no parameter for.',
      tr: 'Bir satırda şablonda karşılığı olmayan bir sütunda değer var.',
    },
    hint: {
      en: 'Row {{row}}: rename or empty the column {{column}}; the parameters are: {{params}}.',
      tr: '{{row}}. satır: {{column}} sütununu yeniden adlandırın ya da boşaltın; parametreler: {{params}}.',
    },
  },
  BATCH_BAD_UNIT: {
    message: {
      en: 'A value in the sheet has a unit that does not fit its parameter.',
      tr: 'Tablodaki bir değerin birimi parametresine uymuyor.',
    },
    hint: {
      en: 'Row {{row}}: give {{column}} (“{{value}}”) in one of: {{expected}}.',
      tr: '{{row}}. satır: {{column}} (“{{value}}”) değerini şunlardan biriyle verin: {{expected}}.',
    },
  },
  BACKUP_CORRUPT: {
    message: {
      en: 'This backup is damaged or is not a Tezgah backup; nothing was restored.',
      tr: 'Bu yedek bozuk ya da bir Tezgah yedeği değil; hiçbir şey geri yüklenmedi.',
    },
    hint: {
      en: 'Use another backup. What is wrong: {{reason}}',
      tr: 'Başka bir yedek kullanın. Sorun: {{reason}}',
    },
  },
  BACKUP_TARGET_NOT_EMPTY: {
    message: {
      en: 'The folder to restore into is not empty.',
      tr: 'Geri yüklenecek klasör boş değil.',
    },
    hint: {
      ui: {
        en: 'Choose an empty folder for {{path}}, or restore over it (its contents are moved aside, not deleted).',
        tr: '{{path}} için boş bir klasör seçin ya da üzerine geri yükleyin (içindekiler silinmez, kenara taşınır).',
      },
      cli: {
        en: 'Name an empty folder with --data-dir, or add --force to restore over {{path}} (its contents are moved aside, not deleted).',
        tr: '--data-dir ile boş bir klasör verin ya da {{path}} üzerine geri yüklemek için --force ekleyin (içindekiler silinmez, kenara taşınır).',
      },
    },
  },
  STORAGE_SCHEMA_NEWER: {
    message: { en: 'The database was written by a newer version of Tezgah.', tr: 'Veritabanı Tezgah’ın daha yeni bir sürümüyle yazılmış.' },
    hint: {
      en: 'Update Tezgah (database version {{found}}, this app knows up to {{supported}}), or choose another data folder.',
      tr: 'Tezgah’ı güncelleyin (veritabanı sürümü {{found}}, bu uygulama en fazla {{supported}} sürümünü tanıyor) ya da başka bir veri klasörü seçin.',
    },
  },
  PATH_NOT_GRANTED: {
    message: {
      en: 'The app opens only files you choose, drop on the window or upload.',
      tr: 'Uygulama yalnızca seçtiğiniz, pencereye bıraktığınız ya da yüklediğiniz dosyaları açar.',
    },
    hint: {
      en: 'Choose the file again with “Choose files…” or drop it on the window.',
      tr: 'Dosyayı “Dosya seç…” ile yeniden seçin ya da pencereye bırakın.',
    },
  },
  UNAUTHORIZED: {
    message: { en: 'The request carries no valid token.', tr: 'İstek geçerli bir belirteç taşımıyor.' },
    hint: { en: 'Open the URL printed by tezgah serve.', tr: 'tezgah serve tarafından yazdırılan adresi açın.' },
  },
  INTERNAL: {
    message: { en: 'Something went wrong inside Tezgah.', tr: 'Tezgah içinde bir şeyler ters gitti.' },
    hint: {
      en: 'Retry; if it persists, send the log from the data folder.',
      tr: 'Yeniden deneyin; sürerse veri klasöründeki günlüğü gönderin.',
    },
  },
  UNKNOWN_METHOD: {
    message: { en: 'The window asked for an operation that does not exist.', tr: 'Pencere var olmayan bir işlem istedi.' },
    hint: {
      en: 'The window and the app are from different versions ({{method}}); restart Tezgah.',
      tr: 'Pencere ile uygulama farklı sürümlerden ({{method}}); Tezgah’ı yeniden başlatın.',
    },
  },
  CONNECTION_LOST: {
    message: { en: 'The connection to Tezgah was lost.', tr: 'Tezgah ile bağlantı koptu.' },
    hint: {
      en: 'It reconnects by itself; retry the action. If Tezgah was stopped, start it again.',
      tr: 'Bağlantı kendiliğinden yeniden kurulur; işlemi yeniden deneyin. Tezgah durdurulduysa yeniden başlatın.',
    },
  },
  SECRET_STORE_UNAVAILABLE: {
    message: { en: 'Secrets cannot be stored safely on this computer.', tr: 'Gizli bilgiler bu bilgisayarda güvenle saklanamıyor.' },
    hint: {
      en: 'Unlock or install the system keyring (GNOME Keyring, KWallet), then try again.',
      tr: 'Sistem anahtarlığının (GNOME Keyring, KWallet) kilidini açın ya da kurun, sonra yeniden deneyin.',
    },
  },
  ASSEMBLY_SPEC_INVALID: {
    message: { en: 'The assembly spec breaks a rule.', tr: 'Montaj tanımı bir kuralı bozuyor.' },
    hint: { en: 'Fix {{field}}: {{detail}}', tr: '{{field}} alanını düzeltin: {{detail}}' },
  },
  ASSEMBLY_DUPLICATE_ID: {
    message: { en: 'An id is used twice in the assembly spec.', tr: 'Montaj tanımında bir kimlik iki kez kullanılmış.' },
    hint: { en: 'Give each one its own id ({{field}}): {{detail}}', tr: 'Her birine kendi kimliğini verin ({{field}}): {{detail}}' },
  },
  ASSEMBLY_UNKNOWN_REF: {
    message: {
      en: 'The assembly spec names a component, LCS, feature or joint it does not have.',
      tr: 'Montaj tanımı, içinde olmayan bir bileşeni, yerel koordinat sistemini, özelliği ya da bağlantıyı anıyor.',
    },
    hint: { en: 'Check {{field}}: {{detail}}', tr: '{{field}} alanını kontrol edin: {{detail}}' },
  },
  ASSEMBLY_NOT_GROUNDED: {
    message: {
      en: 'The assembly is not held in space: nothing is grounded, or some components are joined to nothing grounded.',
      tr: 'Montaj uzayda sabitlenmemiş: hiçbir şey sabit değil ya da bazı bileşenler sabit bir şeye bağlı değil.',
    },
    hint: {
      en: 'Set "grounded": true on one component and join every other one to it ({{detail}}).',
      tr: 'Bir bileşende "grounded": true yapın ve diğer her birini ona bağlayın ({{detail}}).',
    },
  },
  ASSEMBLY_SOURCE_UNSUPPORTED: {
    message: {
      en: 'This kind of component source is not available in this version.',
      tr: 'Bu tür bileşen kaynağı bu sürümde kullanılamıyor.',
    },
    hint: {
      en: 'Component "{{component}}" uses a {{source}} source; use a template, a finished part job or a STEP/FCStd file.',
      tr: '"{{component}}" bileşeni {{source}} kaynağı kullanıyor; bir şablon, bitmiş bir parça işi ya da STEP/FCStd dosyası kullanın.',
    },
  },
  ASSEMBLY_CLASH: {
    message: { en: 'Components of the assembly overlap.', tr: 'Montajın bileşenleri birbirinin içine giriyor.' },
    hint: {
      en: 'Overlapping: {{pairs}}. Move or resize them, or set options.collision.mode to "allow" to report clashes without failing.',
      tr: 'Çakışanlar: {{pairs}}. Onları taşıyın ya da boyutlarını değiştirin veya çakışmaları başarısız olmadan raporlamak için options.collision.mode değerini "allow" yapın.',
    },
  },
  FC_A4_UNSOLVED: {
    message: {
      en: 'The assembly solver could not satisfy every joint.',
      tr: 'Montaj çözücüsü her bağlantıyı sağlayamadı.',
    },
    hint: {
      en: 'Violated: {{joints}}. Remove the joint that fights the others, or correct its references.',
      tr: 'Sağlanmayanlar: {{joints}}. Diğerleriyle çelişen bağlantıyı kaldırın ya da başvurularını düzeltin.',
    },
  },
  ASSEMBLY_FAILED: {
    message: { en: 'The assembly could not be built.', tr: 'Montaj oluşturulamadı.' },
    hint: { en: '{{detail}}', tr: '{{detail}}' },
  },
} as const satisfies Record<string, ErrorTexts> & Catalog;

/**
 * How the app names a setting that CONFIG_INVALID reports (details.setting): the Settings page's
 * section and field, instead of the environment variable or the key in settings.json.
 */
export const SETTING_NAMES = {
  TEZGAH_AI_BASE_URL: { en: 'Settings → AI assistant → Base URL', tr: 'Ayarlar → Yapay zekâ yardımcısı → Temel URL' },
  base_url: { en: 'Settings → AI assistant → Base URL', tr: 'Ayarlar → Yapay zekâ yardımcısı → Temel URL' },
  baseURL: { en: 'Settings → AI assistant → Base URL', tr: 'Ayarlar → Yapay zekâ yardımcısı → Temel URL' },
  TEZGAH_AI_MODEL: { en: 'Settings → AI assistant → Model name', tr: 'Ayarlar → Yapay zekâ yardımcısı → Model adı' },
  model: { en: 'Settings → AI assistant → Model name', tr: 'Ayarlar → Yapay zekâ yardımcısı → Model adı' },
  bucket: { en: 'Settings → Team sync → Bucket', tr: 'Ayarlar → Ekip eşitlemesi → Kova' },
  region: { en: 'Settings → Team sync → Region', tr: 'Ayarlar → Ekip eşitlemesi → Bölge' },
  prefix: { en: 'Settings → Team sync → Prefix', tr: 'Ayarlar → Ekip eşitlemesi → Önek' },
  endpoint: { en: 'Settings → Team sync → Endpoint', tr: 'Ayarlar → Ekip eşitlemesi → Uç nokta' },
  access_key_id: { en: 'Settings → Team sync → Access key id', tr: 'Ayarlar → Ekip eşitlemesi → Erişim anahtarı kimliği' },
  secret_access_key: { en: 'Settings → Team sync → Secret access key', tr: 'Ayarlar → Ekip eşitlemesi → Gizli erişim anahtarı' },
} as const satisfies Catalog;

/** What is wrong with a setting (CONFIG_INVALID's {{detail}}). */
export const CONFIG_TEXT = {
  notSet: { en: 'not set', tr: 'girilmemiş' },
  endpointNotSet: {
    en: 'not set (an OpenAI-compatible endpoint, e.g. {{example}})',
    tr: 'girilmemiş (OpenAI uyumlu bir uç nokta, ör. {{example}})',
  },
  notHttpUrl: { en: 'not an http(s) URL: "{{value}}"', tr: 'http(s) adresi değil: "{{value}}"' },
} as const satisfies Catalog;
