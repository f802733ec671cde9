import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { confirmationDocId } from '../../bot/licensing/ledgerDocuments';
import { LoopbackConnector, type ConnectorCall } from '../harness/loopbackConnector';
import { ADELE, MEGAN, SAMPLE_TENANT, cardOf, textsOf } from '../harness/teamsClient';
import { cardProblems } from '../harness/cardParser';
import { ledgerOn, startChildBot, type ChildBot } from './support/childBot';
import { FOREIGN, generateCase, type FuzzCase, type KnownIds } from './support/fuzzInputs';
import { languagesOf } from '../harness/language';
import { Random } from './support/random';

/**
 * 10,000 generated messages, card clicks, invokes and broken requests through HTTP, as fast as two
 * cores allow. For each: no server error; a message always gets a reply, a card click a card or a
 * message, in the user's language; every card parses cleanly as Adaptive Card 1.5; nothing of
 * another organisation shows; nothing crashes (no error logged, no unhandled rejection, which
 * would end the process). The bot runs as its own process, so the two cores share the work.
 * FUZZ_SEED and FUZZ_CASES reproduce or widen a run.
 */

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const CONCURRENCY = 8;
/** Where the failing inputs are written in full, to replay them. */
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
/** The default MAX_BODY_BYTES (.env.example). */
const MAX_BODY_BYTES = 256 * 1024;

let bot: ChildBot;
let connector: LoopbackConnector;
let dataDir: string;
let known: KnownIds;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'license-desk-fuzz-'));
  [bot, connector] = await Promise.all([startChildBot({ dataDir }), new LoopbackConnector().start()]);
  const { ledger, store } = await ledgerOn(bot.cosmosPort);
  await ledger.putCatalog(FOREIGN.tenantId, [
    {
      appId: FOREIGN.appId,
      name: FOREIGN.appName,
      vendor: { name: FOREIGN.vendor, email: 'x@zanzibar.example', website: 'https://zanzibar.example' },
      seatsPurchased: 7,
      installUrl: 'https://zanzibar.example/install',
    },
  ]);
  // Another organisation's confirmation, for ids pasted into our cards.
  const created = await store.create({
    id: confirmationDocId(FOREIGN.confirmationId),
    tenantId: FOREIGN.tenantId,
    type: 'confirmation',
    confirmationId: FOREIGN.confirmationId,
    appId: FOREIGN.appId,
    adminId: ADELE.aadObjectId,
    adminName: FOREIGN.vendor,
    status: 'pending',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  expect(created.ok).toBe(true);

  const adele = { tenantId: SAMPLE_TENANT, userId: ADELE.aadObjectId, name: ADELE.name };
  const megan = { tenantId: SAMPLE_TENANT, userId: MEGAN.aadObjectId, name: MEGAN.name };
  await ledger.assign(adele, 'northwind-timesheets', [
    'b0c00001-0000-4000-8000-000000000001',
    'a0c00004-0000-4000-8000-000000000004',
  ]);
  known = { adeleConfirmations: [], meganConfirmations: [] };
  for (let i = 0; i < 12; i++) {
    const mine = await ledger.prepareUnassign(adele, 'northwind-timesheets', [
      i % 2 ? 'b0c00001-0000-4000-8000-000000000001' : 'a0c00004-0000-4000-8000-000000000004',
    ]);
    known.adeleConfirmations.push(mine.confirmationId);
    const hers = await ledger.prepareUnassign(megan, 'northwind-timesheets', [
      'b0c00001-0000-4000-8000-000000000001',
    ]);
    known.meganConfirmations.push(hers.confirmationId);
  }
});

afterAll(async () => {
  await bot?.stop();
  await connector?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Outcome {
  status: number;
  body: unknown;
  replies: ConnectorCall[];
}

/** Replies by conversation, indexed as the connector records them. */
class ReplyIndex {
  private scanned = 0;
  private readonly byConversation = new Map<string, ConnectorCall[]>();

  constructor(private readonly calls: ConnectorCall[]) {}

  of(conversationId: string): ConnectorCall[] {
    for (; this.scanned < this.calls.length; this.scanned++) {
      const call = this.calls[this.scanned];
      const list = this.byConversation.get(call.conversationId) ?? [];
      list.push(call);
      this.byConversation.set(call.conversationId, list);
    }
    return (this.byConversation.get(conversationId) ?? []).filter(
      (c) => (c.op === 'send' || c.op === 'reply') && c.activity.type === 'message',
    );
  }
}

async function post(url: string, c: FuzzCase, replies: ReplyIndex): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': c.contentType ?? 'application/json' },
      body: c.raw ?? JSON.stringify(c.body),
    });
  } catch (error) {
    // The server may close a connection whose body it refused before reading it all.
    return { status: -1, body: String((error as Error).cause ?? error), replies: [] };
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // kept as text
  }
  return { status: response.status, body, replies: c.conversationId ? replies.of(c.conversationId) : [] };
}

/** Every text the user would read in these replies or this invoke body. */
function textsOfReplies(replies: ConnectorCall[]): { texts: string[]; cards: unknown[] } {
  const texts: string[] = [];
  const cards: unknown[] = [];
  for (const reply of replies) {
    if (typeof reply.activity.text === 'string' && reply.activity.text) texts.push(reply.activity.text);
    const card = cardOf(reply);
    if (card) {
      cards.push(card);
      texts.push(...textsOf(card));
    }
  }
  return { texts, cards };
}

