// Team sync against a real S3 server (s3rver on loopback, in its own process) with the real AWS
// SDK: push and pull with sha256 checks, a repeated sync that sends nothing, a process killed in
// the middle of a multipart upload and resumed, the server going away and coming back, a damaged
// download, a conflicting manifest, and wrong settings that must say exactly what is wrong.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobRecord } from '../../shared/jobs.js';
import { recordArtefact } from '../../electron/platform/artefact-record.js';
import { ArtefactStore } from '../../electron/platform/artefact-store.js';
import type { Flow } from '../../electron/jobs/flow.js';
import { JobManager } from '../../electron/jobs/manager.js';
import { Logger } from '../../electron/platform/logger.js';
import { ArtefactRepo } from '../../electron/platform/artefacts-repo.js';
import { AuditLog, chainHash } from '../../electron/platform/audit.js';
import { verifyAudit } from '../../electron/hosts/api/app.js';
import { canonicalJson } from '../../shared/canonical.js';
import { openDatabase, type Database } from '../../electron/platform/db.js';
import { JobRepo } from '../../electron/platform/jobs-repo.js';
import { pullCommand, syncCommand, type SyncHost } from '../../electron/hosts/cli/sync.js';
import { storeId, type SyncConfig } from '../../electron/domains/sync/config.js';
import { buildManifest, contentHash, manifestBytes } from '../../electron/domains/sync/manifest.js';
import { SyncService, type SyncServiceDeps, type SyncStatus } from '../../electron/domains/sync/service.js';
import { S3RVER_CREDENTIALS, S3TestServer } from '../support/s3-server.js';

type AuditEntryRow = {
  ts: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  payload: string;
  prev_hash: string;
  chain_hash: string;
};

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const repo = resolve(import.meta.dirname, '../..');
const MiB = 1024 * 1024;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let s3: S3TestServer;
const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  s3 = await S3TestServer.start({ buckets: ['team'] });
});
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});
afterAll(async () => {
  await s3?.dispose();
});

/** Each test gets its own prefix in the one bucket, so tests never see each other's objects. */
function storeConfig(prefix: string, over: Partial<SyncConfig> = {}): SyncConfig {
  return {
    endpoint: s3.endpoint,
    region: 'us-east-1',
    bucket: 'team',
    prefix,
    forcePathStyle: true,
    credentials: { ...S3RVER_CREDENTIALS },
    ...over,
  };
}

function rawClient(): S3Client {
  const c = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { ...S3RVER_CREDENTIALS },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  cleanup.push(() => c.destroy());
  return c;
}

async function getObject(key: string): Promise<{ bytes: Buffer; meta: Record<string, string>; type: string | undefined }> {
  const r = await rawClient().send(new GetObjectCommand({ Bucket: 'team', Key: key }));
  return { bytes: Buffer.from(await r.Body!.transformToByteArray()), meta: r.Metadata ?? {}, type: r.ContentType };
}

async function listKeys(prefix: string): Promise<string[]> {
  const r = await rawClient().send(new ListObjectsV2Command({ Bucket: 'team', Prefix: prefix }));
  return (r.Contents ?? []).map((o) => o.Key!).sort();
}

interface Seat {
  dir: string;
  db: Database;
  jobsRepo: JobRepo;
  artefactRepo: ArtefactRepo;
  artefacts: ArtefactStore;
  jobs: JobManager;
  service: SyncService;
  host: SyncHost;
  audit: AuditLog;
}

function seat(config: SyncConfig | null, over: Partial<SyncServiceDeps> = {}, dir = mkdtempSync(join(tmpdir(), 'tezgah-seat-'))): Seat {
  const db = openDatabase(join(dir, 'tezgah.db'));
  const jobsRepo = new JobRepo(db);
  const artefactRepo = new ArtefactRepo(db);
  const artefacts = new ArtefactStore(join(dir, 'artefacts'));
  const audit = new AuditLog(db);
  // pulled jobs enter through the job manager (no flows: nothing here runs)
  const jobs = new JobManager({
    db,
    jobs: jobsRepo,
    artefactRepo,
    artefacts,
    audit,
    logger: new Logger({ dir: join(dir, 'logs') }),
    jobsDir: join(dir, 'jobs'),
    bridge: () => Promise.reject(new Error('no FreeCAD here')),
    freecadVersion: async () => '1.1.3',
    concurrency: 1,
    flows: [],
  });
  const service = new SyncService({
    db,
    jobsRepo,
    artefactRepo,
    artefacts,
    dataDir: dir,
    config,
    appVersion: '0.1.0-test',
    user: 'ayse',
    jobs,
    audit,
    ...over,
  });
  cleanup.push(async () => {
    await service.dispose();
    await jobs.dispose();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const host: SyncHost = { db, jobsRepo, artefactRepo, artefacts, dataDir: dir, env: {}, lang: 'en', jobs, sync: service };
  return { dir, db, jobsRepo, artefactRepo, artefacts, jobs, service, host, audit };
}

const METRICS = {
  solids: 1,
  faces: 7,
  edges: 15,
  volume_mm3: 118429.2,
  area_mm2: 17000,
  bbox_mm: { xmin: 0, ymin: 0, zmin: 0, xmax: 100, ymax: 60, zmax: 20 },
  center_of_mass_mm: null,
  triangles: 120,
};

/** A finished job as the job manager leaves it: files in the store first, then rows. */
async function addJob(
  s: Seat,
  files: { kind: 'step' | 'stl' | 'glb' | 'fcstd' | 'gcode'; name: string; bytes: Buffer; mime?: string }[],
  length = 100,
  id: string = randomUUID(),
): Promise<JobRecord> {
  const t = new Date().toISOString();
  s.jobsRepo.insert({
    id,
    type: 'template',
    status: 'succeeded',
    spec: { type: 'template', template: 'prism-with-hole', params: { length, width: 60, height: 20, hole_diameter: 10 } },
    spec_hash: sha(Buffer.from(`${id}`)),
    idempotency_key: null,
    cached: false,
    document: { steps: [{ name: 'model', status: 'done' }] },
    created_at: t,
    retry_of: null,
    progress: 1,
    metrics: { ...METRICS, volume_mm3: length * 1000 },
    started_at: t,
    finished_at: t,
  });
  for (const f of files)
    await recordArtefact(s.artefacts, s.artefactRepo, {
      job_id: id,
      kind: f.kind,
      name: f.name,
      mime: f.mime ?? 'application/octet-stream',
      meta: {},
      source: f.bytes,
    });
  return s.jobsRepo.get(id)!;
}

function stepFile(tag: string): Buffer {
  return Buffer.from(`ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('${tag}'),'2;1');\nENDSEC;\nEND-ISO-10303-21;\n`);
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** stdout of a CLI command function run in this process, parsed as JSON. */
async function cliJson(fn: () => Promise<number>): Promise<{ code: number; json: any }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  });
  try {
    const code = await fn();
    return { code, json: JSON.parse(chunks.join('')) };
  } finally {
    spy.mockRestore();
  }
}

