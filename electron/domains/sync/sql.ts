// Sync's small SQL statements run on every item; preparing one costs more than running it.
import type { Statement } from 'better-sqlite3';
import type { Database } from '../../platform/db.js';

/** A function that prepares each distinct SQL text once for this database and reuses it. */
export function preparedOnce(db: Database): (sql: string) => Statement {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let st = cache.get(sql);
    if (!st) {
      st = db.prepare(sql);
      cache.set(sql, st);
    }
    return st;
  };
}
