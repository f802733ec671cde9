import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDirectory } from '../../bot/directory';
import type { AuditEntry } from '../../bot/licensing/model';
import { LoopbackConnector } from '../harness/loopbackConnector';
import {
  ADELE,
  MEGAN,
  PATTI,
  SAMPLE_TENANT,
  TeamsTestClient,
  cardOf,
  textsOf,
  type TestUser,
} from '../harness/teamsClient';
import { freePort, ledgerOn, startChildBot, type ChildBot } from './support/childBot';
import { Random } from './support/random';

/**
 * kill -9 in the middle of a load of assigns and confirmed unassigns, twice, then a restart on the
 * same data: every change a user was told about is there, the audit trail replays exactly into the
 * assignments, and the seat counts are exact.
 */

const REPO = path.join(__dirname, '..', '..');
const ROUNDS = 3;
const WORKERS = 8;
/** Acknowledged changes per round before the kill. */
const ACKS_BEFORE_KILL = 50;

const catalog = JSON.parse(readFileSync(path.join(REPO, 'data', 'sample', 'catalog.json'), 'utf8')) as {
  apps: { appId: string; name: string; seatsPurchased: number }[];
};
const sample = JSON.parse(readFileSync(path.join(REPO, 'data', 'sample', 'directory.json'), 'utf8')) as {
  users: { id: string; displayName: string }[];
  groups: { id: string; displayName: string }[];
};
const directory = createDirectory({
  source: 'sample',
  sampleFile: path.join(REPO, 'data', 'sample', 'directory.json'),
});

interface Operation {
  action: 'assign' | 'unassign';
  app: { appId: string; name: string };
  principal: string;
  acknowledged: boolean;
}

let dataDir: string;
let port: number;
let cosmosPort: number;
let connector: LoopbackConnector;
let bot: ChildBot | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-kill-'));
  [port, cosmosPort] = [await freePort(), await freePort()];
  connector = await new LoopbackConnector().start();
});

