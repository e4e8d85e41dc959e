import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Machine, Material, Tool, type LibraryExport } from '../../shared/library.js';
import { Library } from '../../electron/domains/library/library.js';
import { openDatabase, type Database } from '../../electron/platform/db.js';
import { AuditLog } from '../../electron/platform/audit.js';

const SEED_DIR = fileURLToPath(new URL('../../resources/seed/', import.meta.url));
const readSeed = (name: string) => JSON.parse(fs.readFileSync(path.join(SEED_DIR, name), 'utf8')) as unknown[];

let db: Database;
let lib: Library;
beforeEach(() => {
  db = openDatabase(':memory:');
  lib = new Library(db);
});
afterEach(() => db.close());

describe('seed files', () => {
  it('validate against the library schemas, with unique ids and tool numbers', () => {
    const materials = readSeed('materials.json').map((x) => Material.parse(x));
    const machines = readSeed('machines.json').map((x) => Machine.parse(x));
    const tools = readSeed('tools.json').map((x) => Tool.parse(x));
    for (const list of [materials, machines, tools]) expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
    expect(new Set(tools.map((t) => t.number)).size).toBe(tools.length);
  });

  it('hold the materials, machines and tools the app and the seeds rely on', () => {
    lib.seed();
    expect(lib.getMaterial('aluminium-6061')?.density_g_cm3).toBe(2.7);
    expect(lib.getMaterial('steel-s235')?.density_g_cm3).toBe(7.85);
    expect(lib.getMaterial('pom')?.density_g_cm3).toBe(1.41);
    expect(lib.getMaterial('pla')?.processes).toEqual(['fdm_printing']);
    for (const id of ['stainless-304', 'abs', 'wood-beech', 'wood-plywood']) expect(lib.getMaterial(id), id).toBeDefined();
    expect(lib.materials().find((m) => m.category === 'brass')).toBeDefined();
    // every millable material carries cutting data with chip loads ascending by diameter
    for (const m of lib.materials().filter((m) => m.processes.includes('cnc_milling'))) {
      expect(m.cutting, m.id).toBeDefined();
      const d = m.cutting!.chip_load_mm.map(([dia]) => dia);
      expect(d, m.id).toEqual([...d].sort((a, b) => a - b));
      expect(m.cutting!.surface_speed_m_min.carbide, m.id).toBeGreaterThan(m.cutting!.surface_speed_m_min.hss);
    }

    const grbl = lib.getMachine('grbl-3018')!;
    expect(grbl).toMatchObject({
      controller: 'grbl',
      envelope_mm: { x: 300, y: 180, z: 45 },
      max_spindle_rpm: 10000,
      tool_changer: false,
      coolant: false,
    });
    expect(grbl.max_feed_mm_min).toBeGreaterThanOrEqual(1000);
    expect(grbl.max_feed_mm_min).toBeLessThanOrEqual(2000);
    // grbl has no canned drilling cycles and no M6
    for (const code of ['G81', 'G82', 'G83', 'M6']) expect(grbl.supported_codes).not.toContain(code);
    const lcnc = lib.getMachine('linuxcnc-mill')!;
    expect(lcnc).toMatchObject({ controller: 'linuxcnc', max_spindle_rpm: 6000 });
    expect(lcnc.supported_codes).toEqual(expect.arrayContaining(['G81', 'G82', 'G83', 'M6']));
    const vmc = lib.getMachine('fanuc-vmc')!;
    expect(vmc).toMatchObject({
      controller: 'fanuc',
      envelope_mm: { x: 760, y: 410, z: 510 },
      max_spindle_rpm: 12000,
      tool_changer: true,
      coolant: true,
    });
    expect(vmc.supported_codes).toEqual(expect.arrayContaining(['G81', 'G83', 'M6', 'M8', 'M9']));

    const names = lib.tools().map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['6mm Carbide Endmill (4F)', '10mm Drill HSS']));
    const kinds = lib.tools().map((t) => `${t.type}:${t.diameter_mm}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'endmill:3',
        'endmill:10',
        'ball:6',
        'drill:3',
        'drill:5',
        'drill:6.8',
        'drill:8.5',
        'chamfer:10',
        'face_mill:50',
      ]),
    );
    expect(lib.tools().map((t) => t.number)).toEqual([...lib.tools().map((t) => t.number)].sort((a, b) => a - b));
    expect(lib.getToolByNumber(2)?.name).toBe('10mm Drill HSS');
  });
});

describe('Library.seed', () => {
  it('is idempotent', () => {
    const first = lib.seed();
    expect(first.added).toBe(readSeed('materials.json').length + readSeed('machines.json').length + readSeed('tools.json').length);
    const snapshot = lib.exportJson();
    expect(lib.seed()).toEqual({ added: 0, updated: 0 });
    expect(lib.exportJson()).toEqual(snapshot);
  });

  it('never overwrites an edit or brings back a deleted item', () => {
    lib.seed();
    const alu = lib.getMaterial('aluminium-6061')!;
    lib.upsertMaterial({ ...alu, density_g_cm3: 2.71 });
    expect(lib.deleteMachine('grbl-3018')).toBe(true);
    lib.seed();
    expect(lib.getMaterial('aluminium-6061')?.density_g_cm3).toBe(2.71);
    expect(lib.getMachine('grbl-3018')).toBeUndefined();
  });

  it('leaves an item the user created under a seed id before seeding', () => {
    lib.upsertTool({
      id: 'drill-10mm-hss',
      number: 40,
      name: 'My 10 mm drill',
      type: 'drill',
      diameter_mm: 10,
      flutes: 2,
      material: 'carbide',
      flute_length_mm: 50,
      overall_length_mm: 90,
      shank_mm: 10,
    });
    lib.seed();
    expect(lib.getTool('drill-10mm-hss')?.name).toBe('My 10 mm drill');
  });

  it('does not take a tool number the user already uses', () => {
    lib.upsertTool({
      id: 'my-engraver',
      number: 1,
      name: 'V-bit 30°',
      type: 'chamfer',
      diameter_mm: 3.175,
      flutes: 1,
      material: 'carbide',
      flute_length_mm: 5,
      overall_length_mm: 38,
      shank_mm: 3.175,
      tip_angle_deg: 30,
    });
    lib.seed();
    expect(lib.getToolByNumber(1)?.id).toBe('my-engraver');
    expect(lib.getTool('endmill-6mm-carbide-4f')).toBeUndefined();
    expect(lib.getTool('drill-10mm-hss')).toBeDefined();
  });

  it('brings newer seed data to untouched items only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tezgah-seed-'));
    try {
      for (const f of ['materials.json', 'machines.json', 'tools.json']) fs.copyFileSync(path.join(SEED_DIR, f), path.join(dir, f));
      const local = new Library(db, { seedDir: dir });
      local.seed();
      local.upsertMaterial({ ...local.getMaterial('pom')!, density_g_cm3: 1.42 }); // the user's edit
      // a newer app ships corrected data for two materials
      const materials = readSeed('materials.json') as Material[];
      for (const m of materials) if (m.id === 'pom' || m.id === 'abs') m.density_g_cm3 = 1.05;
      fs.writeFileSync(path.join(dir, 'materials.json'), JSON.stringify(materials));
      expect(local.seed()).toEqual({ added: 0, updated: 1 });
      expect(local.getMaterial('abs')?.density_g_cm3).toBe(1.05);
      expect(local.getMaterial('pom')?.density_g_cm3).toBe(1.42);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Library editing', () => {
  const tool = {
    id: 'endmill-4mm',
    number: 12,
    name: '4mm Carbide Endmill (3F)',
    type: 'endmill',
    diameter_mm: 4,
    flutes: 3,
    material: 'carbide',
    flute_length_mm: 11,
    overall_length_mm: 50,
    shank_mm: 4,
  };

  it('validates on the way in and fills schema defaults', () => {
    expect(() => lib.upsertTool({ ...tool, diameter_mm: -4 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', details: expect.objectContaining({ field: 'tools.endmill-4mm.diameter_mm' }) }),
    );
    expect(() => lib.upsertMaterial({ id: 'Bad Id', name: { en: 'x', tr: 'x' } })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }),
    );
    const m = lib.upsertMachine({
      id: 'router',
      name: 'Router',
      controller: 'grbl',
      envelope_mm: { x: 600, y: 400, z: 80 },
      zero: 'min',
      max_spindle_rpm: 24000,
      max_feed_mm_min: 5000,
      rapid_mm_min: 8000,
      tool_changer: false,
      tool_change_s: 60,
      coolant: false,
      supported_codes: ['G0', 'G1'],
    });
    expect(m).toMatchObject({ min_spindle_rpm: 0, units: 'mm' });
    expect(lib.getMachine('router')).toEqual(m);
  });

  it('keeps tool numbers unique', () => {
    lib.upsertTool(tool);
    expect(() => lib.upsertTool({ ...tool, id: 'other', name: 'Other' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', details: expect.objectContaining({ field: 'number' }) }),
    );
    lib.upsertTool({ ...tool, number: 13 }); // renumbering itself is fine
    expect(lib.getToolByNumber(13)?.id).toBe('endmill-4mm');
    expect(lib.getToolByNumber(12)).toBeUndefined();
  });

  it('deletes by kind and says whether something was there', () => {
    lib.upsertTool(tool);
    expect(lib.delete('tool', 'endmill-4mm')).toBe(true);
    expect(lib.delete('tool', 'endmill-4mm')).toBe(false);
  });

  it('refuses a row that no longer fits the schema on the way out', () => {
    lib.upsertTool(tool);
    db.prepare(`UPDATE tools SET data = json_set(data, '$.flutes', 0) WHERE id = 'endmill-4mm'`).run();
    expect(() => lib.tools()).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });
});

describe('Library import/export', () => {
  it('round-trips a library into another seat', () => {
    lib.seed();
    lib.upsertMaterial({
      id: 'delrin-black',
      name: { en: 'Delrin black', tr: 'Siyah Delrin' },
      category: 'plastic',
      density_g_cm3: 1.42,
      processes: ['cnc_milling'],
    });
    const exported = JSON.parse(JSON.stringify(lib.exportJson())) as LibraryExport;
    expect(exported.format).toBe('tezgah-library');

    const other = openDatabase(':memory:');
    try {
      const lib2 = new Library(other);
      const n = exported.materials.length + exported.machines.length + exported.tools.length;
      expect(lib2.importJson(exported)).toEqual({ added: n, updated: 0 });
      expect(lib2.exportJson()).toEqual(exported);
      expect(lib2.importJson(exported)).toEqual({ added: 0, updated: 0 });
    } finally {
      other.close();
    }
  });

  it('counts updates, and swaps tool numbers within one file', () => {
    lib.seed();
    const data = lib.exportJson();
    const t1 = data.tools.find((t) => t.number === 1)!;
    const t2 = data.tools.find((t) => t.number === 2)!;
    const alu = data.materials.find((m) => m.id === 'aluminium-6061')!;
    const result = lib.importJson({
      format: 'tezgah-library',
      version: 1,
      materials: [{ ...alu, density_g_cm3: 2.71 }],
      tools: [
        { ...t1, number: 2 },
        { ...t2, number: 1 },
      ],
    });
    expect(result).toEqual({ added: 0, updated: 3 });
    expect(lib.getToolByNumber(1)?.id).toBe(t2.id);
    expect(lib.getToolByNumber(2)?.id).toBe(t1.id);
  });

  it('imports all or nothing', () => {
    lib.seed();
    const before = lib.exportJson();
    const newMat = { id: 'oak', name: { en: 'Oak', tr: 'Meşe' }, category: 'wood', density_g_cm3: 0.75, processes: ['cnc_milling'] };
    const clash = {
      id: 'another-drill',
      number: 2,
      name: 'Clashing drill',
      type: 'drill',
      diameter_mm: 4,
      flutes: 2,
      material: 'hss',
      flute_length_mm: 40,
      overall_length_mm: 75,
      shank_mm: 4,
    };
    expect(() => lib.importJson({ format: 'tezgah-library', version: 1, materials: [newMat], tools: [clash] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', details: expect.objectContaining({ field: 'tools.number' }) }),
    );
    expect(() => lib.importJson({ format: 'tezgah-library', version: 1, materials: [newMat, { ...newMat, density_g_cm3: -1 }] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }),
    );
    expect(() => lib.importJson({ format: 'tezgah-library', version: 1, materials: [newMat, newMat] })).toThrow(
      /appears twice|VALIDATION_ERROR/,
    );
    expect(() => lib.importJson({ format: 'something-else', version: 1 })).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(lib.exportJson()).toEqual(before);
  });
});

describe('library changes in the audit log', () => {
  it('records upserts, deletes and imports, and not a write that changed nothing', () => {
    const db = openDatabase(':memory:');
    const audit = new AuditLog(db);
    const lib = new Library(db, { seedDir: path.join(os.tmpdir(), 'no-seed-here'), audit, actor: 'user' });
    const m = {
      id: 'steel-test',
      name: { en: 'Test steel', tr: 'Deneme çeliği' },
      category: 'steel',
      density_g_cm3: 7.85,
      processes: ['cnc_milling'],
    };
    lib.upsertMaterial(m);
    lib.upsertMaterial(m);
    lib.deleteMaterial('steel-test');
    lib.deleteMaterial('steel-test');
    lib.importJson({ format: 'tezgah-library', version: 1, materials: [m], machines: [], tools: [] });
    const entries = audit.entries().map((e) => [e.actor, e.action, e.entity_type, e.entity_id, e.payload]);
    expect(entries).toEqual([
      ['user', 'library.upsert', 'material', 'steel-test', { change: 'added' }],
      ['user', 'library.delete', 'material', 'steel-test', {}],
      ['user', 'library.import', 'library', null, { added: 1, updated: 0 }],
    ]);
    expect(audit.verify().ok).toBe(true);
    db.close();
  });
});
