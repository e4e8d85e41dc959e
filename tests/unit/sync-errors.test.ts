// Store and network failures become codes a user can act on (what failed: DNS, connection, TLS,
// credentials, bucket, permission), with the texts in both languages.
import { NoSuchBucket, S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { errorText, toErrorPayload } from '../../shared/errors.js';
import { classifyS3Error } from '../../electron/domains/sync/errors.js';

const ctx = { op: 'upload', bucket: 'team', host: 'minio.local:9000' };

function s3Error(name: string, status: number, fault: 'client' | 'server' = 'client') {
  return new S3ServiceException({ name, $fault: fault, $metadata: { httpStatusCode: status }, message: `${name} from the store` });
}

function errno(code: string, message = code) {
  return Object.assign(new Error(message), { code });
}

describe('classifyS3Error', () => {
  it.each([
    [errno('ENOTFOUND', 'getaddrinfo ENOTFOUND minio.local'), 'SYNC_UNREACHABLE', 'dns', true],
    [errno('EAI_AGAIN'), 'SYNC_UNREACHABLE', 'dns', true],
    [errno('ECONNREFUSED'), 'SYNC_UNREACHABLE', 'refused', true],
    [errno('ECONNRESET', 'socket hang up'), 'SYNC_UNREACHABLE', 'network', true],
    [Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'SYNC_UNREACHABLE', 'network', true],
    [errno('EPROTO', 'write EPROTO 4087…:error:0A00010B:SSL routines::wrong version number'), 'SYNC_TLS', 'tls', false],
    [errno('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'SYNC_TLS', 'tls', false],
    [s3Error('InvalidAccessKeyId', 403), 'SYNC_AUTH', 'credentials', false],
    [s3Error('SignatureDoesNotMatch', 403), 'SYNC_AUTH', 'credentials', false],
    [s3Error('ExpiredToken', 400), 'SYNC_AUTH', 'credentials', false],
    [
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      'SYNC_AUTH',
      'no_credentials',
      false,
    ],
    [
      new NoSuchBucket({ $metadata: { httpStatusCode: 404 }, message: 'The specified bucket does not exist' }),
      'SYNC_BUCKET_NOT_FOUND',
      'bucket',
      false,
    ],
    [s3Error('PermanentRedirect', 301), 'SYNC_BUCKET_NOT_FOUND', 'region', false],
    [s3Error('AccessDenied', 403), 'SYNC_PERMISSION', 'permission', false],
    [s3Error('Forbidden', 403), 'SYNC_PERMISSION', 'permission', false],
    [s3Error('SlowDown', 503, 'server'), 'SYNC_UNREACHABLE', 'server', true],
    [s3Error('InternalError', 500, 'server'), 'SYNC_UNREACHABLE', 'server', true],
  ])('%s → %s (%s)', (err, code, cause, transient) => {
    const f = classifyS3Error(err, ctx);
    expect(f.code).toBe(code);
    expect(f.details?.cause).toBe(cause);
    expect(f.transient).toBe(transient);
    expect(f.details).toMatchObject({ bucket: 'team', host: 'minio.local:9000', op: 'upload' });
  });

  it('finds the socket error inside the SDK’s wrapper', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { cause: errno('ECONNREFUSED') });
    expect(classifyS3Error(wrapped, ctx).details?.cause).toBe('refused');
  });

  it('says in plain words what failed, in English and Turkish', () => {
    const dns = toErrorPayload(classifyS3Error(errno('ENOTFOUND'), ctx), 'en');
    expect(dns.hint).toContain('DNS: the host name minio.local cannot be resolved');
    const auth = toErrorPayload(classifyS3Error(s3Error('InvalidAccessKeyId', 403), ctx), 'tr');
    expect(auth.message).toBe('Ekip deposu kimlik bilgilerini reddetti.');
    expect(auth.hint).toContain('The access key id is not known to the store.');
    const perm = toErrorPayload(classifyS3Error(s3Error('AccessDenied', 403), ctx), 'en');
    expect(perm.hint).toContain('may not write in team');
    expect(perm.hint).toContain('Ask for read/write access to team');
    for (const code of ['SYNC_TLS', 'SYNC_BUCKET_NOT_FOUND', 'SYNC_NOT_CONFIGURED'] as const) {
      for (const lang of ['en', 'tr'] as const) {
        const t = errorText(code, lang, { detail: 'x' });
        expect(t.message.length).toBeGreaterThan(10);
        expect(t.hint.length).toBeGreaterThan(10);
      }
    }
  });

  it('keeps an unknown failure as INTERNAL with the store’s code', () => {
    const f = classifyS3Error(s3Error('WeirdThing', 418), ctx);
    expect(f.code).toBe('INTERNAL');
    expect(f.details?.s3_code).toBe('WeirdThing');
  });
});
