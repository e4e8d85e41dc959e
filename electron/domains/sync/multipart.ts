// Large files go up in parts with the AWS SDK's lib-storage, resumable after a crash or restart.
//
// lib-storage itself cannot resume, so it is given a client that remembers: the upload id of
// CreateMultipartUpload and the ETag of every finished part are written to SQLite as they
// happen. After a crash the next attempt hands lib-storage the same upload id and answers for
// the parts already there without sending their bytes again; only the missing parts travel. Each
// part goes with a signed payload hash (SigV4: the store checks what it received), and the file is
// hashed as it is read, so a local file that no longer matches its sha256 fails the upload before
// it completes.
import { createReadStream } from 'node:fs';
import { CreateMultipartUploadCommand, ListPartsCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Database } from '../../platform/db.js';
import { preparedOnce } from './sql.js';
import { classifyS3Error } from './errors.js';
import { HashCheck, READ_CHUNK, type TeamStore } from './team-store.js';

export interface PartEvent {
  key: string;
  part: number;
  parts: number;
  /** true: the part was already in the store from an earlier attempt and was not sent */
  skipped: boolean;
  bytesSent: number;
}

export interface MultipartResult {
  bytesSent: number;
  partsSent: number;
  partsSkipped: number;
  resumed: boolean;
}

interface UploadRow {
  sha256: string;
  size: number;
  part_size: number;
  upload_id: string;
}

/** The SQLite side: uploads in flight and their finished parts (migration 3). */
export class UploadProgress {
  private readonly sql: ReturnType<typeof preparedOnce>;

  constructor(db: Database) {
    this.sql = preparedOnce(db);
  }

  find(store: string, key: string): UploadRow | undefined {
    return this.sql('SELECT sha256, size, part_size, upload_id FROM sync_uploads WHERE store = ? AND key = ?').get(store, key) as
      | UploadRow
      | undefined;
  }

