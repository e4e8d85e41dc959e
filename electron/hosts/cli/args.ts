// The command line's one argument parser: one options table for every command, and one UsageError
// (exit code 2) that carries the usage text to print under its message.
import { parseArgs } from 'node:util';

const OPTIONS = {
  json: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
  lang: { type: 'string' },
  param: { type: 'string', short: 'p', multiple: true },
  material: { type: 'string' },
  process: { type: 'string' },
  out: { type: 'string' },
  status: { type: 'string' },
  'idempotency-key': { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
  once: { type: 'boolean', default: false },
  port: { type: 'string' },
  host: { type: 'string' },
  machine: { type: 'string' },
  ops: { type: 'string' },
  tool: { type: 'string', multiple: true },
  post: { type: 'string' },
  origin: { type: 'string' },
  'stock-margin': { type: 'string' },
  units: { type: 'string' },
  'z-up': { type: 'boolean' },
  center: { type: 'boolean' },
  refine: { type: 'boolean' },
  repair: { type: 'boolean' },
  'require-solid': { type: 'boolean' },
  'max-size': { type: 'string' },
  memory: { type: 'string' },
  to: { type: 'string' },
  force: { type: 'boolean', default: false },
  sheet: { type: 'string' },
  projection: { type: 'string' },
  views: { type: 'string' },
  scale: { type: 'string' },
  // fem
  spec: { type: 'string' },
  analysis: { type: 'string' },
  fix: { type: 'string', multiple: true },
  load: { type: 'string', multiple: true },
  pressure: { type: 'string', multiple: true },
  mesh: { type: 'string' },
  modes: { type: 'string' },
  'first-order': { type: 'boolean' },
  'max-nodes': { type: 'string' },
  // export
  format: { type: 'string', multiple: true },
  // batch
  csv: { type: 'string' },
  concurrency: { type: 'string' },
  // check (DFM)
  setups: { type: 'string' },
  'min-wall': { type: 'string' },
} as const;

export type Opts = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: OPTIONS });
}

/** The options and positionals of a command line; an unknown option or a missing value is a UsageError. */
export function parseCommandLine(args: string[]): { opts: Opts; positionals: string[] } {
  try {
    const { values, positionals } = parse(args);
    return { opts: values, positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * A command line that cannot run: exit code 2. `usage` is printed under the message; without it the
 * whole usage of `tezgah`, '' for none.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** A positional the command cannot do without. */
export function need(v: string | undefined, what: string, usage?: string): string {
  if (!v) throw new UsageError(`missing ${what}`, usage);
  return v;
}
