// Folding of constant Python expressions, for two things the policy must know before anything runs:
// the value of a literal dimension (`Part.makeBox(2*600, …)`), and whether a constant would exhaust
// the worker (`10**10**10`, `'a'*10**12`, `range(10**12)`). Magnitudes are tracked in log10 so that
// a huge power never has to be computed.
import type { Node } from 'web-tree-sitter';

export type ConstValue =
  | { kind: 'num'; value: number; log10: number; isInt: boolean }
  | { kind: 'bool'; value: boolean }
  | { kind: 'str'; length: number }
  | { kind: 'seq'; length: number };

export interface ConstLimits {
  max_int_digits: number;
  max_sequence_length: number;
  max_range_length: number;
  max_shift_bits: number;
}

export interface ConstContext {
  limits: ConstLimits;
  /** names bound exactly once to a constant */
  env: Map<string, ConstValue>;
  /** called once for the innermost node whose value is beyond the limits */
  onHuge(node: Node, what: string): void;
}

const LOG10_2 = Math.log10(2);
const MAX_DEPTH = 100;

function num(value: number, isInt: boolean, log10?: number): ConstValue {
  const abs = Math.abs(value);
  return { kind: 'num', value, isInt, log10: log10 ?? (abs === 0 ? -Infinity : Math.log10(abs)) };
}

export function parseNumberLiteral(text: string): ConstValue | null {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return null; // complex
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return num(parseInt(t.slice(2), 16), true);
  if (/^0[oO][0-7]+$/.test(t)) return num(parseInt(t.slice(2), 8), true);
  if (/^0[bB][01]+$/.test(t)) return num(parseInt(t.slice(2), 2), true);
  if (/^\d+$/.test(t)) {
    const digits = t.replace(/^0+(?=\d)/, '');
    // beyond double precision the magnitude still comes out right from the digit count
    const log10 = digits === '0' ? -Infinity : digits.length - 1 + Math.log10(Number(`${digits[0]}.${digits.slice(1, 15) || '0'}`));
    return num(Number(digits), true, log10);
  }
  const v = Number(t);
  return Number.isFinite(v) ? num(v, false) : null;
}

export function truthy(v: ConstValue): boolean {
  switch (v.kind) {
    case 'num':
      return v.value !== 0;
    case 'bool':
      return v.value;
    default:
      return v.length > 0;
  }
}

/** Length of a string literal's text (an upper bound is enough for the limits). */
function stringLength(node: Node): number {
  let n = 0;
  for (const c of node.namedChildren) if (c && c.type === 'string_content') n += c.text.length;
  return n;
}

function asNumber(v: ConstValue | null): Extract<ConstValue, { kind: 'num' }> | null {
  if (!v) return null;
  if (v.kind === 'num') return v;
  if (v.kind === 'bool') return num(v.value ? 1 : 0, true) as Extract<ConstValue, { kind: 'num' }>;
  return null;
}

export function evalConst(node: Node | null, ctx: ConstContext, depth = 0): ConstValue | null {
  if (!node || depth > MAX_DEPTH) return null;
  const { limits } = ctx;
  switch (node.type) {
    case 'integer':
    case 'float':
      return parseNumberLiteral(node.text);
    case 'true':
      return { kind: 'bool', value: true };
    case 'false':
      return { kind: 'bool', value: false };
    case 'string':
      if (node.children.some((c) => c?.type === 'interpolation')) return null;
      return { kind: 'str', length: stringLength(node) };
    case 'concatenated_string': {
      let n = 0;
      for (const c of node.namedChildren) {
        const v = c ? evalConst(c, ctx, depth + 1) : null;
        if (v?.kind !== 'str') return null;
        n += v.length;
      }
      return { kind: 'str', length: n };
    }
    case 'list':
    case 'tuple': {
      const items = node.namedChildren.filter((c) => c && c.type !== 'comment');
      if (items.some((c) => c?.type === 'list_splat')) return null;
      for (const c of items) evalConst(c, ctx, depth + 1); // flag huge items inside
      return { kind: 'seq', length: items.length };
    }
    case 'parenthesized_expression':
      return evalConst(node.namedChildren.find((c) => c && c.type !== 'comment') ?? null, ctx, depth + 1);
    case 'identifier':
      return ctx.env.get(node.text.normalize('NFKC')) ?? null;
    case 'not_operator': {
      const v = evalConst(node.childForFieldName('argument'), ctx, depth + 1);
      return v ? { kind: 'bool', value: !truthy(v) } : null;
    }
    case 'unary_operator': {
      const op = node.childForFieldName('operator')?.text;
      const v = asNumber(evalConst(node.childForFieldName('argument'), ctx, depth + 1));
      if (!v) return null;
      if (op === '-') return { ...v, value: -v.value };
      if (op === '+') return v;
      if (op === '~' && v.isInt) return num(-v.value - 1, true, v.log10);
      return null;
    }
    case 'comparison_operator': {
      const parts = node.namedChildren;
      if (parts.length !== 2) return null;
      const a = asNumber(evalConst(parts[0] ?? null, ctx, depth + 1));
      const b = asNumber(evalConst(parts[1] ?? null, ctx, depth + 1));
      const op = node.children.find((c) => c && !c.isNamed)?.text;
      if (!a || !b || !op) return null;
      const r =
        op === '=='
          ? a.value === b.value
          : op === '!='
            ? a.value !== b.value
            : op === '<'
              ? a.value < b.value
              : op === '<='
                ? a.value <= b.value
                : op === '>'
                  ? a.value > b.value
                  : op === '>='
                    ? a.value >= b.value
                    : null;
      return r === null ? null : { kind: 'bool', value: r };
    }
    case 'binary_operator':
      return evalBinary(node, ctx, depth);
    case 'call': {
      // range(n) / range(a, b[, step]) with constant bounds: how many iterations
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      if (fn?.type !== 'identifier' || fn.text !== 'range' || args?.type !== 'argument_list') return null;
      const vals = args.namedChildren.map((a) => asNumber(evalConst(a, ctx, depth + 1)));
      if (vals.length === 0 || vals.some((v) => !v)) return null;
      const [a, b, step] = vals.length === 1 ? [0, vals[0]!.value, 1] : [vals[0]!.value, vals[1]!.value, vals[2]?.value ?? 1];
      const maxLog = Math.max(...vals.map((v) => v!.log10));
      const len = step === 0 ? 0 : Math.max(0, Math.ceil((b - a) / step));
      if (maxLog > 15 || len > limits.max_range_length) {
        ctx.onHuge(node, `range of ${maxLog > 15 ? `~10^${Math.floor(maxLog)}` : len} iterations`);
        return null;
      }
      return { kind: 'seq', length: len };
    }
    default:
      return null;
  }
}

