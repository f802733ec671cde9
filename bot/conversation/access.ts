import type { Directory } from '../directory/directory';
import { NotAnAdmin } from './errors';
import type { Turn } from './turn';

/**
 * Only Global, License and User admins may see or change licenses (the admin center's
 * "before you begin"). Checked on every command and every click, from the directory.
 */
export async function requireLicenseAdmin(directory: Directory, turn: Turn): Promise<void> {
  if (!turn.actor.userId) throw new NotAnAdmin();
  const roles = await directory.adminRoles(turn.tenantId, turn.actor.userId);
  if (roles.length === 0) throw new NotAnAdmin();
}
