// The `tezgah` command line as the integration tests run it: the real bin/tezgah.mjs in a child
// process, its exit code, its --json answer (null when stdout is not JSON) and its streams.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const BIN = join(resolve(import.meta.dirname, '../..'), 'bin', 'tezgah.mjs');

export interface CliRun {
  code: number;
  // the --json answer's shape is each command's own; tests read the fields they check
  json: any;
  stdout: string;
  stderr: string;
}

function parse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

export async function tezgah(args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  try {
    const r = await promisify(execFile)(process.execPath, [BIN, ...args], { maxBuffer: 32 << 20, ...(opts.env ? { env: opts.env } : {}) });
    return { code: 0, json: parse(r.stdout), stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, json: parse(err.stdout), stdout: err.stdout, stderr: err.stderr };
  }
}
