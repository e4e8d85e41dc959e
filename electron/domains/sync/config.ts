// Where the team store is and how to reach it, and where things live in it.
//
// Layout in the bucket (prefix optional):
//   <prefix>/artefacts/sha256/<hash>   every file once, content-addressed, x-amz-meta-sha256
//   <prefix>/jobs/<job-id>.json        a job manifest, written after its artefacts
//   <prefix>/jobs/<job-id>~<hash12>.json  another seat's different job under the same id (a
//                                      conflict, kept side by side; never overwrites the first)
//   <prefix>/seats/<seat-id>.json      this seat's own presence record, written by "test connection"
import { TezgahError } from '../../../shared/errors.js';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SyncConfig {
  /** an S3-compatible endpoint (MinIO, …); absent: AWS S3 for the region */
  endpoint?: string;
  region: string;
  bucket: string;
  /** key prefix without leading or trailing slashes; '' for none */
  prefix: string;
  /** bucket in the path (MinIO, most S3-compatible stores) instead of the host name */
  forcePathStyle: boolean;
  /** keys stored in the app (safeStorage) or given on the command line; absent: the standard AWS credential chain */
  credentials?: S3Credentials;
  /** uploads and downloads at once (default 4) */
  concurrency?: number;
  /** files at least this big go up in parts, resumable (default 64 MiB) */
  multipartThreshold?: number;
  /** part size for multipart uploads (default 8 MiB, at least 5 MiB) */
  partSize?: number;
  /** per-request socket timeout, ms (default 30 s) */
  requestTimeoutMs?: number;
  /** TCP/TLS connect timeout, ms (default 5 s) */
  connectTimeoutMs?: number;
}

export const DEFAULTS = {
  region: 'us-east-1',
  concurrency: 4,
  multipartThreshold: 64 * 1024 * 1024,
  partSize: 8 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  connectTimeoutMs: 5_000,
} as const;

export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** Secret names under which the app keeps the team store's keys (electron/shell/secrets.ts). */
export const SECRET_ACCESS_KEY_ID = 'sync.s3.access-key-id';
export const SECRET_SECRET_ACCESS_KEY = 'sync.s3.secret-access-key';

/** The part of the app's secret store sync needs (structurally the shell's SecretStore). */
export interface SecretReader {
  get(name: string): string | null;
}

/** Keys kept with safeStorage in the app, or undefined (then the standard AWS chain applies). */
export function credentialsFromSecrets(secrets: SecretReader): S3Credentials | undefined {
  const accessKeyId = secrets.get(SECRET_ACCESS_KEY_ID);
  const secretAccessKey = secrets.get(SECRET_SECRET_ACCESS_KEY);
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
}

/**
 * The CLI's configuration: TEZGAH_S3_ENDPOINT, TEZGAH_S3_REGION, TEZGAH_S3_BUCKET,
 * TEZGAH_S3_PREFIX, TEZGAH_S3_FORCE_PATH_STYLE, and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 * (/ AWS_SESSION_TOKEN). Without them the standard AWS chain (profile, SSO, instance role) is used.
 * Returns null when no bucket is set: sync is not configured.
 */
export function syncConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SyncConfig | null {
  const bucket = env.TEZGAH_S3_BUCKET?.trim();
  if (!bucket) return null;
  const config: SyncConfig = {
    region: env.TEZGAH_S3_REGION?.trim() || env.AWS_REGION?.trim() || DEFAULTS.region,
    bucket,
    prefix: env.TEZGAH_S3_PREFIX ?? '',
    forcePathStyle: parseBool(env.TEZGAH_S3_FORCE_PATH_STYLE, 'TEZGAH_S3_FORCE_PATH_STYLE') ?? Boolean(env.TEZGAH_S3_ENDPOINT),
  };
  if (env.TEZGAH_S3_ENDPOINT?.trim()) config.endpoint = env.TEZGAH_S3_ENDPOINT.trim();
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
    if (env.AWS_SESSION_TOKEN) config.credentials.sessionToken = env.AWS_SESSION_TOKEN;
  }
  return normaliseConfig(config);
}

