// tree-sitter-python through web-tree-sitter (WebAssembly): no native build, same parser under
// plain Node, Electron's main process and tests. Both .wasm files are located through Node's module
// resolution so they are found in node_modules wherever the package manager put them.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

let ready: Promise<Parser> | undefined;

async function load(): Promise<Parser> {
  const runtimeWasm = require.resolve('web-tree-sitter/web-tree-sitter.wasm');
  const pythonWasm = require.resolve('tree-sitter-python/tree-sitter-python.wasm');
  const [runtimeBytes, pythonBytes] = await Promise.all([readFile(runtimeWasm), readFile(pythonWasm)]);
  await Parser.init({ wasmBinary: new Uint8Array(runtimeBytes) });
  const python = await Language.load(new Uint8Array(pythonBytes));
  const parser = new Parser();
  parser.setLanguage(python);
  return parser;
}

/** Parses Python source. The parser is loaded once per process; parsing itself is synchronous. */
export async function parsePython(source: string): Promise<Tree> {
  ready ??= load().catch((err: unknown) => {
    ready = undefined; // a later call may retry (e.g. after node_modules was repaired)
    throw err;
  });
  const parser = await ready;
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Every node under `root` (itself included) in document order, without recursion. */
export function* walk(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    const kids = n.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) stack.push(k);
    }
  }
}
