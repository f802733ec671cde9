/**
 * The directory: users, groups, group members and admin roles of an organisation (tenant).
 * Microsoft Graph in production, the sample organisation locally. The licensing core and the
 * conversation depend on this interface only.
 */

export type PrincipalKind = 'user' | 'group';

export interface DirectoryUser {
  kind: 'user';
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string;
}

export interface DirectoryGroup {
  kind: 'group';
  id: string;
  displayName: string;
  mail?: string;
  /** Number of distinct users who are transitive members (nested groups expanded). */
  memberCount: number;
}

export type Principal = DirectoryUser | DirectoryGroup;

export type AdminRole = 'GlobalAdministrator' | 'LicenseAdministrator' | 'UserAdministrator';

/** Role template ids as Microsoft Entra ID defines them. */
export const ADMIN_ROLE_TEMPLATE_IDS: Record<string, AdminRole> = {
  '62e90394-69f5-4237-9190-012177145e10': 'GlobalAdministrator',
  '4d6ac14f-3453-41d0-bef9-a3e0c569773a': 'LicenseAdministrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'UserAdministrator',
};

export interface SearchOptions {
  kinds?: PrincipalKind[];
  /** Maximum number of results (default 10). */
  limit?: number;
}

export interface Directory {
  /**
   * Users and groups whose display name (or any word of it), mail or UPN starts with `query`,
   * case- and accent-insensitive. Users first, then groups, each ordered by display name.
   */
  searchPrincipals(tenantId: string, query: string, options?: SearchOptions): Promise<Principal[]>;

  /** A user or group by object id; undefined when it does not exist. */
  getPrincipal(tenantId: string, id: string): Promise<Principal | undefined>;

  /**
   * Exact matches of `text` against object id, UPN, mail or display name (case- and
   * accent-insensitive). Several results mean the text is ambiguous.
   */
  resolvePrincipal(tenantId: string, text: string, options?: SearchOptions): Promise<Principal[]>;

  /** Ids of the distinct users who are members of the group, nested groups expanded. */
  transitiveUserMembers(tenantId: string, groupId: string): Promise<string[]>;

  /**
   * How a user is a member of a group: the group, then each nested group down to the one the user is
   * a direct member of ([All Staff, Sales] for a member of Sales nested in All Staff); undefined when
   * not a member. Optional: a directory without it names only the assigned group.
   */
  memberPath?(tenantId: string, groupId: string, userId: string): Promise<Principal[] | undefined>;

  /** The admin roles (among Global, License and User administrator) the user holds. */
  adminRoles(tenantId: string, userId: string): Promise<AdminRole[]>;
}

/** Raised when the directory refuses or cannot answer; `reason` tells the user what to fix. */
export class DirectoryError extends Error {
  constructor(
    readonly kind: 'DirectoryUnavailable' | 'DirectoryPermissionMissing' | 'TenantNotInDirectory',
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

/** Lowercase, accents removed, spaces folded: the form names are compared in. */
export function normalizeName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
