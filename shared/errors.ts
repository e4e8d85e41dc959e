// One taxonomy of error codes for the whole app (../shared/guide/errors.md).
// Codes never change meaning once shipped; add new ones here, with both languages and a hint.

export type Lang = 'tr' | 'en';

interface Text {
  message: string;
  hint: string;
}
interface Entry {
  en: Text;
  tr: Text;
  /** warnings are reported beside a result; everything else fails the operation */
  severity?: 'error' | 'warning';
}

const t = (enMessage: string, enHint: string, trMessage: string, trHint: string, severity?: 'warning'): Entry => ({
  en: { message: enMessage, hint: enHint },
  tr: { message: trMessage, hint: trHint },
  ...(severity ? { severity } : {}),
});

export const ERROR_CATALOG = {
  VALIDATION_ERROR: t(
    'Some values are missing, not numbers, out of range, or break a rule between fields.',
    'Check the highlighted field: {field} {detail}',
    'Bazı değerler eksik, sayı değil, aralık dışında ya da alanlar arası bir kuralı bozuyor.',
    'İşaretli alanı kontrol edin: {field} {detail}',
  ),
  DIMENSION_ERROR: t(
    'A dimension is outside the allowed range (0.1–1000 mm).',
    'Bring {field} into the range {min}–{max} mm.',
    'Bir ölçü izin verilen aralığın (0,1–1000 mm) dışında.',
    '{field} değerini {min}–{max} mm aralığına getirin.',
  ),
  UNKNOWN_TEMPLATE: t(
    'There is no template with that name.',
    'Pick one of: {templates}.',
    'Bu adla bir şablon yok.',
    'Şunlardan birini seçin: {templates}.',
  ),
  NOT_FOUND: t(
    'The requested item does not exist.',
    'Check the id; list the items to see what exists.',
    'İstenen öğe bulunamadı.',
    'Kimliği kontrol edin; mevcut öğeleri listeleyin.',
  ),
  IDEMPOTENCY_CONFLICT: t(
    'This idempotency key was already used for a different request.',
    'Use a new key for a different request.',
    'Bu tekrar-önleme anahtarı farklı bir istek için zaten kullanıldı.',
    'Farklı bir istek için yeni bir anahtar kullanın.',
  ),
  INVALID_STATE: t(
    'The job is not in a state that allows this action.',
    'Only queued or running jobs can be cancelled; only finished jobs can be retried.',
    'İş bu işleme izin veren bir durumda değil.',
    'Yalnızca sıradaki veya çalışan işler iptal edilebilir; yalnızca bitmiş işler yeniden denenebilir.',
  ),
  MATERIAL_PROCESS_INCOMPATIBLE: t(
    'The chosen material cannot be made with the chosen process.',
    'Choose a material that suits {process}, or another process.',
    'Seçilen malzeme seçilen üretim yöntemiyle üretilemez.',
    '{process} için uygun bir malzeme ya da başka bir yöntem seçin.',
  ),
  CONFIG_FREECAD_MISSING: t(
    'The FreeCAD 1.1 runtime was not found.',
    "Run 'npm run setup', or set TEZGAH_FREECAD to a FreeCAD 1.1 freecadcmd (or TEZGAH_FREECAD_ROOT to a runtime folder).",
    'FreeCAD 1.1 çalışma ortamı bulunamadı.',
    "'npm run setup' çalıştırın ya da TEZGAH_FREECAD değişkenini bir FreeCAD 1.1 freecadcmd dosyasına (veya TEZGAH_FREECAD_ROOT'u bir çalışma ortamı klasörüne) yöneltin.",
  ),
  CONFIG_FREECAD_VERSION_MISMATCH: t(
    'The FreeCAD found is not version 1.1.x.',
    'Found {found}. Install FreeCAD 1.1, or point TEZGAH_FREECAD / TEZGAH_FREECAD_ROOT at a 1.1 runtime.',
    'Bulunan FreeCAD 1.1.x sürümü değil.',
    '{found} bulundu. FreeCAD 1.1 kurun ya da TEZGAH_FREECAD / TEZGAH_FREECAD_ROOT değişkenini 1.1 çalışma ortamına yöneltin.',
  ),
  CONFIG_INVALID: t(
    'A setting is invalid.',
    'Fix {setting}: {detail}',
    'Bir ayar geçersiz.',
    '{setting} ayarını düzeltin: {detail}',
  ),
  SANDBOX_UNAVAILABLE: t(
    'The OS sandbox cannot start on this machine, so untrusted scripts are refused.',
    "Run 'tezgah doctor' to see why (user namespaces, bubblewrap).",
    'İşletim sistemi korumalı alanı bu makinede başlatılamıyor; güvenilmeyen betikler reddedildi.',
    "Nedenini görmek için 'tezgah doctor' çalıştırın (kullanıcı ad alanları, bubblewrap).",
  ),
  FC_GEOM_INVALID_SHAPE: t(
    'The model geometry is invalid (null, non-manifold or self-intersecting) and cannot be processed.',
    'Use thicker walls or smaller fillets, and check for overlapping features.',
    'Model geometrisi geçersiz (boş, manifold değil veya kendisiyle kesişiyor) ve işlenemiyor.',
    'Duvarları kalınlaştırın veya kordonları küçültün; çakışan özellikleri kontrol edin.',
  ),
  FC_BOOLEAN_FAILED: t(
    'A boolean operation (cut, fuse, common) failed.',
    'Avoid coplanar or tangent faces between the bodies; move a feature slightly.',
    'Bir boolean işlemi (kesme, birleştirme, kesişim) başarısız oldu.',
    'Gövdeler arasında eş düzlemli veya teğet yüzeylerden kaçının; bir özelliği biraz kaydırın.',
  ),
  FC_FILLET_CHAMFER_FAILED: t(
    'Fillet/chamfer operation failed; the radius may exceed what the adjacent edges allow.',
    'Reduce the radius below the smallest adjacent edge length, or increase wall thickness.',
    'Kordon/pah işlemi başarısız oldu; yarıçap komşu kenar sınırlarını aşmış olabilir.',
    'Yarıçapı en küçük komşu kenar uzunluğunun altına indirin veya duvar kalınlığını artırın.',
  ),
  FC_RECOMPUTE_FAILED: t(
    'The FreeCAD document could not be recomputed.',
    'Check the failing object: {object}.',
    'FreeCAD belgesi yeniden hesaplanamadı.',
    'Hata veren nesneyi kontrol edin: {object}.',
  ),
  FC_EXPORT_FAILED: t(
    'An output file could not be written by FreeCAD.',
    'Retry; if it persists, report the job log.',
    'Bir çıktı dosyası FreeCAD tarafından yazılamadı.',
    'Yeniden deneyin; sürerse iş günlüğünü bildirin.',
  ),
  FC_RUNTIME: t(
    'FreeCAD reported an error while building the part.',
    '{first}',
    'FreeCAD parçayı oluştururken bir hata bildirdi.',
    '{first}',
  ),
  FC_CRASHED: t(
    'The FreeCAD worker stopped unexpectedly.',
    'Retry the job; the job log shows the worker’s last lines.',
    'FreeCAD çalışanı beklenmedik şekilde durdu.',
    'İşi yeniden deneyin; iş günlüğü çalışanın son satırlarını gösterir.',
  ),
  TIMEOUT_ERROR: t(
    'Processing took longer than the limit and was stopped.',
    'Simplify the model, or raise the time limit ({limit_s} s).',
    'İşlem süre sınırını aştı ve durduruldu.',
    'Modeli basitleştirin ya da süre sınırını ({limit_s} sn) artırın.',
  ),
  INTERRUPTED: t(
    'The app stopped while this job was running.',
    'Retry the job.',
    'Bu iş çalışırken uygulama durdu.',
    'İşi yeniden deneyin.',
  ),
  CANCELLED: t('The job was cancelled.', '—', 'İş iptal edildi.', '—'),
  INVALID_SYNTAX: t(
    'The script is not valid Python.',
    'Line {line}: {detail}',
    'Betik geçerli bir Python kodu değil.',
    'Satır {line}: {detail}',
  ),
  SECURITY_VIOLATION: t(
    'The script uses something that is not allowed.',
    'Line {line}: remove {symbol}.',
    'Betik izin verilmeyen bir şey kullanıyor.',
    'Satır {line}: {symbol} kullanımını kaldırın.',
  ),
  API_NOT_FOUND: t(
    'The script calls a FreeCAD function that does not exist.',
    'Line {line}: {symbol} is not part of the FreeCAD 1.1 API.',
    'Betik var olmayan bir FreeCAD işlevini çağırıyor.',
    'Satır {line}: {symbol} FreeCAD 1.1 API’sinde yok.',
  ),
  'ERR-AI-422': t(
    'More information is needed to build this part.',
    '{question}',
    'Bu parçayı oluşturmak için daha fazla bilgi gerekiyor.',
    '{question}',
  ),
  'ERR-AI-425': t(
    'The request is ambiguous.',
    '{question}',
    'İstek belirsiz.',
    '{question}',
  ),
  AI_PROVIDER_UNAVAILABLE: t(
    'The AI service cannot be reached.',
    'Check the endpoint in Settings, or try again later.',
    'Yapay zekâ hizmetine ulaşılamıyor.',
    'Ayarlar’daki uç noktayı kontrol edin ya da daha sonra yeniden deneyin.',
  ),
  AI_RATE_LIMITED: t(
    'Too many AI requests right now.',
    'Wait {retry_after_s} s and try again.',
    'Şu anda çok fazla yapay zekâ isteği var.',
    '{retry_after_s} sn bekleyip yeniden deneyin.',
  ),
  AI_BAD_RESPONSE: t(
    'The AI service answered with something that could not be used.',
    'Try again, or rephrase the request.',
    'Yapay zekâ hizmeti kullanılamayan bir yanıt verdi.',
    'Yeniden deneyin ya da isteği farklı ifade edin.',
  ),
  MEMORY_LIMIT: t(
    'The script needed more memory than allowed and was stopped.',
    'Simplify the model or make it smaller; large lists or strings in the script also count.',
    'Betik izin verilenden fazla bellek istedi ve durduruldu.',
    'Modeli basitleştirin ya da küçültün; betikteki büyük listeler ve metinler de sayılır.',
  ),
  UPLOAD_UNSUPPORTED_FORMAT: t(
    'This file format is not supported.',
    'Export as STEP (AP214), IGES, BREP, STL, OBJ or FCStd.',
    'Bu dosya biçimi desteklenmiyor.',
    'STEP (AP214), IGES, BREP, STL, OBJ veya FCStd olarak dışa aktarın.',
  ),
  UPLOAD_EMPTY: t('The file is empty.', 'Choose the file again; it may not have been saved.', 'Dosya boş.', 'Dosyayı yeniden seçin; kaydedilmemiş olabilir.'),
  UPLOAD_TOO_LARGE: t(
    'The file is larger than the import limit.',
    'Limit: {limit_mb} MB. Simplify the model or raise the limit.',
    'Dosya içe aktarma sınırından büyük.',
    'Sınır: {limit_mb} MB. Modeli sadeleştirin ya da sınırı yükseltin.',
  ),
  UPLOAD_CORRUPT: t(
    'The file is damaged or not what its name says.',
    'Re-export it as STEP AP214 in mm, with surfaces sewn into solids.',
    'Dosya bozuk ya da adının söylediği biçimde değil.',
    'Dosyayı mm biriminde, yüzeyler katıya dikilmiş olarak STEP AP214 biçiminde yeniden dışa aktarın.',
  ),
  UPLOAD_NO_GEOMETRY: t(
    'The file contains no geometry.',
    'Check that the right bodies were exported.',
    'Dosyada geometri yok.',
    'Doğru gövdelerin dışa aktarıldığını kontrol edin.',
  ),
  UPLOAD_NO_SOLID: t(
    'The file contains no valid solid.',
    'Sew the surfaces into a closed solid before export, or import without requiring a solid.',
    'Dosyada geçerli bir katı yok.',
    'Dışa aktarmadan önce yüzeyleri kapalı bir katıya dikin ya da katı zorunluluğu olmadan içe aktarın.',
  ),
  MESH_NOT_CLOSED: t(
    'The mesh has open boundaries.',
    'Use the repair option to fill small holes.',
    'Ağ yapısında açık sınırlar var.',
    'Küçük delikleri doldurmak için onarım seçeneğini kullanın.',
    'warning',
  ),
  MESH_NON_MANIFOLD: t(
    'The mesh has non-manifold edges.',
    'Use the repair option, or fix the mesh in the source tool.',
    'Ağ yapısında manifold olmayan kenarlar var.',
    'Onarım seçeneğini kullanın ya da ağı kaynak araçta düzeltin.',
    'warning',
  ),
  NOT_A_SOLID: t(
    'The part has surfaces but no closed solid; volume is not available.',
    'Sew the surfaces into a solid in the source tool for volume and mass.',
    'Parçada yüzeyler var ama kapalı bir katı yok; hacim hesaplanamıyor.',
    'Hacim ve kütle için kaynak araçta yüzeyleri bir katıya dikin.',
    'warning',
  ),
  UNITS_ASSUMED: t(
    'The file does not say which length unit it uses; {unit} was assumed.',
    'If the size looks wrong, import it again with the right unit (--units mm, inch or m).',
    'Dosya hangi uzunluk birimini kullandığını belirtmiyor; {unit} varsayıldı.',
    'Boyut yanlış görünüyorsa doğru birimle yeniden içe aktarın (--units mm, inch veya m).',
    'warning',
  ),
  CAM_LIMIT_EXCEEDED: t(
    'The part, stock or tool is beyond what the machine can do.',
    '{detail} Choose a bigger machine or a smaller tool.',
    'Parça, ham malzeme veya takım makinenin sınırlarını aşıyor.',
    '{detail} Daha büyük bir makine ya da daha küçük bir takım seçin.',
  ),
  CAM_FAILED: t(
    'The toolpath could not be generated.',
    '{detail}',
    'Takım yolu oluşturulamadı.',
    '{detail}',
  ),
  CAM_FEATURE_SKIPPED: t(
    'A feature of the part was left unmachined.',
    '{detail} Add a tool that fits it to the library, or machine it another way.',
    'Parçanın bir özelliği işlenmeden bırakıldı.',
    '{detail_tr} Kütüphaneye ona uyan bir takım ekleyin ya da başka bir yolla işleyin.',
    'warning',
  ),
  GCODE_OUT_OF_ENVELOPE: t('A move leaves the machine’s travel envelope.', 'Line {line}: check the work offset and stock position.', 'Bir hareket makinenin hareket alanının dışına çıkıyor.', 'Satır {line}: iş sıfırını ve ham malzeme konumunu kontrol edin.'),
  GCODE_RAPID_INTO_STOCK: t('A rapid move goes below the stock top inside the stock.', 'Line {line}: raise the clearance height.', 'Bir hızlı hareket ham malzemenin içinde üst yüzeyin altına iniyor.', 'Satır {line}: emniyet yüksekliğini artırın.'),
  GCODE_SPINDLE_OFF_CUT: t('A cutting move runs with the spindle off.', 'Line {line}: start the spindle (M3/M4) before cutting.', 'İş mili kapalıyken kesme hareketi var.', 'Satır {line}: kesmeden önce iş milini başlatın (M3/M4).'),
  GCODE_FEED_LIMIT: t('A feed rate is beyond the machine’s limit.', 'Line {line}: lower the feed.', 'Bir ilerleme hızı makine sınırını aşıyor.', 'Satır {line}: ilerlemeyi düşürün.'),
  GCODE_SPINDLE_LIMIT: t('A spindle speed is beyond the machine’s limit.', 'Line {line}: lower the spindle speed.', 'Bir iş mili devri makine sınırını aşıyor.', 'Satır {line}: devri düşürün.'),
  GCODE_UNSUPPORTED_CODE: t('The controller does not support a code in this file.', 'Line {line}: {detail}', 'Denetleyici bu dosyadaki bir kodu desteklemiyor.', 'Satır {line}: {detail}'),
  GCODE_STATE_UNBALANCED: t('Spindle or coolant is left on, or switched off twice.', 'Line {line}: end with M5 and M9.', 'İş mili veya soğutma açık bırakılmış ya da iki kez kapatılmış.', 'Satır {line}: M5 ve M9 ile bitirin.'),
  GCODE_UNKNOWN_TOOL: t('A tool number is not in the library.', 'Line {line}: add tool {tool} to the library or renumber it.', 'Bir takım numarası kütüphanede yok.', 'Satır {line}: {tool} takımını kütüphaneye ekleyin ya da numarasını değiştirin.'),
  GCODE_UNITS_MISMATCH: t('The file’s units do not match what the machine expects.', 'Line {line}: use G21 (mm).', 'Dosyanın birimleri makinenin beklediğiyle uyuşmuyor.', 'Satır {line}: G21 (mm) kullanın.'),
  GCODE_PARSE_ERROR: t('A line of the G-code cannot be read.', 'Line {line}: {detail}', 'G-kodunun bir satırı okunamıyor.', 'Satır {line}: {detail}'),
  GCODE_FEED_MISSING: t('A cutting move has no feed rate.', 'Line {line}: set F before the first cutting move (in G93, on every move).', 'Bir kesme hareketinin ilerleme hızı yok.', 'Satır {line}: ilk kesme hareketinden önce F verin (G93’te her harekette).'),
  GCODE_NOT_SIMULATED: t('Part of the program cannot be simulated; checks after it are less certain.', 'Line {line}: {detail}', 'Programın bir kısmı benzetilemiyor; sonrasındaki kontroller daha az kesin.', 'Satır {line}: {detail}', 'warning'),
  SYNC_UNREACHABLE: t('The team store cannot be reached.', '{detail} Work continues offline; sync resumes by itself.', 'Ekip deposuna ulaşılamıyor.', '{detail} Çevrimdışı çalışma sürüyor; eşitleme kendiliğinden devam eder.'),
  SYNC_AUTH: t('The team store refused the credentials.', '{detail} Check the access key and secret in Settings.', 'Ekip deposu kimlik bilgilerini reddetti.', '{detail} Ayarlar’daki erişim anahtarını ve gizli anahtarı kontrol edin.'),
  SYNC_PERMISSION: t('The credentials are not allowed to do this on the bucket.', '{detail} Ask for read/write access to {bucket}.', 'Kimlik bilgilerinin bu kovada bu işleme yetkisi yok.', '{detail} {bucket} için okuma/yazma yetkisi isteyin.'),
  SYNC_INTEGRITY: t('A file from the team store did not match its checksum and was refused.', 'Sync again; if it persists, the remote copy is damaged.', 'Ekip deposundan gelen bir dosya sağlama toplamıyla uyuşmadı ve reddedildi.', 'Yeniden eşitleyin; sürerse uzak kopya bozuktur.'),
  SYNC_CONFLICT: t('The team store has a different version of this job; both are kept.', 'Compare the two and keep the one you need.', 'Ekip deposunda bu işin farklı bir sürümü var; ikisi de saklandı.', 'İkisini karşılaştırıp ihtiyacınız olanı kullanın.', 'warning'),
  SYNC_TLS: t(
    'A secure (TLS) connection to the team store could not be made.',
    '{detail} Check the endpoint address (http:// or https://) and the server certificate.',
    'Ekip deposuyla güvenli (TLS) bağlantı kurulamadı.',
    '{detail} Uç nokta adresini (http:// veya https://) ve sunucu sertifikasını kontrol edin.',
  ),
  SYNC_BUCKET_NOT_FOUND: t(
    'The team store has no bucket by that name.',
    '{detail} Check the bucket name and region in Settings (TEZGAH_S3_BUCKET, TEZGAH_S3_REGION).',
    'Ekip deposunda bu adla bir kova yok.',
    '{detail} Ayarlar’daki kova adını ve bölgeyi kontrol edin (TEZGAH_S3_BUCKET, TEZGAH_S3_REGION).',
  ),
  SYNC_NOT_CONFIGURED: t(
    'Team sync is not set up.',
    'Enter the endpoint, bucket and keys in Settings, or set TEZGAH_S3_BUCKET (and TEZGAH_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).',
    'Ekip eşitlemesi ayarlanmamış.',
    'Ayarlar’da uç noktayı, kovayı ve anahtarları girin ya da TEZGAH_S3_BUCKET (ve TEZGAH_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) değişkenlerini ayarlayın.',
  ),
  STORAGE_FULL: t('The data folder is full.', 'Free some disk space, or choose another data folder.', 'Veri klasörü dolu.', 'Diskte yer açın ya da başka bir veri klasörü seçin.'),
  STORAGE_IO: t('The data folder cannot be read or written.', 'Check {path}: permissions and that the drive is attached.', 'Veri klasörü okunamıyor veya yazılamıyor.', '{path} konumunu kontrol edin: izinler ve sürücünün bağlı olması.'),
  STORAGE_CORRUPT: t('The database file is damaged or is not a Tezgah database.', 'Restore {path} from a backup, or move it aside to start with an empty database.', 'Veritabanı dosyası bozuk ya da bir Tezgah veritabanı değil.', '{path} dosyasını yedekten geri yükleyin ya da boş bir veritabanıyla başlamak için kenara taşıyın.'),
  STORAGE_SCHEMA_NEWER: t('The database was written by a newer version of Tezgah.', 'Update Tezgah (database version {found}, this app knows up to {supported}), or choose another data folder.', 'Veritabanı Tezgah’ın daha yeni bir sürümüyle yazılmış.', 'Tezgah’ı güncelleyin (veritabanı sürümü {found}, bu uygulama en fazla {supported} sürümünü tanıyor) ya da başka bir veri klasörü seçin.'),
  UNAUTHORIZED: t('The request carries no valid token.', 'Open the URL printed by tezgah serve.', 'İstek geçerli bir belirteç taşımıyor.', 'tezgah serve tarafından yazdırılan adresi açın.'),
  INTERNAL: t('Something went wrong inside Tezgah.', 'Retry; if it persists, send the log from the data folder.', 'Tezgah içinde bir şeyler ters gitti.', 'Yeniden deneyin; sürerse veri klasöründeki günlüğü gönderin.'),
  UNKNOWN_METHOD: t(
    'The window asked for an operation that does not exist.',
    'The window and the app are from different versions ({method}); restart Tezgah.',
    'Pencere var olmayan bir işlem istedi.',
    'Pencere ile uygulama farklı sürümlerden ({method}); Tezgah’ı yeniden başlatın.',
  ),
  CONNECTION_LOST: t(
    'The connection to Tezgah was lost.',
    'It reconnects by itself; retry the action. If Tezgah was stopped, start it again.',
    'Tezgah ile bağlantı koptu.',
    'Bağlantı kendiliğinden yeniden kurulur; işlemi yeniden deneyin. Tezgah durdurulduysa yeniden başlatın.',
  ),
  SECRET_STORE_UNAVAILABLE: t(
    'Secrets cannot be stored safely on this computer.',
    'Unlock or install the system keyring (GNOME Keyring, KWallet), then try again.',
    'Gizli bilgiler bu bilgisayarda güvenle saklanamıyor.',
    'Sistem anahtarlığının (GNOME Keyring, KWallet) kilidini açın ya da kurun, sonra yeniden deneyin.',
  ),
} satisfies Record<string, Entry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;
export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  hint: string;
  details?: Record<string, unknown>;
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CATALOG, code);
}

