// What every job-running CLI command shares: wait with live progress (Ctrl-C cancels), copy the
// artefacts out, and print coded errors in the user's language.
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TezgahError, toErrorPayload, type ErrorPayload, type Lang } from '../../../shared/errors.js';
import type { ArtefactKind, JobRecord } from '../../../shared/jobs.js';
import { STEPS } from '../../../shared/steps.js';
import type { Workbench } from '../../app.js';

export interface CliOut {
  json: boolean;
  lang: Lang;
}

export interface ListedArtefact {
  kind: ArtefactKind;
  name: string;
  path: string;
  sha256: string;
  bytes: number;
}

/** Waits for the job with live progress on a terminal's stderr; Ctrl-C cancels it. */
export async function waitWithProgress(wb: Workbench, out: CliOut, jobId: string): Promise<JobRecord> {
  const onSigint = () => {
    try {
      wb.jobs.cancel(jobId);
    } catch {
      /* already finished */
    }
  };
  const tty = process.stderr.isTTY && !out.json;
  const onEvent = (e: { id: string; current_step: keyof typeof STEPS | null; progress: number }) => {
    if (e.id === jobId && tty && e.current_step) process.stderr.write(`\r\x1b[K${Math.round(e.progress * 100)}% ${STEPS[e.current_step][out.lang]}`);
  };
  process.on('SIGINT', onSigint);
  wb.jobs.on('job', onEvent);
  try {
    return await wb.jobs.waitFor(jobId);
  } finally {
    wb.jobs.off('job', onEvent);
    process.off('SIGINT', onSigint);
    if (tty) process.stderr.write('\r\x1b[K');
  }
}

/** Lists a job's artefacts; with outDir, copies them there and lists the copies. */
export async function exportArtefacts(wb: Workbench, jobId: string, outDir: string | undefined): Promise<ListedArtefact[]> {
  if (outDir) await mkdir(resolve(outDir), { recursive: true });
  const listed: ListedArtefact[] = [];
  for (const a of wb.jobs.artefactsOf(jobId)) {
    let path = wb.artefacts.pathFor(a.sha256);
    if (outDir) {
      const dest = join(resolve(outDir), a.name);
      await copyFile(path, dest);
      path = dest;
    }
    listed.push({ kind: a.kind, name: a.name, path, sha256: a.sha256, bytes: a.size });
  }
  return listed;
}

/** A stored payload in the language asked for now. */
export function localize(e: ErrorPayload, lang: Lang): ErrorPayload {
  return toErrorPayload(new TezgahError(e.code, e.details), lang);
}

export function printError(e: ErrorPayload): void {
  const reason = typeof e.details?.reason === 'string' ? `reason: ${e.details.reason}\n` : '';
  process.stderr.write(`error ${e.code}: ${e.message}\n${reason}${e.hint && e.hint !== '—' ? `hint: ${e.hint}\n` : ''}`);
  const issues = (e.details?.issues ?? []) as { field: string; message: { en: string } }[];
  for (const i of issues) process.stderr.write(`  ${i.field}: ${i.message.en}\n`);
}
