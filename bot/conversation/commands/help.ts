import { requireLicenseAdmin } from '../../licensing/access';
import { helpCard } from '../views/messageViews';
import type { CommandHandler } from './handler';

/** Open to all: admins see every command, everyone else what they may do (request, my licenses). */
export const help: CommandHandler = {
  intent: 'help',
  adminOnly: false,
  async run(ctx) {
    const { turn, services } = ctx;
    const admin = await requireLicenseAdmin(services.directory, turn.tenantId, turn.actor.userId).then(
      () => true,
      () => false,
    );
    return { card: helpCard(turn.language, admin) };
  },
};
