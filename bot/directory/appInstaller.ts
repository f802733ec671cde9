/**
 * Installs the bot's Teams app for a user before the bot writes to them first, so that Teams lets
 * it open the personal chat (Graph: POST /users/{id}/teamwork/installedApps, permission
 * TeamsAppInstallation.ReadWriteForUser.All). Implemented with Graph (graphAppInstaller.ts); optional (NOTICE_INSTALL_APP).
 */
export interface AppInstaller {
  /** True when the app is installed for the user now (installed here or before). */
  installFor(tenantId: string, aadObjectId: string): Promise<boolean>;
}
