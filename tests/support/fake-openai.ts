// A real HTTP server on 127.0.0.1 speaking the OpenAI chat.completions API with scripted replies,
// so tests exercise the real `openai` client, real sockets and real timeouts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ScriptedReply {
  /** HTTP status (default 200) */
  status?: number;
  /** assistant message content; wrapped into a chat.completion body */
  content?: string;
  /** a full response body instead (object → JSON, string → sent as is) */
  body?: unknown;
  /** extra response headers, e.g. { 'retry-after': '1' } */
  headers?: Record<string, string>;
  /** wait this long before answering (a client timeout shorter than this aborts the request) */
  delayMs?: number;
  finishReason?: 'stop' | 'length' | 'content_filter';
  refusal?: string;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | null;
  /** when the request arrived (ms since the server started) */
  at: number;
}

export class FakeOpenAI {
  readonly requests: SeenRequest[] = [];
  private readonly queue: ScriptedReply[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private started = 0;
  private counter = 0;
  /** what to answer when the queue is empty (default: 500 "no scripted reply") */
  fallback: ScriptedReply | undefined;

  /** Starts on a random port; resolves to the base URL to give the client (…/v1). */
  async start(): Promise<string> {
    this.started = Date.now();
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.baseURL;
  }

  get baseURL(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('FakeOpenAI is not running');
    return `http://127.0.0.1:${addr.port}/v1`;
  }

  /** Number of chat.completions requests seen. */
  get count(): number {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
  }

  enqueue(...replies: ScriptedReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** Clears scripted replies and seen requests between tests. */
  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.fallback = undefined;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      body = null;
    }
    const path = (req.url ?? '').split('?')[0]!;
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body, at: Date.now() - this.started });

    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      return this.send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    }
    const reply = this.queue.shift() ??
      this.fallback ?? { status: 500, body: { error: { message: 'no scripted reply', type: 'server_error' } } };
    if (reply.delayMs) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.timers.delete(t);
          resolve();
        }, reply.delayMs);
        this.timers.add(t);
        res.on('close', () => {
          clearTimeout(t);
          this.timers.delete(t);
          resolve();
        });
      });
      if (res.destroyed || res.writableEnded) return;
    }
    const status = reply.status ?? 200;
    if (reply.body !== undefined) return this.send(res, status, reply.body, reply.headers);
    if (status !== 200) {
      return this.send(
        res,
        status,
        { error: { message: `scripted ${status}`, type: status === 429 ? 'rate_limit_exceeded' : 'server_error' } },
        reply.headers,
      );
    }
    const n = ++this.counter;
    const content = reply.content ?? '';
    this.send(
      res,
      200,
      {
        id: `chatcmpl-fake-${n}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: typeof body?.model === 'string' ? body.model : 'fake',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: reply.refusal ? null : content, refusal: reply.refusal ?? null },
            finish_reason: reply.finishReason ?? 'stop',
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: 100, completion_tokens: Math.ceil(content.length / 4), total_tokens: 100 + Math.ceil(content.length / 4) },
      },
      { 'x-request-id': `req_fake_${n}`, ...reply.headers },
    );
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }
}
