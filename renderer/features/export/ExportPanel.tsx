// "Export as": a finished part written in the formats a colleague's tool reads (STEP AP242/AP214,
// IGES, BREP, 3MF, OBJ, GLB). Submits an export job and opens it; its files have Save buttons.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportFormat, PART_JOB_TYPES, type JobRecord } from '../../../shared/jobs.js';
import { api } from '../../lib/api.js';
import { showError } from '../../lib/errors.js';
import { routeHref } from '../../lib/routes.js';
import { useLang } from '../../lib/settings.js';
import { useAction } from '../../lib/useQuery.js';
import { ErrorBox } from '../../ui/common.js';
import { jobsStore } from '../jobs/store.js';

/** a finished part: it can be exported, machined, drawn */
export function isFinishedPart(job: JobRecord): boolean {
  return job.status === 'succeeded' && PART_JOB_TYPES.has(job.type);
}

export function ExportPanel({ job }: { job: JobRecord }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [formats, setFormats] = useState<ExportFormat[]>(['step-ap242']);
  const { run, busy, error } = useAction(async () => {
    const j = await api().call('jobs.submit', { spec: { type: 'export', part: job.id, formats } });
    jobsStore.getState().upsert(j);
    window.location.hash = routeHref({ name: 'part', id: j.id });
  });
  const toggle = (f: ExportFormat) => setFormats((cur) => (cur.includes(f) ? cur.filter((x) => x !== f) : [...cur, f]));
  return (
    <section className="panel export-panel" aria-labelledby="export-title">
      <h2 className="panel-title" id="export-title">
        {t('part.exportTitle')}
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (formats.length) void run();
        }}
      >
        <fieldset className="checks export-formats">
          <legend className="visually-hidden">{t('part.exportTitle')}</legend>
          {ExportFormat.options.map((f) => (
            <label key={f} className="check small">
              <input type="checkbox" checked={formats.includes(f)} onChange={() => toggle(f)} data-format={f} /> {t(`exportFormats.${f}`)}
            </label>
          ))}
        </fieldset>
        {!formats.length && <p className="muted small">{t('part.exportPick')}</p>}
        <p className="muted small">{t('part.exportHint')}</p>
        <button type="submit" className="btn small" disabled={busy || !formats.length} data-action="export">
          {t('part.exportAction')}
        </button>
      </form>
      {error != null && <ErrorBox error={showError(error, lang)} compact />}
    </section>
  );
}
