import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Container } from '@azure/cosmos';
import restify from 'restify';
import { Scheduler } from './background/scheduler';
import type { Config } from './config/config';
import { Conversation } from './conversation/conversation';
import { addAssignPaneRoutes } from './assignPane/paneRoutes';
import { PaneTokens } from './assignPane/paneToken';
import { createDirectory, type Directory } from './directory';
import type { GraphAppInstaller } from './directory/graphAppInstaller';
import type { graphCredentialFactory } from './directory/graphCredential';
import { noticeRenderer, progressCards } from './conversation/views/noticeViews';
import { startEmbeddedStorage } from './embeddedStorage';
import { LicenseLedger } from './licensing/ledger';
import { CHUNK_GRACE_MS } from './licensing/ledgerDocuments';
import { ConversationReferences } from './notices/conversationReferences';
import { NoticeDelivery } from './notices/noticeDelivery';
import { Outbox } from './notices/outbox';
import { SeatAlerts } from './notices/seatAlerts';
import { TenantNoticeSettings } from './notices/tenantNoticeSettings';
import type { SeatWatch } from './licensing/seatWatch';
import { catalogProblems } from './licensing/catalog';
import { sweepJob } from './licensing/housekeeping';
import { LicenseError, type CatalogApp } from './licensing/model';
import type { Logger } from './logger';
import { RequestLog, type InFlightRequest } from './observability/requestLog';
import { runInRequestScope } from './observability/requestScope';
import { NO_TELEMETRY, openTelemetry, type Telemetry } from './observability/telemetry';
import { openContainer } from './storage/cosmosConnection';
import { DocumentStore, type DocumentStoreOptions } from './storage/documentStore';
import type { EmbeddedCosmos } from './storage/embedded/embeddedCosmosServer';
import { cosmosStartFailure, listenFailure } from './startFailures';
import { createAdapter } from './teams/adapter';
import { activityProblem } from './teams/inboundActivity';
import { addDeveloperPages } from './teams/developerPages';
import { noteClientOfRequest } from './teams/dialogSupport';
import { LicenseDeskBot } from './teams/licenseDeskBot';
import { recordReferences } from './teams/referenceRecorder';
import { TeamsMessenger } from './teams/teamsMessenger';
import { describeTurn } from './teams/turnCommand';

export interface RunningApp {
  /** Base URL the server listens on, e.g. http://127.0.0.1:3978. */
  url: string;
  port: number;
  ledger: LicenseLedger;
  outbox: Outbox;
  alerts: SeatAlerts;
  store: DocumentStore;
  directory: Directory;
  embedded?: EmbeddedCosmos;
  /** Traces and metrics; other parts add their figures here (`counter`, `gauge`). */
  telemetry: Telemetry;
  /**
   * Stops accepting requests (new ones get 503), waits up to `graceMs` (default 0) for those in
   * flight, then closes every connection, Cosmos and the embedded server. Resolves with the requests
   * that were still running when the grace period ran out.
   */
  stop(options?: { graceMs?: number }): Promise<InFlightRequest[]>;
}

export interface StartOptions {
  logger: Logger;
  /** Replaces the configured directory (tests of Graph against a loopback server). */
  directory?: Directory;
  storeOptions?: DocumentStoreOptions;
  /** The embedded Cosmos server, already starting (index.ts starts it while the code loads). */
  embedded?: Promise<EmbeddedCosmos>;
  /**
   * Record traces and metrics through the OpenTelemetry API, for an SDK the caller registered (tests).
   * Default: when APPLICATIONINSIGHTS_CONNECTION_STRING is set (bot/index.ts registers Azure Monitor).
   */
  telemetry?: boolean;
}

interface OpenedStore {
  store: DocumentStore;
  container: Container;
  embedded?: EmbeddedCosmos;
}

