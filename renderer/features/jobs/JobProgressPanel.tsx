// A job on its way: the current step, progress and elapsed time. The part, prompt and CAM pages
// show it until there is something to look at.
import { useTranslation } from 'react-i18next';
import type { JobRecord } from '../../../shared/jobs.js';
import { ProgressBar, jobActivity, jobDurationMs, stepLabel } from '../../ui/common.js';
import { canCancel } from './store.js';
import { useLang } from '../../lib/settings.js';
import { formatDuration, formatNumber } from '../../lib/units.js';
import { useNow } from '../../lib/useNow.js';
import { TemplateThumb } from '../../ui/TemplateThumb.js';

export function JobProgressPanel({ job, hasPreview }: { job: JobRecord; hasPreview: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const active = canCancel(job);
  const now = useNow(active ? 500 : 0);
  const dur = jobDurationMs(job, now);
  return (
    <section className="progress-panel" aria-label={t('part.progress')}>
      {job.spec.type === 'template' && <TemplateThumb template={job.spec.template} />}
      <div className="progress-head">
        <span className="progress-step" data-testid="current-step">
          {active
            ? jobActivity(job, lang, t('jobs.waiting'))
            : job.status === 'succeeded' && !hasPreview
              ? t('part.noPreview')
              : t(`status.${job.status}`)}
        </span>
        <span className="tabular muted">
          {formatNumber(Math.round(job.progress * 100), lang, 0)} %{dur != null ? ` · ${formatDuration(dur, lang)}` : ''}
        </span>
      </div>
      <ProgressBar value={job.progress} status={job.status} label={t('part.progress')} />
      {active && <p className="muted small">{t('part.notReady')}</p>}
      {job.current_step && active && <span className="visually-hidden">{stepLabel(job.current_step, lang)}</span>}
    </section>
  );
}
