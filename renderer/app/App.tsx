// The workbench shell: sidebar navigation, the page for the current route, global shortcuts and
// the shortcut list. Pages own their actions (submit, fit, …) through the action bus.
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { dispatchAction } from '../lib/actions.js';
import { api } from '../lib/api.js';
import { DropOverlay, ImportTray, useWindowDrop } from '../features/import/ImportDrop.js';
import { SyncIndicator } from '../features/sync/SyncIndicator.js';
import { CamPage } from '../features/cam/CamPage.js';
import { JobsPage } from '../features/jobs/JobsPage.js';
import { LibraryPage } from '../features/library/LibraryPage.js';
import { NewPartPage } from '../features/part/NewPartPage.js';
import { PartPage } from '../features/part/PartPage.js';
import { PromptPage } from '../features/prompt/PromptPage.js';
import { SettingsPage } from '../features/settings/SettingsPage.js';
import { ShopPage } from '../features/shop/ShopPage.js';
import { TeamPage } from '../features/team/TeamPage.js';
import { BatchPage } from '../features/batch/BatchPage.js';
import { navigate, routeHref, useRoute, type Route } from '../lib/routes.js';
import { SHORTCUTS, isTypingTarget, matchShortcut } from '../lib/shortcuts.js';
import { useConnection } from './connection.js';
import { useJobs } from '../features/jobs/store.js';
import { effectiveLang, settingsStore, updateSettings } from '../lib/settings.js';

const ICONS: Record<string, ReactElement> = {
  new: <path d="M12 5v14M5 12h14" />,
  jobs: <path d="M4 6h16M4 12h16M4 18h10" />,
  library: <path d="M5 4v16M10 4v16M15 4l4 16" />,
  prompt: <path d="M4 5h16v11H9l-5 4zM8 9h8M8 12h5" />,
  cam: <path d="M3 19h18M5 15l3-8 3 8 3-8 3 8 2-5" />,
  team: <path d="M7 18a4 4 0 0 1-.6-8 5.5 5.5 0 0 1 10.7 1.2A3.5 3.5 0 0 1 17 18zM12 11v5M10 13l2-2 2 2" />,
  batch: <path d="M4 4h16v16H4zM4 9h16M4 14h16M10 4v16" />,
  settings: (
    <>
      <circle cx="12" cy="12" r="3.2" />
      <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
    </>
  ),
};

