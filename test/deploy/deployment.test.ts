import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { validate as lintDockerfile, ValidationSeverity } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';

/**
 * The deployment files, checked offline as far as their tools allow: the Dockerfile by a Dockerfile
 * linter, m365agents.yml by the Microsoft 365 Agents Toolkit's own JSON schema, the Bicep template
 * and its parameters against each other and against the settings bot/config/config.ts reads.
 */

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Every variable the configuration loader reads: `text(env, 'NAME')`, `integer(env, 'NAME', …)`… */
function configVariables(): Set<string> {
  const source = read('bot/config/config.ts');
  return new Set([...source.matchAll(/\(\s*env,\s*'([A-Za-z_][A-Za-z0-9_]*)'/g)].map((match) => match[1]));
}

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages = instructions.reduce<string[][]>((all, line) => {
    if (/^FROM\s/i.test(line)) all.push([]);
    all[all.length - 1]?.push(line);
    return all;
  }, []);
  const runtime = stages[stages.length - 1];

  test('has no finding of the dockerfile-utils linter, every rule an error', () => {
    const everyRule = Object.fromEntries(
      [
        'deprecatedMaintainer',
        'directiveCasing',
        'emptyContinuationLine',
        'instructionCasing',
        'instructionCmdMultiple',
        'instructionEntrypointMultiple',
        'instructionHealthcheckMultiple',
        'instructionJSONInSingleQuotes',
        'instructionWorkdirRelative',
      ].map((rule) => [rule, ValidationSeverity.ERROR]),
    );
    const findings = lintDockerfile(dockerfile, everyRule).map(
      (d) => `line ${d.range.start.line + 1}: ${d.message}`,
    );
    expect(findings).toEqual([]);
    // The linter does find what it should: a broken file is not silently accepted.
    expect(lintDockerfile('FROM node:20\nMAINTAINER x\nCMD a\nCMD b\n', everyRule)).toHaveLength(2);
  });

  test('builds with the dev dependencies, runs the compiled bot with production ones, as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0].join('\n')).toMatch(/RUN npm ci\b/);
    expect(stages[0].join('\n')).toMatch(/RUN npm run build/);
    expect(runtime.join('\n')).toMatch(/RUN npm ci --omit=dev/);
    expect(runtime.join('\n')).toMatch(/COPY --from=\S+ \/app\/dist/);
    expect(runtime.find((line) => /^CMD /.test(line))).toMatch(/"node", "dist\/bot\/index\.js"/);
    const user = runtime.filter((line) => /^USER /.test(line)).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/);
  });

  test('checks readiness on /readyz', () => {
    expect(runtime.find((line) => /^HEALTHCHECK /.test(line))).toMatch(/\/readyz/);
  });

  test('never opens every interface without the bot authenticating', () => {
    const env = runtime.filter((line) => /^ENV /.test(line)).join(' ');
    // HOST comes from the configuration: 0.0.0.0 only with MicrosoftAppId set.
    if (/\bHOST=/.test(env)) expect(env).toMatch(/\bMicrosoftAppId=/);
    expect(env).not.toMatch(/MicrosoftAppPassword|DIALOG_TOKEN_SECRET|COSMOS_KEY/);
  });

  test('.dockerignore keeps dependencies, data and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', '.data', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

describe('Microsoft 365 Agents Toolkit project', () => {
  const project = parseYaml(read('m365agents.yml')) as Record<string, any>;

  test('m365agents.yml is valid against the toolkit schema of its version', () => {
    // The schema as @microsoft/teamsfx-core 3.1.3 ships it (resource/yaml-schema/v1.13, MIT).
    const schema = JSON.parse(read('test/deploy/m365agents.schema.v1.13.json'));
    expect(project.version).toBe(schema.properties.version.const);
    const ajv = new Ajv({ allErrors: true, strict: false });
    const valid = ajv.validate(schema, project);
    expect(valid ? [] : ajv.errors).toEqual([]);
    // And the schema does refuse a wrong file.
    expect(ajv.validate(schema, { ...project, provision: [{ uses: 'arm/deploy', with: {} }] })).toBe(false);
  });

  test('provisions the Teams app, the bot registration and Azure, then packages; deploys the build', () => {
    const uses = (stage: string) => (project[stage] as { uses: string }[]).map((step) => step.uses);
    expect(uses('provision')).toEqual([
      'teamsApp/create',
      'aadApp/create',
      'arm/deploy',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    expect(uses('deploy')).toContain('azureAppService/zipDeploy');
  });

  test('every file it names exists', () => {
    const files = JSON.stringify(project).match(/\.\/(infra|appPackage)\/[\w./-]+\.(bicep|json)/g) ?? [];
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) expect(existsSync(path.join(ROOT, file))).toBe(true);
  });

  test('every ${{VARIABLE}} it or the parameters use is in env/.env.dev or written by a step', () => {
    const envFile = read('env/.env.dev');
    const declared = new Set([...envFile.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const written = new Set<string>(
      (project.provision as { writeToEnvironmentFile?: Record<string, string> }[]).flatMap((step) =>
        Object.values(step.writeToEnvironmentFile ?? {}),
      ),
    );
    const outputs = new Set([...read('infra/azure.bicep').matchAll(/^output (\w+) /gm)].map((m) => m[1]));
    const used = [
      ...(read('m365agents.yml') + read('infra/azure.parameters.json')).matchAll(/\$\{\{(\w+)\}\}/g),
    ];
    // SECRET_ values live in env/.env.dev.user, which the operator writes (README).
    const unknown = used
      .map((m) => m[1])
      .filter((name) => !declared.has(name) && !written.has(name) && !outputs.has(name))
      .filter((name) => !name.startsWith('SECRET_'));
    expect(unknown).toEqual([]);
  });

  test('env/.env.dev holds placeholders only, never a secret', () => {
    const values = [...read('env/.env.dev').matchAll(/^([A-Za-z_]\w*)=(.*)$/gm)];
    for (const [, name, value] of values) {
      if (/SECRET|PASSWORD|KEY/.test(name)) expect(`${name}=${value}`).toBe(`${name}=`);
    }
    expect(values.map(([, name]) => name)).toEqual(
      expect.arrayContaining(['AZURE_SUBSCRIPTION_ID', 'TEAMS_APP_ID']),
    );
  });
});

describe('infra/azure.bicep', () => {
  const bicep = read('infra/azure.bicep');
  const parameters = JSON.parse(read('infra/azure.parameters.json')).parameters as Record<string, unknown>;
  const params = [...bicep.matchAll(/^param (\w+) \w+( = .*)?$/gm)].map((m) => ({
    name: m[1],
    optional: !!m[2],
  }));

  test('its parameters and the parameters file match', () => {
    expect(Object.keys(parameters).sort()).toEqual(
      expect.arrayContaining(params.filter((p) => !p.optional).map((p) => p.name)),
    );
    for (const name of Object.keys(parameters)) expect(params.map((p) => p.name)).toContain(name);
    // Secrets are passed as @secure() parameters, never as plain text in the template.
    for (const name of ['botAadAppClientSecret', 'dialogTokenSecret', 'dialogTokenSecretPrevious'])
      expect(bicep).toMatch(new RegExp(`@secure\\(\\)\\n(@.*\\n)*param ${name} `));
  });

  test('every app setting is a variable bot/config/config.ts reads', () => {
    const settings = [...bicep.matchAll(/\{ name: '([^']+)', value: /g)].map((m) => m[1]);
    expect(settings.length).toBeGreaterThan(10);
    const known = configVariables();
    expect(known.size).toBeGreaterThan(25);
    expect(settings.filter((name) => !known.has(name))).toEqual([]);
    // Authenticated, on Azure Cosmos DB through the managed identity, on Microsoft Graph.
    expect(settings).toEqual(
      expect.arrayContaining([
        'MicrosoftAppId',
        'MicrosoftAppPassword',
        'DIALOG_TOKEN_SECRET',
        'COSMOS_ENDPOINT',
        'COSMOS_MANAGED_IDENTITY_CLIENT_ID',
        'DIRECTORY_SOURCE',
      ]),
    );
    expect(settings).not.toContain('COSMOS_KEY');
  });

  test('Cosmos DB partitioned by tenant, the identity a data contributor; an Azure Bot on Teams', () => {
    expect(bicep).toMatch(/partitionKey: \{ paths: \['\/tenantId'\], kind: 'Hash' \}/);
    expect(bicep).toMatch(/Microsoft\.ManagedIdentity\/userAssignedIdentities@/);
    expect(bicep).toMatch(/sqlRoleAssignments@/);
    expect(bicep).toMatch(/cosmosDataContributor = '00000000-0000-0000-0000-000000000002'/);
    expect(bicep).toMatch(/principalId: identity\.properties\.principalId/);
    expect(bicep).toMatch(/Microsoft\.BotService\/botServices@/);
    expect(bicep).toMatch(/channelName: 'MsTeamsChannel'/);
    expect(bicep).toMatch(/healthCheckPath: '\/readyz'/);
    expect(bicep).toMatch(/endpoint: 'https:\/\/\$\{webApp\.properties\.defaultHostName\}\/api\/messages'/);
  });
});
