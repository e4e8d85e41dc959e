// "Import a CAD file" on the New part page: a drop target (the whole window takes drops; this is
// where people look for it), a file chooser (Electron: the main process's open dialog; browser: the
// page's own file input, then upload) and the import options every dropped file gets.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isElectron } from '../../lib/api.js';
import { ErrorBox } from '../../ui/common.js';
import { importAndOpen } from './ImportDrop.js';
import { showError } from '../../lib/errors.js';
import { navigate } from '../../lib/routes.js';
import { IMPORT_EXTENSIONS, importHostFiles, importsStore, useImports, type ImportOptions } from './store.js';
import { useLang } from '../../lib/settings.js';
import { useAction } from '../../lib/useQuery.js';

const UNITS: ImportOptions['units'][] = ['auto', 'mm', 'cm', 'm', 'in', 'ft'];

export function ImportCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const input = useRef<HTMLInputElement>(null);
  const options = useImports((s) => s.options);
  const set = (o: Partial<ImportOptions>) => importsStore.getState().setOptions(o);
  const {
    run: pick,
    error,
    setError,
  } = useAction(async () => {
    const r = await api().call('import.pick', {});
    const jobs = await importHostFiles(r.files, { api: api() });
    if (r.files.length === 1 && jobs[0]) navigate({ name: 'part', id: jobs[0].id });
  });

  const choose = async () => {
    setError(null);
    if (!isElectron()) return input.current?.click();
    await pick();
  };

  return (
    <section className="import-card" aria-labelledby="import-title" data-testid="import-card">
      <h2 className="section-title" id="import-title">
        {t('import.title')}
      </h2>
      <div className="drop-target">
        <svg viewBox="0 0 24 24" className="drop-icon small" aria-hidden="true">
          <path d="M12 3v12M7 10l5 5 5-5M4 19h16" />
        </svg>
        <p className="small">{t('import.hint')}</p>
        <button type="button" className="btn small" onClick={() => void choose()} data-action="choose-files">
          {t('import.choose')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept={IMPORT_EXTENSIONS.join(',')}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void importAndOpen(files);
          }}
        />
      </div>
      <div className="import-options">
        <label className="inline-field small">
          <span>{t('import.units')}</span>
          <select name="import-units" value={options.units} onChange={(e) => set({ units: e.target.value as ImportOptions['units'] })}>
            {UNITS.map((u) => (
              <option key={u} value={u}>
                {t(`import.unitsOpt.${u}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check small">
          <input type="checkbox" checked={options.z_up} onChange={(e) => set({ z_up: e.target.checked })} /> {t('import.zUp')}
        </label>
        <label className="check small">
          <input type="checkbox" checked={options.repair} onChange={(e) => set({ repair: e.target.checked })} /> {t('import.repair')}
        </label>
        <label className="check small">
          <input type="checkbox" checked={options.center} onChange={(e) => set({ center: e.target.checked })} /> {t('import.center')}
        </label>
        <label className="check small">
          <input type="checkbox" checked={options.require_solid} onChange={(e) => set({ require_solid: e.target.checked })} />{' '}
          {t('import.requireSolid')}
        </label>
      </div>
      {error != null && <ErrorBox error={showError(error, lang)} compact />}
    </section>
  );
}
