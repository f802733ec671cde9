/**
 * Request approval under load: `requests` people of the bench tenant each send `request <app>`
 * through /api/messages, the request cards reach the admin's personal chat (through the outbox), and
 * the admin clicks Approve on each — the `adaptiveCard/action` invoke the card's button sends —
 * `concurrency` clicks in flight. Reports p50/p99 and bot CPU per approval, and the Cosmos requests
 * the approval turns make, beside echo answering the same invokes.
 *
 * License Desk starts on a data directory of its own, empty but for the catalog it loads: the
 * command phases before it leave thousands of seat notices in the outbox (addressed to a connector
 * that is gone), which would share the notice pace with the request cards.
 */
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ConnectorCall } from '../test/harness/loopbackConnector';
import { TeamsTestClient, actionsOf, cardOf, textsOf } from '../test/harness/teamsClient';
import { BotProcess } from './bots';
import type { HotPathContext, HotPathFigures } from './hotPaths';
import { percentile } from './load';

export interface ApprovalTiming {
  approvals: number;
  errors: number;
  p50: number;
  p99: number;
  /** CPU time of the bot process per approval, ms. */
  cpuMs: number;
}

export interface RequestApprovalFigures {
  concurrency: number;
  desk: ApprovalTiming & {
    cosmosPerApproval: { reads: number; writes: number; queries: number; bulk: number };
  };
  echo: ApprovalTiming;
  problems: string[];
}

const REQUEST_CARD_WAIT_MS = 120_000;

/** Runs `click` for each item, `concurrency` at a time; the bot's CPU over the loop. */
async function timed<T>(
  bot: BotProcess,
  items: T[],
  concurrency: number,
  click: (item: T) => Promise<{ ok: boolean; problem?: string }>,
): Promise<ApprovalTiming & { problems: string[] }> {
  const before = await bot.usage();
  const latencies: number[] = [];
  const problems: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        const sent = performance.now();
        const result = await click(items[i]);
        if (result.ok) latencies.push(performance.now() - sent);
        else problems.push(result.problem ?? 'failed');
      }
    }),
  );
  const after = await bot.usage();
  latencies.sort((a, b) => a - b);
  return {
    approvals: items.length,
    errors: problems.length,
    problems: problems.slice(0, 3),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMs: (after.cpuMicros - before.cpuMicros) / 1000 / items.length,
  };
}

