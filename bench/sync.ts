// Sync benchmark (issue "The team's artefact store"), against a real S3 server (s3rver on
// loopback, its own process) with the real AWS SDK:
//   throughput: `sync` pushing a seat's jobs (files + manifests, HEAD checks, verification,
//               multipart for big files) vs plain SDK PutObject of the same files to the same
//               server with the same concurrency; rounds alternate, medians compared
//   repeat:     bytes a second sync sends (as the server counted them)
//   large file: one file above the multipart threshold, sent as sync sends it (lib-storage parts,
//               recorded for resume, hashed) vs the SDK's own lib-storage Upload vs one PutObject;
//               s3rver stitches parts together slowly, so the fair comparison is with Upload
// Targets (not tests): sync ≥ 80 % of plain PutObject throughput; a repeated sync sends 0 bytes.
// Prints one JSON object. BENCH_SYNC_MB (default 96) sets the data size, BENCH_SYNC_ROUNDS (7) the
// rounds; the ratio is the median of each round's pair (the two run back to back, so a machine
// shared with other work slows both alike).
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { recordArtefact } from '../electron/platform/artefact-record.js';
import { ArtefactStore } from '../electron/platform/artefact-store.js';
import { ArtefactRepo } from '../electron/platform/artefacts-repo.js';
import { openDatabase } from '../electron/platform/db.js';
import { JobRepo } from '../electron/platform/jobs-repo.js';
import type { SyncConfig } from '../electron/domains/sync/config.js';
import { uploadMultipart, UploadProgress } from '../electron/domains/sync/multipart.js';
import { SyncService } from '../electron/domains/sync/service.js';
import { TeamStore } from '../electron/domains/sync/team-store.js';
import { S3RVER_CREDENTIALS, S3TestServer } from '../tests/support/s3-server.js';

