// Scheduled backups: off, daily or weekly, keeping the newest N of the backups the schedule made
// (backups made by hand are never deleted). The app runs a due one when it starts and checks again
// on a timer; the clock and the timer are injected, so a test can move time. The schedule is kept
// in settings.json's 'backup' section.
import { z } from 'zod';
import type { BackupInfo, BackupSchedule, BackupScheduleInfo } from '../../../shared/api/index.js';
import type { BackupService } from './service.js';

export const DEFAULT_SCHEDULE: BackupSchedule = { schedule: 'off', keep: 7 };
export const PERIOD_MS = { daily: 24 * 3600_000, weekly: 7 * 24 * 3600_000 } as const;
/** how often the timer looks whether a backup is due */
export const CHECK_EVERY_MS = 10 * 60_000;

const Stored = z.object({
  schedule: z.enum(['off', 'daily', 'weekly']).catch('off'),
  keep: z.number().int().min(1).max(365).catch(DEFAULT_SCHEDULE.keep),
});

/** Where the schedule is kept: a section of the settings file (SettingsStore satisfies it). */
export interface ScheduleStore {
  section(name: string): Record<string, unknown> | null;
  setSection(name: string, value: Record<string, unknown> | null): void;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface BackupSchedulerDeps {
  backups: Pick<BackupService, 'create' | 'list' | 'prune'>;
  store: ScheduleStore;
  now?: () => Date;
  timers?: Timers;
  checkEveryMs?: number;
  log?: (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;
}

export class BackupScheduler {
  private timer: unknown = null;
  private ticking: Promise<BackupInfo | null> | null = null;
  private readonly now: () => Date;
  private readonly timers: Timers;

  constructor(private readonly d: BackupSchedulerDeps) {
    this.now = d.now ?? (() => new Date());
    this.timers = d.timers ?? {
      setInterval: (fn, ms) => {
        const h = setInterval(fn, ms);
        h.unref();
        return h;
      },
      clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
    };
  }

  get(): BackupSchedule {
    return { ...DEFAULT_SCHEDULE, ...Stored.parse({ ...DEFAULT_SCHEDULE, ...(this.d.store.section('backup') ?? {}) }) };
  }

  async info(): Promise<BackupScheduleInfo> {
    const s = this.get();
    const last = await this.lastAuto();
    const next =
      s.schedule === 'off' ? null : last ? new Date(Date.parse(last) + PERIOD_MS[s.schedule]).toISOString() : this.now().toISOString();
    return { ...s, last_auto_at: last, next_due_at: next };
  }

  /** Changes the schedule; a schedule just turned on makes its first backup now, a smaller keep prunes now. */
  async set(patch: Partial<BackupSchedule>): Promise<BackupScheduleInfo> {
    const next = { ...this.get(), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as BackupSchedule;
    this.d.store.setSection('backup', { schedule: next.schedule, keep: next.keep });
    await this.tick();
    return this.info();
  }

  /** Runs a due backup now, then checks again every checkEveryMs until stop(). */
  start(): void {
    if (this.timer) return;
    void this.tick();
    this.timer = this.timers.setInterval(() => void this.tick(), this.d.checkEveryMs ?? CHECK_EVERY_MS);
  }

  stop(): Promise<void> {
    if (this.timer) this.timers.clearInterval(this.timer);
    this.timer = null;
    return this.ticking ? this.ticking.then(() => undefined) : Promise.resolve();
  }

  /** One check: a backup when one is due (never two at once), then retention. Failures are logged, not thrown. */
  tick(): Promise<BackupInfo | null> {
    this.ticking ??= this.check().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async check(): Promise<BackupInfo | null> {
    const s = this.get();
    if (s.schedule === 'off') return null;
    try {
      const now = this.now();
      const last = await this.lastAuto();
      let made: BackupInfo | null = null;
      if (!last || now.getTime() - Date.parse(last) >= PERIOD_MS[s.schedule]) {
        made = await this.d.backups.create({ auto: true, at: now });
        this.d.log?.('info', 'scheduled backup made', { component: 'backup', name: made.name, schedule: s.schedule });
      }
      const pruned = await this.d.backups.prune(s.keep);
      if (pruned.length) this.d.log?.('info', 'old scheduled backups deleted', { component: 'backup', names: pruned, keep: s.keep });
      return made;
    } catch (e) {
      this.d.log?.('warn', 'scheduled backup failed', { component: 'backup', reason: e instanceof Error ? e.message : String(e) });
      return null;
    }
  }

  private async lastAuto(): Promise<string | null> {
    const times = (await this.d.backups.list()).filter((b) => b.auto).map((b) => b.scheduled_at ?? b.created_at);
    return times.sort().at(-1) ?? null;
  }
}
