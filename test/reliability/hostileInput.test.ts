import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from '../harness/testApp';
import { ADELE, MEGAN, SAMPLE_TENANT, textsOf } from '../harness/teamsClient';
import { cardProblems } from '../harness/cardParser';

/**
 * The door and the rooms behind it: oversized and malformed requests are refused before anything
 * runs; what gets in is treated as data, never as a template, a query or another organisation's id.
 */

const LIMIT = 64 * 1024;
const FOREIGN_TENANT = 'f0f0f0f0-0000-4000-8000-00000000000b';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { MAX_BODY_BYTES: String(LIMIT) } });
  await t.app.ledger.putCatalog(FOREIGN_TENANT, [
    {
      appId: 'zanzibar-ledger',
      name: 'Zanzibar Secret Ledger',
      vendor: { name: 'Zanzibar Ltd', email: 'x@zanzibar.example', website: 'https://zanzibar.example' },
      seatsPurchased: 3,
      installUrl: 'https://zanzibar.example/install',
    },
  ]);
});
afterAll(async () => {
  await t.stop();
});

async function postRaw(body: string, contentType = 'application/json') {
  const mark = t.connector.calls.length;
  const response = await fetch(`${t.app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: response.status, body: await response.text(), calls: t.connector.calls.length - mark };
}

describe('the door', () => {
  test('a body over MAX_BODY_BYTES is refused with 413 and nothing runs', async () => {
    const client = t.client();
    const body = JSON.stringify(client.activity({ type: 'message', text: `help ${'x'.repeat(LIMIT)}` }));
    const answer = await postRaw(body);
    expect(answer.status).toBe(413);
    expect(answer.calls).toBe(0);
  });

  test('a 100 KB message under the limit gets a clear, short answer', async () => {
    const big = await startTestApp();
    try {
      const text = `bonjour ${'é'.repeat(50 * 1024)}`;
      expect(Buffer.byteLength(text)).toBeGreaterThan(100 * 1024);
      const turn = await big.client({ locale: 'fr-FR' }).send(text);
      expect(turn.status).toBe(200);
      expect(turn.replies).toHaveLength(1);
      expect(turn.text).toMatch(/^Je n’ai pas compris « bonjour é+… »/);
      expect(JSON.stringify(turn.replies[0].activity).length).toBeLessThan(2000);
    } finally {
      await big.stop();
    }
  });

  test('malformed JSON is 400, a body that is not an activity is 400, another content type 415', async () => {
    expect((await postRaw('{"type":"message","text":')).status).toBe(400);
    for (const body of ['[]', 'null', '"help"', '{"type":5}', '{"text":"help"}']) {
      expect({ body, status: (await postRaw(body)).status }).toEqual({ body, status: 400 });
    }
    expect((await postRaw('type=message&text=help', 'text/plain')).status).toBe(415);
  });

  test('activities the bot could not answer safely are 400, named, and never processed', async () => {
    const client = t.client();
    const cases: [string, Record<string, unknown>][] = [
      ['serviceUrl', { serviceUrl: undefined }],
      ['serviceUrl', { serviceUrl: 'file:///etc/passwd' }],
      ['conversation', { conversation: { id: 42 } }],
      ['text', { text: { $gt: '' } }],
      ['entities', { entities: [{ type: 'mention', text: '<at>x</at>' }] }],
      ['locale', { locale: ['fr-FR'] }],
    ];
    for (const [field, fields] of cases) {
      const answer = await postRaw(
        JSON.stringify(client.activity({ type: 'message', text: 'help', ...fields })),
      );
      expect({ field, status: answer.status, calls: answer.calls }).toEqual({ field, status: 400, calls: 0 });
      expect(JSON.parse(answer.body).error).toContain(field);
    }
  });
});

describe('text is data', () => {
  test('${...} in a name is shown as typed, never evaluated by the card templates', async () => {
    for (const name of ['${1+1}', '${json($root)}', "${if(true,'yes','no')}", '${$root.title}']) {
      const turn = await t.client().send(`details ${name}`);
      const card = turn.card!;
      expect(cardProblems(card)).toEqual([]);
      const shown = textsOf(card).join('\n');
      expect(shown).toContain(`“${name}”`);
      expect(shown).not.toMatch(/"\$root"|"title":/);
    }
  });

  test('JSON typed as text is an unknown command, not an activity or a click', async () => {
    const json = '{"type":"invoke","name":"adaptiveCard/action","value":{"action":{"verb":"list"}}}';
    const turn = await t.client().send(json);
    expect(turn.replies).toHaveLength(1);
    expect(turn.text).toMatch(/^I did not understand “\{"type":"invoke"/);
  });

  test('quotes and query syntax in names reach storage only as parameters', async () => {
    for (const name of [
      "x' OR '1'='1",
      '") OR true OR ("',
      'c.tenantId != @tenantId --',
      'Contoso CRM; DROP',
    ]) {
      for (const command of [`history ${name}`, `details ${name}`, `assign ${name} to Bob Kelly`]) {
        const turn = await t.client().send(command);
        expect(turn.replies).toHaveLength(1);
      }
    }
    expect(t.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });

  test('every query the bot sends is a fixed text with parameters, sent by the DocumentStore alone', () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const file = path.join(dir, entry);
        if (statSync(file).isDirectory()) walk(file);
        else if (file.endsWith('.ts')) sources.push(file);
      }
    };
    walk(path.join(__dirname, '..', '..', 'bot'));
    const store = path.join('bot', 'storage', 'documentStore.ts');
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      const relative = path.relative(path.join(__dirname, '..', '..'), file);
      if (relative !== store)
        expect({ relative, query: /\.items\.query\(|\.query\(\s*\{/.test(text) }).toEqual({
          relative,
          query: false,
        });
      // Conditions written in place: single-quoted, never built from pieces.
      for (const where of text.matchAll(/where:\s*(['"`][^\n]*)/g)) {
        expect({ relative, where: where[1] }).toEqual({
          relative,
          where: expect.stringMatching(/^'[^'$`+]*',?$/),
        });
      }
    }
  });
});

describe("another organisation's ids", () => {
  test("a card naming another organisation's app opens nothing and names nothing of it", async () => {
    const click = await t.client().invoke('adaptiveCard/action', {
      action: {
        type: 'Action.Execute',
        verb: 'details',
        data: { appId: 'zanzibar-ledger', tenantId: FOREIGN_TENANT },
      },
    });
    expect(click.status).toBe(200);
    const shown = JSON.stringify(click.body);
    expect(shown).not.toMatch(/Zanzibar Secret Ledger|Zanzibar Ltd/);
    expect(textsOf(click.body.value).join(' ')).toMatch(/could not find an app/);
  });

  test('a confirmation of someone else, of nobody, or shaped like a path changes nothing', async () => {
    const megan = { tenantId: SAMPLE_TENANT, userId: MEGAN.aadObjectId, name: MEGAN.name };
    await t.app.ledger.assign(megan, 'fabrikam-expenses', ['a0c00004-0000-4000-8000-000000000004']);
    const hers = await t.app.ledger.prepareUnassign(megan, 'fabrikam-expenses', [
      'a0c00004-0000-4000-8000-000000000004',
    ]);
    const ids = [
      hers.confirmationId,
      '00000000-0000-4000-8000-000000000000',
      '../ledger-fabrikam-expenses',
      42,
    ];
    for (const confirmationId of ids) {
      const click = await t.client({ user: ADELE }).invoke('adaptiveCard/action', {
        action: { type: 'Action.Execute', verb: 'unassign.confirm', data: { confirmationId } },
      });
      expect(click.status).toBe(200);
      expect(textsOf(click.body.value).join(' ')).toMatch(/Nothing (more )?was changed/);
    }
    expect((await t.app.ledger.details(SAMPLE_TENANT, 'fabrikam-expenses')).seatsAssigned).toBe(1);
    expect(t.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});
