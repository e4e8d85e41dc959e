// The app's own API group: what the app is and how it runs ('app.*'), the user's settings
// ('settings.*') and the audit chain's check ('audit.*').
import type { ApiGroup, AuditReport, DoctorInfo } from '../../../shared/api/index.js';
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
  /** the chain heads this seat anchored in the team store (absent: no team sync) */
  anchors?: () => Promise<{ source: 'store' | 'cache' | 'none'; anchors: { key: string; entry: number; head: string }[] }>;
}

/** The chain's own check, then every head this seat anchored in the team store held against it. */
export async function verifyAudit(d: Pick<AppApiDeps, 'audit' | 'anchors'>): Promise<AuditReport> {
  const local = d.audit.verify();
  if (!d.anchors) return local;
  const { source, anchors } = await d.anchors();
  const failed = anchors.flatMap((a) => {
    const problem = d.audit.checkAnchor(a);
    return problem === 'ok' ? [] : [{ key: a.key, entry: a.entry, problem }];
  });
  const report: AuditReport = { ...local, anchors: { source, checked: anchors.length, failed } };
  const first = failed[0];
  if (!local.ok || !first) return report;
  return {
    ...report,
    ok: false,
    broken_at: first.entry,
    reason:
      first.problem === 'missing'
        ? `entry ${first.entry}, anchored in the team store (${first.key}), is gone: the log was cut back`
        : `entry ${first.entry} differs from the head anchored in the team store (${first.key}): the log was rewritten`,
  };
}

export function appApi(d: AppApiDeps): ApiGroup<'app'> & ApiGroup<'settings'> & ApiGroup<'audit'> {
  return {
    'app.info': () => ({ version: d.version, lang: d.lang(), host: d.host, data_dir: d.dataDir }),
    'app.doctor': () => d.doctor(),
    'settings.get': () => d.settings.get(),
    'settings.set': (patch) => d.settings.set(patch),
    'audit.verify': () => verifyAudit(d),
  };
}