  begin(store: string, key: string, row: UploadRow): void {
    this.sql(
      'INSERT OR REPLACE INTO sync_uploads (store, key, sha256, size, part_size, upload_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(store, key, row.sha256, row.size, row.part_size, row.upload_id, new Date().toISOString());
  }

  parts(uploadId: string): Map<number, { etag: string; size: number }> {
    const rows = this.sql('SELECT part_number, etag, size FROM sync_upload_parts WHERE upload_id = ?').all(uploadId) as {
      part_number: number;
      etag: string;
      size: number;
    }[];
    return new Map(rows.map((r) => [r.part_number, { etag: r.etag, size: r.size }]));
  }

  addPart(uploadId: string, part: number, etag: string, size: number): void {
    this.sql('INSERT OR REPLACE INTO sync_upload_parts (upload_id, part_number, etag, size) VALUES (?, ?, ?, ?)').run(
      uploadId,
      part,
      etag,
      size,
    );
  }

  finish(store: string, key: string): void {
    this.sql('DELETE FROM sync_uploads WHERE store = ? AND key = ?').run(store, key);
  }
}

export interface MultipartOptions {
  store: TeamStore;
  storeId: string;
  progress: UploadProgress;
  key: string;
  file: string;
  sha256: string;
  size: number;
  contentType: string;
  partSize: number;
  queueSize: number;
  signal?: AbortSignal;
  onPart?: (e: PartEvent) => void;
}

export async function uploadMultipart(o: MultipartOptions): Promise<MultipartResult> {
  try {
    return await attempt(o);
  } catch (e) {
    // The store forgot the upload (expired, aborted elsewhere): start over once, from part 1.
    if ((e as { name?: string }).name === 'NoSuchUpload' || (e as { details?: { s3_code?: string } }).details?.s3_code === 'NoSuchUpload') {
      o.progress.finish(o.storeId, o.key);
      return attempt(o);
    }
    throw e;
  }
}

async function attempt(o: MultipartOptions): Promise<MultipartResult> {
  const { store, progress, key } = o;
  let row = progress.find(o.storeId, key);
  if (row && (row.sha256 !== o.sha256 || row.size !== o.size)) {
    progress.finish(o.storeId, key);
    row = undefined;
  }
  const partSize = row?.part_size ?? o.partSize;
  const parts = Math.ceil(o.size / partSize);
  const done = row
    ? await reconcile(store, key, row.upload_id, progress.parts(row.upload_id))
    : new Map<number, { etag: string; size: number }>();
  const resumed = Boolean(row);
  let uploadId = row?.upload_id;
  const result: MultipartResult = { bytesSent: 0, partsSent: 0, partsSkipped: 0, resumed };

  const real = store.client;
  const send = async (command: unknown, options?: unknown): Promise<unknown> => {
    if (command instanceof CreateMultipartUploadCommand) {
      if (uploadId) return { UploadId: uploadId, $metadata: {} };
      const out = await real.send(command, options as never);
      uploadId = out.UploadId!;
      progress.begin(o.storeId, key, { sha256: o.sha256, size: o.size, part_size: partSize, upload_id: uploadId });
      return out;
    }
    if (command instanceof UploadPartCommand) {
      const n = command.input.PartNumber!;
      const body = command.input.Body as Uint8Array;
      const known = done.get(n);
      if (known && known.size === body.byteLength) {
        result.partsSkipped++;
        o.onPart?.({ key, part: n, parts, skipped: true, bytesSent: result.bytesSent });
        return { ETag: known.etag, $metadata: {} };
      }
      const out = await real.send(command, options as never);
      progress.addPart(uploadId!, n, out.ETag!, body.byteLength);
      result.bytesSent += body.byteLength;
      result.partsSent++;
      o.onPart?.({ key, part: n, parts, skipped: false, bytesSent: result.bytesSent });
      return out;
    }
    return real.send(command as never, options as never);
  };
  // lib-storage needs only send() and the client's config; everything else is the real client.
  const client = new Proxy(real, {
    get: (target, prop, receiver) => (prop === 'send' ? send : Reflect.get(target, prop, receiver)),
  }) as S3Client;

  const body = createReadStream(o.file, { highWaterMark: READ_CHUNK }).pipe(
    new HashCheck({ sha256: o.sha256, size: o.size, what: o.file }),
  );
  const upload = new Upload({
    client,
    params: {
      Bucket: store.bucket,
      Key: key,
      Body: body,
      ContentLength: o.size,
      ContentType: o.contentType,
      Metadata: { sha256: o.sha256 },
    },
    partSize,
    queueSize: o.queueSize,
    // keep finished parts when something fails: the next attempt resumes from them
    leavePartsOnError: true,
  });
  const onAbort = () => void upload.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await upload.done();
  } catch (e) {
    body.destroy();
    throw classifyS3Error(e, store.ctx('upload', key));
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  progress.finish(o.storeId, key);
  return result;
}

/**
 * The parts the store really holds, where it can say (ListParts; s3rver cannot): a part we
 * recorded but the store lost is sent again; if the store does not know the upload at all, it
 * starts over.
 */
async function reconcile(store: TeamStore, key: string, uploadId: string, local: Map<number, { etag: string; size: number }>) {
  const remote = new Map<number, string>();
  try {
    let marker: string | undefined;
    for (;;) {
      const r = await store.client.send(
        new ListPartsCommand({ Bucket: store.bucket, Key: key, UploadId: uploadId, ...(marker ? { PartNumberMarker: marker } : {}) }),
      );
      for (const p of r.Parts ?? []) if (p.PartNumber && p.ETag) remote.set(p.PartNumber, p.ETag);
      if (!r.IsTruncated || !r.NextPartNumberMarker) break;
      marker = r.NextPartNumberMarker;
    }
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'NoSuchUpload') throw e;
    if (name === 'MethodNotAllowed' || name === 'NotImplemented') return local;
    throw classifyS3Error(e, store.ctx('list', key));
  }
  const kept = new Map<number, { etag: string; size: number }>();
  for (const [n, p] of local) if (remote.get(n)?.replace(/"/g, '') === p.etag.replace(/"/g, '')) kept.set(n, p);
  return kept;
}
