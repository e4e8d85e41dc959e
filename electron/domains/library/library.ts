// The shop's library of materials, machines and tools, kept in SQLite. Every item is validated by
// its zod schema (shared/library.ts) on the way in and on the way out.
//
// Seeding: resources/seed/*.json is offered on every start. library_seeds remembers each seed item
// and the hash of the version last offered, so a seed item is added once, follows newer seed data
// while the user has not touched it, and is left alone once the user edited or deleted it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { canonicalJson } from '../../../shared/canonical.js';
import { TezgahError } from '../../../shared/errors.js';
import { LibraryExport, Machine, Material, Tool } from '../../../shared/library.js';
import { guarded, type Database } from '../../platform/db.js';
import type { AuditLog } from '../../platform/audit.js';

export type LibraryKind = 'material' | 'machine' | 'tool';

export interface LibraryOptions {
  /** folder holding materials.json, machines.json, tools.json (default: resources/seed of this checkout) */
  seedDir?: string;
  now?: () => Date;
  /** where library changes are recorded (who changed which item); none in tests of the library alone */
  audit?: Pick<AuditLog, 'append'>;
  actor?: string;
}

interface KindDef<T extends { id: string }> {
  kind: LibraryKind;
  table: 'materials' | 'machines' | 'tools';
  file: string;
  schema: { safeParse(x: unknown): z.ZodSafeParseResult<T> };
  /** the key columns copied out of the item */
  keys(x: T): Record<string, string | number>;
  order: string;
}

const MATERIAL: KindDef<Material> = {
  kind: 'material',
  table: 'materials',
  file: 'materials.json',
  schema: Material,
  keys: (m) => ({ name_en: m.name.en, name_tr: m.name.tr, category: m.category }),
  order: 'category, name_en',
};
const MACHINE: KindDef<Machine> = {
  kind: 'machine',
  table: 'machines',
  file: 'machines.json',
  schema: Machine,
  keys: (m) => ({ name: m.name, controller: m.controller }),
  order: 'name',
};
const TOOL: KindDef<Tool> = {
  kind: 'tool',
  table: 'tools',
  file: 'tools.json',
  schema: Tool,
  keys: (t) => ({ number: t.number, name: t.name, type: t.type, diameter_mm: t.diameter_mm }),
  order: 'number',
};

/**
 * resources/seed of this checkout, found by walking up from this module (the source tree and a
 * bundled dist-electron/ sit at different depths), or the packaged app's resources folder.
 */
function defaultSeedDir(): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  const candidates: string[] = packaged ? [path.join(packaged, 'seed'), path.join(packaged, 'resources', 'seed')] : [];
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'resources', 'seed'));
    if (path.dirname(dir) === dir) break;
  }
  const found = candidates.find((d) => fs.existsSync(path.join(d, TOOL.file)));
  if (!found) throw new TezgahError('CONFIG_INVALID', { setting: 'resources/seed', detail: `no seed files in ${candidates.join(', ')}` });
  return found;
}

export interface ImportResult {
  added: number;
  updated: number;
}

