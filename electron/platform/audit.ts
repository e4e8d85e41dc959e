// The audit log: an append-only hash chain over who did what to which job, artefact or library item.
//
//   chain_hash = sha256_hex( prev_hash + canonical_json(record) )      (UTF-8 bytes, hex digest)
//   record     = { id, ts, actor, action, entity_type, entity_id, payload, prev_hash }
//                i.e. every column except chain_hash; canonical_json from shared/canonical.ts
//                (keys sorted, no whitespace); entity_id null when the entry concerns no single
//                entity; payload is the JSON value as stored (a JSON round trip of what was given).
//   genesis    : the first entry's prev_hash is 64 zeros; every later one's is its predecessor's
//                chain_hash (predecessor = next lower id).
//
// Including id and prev_hash means an edited, removed or reordered entry breaks the chain at that
// entry or the one after it. Removing entries from the *end* cannot be seen from the table alone:
// keep head() somewhere else (every sync manifest carries it) to detect truncation.
//
// Keyed chain. Whoever can write the database could rewrite an entry and re-chain everything
// after it, so with an install key (AuditKeyStore: the OS keychain, or a 0600 key file beside the
// database where there is none) entries from `since` on use
//   chain_hash = hmac_sha256_hex( key, prev_hash + canonical_json(record) )
// The key is made the first time the log opens with a key store, and `since` (the id of the first
// keyed entry) is kept with it, outside the database: a forger who rewrites keyed entries as plain
// sha256 ones is caught, because from `since` on only the key's HMAC verifies.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical.js';
import { guarded, type Database } from './db.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  /** who: 'user', 'system', 'cli', 'sync', … */
  actor: string;
  /** what, as a verb phrase: 'job.submit', 'artefact.add', 'library.upsert', … */
  action: string;
  entity_type: string;
  entity_id?: string | null;
  payload?: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  ts: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  payload: Record<string, unknown>;
  prev_hash: string;
  chain_hash: string;
}

export interface AuditVerification {
  ok: boolean;
  /** entries checked (all of them when ok) */
  count: number;
  /** id of the first entry that does not fit the chain */
  broken_at?: number;
  reason?: string;
}

/** A chain head kept elsewhere (in the team store's manifests): the entry's id and its chain_hash. */
export interface AuditAnchor {
  entry: number;
  head: string;
}

/** an entry as stored: the payload is canonical JSON text */
type AuditRow = Omit<AuditEntry, 'payload'> & { payload: string };

/** The install's audit key and the id of the first entry chained with it. */
export interface AuditKey {
  key: Buffer;
  since: number;
}

/** Where the install key lives, outside the database. */
export interface AuditKeyStore {
  load(): AuditKey | null;
  save(k: AuditKey): void;
}

export function chainHash(e: Omit<AuditEntry, 'chain_hash'>, key?: Buffer): string {
  // Named field by field so an extra property on `e` can never slip into the hashed record.
  const record = {
    id: e.id,
    ts: e.ts,
    actor: e.actor,
    action: e.action,
    entity_type: e.entity_type,
    entity_id: e.entity_id,
    payload: e.payload,
    prev_hash: e.prev_hash,
  };
  const text = e.prev_hash + canonicalJson(record);
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(text, 'utf8').digest('hex');
}