export async function runRequestApproval(
  context: HotPathContext,
  options: { requests: number; concurrency: number },
): Promise<RequestApprovalFigures> {
  const { tenant, connector, buildDir, log } = context;
  const { requests, concurrency } = options;
  const dataDir = mkdtempSync(path.join(tenant.dir, 'approval-cosmos-'));
  const [desk, echo] = await Promise.all([
    BotProcess.start(
      'desk',
      {
        ...tenant.env,
        EMBEDDED_COSMOS_DIR: dataDir,
        // The request cards go out through the outbox: paced fast enough not to be what is timed.
        NOTICE_RATE_PER_SECOND: '1000',
        NOTICE_INTERVAL_SECONDS: '1',
      },
      { buildDir },
    ),
    BotProcess.start('echo', {}, { buildDir }),
  ]);
  try {
    const app = tenant.apps[0];
    const admin = new TeamsTestClient(desk.url, connector, {
      tenantId: tenant.tenantId,
      user: tenant.admins[0],
    });
    // An admin who used the bot gets the request cards in their personal chat.
    await admin.send('licenses');
    const requesters = tenant.assignable.slice(0, requests);
    if (requesters.length < requests) throw new Error(`only ${requesters.length} assignable users`);
    const mark = connector.calls.length;
    const problems: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < requesters.length; i = next++) {
          const user = requesters[i];
          const client = new TeamsTestClient(desk.url, connector, {
            tenantId: tenant.tenantId,
            user: { id: `29:${user.id}`, aadObjectId: user.id, name: user.displayName },
          });
          const turn = await client.send(`request ${app.name}`);
          if (turn.status !== 200 || turn.replies.length === 0)
            problems.push(`"request ${app.name}" from ${user.displayName} → ${turn.status}`);
        }
      }),
    );
    const cardsOf = (): ConnectorCall[] =>
      connector
        .since(mark, admin.conversationId)
        .filter(
          (call) =>
            (call.op === 'send' || call.op === 'reply') &&
            actionsOf(cardOf(call) ?? {}).some((a) => a.verb === 'request.approve'),
        );
    const deadline = Date.now() + REQUEST_CARD_WAIT_MS;
    while (cardsOf().length < requesters.length - problems.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const cards = cardsOf();
    if (cards.length < requesters.length)
      problems.push(`${cards.length} request cards of ${requesters.length} reached the admin`);
    log(`${cards.length} requests pending; approving them, ${concurrency} clicks in flight`);

    await desk.resetCounts();
    const approved = await timed(desk, cards, concurrency, async (call) => {
      const click = await admin.click(cardOf(call)!, 'Approve', { replyToId: call.activityId });
      const text = textsOf(click.replacement).join(' ');
      const ok = click.status === 200 && text.includes(`Approved by ${tenant.admins[0].name}`);
      return { ok, problem: ok ? undefined : `Approve → ${click.status} ${text.slice(0, 80)}` };
    });
    const counts = (await desk.counts()).counts!;
    const per = (n: number) => n / cards.length;
    const echoAdmin = new TeamsTestClient(echo.url, connector, {
      tenantId: tenant.tenantId,
      user: tenant.admins[0],
    });
    const echoed = await timed(echo, cards, concurrency, async (call) => {
      const action = actionsOf(cardOf(call)!).find((a) => a.verb === 'request.approve')!;
      const turn = await echoAdmin.invoke(
        'adaptiveCard/action',
        { action: { type: 'Action.Execute', verb: action.verb, data: action.data }, trigger: 'manual' },
        { replyToId: call.activityId },
      );
      const ok = turn.status === 200 && (turn.body as { value?: unknown } | undefined)?.value === 'echo';
      return { ok, problem: ok ? undefined : `echo invoke → ${turn.status}` };
    });
    return {
      concurrency,
      desk: {
        ...approved,
        cosmosPerApproval: {
          reads: per(counts.reads),
          writes: per(counts.writes),
          queries: per(counts.queries),
          bulk: per(counts.bulk),
        },
      },
      echo: echoed,
      problems: [...problems, ...approved.problems, ...echoed.problems],
    };
  } finally {
    await Promise.all([desk.stop(), echo.stop()]);
  }
}

export function requestApprovalMarkdown(figures: RequestApprovalFigures): string {
  const { desk, echo } = figures;
  const row = (name: string, f: ApprovalTiming) =>
    `| ${name} | ${f.approvals} | ${f.errors} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.cpuMs.toFixed(2)} |`;
  const cosmos = desk.cosmosPerApproval;
  return [
    `${desk.approvals} pending requests approved by one admin through the card's Approve invoke, ` +
      `${figures.concurrency} clicks in flight:`,
    '',
    '| bot | approvals | errors | p50 ms | p99 ms | bot CPU ms/approval |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('License Desk', desk),
    row('echo (same invokes)', echo),
    '',
    `Cosmos requests per approval (the invoke's own turn): ${cosmos.reads.toFixed(1)} reads, ` +
      `${cosmos.writes.toFixed(1)} writes, ${cosmos.queries.toFixed(1)} queries, ${cosmos.bulk.toFixed(1)} bulk. ` +
      `p50 ${(desk.p50 / echo.p50).toFixed(1)}× echo; the CPU includes the follow-ups each approval starts ` +
      'in the background (requester told, card copies replaced).',
  ].join('\n');
}

export async function requestApprovalPhase(
  context: HotPathContext,
  options: { requests: number; concurrency: number },
): Promise<HotPathFigures> {
  const figures = await runRequestApproval(context, options);
  context.log(requestApprovalMarkdown(figures));
  return {
    name: 'Request approval',
    markdown: requestApprovalMarkdown(figures),
    targets: [],
    problems: figures.problems,
    data: figures,
  };
}
