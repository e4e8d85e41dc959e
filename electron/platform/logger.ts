// Structured JSON-lines log in the data folder: logs/app.log, rotated by size into app.1.log
// (newest) … app.<keep>.log (oldest). One line per event: { ts, level, msg, ...fields }.
// Secrets never reach the file: fields named like credentials and values shaped like tokens are
// redacted before a line is written. One process writes a log folder (the app or a CLI run).
import fs from 'node:fs';
import path from 'node:path';
import { makeDirSync, storageError } from './storage-errors.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  dir: string;
  /** rotate when app.log would grow past this many bytes (default 5 MB) */
  maxBytes?: number;
  /** rotated files kept besides app.log (default 5) */
  keep?: number;
  /** lines below this level are dropped (default 'debug') */
  level?: LogLevel;
  /** file base name (default 'app') */
  name?: string;
  now?: () => Date;
}

export const REDACTED = '[REDACTED]';

/** Shared by a logger and its children: one file, one size counter. */
class LogFile {
  private fd: number | undefined;
  private size = 0;

  constructor(
    readonly dir: string,
    readonly name: string,
    readonly maxBytes: number,
    readonly keep: number,
  ) {}

  file(i: number): string {
    return path.join(this.dir, i === 0 ? `${this.name}.log` : `${this.name}.${i}.log`);
  }

  append(line: string): void {
    const bytes = Buffer.byteLength(line);
    try {
      if (this.fd === undefined) this.open();
      if (this.size > 0 && this.size + bytes > this.maxBytes) {
        this.rotate();
        this.open();
      }
      fs.writeSync(this.fd!, line);
      this.size += bytes;
    } catch (err) {
      throw storageError(err, this.file(0));
    }
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    makeDirSync(this.dir);
    this.fd = fs.openSync(this.file(0), 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  /** app.log → app.1.log → … → app.<keep>.log, dropping the oldest. */
  private rotate(): void {
    this.close();
    fs.rmSync(this.file(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 0; i--) {
      if (fs.existsSync(this.file(i))) fs.renameSync(this.file(i), this.file(i + 1));
    }
  }
}

export class Logger {
  private readonly out: LogFile;
  private readonly fields: Record<string, unknown>;
  private readonly level: LogLevel;
  private readonly now: () => Date;
  private readonly opts: LoggerOptions;

  constructor(opts: LoggerOptions);
  /** @internal children share the parent's file */
  constructor(opts: LoggerOptions, parent: { out: LogFile; fields: Record<string, unknown> });
  constructor(opts: LoggerOptions, parent?: { out: LogFile; fields: Record<string, unknown> }) {
    const keep = Math.max(0, Math.floor(opts.keep ?? 5));
    this.out = parent?.out ?? new LogFile(path.resolve(opts.dir), opts.name ?? 'app', opts.maxBytes ?? 5 * 1024 * 1024, keep);
    this.fields = parent?.fields ?? {};
    this.level = opts.level ?? 'debug';
    this.now = opts.now ?? (() => new Date());
    this.opts = opts;
  }

  log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    if (RANK[level] < RANK[this.level]) return;
    const { ts: _ts, level: _level, msg: _msg, ...extra } = redact({ ...this.fields, ...fields }) as Record<string, unknown>;
    // ts, level and msg come first and stay the logger's own even if a field reuses the name
    const entry = { ts: this.now().toISOString(), level, msg: redactString(msg), ...extra };
    this.out.append(`${JSON.stringify(entry)}\n`);
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.log('error', msg, fields);
  }

  /** A logger that adds `fields` (e.g. { job_id, step }) to every line; it writes to the same file. */
  child(fields: Record<string, unknown>): Logger {
    return new Logger(this.opts, { out: this.out, fields: { ...this.fields, ...fields } });
  }

  /** The raw lines logged with this job_id, across rotated files, oldest first. */
  jobLog(jobId: string): string[] {
    const lines: string[] = [];
    for (let i = this.out.keep; i >= 0; i--) {
      let text: string;
      try {
        text = fs.readFileSync(this.out.file(i), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw storageError(err, this.out.file(i));
      }
      for (const line of text.split('\n')) {
        // cheap pre-filter before parsing; a line cut short by a crash is skipped
        if (!line?.includes(jobId)) continue;
        try {
          if ((JSON.parse(line) as { job_id?: unknown }).job_id === jobId) lines.push(line);
        } catch {
          /* partial line */
        }
      }
    }
    return lines;
  }

  /** Closes the file; shared with children, so call it once, on the root logger, at shutdown. */
  dispose(): void {
    this.out.close();
  }
}

// ---- redaction -----------------------------------------------------------------------------

/** Words that make a field name a credential: api_key, secretAccessKey, x-auth-token, password … */
const SECRET_WORDS = new Set([
  'key',
  'apikey',
  'secret',
  'token',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'authorization',
  'auth',
  'cookie',
  'credential',
  'credentials',
  'signature',
  'private',
]);
/** Names that contain "key" but identify things rather than unlock them. */
const NOT_SECRET = new Set(['idempotency_key', 'remote_key', 'object_key', 'cache_key', 'spec_key', 'sort_key']);

export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  if (NOT_SECRET.has(lower.replace(/-/g, '_'))) return false;
  // split snake_case, kebab-case and camelCase into words: "secretAccessKey" → secret, access, key
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w) => SECRET_WORDS.has(w));
}

const VALUE_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // JSON Web Tokens
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // AWS access key ids
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  // OpenAI-style and other sk-… API keys
  [/\bsk-[A-Za-z0-9_-]{16,}/g, REDACTED],
  // credentials in URLs: scheme://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi, `$1${REDACTED}@`],
  // name=value / name: value in free text (config dumps, query strings, error messages)
  [
    /\b([\w-]*(?:secret|password|passwd|token|api[_-]?key|access[_-]?key)[\w-]*)(\s*[=:]\s*)(["']?)(?!\[REDACTED\])[^\s"',;&]+/gi,
    `$1$2$3${REDACTED}`,
  ],
];
// AWS secret access keys: 40 base64 characters. Requiring upper, lower and a digit keeps hex
// digests (sha1, git commits) and plain words out.
const AWS_SECRET = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

export function redactString(s: string): string {
  let out = s;
  for (const [re, repl] of VALUE_PATTERNS) out = out.replace(re, repl);
  return out.replace(AWS_SECRET, (m) => (/[A-Z]/.test(m) && /[a-z]/.test(m) && /[0-9]/.test(m) ? REDACTED : m));
}

/** Deep copy of `v` with secret-named fields and secret-looking strings replaced. */
export function redact(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return redactString(v);
  if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? v.toString() : v;
  if (depth > 8) return '[…]';
  if (v instanceof Error) {
    const e = v as Error & { code?: unknown; details?: unknown };
    return redact(
      {
        name: e.name,
        message: e.message,
        ...(e.code !== undefined ? { code: e.code } : {}),
        ...(e.details !== undefined ? { details: e.details } : {}),
        stack: e.stack,
      },
      depth + 1,
    );
  }
  if (Array.isArray(v)) return v.map((x) => redact(x, depth + 1));
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return redact((v as { toJSON(): unknown }).toJSON(), depth + 1);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    out[k] = isSecretName(k) && x !== null && typeof x !== 'boolean' ? REDACTED : redact(x, depth + 1);
  }
  return out;
}