async function openStore(config: Config, options: StartOptions, telemetry: Telemetry): Promise<OpenedStore> {
  const { cosmos } = config;
  const storeOptions = { ...options.storeOptions, telemetry };
  if (cosmos.mode === 'embedded') {
    const embedded = await (options.embedded ?? startEmbeddedStorage(cosmos, options.logger));
    const container = await openContainer({ ...cosmos, endpoint: embedded.endpoint, key: embedded.key });
    return { store: new DocumentStore(container, storeOptions), container, embedded };
  }
  // Loaded only for managed identity: a key, or local mode, never needs it.
  const identity = cosmos.key ? undefined : await import('@azure/identity');
  const credential = !identity
    ? undefined
    : cosmos.managedIdentityClientId
      ? new identity.ManagedIdentityCredential({ clientId: cosmos.managedIdentityClientId })
      : new identity.DefaultAzureCredential();
  const container = await openContainer({ ...cosmos, credential }).catch((error: unknown) => {
    throw cosmosStartFailure(error, cosmos);
  });
  return { store: new DocumentStore(container, storeOptions), container };
}

/** At first start of the embedded default, the sample organisation's catalog goes into the store. */
async function seedSampleCatalog(ledger: LicenseLedger, file: string, logger: Logger): Promise<void> {
  const sample = JSON.parse(readFileSync(file, 'utf8')) as { tenantId: string; apps: CatalogApp[] };
  const problems = catalogProblems(sample.apps);
  if (problems.length) throw new Error(`${file}: ${problems.join('; ')}`);
  try {
    await ledger.getCatalog(sample.tenantId);
  } catch (error) {
    if (!(error instanceof LicenseError) || error.kind !== 'CatalogMissing') throw error;
    await ledger.putCatalog(sample.tenantId, sample.apps);
    logger.info({ tenantId: sample.tenantId, apps: sample.apps.length }, 'sample catalog loaded');
  }
}

/** With NOTICE_INSTALL_APP (Graph directory only): the bot installs itself for people before writing first. */
function appInstaller(config: Config, logger: Logger): GraphAppInstaller | undefined {
  const { directory } = config;
  const teamsAppId = config.notices.installAppCatalogId;
  if (!teamsAppId || directory.source !== 'graph') return undefined;
  // Loaded only when configured, like the Graph directory: the Graph client and @azure/identity
  // would cost local mode's start-up a few hundred ms for nothing.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const graph = require('./directory/graphAppInstaller') as { GraphAppInstaller: typeof GraphAppInstaller };
  const credentials = require('./directory/graphCredential') as {
    graphCredentialFactory: typeof graphCredentialFactory;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new graph.GraphAppInstaller({
    credentialFor: credentials.graphCredentialFactory(directory),
    teamsAppId,
    baseUrl: directory.baseUrl,
    logger,
  });
}

/** Readiness: the container answers within two seconds. */
async function isReachable(container: Container): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref());
  const read = container.read().then(
    () => true,
    () => false,
  );
  return Promise.race([read, timeout]);
}

