// Sync's own bookkeeping in SQLite (migration 3): the seat id, what the last pass found (so a new
// process shows it until it has looked itself), and the few counters the status line needs that
// span the outbox's tables. The outbox, the team library and multipart progress keep their own
// tables (outbox.ts, library.ts, multipart.ts); everything else sync asks SQLite goes through here.
import { randomUUID } from 'node:crypto';
import type { ErrorPayload } from '../../../shared/errors.js';
import type { SyncState } from '../../../shared/api/index.js';
import type { Database } from '../../platform/db.js';
import { preparedOnce } from './sql.js';

export class SyncStateRepo {
  private readonly sql: ReturnType<typeof preparedOnce>;

  constructor(db: Database) {
    this.sql = preparedOnce(db);
  }

  /** This seat's id: made once per data dir, shared by every process using it. */
  seatId(): string {
    const existing = this.get('seat_id');
    if (existing) return existing;
    this.sql('INSERT OR IGNORE INTO sync_state (key, value) VALUES (?, ?)').run('seat_id', randomUUID());
    return this.get('seat_id')!;
  }

  lastSyncAt(): string | null {
    return this.get('last_sync_at');
  }

  setLastSyncAt(at: Date = new Date()): void {
    this.set('last_sync_at', at.toISOString());
  }

  /** What the last pass of any process found: its state and error. */
  lastOutcome(): { state: SyncState | null; error: ErrorPayload | null } {
    return {
      state: this.get('last_state') as SyncState | null,
      error: JSON.parse(this.get('last_error') ?? 'null') as ErrorPayload | null,
    };
  }

  setLastOutcome(state: SyncState, error: ErrorPayload | null): void {
    this.set('last_state', state);
    this.set('last_error', JSON.stringify(error));
  }

  /** Jobs kept side by side with another version of themselves. */
  conflictCount(): number {
    return (this.sql(`SELECT count(*) AS n FROM sync_jobs WHERE state = 'conflict'`).get() as { n: number }).n;
  }

  /** A manual sync sends waiting items now, whatever their backoff said. */
  clearBackoff(): void {
    this.sql(`UPDATE sync_outbox SET next_attempt_at = NULL WHERE state = 'pending'`).run();
  }

  private get(key: string): string | null {
    return (this.sql('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  }

  private set(key: string, value: string): void {
    this.sql('INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)').run(key, value);
  }
}