function Icon({ name }: { name: string }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {ICONS[name]}
    </svg>
  );
}

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const [help, setHelp] = useState(false);
  const main = useRef<HTMLElement>(null);
  const connection = useConnection();
  const running = useJobs((s) =>
    s.order.reduce((n, id) => (s.byId[id]!.status === 'running' || s.byId[id]!.status === 'queued' ? n + 1 : n), 0),
  );
  const dragging = useWindowDrop();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = matchShortcut(e, route.name, isTypingTarget(e.target));
      if (!action) return;
      const go = (r: Route) => navigate(r);
      switch (action) {
        case 'new-part':
          go({ name: 'new' });
          break;
        case 'jobs':
          go({ name: 'jobs' });
          break;
        case 'library':
          go({ name: 'library', tab: 'materials' });
          break;
        case 'settings':
          go({ name: 'settings' });
          break;
        case 'help':
          setHelp((h) => !h);
          break;
        case 'toggle-language': {
          const next = effectiveLang(settingsStore.getState()) === 'tr' ? 'en' : 'tr';
          void updateSettings(api(), { lang: next }).catch(() => undefined);
          break;
        }
        case 'escape':
          if (help) setHelp(false);
          else if (!dispatchAction('escape')) return;
          break;
        default:
          if (!dispatchAction(action)) return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route.name, help]);

  // A new page: move focus to it (screen readers announce the page; Tab starts from its top).
  const key = routeHref(route);
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [key]);

  const nav: { name: Route['name']; href: string; label: string; icon: string; hint?: string }[] = [
    { name: 'new', href: '#/new', label: t('nav.newPart'), icon: 'new', hint: 'Ctrl+N' },
    { name: 'prompt', href: '#/prompt', label: t('nav.prompt'), icon: 'prompt' },
    { name: 'cam', href: '#/cam', label: t('nav.cam'), icon: 'cam' },
    { name: 'jobs', href: '#/jobs', label: t('nav.jobs'), icon: 'jobs', hint: 'Ctrl+J' },
    { name: 'batch', href: '#/batch', label: t('nav.batch'), icon: 'batch' },
    { name: 'team', href: '#/team', label: t('nav.team'), icon: 'team' },
    { name: 'library', href: '#/library/materials', label: t('nav.library'), icon: 'library', hint: 'Alt+L' },
    { name: 'settings', href: '#/settings', label: t('nav.settings'), icon: 'settings', hint: 'Ctrl+,' },
  ];
  const current = route.name === 'part' ? 'jobs' : route.name;

  // the shop floor: the whole screen, large controls, no sidebar
  if (route.name === 'shop') {
    return (
      <main id="main" ref={main} tabIndex={-1} className="shop-app">
        {connection !== 'open' && (
          <div className="banner" role="status">
            {connection === 'reconnecting' ? t('app.reconnecting') : t('app.disconnected')}
          </div>
        )}
        <ShopPage key={route.id ?? 'new'} id={route.id} />
      </main>
    );
  }

  return (
    <div className="app">
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a link to #main by convention; the handler only moves focus without changing the route hash */}
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        {t('app.skip')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <svg viewBox="0 0 32 32" className="logo" aria-hidden="true">
            <rect x="3" y="19" width="26" height="6" rx="1.5" />
            <rect x="7" y="8" width="6" height="11" rx="1" />
            <rect x="17" y="12" width="8" height="7" rx="1" />
          </svg>
          <div>
            <div className="brand-name">{t('app.name')}</div>
            <div className="brand-tag">{t('app.tagline')}</div>
          </div>
        </div>
        <nav aria-label={t('nav.main')}>
          <ul role="list">
            {nav.map((n) => (
              <li key={n.name}>
                <a
                  href={n.href}
                  className={`nav-link${current === n.name ? ' active' : ''}`}
                  aria-current={current === n.name ? 'page' : undefined}
                  title={n.hint ? `${n.label} (${n.hint})` : n.label}
                  data-nav={n.name}
                >
                  <Icon name={n.icon} />
                  <span>{n.label}</span>
                  {n.name === 'jobs' && running > 0 && (
                    <span className="nav-count" role="img" aria-label={t('nav.running', { count: running })}>
                      {running}
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-foot">
          <SyncIndicator />
          <button type="button" className="link-button" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            {t('nav.shortcuts')} <kbd>?</kbd>
          </button>
        </div>
      </aside>
      <main id="main" ref={main} tabIndex={-1} className="content">
        {connection !== 'open' && (
          <div className="banner" role="status">
            {connection === 'reconnecting' ? t('app.reconnecting') : t('app.disconnected')}
          </div>
        )}
        <Page route={route} />
      </main>
      <ImportTray />
      {dragging && <DropOverlay />}
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'new':
      return <NewPartPage templateId={route.template} />;
    case 'jobs':
      return <JobsPage />;
    case 'part':
      return <PartPage key={route.id} id={route.id} tab={route.tab ?? 'model'} />;
    case 'library':
      return <LibraryPage tab={route.tab} />;
    case 'settings':
      return <SettingsPage />;
    case 'cam':
      return (
        <CamPage
          key={route.id ?? `part:${route.part ?? ''}`}
          {...(route.id ? { id: route.id } : {})}
          {...(route.part ? { part: route.part } : {})}
        />
      );
    case 'prompt':
      return <PromptPage key={route.id ?? 'new'} {...(route.id ? { id: route.id } : {})} />;
    case 'team':
      return <TeamPage />;
    case 'batch':
      return <BatchPage key={route.template ?? ''} {...(route.template ? { template: route.template } : {})} />;
    case 'shop':
      return null;
  }
}

function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: a click beside the dialog closes it; the keyboard closes it with Escape (app shortcuts) or its Close button
    <div className="modal-backdrop" onClick={onClose}>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: only keeps a click inside the dialog from reaching the backdrop */}
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="help-title" onClick={(e) => e.stopPropagation()}>
        <div className="editor-head">
          <h2 id="help-title" className="panel-title">
            {t('shortcuts.title')}
          </h2>
          <button ref={close} type="button" className="btn small ghost" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
        <dl className="shortcut-list">
          {SHORTCUTS.map((s) => (
            <div key={s.action} className="metric">
              <dt>{t(`shortcuts.${s.action}`)}</dt>
              <dd>
                <kbd>{s.keys}</kbd>
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