describe('push and pull', () => {
  it('round trip: content-addressed files with our sha256, manifests after them, pulled and verified on another seat', async () => {
    const cfg = storeConfig('roundtrip', { multipartThreshold: 6 * MiB, partSize: 5 * MiB });
    const a = seat(cfg);
    const big = randomBytes(11 * MiB); // goes up in parts
    const stl = randomBytes(300 * 1024);
    const j1 = await addJob(a, [
      { kind: 'step', name: 'part.step', bytes: stepFile('one'), mime: 'model/step' },
      { kind: 'stl', name: 'part.stl', bytes: stl, mime: 'model/stl' },
      { kind: 'fcstd', name: 'part.FCStd', bytes: big, mime: 'application/vnd.freecad.fcstd' },
    ]);
    const j2 = await addJob(
      a,
      [
        { kind: 'step', name: 'part.step', bytes: stepFile('two'), mime: 'model/step' },
        { kind: 'stl', name: 'part.stl', bytes: stl, mime: 'model/stl' },
      ],
      120,
    );

    const { code, json: report } = await cliJson(() => syncCommand(a.host, ['--once', '--json'], '0.1.0-test'));
    expect(code).toBe(0);
    // 4 distinct files (the STL is shared by both jobs: one upload, one skip) + 2 manifests
    expect(report).toMatchObject({ uploaded: 6, skipped: 1, failed: 0, errors: [] });
    expect(report.bytes_uploaded).toBeGreaterThanOrEqual(big.length + stl.length);
    expect(Object.keys(report).sort()).toEqual([
      'bytes_downloaded',
      'bytes_uploaded',
      'conflicts',
      'downloaded',
      'errors',
      'failed',
      'skipped',
      'uploaded',
    ]);

    // what the bucket holds: <prefix>/artefacts/sha256/<hash> with our sha256 and the content type
    for (const [bytes, type] of [
      [big, 'application/vnd.freecad.fcstd'],
      [stl, 'model/stl'],
    ] as const) {
      const o = await getObject(`roundtrip/artefacts/sha256/${sha(bytes)}`);
      expect(sha(o.bytes)).toBe(sha(bytes));
      expect(o.meta.sha256).toBe(sha(bytes));
      expect(o.type).toBe(type);
    }
    const m1 = JSON.parse((await getObject(`roundtrip/jobs/${j1.id}.json`)).bytes.toString());
    expect(m1).toMatchObject({
      seat_id: a.service.seatId,
      user: 'ayse',
      app_version: '0.1.0-test',
      job: { id: j1.id, spec: j1.spec },
      metrics: j1.metrics,
    });
    expect(m1.artefacts.map((x: { sha256: string }) => x.sha256).sort()).toEqual([sha(big), sha(stl), sha(stepFile('one'))].sort());
    expect(a.service.jobState(j1.id)).toMatchObject({ origin: 'local', state: 'synced', manifest_key: `roundtrip/jobs/${j1.id}.json` });
    expect(a.artefactRepo.listForJob(j1.id).every((x) => x.remote_key === `roundtrip/artefacts/sha256/${x.sha256}`)).toBe(true);
    // each manifest was written after all of its job's files were complete (a PUT, or the POST that completes a multipart upload)
    const writes = (await s3.requestsSince(0, (r) => r.method === 'PUT' || r.method === 'POST')).map((r) => r.url);
    for (const j of [j1, j2]) {
      const manifestAt = writes.findIndex((u) => u.startsWith(`/team/roundtrip/jobs/${j.id}.json`));
      const filesAt = a.artefactRepo.listForJob(j.id).map((x) => {
        const key = `/team/roundtrip/artefacts/sha256/${x.sha256}`;
        return writes.findLastIndex(
          (u) => u.startsWith(key) && (!u.includes('uploadId=') || !u.includes('partNumber=')) && !u.includes('?uploads'),
        );
      });
      expect(filesAt.every((i) => i >= 0)).toBe(true);
      expect(manifestAt).toBeGreaterThan(Math.max(...filesAt));
    }

    // another seat: the team library, then one job on demand
    const b = seat(cfg, { user: 'mehmet' });
    const r2 = await b.service.syncOnce();
    expect(r2).toMatchObject({ uploaded: 0, downloaded: 2, failed: 0, errors: [] });
    const page1 = await b.service.listRemote({ limit: 1 });
    expect(page1.total).toBe(2);
    expect(page1.items).toHaveLength(1);
    const page2 = await b.service.listRemote({ limit: 1, cursor: page1.next_cursor });
    expect(page2.next_cursor).toBeNull();
    expect([page1.items[0]!.job_id, page2.items[0]!.job_id].sort()).toEqual([j1.id, j2.id].sort());
    const found = await b.service.listRemote({ search: 'AYŞE fcstd' });
    expect(found.items.map((i) => i.job_id)).toEqual([j1.id]);
    expect(found.items[0]).toMatchObject({
      template: 'prism-with-hole',
      user: 'ayse',
      seat_id: a.service.seatId,
      conflict: false,
      local_job_id: null,
    });

    const pulled = await cliJson(() => pullCommand(b.host, [j1.id, '--json'], '0.1.0-test'));
    expect(pulled.code).toBe(0);
    expect(pulled.json.job).toEqual({ id: j1.id, status: 'succeeded', cached: false });
    expect(pulled.json.error).toBeNull();
    expect(pulled.json.metrics).toEqual(j1.metrics);
    expect(pulled.json.artefacts).toHaveLength(3);
    for (const art of pulled.json.artefacts) {
      expect(art.path.startsWith(b.artefacts.root)).toBe(true);
      const bytes = readFileSync(art.path);
      expect(bytes.length).toBe(art.bytes);
      expect(sha(bytes)).toBe(art.sha256);
    }
    // where it came from
    const local = b.jobsRepo.get(j1.id)!;
    expect((local.document as unknown as { pulled_from: Record<string, unknown> }).pulled_from).toMatchObject({
      seat_id: a.service.seatId,
      user: 'ayse',
      key: `roundtrip/jobs/${j1.id}.json`,
    });
    expect(b.service.jobState(j1.id)).toMatchObject({
      origin: 'remote',
      state: 'pulled',
      source: { seat_id: a.service.seatId, user: 'ayse', app_version: '0.1.0-test' },
    });
    expect((await b.service.listRemote({ search: j1.id })).items[0]!.local_job_id).toBe(j1.id);
    // a pulled job is the team's already: it does not go back up
    const again = await b.service.syncOnce();
    expect(again).toMatchObject({ uploaded: 0, bytes_uploaded: 0, downloaded: 0 });
    // pulling again fetches nothing
    const twice = await b.service.pull(j1.id);
    expect(twice).toMatchObject({ pulled: false, bytes_downloaded: 0 });

    // the store loses the manifest (someone cleaned the bucket): nothing local goes with it
    await rawClient().send(new DeleteObjectCommand({ Bucket: 'team', Key: `roundtrip/jobs/${j1.id}.json` }));
    await b.service.syncOnce();
    expect((await b.service.listRemote({})).items.map((i) => i.job_id)).toEqual([j2.id]);
    expect(b.jobsRepo.get(j1.id)?.status).toBe('succeeded');
    for (const x of b.artefactRepo.listForJob(j1.id)) expect(await b.artefacts.verify(x.sha256)).toBe(true);
    expect(a.jobsRepo.get(j1.id)?.status).toBe('succeeded');
  });

  it('a second sync uploads 0 bytes, and re-sending everything skips what the store has', async () => {
    const a = seat(storeConfig('again'));
    await addJob(a, [
      { kind: 'step', name: 'p.step', bytes: stepFile('again') },
      { kind: 'stl', name: 'p.stl', bytes: randomBytes(200_000) },
    ]);
    const first = await a.service.syncOnce();
    expect(first).toMatchObject({ uploaded: 3, failed: 0 });

    const mark = s3.requests.length;
    const second = await a.service.syncOnce();
    expect(second).toMatchObject({ uploaded: 0, skipped: 0, failed: 0, bytes_uploaded: 0, downloaded: 0, errors: [] });
    expect(await s3.requestsSince(mark, (r) => r.bytes > 0)).toEqual([]);

    // e.g. after pointing the app at a new bucket: everything is offered again, HEAD finds it there
    expect(a.service.requeueAll()).toBe(3);
    const mark2 = s3.requests.length;
    const third = await a.service.syncOnce();
    expect(third).toMatchObject({ uploaded: 0, skipped: 3, failed: 0, bytes_uploaded: 0 });
    expect(await s3.requestsSince(mark2, (r) => r.method === 'PUT' || r.method === 'POST')).toEqual([]);
  });
});