export class Library {
  private readonly seedDirOption: string | undefined;
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    opts: LibraryOptions = {},
  ) {
    this.seedDirOption = opts.seedDir;
    this.now = opts.now ?? (() => new Date());
    this.audit = opts.audit;
    this.actor = opts.actor ?? 'local';
  }

  private readonly audit: Pick<AuditLog, 'append'> | undefined;
  private readonly actor: string;

  private record(action: string, kind: LibraryKind | 'library', id: string | null, payload: Record<string, unknown> = {}): void {
    this.audit?.append({ actor: this.actor, action, entity_type: kind, entity_id: id, payload });
  }

  // ---- reading -------------------------------------------------------------------------------

  materials(): Material[] {
    return this.all(MATERIAL);
  }
  machines(): Machine[] {
    return this.all(MACHINE);
  }
  tools(): Tool[] {
    return this.all(TOOL);
  }
  getMaterial(id: string): Material | undefined {
    return this.one(MATERIAL, id);
  }
  getMachine(id: string): Machine | undefined {
    return this.one(MACHINE, id);
  }
  getTool(id: string): Tool | undefined {
    return this.one(TOOL, id);
  }
  /** The tool a program calls with `T<number> M6`. */
  getToolByNumber(number: number): Tool | undefined {
    const row = this.db.prepare('SELECT id, data FROM tools WHERE number = ?').get(number) as { id: string; data: string } | undefined;
    return row && parseOut(TOOL, row);
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Adds or replaces the item with this id; returns it as stored (schema defaults filled in). */
  upsertMaterial(x: unknown): Material {
    return this.upserted(
      'material',
      this.tx(() => this.write(MATERIAL, parseIn(MATERIAL, x))),
    );
  }
  upsertMachine(x: unknown): Machine {
    return this.upserted(
      'machine',
      this.tx(() => this.write(MACHINE, parseIn(MACHINE, x))),
    );
  }
  upsertTool(x: unknown): Tool {
    return this.upserted(
      'tool',
      this.tx(() => this.write(TOOL, parseIn(TOOL, x))),
    );
  }
  deleteMaterial(id: string): boolean {
    return this.removed('material', id, this.remove(MATERIAL, id));
  }
  deleteMachine(id: string): boolean {
    return this.removed('machine', id, this.remove(MACHINE, id));
  }
  deleteTool(id: string): boolean {
    return this.removed('tool', id, this.remove(TOOL, id));
  }

  private upserted<T extends { id: string }>(kind: LibraryKind, r: WriteResult<T>): T {
    if (r.change !== 'unchanged') this.record('library.upsert', kind, r.item.id, { change: r.change });
    return r.item;
  }

  private removed(kind: LibraryKind, id: string, deleted: boolean): boolean {
    if (deleted) this.record('library.delete', kind, id);
    return deleted;
  }
  delete(kind: LibraryKind, id: string): boolean {
    return kind === 'material' ? this.deleteMaterial(id) : kind === 'machine' ? this.deleteMachine(id) : this.deleteTool(id);
  }

  // ---- seed, import, export ------------------------------------------------------------------

  /** Offers the seed files; safe to call on every start. Returns what changed. */
  seed(): ImportResult {
    const dir = this.seedDirOption ?? defaultSeedDir();
    const sets = {
      material: readSeed(dir, MATERIAL),
      machine: readSeed(dir, MACHINE),
      tool: readSeed(dir, TOOL),
    };
    const result: ImportResult = { added: 0, updated: 0 };
    this.tx(() => {
      for (const x of sets.material) this.seedOne(MATERIAL, x, result);
      for (const x of sets.machine) this.seedOne(MACHINE, x, result);
      for (const x of sets.tool) this.seedOne(TOOL, x, result);
    });
    return result;
  }

  exportJson(): LibraryExport {
    return { format: 'tezgah-library', version: 1, materials: this.materials(), machines: this.machines(), tools: this.tools() };
  }

  /**
   * Merges a library export: new ids are added, existing ids replaced. All or nothing: one invalid
   * item, a duplicate id or a tool number already used by another tool rejects the whole file.
   */
  importJson(data: unknown): ImportResult {
    const parsed = LibraryExport.safeParse(data);
    if (!parsed.success) throw validationError(parsed.error.issues, 'library');
    const lib = parsed.data;
    for (const [kind, items] of [
      ['materials', lib.materials],
      ['machines', lib.machines],
      ['tools', lib.tools],
    ] as const) {
      const seen = new Set<string>();
      for (const x of items) {
        if (seen.has(x.id)) throw new TezgahError('VALIDATION_ERROR', { field: `${kind}.${x.id}`, detail: 'appears twice in the file' });
        seen.add(x.id);
      }
    }
    const result: ImportResult = { added: 0, updated: 0 };
    const count = (r: WriteResult<unknown>) => {
      if (r.change === 'added') result.added++;
      else if (r.change === 'updated') result.updated++;
    };
    this.tx(() => {
      this.checkImportedToolNumbers(lib.tools);
      for (const x of lib.materials) count(this.write(MATERIAL, x));
      for (const x of lib.machines) count(this.write(MACHINE, x));
      // Park the tools whose number changes above the valid range (1–999) so that a file swapping
      // T1 and T2 does not collide with itself half-way.
      const park = this.db.prepare('UPDATE tools SET number = number + 1000 WHERE id = ? AND number <> ?');
      for (const x of lib.tools) park.run(x.id, x.number);
      for (const x of lib.tools) count(this.write(TOOL, x));
    });
    this.record('library.import', 'library', null, { ...result });
    return result;
  }

  // ---- internals -----------------------------------------------------------------------------

  private all<T extends { id: string }>(def: KindDef<T>): T[] {
    const rows = this.db.prepare(`SELECT id, data FROM ${def.table} ORDER BY ${def.order}, id`).all() as { id: string; data: string }[];
    return rows.map((r) => parseOut(def, r));
  }

  private one<T extends { id: string }>(def: KindDef<T>, id: string): T | undefined {
    const row = this.db.prepare(`SELECT id, data FROM ${def.table} WHERE id = ?`).get(id) as { id: string; data: string } | undefined;
    return row && parseOut(def, row);
  }

  private write<T extends { id: string }>(def: KindDef<T>, item: T): WriteResult<T> {
    const data = canonicalJson(item);
    const current = this.db.prepare(`SELECT data FROM ${def.table} WHERE id = ?`).get(item.id) as { data: string } | undefined;
    if (current?.data === data) return { item, change: 'unchanged' };
    if (def.kind === 'tool') this.checkToolNumber(item as unknown as Tool);
    const keys = def.keys(item);
    const cols = Object.keys(keys);
    const values = { ...keys, id: item.id, data, updated_at: this.now().toISOString() };
    this.db
      .prepare(
        `INSERT INTO ${def.table} (id, ${cols.join(', ')}, data, updated_at) VALUES (@id, ${cols.map((c) => `@${c}`).join(', ')}, @data, @updated_at)
         ON CONFLICT (id) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')}, data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run(values);
    return { item, change: current ? 'updated' : 'added' };
  }

  /** The tool numbers after an import (imported tools replacing same-id ones) must stay unique. */
  private checkImportedToolNumbers(imported: Tool[]): void {
    const byNumber = new Map<number, { id: string; name: string }>();
    const importedIds = new Set(imported.map((t) => t.id));
    const kept = (this.db.prepare('SELECT id, name, number FROM tools').all() as { id: string; name: string; number: number }[]).filter(
      (t) => !importedIds.has(t.id),
    );
    for (const t of [...kept, ...imported]) {
      const other = byNumber.get(t.number);
      if (other)
        throw new TezgahError('VALIDATION_ERROR', {
          field: 'tools.number',
          detail: `T${t.number} would be both '${other.name}' (${other.id}) and '${t.name}' (${t.id})`,
        });
      byNumber.set(t.number, t);
    }
  }

  private checkToolNumber(t: Tool): void {
    const other = this.db.prepare('SELECT id, name FROM tools WHERE number = ? AND id <> ?').get(t.number, t.id) as
      | { id: string; name: string }
      | undefined;
    if (other)
      throw new TezgahError('VALIDATION_ERROR', {
        field: 'number',
        detail: `T${t.number} is already used by '${other.name}' (${other.id})`,
      });
  }

  private remove<T extends { id: string }>(def: KindDef<T>, id: string): boolean {
    return guarded(this.db, () => this.db.prepare(`DELETE FROM ${def.table} WHERE id = ?`).run(id).changes > 0);
  }

  private seedOne<T extends { id: string }>(def: KindDef<T>, item: T, result: ImportResult): void {
    const kind = def.kind;
    const hash = sha256(canonicalJson(item));
    const offered = this.db.prepare('SELECT data_hash FROM library_seeds WHERE kind = ? AND id = ?').get(kind, item.id) as
      | { data_hash: string }
      | undefined;
    if (offered?.data_hash === hash) return;
    const current = this.db.prepare(`SELECT data FROM ${def.table} WHERE id = ?`).get(item.id) as { data: string } | undefined;
    if (!offered) {
      // First offer. An item the user already made under this id wins.
      if (!current && !(def.kind === 'tool' && this.toolNumberTaken(item as unknown as Tool))) {
        this.write(def, item);
        result.added++;
      }
    } else if (current && sha256(current.data) === offered.data_hash) {
      // Newer seed data for an item the user never touched.
      if (!(def.kind === 'tool' && this.toolNumberTaken(item as unknown as Tool))) {
        this.write(def, item);
        result.updated++;
      }
    }
    this.db
      .prepare(
        `INSERT INTO library_seeds (kind, id, data_hash, seeded_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (kind, id) DO UPDATE SET data_hash = excluded.data_hash, seeded_at = excluded.seeded_at`,
      )
      .run(kind, item.id, hash, this.now().toISOString());
  }

  private toolNumberTaken(t: Tool): boolean {
    return !!this.db.prepare('SELECT 1 FROM tools WHERE number = ? AND id <> ?').get(t.number, t.id);
  }

  private tx<R>(fn: () => R): R {
    return guarded(this.db, () => this.db.transaction(fn).immediate());
  }
}

interface WriteResult<T> {
  item: T;
  change: 'added' | 'updated' | 'unchanged';
}

function readSeed<T extends { id: string }>(dir: string, def: KindDef<T>): T[] {
  const file = path.join(dir, def.file);
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new TezgahError('CONFIG_INVALID', { setting: file, detail: 'a seed file holds a JSON array' });
  return raw.map((x) => parseIn(def, x));
}

function parseIn<T extends { id: string }>(def: KindDef<T>, x: unknown): T {
  const r = def.schema.safeParse(x);
  if (!r.success) throw validationError(r.error.issues, def.table, (x as { id?: unknown } | null)?.id);
  return r.data;
}

function parseOut<T extends { id: string }>(def: KindDef<T>, row: { id: string; data: string }): T {
  const r = def.schema.safeParse(JSON.parse(row.data));
  if (!r.success) throw validationError(r.error.issues, def.table, row.id);
  return r.data;
}

function validationError(issues: readonly z.core.$ZodIssue[], where: string, id?: unknown): TezgahError {
  const first = issues[0];
  const field = [where, typeof id === 'string' ? id : undefined, ...(first?.path ?? []).map(String)].filter(Boolean).join('.');
  return new TezgahError('VALIDATION_ERROR', { field, detail: first?.message ?? 'invalid', issues: issues.length });
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}
