// Drag and drop anywhere on the window: each dropped file becomes an import job. While files are
// dragged over the window an overlay says what will happen; the tray lists each file's upload
// and job progress, with a link to its part.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fileOnHost } from '../../lib/api.js';
import { showError } from '../../lib/errors.js';
import { navigate, routeHref } from '../../lib/routes.js';
import { importFiles, importsStore, useImports, type ImportItem } from './store.js';
import { useJobs } from '../jobs/store.js';
import { useLang } from '../../lib/settings.js';
import { formatBytes } from '../../lib/units.js';
import { ProgressBar, StatusBadge } from '../../ui/common.js';

const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');

/** Imports the files; one file opens its part page. */
export async function importAndOpen(files: File[]): Promise<void> {
  if (!files.length) return;
  const jobs = await importFiles(files, { api: api(), toHost: fileOnHost });
  if (files.length === 1 && jobs[0]) navigate({ name: 'part', id: jobs[0].id });
}

/** Window-wide drop target; returns whether files are being dragged over the window. */
export function useWindowDrop(): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (!depth) setOver(false);
    };
    const overFn = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      void importAndOpen([...(e.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return over;
}

export function DropOverlay() {
  const { t } = useTranslation();
  return (
    <div className="drop-overlay" aria-hidden="true" data-testid="drop-overlay">
      <div className="drop-card">
        <svg viewBox="0 0 24 24" className="drop-icon">
          <path d="M12 3v12M7 10l5 5 5-5M4 19h16" />
        </svg>
        <div className="drop-title">{t('import.dropTitle')}</div>
        <div className="muted">{t('import.dropFormats')}</div>
      </div>
    </div>
  );
}

export function ImportTray() {
  const { t } = useTranslation();
  const items = useImports((s) => s.items);
  if (!items.length) return null;
  return (
    <aside className="import-tray" aria-label={t('import.tray')} data-testid="import-tray">
      <div className="import-tray-head">
        <span className="panel-title">{t('import.tray')}</span>
        <button type="button" className="btn small ghost" onClick={() => importsStore.getState().clearFinished()}>
          {t('import.clear')}
        </button>
      </div>
      <ul role="list">
        {items.map((i) => (
          <TrayItem key={i.key} item={i} />
        ))}
      </ul>
    </aside>
  );
}

function TrayItem({ item }: { item: ImportItem }) {
  const { t } = useTranslation();
  const lang = useLang();
  const job = useJobs((s) => (item.jobId ? s.byId[item.jobId] : undefined));
  const error = item.error != null ? showError(item.error, lang) : null;
  return (
    <li className="tray-item" data-phase={item.phase} data-job={item.jobId ?? ''} data-status={job?.status ?? ''}>
      <div className="tray-row">
        <span className="ellipsis tray-name" title={item.name}>
          {item.name}
        </span>
        <span className="muted small tabular">{formatBytes(item.size, lang)}</span>
        <button
          type="button"
          className="btn small ghost"
          onClick={() => importsStore.getState().dismiss(item.key)}
          aria-label={t('common.close')}
        >
          ×
        </button>
      </div>
      {item.phase === 'uploading' || item.phase === 'submitting' ? (
        <>
          <ProgressBar value={item.upload} status="running" label={t('import.uploading')} />
          <span className="muted small">{item.phase === 'uploading' ? t('import.uploading') : t('import.submitting')}</span>
        </>
      ) : error ? (
        <span className="error-text small" data-code={error.code}>
          {error.code} · {error.message}
        </span>
      ) : job ? (
        <>
          <ProgressBar value={job.progress} status={job.status} label={t('jobs.colProgress')} />
          <span className="tray-row">
            <StatusBadge status={job.status} cached={job.cached} />
            <a href={routeHref({ name: 'part', id: job.id })} className="small">
              {t('import.open')}
            </a>
          </span>
        </>
      ) : null}
    </li>
  );
}
