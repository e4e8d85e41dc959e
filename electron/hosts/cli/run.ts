// What every CLI command works with: the API handlers (the same ones the UI's dispatcher serves),
// the API's events, the one output writer and the parsed options. And what every job-running
// command shares: submit, wait with live progress (Ctrl-C cancels), copy the artefacts out.
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ApiHandlers, ApiParsedInput, JobEventPayload } from '../../../shared/api/index.js';
import type { ArtefactKind, JobRecord } from '../../../shared/jobs.js';
import { STEPS } from '../../../shared/steps.js';
import type { Opts } from './args.js';
import type { Out } from './output.js';

export interface Cli {
  api: ApiHandlers;
  /** starts the app's work before the first job (recovery of interrupted jobs, the queue): App.start */
  start(): void;
  /** the API's 'job' events (progress) */
  onJob(listener: (e: JobEventPayload) => void): () => void;
  out: Out;
  opts: Opts;
}

export interface ListedArtefact {
  kind: ArtefactKind;
  name: string;
  path: string;
  sha256: string;
  bytes: number;
}

/** Submits a job with the command's --idempotency-key. */
export async function submit(cli: Cli, spec: ApiParsedInput<'jobs.submit'>['spec']): Promise<JobRecord> {
  cli.start();
  const key = cli.opts['idempotency-key'];
  return cli.api['jobs.submit']({ spec, ...(key ? { idempotencyKey: key } : {}) });
}

/** Waits for the job with live progress on a terminal's stderr; Ctrl-C cancels it. */
export async function waitWithProgress(cli: Cli, jobId: string): Promise<JobRecord> {
  const { api, out } = cli;
  const onSigint = () => {
    try {
      void Promise.resolve(api['jobs.cancel']({ id: jobId })).catch(() => undefined);
    } catch {
      /* already finished */
    }
  };
  const tty = process.stderr.isTTY && !out.json;
  process.on('SIGINT', onSigint);
  const off = cli.onJob((e) => {
    if (e.id === jobId && tty && e.current_step) out.note(`\r\x1b[K${Math.round(e.progress * 100)}% ${STEPS[e.current_step][out.lang]}`);
  });
  try {
    return await api['jobs.wait']({ id: jobId });
  } finally {
    off();
    process.off('SIGINT', onSigint);
    if (tty) out.note('\r\x1b[K');
  }
}

/** Lists a job's artefacts (the CLI host's href is the file in the store); with outDir, copies them there and lists the copies. */
export async function exportArtefacts(cli: Cli, jobId: string, outDir: string | undefined): Promise<ListedArtefact[]> {
  if (outDir) await mkdir(resolve(outDir), { recursive: true });
  const listed: ListedArtefact[] = [];
  for (const a of (await cli.api['jobs.get']({ id: jobId })).artefacts) {
    let path = a.href;
    if (outDir) {
      const dest = join(resolve(outDir), a.name);
      await copyFile(path, dest);
      path = dest;
    }
    listed.push({ kind: a.kind, name: a.name, path, sha256: a.sha256, bytes: a.size });
  }
  return listed;
}

/** A finished job in the shape every job command prints: {job, artefacts, metrics, error}. */
export async function jobOutcome(cli: Cli, done: JobRecord) {
  const artefacts = await exportArtefacts(cli, done.id, cli.opts.out);
  return {
    job: { id: done.id, status: done.status, cached: done.cached },
    artefacts,
    metrics: done.metrics,
    error: done.error ? cli.out.localize(done.error) : null,
  };
}

/** Round to three decimals, as the text output shows lengths. */
export const fmt = (v: number) => (Math.round(v * 1000) / 1000).toString();
