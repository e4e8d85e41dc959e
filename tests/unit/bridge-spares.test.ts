// Handing a job dir to a spare one-shot worker: the job's entries move into the spare's folder
// (links as links, never followed), and the spare's folder takes the job dir's name, so a bind mount
// made on it at start now shows the job.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trustOf } from '../../freecad-bridge/src/bridge.js';
import { adoptJobDir } from '../../freecad-bridge/src/spares.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tezgah-spares-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('adoptJobDir', () => {
  it('moves the job’s files into the spare dir, which then is the job dir (same inode)', async () => {
    const spare = path.join(tmp, '.spares', 'spare-1');
    const job = path.join(tmp, 'job-1');
    fs.mkdirSync(spare, { recursive: true });
    fs.mkdirSync(path.join(job, 'run'), { recursive: true });
    fs.writeFileSync(path.join(job, 'source.step'), 'ISO-10303-21;');
    fs.writeFileSync(path.join(tmp, 'host-secret'), 'secret');
    fs.symlinkSync(path.join(tmp, 'host-secret'), path.join(job, 'planted'));
    const ino = fs.statSync(spare).ino;
    await adoptJobDir(spare, job);
    expect(fs.existsSync(spare)).toBe(false);
    expect(fs.statSync(job).ino).toBe(ino);
    expect(fs.readFileSync(path.join(job, 'source.step'), 'utf8')).toBe('ISO-10303-21;');
    expect(fs.statSync(path.join(job, 'run')).isDirectory()).toBe(true);
    expect(fs.lstatSync(path.join(job, 'planted')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(tmp, 'host-secret'), 'utf8')).toBe('secret');
  });
});

describe('trust by flow', () => {
  it('import and script are always untrusted; cam unless declared; template and probe trusted unless declared', () => {
    expect(trustOf({ flow: 'import' })).toBe('untrusted');
    expect(trustOf({ flow: 'import', trust: 'trusted' })).toBe('untrusted');
    expect(trustOf({ flow: 'script', trust: 'trusted' })).toBe('untrusted');
    expect(trustOf({ flow: 'cam' })).toBe('untrusted');
    expect(trustOf({ flow: 'cam', trust: 'trusted' })).toBe('trusted');
    expect(trustOf({ flow: 'template' })).toBe('trusted');
    expect(trustOf({ flow: 'template', trust: 'untrusted' })).toBe('untrusted');
    expect(trustOf({ flow: 'template', untrusted: true })).toBe('untrusted');
    expect(trustOf({ flow: 'probe' })).toBe('trusted');
  });
});
