import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedCosmos } from '../../bot/storage/embedded/embeddedCosmosServer';
import { openContainer } from '../../bot/storage/cosmosConnection';
import { opFor } from './writeLoopPlan';

const CHILD = path.join(__dirname, 'writeLoop.ts');

/** Runs the write loop in a child process and SIGKILLs it once `acks` writes were acknowledged. */
function runAndKill(dataDir: string, round: number, acks: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(round)], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked = new Map<string, number>();
    let count = 0;
    let pending = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'READY' || killed) continue;
        const [id, seq] = line.split(' ');
        acked.set(id, Number(seq));
        count += 1;
        if (count >= acks) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolve(acked);
      else reject(new Error(`write loop ended on its own (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

/** 'absent' or the version a document has after the write with sequence number `seq`. */
function stateAfter(seq: number): number | 'absent' {
  return seq === 0 || opFor(seq) === 'delete' ? 'absent' : seq;
}

describe('embedded Cosmos survives kill -9', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-kill-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged write across several crashes at different points', async () => {
    // What an earlier round recovered must stay exactly as it was through later crashes.
    const settled = new Map<string, number | 'absent'>();
    const killPoints = [1, 40, 250, 900];
    for (const [round, acks] of killPoints.entries()) {
      const acked = await runAndKill(dataDir, round, acks);

      const cosmos = await startEmbeddedCosmos({ dataDir });
      try {
        const container = await openContainer({ ...cosmos, databaseId: 'kill', containerId: 'docs' });
        const { resources } = await container.items.readAll<{ id: string; v: number }>().fetchAll();
        const found = new Map(resources.map((d) => [d.id, d.v]));
        const problems: string[] = [];
        for (const [id, seq] of acked) {
          const state = found.get(id) ?? 'absent';
          // The write after the last acknowledged one may have been in flight.
          if (state !== stateAfter(seq) && state !== stateAfter(seq + 1)) {
            problems.push(`${id}: acknowledged seq ${seq}, found ${state}`);
          }
        }
        for (const [id, v] of found) {
          if (id.startsWith(`r${round}-`) && !acked.has(id) && v !== 1)
            problems.push(`${id}: unacknowledged v${v}`);
        }
        for (const [id, state] of settled) {
          if ((found.get(id) ?? 'absent') !== state)
            problems.push(`${id}: was ${state} after its crash, now changed`);
        }
        expect(problems).toEqual([]);
        console.log(
          `kill -9 round ${round}: killed after ${acks} acknowledged writes, ${acked.size} ids checked, ` +
            `${found.size} documents recovered in ` +
            `${(cosmos.recovery!.millis + cosmos.recovery!.loadMillis).toFixed(1)} ms`,
        );
        for (const id of new Set([...acked.keys(), ...found.keys()])) {
          if (id.startsWith(`r${round}-`)) settled.set(id, found.get(id) ?? 'absent');
        }
      } finally {
        await cosmos.stop();
      }
    }
  }, 120_000);
});