function evalBinary(node: Node, ctx: ConstContext, depth: number): ConstValue | null {
  const { limits } = ctx;
  const op = node.childForFieldName('operator')?.text;
  const left = evalConst(node.childForFieldName('left'), ctx, depth + 1);
  const right = evalConst(node.childForFieldName('right'), ctx, depth + 1);
  if (!left || !right || !op) return null;
  const maxDigits = limits.max_int_digits;

  // sequence repetition: 'a' * n, [0] * n, n * (1,)
  if (op === '*' && (left.kind === 'str' || left.kind === 'seq' || right.kind === 'str' || right.kind === 'seq')) {
    const seq = left.kind === 'str' || left.kind === 'seq' ? left : right;
    const count = asNumber(seq === left ? right : left);
    if (!count || seq.kind === 'num' || seq.kind === 'bool') return null;
    const logLen = (seq.length === 0 ? -Infinity : Math.log10(seq.length)) + count.log10;
    if (count.value > 0 && logLen > Math.log10(limits.max_sequence_length)) {
      ctx.onHuge(node, `sequence of ~10^${Math.floor(logLen)} items`);
      return null;
    }
    return { kind: seq.kind, length: Math.max(0, seq.length * Math.max(0, Math.floor(count.value))) };
  }
  if (op === '+' && left.kind === right.kind && (left.kind === 'str' || left.kind === 'seq')) {
    return { kind: left.kind, length: (left as { length: number }).length + (right as { length: number }).length };
  }

  const a = asNumber(left);
  const b = asNumber(right);
  if (!a || !b) return null;
  const isInt = a.isInt && b.isInt;
  switch (op) {
    case '**': {
      if (b.value < 0) return num(a.value ** b.value, false);
      const absA = Math.abs(a.value);
      const log10 = absA <= 1 ? (absA === 0 ? -Infinity : 0) : b.value * a.log10;
      if (isInt && log10 + 1 > maxDigits) {
        ctx.onHuge(node, `integer of ~10^${fmtExp(log10)} digits`);
        return null;
      }
      if (!isInt && log10 > 308) return null; // Python raises OverflowError: harmless
      return num(a.value ** b.value, isInt, log10);
    }
    case '*': {
      const log10 = a.log10 + b.log10;
      if (isInt && log10 + 1 > maxDigits) {
        ctx.onHuge(node, `integer of ~10^${fmtExp(log10)} digits`);
        return null;
      }
      return num(a.value * b.value, isInt, log10);
    }
    case '<<': {
      if (!isInt || b.value < 0) return null;
      if (b.value > limits.max_shift_bits) {
        ctx.onHuge(node, `shift by ${b.value} bits`);
        return null;
      }
      const log10 = a.log10 + b.value * LOG10_2;
      if (log10 + 1 > maxDigits) {
        ctx.onHuge(node, `integer of ~10^${fmtExp(log10)} digits`);
        return null;
      }
      return num(a.value * 2 ** b.value, true, log10);
    }
    case '+':
    case '-': {
      const v = op === '+' ? a.value + b.value : a.value - b.value;
      return num(v, isInt, Number.isFinite(v) ? undefined : Math.max(a.log10, b.log10) + LOG10_2);
    }
    case '/':
      return b.value === 0 ? null : num(a.value / b.value, false);
    case '//':
      return b.value === 0 ? null : num(Math.floor(a.value / b.value), isInt);
    case '%':
      return b.value === 0 ? null : num(a.value - b.value * Math.floor(a.value / b.value), isInt);
    default:
      return null;
  }
}

/** log10 of the number of decimal digits, for messages: 10**10**10 has ~10^10 digits. */
function fmtExp(log10: number): string {
  return String(Math.floor(Math.log10(Math.max(log10 + 1, 1))));
}
