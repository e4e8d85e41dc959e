// A tolerant RS274/NGC line parser for G-code from any source (our posts, other CAM systems, hand
// edits). It never throws: a word it cannot read is reported with its line and left out, so the
// verifier can still check the rest of the file and say exactly where the problem is.
import { GCODE_TEXT, joinTexts } from '../../../../shared/i18n/cam.js';
import { render, type Text } from '../../../../shared/i18n/text.js';

export interface GcodeBlock {
  /** 1-based line in the source text (not the N word) */
  line: number;
  /** the N word, if the line has one */
  n: number | null;
  /** the line starts with '/' (skipped when the operator turns block delete on) */
  blockDelete: boolean;
  /** G codes in the order written, normalised: 'G1' for G01, 'G38.2', 'G54.1' */
  g: string[];
  /** M codes in the order written, normalised: 'M3' for M03 */
  m: string[];
  /** every other word by upper-case letter: X Y Z I J K R F S T P Q L H D … */
  words: Partial<Record<string, number>>;
  /** letters whose value could not be read (an expression, a parameter, a missing number) */
  unreadable: string[];
  /** text of ( … ) and ; comments */
  comments: string[];
}

export interface ParseProblem {
  line: number;
  /** English */
  message: string;
  /** the same in both languages */
  text: Text;
}

export interface ParsedGcode {
  /** one block per line that carries words, comments or a block-delete mark; blank and % lines are left out */
  blocks: GcodeBlock[];
  problems: ParseProblem[];
}

/** Modal groups (RS274/NGC numbering, LinuxCNC and Fanuc agree on these). */
export type ModalGroup =
  | 'non_modal' // G4 G10 G28 G30 G52 G53 G92…  (group 0)
  | 'motion' // G0 G1 G2 G3 G33 G38.x G73 G76 G80–G89  (group 1)
  | 'plane' // G17 G18 G19  (2)
  | 'distance' // G90 G91  (3)
  | 'arc_distance' // G90.1 G91.1  (4)
  | 'feed_mode' // G93 G94 G95  (5)
  | 'units' // G20 G21  (6)
  | 'cutter_comp' // G40 G41 G42  (7)
  | 'tool_length' // G43 G43.1 G49  (8)
  | 'return_mode' // G98 G99  (10)
  | 'coord_system' // G54–G59.3  (12)
  | 'path_control' // G61 G61.1 G64  (13)
  | 'spindle_mode' // G96 G97  (14)
  | 'stopping' // M0 M1 M2 M30 M60
  | 'spindle' // M3 M4 M5
  | 'tool_change' // M6
  | 'coolant' // M7 M8 M9
  | 'override'; // M48 M49 M50–M53

const G_GROUPS: Record<string, ModalGroup> = {};
const M_GROUPS: Record<string, ModalGroup> = {};
function assign(table: Record<string, ModalGroup>, group: ModalGroup, codes: string): void {
  for (const c of codes.split(' ')) table[c] = group;
}
assign(G_GROUPS, 'non_modal', 'G4 G10 G28 G28.1 G30 G30.1 G52 G53 G92 G92.1 G92.2 G92.3');
assign(
  G_GROUPS,
  'motion',
  'G0 G1 G2 G3 G5 G5.1 G5.2 G33 G33.1 G38.2 G38.3 G38.4 G38.5 G73 G74 G76 G80 G81 G82 G83 G84 G85 G86 G87 G88 G89',
);
assign(G_GROUPS, 'plane', 'G17 G18 G19 G17.1 G18.1 G19.1');
assign(G_GROUPS, 'distance', 'G90 G91');
assign(G_GROUPS, 'arc_distance', 'G90.1 G91.1');
assign(G_GROUPS, 'feed_mode', 'G93 G94 G95');
assign(G_GROUPS, 'units', 'G20 G21');
assign(G_GROUPS, 'cutter_comp', 'G40 G41 G42 G41.1 G42.1');
assign(G_GROUPS, 'tool_length', 'G43 G43.1 G43.2 G49');
assign(G_GROUPS, 'return_mode', 'G98 G99');
assign(G_GROUPS, 'coord_system', 'G54 G55 G56 G57 G58 G59 G59.1 G59.2 G59.3 G54.1');
assign(G_GROUPS, 'path_control', 'G61 G61.1 G64');
assign(G_GROUPS, 'spindle_mode', 'G96 G97');
assign(M_GROUPS, 'stopping', 'M0 M1 M2 M30 M60');
assign(M_GROUPS, 'spindle', 'M3 M4 M5');
assign(M_GROUPS, 'tool_change', 'M6');
assign(M_GROUPS, 'coolant', 'M7 M8 M9');
assign(M_GROUPS, 'override', 'M48 M49 M50 M51 M52 M53');

/** The modal group of a normalised G or M code, or null for codes outside the standard groups. */
export function modalGroup(code: string): ModalGroup | null {
  return (code.startsWith('G') ? G_GROUPS[code] : M_GROUPS[code]) ?? null;
}