describe('the audit chain anchored in the team store', () => {
  it('writes the head into every manifest it pushes; a log cut back or rewritten afterwards fails audit verify', async () => {
    const a = seat(storeConfig('anchors'));
    for (let i = 0; i < 3; i++)
      a.audit.append({ actor: 'test', action: 'job.submit', entity_type: 'job', entity_id: `j${i}`, payload: { i } });
    const before = a.audit.anchor()!;
    const job = await addJob(a, [{ kind: 'step', name: 'part.step', bytes: stepFile('anchored'), mime: 'model/step' }]);
    expect((await a.service.syncOnce()).failed).toBe(0);
    const manifest = JSON.parse((await getObject(`anchors/jobs/${job.id}.json`)).bytes.toString('utf8'));
    expect(manifest.audit).toEqual(before);
    // the push itself is in the chain, after the anchor
    const pushed = a.audit.entries({ entity_id: job.id }).find((e) => e.action === 'sync.push');
    expect(pushed?.payload).toMatchObject({ key: `anchors/jobs/${job.id}.json`, anchor: before });

    const verify = () => verifyAudit({ audit: a.audit, anchors: () => a.service.auditAnchors() });
    expect(await verify()).toMatchObject({ ok: true, anchors: { source: 'store', checked: 1, failed: [] } });

    // rewritten from the anchored entry on and re-chained (the key is not needed for an unkeyed
    // chain, and a thief of the data dir has it anyway): the chain alone still verifies
    const rows = a.db.prepare('SELECT * FROM audit_log WHERE id >= ? ORDER BY id').all(before.entry) as (AuditEntryRow & { id: number })[];
    // an attacker with the data dir drops the app's append-only triggers first
    a.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete');
    let prev = (
      a.db.prepare('SELECT chain_hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1').get(before.entry) as { chain_hash: string }
    ).chain_hash;
    for (const r of rows) {
      const payload = r.id === before.entry ? { i: 99 } : JSON.parse(r.payload);
      const { chain_hash: _old, ...record } = { ...r, payload, prev_hash: prev };
      const forged = chainHash(record);
      a.db
        .prepare('UPDATE audit_log SET payload = ?, prev_hash = ?, chain_hash = ? WHERE id = ?')
        .run(canonicalJson(payload), prev, forged, r.id);
      prev = forged;
    }
    expect(a.audit.verify().ok).toBe(true);
    expect(await verify()).toMatchObject({
      ok: false,
      broken_at: before.entry,
      anchors: { checked: 1, failed: [{ entry: before.entry, problem: 'mismatch' }] },
    });

    // cut back to before the anchored entry: the rest of the chain verifies, the anchor is missing
    a.db.prepare('DELETE FROM audit_log WHERE id >= ?').run(before.entry);
    expect(a.audit.verify().ok).toBe(true);
    expect(await verify()).toMatchObject({ ok: false, anchors: { failed: [{ entry: before.entry, problem: 'missing' }] } });
  });
});

