// The team's S3 bucket as sync sees it: HEAD, PUT (verified), GET (verified), LIST, on the real
// AWS SDK. Works with AWS S3 and any S3-compatible store (MinIO, …). Every failure comes out as a
// SyncFailure with a code that says what went wrong (DNS, TLS, credentials, bucket, permission).
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { TezgahError } from '../../../shared/errors.js';
import { DEFAULTS, type SyncConfig } from './config.js';
import { classifyS3Error, SyncFailure, type FailureContext } from './errors.js';

/** read size for uploads */
export const READ_CHUNK = 1 << 20;

export interface RemoteObject {
  key: string;
  size: number;
  etag: string | null;
  /** our own sha256 of the bytes (x-amz-meta-sha256), when the object has it */
  sha256: string | null;
  /** for manifests: the job content hash (x-amz-meta-content-sha256) */
  contentSha256: string | null;
  contentType: string | null;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string | null;
  lastModified: string | null;
}

export class TeamStore {
  readonly client: S3Client;
  readonly bucket: string;
  readonly host: string;
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(readonly config: SyncConfig) {
    this.bucket = config.bucket;
    this.host = config.endpoint ? new URL(config.endpoint).host : `s3.${config.region}.amazonaws.com`;
    const concurrency = config.concurrency ?? DEFAULTS.concurrency;
    const https = !config.endpoint || config.endpoint.startsWith('https:');
    const agentOpts = { keepAlive: true, maxSockets: concurrency * 2 + 2 };
    this.agent = https ? new HttpsAgent(agentOpts) : new HttpAgent(agentOpts);
    const clientConfig: S3ClientConfig = {
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      // Our own sha256 and Content-MD5 guard the bytes. The SDK's default CRC32 trailers use
      // aws-chunked bodies that several S3-compatible stores do not understand.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
      requestHandler: {
        requestTimeout: config.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
        connectionTimeout: config.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
        ...(https ? { httpsAgent: this.agent as HttpsAgent } : { httpAgent: this.agent as HttpAgent }),
      },
    };
    if (config.endpoint) clientConfig.endpoint = config.endpoint;
    if (config.credentials) clientConfig.credentials = { ...config.credentials };
    this.client = new S3Client(clientConfig);
  }

  ctx(op: string, key?: string): FailureContext {
    return { op, bucket: this.bucket, host: this.host, ...(key ? { key } : {}) };
  }

