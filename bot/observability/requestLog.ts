import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Telemetry } from './telemetry';
import type { RequestScope } from './requestScope';

/** A request being served: what the log line and a shutdown that runs out of time name. */
export interface InFlightRequest {
  scope: RequestScope;
  method: string;
  /** The path without its query (which can hold a search text or a dialog token). */
  path: string;
  startedAt: number;
}

/** An id the caller sent that is safe to echo and log; anything else is replaced by our own. */
const CALLER_ID = /^[\w.:-]{1,128}$/;
const BOT_ENDPOINT = '/api/messages';

/**
 * Every HTTP request the bot serves: an id (the caller's `x-request-id`, or a new one) echoed in the
 * response, one structured log line when it ends (method, path, status, duration, and for activities
 * the tenant, activity id and command), a trace span, the turn-latency histogram, and the list of
 * requests in flight that a graceful stop waits for. While stopping, new requests get 503.
 */
export class RequestLog {
  private readonly inFlight = new Map<ServerResponse, InFlightRequest>();
  private readonly byRequest = new WeakMap<IncomingMessage, InFlightRequest>();
  private readonly idleWaiters: (() => void)[] = [];
  private draining = false;

  constructor(
    private readonly logger: Logger,
    private readonly telemetry: Telemetry,
  ) {}

  /** restify `pre` handler: runs before routing and body parsing, for every request. */
  readonly begin = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' && CALLER_ID.test(header) ? header : randomUUID();
    res.setHeader('x-request-id', requestId);
    if (this.draining) {
      res.setHeader('connection', 'close');
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
      res.end(JSON.stringify({ error: 'License Desk is stopping; retry on another instance' }));
      this.logger.info({ requestId, method: req.method, status: 503 }, 'request refused: stopping');
      return;
    }
    const request: InFlightRequest = {
      scope: { requestId },
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0].slice(0, 200),
      startedAt: performance.now(),
    };
    this.inFlight.set(res, request);
    this.byRequest.set(req, request);
    const span = this.telemetry.startRequest(`${request.method} ${request.path}`, {
      'http.request.method': request.method,
      'url.path': request.path,
    });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.inFlight.delete(res);
      // Closed before the answer was sent: 499, as proxies log a client that went away.
      const status = res.writableFinished ? res.statusCode : 499;
      const durationMs = Math.round((performance.now() - request.startedAt) * 10) / 10;
      const { scope } = request;
      span.end(
        {
          'http.response.status_code': status,
          ...(scope.command ? { 'licensedesk.command': scope.command } : {}),
          ...(scope.tenantId ? { 'licensedesk.tenant_id': scope.tenantId } : {}),
        },
        status >= 500,
      );
      if (request.path === BOT_ENDPOINT) this.telemetry.turn(scope.command ?? 'refused', status, durationMs);
      this.logger.info(
        { ...scope, method: request.method, path: request.path, status, durationMs },
        'request',
      );
      if (this.inFlight.size === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  };

  /** The scope of a request, to run its handler in (log lines then name it). */
  scopeOf(req: IncomingMessage): RequestScope {
    return this.byRequest.get(req)?.scope ?? { requestId: randomUUID() };
  }

  /**
   * Refuses new requests from now on and waits up to `graceMs` for those in flight to finish.
   * Resolves with the ones still running when the time ran out (empty when all finished).
   */
  async drain(graceMs: number): Promise<InFlightRequest[]> {
    this.draining = true;
    if (this.inFlight.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.idleWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return [...this.inFlight.values()];
  }
}
