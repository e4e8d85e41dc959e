// CAM: set up a program for a finished part (#/cam, #/cam/part/<part job>), follow the job, then
// see the toolpath beside its G-code, the verification and the export (#/cam/<cam job>).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CamResult } from './CamResult.js';
import { CamSetup, useCamLibrary } from './CamSetup.js';
import { camFormFromSpec, initialCamForm, type CamForm } from './camForm.js';
import { ErrorBox, StatusBadge, StepList } from '../../ui/common.js';
import { jobErrorShown, showError } from '../../lib/errors.js';
import { navigate, routeHref } from '../../lib/routes.js';
import { canRetry } from '../jobs/store.js';
import { useJobDetail } from '../jobs/jobDetail.js';
import { useJobs } from '../jobs/store.js';
import { useLang, useUnits } from '../../lib/settings.js';
import { jobTitle } from '../jobs/labels.js';
import { JobProgressPanel } from '../jobs/JobProgressPanel.js';

export function CamPage({ id, part }: { id?: string; part?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  const { lib, error: libError } = useCamLibrary();
  const { job, detail, error: loadError, reload } = useJobDetail(id);
  const [form, setForm] = useState<CamForm | null>(id ? null : initialCamForm({ ...(part ? { part } : {}), units }));
  const [editing, setEditing] = useState(!id);
  const partJob = useJobs((s) => (job?.spec.type === 'cam' ? s.byId[job.spec.part] : undefined));

  // an existing job's setup, to change and generate again
  useEffect(() => {
    if (!form && job?.spec.type === 'cam') setForm(camFormFromSpec(job.spec, units));
  }, [form, job, units]);
  // the first machine of the library until one is chosen
  useEffect(() => {
    if (form && !form.machine && lib?.machines.length) setForm({ ...form, machine: lib.machines[0]!.id });
  }, [form, lib]);

  const jobError = job ? jobErrorShown(job.error, lang) : null;
  const notCam = job && job.spec.type !== 'cam';

  return (
    <div className="page cam" data-job={job?.id ?? ''} data-status={job?.status ?? ''}>
      <header className="page-header">
        <h1>{t('cam.title')}</h1>
        {job && !notCam && <StatusBadge status={job.status} cached={job.cached} />}
        {partJob && (
          <a className="muted small" href={routeHref({ name: 'part', id: partJob.id })}>
            {jobTitle(partJob, lang, t(`jobType.${partJob.type}`))}
          </a>
        )}
        <span className="spacer" />
        {id && !editing && (
          <button type="button" className="btn" onClick={() => setEditing(true)} data-action="change-setup">
            {t('cam.changeSetup')}
          </button>
        )}
        <a className="btn ghost" href={routeHref({ name: 'shop' })} data-nav="shop">
          {t('shop.enter')}
        </a>
      </header>
      {libError != null && <ErrorBox error={showError(libError, lang)} />}
      {notCam && <ErrorBox error={showError({ code: 'NOT_FOUND', details: { id } }, lang)} />}
      {editing && form && lib && (
        <CamSetup
          form={form}
          setForm={setForm}
          lib={lib}
          onSubmitted={(j) => {
            setEditing(false);
            navigate({ name: 'cam', id: j.id });
          }}
        />
      )}
      {id && loadError != null && !job && <ErrorBox error={showError(loadError, lang)} onRetry={reload} />}
      {id && job && !notCam && (
        <div className="cam-body">
          {job.status === 'succeeded' ? (
            <CamResult key={job.id} jobId={job.id} artefacts={detail?.artefacts ?? []} />
          ) : (
            <div className="cam-waiting">
              <JobProgressPanel job={job} hasPreview />
              {jobError && <ErrorBox error={jobError} />}
              <section className="panel">
                <h2 className="panel-title">{t('part.steps')}</h2>
                <StepList steps={job.document.steps} />
              </section>
              {canRetry(job) && !editing && (
                <button type="button" className="btn" onClick={() => setEditing(true)}>
                  {t('cam.changeSetup')}
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