/** Checks and tidies a configuration; a bad value is CONFIG_INVALID naming the setting. */
export function normaliseConfig(c: SyncConfig): SyncConfig {
  const bad = (setting: string, detail: string) => new TezgahError('CONFIG_INVALID', { setting, detail });
  // S3 bucket naming rules (the common subset every S3-compatible store accepts)
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(c.bucket) || c.bucket.includes('..')) {
    throw bad('bucket', `'${c.bucket}' is not a valid bucket name (3–63 characters: a-z, 0-9, '.', '-')`);
  }
  if (!/^[a-z0-9-]+$/i.test(c.region)) throw bad('region', `'${c.region}' is not a region name`);
  const prefix = c.prefix.replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((s) => s === '' || s === '.' || s === '..') && prefix !== '') {
    throw bad('prefix', `'${c.prefix}' has an empty, '.' or '..' segment`);
  }
  let endpoint: string | undefined;
  if (c.endpoint) {
    let url: URL;
    try {
      url = new URL(c.endpoint);
    } catch {
      throw bad('endpoint', `'${c.endpoint}' is not a URL (e.g. https://minio.example.com:9000)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('endpoint', `'${c.endpoint}' must start with http:// or https://`);
    endpoint = url.origin + url.pathname.replace(/\/+$/, '');
  }
  const partSize = c.partSize ?? DEFAULTS.partSize;
  if (partSize < MIN_PART_SIZE) throw bad('partSize', `at least ${MIN_PART_SIZE} bytes (S3's minimum part size)`);
  const concurrency = c.concurrency ?? DEFAULTS.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw bad('concurrency', 'a whole number from 1 to 32');
  const out: SyncConfig = { ...c, prefix, partSize, concurrency };
  if (endpoint) out.endpoint = endpoint;
  else delete out.endpoint;
  return out;
}

function parseBool(v: string | undefined, name: string): boolean | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const s = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off'].includes(s)) return false;
  throw new TezgahError('CONFIG_INVALID', { setting: name, detail: `'${v}' is not true or false` });
}

const join = (prefix: string, rest: string) => (prefix ? `${prefix}/${rest}` : rest);

export function artefactKey(prefix: string, sha256: string): string {
  return join(prefix, `artefacts/sha256/${sha256}`);
}

export function jobsPrefix(prefix: string): string {
  return join(prefix, 'jobs/');
}

/** The manifest key of a job; with `variant`, the side-by-side key of a conflicting version. */
export function manifestKey(prefix: string, jobId: string, variant?: string): string {
  return join(prefix, `jobs/${jobId}${variant ? `~${variant}` : ''}.json`);
}

export function seatKey(prefix: string, seatId: string): string {
  return join(prefix, `seats/${seatId}.json`);
}

/** Job id and variant from a manifest key, or null for anything else under jobs/. */
export function parseManifestKey(prefix: string, key: string): { jobId: string; variant: string } | null {
  const base = jobsPrefix(prefix);
  if (!key.startsWith(base)) return null;
  const m = /^([A-Za-z0-9._-]+?)(?:~([0-9a-f]{12,64}))?\.json$/.exec(key.slice(base.length));
  return m ? { jobId: m[1]!, variant: m[2] ?? '' } : null;
}

/** Identifies one team store (endpoint, bucket, prefix): local records of remote state are kept per store. */
export function storeId(c: SyncConfig): string {
  return `${c.endpoint ?? `aws:${c.region}`}|${c.bucket}|${c.prefix}`;
}

/** Where the store is, for status lines and logs (never the credentials). */
export function describeStore(c: SyncConfig): string {
  return `${c.endpoint ?? `s3.${c.region}.amazonaws.com`}/${c.bucket}${c.prefix ? `/${c.prefix}` : ''}`;
}
