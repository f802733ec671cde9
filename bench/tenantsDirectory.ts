/**
 * The directory of many generated organisations at once, for the benchmark of many tenants warm on
 * one instance: each tenant's questions go to its own SampleDirectory. (In production the directory
 * is Microsoft Graph, whose data lives outside the bot; here the organisations are in the bot's
 * process and counted in its memory, so the figure is an upper bound.)
 */
import { DirectoryError, type Directory } from '../bot/directory/directory';
import { SampleDirectory, type SampleOrganisation } from '../bot/directory/sampleDirectory';

export class TenantsDirectory implements Directory {
  private readonly tenants = new Map<string, SampleDirectory>();

  constructor(organisations: SampleOrganisation[]) {
    for (const org of organisations) this.tenants.set(org.tenantId.toLowerCase(), new SampleDirectory(org));
  }

  private of(tenantId: string): SampleDirectory {
    const found = this.tenants.get(tenantId.toLowerCase());
    if (!found)
      throw new DirectoryError('TenantNotInDirectory', `tenant ${tenantId} is not in the benchmark`);
    return found;
  }

  searchPrincipals(...args: Parameters<Directory['searchPrincipals']>) {
    return this.of(args[0]).searchPrincipals(...args);
  }

  getPrincipal(...args: Parameters<Directory['getPrincipal']>) {
    return this.of(args[0]).getPrincipal(...args);
  }

  resolvePrincipal(...args: Parameters<Directory['resolvePrincipal']>) {
    return this.of(args[0]).resolvePrincipal(...args);
  }

  transitiveUserMembers(...args: Parameters<Directory['transitiveUserMembers']>) {
    return this.of(args[0]).transitiveUserMembers(...args);
  }

  adminRoles(...args: Parameters<Directory['adminRoles']>) {
    return this.of(args[0]).adminRoles(...args);
  }
}
