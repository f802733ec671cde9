import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback HTTP proxy in front of the embedded Cosmos server, which itself never throttles nor
 * times out: it answers chosen requests with what Azure Cosmos DB does under pressure.
 */

export type CosmosFault =
  /** 429 with the retry hint Cosmos sends. */
  | { kind: 'throttle'; retryAfterMs: number }
  /** 503, as during a failover. */
  | { kind: 'unavailable' }
  /** Never answers (the client's timeout decides). */
  | { kind: 'stall' }
  /** The connection drops before any answer. */
  | { kind: 'reset' }
  /** The request reaches the server and is applied, but its answer is lost (and then, optionally, so is the server). */
  | { kind: 'loseAnswer'; thenDown?: boolean };

interface Pending {
  fault: CosmosFault;
  count: number;
  match: (req: http.IncomingMessage) => boolean;
}

export class CosmosProxy {
  /** Faults served, by kind. */
  readonly served: Record<CosmosFault['kind'], number> = {
    throttle: 0,
    unavailable: 0,
    stall: 0,
    reset: 0,
    loseAnswer: 0,
  };
  forwarded = 0;
  private readonly pending: Pending[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly agent = new http.Agent({ keepAlive: true });
  private server?: http.Server;
  port = 0;

  constructor(private readonly target: string) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = this.port): Promise<this> {
    this.server = http.createServer({ keepAlive: true } as http.ServerOptions, (req, res) => {
      void this.handle(req, res);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The next `count` requests for which `match` holds get `fault`. */
  inject(
    fault: CosmosFault,
    count: number,
    match: (req: http.IncomingMessage) => boolean = () => true,
  ): void {
    this.pending.push({ fault, count, match });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** Stops listening and drops every connection: Cosmos is unreachable (connection refused). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    await this.start(this.port);
  }

  async stop(): Promise<void> {
    await this.down();
    this.agent.destroy();
  }

  private take(req: http.IncomingMessage): CosmosFault | undefined {
    const index = this.pending.findIndex((p) => p.match(req));
    if (index < 0) return undefined;
    const pending = this.pending[index];
    if (--pending.count <= 0) this.pending.splice(index, 1);
    this.served[pending.fault.kind]++;
    return pending.fault;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const fault = this.take(req);
    if (fault?.kind === 'throttle') {
      res.writeHead(429, {
        'content-type': 'application/json',
        'x-ms-retry-after-ms': String(fault.retryAfterMs),
        'x-ms-substatus': '3200',
      });
      res.end(JSON.stringify({ code: 'TooManyRequests', message: 'Request rate is large (injected)' }));
      return;
    }
    if (fault?.kind === 'unavailable') {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'ServiceUnavailable', message: 'injected' }));
      return;
    }
    if (fault?.kind === 'stall') return;
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    const upstream = new URL(req.url ?? '/', this.target);
    const forward = http.request(upstream, {
      method: req.method,
      headers: { ...req.headers, host: upstream.host },
      agent: this.agent,
    });
    forward.on('response', (answer) => {
      if (fault?.kind === 'loseAnswer') {
        answer.resume();
        answer.on('end', () => {
          req.socket.destroy();
          if (fault.thenDown) void this.down();
        });
        return;
      }
      this.forwarded++;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => req.socket.destroy());
    forward.end(body);
  }
}
