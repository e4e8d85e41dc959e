// Sync settings from the environment, and where things live in the bucket.
import { describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import {
  artefactKey,
  credentialsFromSecrets,
  manifestKey,
  normaliseConfig,
  parseManifestKey,
  seatKey,
  storeId,
  syncConfigFromEnv,
} from '../../electron/domains/sync/config.js';

const H = 'ab'.repeat(32);

describe('sync configuration', () => {
  it('reads the CLI environment, with the AWS keys when given', () => {
    const c = syncConfigFromEnv({
      TEZGAH_S3_ENDPOINT: 'http://minio.local:9000/',
      TEZGAH_S3_REGION: 'eu-central-1',
      TEZGAH_S3_BUCKET: 'team-parts',
      TEZGAH_S3_PREFIX: '/atelier/istanbul/',
      TEZGAH_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'AKIA1',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
    expect(c).toMatchObject({
      endpoint: 'http://minio.local:9000',
      region: 'eu-central-1',
      bucket: 'team-parts',
      prefix: 'atelier/istanbul',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIA1', secretAccessKey: 'secret' },
    });
  });

  it('is off without a bucket, and leaves credentials to the AWS chain without keys', () => {
    expect(syncConfigFromEnv({ TEZGAH_S3_ENDPOINT: 'http://x:9000' })).toBeNull();
    const c = syncConfigFromEnv({ TEZGAH_S3_BUCKET: 'team' })!;
    expect(c.credentials).toBeUndefined();
    expect(c.endpoint).toBeUndefined();
    expect(c).toMatchObject({ region: 'us-east-1', prefix: '', forcePathStyle: false });
    // a custom endpoint (MinIO …) defaults to path-style
    expect(syncConfigFromEnv({ TEZGAH_S3_BUCKET: 'team', TEZGAH_S3_ENDPOINT: 'http://127.0.0.1:9000' })!.forcePathStyle).toBe(true);
    expect(
      syncConfigFromEnv({ TEZGAH_S3_BUCKET: 'team', TEZGAH_S3_ENDPOINT: 'http://127.0.0.1:9000', TEZGAH_S3_FORCE_PATH_STYLE: '0' })!
        .forcePathStyle,
    ).toBe(false);
  });

  it.each([
    [{ TEZGAH_S3_BUCKET: 'Team_Parts' }, 'bucket'],
    [{ TEZGAH_S3_BUCKET: 'team', TEZGAH_S3_ENDPOINT: 'minio:9000' }, 'endpoint'],
    [{ TEZGAH_S3_BUCKET: 'team', TEZGAH_S3_ENDPOINT: 'ftp://minio:21' }, 'endpoint'],
    [{ TEZGAH_S3_BUCKET: 'team', TEZGAH_S3_FORCE_PATH_STYLE: 'maybe' }, 'TEZGAH_S3_FORCE_PATH_STYLE'],
    [{ TEZGAH_S3_BUCKET: 'team', TEZGAH_S3_PREFIX: 'a/../b' }, 'prefix'],
    [{ TEZGAH_S3_BUCKET: 'team', TEZGAH_S3_REGION: 'eu central' }, 'region'],
  ])('refuses %j naming the setting', (env, setting) => {
    try {
      syncConfigFromEnv(env);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TezgahError);
      expect((e as TezgahError).code).toBe('CONFIG_INVALID');
      expect((e as TezgahError).details?.setting).toBe(setting);
    }
  });

  it('refuses parts below S3’s 5 MiB minimum', () => {
    expect(() => normaliseConfig({ region: 'us-east-1', bucket: 'team', prefix: '', forcePathStyle: true, partSize: 1024 })).toThrow(
      /CONFIG_INVALID/,
    );
  });

  it('takes keys kept in the app’s secret store, or none', () => {
    const secrets = new Map([
      ['sync.s3.access-key-id', 'AKIA2'],
      ['sync.s3.secret-access-key', 's2'],
    ]);
    expect(credentialsFromSecrets({ get: (n) => secrets.get(n) ?? null })).toEqual({ accessKeyId: 'AKIA2', secretAccessKey: 's2' });
    expect(credentialsFromSecrets({ get: () => null })).toBeUndefined();
  });
});

describe('bucket layout', () => {
  it('puts files under artefacts/sha256/<hash> and manifests under jobs/, with or without a prefix', () => {
    expect(artefactKey('', H)).toBe(`artefacts/sha256/${H}`);
    expect(artefactKey('shop/a', H)).toBe(`shop/a/artefacts/sha256/${H}`);
    expect(manifestKey('', 'j-1')).toBe('jobs/j-1.json');
    expect(manifestKey('p', 'j-1', 'abcdef012345')).toBe('p/jobs/j-1~abcdef012345.json');
    expect(seatKey('p', 's1')).toBe('p/seats/s1.json');
  });

  it('reads job ids and conflict versions back from manifest keys, and nothing else', () => {
    expect(parseManifestKey('p', 'p/jobs/9b2f.json')).toEqual({ jobId: '9b2f', variant: '' });
    expect(parseManifestKey('p', 'p/jobs/9b2f~abcdef012345.json')).toEqual({ jobId: '9b2f', variant: 'abcdef012345' });
    expect(parseManifestKey('', 'jobs/9b2f.json')).toEqual({ jobId: '9b2f', variant: '' });
    expect(parseManifestKey('p', 'q/jobs/9b2f.json')).toBeNull();
    expect(parseManifestKey('p', 'p/jobs/sub/9b2f.json')).toBeNull();
    expect(parseManifestKey('p', 'p/jobs/9b2f.txt')).toBeNull();
  });

  it('tells stores apart by endpoint, bucket and prefix', () => {
    const base = { region: 'us-east-1', bucket: 'team', prefix: '', forcePathStyle: true };
    expect(storeId({ ...base, endpoint: 'http://a:9000' })).not.toBe(storeId({ ...base, endpoint: 'http://b:9000' }));
    expect(storeId(base)).not.toBe(storeId({ ...base, prefix: 'x' }));
  });
});