describe('multipart upload killed mid-way', () => {
  it('resumes after the process is killed, without re-sending finished parts, duplicates or loss', async () => {
    const cfg = storeConfig('resume', { multipartThreshold: 6 * MiB, partSize: 5 * MiB, concurrency: 2 });
    const a = seat(cfg);
    const big = randomBytes(26 * MiB); // 6 parts: 5 × 5 MiB + 1 MiB
    const job = await addJob(a, [{ kind: 'fcstd', name: 'big.FCStd', bytes: big }]);
    a.service.enqueue(job.id);

    // another process starts the sync and is killed (SIGKILL) right after its 3rd part is recorded
    const script = join(a.dir, 'child.mts');
    const imp = (p: string) => JSON.stringify(pathToFileURL(join(repo, p)).href);
    writeFileSync(
      script,
      `import { openDatabase } from ${imp('electron/platform/db.ts')};
import { JobRepo } from ${imp('electron/platform/jobs-repo.ts')};
import { ArtefactRepo } from ${imp('electron/platform/artefacts-repo.ts')};
import { ArtefactStore } from ${imp('electron/platform/artefact-store.ts')};
import { SyncService } from ${imp('electron/domains/sync/service.ts')};

const db = openDatabase(process.env.SEAT_DB);
const service = new SyncService({ db, jobsRepo: new JobRepo(db), artefactRepo: new ArtefactRepo(db), artefacts: new ArtefactStore(process.env.SEAT_ART),
  dataDir: process.env.SEAT_DIR, config: JSON.parse(process.env.SEAT_CONFIG), appVersion: '0.1.0-test', user: 'ayse' });
let sent = 0;
service.on('progress', (e) => { if (!e.skipped && ++sent === 3) process.kill(process.pid, 'SIGKILL'); });
const r = await service.syncOnce();
console.log(JSON.stringify(r));
process.exit(3);
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: repo,
      env: {
        ...process.env,
        SEAT_DB: join(a.dir, 'tezgah.db'),
        SEAT_ART: a.artefacts.root,
        SEAT_DIR: a.dir,
        SEAT_CONFIG: JSON.stringify(cfg),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const [exitCode, signal] = await new Promise<[number | null, string | null]>((r) => child.on('exit', (c, s) => r([c, s])));
    expect({ exitCode, signal, out }).toMatchObject({ exitCode: null, signal: 'SIGKILL' });

    const upload = a.db.prepare('SELECT upload_id, part_size FROM sync_uploads').get() as { upload_id: string; part_size: number };
    const recorded = (
      a.db.prepare('SELECT part_number FROM sync_upload_parts WHERE upload_id = ? ORDER BY part_number').all(upload.upload_id) as {
        part_number: number;
      }[]
    ).map((r) => r.part_number);
    expect(recorded.length).toBe(3);
    const before = await s3.requestsSince(0);
    const mark = before.length;
    expect(before.filter((r) => r.method === 'POST' && r.url.includes('/resume/artefacts/') && r.url.includes('uploads'))).toHaveLength(1);
    expect(await listKeys('resume/')).toEqual([]); // nothing complete yet: no half object

    // this process takes over the dead one's claim and finishes the upload
    const report = await a.service.syncOnce();
    expect(report).toMatchObject({ uploaded: 2, failed: 0, errors: [] });
    const after = await s3.requestsSince(mark);
    const partPuts = after.filter((r) => r.method === 'PUT' && r.url.includes('uploadId='));
    const partNumbers = partPuts.map((r) => Number(new URL(r.url, s3.endpoint).searchParams.get('partNumber')));
    expect(partNumbers.filter((n) => recorded.includes(n))).toEqual([]); // finished parts were not sent again
    expect([...recorded, ...partNumbers].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(partPuts.every((r) => r.url.includes(`uploadId=${upload.upload_id}`))).toBe(true); // the same upload, resumed
    expect(after.filter((r) => r.method === 'POST' && r.url.includes('uploads') && !r.url.includes('uploadId'))).toEqual([]); // no new upload begun
    const expectedBytes = big.length - recorded.length * upload.part_size;
    const manifestBytesSent = after.filter((r) => r.url.includes('/resume/jobs/')).reduce((s, r) => s + r.bytes, 0);
    expect(report.bytes_uploaded).toBe(expectedBytes + manifestBytesSent);

    // exactly one object, whole and right; the manifest after it; no upload left half-done
    expect(await listKeys('resume/')).toEqual([`resume/artefacts/sha256/${sha(big)}`, `resume/jobs/${job.id}.json`]);
    const o = await getObject(`resume/artefacts/sha256/${sha(big)}`);
    expect(o.bytes.length).toBe(big.length);
    expect(sha(o.bytes)).toBe(sha(big));
    expect(a.db.prepare('SELECT count(*) AS n FROM sync_uploads').get()).toEqual({ n: 0 });
    // s3rver keeps parts in <bucket>/._S3rver_uploads/<upload id>/ until the upload completes
    const uploads = join(s3.dir, 'team', '._S3rver_uploads');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
  });
});

describe('offline first', () => {
  it('drains the outbox, fed by finished jobs, once the server is back', async () => {
    // a real job manager with a flow that writes files (FreeCAD is not what this test is about)
    const a = seat(storeConfig('offline'), { backoff: { baseMs: 50, maxMs: 400 } });
    let n = 0;
    const flow: Flow = {
      type: 'template',
      steps: ['model', 'store_artefacts'],
      normalise: (spec) => spec,
      run: async (ctx) => {
        const file = join(ctx.jobDir, 'part.step');
        writeFileSync(file, stepFile(`offline ${++n}`));
        return { outputs: [{ kind: 'step', name: 'part.step', path: file, mime: 'model/step' }], metrics: METRICS };
      },
    };
    const jobs = new JobManager({
      db: a.db,
      jobs: a.jobsRepo,
      artefactRepo: a.artefactRepo,
      artefacts: a.artefacts,
      audit: new AuditLog(a.db),
      logger: new Logger({ dir: join(a.dir, 'logs') }),
      jobsDir: join(a.dir, 'jobs'),
      bridge: () => Promise.reject(new Error('no FreeCAD here')),
      freecadVersion: async () => '1.1.3',
      concurrency: 1,
      flows: [flow],
    });
    cleanup.push(() => jobs.dispose());
    const service = new SyncService({
      db: a.db,
      jobsRepo: a.jobsRepo,
      artefactRepo: a.artefactRepo,
      artefacts: a.artefacts,
      dataDir: a.dir,
      config: storeConfig('offline'),
      appVersion: '0.1.0-test',
      jobs,
      backoff: { baseMs: 50, maxMs: 400 },
    });
    cleanup.push(() => service.dispose());
    const states: SyncStatus['state'][] = [];
    service.on('status', (s) => states.push(s.state));

    await s3.down();
    cleanup.push(() => s3.up());
    service.start();
    const ids: string[] = [];
    for (const length of [50, 60, 70]) {
      const job = await jobs.submit({ type: 'template', template: 'prism-with-hole', params: { length } });
      ids.push((await jobs.waitFor(job.id)).id);
    }
    await until('offline with work waiting', () => {
      const s = service.status();
      return s.state === 'offline' && s.error?.code === 'SYNC_UNREACHABLE' && s.pending === 6;
    });
    expect(service.status().error).toMatchObject({ code: 'SYNC_UNREACHABLE' });
    expect(service.status().error!.hint).toMatch(/nothing is listening|refused/i);
    const retries = states.filter((s) => s === 'offline').length;
    await new Promise((r) => setTimeout(r, 600));
    expect(states.filter((s) => s === 'offline').length).toBeGreaterThan(retries); // still probing, with backoff

    await s3.up();
    await until('up to date', () => service.status().state === 'up_to_date', 20_000);
    expect(service.status()).toMatchObject({ pending: 0, failed: 0, error: null });
    const keys = await listKeys('offline/jobs/');
    expect(keys.sort()).toEqual(ids.map((id) => `offline/jobs/${id}.json`).sort());
    for (const id of ids) expect(service.jobState(id).state).toBe('synced');
    expect(states).toContain('syncing');
  });
});

describe('distrust and conflicts', () => {
  it('refuses a download whose bytes are wrong, and keeps nothing of it', async () => {
    const cfg = storeConfig('corrupt');
    const a = seat(cfg);
    const good = randomBytes(64 * 1024);
    const job = await addJob(a, [{ kind: 'stl', name: 'p.stl', bytes: good }]);
    await a.service.syncOnce();

    // bit rot in the store: other bytes under the same key and the same recorded sha256
    const key = `corrupt/artefacts/sha256/${sha(good)}`;
    const bad = Buffer.from(good);
    bad[1000] = bad[1000]! ^ 0xff;
    await rawClient().send(new PutObjectCommand({ Bucket: 'team', Key: key, Body: bad, Metadata: { sha256: sha(good) } }));

    const b = seat(cfg);
    const r = await cliJson(() => pullCommand(b.host, [job.id, '--json'], '0.1.0-test'));
    expect(r.code).toBe(1);
    expect(r.json.job).toBeNull();
    expect(r.json.error).toMatchObject({ code: 'SYNC_INTEGRITY', details: { key, expected: { sha256: sha(good) } } });
    expect(r.json.error.details.actual.sha256).toBe(sha(bad));
    expect(b.jobsRepo.get(job.id)).toBeUndefined();
    expect(b.artefacts.has(sha(good))).toBe(false);
    expect(b.artefacts.has(sha(bad))).toBe(false);
    expect(readdirSync(join(b.dir, 'sync-tmp'))).toEqual([]);

    // repaired in the store: the same pull now works
    await rawClient().send(new PutObjectCommand({ Bucket: 'team', Key: key, Body: good, Metadata: { sha256: sha(good) } }));
    const ok = await b.service.pull(job.id);
    expect(ok.pulled).toBe(true);
    expect(sha(readFileSync(b.artefacts.pathFor(sha(good))))).toBe(sha(good));
  });

  it('never publishes a local file that no longer matches its sha256', async () => {
    const a = seat(storeConfig('rot'));
    const good = randomBytes(3 * MiB);
    const job = await addJob(a, [{ kind: 'stl', name: 'p.stl', bytes: good }]);
    // bit rot on this disk, after the job stored the file
    const file = a.artefacts.pathFor(sha(good));
    chmodSync(file, 0o644);
    const rotten = Buffer.from(good);
    rotten[2 * MiB] = rotten[2 * MiB]! ^ 0x01;
    writeFileSync(file, rotten);

    const r = await a.service.syncOnce();
    expect(r).toMatchObject({ uploaded: 0, failed: 1 });
    expect(r.errors[0]).toMatchObject({ code: 'SYNC_INTEGRITY', details: { expected: sha(good), actual: sha(rotten) } });
    // the upload was cut short before its last read (1 MiB) left: a store never gets the whole
    // file (s3rver keeps what it got; S3 and MinIO keep nothing of an incomplete PUT)
    const head = await rawClient()
      .send(new HeadObjectCommand({ Bucket: 'team', Key: `rot/artefacts/sha256/${sha(good)}` }))
      .catch(() => null);
    expect(head?.ContentLength ?? 0).toBeLessThanOrEqual(good.length - MiB);
    // and the job's manifest waits: it never points at files the store does not have
    expect(await listKeys('rot/jobs/')).toEqual([]);
    expect(a.service.status()).toMatchObject({ state: 'error', failed: 1, error: { code: 'SYNC_INTEGRITY' } });
    expect(a.service.jobState(job.id).state).toBe('failed');
  });

  it('keeps a conflicting manifest and ours side by side; neither is overwritten', async () => {
    const cfg = storeConfig('conflict');
    const a = seat(cfg);
    const job = await addJob(a, [{ kind: 'step', name: 'p.step', bytes: stepFile('ours') }]);

    // another seat already put a different job under the same id
    const x = seat(cfg, { user: 'zeynep' });
    const theirs = await addJob(x, [{ kind: 'step', name: 'p.step', bytes: stepFile('theirs') }], 999, job.id);
    expect((await x.service.syncOnce()).errors).toEqual([]);
    const key = `conflict/jobs/${job.id}.json`;
    const original = await getObject(key);

    const r = await a.service.syncOnce();
    expect(r.conflicts).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'SYNC_CONFLICT' });
    expect((await getObject(key)).bytes.equals(original.bytes)).toBe(true); // theirs untouched
    const mine = buildManifest(a.jobsRepo.get(job.id)!, a.artefactRepo.listForJob(job.id), {
      appVersion: '0.1.0-test',
      freecadVersion: null,
      seatId: a.service.seatId,
      user: 'ayse',
      prefix: 'conflict',
    });
    const side = `conflict/jobs/${job.id}~${mine.content_sha256.slice(0, 12)}.json`;
    expect((await getObject(side)).bytes.equals(manifestBytes(mine))).toBe(true);
    expect(a.service.jobState(job.id)).toMatchObject({
      state: 'conflict',
      manifest_key: side,
      conflicts: [{ direction: 'push', remote_key: key, kept_as: side }],
    });
    expect(a.service.status().conflicts).toBe(1);
    // a conflict is a warning: the sync itself succeeded
    const cli = await cliJson(() => syncCommand(a.host, ['--once', '--json'], '0.1.0-test'));
    expect(cli.code).toBe(0);

    // a third seat sees both, flagged, and can pull either
    const b = seat(cfg);
    await b.service.syncOnce();
    const listed = await b.service.listRemote({ search: job.id });
    expect(listed.items).toHaveLength(2);
    expect(listed.items.every((i) => i.conflict)).toBe(true);
    const primary = await b.service.pull(job.id);
    expect(primary.job.id).toBe(job.id);
    expect(primary.origin.user).toBe('zeynep');
    const other = await b.service.pull(listed.items.find((i) => i.variant)!.pull_id);
    expect(other.job.id).toBe(`${job.id}~${mine.content_sha256.slice(0, 12)}`);
    expect(other.origin.user).toBe('ayse');
    expect(b.artefactRepo.listForJob(other.job.id)[0]!.sha256).toBe(sha(stepFile('ours')));

    // seat A pulls theirs: kept beside its own job, which stays as it was
    const theirsManifest = buildManifest(theirs, x.artefactRepo.listForJob(job.id), {
      appVersion: '0.1.0-test',
      freecadVersion: null,
      seatId: x.service.seatId,
      user: 'zeynep',
      prefix: 'conflict',
    });
    const back = await a.service.pull(job.id);
    expect(back.conflict).toBe(true);
    expect(back.job.id).toBe(`${job.id}~${theirsManifest.content_sha256.slice(0, 12)}`);
    expect(a.artefactRepo.listForJob(job.id)[0]!.sha256).toBe(sha(stepFile('ours')));
    expect(a.artefactRepo.listForJob(back.job.id)[0]!.sha256).toBe(sha(stepFile('theirs')));
    expect(a.service.jobState(back.job.id)).toMatchObject({ origin: 'remote', state: 'conflict' });
  });
});

describe('what comes from the team store is data, never a command', () => {
  it('refuses hostile manifests (a queued job with a spec that does not parse, a header in a MIME type, a path in a file name): nothing is recorded, fetched or run', async () => {
    const cfg = storeConfig('hostile');
    const a = seat(cfg);
    const good = await addJob(a, [{ kind: 'step', name: 'p.step', bytes: stepFile('good'), mime: 'model/step' }]);
    expect((await a.service.syncOnce()).errors).toEqual([]);

    // someone with the bucket's keys writes manifests of their own, with content hashes that add up
    const base = buildManifest(good, a.artefactRepo.listForJob(good.id), {
      appVersion: '0.1.0-test',
      freecadVersion: null,
      seatId: a.service.seatId,
      user: 'mallory',
      prefix: 'hostile',
    });
    const forge = async (patch: (m: any) => void): Promise<string> => {
      const m = JSON.parse(JSON.stringify(base));
      m.job.id = randomUUID();
      patch(m);
      m.content_sha256 = contentHash(m);
      await rawClient().send(
        new PutObjectCommand({
          Bucket: 'team',
          Key: `hostile/jobs/${m.job.id}.json`,
          Body: manifestBytes(m),
          ContentType: 'application/json',
        }),
      );
      return m.job.id;
    };
    const queued = await forge((m) => {
      m.job.status = 'queued';
      m.job.spec = { type: 'template', template: 'prism-with-hole', params: { length: { $gt: 0 } }, steps: 'rm -rf ~' };
    });
    const running = await forge((m) => (m.job.status = 'running'));
    const header = await forge((m) => (m.artefacts[0].mime = 'model/step\r\nX: 1'));
    const path = await forge((m) => (m.artefacts[0].name = '../../.bashrc'));

    // the seat that reads them: a job manager with a flow for the type, ready to run what is queued
    const b = seat(cfg);
    let runs = 0;
    const flow: Flow = {
      type: 'template',
      steps: ['model', 'store_artefacts'],
      normalise: (spec) => spec,
      run: async () => {
        runs++;
        return { outputs: [], metrics: null };
      },
    };
    const jobs = new JobManager({
      db: b.db,
      jobs: b.jobsRepo,
      artefactRepo: b.artefactRepo,
      artefacts: b.artefacts,
      audit: new AuditLog(b.db),
      logger: new Logger({ dir: join(b.dir, 'logs-2') }),
      jobsDir: join(b.dir, 'jobs-2'),
      bridge: () => Promise.reject(new Error('no FreeCAD here')),
      freecadVersion: async () => '1.1.3',
      concurrency: 1,
      flows: [flow],
    });
    cleanup.push(() => jobs.dispose());
    const service = new SyncService({
      db: b.db,
      jobsRepo: b.jobsRepo,
      artefactRepo: b.artefactRepo,
      artefacts: b.artefacts,
      dataDir: b.dir,
      config: cfg,
      appVersion: '0.1.0-test',
      jobs,
    });
    cleanup.push(() => service.dispose());

    const r = await service.syncOnce();
    expect(r.errors.map((e) => e.code)).toEqual(['SYNC_INTEGRITY', 'SYNC_INTEGRITY', 'SYNC_INTEGRITY', 'SYNC_INTEGRITY']);
    expect((await service.listRemote({})).items.map((i) => i.job_id)).toEqual([good.id]);
    const fields: Record<string, unknown> = {};
    for (const id of [queued, running, header, path]) {
      const e = await service.pull(id).then(
        () => null,
        (err: { code: string; details: Record<string, unknown> }) => err,
      );
      expect(e).toMatchObject({ code: 'SYNC_INTEGRITY' });
      fields[id] = e?.details.field;
      expect(b.jobsRepo.get(id)).toBeUndefined();
    }
    expect(fields).toEqual({ [queued]: 'job.status', [running]: 'job.status', [header]: 'artefacts.0.mime', [path]: 'artefacts.0.name' });
    // nothing came down for them, nothing is queued, nothing ran
    expect(b.artefacts.has(sha(stepFile('good')))).toBe(false);
    jobs.recover();
    await new Promise((res) => setTimeout(res, 100));
    expect(runs).toBe(0);
    expect(b.jobsRepo.list()).toEqual([]);

    // a library row written before these checks existed is held to them again on pull
    const stale = { ...JSON.parse(JSON.stringify(base)), job: { ...base.job, id: randomUUID(), status: 'queued' } };
    service.library.upsert(
      storeId(cfg),
      `hostile/jobs/${stale.job.id}.json`,
      '',
      { etag: null, size: 1, lastModified: null },
      stale,
      'f'.repeat(64),
    );
    await expect(service.pull(stale.job.id)).rejects.toMatchObject({ code: 'SYNC_INTEGRITY', details: { field: 'job.status' } });
    expect(b.jobsRepo.get(stale.job.id)).toBeUndefined();

    // the good one still comes down, finished and read-only
    const ok = await service.pull(good.id);
    expect(ok.job).toMatchObject({ id: good.id, status: 'succeeded' });
    expect(runs).toBe(0);
  });
});

describe('settings that are wrong say exactly what is wrong', () => {
  it('wrong credentials: SYNC_AUTH, in the sync report and in test connection', async () => {
    const a = seat(storeConfig('auth', { credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'nope' } }));
    await addJob(a, [{ kind: 'step', name: 'p.step', bytes: stepFile('auth') }]);
    const r = await cliJson(() => syncCommand(a.host, ['--once', '--json'], '0.1.0-test'));
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ uploaded: 0, failed: 0 });
    expect(r.json.errors).toHaveLength(1);
    expect(r.json.errors[0]).toMatchObject({ code: 'SYNC_AUTH', details: { cause: 'credentials', s3_code: 'InvalidAccessKeyId' } });
    expect(r.json.errors[0].hint).toMatch(/access key id is not known/);
    expect(a.service.status()).toMatchObject({ state: 'error', pending: 2, error: { code: 'SYNC_AUTH' } });
    const t = await a.service.testConnection();
    expect(t.ok).toBe(false);
    expect(t.steps.find((s) => s.ok === false)).toMatchObject({ step: 'credentials' });
    expect(t.error).toMatchObject({ code: 'SYNC_AUTH' });
    // nothing was lost: the outbox still holds the job
    expect(a.service.status().pending).toBe(2);
  });

  it('test connection names the failing step: DNS, connection, TLS, bucket; and passes when all is well', async () => {
    const check = async (over: Partial<SyncConfig>) => {
      const s = seat(storeConfig('conn', over));
      return s.service.testConnection();
    };
    const dns = await check({ endpoint: 'http://tezgah-no-such-host.invalid:9000' });
    expect(dns.steps.find((s) => s.ok === false)).toMatchObject({ step: 'dns' });
    expect(dns.error).toMatchObject({ code: 'SYNC_UNREACHABLE', details: { cause: 'dns' } });

    const refused = await check({ endpoint: 'http://127.0.0.1:9' });
    expect(refused.steps.find((s) => s.ok === false)).toMatchObject({ step: 'connect' });
    expect(refused.error).toMatchObject({ code: 'SYNC_UNREACHABLE', details: { cause: 'refused' } });

    const tls = await check({ endpoint: `https://127.0.0.1:${s3.port}` });
    expect(tls.steps.find((s) => s.ok === false)).toMatchObject({ step: 'tls' });
    expect(tls.error).toMatchObject({ code: 'SYNC_TLS' });

    const bucket = await check({ bucket: 'no-such-bucket' });
    expect(bucket.steps.find((s) => s.ok === false)).toMatchObject({ step: 'bucket' });
    expect(bucket.error).toMatchObject({ code: 'SYNC_BUCKET_NOT_FOUND' });
    expect(bucket.error!.hint).toContain('no-such-bucket');

    const good = await check({});
    expect(good).toMatchObject({ ok: true, error: null });
    expect(good.steps.map((s) => s.step)).toEqual(['config', 'dns', 'connect', 'tls', 'credentials', 'bucket', 'read', 'write']);
    expect(good.steps.filter((s) => s.ok === false)).toEqual([]);
    const seatKeys = await listKeys('conn/seats/');
    expect(seatKeys).toHaveLength(1);

    const none = seat(null);
    const r = await cliJson(() => syncCommand(none.host, ['--once', '--json'], '0.1.0-test'));
    expect(r.code).toBe(1);
    expect(r.json.errors[0]).toMatchObject({ code: 'SYNC_NOT_CONFIGURED' });
    expect(existsSync(none.dir)).toBe(true);
  });
});
