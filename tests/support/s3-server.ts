// A real S3 server for tests and benchmarks: s3rver on a loopback port, its files in a temp dir,
// path-style, credentials S3RVER/S3RVER. It runs in its own Node process, as a real server would
// (so "the server went away" is real, and a benchmark's client and server do not share one event
// loop). It can be stopped and started again on the same port with the same files, and it logs
// every request it serves so tests can count what was really sent.
//
// The child runs with --openssl-legacy-provider: s3rver encrypts list continuation tokens with DES,
// which OpenSSL 3 only offers there; without it every truncated (paged) listing fails with a 500.
// Other s3rver limits (../shared/guide/environment.md): it ignores If-None-Match on PUT, echoes no
// checksums, checks only the access key id of a V4 signature (not the secret), and has no
// ListParts or AbortMultipartUpload.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3Request {
  method: string;
  /** path and query, e.g. /team/artefacts/sha256/ab…?partNumber=2&uploadId=… */
  url: string;
  /** bytes of the request body as announced by Content-Length (0 when absent) */
  bytes: number;
}

export interface S3TestServerOptions {
  /** buckets created at start (default: ['team']) */
  buckets?: string[];
  /** reuse a port (restart); default: a random free one */
  port?: number;
  /** reuse a directory; default: a fresh temp dir, removed by dispose() */
  dir?: string;
}

const MARKER = '/__tezgah_log_marker__';

// Runs in the child: start s3rver, print the port, then one JSON line per request.
const RUNNER = `
const S3rver = require('s3rver');
const [dir, port, buckets] = process.argv.slice(1);
const server = new S3rver({ address: '127.0.0.1', port: Number(port), silent: true, directory: dir,
  configureBuckets: JSON.parse(buckets).map((name) => ({ name })) });
server.run().then((addr) => {
  server.httpServer.prependListener('request', (req) => {
    process.stdout.write(JSON.stringify({ m: req.method, u: req.url, b: Number(req.headers['content-length'] || 0) }) + '\\n');
  });
  process.stdout.write(JSON.stringify({ port: addr.port }) + '\\n');
}, (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
process.on('SIGTERM', () => process.exit(0));
// the parent's end of stdin closes when the parent dies, however it dies: no orphaned servers
process.stdin.on('end', () => process.exit(0)).on('error', () => process.exit(0)).resume();
`;

export class S3TestServer {
  readonly dir: string;
  readonly buckets: string[];
  readonly requests: S3Request[] = [];
  port: number;
  private child: ChildProcess | null = null;
  private readonly ownsDir: boolean;
  private markers = 0;
  private readonly markerWaiters = new Map<string, () => void>();

  private constructor(opts: S3TestServerOptions) {
    this.ownsDir = !opts.dir;
    this.dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'tezgah-s3rver-'));
    this.buckets = opts.buckets ?? ['team'];
    this.port = opts.port ?? 0;
  }

  static async start(opts: S3TestServerOptions = {}): Promise<S3TestServer> {
    const s = new S3TestServer(opts);
    await s.up();
    return s;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts (again) on the same port with the same files. */
  async up(): Promise<void> {
    if (this.child) return;
    const child = spawn(
      process.execPath,
      ['--openssl-legacy-provider', '-e', RUNNER, this.dir, String(this.port), JSON.stringify(this.buckets)],
      {
        cwd: resolve(import.meta.dirname, '../..'),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolveUp, reject) => {
      const onExit = (code: number | null) => {
        this.child = null;
        reject(new Error(`s3rver exited (${code}) before listening: ${stderr}`));
      };
      child.once('exit', onExit);
      lines.on('line', (line) => {
        const msg = JSON.parse(line) as { port?: number; m?: string; u?: string; b?: number };
        if (msg.port !== undefined) {
          this.port = msg.port;
          child.off('exit', onExit);
          child.once('exit', () => {
            if (this.child === child) this.child = null;
          });
          resolveUp();
          return;
        }
        if (msg.u?.startsWith(MARKER)) {
          this.markerWaiters.get(msg.u)?.();
          this.markerWaiters.delete(msg.u);
          return;
        }
        this.requests.push({ method: msg.m ?? '', url: msg.u ?? '', bytes: msg.b ?? 0 });
      });
    });
  }

  /** Stops the server process; open connections die with it, as when a server goes away. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
  }

  /**
   * Every request the server has received up to now (a marker request makes sure the log lines
   * of earlier requests have arrived), optionally from index `from` and only those matching.
   */
  async requestsSince(from = 0, filter?: (r: S3Request) => boolean): Promise<S3Request[]> {
    if (this.child) {
      const url = `${MARKER}${++this.markers}`;
      const seen = new Promise<void>((r) => this.markerWaiters.set(url, r));
      await fetch(`${this.endpoint}${url}`)
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      await seen;
    }
    const list = this.requests.slice(from);
    return filter ? list.filter(filter) : list;
  }

  async dispose(): Promise<void> {
    await this.down();
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
