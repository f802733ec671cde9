/**
 * The commands the benchmark sends, one phase per command, and how a turn is timed: from just before
 * the POST to /api/messages until the reply reaches the loopback connector (messages), or until the
 * invoke response arrives (card buttons). Both bots get the same requests; License Desk's answers
 * are also checked, so a fast error card cannot pass for a fast answer.
 */
import { performance } from 'node:perf_hooks';
import type { CatalogApp } from '../bot/licensing/model';
import type { LoopbackConnector } from '../test/harness/loopbackConnector';
import { TeamsTestClient, textsOf, type AdaptiveCardJson, type TestUser } from '../test/harness/teamsClient';
import { commandOf } from './floorBot';
import type { BotKind } from './protocol';
import type { BenchTenant } from './tenant';

export const COMMANDS = [
  'help',
  'licenses',
  'details',
  'assign user',
  'assign group',
  'unassign prepare',
  'unassign confirm',
  'history',
] as const;

export type Command = (typeof COMMANDS)[number];

/** Commands whose Cosmos cost is a target: no query, at most 6 requests. */
export const HOT_COMMANDS: Command[] = [
  'licenses',
  'details',
  'assign user',
  'assign group',
  'unassign prepare',
  'unassign confirm',
];

export interface TurnResult {
  ms: number;
  ok: boolean;
  problem?: string;
  card?: AdaptiveCardJson;
}

/** One chat between an admin and the bot, working on one app. */
export class BenchConversation {
  readonly client: TeamsTestClient;
  /** Users assigned by "assign user" and not yet unassigned (their UPNs, in order). */
  private readonly toUnassign: string[] = [];
  private readonly confirmations: AdaptiveCardJson[] = [];
  /** Everything assigned since the last `takeAssigned`, for putting the tenant back. */
  private assignedIds: string[] = [];
  /** The last card License Desk answered per command (the storage floor answers the same). */
  private readonly cards = new Map<Command, AdaptiveCardJson>();
  private userCursor: number;
  private groupCursor: number;

  constructor(
    readonly kind: BotKind,
    url: string,
    connector: LoopbackConnector,
    private readonly tenant: BenchTenant,
    readonly app: CatalogApp,
    readonly admin: TestUser,
    /** Spreads conversations working on the same app over different users and groups. */
    slot: number,
  ) {
    this.client = new TeamsTestClient(url, connector, { tenantId: tenant.tenantId, user: admin });
    this.userCursor = slot * 997;
    this.groupCursor = slot * 37;
  }

  lastCard(command: Command): AdaptiveCardJson | undefined {
    return this.cards.get(command);
  }

  takeAssigned(): string[] {
    const ids = this.assignedIds;
    this.assignedIds = [];
    return ids;
  }

  async turn(command: Command): Promise<TurnResult> {
    const name = this.app.name;
    switch (command) {
      case 'help':
        return this.message('help', (texts) => texts[0] === 'License Desk');
      case 'licenses':
        return this.message('licenses', (texts, card) => {
          const details = JSON.stringify(card).split('"Details"').length - 1;
          return texts[0] === 'Licenses' && details >= this.tenant.apps.length;
        });
      case 'details':
        return this.message(`details ${name}`, (texts) => texts[0] === name);
      case 'assign user': {
        const { assignable } = this.tenant;
        const user = assignable[this.userCursor++ % assignable.length];
        this.toUnassign.push(user.userPrincipalName);
        this.assignedIds.push(user.id);
        return this.message(
          `assign ${name} to ${user.userPrincipalName}`,
          (texts) => texts[0] === `Licenses assigned: ${name}`,
        );
      }
      case 'assign group': {
        const { largeGroups } = this.tenant;
        const group = largeGroups[this.groupCursor++ % largeGroups.length];
        this.assignedIds.push(group.id);
        return this.message(
          `assign ${name} to group ${group.displayName}`,
          (texts) => texts[0] === `Licenses assigned: ${name}`,
        );
      }
      case 'unassign prepare': {
        const upn = this.toUnassign.shift() ?? this.tenant.assignable[0].userPrincipalName;
        const result = await this.message(
          `unassign ${name} from ${upn}`,
          (texts) => texts[0] === `Unassign ${name}?`,
        );
        if (result.ok && result.card) this.confirmations.push(result.card);
        return result;
      }
      case 'unassign confirm':
        return this.confirm();
      case 'history':
        return this.message(`history ${name}`, (texts) => texts[0] === `History: ${name}`);
    }
  }

  private async message(
    text: string,
    check: (texts: string[], card: AdaptiveCardJson | undefined) => boolean,
  ): Promise<TurnResult> {
    const start = performance.now();
    const turn = await this.client.send(text);
    const reply = turn.replies[0];
    if (!reply) return { ms: performance.now() - start, ok: false, problem: `no reply to "${text}"` };
    const ms = reply.receivedAt - start;
    if (this.kind === 'echo') {
      const ok = turn.text === `echo: ${text}`;
      return { ms, ok, problem: ok ? undefined : `echo said ${turn.text}` };
    }
    const texts = turn.card ? textsOf(turn.card) : [turn.text ?? ''];
    // The storage floor answers a card License Desk answered (for another conversation's app, maybe).
    const ok = turn.status === 200 && !!turn.card && (this.kind === 'floor' || check(texts, turn.card));
    if (ok && this.kind === 'desk') this.cards.set(commandOf(text), turn.card!);
    return {
      ms,
      ok,
      card: turn.card,
      problem: ok ? undefined : `"${text}" → ${texts.slice(0, 2).join(' | ')}`,
    };
  }

  private async confirm(): Promise<TurnResult> {
    if (this.kind === 'echo') {
      const start = performance.now();
      const turn = await this.client.invoke('adaptiveCard/action', {
        action: { type: 'Action.Execute', verb: 'unassign.confirm', data: { confirmationId: 'echo' } },
        trigger: 'manual',
      });
      const ok = turn.status === 200 && turn.body?.value === 'echo';
      return { ms: performance.now() - start, ok, problem: ok ? undefined : `invoke → ${turn.status}` };
    }
    const card = this.confirmations.shift();
    if (!card) return { ms: 0, ok: false, problem: 'no confirmation card to click' };
    const start = performance.now();
    const click = await this.client.click(card, 'Unassign');
    const ms = performance.now() - start;
    const texts = click.replacement ? textsOf(click.replacement) : [];
    const ok =
      click.status === 200 &&
      (this.kind === 'floor' ? !!click.replacement : texts[0] === `Unassigned: ${this.app.name}`);
    if (ok && this.kind === 'desk') this.cards.set('unassign confirm', click.replacement!);
    return { ms, ok, problem: ok ? undefined : `Unassign click → ${texts.slice(0, 2).join(' | ')}` };
  }
}
