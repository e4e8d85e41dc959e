import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modalGroup, normaliseCode, parseGcode } from '../../electron/domains/cam/gcode/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/gcode/${name}`, import.meta.url), 'utf8');

describe('parseGcode', () => {
  it('reads words, comments, line numbers and several codes on one line', () => {
    const { blocks, problems } = parseGcode('N10 g01 x1.5 Y-2 z.25 F300 (cut) ; to the corner\nG0G90X0Y0\nm03 s1000 M08');
    expect(problems).toEqual([]);
    expect(blocks).toHaveLength(3);
    const [a, b, c] = blocks;
    expect(a).toMatchObject({ line: 1, n: 10, g: ['G1'], words: { X: 1.5, Y: -2, Z: 0.25, F: 300 }, comments: ['cut', 'to the corner'] });
    expect(b).toMatchObject({ line: 2, g: ['G0', 'G90'], words: { X: 0, Y: 0 } });
    expect(c).toMatchObject({ line: 3, m: ['M3', 'M8'], words: { S: 1000 } });
  });

  it('keeps source line numbers across blank, % and comment-only lines', () => {
    const { blocks } = parseGcode('%\n\n(header)\nG21\r\n\r\nG0 X1\n%');
    expect(blocks.map((b) => [b.line, b.g])).toEqual([
      [3, []],
      [4, ['G21']],
      [6, ['G0']],
    ]);
  });

  it('ignores spaces inside words like the controllers do', () => {
    const { blocks, problems } = parseGcode('G 1 X1 0. 5 Y - 3');
    expect(problems).toEqual([]);
    expect(blocks[0]).toMatchObject({ g: ['G1'], words: { X: 10.5, Y: -3 } });
  });

  it('normalises codes: G01 → G1, G38.2, M03 → M3', () => {
    const { blocks } = parseGcode('G01 G38.2 G54.1 M03');
    expect(blocks[0]!.g).toEqual(['G1', 'G38.2', 'G54.1']);
    expect(blocks[0]!.m).toEqual(['M3']);
    expect(normaliseCode('g', 0)).toBe('G0');
    expect(normaliseCode('G', 59.1)).toBe('G59.1');
  });

  it('marks block delete', () => {
    const { blocks } = parseGcode('/G0 X5\n /2 G1 X6\nG1 X7');
    expect(blocks.map((b) => b.blockDelete)).toEqual([true, true, false]);
    expect(blocks[1]!.words.X).toBe(6);
  });

  it('classifies modal groups', () => {
    expect(modalGroup('G0')).toBe('motion');
    expect(modalGroup('G83')).toBe('motion');
    expect(modalGroup('G18')).toBe('plane');
    expect(modalGroup('G20')).toBe('units');
    expect(modalGroup('G91')).toBe('distance');
    expect(modalGroup('G91.1')).toBe('arc_distance');
    expect(modalGroup('G55')).toBe('coord_system');
    expect(modalGroup('G53')).toBe('non_modal');
    expect(modalGroup('G28')).toBe('non_modal');
    expect(modalGroup('G93')).toBe('feed_mode');
    expect(modalGroup('G99')).toBe('return_mode');
    expect(modalGroup('M8')).toBe('coolant');
    expect(modalGroup('M6')).toBe('tool_change');
    expect(modalGroup('G123')).toBeNull();
  });

  it('reports unreadable words with their line and keeps the readable ones', () => {
    const text = [
      'G21', //                       1
      'G1 X#1 Y5 F100', //            2 parameter
      'G1 X1.2.3', //                 3 two decimal points
      'G1 Z', //                      4 no number
      '#1 = 5', //                    5 parameter assignment
      'G0 X1 (never closed', //       6
      'G1 X1 X2', //                  7 duplicate
      'G0 G1 X3', //                  8 same modal group
      'G20 G21', //                   9 same modal group
      'O100 sub', //                 10 flow control
      'S-100', //                    11 negative
    ].join('\n');
    expect(() => parseGcode(text)).not.toThrow();
    const { blocks, problems } = parseGcode(text);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const at = (line: number) => problems.find((p) => p.line === line)!.message;
    expect(at(2)).toMatch(/parameters and expressions/);
    expect(at(3)).toMatch(/not a number/);
    expect(at(4)).toMatch(/Z has no number/);
    expect(at(5)).toMatch(/not a G-code word/);
    expect(at(6)).toMatch(/never closed/);
    expect(at(7)).toMatch(/X appears twice/);
    expect(at(8)).toMatch(/G0 and G1/);
    expect(at(9)).toMatch(/G20 and G21/);
    expect(at(10)).toMatch(/O-word/);
    expect(at(11)).toMatch(/negative/);
    const line2 = blocks.find((b) => b.line === 2)!;
    expect(line2.words).toEqual({ Y: 5, F: 100 });
    expect(line2.unreadable).toEqual(['X']);
    expect(blocks.find((b) => b.line === 6)!.words.X).toBe(1);
  });

  it('accepts what real controllers accept: G0 G80 safety lines, M7 with M8, Fanuc program numbers', () => {
    const { problems } = parseGcode('O1234\nG0 G17 G40 G49 G80 G90\nM7 M8');
    expect(problems).toEqual([]);
  });

  it('parses the fixtures without problems', () => {
    for (const name of ['clean-grbl.nc', 'peck-linuxcnc.ngc']) {
      const { blocks, problems } = parseGcode(fixture(name));
      expect(problems).toEqual([]);
      expect(blocks.length).toBeGreaterThan(10);
    }
  });
});
