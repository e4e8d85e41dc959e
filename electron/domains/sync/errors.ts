// What went wrong talking to the team store, in the user's terms: DNS, connection, TLS,
// credentials, bucket, permissions. Every S3 or network failure becomes one coded TezgahError;
// `transient` says whether waiting and retrying can help (offline, server busy) or a person has to
// change something (keys, bucket name, policy).
import { TezgahError, type ErrorCode } from '../../../shared/errors.js';

export interface FailureContext {
  /** what we were doing: 'list', 'upload', 'download', 'probe', … */
  op: string;
  bucket: string;
  /** host[:port] of the endpoint */
  host: string;
  key?: string;
}

interface SdkError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
  cause?: unknown;
  errors?: unknown[];
}

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const REFUSED = new Set(['ECONNREFUSED']);
const NET = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
  'TimeoutError',
]);
const TLS_CODES = new Set([
  'EPROTO',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const AUTH = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AuthorizationHeaderMalformed',
  'CredentialsProviderError',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'RequestTimeTooSkewed',
]);
const PERMISSION = new Set(['AccessDenied', 'AllAccessDisabled', 'AccountProblem', 'InvalidObjectState', 'Forbidden']);
const BUSY = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
]);

/** A failure with its coded error and whether retrying later may help. */
export class SyncFailure extends TezgahError {
  constructor(
    code: ErrorCode,
    details: Record<string, unknown>,
    readonly transient: boolean,
    cause?: unknown,
  ) {
    super(code, details, cause);
  }
}

/** Every error code along the cause chain (the SDK and undici nest the socket's error). */
function codes(err: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown) => {
    if (!e || typeof e !== 'object' || seen.has(e)) return;
    seen.add(e);
    const s = e as SdkError;
    for (const c of [s.code, s.Code, s.name]) if (typeof c === 'string') out.push(c);
    walk(s.cause);
    for (const inner of s.errors ?? []) walk(inner);
  };
  walk(err);
  return out;
}

export function classifyS3Error(err: unknown, ctx: FailureContext): SyncFailure {
  if (err instanceof SyncFailure) return err;
  if (err instanceof TezgahError) return new SyncFailure(err.code, err.details ?? {}, false, err);
  const e = (err ?? {}) as SdkError;
  const all = codes(err);
  const status = e.$metadata?.httpStatusCode;
  const s3Code = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : undefined;
  const reason = e.message ?? String(err);
  const base = { op: ctx.op, bucket: ctx.bucket, host: ctx.host, ...(ctx.key ? { key: ctx.key } : {}), reason: reason.slice(0, 300) };
  const has = (set: Set<string>) => all.find((c) => set.has(c));
  const fail = (code: ErrorCode, detail: string, transient: boolean, extra: Record<string, unknown> = {}) =>
    new SyncFailure(code, { ...base, detail, ...extra }, transient, err);

  const dns = has(DNS);
  if (dns) return fail('SYNC_UNREACHABLE', `DNS: the host name ${hostOnly(ctx.host)} cannot be resolved (${dns}).`, true, { cause: 'dns' });
  if (has(REFUSED)) return fail('SYNC_UNREACHABLE', `Connection refused: nothing is listening at ${ctx.host}.`, true, { cause: 'refused' });
  const tls = has(TLS_CODES) ?? all.find((c) => c.startsWith('ERR_SSL_') || c.startsWith('ERR_TLS_'));
  if (tls || /SSL routines|wrong version number|certificate/i.test(reason)) {
    return fail('SYNC_TLS', `TLS: ${tlsDetail(tls, reason)}`, false, { cause: 'tls', tls_code: tls ?? null });
  }
  if (all.includes('CredentialsProviderError')) {
    return fail('SYNC_AUTH', 'No credentials were found (settings, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or an AWS profile).', false, {
      cause: 'no_credentials',
    });
  }
  const auth = has(AUTH);
  if (auth) {
    const detail =
      auth === 'InvalidAccessKeyId'
        ? 'The access key id is not known to the store.'
        : auth === 'SignatureDoesNotMatch'
          ? 'The secret access key does not match the access key id.'
          : auth === 'RequestTimeTooSkewed'
            ? "This computer's clock is too far off; set the date and time."
            : auth === 'AuthorizationHeaderMalformed'
              ? 'The region does not match the bucket’s region.'
              : `The store refused the credentials (${auth}).`;
    return fail('SYNC_AUTH', detail, false, { cause: 'credentials', s3_code: auth });
  }
  if (all.includes('NoSuchBucket'))
    return fail('SYNC_BUCKET_NOT_FOUND', `The bucket ${ctx.bucket} does not exist at ${ctx.host}.`, false, { cause: 'bucket' });
  if (all.includes('PermanentRedirect') || status === 301) {
    return fail('SYNC_BUCKET_NOT_FOUND', `The bucket ${ctx.bucket} lives in another region than the one configured.`, false, {
      cause: 'region',
    });
  }
  const perm = has(PERMISSION) ?? (status === 403 ? 'Forbidden' : undefined);
  if (perm)
    return fail('SYNC_PERMISSION', `The credentials may not ${verb(ctx.op)} in ${ctx.bucket} (${perm}).`, false, {
      cause: 'permission',
      s3_code: perm,
    });
  const busy = has(BUSY);
  if (busy || (status !== undefined && status >= 500) || e.$fault === 'server') {
    return fail('SYNC_UNREACHABLE', `The store is busy or failing (${busy ?? `HTTP ${status}`}).`, true, {
      cause: 'server',
      ...(status ? { status } : {}),
    });
  }
  const net = has(NET) ?? (/socket hang up|ECONNRESET|timed? ?out|aborted/i.test(reason) ? 'ECONNRESET' : undefined);
  if (net) return fail('SYNC_UNREACHABLE', `The connection to ${ctx.host} broke off (${net}).`, true, { cause: 'network' });
  if (status === 400 && ctx.op === 'probe') {
    return fail('SYNC_BUCKET_NOT_FOUND', `The store rejected the bucket ${ctx.bucket} (HTTP 400); check the name and region.`, false, {
      cause: 'bucket',
    });
  }
  return new SyncFailure('INTERNAL', { ...base, ...(s3Code ? { s3_code: s3Code } : {}), ...(status ? { status } : {}) }, false, err);
}

function hostOnly(host: string): string {
  return host.replace(/:\d+$/, '');
}

function tlsDetail(code: string | undefined, reason: string): string {
  if (code === 'EPROTO' || /wrong version number/i.test(reason))
    return 'the server does not speak TLS here (use http:// for a plain endpoint, or the TLS port).';
  if (code?.includes('SELF_SIGNED') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code?.startsWith('UNABLE_TO_GET_ISSUER')) {
    return "the server's certificate is not trusted by this computer.";
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return "the server's certificate is out of date.";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return "the server's certificate is for another host name.";
  return reason.slice(0, 200);
}

function verb(op: string): string {
  switch (op) {
    case 'upload':
    case 'write':
      return 'write';
    case 'download':
    case 'read':
      return 'read';
    case 'list':
    case 'probe':
      return 'list objects';
    default:
      return op;
  }
}

/** Not configured: a clear, non-transient failure. */
export function notConfigured(): SyncFailure {
  return new SyncFailure('SYNC_NOT_CONFIGURED', {}, false);
}
