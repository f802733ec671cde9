/**
 * `npm run playground` with the repo's .m365agentsplayground.yml: the real playground loads the config
 * (it validates it against its 0.1.1 schema) and plays Adele Vance, License admin of the sample tenant;
 * with `--as <user>` it plays that user of the sample organisation, and its banner says who and with
 * which role.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const REPO_ROOT = path.join(__dirname, '..', '..');

interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

interface TestConfig {
  config: {
    tenantId: string;
    bot: { id: string; name: string };
    currentUser: PlaygroundUser;
    users: PlaygroundUser[];
    personalChat: { id: string; name: string };
    groupChats: { id: string; name: string; members: string[] }[];
    teams: {
      id: string;
      name: string;
      aadGroupId: string;
      channels: { id: string; name: string }[];
      members: string[];
    }[];
  };
  internalConfig: { locale: string; channelId: string };
}

interface SampleDirectory {
  tenantId: string;
  users: {
    id: string;
    displayName: string;
    givenName: string;
    surname: string;
    userPrincipalName: string;
    mail: string;
  }[];
  roleAssignments: { roleTemplateId: string; principalId: string }[];
}

const LICENSE_ADMIN = '4d6ac14f-3453-41d0-bef9-a3e0c569773a';
const ADMIN_ROLES = [
  '62e90394-69f5-4237-9190-012177145e10',
  LICENSE_ADMIN,
  'fe930be7-5e62-47db-91af-98c3a49a38b1',
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const directory = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'data', 'sample', 'directory.json'), 'utf8'),
) as SampleDirectory;

interface RunningPlayground {
  port: number;
  /** Everything the script printed so far (stdout and stderr). */
  output(): string;
  testConfig: TestConfig;
  stop(): Promise<void>;
}

/** Runs `npm run playground -- <args>` on a free port until it says it is ready. */
async function startPlayground(args: string[]): Promise<RunningPlayground> {
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'playground-'));
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'scripts', 'playground.js'), ...args],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PLAYGROUND_PORT: String(port),
        // Nothing listens there: the script must warn and still start.
        BOT_ENDPOINT: 'http://127.0.0.1:9/api/messages',
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(tmp, 'playground.log'),
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30000;
  while (!output.includes('Playground ready') && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!output.includes('Playground ready')) {
    await stop();
    throw new Error(`playground did not start:\n${output}`);
  }
  const res = await fetch(`http://127.0.0.1:${port}/_internal/v1/testConfig`);
  return { port, output: () => output, testConfig: (await res.json()) as TestConfig, stop };
}

let playground: RunningPlayground;
let port: number;
let output: string;
let testConfig: TestConfig;

beforeAll(async () => {
  playground = await startPlayground([]);
  ({ port, testConfig } = playground);
  output = playground.output();
});

afterAll(async () => {
  await playground?.stop();
});

it('prints the URL to open, who you are, and warns that the bot does not answer', () => {
  expect(output).toContain(`open http://localhost:${port}`);
  expect(output).toContain(
    'You are Adele Vance (adele.vance@contoso.com), License admin of the Contoso sample tenant.',
  );
  expect(output).toContain('npm run playground -- --as bob@contoso.com');
  expect(output).toContain('warning: the bot does not answer at http://127.0.0.1:9/healthz');
});

it('plays Adele Vance, License admin of the sample tenant', () => {
  const { config } = testConfig;
  expect(config.tenantId).toBe(directory.tenantId);
  expect(config.currentUser).toMatchObject({
    id: 'a0c00001-0000-4000-8000-000000000001',
    aadObjectId: 'a0c00001-0000-4000-8000-000000000001',
    name: 'Adele Vance',
    userPrincipleName: 'adele.vance@contoso.com',
  });
  expect(directory.roleAssignments).toContainEqual({
    roleTemplateId: LICENSE_ADMIN,
    principalId: config.currentUser.aadObjectId,
  });
  expect(testConfig.internalConfig.channelId).toBe('msteams');
});

