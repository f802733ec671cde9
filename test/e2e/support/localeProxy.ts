import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocaleProxy {
  /** The messaging endpoint to give the playground, e.g. http://127.0.0.1:41234/api/messages. */
  endpoint: string;
  /** How many activities went through (to check the proxy was really in the path). */
  forwarded: number;
  stop(): Promise<void>;
}

/**
 * The Agents Playground (0.2.28) writes `locale: "en-US"` into every activity it generates
 * (messages, card clicks, installation and conversation updates); it has no setting for it. A Teams
 * client set to French sends `fr-FR`. This loopback hop plays that client: it rewrites the activity's
 * `locale` (and the clientInfo entity's) and forwards the request unchanged otherwise, returning the
 * bot's answer (the invoke response for card clicks) as is. The bot replies to the activity's
 * serviceUrl, i.e. straight to the playground.
 */
export async function startLocaleProxy(botEndpoint: string, locale: string): Promise<LocaleProxy> {
  const target = new URL(botEndpoint);
  const proxy: LocaleProxy = { endpoint: '', forwarded: 0, stop: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        let body = Buffer.concat(chunks).toString('utf8');
        if (req.method === 'POST' && body) {
          const activity = JSON.parse(body) as Record<string, any>;
          activity.locale = locale;
          for (const entity of Array.isArray(activity.entities) ? activity.entities : []) {
            if (entity && entity.type === 'clientInfo') entity.locale = locale;
          }
          body = JSON.stringify(activity);
          proxy.forwarded++;
        }
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'authorization', 'x-ms-agents-playground']) {
          const value = req.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        const answer = await fetch(new URL(req.url ?? '/', target), {
          method: req.method,
          headers,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
        });
        const answerBody = Buffer.from(await answer.arrayBuffer());
        res.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
          'content-length': answerBody.length,
        });
        res.end(answerBody);
      })().catch((error: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`locale proxy: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  proxy.endpoint = `http://127.0.0.1:${port}${target.pathname}`;
  proxy.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
