// Deterministic normal form of a script: what the worker runs and what script_hash names.
// Two scripts that differ only in comments, blank lines, trailing spaces, line endings, indentation
// width or the order of their top-level imports get the same canonical text.
import type { Node, Tree } from 'web-tree-sitter';
import { walk } from './python-parser.js';

/** Imports every canonical script starts with, in this order. */
export const CANONICAL_HEADER = ['import FreeCAD', 'import FreeCAD as App', 'import Part'] as const;

const INDENT = '    ';

/** Line endings to \n, no BOM: done before parsing so tree offsets match the text we rewrite. */
export function normaliseSource(source: string): string {
  return source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Best effort for text that does not parse: line endings and trailing whitespace only. */
export function canonicalizeUnparsed(source: string): string {
  const lines = normaliseSource(source)
    .split('\n')
    .map((l) => l.trimEnd());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

function blockDepth(node: Node): number {
  let d = 0;
  for (let p = node.parent; p; p = p.parent) if (p.type === 'block') d++;
  return d;
}

const CLAUSES = new Set(['else_clause', 'elif_clause', 'except_clause', 'except_group_clause', 'finally_clause', 'case_clause']);

/** Canonical import line(s) for a top-level import statement, or null when it is kept in place. */
function importLines(stmt: Node): string[] {
  const nameOf = (n: Node) => n.text.replace(/\s+/g, '').normalize('NFKC');
  const one = (n: Node): string => {
    if (n.type === 'aliased_import') {
      return `${nameOf(n.childForFieldName('name')!)} as ${nameOf(n.childForFieldName('alias')!)}`;
    }
    return nameOf(n);
  };
  if (stmt.type === 'import_statement') {
    return stmt
      .childrenForFieldName('name')
      .filter((n): n is Node => !!n)
      .map((n) => `import ${one(n)}`);
  }
  const mod = nameOf(stmt.childForFieldName('module_name')!);
  if (stmt.children.some((c) => c?.type === 'wildcard_import')) return [`from ${mod} import *`];
  const names = stmt
    .childrenForFieldName('name')
    .filter((n): n is Node => !!n)
    .map(one)
    .sort();
  return [`from ${mod} import ${names.join(', ')}`];
}

export interface Canonical {
  text: string;
  /** how the script hands its shape to the worker: a top-level `result`, a `build()` function, or neither */
  entry: 'result' | 'build' | null;
}

/** Canonical text of a parsed script (the tree must be of `normaliseSource(source)` and error-free). */
export function canonicalize(source: string, tree: Tree): Canonical {
  const root = tree.rootNode;
  const cut: [number, number][] = []; // ranges removed from the text: comments, hoisted imports
  const stringRanges: [number, number][] = [];
  const imports = new Set<string>();
  let entry: Canonical['entry'] = null;

  for (const n of walk(root)) {
    if (n.type === 'comment') cut.push([n.startIndex, n.endIndex]);
    else if (n.type === 'string') stringRanges.push([n.startIndex, n.endIndex]);
  }
  for (const stmt of root.namedChildren) {
    if (!stmt) continue;
    if (stmt.type === 'import_statement' || stmt.type === 'import_from_statement') {
      for (const l of importLines(stmt)) imports.add(l);
      const next = stmt.nextSibling;
      cut.push([stmt.startIndex, next?.type === ';' ? next.endIndex : stmt.endIndex]);
    }
    if (stmt.type === 'expression_statement') {
      const a = stmt.namedChildren[0];
      const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
      if (left && /(^|[\s,(])result([\s,)]|$)/.test(left.text)) entry = 'result';
    }
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === 'build' && entry === null) entry = 'build';
  }

  const inString = (offset: number) => stringRanges.some(([s, e]) => offset > s && offset < e);
  // sorted and merged (a comment inside a hoisted import overlaps it)
  const sortedCuts: [number, number][] = [];
  for (const [s, e] of [...cut].sort((a, b) => a[0] - b[0])) {
    const last = sortedCuts[sortedCuts.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else sortedCuts.push([s, e]);
  }
  /** offset of the first character on [start, end) that is neither whitespace nor cut */
  const firstKept = (start: number, end: number): number => {
    let i = start;
    while (i < end) {
      const c = sortedCuts.find(([s, e]) => s <= i && i < e);
      if (c) i = c[1];
      else if (/\s/.test(source[i]!)) i++;
      else break;
    }
    return i;
  };

  const lines: string[] = [];
  let offset = 0;
  for (const raw of source.split('\n')) {
    const start = offset;
    const end = start + raw.length; // offset of this line's '\n'
    offset = end + 1;
    const startsInString = inString(start);
    const endsInString = inString(end);
    // remove cut ranges that touch this line (from the right, so offsets stay valid)
    let text = raw;
    for (const [s, e] of [...sortedCuts].reverse()) {
      if (e <= start || s >= end) continue;
      const ls = Math.max(s, start) - start;
      const le = Math.min(e, end) - start;
      text = text.slice(0, ls) + text.slice(le);
    }
    if (!endsInString) text = text.trimEnd();
    if (!startsInString) {
      const body = text.trimStart();
      if (body === '') continue;
      text = INDENT.repeat(indentLevel(root, firstKept(start, end))) + body;
    }
    lines.push(text);
  }
  const header = [...CANONICAL_HEADER, ...[...imports].filter((l) => !(CANONICAL_HEADER as readonly string[]).includes(l)).sort()];
  return { text: `${[...header, ...lines].join('\n')}\n`, entry };
}

/** Indentation level of the line whose first code character is at `offset`. */
function indentLevel(root: Node, offset: number): number {
  let node = root.descendantForIndex(offset);
  if (!node) return 0;
  while (node.parent && node.parent.type !== 'module' && node.parent.startIndex === node.startIndex) node = node.parent;
  const parent = node.parent;
  const startsStatement =
    !parent || parent.type === 'module' || parent.type === 'block' || parent.type === 'decorated_definition' || CLAUSES.has(node.type);
  return blockDepth(node) + (startsStatement ? 0 : 1);
}
