// The app's own API group: what the app is and how it runs ('app.*'), the user's settings
// ('settings.*') and the audit chain's check ('audit.*').
import type { ApiGroup, DoctorInfo } from '../../../shared/api/index.js';
import type { Lang } from '../../../shared/errors.js';
import type { AuditLog } from '../../platform/audit.js';
import type { SettingsStore } from '../../platform/settings.js';

export interface AppApiDeps {
  version: string;
  /** 'electron' | 'browser' | 'cli' */
  host: string;
  dataDir: string;
  lang: () => Lang;
  doctor: () => Promise<DoctorInfo>;
  settings: SettingsStore;
  audit: AuditLog;
}

export function appApi(d: AppApiDeps): ApiGroup<'app'> & ApiGroup<'settings'> & ApiGroup<'audit'> {
  return {
    'app.info': () => ({ version: d.version, lang: d.lang(), host: d.host, data_dir: d.dataDir }),
    'app.doctor': () => d.doctor(),
    'settings.get': () => d.settings.get(),
    'settings.set': (patch) => d.settings.set(patch),
    'audit.verify': () => d.audit.verify(),
  };
}
