import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity the bot sent to the Bot Framework service, as the connector received it. */
export interface ConnectorCall {
  op: 'send' | 'reply' | 'update' | 'delete' | 'createConversation';
  conversationId: string;
  /** The id the connector gave (send/reply) or the id the bot named (update/delete). */
  activityId: string;
  activity: Record<string, any>;
  authorization?: string;
  /** `performance.now()` when the request had fully arrived (the benchmark measures latency to it). */
  receivedAt: number;
}

/** A failure the connector answers with instead of accepting the next calls. */
export interface ConnectorFault {
  status: number;
  count: number;
  retryAfterSeconds?: number;
  /** Only calls into this conversation fail (others are answered as usual). */
  conversationId?: string;
}

/**
 * Plays the Bot Framework service on loopback: the `serviceUrl` of test activities points here, so
 * every reply, update and delete the bot makes arrives as a real HTTP request and is recorded.
 */
export class LoopbackConnector {
  readonly calls: ConnectorCall[] = [];
  /** Calls answered with an injected fault. */
  readonly refused: { status: number; conversationId: string; receivedAt: number }[] = [];
  private readonly faults: ConnectorFault[] = [];
  private readonly delays: { ms: number; count: number }[] = [];
  private server?: http.Server;
  private nextId = 1;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** The next `count` calls fail with `status` (e.g. 429 with Retry-After, or 503). */
  failNext(fault: ConnectorFault): void {
    this.faults.push({ ...fault });
  }

  /**
   * The next `count` calls are recorded as soon as they arrive but answered only `ms` later: a slow
   * Bot Framework service, while the bot waits for the answer to a reply it has already sent.
   */
  delayNext(ms: number, count = 1): void {
    this.delays.push({ ms, count });
  }

  /** Calls made after `mark` (a previous `calls.length`), optionally for one conversation. */
  since(mark: number, conversationId?: string): ConnectorCall[] {
    return this.calls.slice(mark).filter((c) => !conversationId || c.conversationId === conversationId);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const receivedAt = performance.now();
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const url = new URL(req.url ?? '/', 'http://loopback');
    const match = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(url.pathname);
    const conversationId = match?.[1] ? decodeURIComponent(match[1]) : '';
    const at = this.faults.findIndex((f) => !f.conversationId || f.conversationId === conversationId);
    const fault = at >= 0 ? this.faults[at] : undefined;
    if (fault) {
      fault.count--;
      this.refused.push({ status: fault.status, conversationId, receivedAt });
      if (fault.count <= 0) this.faults.splice(at, 1);
      if (fault.retryAfterSeconds !== undefined)
        res.setHeader('Retry-After', String(fault.retryAfterSeconds));
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'InjectedFault', message: `injected ${fault.status}` } }));
      return;
    }
    if (!match) {
      res.writeHead(404);
      res.end();
      return;
    }
    const targetId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const authorization = req.headers.authorization;
    let op: ConnectorCall['op'];
    let activityId: string;
    if (!match[1] && req.method === 'POST') {
      op = 'createConversation';
      activityId = `conversation-${this.nextId++}`;
    } else if (req.method === 'POST') {
      op = targetId ? 'reply' : 'send';
      activityId = `activity-${this.nextId++}`;
    } else if (req.method === 'PUT' && targetId) {
      op = 'update';
      activityId = targetId;
    } else if (req.method === 'DELETE' && targetId) {
      op = 'delete';
      activityId = targetId;
    } else {
      res.writeHead(405);
      res.end();
      return;
    }
    this.calls.push({ op, conversationId, activityId, activity: body, authorization, receivedAt });
    const delay = this.delays[0];
    if (delay) {
      if (--delay.count <= 0) this.delays.shift();
      // Unref'd: a test that stops early does not wait for an answer nobody reads.
      await new Promise((resolve) => setTimeout(resolve, delay.ms).unref());
    }
    res.writeHead(op === 'delete' ? 200 : 201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: activityId }));
  }
}
