/**
 * The OpenAPI 3.1 document is valid (checked by @seriousme/openapi-schema-validator, an ESM package,
 * in a child Node process), served as committed at /api/v1/openapi.json, and every operation it
 * describes is answered by the app (checked against the document like every other answer).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import openApiDocument from '../../bot/api/openapi.json';
import { startTestApp, type TestApp } from '../harness/testApp';
import { ApiClient, SAMPLE_TENANT } from './support/apiClient';

const DOCUMENT = path.join(__dirname, '../../bot/api/openapi.json');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

test('the document is valid OpenAPI 3.1', () => {
  const script = `import { Validator } from '@seriousme/openapi-schema-validator';
const result = await new Validator().validate(process.argv[1]);
process.stdout.write(JSON.stringify(result));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script, DOCUMENT], {
    cwd: path.join(__dirname, '../..'),
    encoding: 'utf8',
  });
  expect(JSON.parse(output)).toEqual({ valid: true });
  expect(openApiDocument.openapi).toBe('3.1.0');
});

test('served at /api/v1/openapi.json, as committed', async () => {
  const response = await fetch(`${t.app.url}/api/v1/openapi.json`);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await response.json()).toEqual(openApiDocument);
});

test('every operation of the document is answered as the document says', async () => {
  const api = new ApiClient(t.app.url);
  const ids = { tenantId: SAMPLE_TENANT, appId: 'contoso-crm', userId: 'bob@contoso.com' };
  const bodies: Record<string, unknown> = {
    putApp: {
      name: 'Contoso CRM',
      vendor: {
        name: 'Contoso Ltd',
        email: 'licensing@contoso-ltd.example',
        website: 'https://contoso-ltd.example',
      },
      installUrl: 'https://contoso-ltd.example/crm/install',
    },
    putSubscription: { seats: 25, state: 'active', operationId: 'document-test' },
  };
  const answered: string[] = [];
  for (const [template, item] of Object.entries(openApiDocument.paths)) {
    const url = template.replace(/\{(\w+)\}/g, (_, name: keyof typeof ids) => ids[name]);
    for (const [method, operation] of Object.entries(item as Record<string, { operationId?: string }>)) {
      if (!operation.operationId) continue;
      const answer = await api.call(method.toUpperCase(), url, { body: bodies[operation.operationId] });
      expect(answer.status).toBeLessThan(300);
      answered.push(operation.operationId);
    }
  }
  expect(answered.sort()).toEqual(
    ['checkLicense', 'listChanges', 'listHolders', 'openApiDocument', 'putApp', 'putSubscription'].sort(),
  );
});
