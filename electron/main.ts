// The Electron main process: one Workbench (the same core the CLI and the browser host use), the
// API over IPC, the app:// origin for the UI, the window, the menu and updates. Everything below
// the shell runs under plain Node; this file and shell/ are the only ones that know Electron.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, session, type BrowserWindow } from 'electron';
import { toErrorPayload, type Lang } from '../shared/errors.js';
import { hardenAllWebContents, hardenSession } from './shell/hardening.js';
import { serveIpcApi } from './shell/ipc.js';
import { applyMenu } from './shell/menu.js';
import { appPaths, bundledRuntimeEnv } from './shell/paths.js';
import { registerAppScheme, serveAppScheme } from './shell/protocol.js';
import { KeychainSecretStore } from './shell/secrets.js';
import { startUpdater, type Updater } from './shell/updater.js';
import { createMainWindow } from './shell/window.js';
import { Workbench, defaultDataDir, detectLang } from './app/app.js';
import { applyPendingRestore, recordRestore } from './domains/backup/pending.js';

const mainDir = dirname(fileURLToPath(import.meta.url));
const dev = !app.isPackaged;

app.enableSandbox();
registerAppScheme();
hardenAllWebContents();

let wb: Workbench | null = null;
let win: BrowserWindow | null = null;
let stopApi: (() => void) | null = null;
let updater: Updater | null = null;

/** The system language: the environment (as the CLI reads it), else the OS's preferred languages. */
function systemLang(): Lang {
  if (process.env.TEZGAH_LANG || process.env.LC_ALL || process.env.LANG) return detectLang(process.env);
  return app.getPreferredSystemLanguages().some((l) => l.toLowerCase().startsWith('tr')) ? 'tr' : 'en';
}

async function start(): Promise<void> {
  const paths = appPaths({ mainDir, packaged: app.isPackaged, resourcesPath: process.resourcesPath });
  const env = bundledRuntimeEnv(paths.runtimeDir, process.env);
  // a restore asked for in Settings → Backups is applied now, before the database is opened
  const restored = await applyPendingRestore(defaultDataDir(env));
  // keys (AI provider, team store) are kept encrypted by the OS keychain
  const secrets = new KeychainSecretStore(defaultDataDir(env));
  const workbench = new Workbench({ env, lang: systemLang(), actor: 'app', pythonDir: paths.pythonDir, secrets });
  wb = workbench;
  recordRestore(workbench.audit, restored, 'app');
  // jobs a crash left behind, queued jobs, the team sync and scheduled backups in the background
  workbench.start({ syncWorker: true, warmUp: true, backupSchedule: true });

  hardenSession(session.defaultSession);
  serveAppScheme(session.defaultSession, { staticDir: paths.staticDir, wb: workbench });
  stopApi = serveIpcApi(workbench);

  const settings = workbench.settings;
  let updateReady: string | null = null;
  const menu = () =>
    applyMenu({ lang: settings.lang(), dev, dataDir: workbench.dataDir, updateReady, restartToUpdate: () => updater?.restartToUpdate() });
  menu();
  settings.on('change', menu);

  win = createMainWindow({ preload: paths.preload, title: 'Tezgah', devTools: dev });
  win.on('closed', () => (win = null));

  updater = startUpdater({
    enabled: app.isPackaged && !process.env.TEZGAH_NO_UPDATE,
    lang: () => settings.lang(),
    log: (level, msg, fields) => workbench.logger.log(level, msg, fields ?? {}),
    onReady: (version) => {
      updateReady = version;
      menu();
    },
  });
}

function fatal(err: unknown): void {
  const p = toErrorPayload(err, systemLang());
  dialog.showErrorBox(`Tezgah: ${p.code}`, `${p.message}\n\n${p.hint}`);
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.whenReady().then(start).catch(fatal);

  app.on('window-all-closed', () => app.quit());

  // Stop the job manager and the FreeCAD workers before the process goes; jobs still running are
  // marked interrupted by the next start.
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed || !wb) return;
    event.preventDefault();
    disposed = true;
    updater?.stop();
    stopApi?.();
    const closing = wb;
    wb = null;
    void closing
      .dispose()
      .catch(() => undefined)
      .finally(() => app.quit());
  });
}
