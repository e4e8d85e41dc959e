// A second interpreter for our G-code: LinuxCNC's standalone `rs274` (installed by build/setup-rs274.mjs).
// It reads a program as LinuxCNC's own interpreter does and prints the canonical machining commands
// it makes of it (STRAIGHT_TRAVERSE, STRAIGHT_FEED, ARC_FEED, CHANGE_TOOL, …), or stops at the first
// block it rejects with a message and that block's text.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs build script, typed by use
import { findRs274 } from '../../build/setup-rs274.mjs';
import type { Tool } from '../../shared/library.js';

export interface Canon {
  name: string;
  /** the raw argument text */
  args: string;
}

export interface Rs274Move {
  kind: 'rapid' | 'feed' | 'arc';
  /** end point, program (work) coordinates, mm */
  to: [number, number, number];
}

export interface Rs274Result {
  ok: boolean;
  status: number | null;
  canon: Canon[];
  moves: Rs274Move[];
  /** the interpreter's message and the block it stopped on (empty when ok) */
  error: { message: string; block: string; line: number | null } | null;
  stderr: string;
}

/** the rs274 wrapper, or null when it is not installed */
export function rs274Path(): string | null {
  return findRs274() as string | null;
}

/**
 * Runs `program` through rs274 in batch mode with a tool table made from `tools`. rs274 reads tool
 * tables in inches without an ini (LINEAR_UNITS in an ini does not change that), so diameters and
 * lengths are written in inches.
 */
export function runRs274(program: string, tools: Tool[] = []): Rs274Result {
  const bin = rs274Path();
  if (!bin) throw new Error('rs274 is not installed: run node build/setup-rs274.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'tezgah-rs274-'));
  try {
    const inch = (mm: number) => (mm / 25.4).toFixed(5);
    const table = tools.map(
      (t) => `T${t.number} P${t.number} D${inch(t.diameter_mm)} Z${inch(t.stick_out_mm ?? t.overall_length_mm)} ;${t.id}`,
    );
    // rs274 fails silently without a tool table; T1 keeps it non-empty
    writeFileSync(join(dir, 'tools.tbl'), `${(table.length ? table : ['T1 P1 D0.1 Z0 ;']).join('\n')}\n`);
    writeFileSync(join(dir, 'program.ngc'), program);
    writeFileSync(join(dir, 'params.var'), '');
    const r = spawnSync(bin, ['-t', join(dir, 'tools.tbl'), '-v', join(dir, 'params.var'), '-g', join(dir, 'program.ngc')], {
      encoding: 'utf8',
      input: '',
      cwd: dir,
      timeout: 60_000,
      maxBuffer: 64 << 20,
    });
    const canon: Canon[] = [];
    for (const line of r.stdout.split('\n')) {
      const m = /^\s*\d+\s+N\.+\s+([A-Z_0-9]+)\((.*)\)\s*$/.exec(line);
      if (m) canon.push({ name: m[1]!, args: m[2]! });
    }
    const moves: Rs274Move[] = [];
    for (const c of canon) {
      const n = c.args.split(',').map((v) => Number(v.trim()));
      if (c.name === 'STRAIGHT_TRAVERSE' || c.name === 'STRAIGHT_FEED')
        moves.push({ kind: c.name === 'STRAIGHT_TRAVERSE' ? 'rapid' : 'feed', to: [n[0]!, n[1]!, n[2]!] });
      else if (c.name === 'ARC_FEED') {
        // ARC_FEED(first_end, second_end, first_axis, second_axis, rotation, axis_end_point, a, b, c) in the XY plane
        moves.push({ kind: 'arc', to: [n[0]!, n[1]!, n[5]!] });
      }
    }
    const errLines = r.stderr
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && l !== 'executing');
    let error: Rs274Result['error'] = null;
    if (r.status !== 0) {
      const block = errLines[1] ?? '';
      const lines = program.split('\n');
      const idx = block ? lines.findIndex((l) => l.trim() === block) : -1;
      error = { message: errLines[0] ?? `rs274 exited with ${r.status}`, block, line: idx >= 0 ? idx + 1 : null };
    }
    return { ok: r.status === 0, status: r.status, canon, moves, error, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
