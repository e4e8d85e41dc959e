// Guards around an AI provider: a token-bucket request limiter, a circuit breaker and exponential
// backoff with jitter. Time comes from an injected clock so tests can drive it.

export interface Clock {
  /** milliseconds, monotonic enough for rate limiting */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Token bucket: `capacity` requests at once, refilled continuously at `perMinute` per minute. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
    private readonly capacity = perMinute,
  ) {
    if (!(perMinute > 0)) throw new RangeError('requestsPerMinute must be > 0');
    this.tokens = capacity;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.perMinute) / 60_000);
    this.last = now;
  }

  /** Takes a token, or says how long until one is available. */
  take(): { ok: true } | { ok: false; retryAfterMs: number } {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute) };
  }
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Opens after `failures` consecutive failed requests and refuses calls for `cooldownMs`; then lets
 * one trial request through (half-open): success closes it, failure opens it again.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly opts: { failures: number; cooldownMs: number },
    private readonly clock: Clock,
  ) {}

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.clock.now() - this.openedAt >= this.opts.cooldownMs ? 'half-open' : 'open';
  }

  /** May a request go out now? */
  admit(): { ok: true } | { ok: false; retryAfterMs: number } {
    const state = this.state;
    if (state === 'closed') return { ok: true };
    if (state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return { ok: true };
    }
    const left = this.openedAt === null ? 0 : this.opts.cooldownMs - (this.clock.now() - this.openedAt);
    return { ok: false, retryAfterMs: Math.max(left, 0) };
  }

  success(): void {
    this.consecutive = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  /** A request failed in a way that says the provider is unwell (timeout, 5xx, no connection). */
  failure(): void {
    this.consecutive++;
    if (this.trialInFlight || this.consecutive >= this.opts.failures) {
      this.openedAt = this.clock.now();
    }
    this.trialInFlight = false;
  }

  /** A request ended without telling anything about the provider's health (e.g. a 4xx or a 429). */
  release(): void {
    this.trialInFlight = false;
  }
}

export interface BackoffOptions {
  /** first retry waits about this long (ms) */
  baseMs: number;
  /** no wait is longer than this (ms) */
  maxMs: number;
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffDelay(retry: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** setTimeout as a promise that an AbortSignal cancels. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