/** Fills {name} placeholders from details; unknown placeholders collapse to nothing. */
function fill(template: string, details: Record<string, unknown> | undefined): string {
  return template
    .replace(/\{(\w+)\}/g, (_, key: string) => {
      const v = details?.[key];
      if (v === undefined || v === null) return '';
      return Array.isArray(v) ? v.join(', ') : String(v);
    })
    .replace(/\s{2,}/g, ' ')
    .replace(/:\s*$/, '')
    .trim();
}

export function errorText(code: ErrorCode, lang: Lang, details?: Record<string, unknown>): Text {
  const entry: Entry = ERROR_CATALOG[code];
  const text = entry[lang];
  return { message: fill(text.message, details), hint: fill(text.hint, details) };
}

export function errorSeverity(code: ErrorCode): 'error' | 'warning' {
  return (ERROR_CATALOG[code] as Entry).severity ?? 'error';
}

/** The one error type thrown inside Tezgah; converted to an ErrorPayload at every boundary. */
export class TezgahError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, details?: Record<string, unknown>, cause?: unknown) {
    super(`${code}: ${errorText(code, 'en', details).message}${details?.reason ? ` (${String(details.reason)})` : ''}`, { cause });
    this.name = 'TezgahError';
    this.code = code;
    if (details) this.details = details;
  }
  toPayload(lang: Lang = 'en'): ErrorPayload {
    return toErrorPayload(this, lang);
  }
}

