// Prompt (#/prompt, #/prompt/<job>): a part from a sentence in Turkish or English. While typing,
// the language is guessed; the job asks the configured model, checks its script and runs it in the
// sandbox. The page then shows the part in the viewer, the parameters the model used (as a form),
// the script read-only with the policy's findings on their lines, the warnings, and — when the
// model needs more — its question with a field to answer it (a new attempt with the answer added).
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobRecord } from '../../../shared/jobs.js';
import { findingMessage } from '../../../shared/results/prompt.js';
import { api } from '../../lib/api.js';
import { ErrorBox, StatusBadge, StepList } from '../../ui/common.js';
import { jobErrorShown, showError } from '../../lib/errors.js';
import { aiOf, guessLanguage, shownAttempt, withAnswer, type AiView, type AttemptView } from './ai.js';
import { navigate, routeHref } from '../../lib/routes.js';
import { useJobDetail } from '../jobs/jobDetail.js';
import { canCancel, jobsStore, useJobs } from '../jobs/store.js';
import { useLang } from '../../lib/settings.js';
import { useAction, useQuery } from '../../lib/useQuery.js';
import { formatNumber } from '../../lib/units.js';
import { onAction } from '../../lib/actions.js';
import { ArtefactsPanel, type Artefact } from '../../ui/ArtefactsPanel.js';
import { JobProgressPanel } from '../jobs/JobProgressPanel.js';

const Viewer = lazy(() => import('../../viewer/Viewer.js').then((m) => ({ default: m.Viewer })));

type LangChoice = 'auto' | 'tr' | 'en';

