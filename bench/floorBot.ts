/**
 * The storage floor of the benchmark: a bot on License Desk's stack (the same `createAdapter`,
 * restify server and body parser as the echo bot and bot/app.ts) that, per command, makes the Cosmos
 * requests License Desk made for it and answers with the card License Desk answered, rendered through
 * the same templating engine — and nothing else. Its Cosmos is the same embedded server on a worker
 * thread of its process, started on a copy of the benchmark tenant's data, reached through the same
 * `openContainer` and `DocumentStore`.
 *
 * What it replays comes from License Desk's own phase (bench/storeRecorder.ts records the store calls,
 * the driver keeps the card): the calls of a phase of T turns are spread evenly over the floor's
 * turns of the same command, in order, so that occasional requests (the catalog every 5 s, archiving
 * the audit ring every 5th commit, a chunk sealed) come at the same rate. What License Desk spends
 * above this floor is its own work: names, the directory, the ledger's decisions, the card's data.
 */
import type { AddressInfo } from 'node:net';
import { ActivityHandler, ActivityTypes, CardFactory, MessageFactory, StatusCodes } from 'botbuilder';
import type { InvokeResponse, TurnContext } from 'botbuilder';
import restify from 'restify';
import { loadCardEngine } from '../cards';
import type { Logger } from '../bot/logger';
import { openContainer } from '../bot/storage/cosmosConnection';
import { DocumentStore } from '../bot/storage/documentStore';
import { startEmbeddedCosmosInWorker } from '../bot/storage/embedded/threadLauncher';
import type { EmbeddedCosmos } from '../bot/storage/embedded/embeddedCosmosServer';
import { createAdapter } from '../bot/teams/adapter';
import type { Command } from './scenario';
import type { StoreCall } from './storeRecorder';

/** What the floor does for one command: License Desk's calls over its turns, and its card. */
export interface FloorScript {
  command: Command;
  calls: StoreCall[];
  /** License Desk's turns that made these calls. */
  turns: number;
  card: Record<string, unknown>;
}

interface Playing {
  script: FloorScript;
  render: () => object;
  /** Position in `calls`, fractional: each turn advances calls.length ÷ turns. */
  cursor: number;
}

/** The command of a message the benchmark sends (bench/scenario.ts spells them). */
export function commandOf(text: string): Command {
  if (text === 'help') return 'help';
  if (text === 'licenses') return 'licenses';
  if (text.startsWith('details ')) return 'details';
  if (text.startsWith('history ')) return 'history';
  if (text.startsWith('unassign ')) return 'unassign prepare';
  if (text.startsWith('assign ')) return text.includes(' to group ') ? 'assign group' : 'assign user';
  throw new Error(`the floor bot does not know "${text}"`);
}

class FloorBot extends ActivityHandler {
  private readonly playing = new Map<Command, Playing>();

  constructor(private readonly store: DocumentStore) {
    super();
    this.onMessage(async (context, next) => {
      const card = await this.play(commandOf(context.activity.text ?? ''));
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
      return next();
    });
  }

  /** Takes a script (its card's template is parsed once, as License Desk parses its templates once). */
  learn(script: FloorScript): void {
    const engine = loadCardEngine();
    const template = new engine.Template(script.card);
    const previous = this.playing.get(script.command);
    this.playing.set(script.command, {
      script,
      render: () => template.expand({ $root: {} }) as object,
      cursor: previous?.cursor ?? 0,
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const card = await this.play('unassign confirm');
    const replyToId = context.activity.replyToId;
    if (replyToId) {
      // As License Desk: the card is replaced for everyone, and for the clicker by the invoke response.
      await context.updateActivity({
        ...MessageFactory.attachment(CardFactory.adaptiveCard(card)),
        id: replyToId,
        type: ActivityTypes.Message,
      });
    }
    return {
      status: StatusCodes.OK,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
    };
  }

  /** This turn's share of the command's calls, one after another, then its card. */
  private async play(command: Command): Promise<object> {
    const playing = this.playing.get(command);
    if (!playing) throw new Error(`the floor bot has no script for ${command} yet`);
    const { calls, turns } = playing.script;
    const from = Math.floor(playing.cursor);
    playing.cursor += calls.length / Math.max(1, turns);
    const to = Math.floor(playing.cursor);
    for (let i = from; i < to; i++) await this.replay(calls[i % calls.length]);
    return playing.render();
  }

  /**
   * One recorded call, made the same way with the recorded documents. Two differences keep every
   * write succeeding as License Desk's did, with the same response: a create is sent as an upsert
   * (the recording is replayed round after round, and a create of an id that exists would be a
   * bodiless 409), and conditional writes go without their IfMatch (the recorded calls of one app
   * may fall in two concurrent turns here, where License Desk had one conversation per app).
   */
  private async replay(call: StoreCall): Promise<void> {
    const { store } = this;
    switch (call.op) {
      case 'read':
        await store.read(call.tenantId, call.id);
        return;
      case 'readMany':
        await store.readMany(call.tenantId, call.ids);
        return;
      case 'create':
      case 'upsert':
        await store.upsert(call.doc);
        return;
      case 'replace':
        await store.replace(call.doc);
        return;
      case 'delete':
        await store.delete(call.tenantId, call.id);
        return;
      case 'upsertMany':
        await store.upsertMany(call.tenantId, call.docs);
        return;
      case 'writeAll':
        await store.writeAll(
          call.tenantId,
          call.writes.map((write) => ({
            kind: write.kind === 'replace' ? 'replace' : 'upsert',
            doc: write.doc,
          })),
        );
        return;
      case 'query':
        await store.queryPage(call.tenantId, call.spec, { pageSize: call.pageSize });
        return;
    }
  }
}

export interface FloorBotServer {
  url: string;
  store: DocumentStore;
  embedded: EmbeddedCosmos;
  learn(script: FloorScript): void;
  stop(): Promise<void>;
}

export async function startFloorBot(options: {
  port: number;
  host: string;
  maxBodyBytes: number;
  logger: Logger;
  /** A copy of the data directory License Desk starts on. */
  dataDir: string;
  databaseId: string;
  containerId: string;
  requestTimeoutMs: number;
}): Promise<FloorBotServer> {
  const embedded = await startEmbeddedCosmosInWorker({ dataDir: options.dataDir });
  const container = await openContainer({ ...options, endpoint: embedded.endpoint, key: embedded.key });
  const store = new DocumentStore(container);
  const adapter = createAdapter(undefined, options.logger);
  const bot = new FloorBot(store);
  const server = restify.createServer({ name: 'floor-bot', handleUncaughtExceptions: false });
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
    store,
    embedded,
    learn: (script) => bot.learn(script),
    async stop() {
      await new Promise<void>((resolve) => {
        server.server.closeAllConnections?.();
        server.close(() => resolve());
      });
      container.database.client.dispose();
      await embedded.stop();
    },
  };
}