const MiB = 1024 * 1024;
const TOTAL_MB = Number(process.env.BENCH_SYNC_MB ?? 96);
const ROUNDS = Number(process.env.BENCH_SYNC_ROUNDS ?? 7);
const CONCURRENCY = Number(process.env.BENCH_SYNC_CONCURRENCY ?? 4);
/** typical size of the many smaller files, MB (STEP, STL, GLB of a part) */
const FILE_MB = Number(process.env.BENCH_SYNC_FILE_MB ?? 2.5);
/** files from this size up go in parts (the app's default unless set) */
const MULTIPART_MB = process.env.BENCH_SYNC_MULTIPART_MB ? Number(process.env.BENCH_SYNC_MULTIPART_MB) : undefined;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchSync() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const s3 = await S3TestServer.start({ buckets: ['team'] });
  const dir = mkdtempSync(join(tmpdir(), 'tezgah-bench-sync-'));
  const db = openDatabase(join(dir, 'tezgah.db'));
  try {
    const jobsRepo = new JobRepo(db);
    const artefactRepo = new ArtefactRepo(db);
    const artefacts = new ArtefactStore(join(dir, 'artefacts'));

    // a realistic mix: many part-sized files (STEP/STL/GLB of a few MB) and two big FCStd files
    const big = Math.max(1, Math.round(TOTAL_MB / 4));
    const sizes = [big * MiB, big * MiB];
    let rest = TOTAL_MB * MiB - 2 * big * MiB;
    while (rest > 0) {
      const s = Math.min(rest, Math.round(FILE_MB * (0.75 + Math.random() / 2) * MiB));
      sizes.push(s);
      rest -= s;
    }
    const files: { sha256: string; size: number; path: string }[] = [];
    for (let i = 0; i < sizes.length; i += 3) {
      const id = randomUUID();
      const t = new Date().toISOString();
      jobsRepo.insert({
        id,
        type: 'template',
        status: 'succeeded',
        spec: { type: 'template', template: 'prism-with-hole', params: { length: 10 + i } },
        spec_hash: createHash('sha256').update(id).digest('hex'),
        idempotency_key: null,
        cached: false,
        document: { steps: [] },
        created_at: t,
        retry_of: null,
        progress: 1,
        started_at: t,
        finished_at: t,
      });
      for (const [k, size] of sizes.slice(i, i + 3).entries()) {
        const a = await recordArtefact(artefacts, artefactRepo, {
          job_id: id,
          kind: 'step',
          name: `part-${k}.step`,
          mime: 'model/step',
          meta: {},
          source: randomBytes(size),
        });
        files.push({ sha256: a.sha256, size: a.size, path: artefacts.pathFor(a.sha256) });
      }
    }
    const bytes = files.reduce((s, f) => s + f.size, 0);
    const config = (prefix: string): SyncConfig => ({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      bucket: 'team',
      prefix,
      forcePathStyle: true,
      credentials: { ...S3RVER_CREDENTIALS },
      concurrency: CONCURRENCY,
      ...(MULTIPART_MB ? { multipartThreshold: MULTIPART_MB * MiB } : {}),
    });
    const service = new SyncService({ db, jobsRepo, artefactRepo, artefacts, dataDir: dir, config: config('sync-0'), appVersion: 'bench' });
    const plain = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { ...S3RVER_CREDENTIALS },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });

    const plainRound = async (prefix: string) => {
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < files.length) {
            const f = files[next++]!;
            await plain.send(
              new PutObjectCommand({
                Bucket: 'team',
                Key: `${prefix}/${f.sha256}`,
                Body: createReadStream(f.path),
                ContentLength: f.size,
                ContentType: 'model/step',
              }),
            );
          }
        }),
      );
      return (performance.now() - t0) / 1000;
    };
    const syncRound = async (prefix: string) => {
      service.setConfig(config(prefix));
      service.requeueAll();
      const t0 = performance.now();
      const r = await service.syncOnce();
      const s = (performance.now() - t0) / 1000;
      if (r.errors.length || r.failed) throw new Error(`sync failed: ${JSON.stringify(r.errors)}`);
      return { s, r };
    };

    const plainS: number[] = [];
    const syncS: number[] = [];
    let last = null as Awaited<ReturnType<typeof syncRound>>['r'] | null;
    for (let round = 0; round < ROUNDS; round++) {
      // alternate who goes first, so neither always meets a warm (or a cold) server
      if (round % 2) {
        const x = await syncRound(`sync-${round}`);
        syncS.push(x.s);
        last = x.r;
        plainS.push(await plainRound(`plain-${round}`));
      } else {
        plainS.push(await plainRound(`plain-${round}`));
        const x = await syncRound(`sync-${round}`);
        syncS.push(x.s);
        last = x.r;
      }
    }

    // a second sync of the same store: what does the server receive?
    const mark = s3.requests.length;
    const t0 = performance.now();
    const again = await service.syncOnce();
    const againS = (performance.now() - t0) / 1000;
    const received = (await s3.requestsSince(mark)).reduce((s, r) => s + r.bytes, 0);

    // one large file, three ways
    const LARGE_MB = Number(process.env.BENCH_SYNC_LARGE_MB ?? 96);
    const large = await artefacts.putBytes(randomBytes(LARGE_MB * MiB));
    const team = new TeamStore(config('large'));
    const progress = new UploadProgress(db);
    const partSize = 8 * MiB;
    const large3 = { put: [] as number[], sdk_upload: [] as number[], sync_multipart: [] as number[] };
    for (let round = 0; round < 3; round++) {
      let t = performance.now();
      await plain.send(
        new PutObjectCommand({ Bucket: 'team', Key: `large-put/${round}`, Body: createReadStream(large.path), ContentLength: large.size }),
      );
      large3.put.push((performance.now() - t) / 1000);
      t = performance.now();
      await new Upload({
        client: plain,
        params: { Bucket: 'team', Key: `large-sdk/${round}`, Body: createReadStream(large.path), ContentLength: large.size },
        partSize,
        queueSize: CONCURRENCY,
      }).done();
      large3.sdk_upload.push((performance.now() - t) / 1000);
      t = performance.now();
      const key = `large/artefacts/sha256/${large.sha256}-${round}`;
      await uploadMultipart({
        store: team,
        storeId: 'bench',
        progress,
        key,
        file: large.path,
        sha256: large.sha256,
        size: large.size,
        contentType: 'model/step',
        partSize,
        queueSize: CONCURRENCY,
      });
      await team.verifyUploaded(key, large.sha256, large.size);
      large3.sync_multipart.push((performance.now() - t) / 1000);
    }
    team.dispose();

    await service.dispose();
    plain.destroy();
    const mbps = (s: number) => Math.round((bytes / MiB / s) * 10) / 10;
    const ratio = Math.round(median(plainS.map((p, i) => p / syncS[i]!)) * 1000) / 1000;
    return {
      benchmark: 'sync',
      server: 's3rver 3.7 on 127.0.0.1 (own process)',
      files: files.length,
      jobs: Math.ceil(sizes.length / 3),
      megabytes: Math.round((bytes / MiB) * 10) / 10,
      multipart_files: files.filter((f) => f.size >= (MULTIPART_MB ?? 64) * MiB).length,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      plain_put_s: plainS.map((s) => Math.round(s * 1000) / 1000),
      sync_s: syncS.map((s) => Math.round(s * 1000) / 1000),
      plain_put_mb_s: mbps(median(plainS)),
      sync_mb_s: mbps(median(syncS)),
      sync_vs_plain: ratio,
      sync_report: last,
      repeat: {
        bytes_uploaded: again.bytes_uploaded,
        bytes_received_by_server: received,
        uploaded: again.uploaded,
        seconds: Math.round(againS * 1000) / 1000,
      },
      large_file: {
        megabytes: LARGE_MB,
        part_mb: partSize / MiB,
        put_mb_s: Math.round((LARGE_MB / median(large3.put)) * 10) / 10,
        sdk_upload_mb_s: Math.round((LARGE_MB / median(large3.sdk_upload)) * 10) / 10,
        sync_multipart_mb_s: Math.round((LARGE_MB / median(large3.sync_multipart)) * 10) / 10,
        sync_vs_sdk_upload: Math.round((median(large3.sdk_upload) / median(large3.sync_multipart)) * 1000) / 1000,
      },
      targets: { sync_vs_plain_min: 0.8, repeat_bytes: 0 },
      ok: ratio >= 0.8 && again.bytes_uploaded === 0 && received === 0,
    };
  } finally {
    db.close();
    await s3.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSync(), null, 2));
}
