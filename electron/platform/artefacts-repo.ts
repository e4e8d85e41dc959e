// Rows that link content-addressed files to jobs. Callers put the file into the ArtefactStore
// first and add the row second (see electron/platform/artefact-record.ts), so a row never points at a
// missing file; a crash between the two leaves at worst an unreferenced file.
import { TezgahError } from '../../shared/errors.js';
import { ArtefactKind, type ArtefactInfo } from '../../shared/jobs.js';
import { guarded, type Database } from './db.js';

/** An artefact row as stored: the shared ArtefactInfo plus its key in the team store, once synced. */
export interface StoredArtefact extends ArtefactInfo {
  remote_key: string | null;
}

export type NewArtefact = Omit<ArtefactInfo, 'id' | 'created_at'>;

interface ArtefactRow {
  id: number;
  job_id: string;
  kind: string;
  name: string;
  sha256: string;
  size: number;
  mime: string;
  meta: string;
  remote_key: string | null;
  created_at: string;
}

const COLUMNS = 'id, job_id, kind, name, sha256, size, mime, meta, remote_key, created_at';
const SHA256 = /^[0-9a-f]{64}$/;

export class ArtefactRepo {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Adds a row. Adding the same name with the same bytes to a job again returns the existing row
   * (a store step re-run after a crash); the same name with other bytes is a VALIDATION_ERROR.
   */
  add(a: NewArtefact): StoredArtefact {
    ArtefactKind.parse(a.kind);
    if (!SHA256.test(a.sha256)) throw new TezgahError('VALIDATION_ERROR', { field: 'sha256', detail: 'must be 64 lowercase hex digits' });
    const addTx = this.db.transaction(() => {
      const existing = this.db.prepare(`SELECT ${COLUMNS} FROM artefacts WHERE job_id = ? AND name = ?`).get(a.job_id, a.name) as
        | ArtefactRow
        | undefined;
      if (existing) {
        if (existing.sha256 === a.sha256) return toInfo(existing);
        throw new TezgahError('VALIDATION_ERROR', {
          field: 'name',
          detail: `job ${a.job_id} already has a different file named ${a.name}`,
        });
      }
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO artefacts (job_id, kind, name, sha256, size, mime, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(a.job_id, a.kind, a.name, a.sha256, a.size, a.mime, JSON.stringify(a.meta ?? {}), this.now().toISOString());
      return this.get(Number(lastInsertRowid))!;
    });
    return guarded(this.db, () => addTx());
  }

  /** In the order they were added. */
  /** Unlinks a job's files (a run a crash cut short, about to run again); the files stay in the store. */
  removeForJob(jobId: string): number {
    return guarded(this.db, () => this.db.prepare('DELETE FROM artefacts WHERE job_id = ?').run(jobId).changes);
  }

  listForJob(jobId: string): StoredArtefact[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM artefacts WHERE job_id = ? ORDER BY id`).all(jobId) as ArtefactRow[]).map(toInfo);
  }

  get(id: number): StoredArtefact | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM artefacts WHERE id = ?`).get(id) as ArtefactRow | undefined;
    return row && toInfo(row);
  }

  /** The oldest row holding these bytes (any job), or undefined when no row references them. */
  findBySha(sha256: string): StoredArtefact | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM artefacts WHERE sha256 = ? ORDER BY id LIMIT 1`).get(sha256) as
      | ArtefactRow
      | undefined;
    return row && toInfo(row);
  }

  /** Records where the file lives in the team store. A key may be shared only by rows with the same bytes. */
  setRemoteKey(id: number, key: string | null): void {
    try {
      const { changes } = this.db.prepare('UPDATE artefacts SET remote_key = ? WHERE id = ?').run(key, id);
      if (changes === 0) throw new TezgahError('NOT_FOUND', { entity: 'artefact', id });
    } catch (err) {
      if (err instanceof Error && err.message.includes('remote_key already names different content')) {
        throw new TezgahError('SYNC_INTEGRITY', { remote_key: key, artefact_id: id, reason: err.message }, err);
      }
      throw err;
    }
  }
}

function toInfo(r: ArtefactRow): StoredArtefact {
  return {
    id: r.id,
    job_id: r.job_id,
    kind: r.kind as ArtefactKind,
    name: r.name,
    sha256: r.sha256,
    size: r.size,
    mime: r.mime,
    meta: JSON.parse(r.meta) as Record<string, unknown>,
    remote_key: r.remote_key,
    created_at: r.created_at,
  };
}