it('has exactly 5 other users, all from the sample directory, including a non-admin (Bob Kelly) and Megan Bowen', () => {
  const { config } = testConfig;
  expect(config.users).toHaveLength(5);
  for (const user of [config.currentUser, ...config.users]) {
    const entry = directory.users.find((u) => u.id === user.aadObjectId);
    expect(entry).toBeDefined();
    expect(user).toEqual({
      id: entry!.id,
      name: entry!.displayName,
      userPrincipleName: entry!.userPrincipalName,
      aadObjectId: entry!.id,
      givenName: entry!.givenName,
      surname: entry!.surname,
      email: entry!.mail,
    });
  }
  const names = config.users.map((u) => u.name);
  expect(names).toEqual(expect.arrayContaining(['Bob Kelly', 'Megan Bowen']));
  const bob = config.users.find((u) => u.name === 'Bob Kelly')!;
  expect(bob.aadObjectId).toBe('a0c00004-0000-4000-8000-000000000004');
  const admins = new Set(
    directory.roleAssignments.filter((r) => ADMIN_ROLES.includes(r.roleTemplateId)).map((r) => r.principalId),
  );
  expect(admins.has(bob.aadObjectId)).toBe(false);
});

it('has one group chat and one team with an extra channel, everyone in both', () => {
  const { config } = testConfig;
  const others = config.users.map((u) => u.id).sort();
  expect(config.groupChats).toHaveLength(1);
  expect([...config.groupChats[0].members].sort()).toEqual(others);
  expect(config.teams).toHaveLength(1);
  expect(config.teams[0].channels.map((c) => c.name)).toEqual(['General', 'Licensing']);
  expect([...config.teams[0].members].sort()).toEqual(others);
  expect(config.bot.name).toBe('License Desk');
});

describe('npm run playground -- --as <user>', () => {
  const tempConfigs = () =>
    fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('license-desk-playground-'));

  it('plays Bob Kelly, says he has no admin role, and deletes its temporary config when stopped', async () => {
    const before = tempConfigs();
    const bob = await startPlayground(['--as', 'bob@contoso.com']);
    try {
      expect(bob.output()).toContain(
        'You are Bob Kelly (bob@contoso.com), with no admin role: License Desk politely refuses license commands; "help" works.',
      );
      expect(bob.output()).not.toContain('Adele Vance');
      const { config } = bob.testConfig;
      expect(config.currentUser).toMatchObject({
        id: 'a0c00004-0000-4000-8000-000000000004',
        aadObjectId: 'a0c00004-0000-4000-8000-000000000004',
        name: 'Bob Kelly',
        userPrincipleName: 'bob@contoso.com',
      });
      // Adele takes Bob's place among the other users: still exactly 5.
      expect(config.users.map((u) => u.name).sort()).toEqual(
        ['Adele Vance', 'Alice Durand', 'Megan Bowen', 'Patti Fernandez', 'Émilie Dubois'].sort(),
      );
      expect(tempConfigs().length).toBe(before.length + 1);
    } finally {
      await bob.stop();
    }
    expect(tempConfigs()).toEqual(before);
  });

  it('plays any sample user by display name, in the config or not, with the truth about their role', async () => {
    const megan = await startPlayground(['--as=megan bowen']);
    const diego = await startPlayground(['--as', 'Diego Siciliani']);
    try {
      expect(megan.output()).toContain(
        'You are Megan Bowen (megan.bowen@contoso.com), Global admin of the Contoso sample tenant.',
      );
      expect(diego.output()).toContain('You are Diego Siciliani (');
      expect(diego.output()).toContain('with no admin role');
      expect(diego.testConfig.config.currentUser.name).toBe('Diego Siciliani');
      expect(diego.testConfig.config.users).toHaveLength(5);
    } finally {
      await Promise.all([megan.stop(), diego.stop()]);
    }
  });

  it('refuses a user the sample organisation does not have, before starting anything', async () => {
    const run = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'scripts', 'playground.js'), '--as', 'nobody@contoso.com'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, PLAYGROUND_PORT: String(await freePort()) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    run.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((r) => run.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toContain('no user "nobody@contoso.com" in the sample organisation');
  });
});
