// A CAM job's verdict on the part page, with the way to its toolpath and G-code.
import { useTranslation } from 'react-i18next';
import type { JobRecord } from '../../../shared/jobs.js';
import { resultOf } from '../../../shared/results/index.js';
import { routeHref } from '../../lib/routes.js';
import { useLang } from '../../lib/settings.js';
import { formatDuration } from '../../lib/units.js';

/** A CAM job on its part page: the verdict and the way to its toolpath and G-code. */
export function CamJobSummary({ job }: { job: JobRecord }) {
  const { t } = useTranslation();
  const lang = useLang();
  const cam = resultOf(job, 'cam');
  const ok = cam?.verification.ok ?? false;
  return (
    <section className="progress-panel cam-summary" aria-label={t('cam.program')}>
      <div className={`shop-verdict ${ok ? 'ok' : 'bad'}`}>
        <span className="shop-verdict-mark" aria-hidden="true">
          {ok ? '✓' : '!'}
        </span>
        <div>
          <h2>{ok ? t('cam.verified') : t('cam.notVerified', { count: cam?.verification.findings.length ?? 0 })}</h2>
          <p>
            {cam?.gcode.name ?? ''}
            {cam?.estimated_seconds != null ? ` · ${formatDuration(cam.estimated_seconds * 1000, lang)}` : ''}
          </p>
        </div>
      </div>
      <a className="btn primary" href={routeHref({ name: 'cam', id: job.id })}>
        {t('part.openCam')}
      </a>
    </section>
  );
}
