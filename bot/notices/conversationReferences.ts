import { createHash } from 'node:crypto';
import type { DocumentStore } from '../storage/documentStore';
import type { StoredReference } from './messenger';

/**
 * Where the bot can reach people, per tenant: one small document per user's personal chat
 * (`convref:user:<Entra object id>`) and per group chat or team channel (`convref:conv:<hash>`),
 * each with its locale, so a tenant of 100,000 users is 100,000 small documents, never one that grows;
 * and `convref:origin`, the service and bot identity the tenant's activities come from (what a
 * proactive createConversation needs for someone who never wrote to the bot).
 */
export interface ConversationRefDocument {
  id: string;
  tenantId: string;
  type: 'conversationRef';
  scope: 'personal' | 'conversation' | 'origin';
  /** The user (personal) or the conversation id (conversation). */
  key: string;
  reference: StoredReference;
  updatedAt: string;
}

export const personalRefId = (aadObjectId: string) => `convref:user:${aadObjectId.toLowerCase()}`;
export const conversationRefId = (conversationId: string) =>
  `convref:conv:${createHash('sha256').update(conversationId).digest('base64url')}`;
export const ORIGIN_REF_ID = 'convref:origin';

/** How many written references an instance remembers (to skip rewriting an unchanged one). */
const WRITTEN_KEPT = 20_000;

export class ConversationReferences {
  /** What this instance last wrote (or found) per document: a message whose reference is unchanged costs no write. */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly store: DocumentStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Stores where this conversation (and, in a personal chat, this user) can be reached. `always`:
   * write even if this instance wrote the same before (an install: another instance may have removed it).
   */
  async remember(tenantId: string, reference: StoredReference, always = false): Promise<void> {
    const docs = this.documentsOf(tenantId, reference);
    for (const doc of docs) {
      const fingerprint = JSON.stringify(doc.reference);
      const key = `${tenantId}|${doc.id}`;
      if (!always && this.written.get(key) === fingerprint) continue;
      await this.store.upsert(doc);
      this.note(key, fingerprint);
    }
  }

  /** The bot was removed from this conversation (or uninstalled by this user). */
  async forget(tenantId: string, reference: StoredReference): Promise<void> {
    const id = isPersonal(reference) ? personalId(reference) : conversationRefId(reference.conversation.id);
    if (!id) return;
    this.written.delete(`${tenantId}|${id}`);
    await this.store.delete(tenantId, id);
  }

  async personal(tenantId: string, aadObjectId: string): Promise<StoredReference | undefined> {
    return (await this.store.read<ConversationRefDocument>(tenantId, personalRefId(aadObjectId)))?.doc
      .reference;
  }

  async conversation(tenantId: string, conversationId: string): Promise<StoredReference | undefined> {
    return (await this.store.read<ConversationRefDocument>(tenantId, conversationRefId(conversationId)))?.doc
      .reference;
  }

  async origin(tenantId: string): Promise<StoredReference | undefined> {
    return (await this.store.read<ConversationRefDocument>(tenantId, ORIGIN_REF_ID))?.doc.reference;
  }

  /** Stores a personal chat the bot opened itself (createConversation). */
  async rememberPersonal(tenantId: string, aadObjectId: string, reference: StoredReference): Promise<void> {
    await this.store.upsert(this.document(tenantId, 'personal', aadObjectId.toLowerCase(), reference));
  }

  private documentsOf(tenantId: string, reference: StoredReference): ConversationRefDocument[] {
    const origin: StoredReference = {
      channelId: reference.channelId,
      serviceUrl: reference.serviceUrl,
      conversation: { id: '', tenantId },
      bot: reference.bot,
    };
    const docs = [this.document(tenantId, 'origin', '', origin)];
    const user = personalId(reference);
    if (isPersonal(reference)) {
      if (user)
        docs.push(this.document(tenantId, 'personal', reference.user!.aadObjectId!.toLowerCase(), reference));
    } else {
      docs.push(this.document(tenantId, 'conversation', reference.conversation.id, reference));
    }
    return docs;
  }

  private document(
    tenantId: string,
    scope: ConversationRefDocument['scope'],
    key: string,
    reference: StoredReference,
  ): ConversationRefDocument {
    const id =
      scope === 'origin' ? ORIGIN_REF_ID : scope === 'personal' ? personalRefId(key) : conversationRefId(key);
    return {
      id,
      tenantId,
      type: 'conversationRef',
      scope,
      key,
      reference,
      updatedAt: this.now().toISOString(),
    };
  }

  private note(key: string, fingerprint: string): void {
    this.written.delete(key);
    this.written.set(key, fingerprint);
    if (this.written.size > WRITTEN_KEPT) this.written.delete(this.written.keys().next().value as string);
  }
}

function isPersonal(reference: StoredReference): boolean {
  const type = reference.conversation.conversationType;
  return type === undefined || type === 'personal';
}

function personalId(reference: StoredReference): string | undefined {
  const user = reference.user?.aadObjectId;
  return user ? personalRefId(user) : undefined;
}