/** 'G01' → 'G1', 'g38.20' → 'G38.2', 'M03' → 'M3'. */
export function normaliseCode(letter: string, value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${letter.toUpperCase()}${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}`;
}

// A number after a letter: an optional sign, digits with an optional decimal point.
const NUMBER = /([+-]?)(\d+(?:\.\d*)?|\.\d+)/y;

export function parseGcode(text: string): ParsedGcode {
  const blocks: GcodeBlock[] = [];
  const problems: ParseProblem[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const block = parseLine(lines[i] ?? '', i + 1, problems);
    if (block) blocks.push(block);
  }
  return { blocks, problems };
}

function parseLine(raw: string, line: number, problems: ParseProblem[]): GcodeBlock | null {
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.startsWith('%')) return null;
  const block: GcodeBlock = { line, n: null, blockDelete: false, g: [], m: [], words: {}, unreadable: [], comments: [] };
  const messages: Text[] = [];
  const codeGroups = new Map<ModalGroup, string>();
  // Comments out, then whitespace out: controllers ignore spaces between and inside words (X1 0 = X10).
  let src = '';
  for (let k = 0; k < raw.length; k++) {
    const ch = raw[k]!;
    if (ch === '(') {
      const close = raw.indexOf(')', k + 1);
      if (close < 0) {
        messages.push(GCODE_TEXT.commentNotClosed);
        block.comments.push(raw.slice(k + 1).trim());
        break;
      }
      block.comments.push(raw.slice(k + 1, close).trim());
      k = close;
    } else if (ch === ';') {
      block.comments.push(raw.slice(k + 1).trim());
      break;
    } else if (!/\s/.test(ch)) {
      src += ch;
    }
  }
  let i = 0;
  if (src[0] === '/') {
    block.blockDelete = true;
    i = 1;
    while (i < src.length && /\d/.test(src[i]!)) i++; // Fanuc '/2' block-delete switch number
  }
  while (i < src.length) {
    const ch = src[i]!;
    if ((ch === 'O' || ch === 'o') && block.g.length + block.m.length === 0) {
      // 'O1234' alone is a Fanuc program number; anything more is LinuxCNC flow control.
      const rest = src.slice(i + 1);
      if (!/^\d+$/.test(rest)) messages.push(render(GCODE_TEXT.oWord, { rest }));
      break;
    } else if (/[A-Za-z]/.test(ch)) {
      const letter = ch.toUpperCase();
      NUMBER.lastIndex = i + 1;
      const match = NUMBER.exec(src);
      if (!match) {
        const end = skipUnreadable(src, i + 1);
        const junk = src.slice(i + 1, end);
        block.unreadable.push(letter);
        messages.push(
          junk === ''
            ? render(GCODE_TEXT.noNumber, { letter })
            : /[#[<]/.test(junk)
              ? render(GCODE_TEXT.expressions, { word: `${letter}${junk}` })
              : render(GCODE_TEXT.notNumber, { word: `${letter}${junk}` }),
        );
        i = end;
        continue;
      }
      i = NUMBER.lastIndex;
      if (i < src.length && /[\d.]/.test(src[i]!)) {
        const end = skipUnreadable(src, i);
        messages.push(render(GCODE_TEXT.notNumber, { word: src.slice(match.index - 1, end) }));
        block.unreadable.push(letter);
        i = end;
        continue;
      }
      const value = Number(`${match[1]}${match[2]}`);
      addWord(block, letter, value, messages, codeGroups);
    } else {
      const end = skipUnreadable(src, i);
      messages.push(render(GCODE_TEXT.notWord, { word: src.slice(i, end) }));
      i = end;
    }
  }
  if (messages.length > 0) {
    const text = joinTexts(messages);
    problems.push({ line, message: text.en, text });
  }
  return block;
}

function addWord(block: GcodeBlock, letter: string, value: number, messages: Text[], groups: Map<ModalGroup, string>): void {
  if (letter === 'G' || letter === 'M') {
    const code = normaliseCode(letter, value);
    const group = modalGroup(code);
    // Two codes of one modal group on a line is an error on every controller (M7 with M8 is allowed;
    // Fanuc keeps G80 out of the motion group, so 'G0 G80' is accepted too).
    if (group && group !== 'coolant') {
      const other = groups.get(group);
      if (other && other !== code && code !== 'G80') messages.push(render(GCODE_TEXT.sameModalGroup, { a: other, b: code }));
      if (code !== 'G80') groups.set(group, code);
    }
    (letter === 'G' ? block.g : block.m).push(code);
    return;
  }
  if (letter === 'N') {
    block.n = value;
    return;
  }
  if (block.words[letter] !== undefined) {
    messages.push(render(GCODE_TEXT.appearsTwice, { letter }));
    return;
  }
  if ((letter === 'F' || letter === 'S' || letter === 'T') && value < 0) {
    messages.push(render(GCODE_TEXT.negative, { word: `${letter}${value}` }));
    block.unreadable.push(letter);
    return;
  }
  block.words[letter] = value;
}

/** Skips an expression, a parameter reference or other junk up to the next letter or comment. */
function skipUnreadable(src: string, from: number): number {
  let i = from;
  let depth = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '[' || c === '<') depth++;
    else if (c === ']' || c === '>') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === '(' || c === ';' || /[A-Za-z]/.test(c))) break;
    i++;
  }
  return i;
}
