/**
 * Notice fan-out: a group of `recipients` people of the bench tenant, each with a stored personal
 * conversation (seeded through ConversationReferences, as a message from each would store it), is
 * assigned an app by an admin through /api/messages; the "You have a seat" notices go out through the
 * outbox at NOTICE_RATE_PER_SECOND. Midway the bot process is killed (SIGKILL) and started again on
 * the same data: the delivery resumes. The loopback connector records every POST per conversation, so
 * the phase counts what reached each recipient: delivered, duplicates (messages beyond the first to a
 * recipient) and lost (recipients never reached), and the delivered rate before the kill against the
 * configured pace.
 *
 * Like request approval, on a data directory of its own (no outbox backlog from the command phases).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApp } from '../bot/app';
import { loadConfig } from '../bot/config/config';
import type { SampleOrganisation } from '../bot/directory/sampleDirectory';
import { createLogger } from '../bot/logger';
import { ConversationReferences } from '../bot/notices/conversationReferences';
import { BOT, TeamsTestClient, cardOf, textsOf } from '../test/harness/teamsClient';
import { BotProcess } from './bots';
import type { HotPathContext, HotPathFigures } from './hotPaths';

export interface FanOutOptions {
  recipients: number;
  ratePerSecond: number;
}

export interface FanOutFigures {
  recipients: number;
  ratePerSecond: number;
  /** Recipients reached before the kill, and the rate they were reached at (first to last). */
  beforeKill: { delivered: number; ratePerSecond: number };
  /** From the restart to the last notice. */
  afterRestart: { delivered: number; seconds: number };
  /** Recipients reached at least once. */
  delivered: number;
  /** Messages beyond the first to the same recipient. */
  duplicates: number;
  /** Recipients never reached. */
  lost: number;
  /**
   * Recipients the delivery marks "sending" at once (one second of sends, NOTICE_RATE_PER_SECOND):
   * a kill within a slice leaves its unsent recipients marked, and they are never sent (at most once).
   */
  slice: number;
  problems: string[];
}

/** After the restart, the delivery is over when nothing more arrives for this long (lease + interval + slack). */
const QUIET_MS = 8_000;
const FANOUT_GROUP_ID = 'f0000000-0000-4000-8000-00000000fa00';
const FANOUT_GROUP_NAME = 'Bench fan-out';

const conversationOf = (userId: string) => `a:bench-fanout-${userId}`;

/** Stores a personal chat per recipient, through the store as the bot does, in a License Desk in this process. */
async function seedConversations(
  env: Record<string, string>,
  tenantId: string,
  serviceUrl: string,
  users: SampleOrganisation['users'],
): Promise<void> {
  const app = await startApp(loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'warn' }), {
    logger: createLogger('warn'),
  });
  try {
    const references = new ConversationReferences(app.store);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < users.length; i = next++) {
          const user = users[i];
          await references.rememberPersonal(tenantId, user.id, {
            channelId: 'msteams',
            serviceUrl,
            conversation: { id: conversationOf(user.id), tenantId, conversationType: 'personal' },
            bot: { id: BOT.id, name: BOT.name },
            user: { id: `29:${user.id}`, name: user.displayName, aadObjectId: user.id },
            locale: 'en-US',
          });
        }
      }),
    );
  } finally {
    await app.stop();
  }
}

