#!/usr/bin/env node
// `npm run lint:layers` (run by `npm test` before the test suites): the layer rules of
// docs/architecture.md. One dependency-cruiser run over the app code checks the rules of
// .dependency-cruiser.cjs (layers, Electron only in the shell, renderer → shared only, file cycles);
// this script adds what the tool cannot check natively with type-only imports left out: cycles
// between folders. Exit 1 on any violation.
//
// Folders: each file belongs to its folder cut at depth 1 (electron, shared, …), 2 (electron/domains,
// renderer/features, …) and 3 (electron/domains/cam, electron/hosts/cli, renderer/features/part, …); a
// cycle at any depth fails. Below depth 1, the loose files of electron/ (main.ts, preload.ts: the shell
// layer) are each their own unit, not "electron"; the composition root has its folder, electron/app/.
// Type-only imports are left out (they vanish at run time), as in the file-cycle rule.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APP_CODE = ['electron', 'renderer', 'shared', 'freecad-bridge/src'];
const DEPTHS = [1, 2, 3];
const MAX_PAIRS_SHOWN = 40;

function cruise() {
  const bin = join(repo, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  let out;
  try {
    out = execFileSync(process.execPath, [bin, ...APP_CODE, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (e) {
    // the tool exits with the number of errors; its JSON report is on stdout all the same
    out = e.stdout;
  }
  try {
    return JSON.parse(out);
  } catch {
    console.error('[layers] dependency-cruiser gave no report (see its error above)');
    process.exit(2);
  }
}

/** the unit a file belongs to when cutting folders at `depth` */
export function unitOf(file, depth) {
  const parts = file.split('/');
  if (depth >= 2 && parts.length === 2 && parts[0] === 'electron') return file;
  return parts.slice(0, Math.min(depth, parts.length - 1)).join('/');
}

/** strongly connected components with more than one node (Tarjan, iterative) */
export function cycles(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const out = [];
  let n = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work = [[root, 0]];
    index.set(root, n);
    low.set(root, n++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const next = [...(graph.get(v) ?? [])];
      if (i < next.length) {
        frame[1] = i + 1;
        const w = next[i];
        if (!index.has(w)) {
          index.set(w, n);
          low.set(w, n++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v), index.get(w)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === index.get(v)) {
        const comp = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) out.push(comp.sort());
      }
    }
  }
  return out;
}

/** folder cycles at each depth, with the file imports that make them */
export function folderCycles(edges) {
  const found = [];
  const seen = new Set();
  for (const depth of DEPTHS) {
    const graph = new Map();
    for (const [from, to] of edges) {
      const a = unitOf(from, depth);
      const b = unitOf(to, depth);
      if (a === b) continue;
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a).add(b);
    }
    for (const comp of cycles(graph)) {
      const key = comp.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const inside = new Set(comp);
      const via = edges.filter(([from, to]) => {
        const a = unitOf(from, depth);
        const b = unitOf(to, depth);
        return a !== b && inside.has(a) && inside.has(b);
      });
      found.push({ depth, folders: comp, via });
    }
  }
  return found;
}

function main() {
  const report = cruise();
  const problems = [];

  // the rules below cannot pass on an empty or misresolved scan
  const deps = report.modules.flatMap((m) => m.dependencies.map((d) => ({ from: m.source, ...d })));
  const has = (from, to) => deps.some((d) => d.from === from && to.test(d.resolved));
  if (report.modules.length < 50) problems.push(`only ${report.modules.length} modules cruised`);
  if (!has('electron/main.ts', /(^|\/)node_modules\/electron\//))
    problems.push("electron/main.ts → 'electron' not seen (is the npm package resolved?)");
  if (!has('electron/preload.ts', /^shared\/api\/client\.ts$/))
    problems.push('electron/preload.ts → shared/api/client.ts not seen (are .js specifiers resolved to .ts?)');

  for (const v of report.summary.violations) {
    if (v.rule.severity !== 'error') continue;
    const chain = v.cycle ? [v.from, ...v.cycle.map((c) => (typeof c === 'string' ? c : c.name))].join(' → ') : `${v.from} → ${v.to}`;
    problems.push(`${v.rule.name}: ${chain}`);
  }

  const local = deps
    .filter((d) => d.dependencyTypes.includes('local') && !d.dependencyTypes.includes('type-only') && !d.couldNotResolve)
    .map((d) => [d.from, d.resolved]);
  for (const c of folderCycles(local)) {
    // one line per pair of folders: how many imports go that way, and one of them
    const pairs = new Map();
    for (const [a, b] of c.via) {
      const key = `${unitOf(a, c.depth)} → ${unitOf(b, c.depth)}`;
      const p = pairs.get(key) ?? { n: 0, example: `${a} → ${b}` };
      p.n++;
      pairs.set(key, p);
    }
    const lines = [...pairs].sort(([x], [y]) => x.localeCompare(y)).map(([k, p]) => `\n      ${k}: ${p.n} import(s), e.g. ${p.example}`);
    const shown = lines.slice(0, MAX_PAIRS_SHOWN).join('');
    const more = lines.length > MAX_PAIRS_SHOWN ? `\n      … and ${lines.length - MAX_PAIRS_SHOWN} more folder pairs` : '';
    problems.push(`no-folder-cycles (depth ${c.depth}): ${c.folders.join(' ⇄ ')}${shown}${more}`);
  }

  const total = `${report.summary.totalCruised} modules, ${report.summary.totalDependenciesCruised} imports`;
  if (problems.length === 0) {
    console.log(`[layers] ok: ${total}`);
    return;
  }
  console.error(`[layers] ${problems.length} violation(s) of the layer rules (docs/architecture.md, .dependency-cruiser.cjs):`);
  for (const p of problems) console.error(`  ✗ ${p}`);
  console.error(`[layers] ${total}`);
  process.exit(1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
