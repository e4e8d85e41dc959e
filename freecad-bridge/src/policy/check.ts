// Static policy for untrusted FreeCAD scripts (AI answers, user scripts): the first of the three
// sandbox layers (architecture.md). It refuses, before any FreeCAD starts, what a geometry script
// never needs: imports beyond the allowlist, dynamic code, introspection, file and process access,
// FreeCAD's own writers and loaders, Qt, unbounded constants and loops; it checks FreeCAD API names
// and literal dimensions. What it cannot see statically the runtime guard stops (rules.json is
// shared with it).
import { createHash } from 'node:crypto';
import type { Node } from 'web-tree-sitter';
import rulesData from './rules.json' with { type: 'json' };
import apiData from './freecad-api.json' with { type: 'json' };
import { canonicalize, canonicalizeUnparsed, normaliseSource } from './canonical.js';
import { evalConst, truthy, type ConstValue } from './constants.js';
import { RULE_TEXT } from './messages.js';
import { parsePython, walk } from './python-parser.js';
import type { PolicyCode, PolicyFinding, PolicyReport, PolicyRule } from './types.js';

export type { PolicyCode, PolicyFinding, PolicyReport, PolicyRule } from './types.js';

interface DimensionSpec {
  args: number[];
  zero_ok?: number[];
  signed?: boolean;
}

const MAX_SOURCE_CHARS = 200_000;

/** The policy's data, compiled once. */
const R = {
  allowedModules: new Set(rulesData.allowed_modules),
  wildcardAllowed: new Set(rulesData.wildcard_import_allowed),
  numpyAllowed: new Set(rulesData.numpy_allowed),
  forbiddenNames: new Set(rulesData.forbidden_names),
  forbiddenModules: new Set(rulesData.forbidden_modules),
  qtName: new RegExp(rulesData.qt_name_pattern),
  forbiddenAttributes: new Set(rulesData.forbidden_attributes),
  forbiddenPrefixes: rulesData.forbidden_attribute_prefixes.filter((p) => p !== '_').map((p) => p.toLowerCase()),
  moduleForbidden: rulesData.module_forbidden_attributes as Record<string, string[]>,
  pathConstructors: new Set(rulesData.path_constructors),
  formatMethods: new Set(rulesData.format_methods),
  allowedDecorators: new Set(rulesData.allowed_decorators),
  allowedDecoratorAttributes: new Set(rulesData.allowed_decorator_attributes),
  allowedDunderDefinitions: new Set(rulesData.allowed_dunder_definitions),
  knownObjectTypes: new Set(apiData.document_object_types),
  deniedObjectTypes: new Set(rulesData.object_types.denied),
  deniedObjectSubstrings: rulesData.object_types.denied_substrings,
  deniedPropertySubstrings: rulesData.property_types.denied_substrings,
  dimensionRange: rulesData.dimension_range_mm,
  dimensionCalls: Object.fromEntries(Object.entries(rulesData.dimension_calls).filter(([k]) => !k.startsWith('$'))) as Record<
    string,
    DimensionSpec
  >,
  limits: rulesData.limits,
  api: Object.fromEntries(Object.entries(apiData.modules).map(([k, v]) => [k, new Set(v)])) as Record<string, Set<string>>,
};

/** Names every canonical script has (its fixed header) plus the usual numpy aliases. */
const DEFAULT_ALIASES: [string, string][] = [
  ['FreeCAD', 'FreeCAD'],
  ['App', 'FreeCAD'],
  ['Part', 'Part'],
  ['numpy', 'numpy'],
  ['np', 'numpy'],
];

const nfkc = (s: string) => s.normalize('NFKC');
const isDunder = (s: string) => s.length > 4 && s.startsWith('__') && s.endsWith('__');
const DUNDER_IN_TEXT = /__[A-Za-z0-9]\w*__/;
const sameNode = (a: Node | null | undefined, b: Node | null | undefined) =>
  !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;

function short(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Python escape sequences decoded enough to see what a string spells (\x5f\x5f is "__"). */
function decodeEscapes(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|.)/gs, (m, e: string) => {
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    if (e.startsWith('N{')) return /LOW LINE/i.test(e) ? '_' : '?';
    return m;
  });
}