  /** The object's size and our metadata, or null when there is no such object. */
  async head(key: string, signal?: AbortSignal): Promise<RemoteObject | null> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: signal });
      return {
        key,
        size: r.ContentLength ?? 0,
        etag: r.ETag ?? null,
        sha256: r.Metadata?.sha256 ?? null,
        contentSha256: r.Metadata?.['content-sha256'] ?? null,
        contentType: r.ContentType ?? null,
      };
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const name = (e as { name?: string }).name;
      if (status === 404 && name !== 'NoSuchBucket') return null;
      throw classifyS3Error(e, this.ctx('read', key));
    }
  }

  /**
   * Uploads a whole file in one PUT. The bytes are hashed as they are read; a file that no longer
   * matches its sha256 is cut off before its last bytes, so the store never completes it. The
   * sha256 also goes along as x-amz-checksum-sha256: S3 and MinIO check what they received, and
   * say so in their answer (`verified`: no HEAD needed); stores that do not (s3rver) get a HEAD.
   */
  async putFile(
    key: string,
    file: string,
    o: { sha256: string; size: number; contentType: string; metadata?: Record<string, string>; signal?: AbortSignal },
  ): Promise<{ bytes: number; verified: boolean }> {
    // 1 MiB reads: far fewer chunks to hash, pass on and collect than the default 64 KiB
    const body = createReadStream(file, { highWaterMark: READ_CHUNK }).pipe(new HashCheck({ sha256: o.sha256, size: o.size, what: file }));
    // the SDK pipes the body without listening for its errors: listen here, and stop the request
    const stop = new AbortController();
    let bodyError: unknown = null;
    body.on('error', (e) => {
      bodyError = e;
      stop.abort();
    });
    const onAbort = () => stop.abort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const out = await this.put(key, body, o.size, o.sha256, o.contentType, o.metadata, {}, stop.signal);
      return { bytes: o.size, verified: out.verified };
    } catch (e) {
      if (bodyError) throw bodyError instanceof TezgahError ? bodyError : classifyS3Error(bodyError, this.ctx('upload', key));
      throw classifyS3Error(e, this.ctx('upload', key));
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
      body.destroy();
    }
  }

  /**
   * Uploads bytes (manifests, seat records); ifNoneMatch: create only, where the store supports it
   * (`written: false` when the key exists). The payload is signed (SigV4), so S3 checks what it
   * received; `verified` when the store also confirmed our sha256.
   */
  async putBytes(
    key: string,
    body: Uint8Array,
    o: { contentType: string; metadata?: Record<string, string>; ifNoneMatch?: boolean; signal?: AbortSignal },
  ): Promise<{ written: boolean; etag: string | null; verified: boolean }> {
    const sha256 = createHash('sha256').update(body).digest('hex');
    try {
      const out = await this.put(
        key,
        body,
        body.byteLength,
        sha256,
        o.contentType,
        o.metadata,
        o.ifNoneMatch ? { IfNoneMatch: '*' } : {},
        o.signal,
      );
      return { written: true, etag: out.etag, verified: out.verified };
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (o.ifNoneMatch && (status === 412 || status === 409)) return { written: false, etag: null, verified: false };
      throw classifyS3Error(e, this.ctx('upload', key));
    }
  }

  /**
   * One PUT with our sha256 twice: as metadata (x-amz-meta-sha256, what HEAD shows later) and as
   * x-amz-checksum-sha256, which S3 and MinIO check and echo (`verified`); s3rver ignores it.
   */
  private async put(
    key: string,
    body: Readable | Uint8Array,
    size: number,
    sha256: string,
    contentType: string,
    metadata: Record<string, string> | undefined,
    extra: { IfNoneMatch?: string },
    signal: AbortSignal | undefined,
  ): Promise<{ etag: string | null; verified: boolean }> {
    const checksum = Buffer.from(sha256, 'hex').toString('base64');
    const out = await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentLength: size,
        ContentType: contentType,
        ChecksumSHA256: checksum,
        Metadata: { sha256, ...metadata },
        ...extra,
      }),
      { abortSignal: signal },
    );
    return { etag: out.ETag ?? null, verified: out.ChecksumSHA256 === checksum };
  }

  /** Checks an upload landed whole: the size and our sha256 in its metadata (multipart ETags are not checksums). */
  async verifyUploaded(key: string, sha256: string, size: number, signal?: AbortSignal): Promise<void> {
    const h = await this.head(key, signal);
    if (!h || h.size !== size || h.sha256 !== sha256) {
      throw new SyncFailure(
        'SYNC_INTEGRITY',
        {
          key,
          expected: { sha256, size },
          actual: h ? { sha256: h.sha256, size: h.size } : null,
          reason: 'the uploaded object does not match what was sent',
        },
        true,
      );
    }
  }

  /**
   * Downloads into `dest`, hashing on the way. Refuses (SYNC_INTEGRITY, nothing left at dest) bytes
   * whose sha256 or size differ from what is expected. Returns the bytes received.
   */
  async getToFile(key: string, dest: string, expect: { sha256: string; size: number }, signal?: AbortSignal): Promise<number> {
    let body: Readable;
    let metaSha: string | undefined;
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: signal });
      body = r.Body as Readable;
      metaSha = r.Metadata?.sha256;
    } catch (e) {
      throw classifyS3Error(e, this.ctx('download', key));
    }
    const check = new HashCheck();
    try {
      await pipeline(body, check, createWriteStream(dest, { flags: 'wx', mode: 0o600 }), { signal });
    } catch (e) {
      await rm(dest, { force: true });
      throw e instanceof TezgahError ? e : classifyS3Error(e, this.ctx('download', key));
    }
    const actual = check.digest();
    if (actual !== expect.sha256 || check.bytes !== expect.size || (metaSha && metaSha !== expect.sha256)) {
      await rm(dest, { force: true });
      throw new SyncFailure(
        'SYNC_INTEGRITY',
        {
          key,
          expected: expect,
          actual: { sha256: actual, size: check.bytes },
          ...(metaSha && metaSha !== expect.sha256 ? { metadata_sha256: metaSha } : {}),
        },
        false,
      );
    }
    return check.bytes;
  }

  /** Small objects (manifests) into memory, at most maxBytes. */
  async getBytes(
    key: string,
    maxBytes = 8 * 1024 * 1024,
    signal?: AbortSignal,
  ): Promise<{ bytes: Buffer; sha256: string | null; contentSha256: string | null } | null> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: signal });
      if ((r.ContentLength ?? 0) > maxBytes)
        throw new SyncFailure('SYNC_INTEGRITY', { key, reason: `larger than ${maxBytes} bytes` }, false);
      const bytes = Buffer.from(await r.Body!.transformToByteArray());
      return { bytes, sha256: r.Metadata?.sha256 ?? null, contentSha256: r.Metadata?.['content-sha256'] ?? null };
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 && (e as { name?: string }).name === 'NoSuchKey') return null;
      throw classifyS3Error(e, this.ctx('download', key));
    }
  }

  /** One page of keys under a prefix. */
  async listPage(
    prefix: string,
    token?: string,
    pageSize = 1000,
    signal?: AbortSignal,
  ): Promise<{ objects: ListedObject[]; next: string | null }> {
    try {
      const r = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          MaxKeys: pageSize,
          ...(token ? { ContinuationToken: token } : {}),
        }),
        { abortSignal: signal },
      );
      return {
        objects: (r.Contents ?? []).map((o) => ({
          key: o.Key!,
          size: o.Size ?? 0,
          etag: o.ETag ?? null,
          lastModified: o.LastModified?.toISOString() ?? null,
        })),
        next: r.IsTruncated && r.NextContinuationToken ? r.NextContinuationToken : null,
      };
    } catch (e) {
      throw classifyS3Error(e, this.ctx('list'));
    }
  }

  /** Is the store there, and may we list it? Cheap: one LIST of at most one key. */
  async probe(signal?: AbortSignal): Promise<void> {
    try {
      await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, MaxKeys: 1, Prefix: this.config.prefix ? `${this.config.prefix}/` : undefined }),
        {
          abortSignal: signal,
        },
      );
    } catch (e) {
      throw classifyS3Error(e, this.ctx('probe'));
    }
  }

  dispose(): void {
    this.client.destroy();
    this.agent.destroy();
  }
}

/**
 * Passes bytes through and hashes them. With `expect`, the last chunk is held back until the end
 * of the input shows the bytes are the expected ones; if not, the stream fails without it, so an
 * upload fed by it never completes (a store gets fewer bytes than announced and refuses them).
 */
export class HashCheck extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');
  private hex: string | null = null;
  private held: Buffer | null = null;

  constructor(private readonly expect?: { sha256: string; size: number; what: string }) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    if (!this.expect) return cb(null, chunk);
    const prev = this.held;
    this.held = chunk;
    cb(null, prev ?? undefined);
  }

  override _flush(cb: TransformCallback): void {
    this.hex = this.hash.digest('hex');
    if (this.expect && (this.hex !== this.expect.sha256 || this.bytes !== this.expect.size)) {
      cb(
        new SyncFailure(
          'SYNC_INTEGRITY',
          {
            file: this.expect.what,
            expected: this.expect.sha256,
            actual: this.hex,
            reason: 'the local file does not match its sha256; it was not uploaded',
          },
          false,
        ),
      );
      return;
    }
    cb(null, this.held ?? undefined);
  }

  digest(): string {
    return this.hex ?? '';
  }
}