export async function runNoticeFanOut(
  context: HotPathContext,
  options: FanOutOptions,
): Promise<FanOutFigures> {
  const { tenant, connector, buildDir, log } = context;
  const { recipients, ratePerSecond } = options;
  const admins = new Set(tenant.admins.map((admin) => admin.aadObjectId));
  const members = tenant.org.users.filter((user) => !admins.has(user.id)).slice(0, recipients);
  if (members.length < recipients)
    throw new Error(`only ${members.length} users for a group of ${recipients}`);
  // The bench directory plus one group of exactly the recipients.
  const org: SampleOrganisation = {
    ...tenant.org,
    groups: [
      ...tenant.org.groups,
      { id: FANOUT_GROUP_ID, displayName: FANOUT_GROUP_NAME, members: members.map((user) => user.id) },
    ],
  };
  const directoryFile = path.join(tenant.dir, 'fanout-directory.json');
  writeFileSync(directoryFile, JSON.stringify(org));
  const env = {
    ...tenant.env,
    SAMPLE_DIRECTORY_FILE: directoryFile,
    EMBEDDED_COSMOS_DIR: mkdtempSync(path.join(tenant.dir, 'fanout-cosmos-')),
    NOTICE_RATE_PER_SECOND: String(ratePerSecond),
    // The restarted process takes over the killed one's claim quickly and runs the job every second.
    NOTICE_INTERVAL_SECONDS: '1',
    JOB_LEASE_SECONDS: '2',
  };
  let start = performance.now();
  await seedConversations(env, tenant.tenantId, connector.url, members);
  log(
    `${members.length} personal conversations stored in ${((performance.now() - start) / 1000).toFixed(1)} s`,
  );

  const app = tenant.apps[1];
  const title = `You have a seat of ${app.name}`;
  const wanted = new Set(members.map((user) => conversationOf(user.id)));
  const mark = connector.calls.length;
  /** Notices of this app that reached a recipient, in arrival order. */
  const arrivals = () =>
    connector.calls
      .slice(mark)
      .filter(
        (call) =>
          (call.op === 'send' || call.op === 'reply') &&
          wanted.has(call.conversationId) &&
          textsOf(cardOf(call))[0] === title,
      );
  const problems: string[] = [];
  const waitUntil = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  /** Until `enough` recipients were reached, or nothing more arrived for `quietMs`. */
  const progress = async (enough: number, quietMs: number, settleMs = 0) => {
    let count = arrivals().length;
    let changedAt = performance.now();
    await waitUntil(() => {
      const now = arrivals().length;
      if (now !== count) [count, changedAt] = [now, performance.now()];
      const reached = new Set(arrivals().map((call) => call.conversationId)).size;
      return performance.now() - changedAt > (reached >= enough ? settleMs : quietMs);
    });
  };

  let desk = await BotProcess.start('desk', env, { buildDir });
  try {
    const admin = new TeamsTestClient(desk.url, connector, {
      tenantId: tenant.tenantId,
      user: tenant.admins[0],
    });
    start = performance.now();
    const answer = await admin.send(`assign ${app.name} to group ${FANOUT_GROUP_NAME}`);
    if (textsOf(answer.card)[0] !== `Licenses assigned: ${app.name}`)
      problems.push(`assign → ${textsOf(answer.card).slice(0, 2).join(' | ') || answer.text}`);
    // kill -9 once about half the recipients were reached.
    await progress(Math.ceil(recipients / 2), QUIET_MS);
    await desk.kill();
    const before = arrivals();
    const span = before.length > 1 ? (before[before.length - 1].receivedAt - before[0].receivedAt) / 1000 : 0;
    log(`killed (SIGKILL) after ${before.length} notices; restarting on the same data`);

    const restartedAt = performance.now();
    desk = await BotProcess.start('desk', env, { buildDir });
    // Once everyone was reached, a moment more for any duplicate to show.
    await progress(recipients, QUIET_MS, 1_500);
    const all = arrivals();
    const reached = new Set(all.map((call) => call.conversationId));
    const last = all[all.length - 1];
    return {
      recipients,
      ratePerSecond,
      beforeKill: { delivered: before.length, ratePerSecond: span > 0 ? (before.length - 1) / span : NaN },
      afterRestart: {
        delivered: all.length - before.length,
        seconds: last ? Math.max(0, last.receivedAt - restartedAt) / 1000 : NaN,
      },
      delivered: reached.size,
      duplicates: all.length - reached.size,
      lost: recipients - reached.size,
      slice: Math.ceil(ratePerSecond),
      problems,
    };
  } finally {
    await desk.stop();
  }
}

export function noticeFanOutMarkdown(f: FanOutFigures): string {
  return [
    `${f.recipients} "You have a seat" notices (a group assigned, each member with a stored personal chat) ` +
      `at NOTICE_RATE_PER_SECOND=${f.ratePerSecond}, the bot killed with SIGKILL midway and restarted on the same data:`,
    '',
    '| recipients | delivered before kill | rate before kill /s | delivered after restart | restart to last notice s | reached | duplicates | lost |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${f.recipients} | ${f.beforeKill.delivered} | ${f.beforeKill.ratePerSecond.toFixed(0)} | ` +
      `${f.afterRestart.delivered} | ${f.afterRestart.seconds.toFixed(1)} | ${f.delivered} | ${f.duplicates} | ${f.lost} |`,
    '',
    `Lost recipients are the unsent rest of the slice (up to ${f.slice} recipients, one second of sends) the ` +
      'killed process had marked "sending": the delivery sends at most once, so it never retries them.',
  ].join('\n');
}

export async function noticeFanOutPhase(
  context: HotPathContext,
  options: FanOutOptions,
): Promise<HotPathFigures> {
  const figures = await runNoticeFanOut(context, options);
  const markdown = noticeFanOutMarkdown(figures);
  context.log(markdown);
  const problems = [...figures.problems];
  // Sent twice breaks the at-most-once guarantee; lost within the slice in flight at the kill is the
  // delivery's documented window (bot/notices/noticeDelivery.ts), a missed target rather than a fault.
  if (figures.duplicates > 0) problems.push(`${figures.duplicates} duplicate notices`);
  if (figures.lost > figures.slice)
    problems.push(`${figures.lost} recipients never reached, more than one slice (${figures.slice})`);
  return {
    name: 'Notice fan-out',
    markdown,
    targets: [
      {
        target: 'notice fan-out: duplicates 0 and lost 0 across a kill -9',
        subject: `${figures.recipients} notices`,
        value: `${figures.duplicates} duplicates, ${figures.lost} lost`,
        met: figures.duplicates === 0 && figures.lost === 0,
      },
    ],
    problems,
    data: figures,
  };
}
