import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, chainHash, GENESIS_HASH, type AuditKey, type AuditKeyStore } from '../../electron/platform/audit.js';
import { auditKeyStore } from '../../electron/platform/audit-key.js';
import { MemorySecretStore } from '../../electron/platform/secrets.js';
import { openDatabase, type Database } from '../../electron/platform/db.js';

let db: Database;
let audit: AuditLog;
let tick = 0;
const clock = () => new Date(Date.UTC(2026, 4, 1, 12, 0, tick++));

beforeEach(() => {
  db = openDatabase(':memory:');
  audit = new AuditLog(db, clock);
});
afterEach(() => db.close());

function fill(n: number) {
  for (let i = 1; i <= n; i++) {
    audit.append({
      actor: 'local',
      action: 'job.submit',
      entity_type: 'job',
      entity_id: `job-${i}`,
      payload: { template: 'flange', params: { d: i } },
    });
  }
}

describe('AuditLog', () => {
  it('chains each entry to the one before, starting from 64 zeros', () => {
    const a = audit.append({ actor: 'local', action: 'job.submit', entity_type: 'job', entity_id: 'j1', payload: { z: 1, a: [1, 2] } });
    const b = audit.append({ actor: 'local', action: 'library.upsert', entity_type: 'tool', entity_id: 't1' });
    expect(a.prev_hash).toBe(GENESIS_HASH);
    expect(b.prev_hash).toBe(a.chain_hash);
    expect(audit.head()).toBe(b.chain_hash);
    expect(audit.verify()).toEqual({ ok: true, count: 2 });
  });

  it('computes chain_hash exactly as documented, so other tools can check it', () => {
    const e = audit.append({
      actor: 'cli',
      action: 'job.cancel',
      entity_type: 'job',
      entity_id: 'j9',
      payload: { reason: 'user', when: new Date('2026-01-02T03:04:05.000Z') },
    });
    // canonical JSON written out by hand: keys sorted, no whitespace; the Date is stored as its JSON text
    const record =
      `{"action":"job.cancel","actor":"cli","entity_id":"j9","entity_type":"job","id":${e.id},` +
      `"payload":{"reason":"user","when":"2026-01-02T03:04:05.000Z"},"prev_hash":"${GENESIS_HASH}","ts":"${e.ts}"}`;
    expect(e.chain_hash).toBe(
      createHash('sha256')
        .update(GENESIS_HASH + record)
        .digest('hex'),
    );
    expect(audit.entries({ entity_id: 'j9' })[0]?.payload).toEqual({ reason: 'user', when: '2026-01-02T03:04:05.000Z' });
  });

  it('is append-only for the app', () => {
    fill(2);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('finds an altered payload at the entry that was altered', () => {
    fill(6);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET payload = '{"params":{"d":99},"template":"flange"}' WHERE id = 4`).run();
    expect(audit.verify()).toMatchObject({ ok: false, broken_at: 4, count: 4, reason: expect.stringMatching(/altered/) });
  });

  it('finds a removed entry at the entry after the gap, and a recomputed forgery at the next one', () => {
    fill(5);
    db.exec('DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update');
    db.prepare('DELETE FROM audit_log WHERE id = 3').run();
    expect(audit.verify()).toMatchObject({ ok: false, broken_at: 4, reason: expect.stringMatching(/removed/) });

    // A forger who rewrites entry 2 and recomputes its hash still breaks the link to entry 3.
    const db2 = openDatabase(':memory:');
    const log2 = new AuditLog(db2, clock);
    for (let i = 1; i <= 3; i++) log2.append({ actor: 'local', action: 'x', entity_type: 'job', entity_id: `j${i}`, payload: { i } });
    db2.exec('DROP TRIGGER audit_log_no_update');
    const row = log2.entries()[1]!;
    const { chain_hash: _old, ...rest } = { ...row, payload: { i: 42 } };
    const forged = createHash('sha256')
      .update(
        rest.prev_hash +
          JSON.stringify({
            action: rest.action,
            actor: rest.actor,
            entity_id: rest.entity_id,
            entity_type: rest.entity_type,
            id: rest.id,
            payload: rest.payload,
            prev_hash: rest.prev_hash,
            ts: rest.ts,
          }),
      )
      .digest('hex');
    db2.prepare('UPDATE audit_log SET payload = ?, chain_hash = ? WHERE id = 2').run('{"i":42}', forged);
    expect(log2.verify()).toMatchObject({ ok: false, broken_at: 3 });
    db2.close();
  });

  it('never lets two writers extend the same entry', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tezgah-audit-'));
    const file = path.join(dir, 'tezgah.db');
    const a = openDatabase(file);
    const b = openDatabase(file);
    try {
      const la = new AuditLog(a);
      const lb = new AuditLog(b);
      for (let i = 0; i < 50; i++)
        (i % 3 ? la : lb).append({ actor: i % 3 ? 'app' : 'cli', action: 'tick', entity_type: 'test', payload: { i } });
      expect(la.verify()).toEqual({ ok: true, count: 50 });
      // the schema itself refuses a second child of one entry
      const head = la.entries().at(-1)!;
      expect(() =>
        b
          .prepare(
            "INSERT INTO audit_log (ts, actor, action, entity_type, payload, prev_hash, chain_hash) VALUES ('t', 'x', 'x', 'x', '{}', ?, ?)",
          )
          .run(head.prev_hash, 'f'.repeat(64)),
      ).toThrow(/UNIQUE/);
    } finally {
      a.close();
      b.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the history of one entity', () => {
    fill(3);
    audit.append({ actor: 'local', action: 'job.cancel', entity_type: 'job', entity_id: 'job-2' });
    expect(audit.entries({ entity_type: 'job', entity_id: 'job-2' }).map((e) => e.action)).toEqual(['job.submit', 'job.cancel']);
    expect(new AuditLog(openDatabase(':memory:')).verify()).toEqual({ ok: true, count: 0 });
  });
});

describe('AuditLog with an install key', () => {
  const memoryKeys = (): AuditKeyStore & { saved: AuditKey | null } => {
    const s = { saved: null as AuditKey | null, load: () => s.saved, save: (k: AuditKey) => void (s.saved = k) };
    return s;
  };

  it('chains entries after the key was made with its HMAC, and verifies', () => {
    fill(2);
    const keys = memoryKeys();
    const keyed = new AuditLog(db, clock, keys);
    expect(keyed.keyedSince()).toBe(3);
    const e = keyed.append({ actor: 'local', action: 'library.upsert', entity_type: 'tool', entity_id: 't1' });
    const { chain_hash, ...record } = e;
    expect(chain_hash).toBe(chainHash(record, keys.saved!.key));
    expect(chain_hash).not.toBe(chainHash(record));
    expect(keyed.verify()).toEqual({ ok: true, count: 3 });
    // the same key store opened again (a restart): same key, still verifies
    expect(new AuditLog(db, clock, keys).verify()).toEqual({ ok: true, count: 3 });
  });

  it('catches a forger who rewrites an entry and re-chains everything after it without the key', () => {
    const keys = memoryKeys();
    const keyed = new AuditLog(db, clock, keys);
    for (let i = 1; i <= 5; i++)
      keyed.append({ actor: 'local', action: 'job.submit', entity_type: 'job', entity_id: `job-${i}`, payload: { i } });
    db.exec('DROP TRIGGER audit_log_no_update');
    // the forger knows the documented formula, not the key: rewrites entry 3 and re-chains 3..5 as plain sha256
    const rows = db.prepare('SELECT * FROM audit_log WHERE id >= 3 ORDER BY id').all() as {
      id: number;
      ts: string;
      actor: string;
      action: string;
      entity_type: string;
      entity_id: string;
      payload: string;
      prev_hash: string;
    }[];
    let prev = (db.prepare('SELECT chain_hash FROM audit_log WHERE id = 2').get() as { chain_hash: string }).chain_hash;
    for (const r of rows) {
      const payload = r.id === 3 ? { i: 999 } : (JSON.parse(r.payload) as Record<string, unknown>);
      const forged = chainHash({ ...r, payload, prev_hash: prev });
      db.prepare('UPDATE audit_log SET payload = ?, prev_hash = ?, chain_hash = ? WHERE id = ?').run(
        JSON.stringify(payload),
        prev,
        forged,
        r.id,
      );
      prev = forged;
    }
    // the links themselves are consistent (each prev_hash is its predecessor's chain_hash) …
    expect(keyed.verify()).not.toMatchObject({ reason: expect.stringMatching(/prev_hash/) });
    // … but without the key the forged entries don't carry its HMAC
    expect(keyed.verify()).toMatchObject({ ok: false, broken_at: 3, reason: expect.stringMatching(/altered/) });
  });

  it('keeps the key in a 0600 file beside the database when the secret store is memory only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tezgah-audit-key-'));
    try {
      const store = auditKeyStore(new MemorySecretStore(), dir);
      const a = new AuditLog(db, clock, store);
      a.append({ actor: 'cli', action: 'backup.create', entity_type: 'backup' });
      const st = fs.statSync(path.join(dir, 'audit.key'));
      expect(st.mode & 0o777).toBe(0o600);
      // a second process (a fresh store over the same folder) reads the same key
      expect(new AuditLog(db, clock, auditKeyStore(new MemorySecretStore(), dir)).verify()).toEqual({ ok: true, count: 1 });
      // a store that lost the key cannot vouch for keyed entries
      fs.rmSync(path.join(dir, 'audit.key'));
      expect(new AuditLog(db, clock).verify().ok).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the keychain when the app has one', () => {
    const secrets = new MemorySecretStore();
    Object.defineProperty(secrets, 'kind', { value: 'keychain' });
    const a = new AuditLog(db, clock, auditKeyStore(secrets, '/nonexistent'));
    a.append({ actor: 'local', action: 'settings.set', entity_type: 'settings' });
    expect(secrets.names()).toEqual(['audit.install-key']);
    expect(a.verify().ok).toBe(true);
  });
});
