// A job's files with a Save button each (part, prompt and CAM pages).
import { useTranslation } from 'react-i18next';
import type { ArtefactInfo } from '../../shared/jobs.js';
import { showError } from '../lib/errors.js';
import { useLang } from '../lib/settings.js';
import { formatBytes } from '../lib/units.js';
import { ErrorBox } from './common.js';
import { useArtefactSave } from './save.js';

/** An artefact as the API lists it, with the address the renderer fetches it from. */
export type Artefact = ArtefactInfo & { href: string };

export function ArtefactsPanel({ artefacts }: { artefacts: Artefact[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { save, error, saved } = useArtefactSave();
  return (
    <section className="panel files-panel" aria-labelledby="files-title">
      <h2 className="panel-title" id="files-title">
        {t('part.artefacts')}
      </h2>
      {artefacts.length ? (
        <ul className="artefacts" role="list">
          {artefacts.map((a) => (
            <li key={a.id} data-kind={a.kind}>
              <span className={`kind kind-${a.kind}`}>{kindLabel(a.kind)}</span>
              <span className="ellipsis" title={a.name}>
                {a.name}
              </span>
              <span className="muted small tabular">{formatBytes(a.size, lang)}</span>
              <button
                type="button"
                className="btn small"
                onClick={() => void save(a)}
                aria-label={t('part.saveFile', { name: a.name })}
                data-save={a.kind}
              >
                {t('common.save')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('part.noArtefacts')}</p>
      )}
      {saved && (
        <p className="note small" role="status">
          {t('part.saved', { path: saved })}
        </p>
      )}
      {error != null && <ErrorBox error={showError(error, lang)} compact />}
    </section>
  );
}

/** The short label of an artefact kind ('cam_report' and 'import_report' are JSON files). */
export function kindLabel(kind: string): string {
  return kind.endsWith('_report') ? 'JSON' : kind.toUpperCase();
}