export function PromptPage({ id }: { id?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { job, detail } = useJobDetail(id);
  const prompt = job?.spec.type === 'prompt' ? job.spec : null;
  const [text, setText] = useState(prompt?.text ?? '');
  const [choice, setChoice] = useState<LangChoice>('auto');
  // only to say "not set up yet" before a submit fails; a failure to read them says nothing
  const { data: settings } = useQuery(() => api().call('ai.settings', {}), []);
  const guessed = guessLanguage(text);

  // the job's own text, once it is known
  useEffect(() => {
    if (prompt && !text) setText(prompt.text);
  }, [prompt, text]);

  const submitting = useAction(async (body: string) => {
    const job = await api().call('jobs.submit', { spec: { type: 'prompt', text: body.trim(), lang: choice } });
    jobsStore.getState().upsert(job);
    navigate({ name: 'prompt', id: job.id });
  });
  const { busy, error } = submitting;
  const submit = async (body = text) => {
    if (body.trim()) await submitting.run(body);
  };
  useEffect(() => onAction('submit', () => void submit()), [text, choice]);

  const configured = !settings || (settings.base_url && settings.model);
  return (
    <div className="page prompt" data-job={job?.id ?? ''} data-status={job?.status ?? ''}>
      <header className="page-header">
        <h1>{t('prompt.title')}</h1>
        {job && <StatusBadge status={job.status} cached={job.cached} />}
        <span className="spacer" />
        <a className="btn ghost" href={routeHref({ name: 'settings' })}>
          {t('prompt.settings')}
        </a>
      </header>
      <form
        className="panel prompt-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label htmlFor="prompt-text" className="panel-title">
          {t('prompt.label')}
        </label>
        <textarea
          id="prompt-text"
          name="prompt"
          rows={4}
          maxLength={4000}
          placeholder={t('prompt.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          lang={guessed ?? undefined}
        />
        <div className="prompt-meta">
          <span className="muted small" data-testid="detected-lang" data-lang={guessed ?? ''}>
            {guessed ? t('prompt.detected', { lang: guessed === 'tr' ? t('prompt.langTr') : t('prompt.langEn') }) : t('prompt.detecting')}
          </span>
          <select
            name="prompt-lang"
            value={choice}
            onChange={(e) => setChoice(e.target.value as LangChoice)}
            aria-label={t('settings.language')}
          >
            <option value="auto">{t('prompt.auto')}</option>
            <option value="tr">{t('prompt.langTr')}</option>
            <option value="en">{t('prompt.langEn')}</option>
          </select>
          <span className="spacer" />
          {!configured && (
            <a className="small" href={routeHref({ name: 'settings' })}>
              {t('prompt.notConfigured')}
            </a>
          )}
          <button
            type="submit"
            className="btn primary"
            disabled={busy || !text.trim()}
            aria-keyshortcuts="Control+Enter"
            data-action="submit-prompt"
          >
            {busy ? t('prompt.submitting') : t('prompt.submit')}
          </button>
        </div>
        {error != null && <ErrorBox error={showError(error, lang)} compact />}
      </form>
      {job && prompt ? (
        <PromptResult job={job} artefacts={detail?.artefacts ?? []} onAnswer={(a) => void submit(withAnswer(prompt.text, a))} busy={busy} />
      ) : (
        <RecentPrompts />
      )}
    </div>
  );
}

function PromptResult({
  job,
  artefacts,
  onAnswer,
  busy,
}: {
  job: JobRecord;
  artefacts: Artefact[];
  onAnswer: (a: string) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const ai = aiOf(job);
  const attempt = ai ? shownAttempt(ai) : null;
  const glb = artefacts.find((a) => a.kind === 'glb');
  const jobError = jobErrorShown(job.error, lang);
  return (
    <div className="prompt-body">
      <div className="part-main">
        {job.status === 'succeeded' && glb ? (
          <Suspense fallback={<div className="viewer viewer-placeholder">{t('part.loadingModel')}</div>}>
            <Viewer url={glb.href} reference={job.metrics?.bbox_mm ?? null} />
          </Suspense>
        ) : canCancel(job) || job.status === 'succeeded' ? (
          <div className="prompt-progress">
            <JobProgressPanel job={job} hasPreview={!!glb} />
          </div>
        ) : null}
        {ai?.question && <QuestionBox question={ai.question} onAnswer={onAnswer} busy={busy} />}
        {jobError && !ai?.question && <ErrorBox error={jobError} />}
        {attempt?.script && <ScriptPanel attempt={attempt} />}
      </div>
      <aside className="part-side">
        {job.status === 'succeeded' && (
          <a className="btn primary" href={routeHref({ name: 'part', id: job.id })} data-action="open-part">
            {t('prompt.openPart')}
          </a>
        )}
        {ai && <ParametersPanel ai={ai} />}
        {ai && ai.warnings.length > 0 && (
          <section className="panel" aria-labelledby="ai-warnings-title" data-testid="ai-warnings">
            <h2 className="panel-title" id="ai-warnings-title">
              {t('prompt.warnings')}
            </h2>
            <ul className="report-notes">
              {ai.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </section>
        )}
        {ai && <AttemptsPanel ai={ai} />}
        <section className="panel">
          <h2 className="panel-title">{t('part.steps')}</h2>
          <StepList steps={job.document.steps} />
        </section>
        {artefacts.length > 0 && <ArtefactsPanel artefacts={artefacts} />}
      </aside>
    </div>
  );
}

function QuestionBox({ question, onAnswer, busy }: { question: string; onAnswer: (a: string) => void; busy: boolean }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState('');
  return (
    <form
      className="question-box"
      data-testid="ai-question"
      onSubmit={(e) => {
        e.preventDefault();
        if (answer.trim()) onAnswer(answer);
      }}
    >
      <div className="section-title">{t('prompt.question')}</div>
      <div className="question">{question}</div>
      <label htmlFor="ai-answer" className="visually-hidden">
        {t('prompt.answer')}
      </label>
      <textarea
        id="ai-answer"
        name="answer"
        rows={2}
        placeholder={t('prompt.answer')}
        value={answer}
        onChange={(e) => setAnswer(e.target.value)}
      />
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy || !answer.trim()} data-action="answer">
          {t('prompt.answerSubmit')}
        </button>
      </div>
    </form>
  );
}

function ParametersPanel({ ai }: { ai: AiView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const entries = Object.entries(ai.parameters);
  return (
    <section className="panel" aria-labelledby="ai-params-title" data-testid="ai-parameters">
      <h2 className="panel-title" id="ai-params-title">
        {t('prompt.parameters')}
      </h2>
      {entries.length === 0 ? (
        <p className="muted small">{t('prompt.noParameters')}</p>
      ) : (
        <div className="param-form">
          {entries.map(([k, v]) => {
            const shown =
              typeof v === 'number'
                ? formatNumber(v, lang, 4)
                : typeof v === 'string' || typeof v === 'boolean'
                  ? String(v)
                  : JSON.stringify(v);
            return (
              <div key={k} className="field" data-param={k}>
                <label htmlFor={`ai-param-${k}`} className="mono small">
                  {k}
                </label>
                <input id={`ai-param-${k}`} type="text" readOnly value={shown} />
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}

function AttemptsPanel({ ai }: { ai: AiView }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="ai-attempts-title">
      <h2 className="panel-title" id="ai-attempts-title">
        {t('prompt.attempts', { count: ai.attempts.length })}
      </h2>
      <ol className="report-list attempts">
        {ai.attempts.map((a) => (
          <li key={a.n} data-outcome={a.outcome}>
            <span className={`sev ${a.outcome === 'ok' ? 'sev-ok' : 'sev-error'}`}>{a.outcome === 'ok' ? 'OK' : a.outcome}</span>
            <span className="small muted">{a.error?.message ?? ''}</span>
          </li>
        ))}
      </ol>
      <p className="muted small mono">
        {ai.model}
        {ai.provider ? ` · ${ai.provider}` : ''}
      </p>
    </section>
  );
}

/** The script read-only, its lines numbered, each policy finding marked on its line with the reason. */
function ScriptPanel({ attempt }: { attempt: AttemptView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const lines = useMemo(() => (attempt.script ?? '').replace(/\n$/, '').split('\n'), [attempt.script]);
  const byLine = useMemo(() => {
    const m = new Map<number, AttemptView['findings']>();
    for (const f of attempt.findings) m.set(f.line, [...(m.get(f.line) ?? []), f]);
    // a runtime error names its line too
    const line = attempt.error?.details.line;
    if (typeof line === 'number' && !m.has(line) && attempt.error)
      m.set(line, [
        {
          code: attempt.error.code,
          rule: '',
          line,
          col: 0,
          symbol: String(attempt.error.details.symbol ?? ''),
          message: { en: attempt.error.message, tr: attempt.error.message },
        },
      ]);
    return m;
  }, [attempt]);
  return (
    <section className="panel script-panel" aria-labelledby="script-title" data-testid="ai-script">
      <h2 className="panel-title" id="script-title">
        {t('prompt.script')}
        <span className="muted small">
          {attempt.findings.length
            ? t('prompt.policyCount', { count: attempt.findings.length })
            : attempt.outcome === 'ok'
              ? t('prompt.noPolicy')
              : ''}
        </span>
      </h2>
      <pre className="script-view mono">
        {lines.map((l, i) => {
          const f = byLine.get(i + 1);
          return (
            <div key={i} className={`script-line${f ? ' flagged' : ''}`} data-line={i + 1} data-flagged={f ? f[0]!.code : undefined}>
              <span className="gcode-n">{i + 1}</span>
              <span className="script-text">{l || ' '}</span>
              {f && (
                <span className="script-finding" role="note">
                  {f.map((x) => `${x.code}${x.symbol ? ` · ${x.symbol}` : ''}: ${findingMessage(x, lang)}`).join(' · ')}
                </span>
              )}
            </div>
          );
        })}
      </pre>
    </section>
  );
}

function RecentPrompts() {
  const { t } = useTranslation();
  const byId = useJobs((s) => s.byId);
  const order = useJobs((s) => s.order);
  const recent = useMemo(
    () =>
      order
        .map((id) => byId[id]!)
        .filter((j) => j.type === 'prompt')
        .slice(0, 10),
    [order, byId],
  );
  if (!recent.length) return null;
  return (
    <section className="panel" aria-labelledby="recent-title">
      <h2 className="panel-title" id="recent-title">
        {t('prompt.history')}
      </h2>
      <ul className="report-list">
        {recent.map((j) => (
          <li key={j.id}>
            <StatusBadge status={j.status} cached={j.cached} />
            <a href={routeHref({ name: 'prompt', id: j.id })} className="ellipsis">
              {j.spec.type === 'prompt' ? j.spec.text : j.id}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
