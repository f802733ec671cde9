import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import openApiDocument from '../../../bot/api/openapi.json';

/**
 * Every answer of the licensing API checked against its OpenAPI document: the operation (method and
 * path template), the status it lists, the content type, and the body against the response schema,
 * with Ajv's JSON Schema 2020-12 validator (the dialect of OpenAPI 3.1). No shape is checked by hand.
 */

type Json = Record<string, any>;
const doc = openApiDocument as Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: doc.components });

const operations = Object.entries(doc.paths as Json).map(([template, item]) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  item: item as Json,
}));

function resolve(node: Json): Json {
  if (typeof node.$ref !== 'string') return node;
  const parts = (node.$ref as string).replace(/^#\//, '').split('/');
  return resolve(parts.reduce((at: Json, part) => at[part], doc));
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: Json;
}

/** Throws, naming what differs, when an answer is not what the document says the operation answers. */
export function checkAgainstContract(method: string, url: string, answer: ApiAnswer): void {
  const path = new URL(url).pathname;
  const found = operations.find((operation) => operation.pattern.test(path));
  const operation = found?.item[method.toLowerCase()] as Json | undefined;
  // An undocumented operation may only be refused.
  if (!operation) {
    expectProblem(answer, `${method} ${path} (not in the document)`);
    return;
  }
  const response = (operation.responses as Json)[String(answer.status)];
  if (!response)
    throw new Error(`${method} ${found!.template}: status ${answer.status} is not in the document`);
  const content = resolve(response).content as Json;
  const type = (answer.headers.get('content-type') ?? '').split(';')[0].trim();
  const media = content[type] as Json | undefined;
  if (!media)
    throw new Error(
      `${method} ${found!.template} ${answer.status}: content type ${type} is not in the document`,
    );
  validate(media.schema as Json, answer.body, `${method} ${found!.template} ${answer.status}`);
}

function expectProblem(answer: ApiAnswer, what: string): void {
  const type = (answer.headers.get('content-type') ?? '').split(';')[0].trim();
  if (answer.status < 400 || type !== 'application/problem+json')
    throw new Error(`${what}: answered ${answer.status} ${type}, not a problem`);
  validate({ $ref: '#/components/schemas/Problem' }, answer.body, what);
}

const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
function validate(schema: Json, body: unknown, what: string): void {
  const key = JSON.stringify(schema);
  let check = compiled.get(key);
  if (!check) {
    const rewritten = JSON.parse(key.replace(/"#\/components\//g, '"openapi#/components/')) as Json;
    check = ajv.compile(rewritten);
    compiled.set(key, check);
  }
  if (!check(body))
    throw new Error(
      `${what}: body does not match the document: ${ajv.errorsText(check.errors)}\n${JSON.stringify(body).slice(0, 500)}`,
    );
}