export class AuditLog {
  private readonly key: AuditKey | null;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
    keys?: AuditKeyStore,
  ) {
    this.key = keys ? (keys.load() ?? this.newKey(keys)) : null;
  }

  /** A fresh install key: entries after today's head are chained with it. */
  private newKey(keys: AuditKeyStore): AuditKey {
    const head = this.db.prepare('SELECT id FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined;
    const k: AuditKey = { key: randomBytes(32), since: (head?.id ?? 0) + 1 };
    try {
      keys.save(k);
    } catch (e) {
      // another process made the key a moment ago: use theirs
      const theirs = keys.load();
      if (theirs) return theirs;
      throw e;
    }
    return k;
  }

  /** The key an entry with this id is chained with (none before the key's `since`). */
  private keyFor(id: number): Buffer | undefined {
    return this.key && id >= this.key.since ? this.key.key : undefined;
  }

  /** Whether entries are chained with an install key (from which entry on). */
  keyedSince(): number | null {
    return this.key?.since ?? null;
  }

  append(input: AuditInput): AuditEntry {
    // Round trip through JSON first so the hashed value is exactly what verify() will read back.
    const payload = JSON.parse(JSON.stringify(input.payload ?? {})) as Record<string, unknown>;
    // IMMEDIATE takes the write lock before reading the head, so two appends (even from two
    // processes) can never both extend the same entry; UNIQUE(prev_hash) would refuse it anyway.
    const appendTx = this.db.transaction((): AuditEntry => {
      const head = this.db.prepare('SELECT id, chain_hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
        | { id: number; chain_hash: string }
        | undefined;
      const record = {
        id: (head?.id ?? 0) + 1,
        ts: this.now().toISOString(),
        actor: input.actor,
        action: input.action,
        entity_type: input.entity_type,
        entity_id: input.entity_id ?? null,
        payload,
        prev_hash: head?.chain_hash ?? GENESIS_HASH,
      };
      const entry: AuditEntry = { ...record, chain_hash: chainHash(record, this.keyFor(record.id)) };
      this.db
        .prepare(
          `INSERT INTO audit_log (id, ts, actor, action, entity_type, entity_id, payload, prev_hash, chain_hash)
           VALUES (@id, @ts, @actor, @action, @entity_type, @entity_id, @payload, @prev_hash, @chain_hash)`,
        )
        .run({ ...entry, payload: canonicalJson(payload) });
      return entry;
    });
    return guarded(this.db, () => appendTx.immediate());
  }

  /** Walks the whole chain in id order and reports the first entry that does not fit. */
  verify(): AuditVerification {
    let prev = GENESIS_HASH;
    let count = 0;
    for (const row of this.db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>) {
      count++;
      if (row.prev_hash !== prev) {
        return {
          ok: false,
          count,
          broken_at: row.id,
          reason: 'prev_hash does not match the previous entry: an entry before it was removed, replaced or reordered',
        };
      }
      let entry: AuditEntry;
      try {
        entry = toEntry(row);
      } catch {
        return { ok: false, count, broken_at: row.id, reason: 'payload is not valid JSON' };
      }
      const { chain_hash, ...record } = entry;
      if (chainHash(record, this.keyFor(row.id)) !== chain_hash) {
        return { ok: false, count, broken_at: row.id, reason: 'chain_hash does not match the entry: it was altered after it was written' };
      }
      prev = row.chain_hash;
    }
    return { ok: true, count };
  }

  /**
   * The newest entry's id and chain_hash: what the team sync writes into every manifest it pushes,
   * so a copy of the chain's head lives outside this machine (null for an empty log).
   */
  anchor(): AuditAnchor | null {
    const row = this.db.prepare('SELECT id, chain_hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
      | { id: number; chain_hash: string }
      | undefined;
    return row ? { entry: row.id, head: row.chain_hash } : null;
  }

  /**
   * Whether an anchor written earlier still fits this chain: entry `entry` is there with that
   * chain_hash ('ok'), is gone ('missing': the log was cut back) or differs ('mismatch': it was
   * rewritten, even if re-chained consistently with a stolen key).
   */
  checkAnchor(a: AuditAnchor): 'ok' | 'missing' | 'mismatch' {
    const row = this.db.prepare('SELECT chain_hash FROM audit_log WHERE id = ?').get(a.entry) as { chain_hash: string } | undefined;
    if (!row) return 'missing';
    return row.chain_hash === a.head ? 'ok' : 'mismatch';
  }

  /** The newest chain_hash (GENESIS_HASH for an empty log): anchor it elsewhere to detect truncation. */
  head(): string {
    const row = this.db.prepare('SELECT chain_hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { chain_hash: string } | undefined;
    return row?.chain_hash ?? GENESIS_HASH;
  }

  /** Entries about one entity (or all), oldest first. */
  entries(filter: { entity_type?: string; entity_id?: string; limit?: number } = {}): AuditEntry[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.entity_type !== undefined) {
      where.push('entity_type = ?');
      values.push(filter.entity_type);
    }
    if (filter.entity_id !== undefined) {
      where.push('entity_id = ?');
      values.push(filter.entity_id);
    }
    values.push(filter.limit ?? -1);
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`)
      .all(...values) as AuditRow[];
    return rows.map(toEntry);
  }
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    ts: r.ts,
    actor: r.actor,
    action: r.action,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    prev_hash: r.prev_hash,
    chain_hash: r.chain_hash,
  };
}