export async function startApp(config: Config, options: StartOptions): Promise<RunningApp> {
  const { logger } = options;
  const telemetry =
    (options.telemetry ?? config.applicationInsightsConnectionString !== undefined)
      ? await openTelemetry()
      : NO_TELEMETRY;
  const { store, container, embedded } = await openStore(config, options, telemetry);
  const directory = options.directory ?? createDirectory(config.directory);
  const outbox = new Outbox({ store });
  // The ledger tells the seat alerts, which read the ledger: bound once both exist.
  const seatWatch: SeatWatch = {
    changed: (tenantId, appId) => alerts.changed(tenantId, appId),
    refused: (tenantId, actorId, app, seats) => alerts.refused(tenantId, actorId, app, seats),
  };
  const ledger = new LicenseLedger({
    store,
    directory,
    confirmationTtlMs: config.confirmationTtlSeconds * 1000,
    catalogCacheMs: config.catalogCacheSeconds * 1000,
    notices: outbox,
    seatWatch,
  });
  const noticeSettings = new TenantNoticeSettings(store);
  const alerts = new SeatAlerts({ store, ledger, directory, settings: noticeSettings, outbox, logger });
  if (config.sampleCatalogFile) await seedSampleCatalog(ledger, config.sampleCatalogFile, logger);

  const adapter = createAdapter(config.bot, logger);
  const references = new ConversationReferences(store);
  const delivery = new NoticeDelivery({
    store,
    references,
    messenger: new TeamsMessenger(adapter, config.bot?.appId ?? ''),
    renderer: noticeRenderer,
    progressCards,
    logger,
    ratePerSecond: config.notices.ratePerSecond,
    commitGraceMs: CHUNK_GRACE_MS,
    peopleNoticesOff: (tenantId) => noticeSettings.peopleNoticesOff(tenantId),
    installer: appInstaller(config, logger),
  });
  const scheduler = new Scheduler({ store, logger, leaseMs: config.jobs.leaseSeconds * 1000 })
    .register('sweep', sweepJob(ledger.housekeeping, config.jobs.sweepIntervalSeconds * 1000))
    .register(
      'notices',
      delivery.job(config.notices.intervalSeconds * 1000, () => ledger.housekeeping.tenants()),
    )
    .register(
      'alerts',
      alerts.job(config.notices.intervalSeconds * 1000, () => ledger.housekeeping.tenants()),
    )
    .start();
  outbox.onEnqueued((tenantId) => scheduler.runSoon('notices', tenantId));
  alerts.onChanged((tenantId) => scheduler.runSoon('alerts', tenantId));
  const tokens = new PaneTokens({
    current: config.dialogTokenSecret,
    previous: config.dialogTokenSecretPrevious,
  });
  const assignPane = { tokens, publicBaseUrl: config.publicBaseUrl };
  const conversation = new Conversation({
    ledger,
    directory,
    logger,
    assignPane,
    typingDelayMs: config.typingDelayMs,
    notices: outbox,
    alerts,
    noticeSettings,
  });
  const bot = new LicenseDeskBot(conversation, logger);
  recordReferences(bot, references, logger);

  const server = restify.createServer({ name: 'license-desk', handleUncaughtExceptions: false });
  const requests = new RequestLog(logger, telemetry);
  server.pre(requests.begin);
  server.use(
    restify.plugins.bodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false, rejectUnknown: true }),
  );

  server.post('/api/messages', async (req, res) => {
    const scope = requests.scopeOf(req);
    await runInRequestScope(scope, async () => {
      const problem = activityProblem(req.body);
      if (problem) {
        logger.warn({ status: 400, problem }, 'activity refused');
        res.send(400, { error: problem });
        return;
      }
      await adapter.process(req, res, (context) => {
        describeTurn(scope, context.activity);
        noteClientOfRequest(context, req.headers);
        return bot.run(context);
      });
      // botbuilder reports refused tokens only on stderr, unstructured.
      if (res.statusCode === 401) logger.warn({ status: 401 }, 'activity refused: not authenticated');
    });
  });
  addAssignPaneRoutes(server, { tokens, ledger, directory, logger });
  addDeveloperPages(server);
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });
  server.get('/readyz', async (_req, res) => {
    const ready = await isReachable(container);
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'storage unavailable' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await scheduler.stop();
    await embedded?.stop();
    throw listenFailure(error, { host: config.host, port: config.port, portVariable: 'PORT' });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;

  return {
    url: `http://${host}:${port}`,
    port,
    ledger,
    outbox,
    alerts,
    store,
    directory,
    embedded,
    telemetry,
    async stop({ graceMs = 0 } = {}) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      const unfinished = await requests.drain(graceMs);
      server.server.closeAllConnections();
      await closed;
      await scheduler.stop();
      container.database.client.dispose();
      await embedded?.stop();
      return unfinished;
    },
  };
}
