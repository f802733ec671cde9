import type { Directory } from '../directory/directory';

/** The person is not a Global, License or User admin of the organisation. */
export class NotAnAdmin extends Error {
  readonly kind = 'NotAnAdmin';
  constructor() {
    super('NotAnAdmin');
    this.name = 'NotAnAdmin';
  }
}

/**
 * Only Global, License and User admins may see or change licenses (the admin center's
 * "before you begin"). Checked from the directory on every command, every click and every request
 * of the Assign licenses page.
 */
export async function requireLicenseAdmin(
  directory: Directory,
  tenantId: string,
  userId: string,
): Promise<void> {
  if (!userId) throw new NotAnAdmin();
  const roles = await directory.adminRoles(tenantId, userId);
  if (roles.length === 0) throw new NotAnAdmin();
}
