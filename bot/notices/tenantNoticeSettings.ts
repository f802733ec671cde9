import type { DocumentStore, Stored } from '../storage/documentStore';

/**
 * A tenant's notice settings (`noticesettings`, one small document): the alert channel (a group chat
 * or team channel whose reference ConversationReferences stores), whether people are told of their
 * seats (`notices on|off`), and the admins who have talked to the bot (where alerts go without an
 * alert channel; at most MAX_ADMINS, the newest kept).
 */
export interface TenantNoticeSettingsDocument {
  id: typeof SETTINGS_ID;
  tenantId: string;
  type: 'noticeSettings';
  alertConversationId?: string;
  peopleNotices: 'on' | 'off';
  /** Entra object ids, lowercase. */
  admins: string[];
}

export const SETTINGS_ID = 'noticesettings';
const MAX_ADMINS = 50;
/** Admins this instance already recorded (per tenant): a command costs no write after the first. */
const NOTED_KEPT = 10_000;

export class TenantNoticeSettings {
  private readonly noted = new Set<string>();

  constructor(private readonly store: DocumentStore) {}

  async get(tenantId: string): Promise<TenantNoticeSettingsDocument> {
    return (await this.read(tenantId)).doc;
  }

  async peopleNoticesOff(tenantId: string): Promise<boolean> {
    return (await this.get(tenantId)).peopleNotices === 'off';
  }

  setAlertChannel(
    tenantId: string,
    conversationId: string | undefined,
  ): Promise<TenantNoticeSettingsDocument> {
    return this.change(tenantId, (doc) => {
      const { alertConversationId: _previous, ...rest } = doc;
      return conversationId ? { ...rest, alertConversationId: conversationId } : rest;
    });
  }

  setPeopleNotices(tenantId: string, value: 'on' | 'off'): Promise<TenantNoticeSettingsDocument> {
    return this.change(tenantId, (doc) => ({ ...doc, peopleNotices: value }));
  }

  /** An admin used the bot: alerts may go to their personal chat. */
  async noteAdmin(tenantId: string, userId: string): Promise<void> {
    const key = `${tenantId}|${userId.toLowerCase()}`;
    if (!userId || this.noted.has(key)) return;
    const current = await this.read(tenantId);
    if (!current.doc.admins.includes(userId.toLowerCase())) {
      await this.change(tenantId, (doc) =>
        doc.admins.includes(userId.toLowerCase())
          ? doc
          : { ...doc, admins: [...doc.admins, userId.toLowerCase()].slice(-MAX_ADMINS) },
      );
    }
    if (this.noted.size >= NOTED_KEPT) this.noted.clear();
    this.noted.add(key);
  }

  private async read(tenantId: string): Promise<{ doc: TenantNoticeSettingsDocument; etag?: string }> {
    const stored: Stored<TenantNoticeSettingsDocument> | undefined = await this.store.read(
      tenantId,
      SETTINGS_ID,
    );
    return (
      stored ?? {
        doc: { id: SETTINGS_ID, tenantId, type: 'noticeSettings', peopleNotices: 'on', admins: [] },
      }
    );
  }

  /** Read, change, write with IfMatch (create when absent); again on a concurrent change. */
  private async change(
    tenantId: string,
    update: (doc: TenantNoticeSettingsDocument) => TenantNoticeSettingsDocument,
  ): Promise<TenantNoticeSettingsDocument> {
    for (;;) {
      const current = await this.read(tenantId);
      const next = update(current.doc);
      const written = current.etag
        ? await this.store.replace(next, { ifMatch: current.etag })
        : await this.store.create(next);
      if (written.ok) return next;
    }
  }
}