export function toErrorPayload(err: unknown, lang: Lang = 'en'): ErrorPayload {
  if (err instanceof TezgahError) {
    const { message, hint } = errorText(err.code, lang, err.details);
    return { code: err.code, message, hint, ...(err.details ? { details: err.details } : {}) };
  }
  if (err && typeof err === 'object' && 'code' in err && isErrorCode((err as { code: unknown }).code)) {
    const e = err as { code: ErrorCode; details?: Record<string, unknown> };
    const { message, hint } = errorText(e.code, lang, e.details);
    return { code: e.code, message, hint, ...(e.details ? { details: e.details } : {}) };
  }
  const code: ErrorCode = isStorageFull(err) ? 'STORAGE_FULL' : isStorageIo(err) ? 'STORAGE_IO' : 'INTERNAL';
  const reason = err instanceof Error ? err.message : String(err);
  const details = { reason, path: (err as { path?: string })?.path };
  const { message, hint } = errorText(code, lang, details);
  return { code, message, hint, details: { reason } };
}

/** Re-translates a stored payload into another language. */
export function localizePayload(p: ErrorPayload, lang: Lang): ErrorPayload {
  if (!isErrorCode(p.code)) return p;
  const { message, hint } = errorText(p.code, lang, p.details);
  return { ...p, message, hint };
}

function isStorageFull(err: unknown): boolean {
  const c = (err as { code?: string })?.code;
  return c === 'ENOSPC' || c === 'EDQUOT';
}
function isStorageIo(err: unknown): boolean {
  const c = (err as { code?: string })?.code;
  return c === 'EACCES' || c === 'EROFS' || c === 'EPERM' || c === 'EIO' || c === 'ENOTDIR';
}
