/**
 * The floor of the benchmark: a bot that does nothing but answer, on exactly License Desk's stack —
 * the same `createAdapter` (botbuilder CloudAdapter, unauthenticated local mode), the same restify
 * server and body parser options as bot/app.ts. Messages get a one-line text reply; invokes get an
 * invoke response at once.
 */
import type { AddressInfo } from 'node:net';
import { ActivityHandler, StatusCodes, type InvokeResponse, type TurnContext } from 'botbuilder';
import restify from 'restify';
import type { Logger } from '../bot/logger';
import { createAdapter } from '../bot/teams/adapter';

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      return next();
    });
  }

  protected override async onInvokeActivity(_context: TurnContext): Promise<InvokeResponse> {
    return {
      status: StatusCodes.OK,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'echo' },
    };
  }
}

export interface EchoBotServer {
  url: string;
  stop(): Promise<void>;
}

export async function startEchoBot(options: {
  port: number;
  host: string;
  maxBodyBytes: number;
  logger: Logger;
}): Promise<EchoBotServer> {
  const adapter = createAdapter(undefined, options.logger);
  const bot = new EchoBot();
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(
    restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes, mapParams: false, rejectUnknown: true }),
  );
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