afterAll(async () => {
  await bot?.stop();
  await connector.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = () => startChildBot({ dataDir, port, cosmosPort });

/** Runs the load until `acks` changes were acknowledged, then SIGKILLs the bot with requests in flight. */
async function loadAndKill(running: ChildBot, random: Random, operations: Map<string, Operation>) {
  const admins: TestUser[] = [ADELE, MEGAN, PATTI];
  let acknowledged = 0;
  let killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    running.process.kill('SIGKILL');
  };
  const worker = async () => {
    while (!killed) {
      const admin = random.pick(admins);
      const app = random.pick(catalog.apps);
      const group = random.chance(0.25);
      const principal = group
        ? random.pick(sample.groups).displayName
        : random.pick(sample.users).displayName;
      const who = group ? `${principal} group` : principal;
      const client = new TeamsTestClient(running.url, connector, { user: admin });
      const action = random.chance(0.6) ? 'assign' : 'unassign';
      const operation: Operation = { action, app, principal, acknowledged: false };
      operations.set(client.conversationId, operation);
      try {
        if (action === 'assign') {
          const turn = await client.send(`assign ${app.name} to ${who}`);
          if (turn.card && textsOf(turn.card).includes(`Licenses assigned: ${app.name}`)) acknowledged++;
        } else {
          const ask = await client.send(`unassign ${app.name} from ${who}`);
          if (!ask.card || !textsOf(ask.card).some((text) => text.startsWith('Unassign '))) continue;
          const click = await client.click(ask.card, 'Unassign', { replyToId: ask.replies[0].activityId });
          if (click.replacement && textsOf(click.replacement).includes(`Unassigned: ${app.name}`)) {
            operation.acknowledged = true;
            acknowledged++;
          }
        }
      } catch {
        // The bot died under this request.
      }
      if (acknowledged >= ACKS_BEFORE_KILL) kill();
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  expect(await running.exited).toBe('SIGKILL');
}

/** What users saw: a reply or a card update reaching the connector counts as well as an invoke answer. */
function markAcknowledged(operations: Map<string, Operation>) {
  for (const call of connector.calls) {
    const operation = operations.get(call.conversationId);
    const card = cardOf(call);
    if (!operation || !card) continue;
    const title = textsOf(card)[0];
    if (operation.action === 'assign' && title === `Licenses assigned: ${operation.app.name}`) {
      operation.acknowledged = true;
    }
    if (operation.action === 'unassign' && title === `Unassigned: ${operation.app.name}`) {
      operation.acknowledged = true;
    }
  }
}

async function usersOf(holders: { kind: string; id: string }[]): Promise<Set<string>> {
  const users = new Set<string>();
  for (const holder of holders) {
    if (holder.kind === 'user') users.add(holder.id.toLowerCase());
    else
      for (const id of await directory.transitiveUserMembers(SAMPLE_TENANT, holder.id))
        users.add(id.toLowerCase());
  }
  return users;
}

test('kill -9 under load, three times: nothing acknowledged is lost, audit and seats stay exact', async () => {
  const random = new Random(99);
  const operations = new Map<string, Operation>();
  for (let round = 0; round < ROUNDS; round++) {
    bot = await start();
    await loadAndKill(bot, random, operations);
  }
  bot = await start();
  markAcknowledged(operations);
  const acknowledged = [...operations.values()].filter((o) => o.acknowledged);
  expect(acknowledged.length).toBeGreaterThanOrEqual(ROUNDS * ACKS_BEFORE_KILL);

  const { ledger } = await ledgerOn(cosmosPort);
  const problems: string[] = [];
  const unmatched = [...acknowledged];
  let entries = 0;
  for (const app of catalog.apps) {
    const details = await ledger.details(SAMPLE_TENANT, app.appId, 0, 10_000);
    const audit: AuditEntry[] = (await ledger.history(SAMPLE_TENANT, app.appId, 100_000)).reverse();
    entries += audit.length;

    // The audit trail, replayed from nothing, gives exactly the assignments held now.
    const replayed = new Map<string, { kind: string; id: string }>();
    let seats = 0;
    for (const entry of audit) entry.principals = await ledger.auditPrincipals(SAMPLE_TENANT, entry);
    audit.forEach((entry, i) => {
      if (entry.seq !== i + 1) problems.push(`${app.appId}: audit entry ${i + 1} has seq ${entry.seq}`);
      if (entry.seatsBefore !== seats)
        problems.push(`${app.appId} #${entry.seq}: seats before ${entry.seatsBefore}, was ${seats}`);
      seats = entry.seatsAfter;
      for (const p of entry.principals) {
        const key = `${p.kind}:${p.id.toLowerCase()}`;
        if (entry.action === 'assign') replayed.set(key, p);
        else replayed.delete(key);
      }
    });
    const held = new Set(details.holders.map((h) => `${h.kind}:${h.id.toLowerCase()}`));
    expect({ app: app.appId, held: [...held].sort() }).toEqual({
      app: app.appId,
      held: [...replayed.keys()].sort(),
    });

    // Seats: one per distinct user holding the app, as the audit says, within what was bought.
    const users = await usersOf(details.holders);
    expect({ app: app.appId, seats: details.seatsAssigned }).toEqual({ app: app.appId, seats: users.size });
    expect({ app: app.appId, seats }).toEqual({ app: app.appId, seats: users.size });
    expect(users.size).toBeLessThanOrEqual(app.seatsPurchased);

    // Every change a user was told about has its audit entry (one entry per acknowledgment).
    const pool = [...audit];
    for (const operation of acknowledged.filter((o) => o.app.appId === app.appId)) {
      const i = pool.findIndex(
        (e) =>
          e.action === operation.action && e.principals.some((p) => p.displayName === operation.principal),
      );
      if (i >= 0) {
        pool.splice(i, 1);
        unmatched.splice(unmatched.indexOf(operation), 1);
      }
    }
  }
  expect(problems).toEqual([]);
  expect(unmatched).toEqual([]);
  console.log(
    `kill -9: ${ROUNDS} kills, ${operations.size} operations sent, ${acknowledged.length} acknowledged, ` +
      `${entries} audit entries after restart, 0 acknowledged changes lost`,
  );

  // And the restarted bot answers.
  const turn = await new TeamsTestClient(bot.url, connector).send('licenses');
  expect(textsOf(turn.card!)).toContain('Licenses');
}, 120_000);
