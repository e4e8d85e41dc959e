// Small building blocks used across pages: the coded error box, status badge, progress bar and
// the list of a job's steps.
import { useTranslation } from 'react-i18next';
import type { JobRecord, JobStatus, JobStep } from '../../shared/jobs.js';
import { STEPS, isStepName } from '../../shared/steps.js';
import type { Lang } from '../../shared/errors.js';
import type { ShownError } from '../lib/errors.js';
import { useLang } from '../lib/settings.js';
import { formatDuration } from '../lib/units.js';

export function ErrorBox({
  error,
  title,
  onRetry,
  retryLabel,
  compact,
}: {
  error: ShownError;
  title?: string;
  onRetry?: () => void;
  /** the retry button's text (default: "Try again") */
  retryLabel?: string;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className={`error-box${compact ? ' compact' : ''}`} role="alert" data-code={error.code}>
      {title && <div className="error-title">{title}</div>}
      <div className="error-message">{error.message}</div>
      {error.hint && error.hint !== '—' && (
        <div className="error-hint">
          <span className="label">{t('common.hint')}:</span> {error.hint}
        </div>
      )}
      <div className="error-code">
        {t('common.errorCode')}: <code>{error.code}</code>
        {onRetry && (
          <button type="button" className="btn small" onClick={onRetry} data-action="error-retry">
            {retryLabel ?? t('common.tryAgain')}
          </button>
        )}
      </div>
    </div>
  );
}

export function StatusBadge({ status, cached }: { status: JobStatus; cached?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`badge status-${status}`} data-status={status}>
      <span className="dot" aria-hidden="true" />
      {t(`status.${status}`)}
      {cached && status === 'succeeded' && <span className="badge-note"> · {t('status.cached')}</span>}
    </span>
  );
}

export function ProgressBar({ value, status, label }: { value: number; status: JobStatus; label: string }) {
  const pct = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={`progress status-${status}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div className="progress-fill" style={{ transform: `scaleX(${pct / 100})` }} />
    </div>
  );
}

export function stepLabel(name: string | null | undefined, lang: Lang): string {
  return name && isStepName(name) ? STEPS[name][lang] : (name ?? '');
}

/** What a job is doing now, in words: the current step, or its final state. */
export function jobActivity(job: Pick<JobRecord, 'status' | 'current_step'>, lang: Lang, waiting: string): string {
  if (job.status === 'running' || job.status === 'queued') return job.current_step ? stepLabel(job.current_step, lang) : waiting;
  return '';
}

export function StepList({ steps }: { steps: JobStep[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <ol className="steps">
      {steps.map((s) => (
        <li key={s.name} className={`step step-${s.status}`} data-step={s.name} data-status={s.status}>
          <span className="step-icon" aria-hidden="true" />
          <span className="step-name">{stepLabel(s.name, lang)}</span>
          <span className="visually-hidden">{t(`stepStatus.${s.status}`)}</span>
          <span className="step-time">{s.duration_ms != null ? formatDuration(s.duration_ms, lang) : ''}</span>
          {s.error && <span className="step-error">{s.error.code}</span>}
        </li>
      ))}
    </ol>
  );
}

export function timeAgo(iso: string, lang: Lang, now = Date.now()): string {
  const d = new Date(iso);
  const s = Math.round((now - d.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lang === 'tr' ? 'tr-TR' : 'en-US', { numeric: 'auto' });
  if (s < 60) return rtf.format(-s, 'second');
  if (s < 3600) return rtf.format(-Math.round(s / 60), 'minute');
  if (s < 86400) return rtf.format(-Math.round(s / 3600), 'hour');
  return d.toLocaleDateString(lang === 'tr' ? 'tr-TR' : 'en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

export function jobDurationMs(job: Pick<JobRecord, 'started_at' | 'finished_at'>, now = Date.now()): number | null {
  if (!job.started_at) return null;
  const end = job.finished_at ? Date.parse(job.finished_at) : now;
  return Math.max(0, end - Date.parse(job.started_at));
}
