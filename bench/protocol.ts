/** What the benchmark driver and a bot child process say to each other over the IPC channel. */
import type { RequestCounts } from '../bot/storage/documentStore';
import type { CosmosTraffic } from '../bot/storage/embedded/embeddedCosmosServer';
import type { FloorScript } from './floorBot';
import type { StoreCall } from './storeRecorder';

/** License Desk, its storage floor (floorBot.ts) and the echo floor (echoBot.ts). */
export type BotKind = 'desk' | 'floor' | 'echo';

/** Figures of the child process itself. */
export interface ProcessUsage {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size over the life of the process, bytes (getrusage). */
  maxRss: number;
  /** CPU time (user + system) since the process started, microseconds. */
  cpuMicros: number;
}

export interface UnassignItem {
  appId: string;
  principalIds: string[];
}

export type Request =
  | { id: number; type: 'usage' }
  | { id: number; type: 'counts' }
  | { id: number; type: 'resetCounts' }
  /** License Desk: the store calls recorded since the last `calls`. */
  | { id: number; type: 'calls' }
  /** The storage floor: what to do for a command. */
  | { id: number; type: 'script'; script: FloorScript }
  | {
      id: number;
      type: 'unassign';
      actor: { tenantId: string; userId: string; name: string };
      items: UnassignItem[];
    }
  | { id: number; type: 'stop' };

export type Reply =
  | {
      id: number;
      ok: true;
      usage?: ProcessUsage;
      counts?: RequestCounts;
      /** Bytes the bot's embedded Cosmos server received and sent (cumulative; none for echo). */
      traffic?: CosmosTraffic;
      calls?: StoreCall[];
    }
  | { id: number; ok: false; error: string };

/** Sent once when the bot listens. */
export interface Ready {
  type: 'ready';
  url: string;
}