function check(c: FuzzCase, outcome: Outcome): string[] {
  const problems: string[] = [];
  const { expect: expected } = c;
  if (expected.kind === 'refused') {
    if (
      !expected.statuses.includes(outcome.status) &&
      !(outcome.status === -1 && expected.statuses.includes(413))
    ) {
      problems.push(`status ${outcome.status}, expected ${expected.statuses.join('/')}`);
    }
    if (outcome.replies.length) problems.push('a refused request was processed');
    return problems;
  }
  if (outcome.status >= 500 || outcome.status < 200) problems.push(`status ${outcome.status}`);
  let texts: string[] = [];
  let cards: unknown[] = [];
  if (expected.kind === 'reply') {
    if (outcome.status !== 200) problems.push(`status ${outcome.status}`);
    if (outcome.replies.length === 0) problems.push('no reply');
    ({ texts, cards } = textsOfReplies(outcome.replies));
  } else if (expected.kind === 'card') {
    const body = outcome.body as { statusCode?: number; type?: string; value?: unknown } | undefined;
    if (outcome.status !== 200 || body?.statusCode !== 200) problems.push(`status ${outcome.status}`);
    if (body?.type === 'application/vnd.microsoft.card.adaptive') {
      cards.push(body.value);
      texts.push(...textsOf(body.value as Record<string, unknown>));
    } else if (
      body?.type === 'application/vnd.microsoft.activity.message' &&
      typeof body.value === 'string'
    ) {
      texts.push(body.value);
    } else {
      problems.push(`invoke answered ${JSON.stringify(body)?.slice(0, 120)}`);
    }
    ({ texts: texts, cards: cards } = {
      texts: [...texts, ...textsOfReplies(outcome.replies).texts],
      cards: [...cards, ...textsOfReplies(outcome.replies).cards],
    });
  } else {
    const body = outcome.body as { task?: { value?: { card?: { content?: unknown } } }; value?: unknown };
    const taskCard = body?.task?.value?.card?.content;
    if (taskCard) cards.push(taskCard);
    cards.push(...textsOfReplies(outcome.replies).cards);
  }
  for (const card of cards) {
    for (const problem of cardProblems(card)) problems.push(`card: ${problem}`);
  }
  if (expected.kind === 'reply' || expected.kind === 'card') {
    const verdict = languagesOf(texts);
    const other = expected.language === 'en' ? 'fr' : 'en';
    if (verdict[expected.language].length === 0) {
      problems.push(`no ${expected.language} text in ${JSON.stringify(texts).slice(0, 200)}`);
    }
    if (verdict[other].length) problems.push(`${other} text: ${verdict[other][0].slice(0, 100)}`);
  }
  // Another organisation's names may only come back when the user typed them.
  const letters = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');
  const everything = JSON.stringify([outcome.body, outcome.replies.map((r) => r.activity)]);
  for (const secret of [FOREIGN.appName, FOREIGN.vendor]) {
    if (everything.includes(secret) && !letters(c.raw ?? JSON.stringify(c.body)).includes(letters(secret))) {
      problems.push('shows another organisation’s data');
    }
  }
  return problems;
}

test(`fuzz: ${CASES} generated inputs through HTTP`, async () => {
  const random = new Random(SEED);
  const replies = new ReplyIndex(connector.calls);
  const failures: { n: number; family: string; problems: string[]; input: string; answer: string }[] = [];
  const families = new Map<string, number>();
  const statuses = new Map<number, number>();
  let cards = 0;
  const started = Date.now();
  let next = 0;

  const worker = async () => {
    while (next < CASES) {
      const c = generateCase(random, next++, connector.url, known, MAX_BODY_BYTES);
      families.set(c.family, (families.get(c.family) ?? 0) + 1);
      const outcome = await post(bot.url, c, replies);
      statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      cards += outcome.replies.filter((r) => cardOf(r)).length;
      const problems = check(c, outcome);
      if (problems.length) {
        failures.push({
          n: c.n,
          family: c.family,
          problems,
          input: c.raw ?? JSON.stringify(c.body),
          answer: JSON.stringify([outcome.status, outcome.body, outcome.replies.map((r) => r.activity)]),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (Date.now() - started) / 1000;

  const errors = bot.logs().filter((line) => Number(line.level) >= 50);
  console.log(
    `fuzz seed ${SEED}: ${CASES} inputs in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(
      Object.fromEntries(statuses),
    )}; ${cards} reply cards; ${failures.length} failures; ${errors.length} error logs; families ${JSON.stringify(
      Object.fromEntries([...families].sort()),
    )}`,
  );
  if (failures.length || errors.length) {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'fuzz-failures.json'), JSON.stringify({ failures, errors }, null, 2));
  }
  expect(
    failures
      .slice(0, 15)
      .map((f) => ({ ...f, input: f.input.slice(0, 300), answer: f.answer.slice(0, 300) })),
  ).toEqual([]);
  expect(errors.slice(0, 5)).toEqual([]);
  // Still running: an unhandled rejection or exception would have ended it.
  expect(bot.process.exitCode).toBeNull();
  expect(bot.output()).not.toMatch(/unhandled|uncaught/i);
}, 300_000);