/** The literal text of a string node (escapes decoded unless raw; f-string holes left out). */
function stringText(node: Node): string {
  const prefix = node.children[0]?.text ?? '';
  const raw = /r/i.test(prefix.replace(/["']/g, ''));
  let out = '';
  for (const c of node.children) {
    if (c?.type !== 'string_content') continue;
    out += raw ? c.text : decodeEscapes(c.text);
  }
  return out;
}

function isFString(node: Node): boolean {
  return /f/i.test((node.children[0]?.text ?? '').replace(/["']/g, ''));
}

/** Field names of replacement fields in a str.format template, including nested ones. */
function formatFieldNames(template: string): string[] {
  const names: string[] = [];
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '{') {
      if (template[i + 1] === '{') {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < template.length && !'!:{}'.includes(template[j]!)) j++;
      names.push(template.slice(i + 1, j));
    } else if (ch === '}' && template[i + 1] === '}') i++;
  }
  return names;
}

class Checker {
  readonly findings: PolicyFinding[] = [];
  private readonly seen = new Set<string>();
  private readonly aliases = new Map<string, string>(DEFAULT_ALIASES);
  private readonly env = new Map<string, ConstValue>();

  constructor(private readonly root: Node) {}

  add(code: PolicyCode, rule: PolicyRule, node: Node, symbol: string): void {
    const line = node.startPosition.row + 1;
    const col = node.startPosition.column + 1;
    const key = `${code}|${rule}|${line}|${col}|${symbol}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const text = RULE_TEXT[rule];
    this.findings.push({ code, rule, line, col, symbol, message: { en: text.en(symbol), tr: text.tr(symbol) } });
  }

  private security(rule: PolicyRule, node: Node, symbol: string): void {
    this.add('SECURITY_VIOLATION', rule, node, symbol);
  }

  run(): void {
    this.collectAliases();
    this.collectAssignments();
    for (const node of walk(this.root)) this.visit(node);
  }

  // ---- pre-passes -------------------------------------------------------------------------

  private collectAliases(): void {
    for (const n of walk(this.root)) {
      if (n.type === 'import_statement') {
        for (const item of n.childrenForFieldName('name')) {
          if (!item) continue;
          if (item.type === 'aliased_import') {
            const mod = nfkc(item.childForFieldName('name')!.text);
            this.aliases.set(nfkc(item.childForFieldName('alias')!.text), mod);
          } else {
            const root = nfkc(item.text).split('.')[0]!;
            this.aliases.set(root, root);
          }
        }
      } else if (n.type === 'import_from_statement') {
        const mod = n.childForFieldName('module_name');
        if (mod?.type !== 'dotted_name') continue;
        for (const item of n.childrenForFieldName('name')) {
          if (!item) continue;
          const name = item.type === 'aliased_import' ? item.childForFieldName('name')! : item;
          const local = item.type === 'aliased_import' ? item.childForFieldName('alias')! : item;
          this.aliases.set(nfkc(local.text), `${nfkc(mod.text)}.${nfkc(name.text)}`);
        }
      }
    }
  }

  /**
   * Names bound exactly once, to a module or a constant: `m = Part` makes `m.insert(…)` a Part
   * call, and `L = 2000` makes `Part.makeBox(L, …)` checkable.
   */
  private collectAssignments(): void {
    const bindings = new Map<string, number>();
    const assignments: Node[] = [];
    for (const n of walk(this.root)) {
      if (n.type === 'identifier' && isBinding(n)) {
        const name = nfkc(n.text);
        bindings.set(name, (bindings.get(name) ?? 0) + 1);
      }
      if (n.type === 'assignment' && n.childForFieldName('left')?.type === 'identifier') assignments.push(n);
    }
    const ctx = { limits: R.limits, env: this.env, onHuge: () => {} };
    for (const a of assignments) {
      const name = nfkc(a.childForFieldName('left')!.text);
      if (bindings.get(name) !== 1) continue;
      const right = a.childForFieldName('right');
      const module = this.qualify(right);
      if (module) {
        this.aliases.set(name, module);
        continue;
      }
      const v = evalConst(right, ctx);
      if (v) this.env.set(name, v);
    }
  }

  // ---- per node ---------------------------------------------------------------------------

  private visit(node: Node): void {
    switch (node.type) {
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        this.visitImport(node);
        break;
      case 'identifier':
        if (!insideImport(node)) this.visitIdentifier(node);
        break;
      case 'call':
        this.visitCall(node);
        break;
      case 'string':
        if (node.parent?.type !== 'concatenated_string') this.checkStringText(node, stringText(node));
        break;
      case 'concatenated_string':
        this.checkStringText(node, node.namedChildren.map((c) => (c?.type === 'string' ? stringText(c) : '')).join(''));
        break;
      case 'decorator':
        this.visitDecorator(node);
        break;
      case 'class_definition':
        this.visitClass(node);
        break;
      case 'while_statement':
        this.visitWhile(node);
        break;
      case 'binary_operator':
        if (!isInsideConstExpression(node)) this.evalForLimits(node);
        break;
      case 'exec_statement':
        this.security('forbidden-name', node, 'exec');
        break;
      case 'print_statement':
        this.add('INVALID_SYNTAX', 'syntax', node, short(node.text, 30));
        break;
      default:
        break;
    }
  }

  private evalForLimits(node: Node): ConstValue | null {
    return evalConst(node, {
      limits: R.limits,
      env: this.env,
      onHuge: (at, what) => this.security('huge-constant', at, `${short(at.text, 40)} (${what})`),
    });
  }

  private checkStringText(node: Node, text: string): void {
    const m = DUNDER_IN_TEXT.exec(text);
    if (m) this.security('dunder-string', node, m[0]);
  }

  /** Checks a bare name (a variable, function or builtin being looked up or defined). */
  private checkName(node: Node, name: string, role: 'name' | 'definition' | 'keyword'): boolean {
    if (role !== 'keyword') {
      if (R.forbiddenNames.has(name)) return (this.security('forbidden-name', node, name), true);
      if (R.forbiddenModules.has(name)) return (this.security('forbidden-module', node, name), true);
      if (R.qtName.test(name)) return (this.security('qt', node, name), true);
    }
    if (isDunder(name)) {
      const okDefinition = role === 'definition' && R.allowedDunderDefinitions.has(name) && isMethodName(node);
      if (!okDefinition) return (this.security('dunder', node, name), true);
    }
    return false;
  }

  /** Checks `<module>.name` / `obj.name`; `moduleQ` is the qualified module when the object is one. */
  private checkAttributeName(node: Node, name: string, moduleQ: string | null, written: string): boolean {
    if (isDunder(name)) return (this.security('dunder', node, name), true);
    if (name.startsWith('_')) return (this.security('private-attribute', node, name), true);
    if (R.forbiddenAttributes.has(name) || R.forbiddenNames.has(name)) return (this.security('forbidden-attribute', node, name), true);
    if (R.forbiddenModules.has(name)) return (this.security('forbidden-module', node, name), true);
    if (R.qtName.test(name)) return (this.security('qt', node, name), true);
    const lower = name.toLowerCase();
    if (R.forbiddenPrefixes.some((p) => lower.startsWith(p))) return (this.security('file-io', node, name), true);
    if (!moduleQ) return false;
    if (moduleQ === 'numpy') {
      if (!R.numpyAllowed.has(name)) return (this.security('numpy-subset', node, name), true);
      return false;
    }
    if (R.moduleForbidden[moduleQ]?.includes(name)) return (this.security('file-io', node, `${moduleQ}.${name}`), true);
    const known = R.api[moduleQ];
    if (known && !known.has(name)) return (this.add('API_NOT_FOUND', 'api', node, written), true);
    return false;
  }

  private visitIdentifier(node: Node): void {
    const raw = node.text;
    const name = nfkc(raw);
    const parent = node.parent;
    let flagged: boolean;
    if (parent?.type === 'attribute' && sameNode(parent.childForFieldName('attribute'), node)) {
      const moduleQ = this.qualify(parent.childForFieldName('object'));
      flagged = this.checkAttributeName(node, name, moduleQ, short(parent.text.replace(/\s+/g, '')));
    } else if (parent?.type === 'keyword_argument' && sameNode(parent.childForFieldName('name'), node)) {
      flagged = this.checkName(node, name, 'keyword');
    } else if (
      (parent?.type === 'function_definition' || parent?.type === 'class_definition') &&
      sameNode(parent.childForFieldName('name'), node)
    ) {
      flagged = this.checkName(node, name, 'definition');
    } else {
      flagged = this.checkName(node, name, 'name');
    }
    if (!flagged && name !== raw) this.security('homoglyph', node, `'${raw}' → '${name}'`);
  }

  /** The module path an expression names (`np` → numpy, `App.Base` → FreeCAD.Base), else null. */
  private qualify(node: Node | null): string | null {
    if (!node) return null;
    if (node.type === 'identifier') return this.aliases.get(nfkc(node.text)) ?? null;
    if (node.type === 'attribute') {
      const base = this.qualify(node.childForFieldName('object'));
      const attr = node.childForFieldName('attribute');
      return base && attr ? `${base}.${nfkc(attr.text)}` : null;
    }
    return null;
  }

  private visitImport(node: Node): void {
    if (node.type === 'future_import_statement') {
      this.security('import', node, '__future__');
      return;
    }
    if (node.type === 'import_statement') {
      for (const item of node.childrenForFieldName('name')) {
        if (!item) continue;
        const nameNode = item.type === 'aliased_import' ? item.childForFieldName('name')! : item;
        const mod = nfkc(nameNode.text.replace(/\s+/g, ''));
        this.checkImportedModule(nameNode, mod);
        if (item.type === 'aliased_import') this.checkImportAlias(item.childForFieldName('alias')!);
      }
      return;
    }
    const modNode = node.childForFieldName('module_name');
    if (modNode?.type !== 'dotted_name') {
      this.security('import', modNode ?? node, short(modNode?.text ?? node.text, 30));
      return;
    }
    const mod = nfkc(modNode.text.replace(/\s+/g, ''));
    if (!this.checkImportedModule(modNode, mod)) return;
    const wildcard = node.children.find((c) => c?.type === 'wildcard_import');
    if (wildcard && !R.wildcardAllowed.has(mod)) this.security('import', wildcard, `from ${mod} import *`);
    for (const item of node.childrenForFieldName('name')) {
      if (!item) continue;
      const nameNode = item.type === 'aliased_import' ? item.childForFieldName('name')! : item;
      const name = nfkc(nameNode.text);
      if (name.includes('.')) {
        this.security('import', nameNode, `${mod}.${name}`);
        continue;
      }
      const flagged = this.checkAttributeName(nameNode, name, mod, `${mod}.${name}`);
      if (!flagged && name !== nameNode.text) this.security('homoglyph', nameNode, `'${nameNode.text}' → '${name}'`);
      if (item.type === 'aliased_import') this.checkImportAlias(item.childForFieldName('alias')!);
    }
  }

  /** true when the module may be imported */
  private checkImportedModule(node: Node, mod: string): boolean {
    if (R.allowedModules.has(mod)) {
      if (mod !== node.text.replace(/\s+/g, '')) this.security('homoglyph', node, `'${node.text}' → '${mod}'`);
      return true;
    }
    const root = mod.split('.')[0]!;
    if (R.forbiddenModules.has(root) || R.qtName.test(root)) this.security('forbidden-module', node, mod);
    else this.security('import', node, mod);
    return false;
  }

  private checkImportAlias(alias: Node): void {
    const name = nfkc(alias.text);
    if (!this.checkName(alias, name, 'name') && name !== alias.text) {
      this.security('homoglyph', alias, `'${alias.text}' → '${name}'`);
    }
  }

  private visitCall(node: Node): void {
    const fn = node.childForFieldName('function');
    const argList = node.childForFieldName('arguments');
    const args = argList?.type === 'argument_list' ? argList.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
    const positional = args.filter((a) => !['keyword_argument', 'list_splat', 'dictionary_splat'].includes(a.type));
    if (!fn) return;

    if (fn.type === 'attribute') {
      const method = nfkc(fn.childForFieldName('attribute')?.text ?? '');
      if (R.formatMethods.has(method)) this.checkFormatReceiver(fn.childForFieldName('object'), fn);
      if (method === 'addObject' || method === 'newObject') this.checkTypeArgument(positional[0], node, 'object-type');
      if (method === 'addProperty') this.checkTypeArgument(positional[0], node, 'property-type');
      // Part/Mesh/Sketcher.insert(path, doc) reads a file; list.insert(index, item) takes a number
      if (method === 'insert' && positional[0] && isStringExpression(positional[0])) this.security('file-io', fn, 'insert');
      if (method === 'setExpression') {
        const expr = positional[1];
        if (expr && !(expr.type === 'none' || (expr.type === 'string' && !isFString(expr)))) {
          this.security('expression', expr, short(expr.text, 40));
        }
      }
    }
    if (fn.type === 'identifier') {
      const name = nfkc(fn.text);
      if (name === 'iter' && args.length === 2) this.security('unbounded-loop', node, 'iter(callable, sentinel)');
      if (name === 'range') this.evalForLimits(node);
    }

    const q = this.qualify(fn);
    if (!q) return;
    if (R.pathConstructors.has(q) && positional[0] && isStringExpression(positional[0])) {
      this.security('path-argument', positional[0], q);
    }
    const spec = R.dimensionCalls[q];
    if (spec) this.checkDimensions(fn, positional, spec);
  }

  private checkFormatReceiver(receiver: Node | null, at: Node): void {
    if (receiver?.type !== 'string' || isFString(receiver)) {
      this.security('format-string', at, `${short(receiver?.text ?? '?', 30)}.format`);
      return;
    }
    for (const field of formatFieldNames(stringText(receiver))) {
      if (/[.[]/.test(field)) this.security('format-string', receiver, `{${field}}`);
    }
  }

  private checkTypeArgument(arg: Node | undefined, call: Node, rule: 'object-type' | 'property-type'): void {
    if (arg?.type !== 'string' || isFString(arg)) {
      this.security(rule, arg ?? call, short(arg?.text ?? '(none)', 40));
      return;
    }
    const type = stringText(arg);
    if (rule === 'property-type') {
      if (R.deniedPropertySubstrings.some((s) => type.includes(s))) this.security(rule, arg, type);
      return;
    }
    if (R.deniedObjectTypes.has(type) || R.deniedObjectSubstrings.some((s) => type.includes(s))) {
      this.security(rule, arg, type);
    } else if (!R.knownObjectTypes.has(type)) {
      this.add('API_NOT_FOUND', 'api', arg, type);
    }
  }

  private checkDimensions(fn: Node, positional: Node[], spec: DimensionSpec): void {
    const { min, max } = R.dimensionRange;
    const written = fn.text.replace(/\s+/g, '');
    for (const i of spec.args) {
      const arg = positional[i];
      if (!arg) break;
      const v = evalConst(arg, { limits: R.limits, env: this.env, onHuge: () => {} });
      if (v?.kind !== 'num' || !Number.isFinite(v.value)) continue;
      if (v.value === 0 && spec.zero_ok?.includes(i)) continue;
      const magnitude = spec.signed ? Math.abs(v.value) : v.value;
      if (magnitude < min || magnitude > max) {
        this.add('DIMENSION_ERROR', 'dimension', arg, `${written} argument ${i + 1} = ${+v.value.toPrecision(12)}`);
      }
    }
  }

  private visitDecorator(node: Node): void {
    const expr = node.namedChildren.find((c) => c && c.type !== 'comment') ?? null;
    const ok =
      (expr?.type === 'identifier' && R.allowedDecorators.has(nfkc(expr.text))) ||
      (expr?.type === 'attribute' &&
        expr.childForFieldName('object')?.type === 'identifier' &&
        R.allowedDecoratorAttributes.has(nfkc(expr.childForFieldName('attribute')?.text ?? '')));
    if (!ok) this.security('decorator', node, short(expr?.text ?? node.text, 40));
  }

  private visitClass(node: Node): void {
    const supers = node.childForFieldName('superclasses');
    for (const arg of supers?.namedChildren ?? []) {
      if (arg?.type === 'keyword_argument' && nfkc(arg.childForFieldName('name')?.text ?? '') === 'metaclass') {
        this.security('metaclass', arg, 'metaclass');
      }
      if (arg?.type === 'dictionary_splat') this.security('metaclass', arg, short(arg.text, 30));
    }
  }

  private visitWhile(node: Node): void {
    const cond = evalConst(node.childForFieldName('condition'), { limits: R.limits, env: this.env, onHuge: () => {} });
    if (!cond || !truthy(cond)) return;
    const body = node.childForFieldName('body');
    if (body && !loopCanExit(body)) {
      this.security('unbounded-loop', node, `while ${short(node.childForFieldName('condition')?.text ?? '', 20)}`);
    }
  }
}

/** Identifiers that bind a name (assignment targets, loop variables, parameters, imports …). */
function isBinding(node: Node): boolean {
  let child = node;
  let p = node.parent;
  while (
    p &&
    ['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list', 'parenthesized_expression'].includes(p.type)
  ) {
    child = p;
    p = p.parent;
  }
  if (!p) return false;
  switch (p.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return sameNode(p.childForFieldName('left'), child);
    case 'named_expression':
      return sameNode(p.childForFieldName('name'), child);
    case 'function_definition':
    case 'class_definition':
      return sameNode(p.childForFieldName('name'), child);
    case 'parameters':
    case 'lambda_parameters':
    case 'default_parameter':
    case 'typed_parameter':
    case 'typed_default_parameter':
    case 'as_pattern_target':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'delete_statement':
    case 'aliased_import':
    case 'dotted_name':
      return true;
    default:
      return false;
  }
}

function insideImport(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'import_statement' || p.type === 'import_from_statement' || p.type === 'future_import_statement') return true;
    if (p.type === 'block' || p.type === 'module' || p.type === 'expression_statement') return false;
  }
  return false;
}

function isMethodName(defName: Node): boolean {
  // def __init__ directly in a class body (possibly decorated)
  let def = defName.parent;
  if (def?.parent?.type === 'decorated_definition') def = def.parent;
  return def?.parent?.type === 'block' && def.parent.parent?.type === 'class_definition';
}

const CONST_PARENTS = new Set(['binary_operator', 'unary_operator', 'parenthesized_expression', 'not_operator', 'comparison_operator']);
function isInsideConstExpression(node: Node): boolean {
  return !!node.parent && CONST_PARENTS.has(node.parent.type);
}

function isStringExpression(node: Node): boolean {
  if (node.type === 'string' || node.type === 'concatenated_string') return true;
  if (node.type === 'binary_operator') {
    return isStringExpression(node.childForFieldName('left')!) || isStringExpression(node.childForFieldName('right')!);
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    return fn?.type === 'identifier' && nfkc(fn.text) === 'str';
  }
  return node.type === 'parenthesized_expression' && node.namedChildren.some((c) => c && isStringExpression(c));
}

/** Whether a `while <true>` body can leave the loop: a break for this loop, a return or a raise. */
function loopCanExit(body: Node): boolean {
  const stack: { node: Node; nestedLoop: boolean }[] = [{ node: body, nestedLoop: false }];
  while (stack.length) {
    const { node, nestedLoop } = stack.pop()!;
    switch (node.type) {
      case 'break_statement':
        if (!nestedLoop) return true;
        break;
      case 'return_statement':
      case 'raise_statement':
        return true;
      case 'function_definition':
      case 'class_definition':
      case 'lambda':
        continue;
      default:
        break;
    }
    const nested = nestedLoop || node.type === 'while_statement' || node.type === 'for_statement';
    for (const c of node.children) if (c) stack.push({ node: c, nestedLoop: nested });
  }
  return false;
}

function firstSyntaxError(root: Node): Node | null {
  for (const n of walk(root)) if (n.isError || n.isMissing) return n;
  return null;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function sortFindings(f: PolicyFinding[]): PolicyFinding[] {
  return f.sort((a, b) => a.line - b.line || a.col - b.col || a.code.localeCompare(b.code) || a.symbol.localeCompare(b.symbol));
}

/**
 * Checks a FreeCAD script against the policy and returns its canonical form and hash.
 * The worker must run `canonical`, never the raw source, so what ran is what was checked.
 */
export async function checkScript(source: string): Promise<PolicyReport> {
  const text = normaliseSource(source);
  if (text.length > MAX_SOURCE_CHARS) {
    const canonical = canonicalizeUnparsed(text);
    const t = RULE_TEXT['too-large'];
    const symbol = `${text.length} > ${MAX_SOURCE_CHARS} characters`;
    return {
      ok: false,
      findings: [
        { code: 'SECURITY_VIOLATION', rule: 'too-large', line: 1, col: 1, symbol, message: { en: t.en(symbol), tr: t.tr(symbol) } },
      ],
      canonical,
      script_hash: sha256(canonical),
      entry: null,
    };
  }
  const tree = await parsePython(text);
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const bad = firstSyntaxError(root) ?? root;
      const checker = new Checker(root);
      checker.add('INVALID_SYNTAX', 'syntax', bad, bad.isMissing ? `missing '${bad.type}'` : `'${short(bad.text, 30)}'`);
      const canonical = canonicalizeUnparsed(text);
      return { ok: false, findings: checker.findings, canonical, script_hash: sha256(canonical), entry: null };
    }
    const checker = new Checker(root);
    checker.run();
    const { text: canonical, entry } = canonicalize(text, tree);
    const findings = sortFindings(checker.findings);
    return { ok: findings.length === 0, findings, canonical, script_hash: sha256(canonical), entry };
  } finally {
    tree.delete();
  }
}
