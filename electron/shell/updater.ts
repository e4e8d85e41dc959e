// Updates with electron-updater from the generic provider URL that electron-builder.yml's
// `publish` writes into the package (app-update.yml). Checked on start and every few hours, never
// in development; downloaded in the background; installed when the app quits, or at once when the
// user picks the quiet "restart to update" notice. Offline is normal: failures are only logged.
import { Notification } from 'electron';
import electronUpdater from 'electron-updater';
import type { Lang } from '../../shared/errors.js';

const { autoUpdater } = electronUpdater;

const RECHECK_MS = 6 * 60 * 60 * 1000;

const TEXT = {
  en: { title: 'Update ready', body: (v: string) => `Tezgah ${v} has been downloaded. Restart to update.` },
  tr: { title: 'Güncelleme hazır', body: (v: string) => `Tezgah ${v} indirildi. Güncellemek için yeniden başlatın.` },
};

export interface UpdaterOptions {
  /** false in development (an unpackaged app has no app-update.yml) */
  enabled: boolean;
  lang: () => Lang;
  log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  /** an update is downloaded: show "restart to update" (menu item) */
  onReady: (version: string) => void;
}

export interface Updater {
  restartToUpdate(): void;
  stop(): void;
}

export function startUpdater(opts: UpdaterOptions): Updater | null {
  if (!opts.enabled) return null;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowPrerelease = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.logger = {
    info: (m?: unknown) => opts.log('info', `updater: ${String(m)}`),
    warn: (m?: unknown) => opts.log('warn', `updater: ${String(m)}`),
    error: (m?: unknown) => opts.log('warn', `updater: ${String(m)}`),
    debug: () => {},
  };
  autoUpdater.on('error', (e: Error) => opts.log('warn', 'update check failed', { reason: e.message }));
  autoUpdater.on('update-downloaded', (info: { version: string }) => {
    opts.log('info', 'update downloaded', { version: info.version });
    opts.onReady(info.version);
    if (Notification.isSupported()) {
      const t = TEXT[opts.lang()];
      const n = new Notification({ title: t.title, body: t.body(info.version), silent: true });
      n.on('click', () => autoUpdater.quitAndInstall());
      n.show();
    }
  });
  const check = () =>
    void autoUpdater.checkForUpdates().catch((e: Error) => opts.log('warn', 'update check failed', { reason: e.message }));
  check();
  const timer = setInterval(check, RECHECK_MS);
  timer.unref();
  return {
    restartToUpdate: () => autoUpdater.quitAndInstall(),
    stop: () => clearInterval(timer),
  };
}
