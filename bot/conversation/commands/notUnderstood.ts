import { t } from '../../i18n';
import { requireLicenseAdmin } from '../../licensing/access';
import type { CommandContext } from '../context';
import { askFor } from '../mentionHint';
import { nearestCommands } from '../suggest';
import type { Outgoing } from '../turn';
import { choiceCard } from '../views/messageViews';

/** A message that is no command: the nearest commands as buttons, or else a pointer to help. */
export async function notUnderstood(ctx: CommandContext, text: string): Promise<Outgoing> {
  const { turn, services } = ctx;
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  // App names come from the catalog, which only admins may see; a suggestion is never worth an error.
  const catalog = () =>
    requireLicenseAdmin(services.directory, turn.tenantId, turn.actor.userId)
      .then(() => services.ledger.getCatalog(turn.tenantId))
      .catch(() => []);
  const suggestions = await nearestCommands(text, turn.language, catalog);
  if (suggestions.length === 0)
    return { text: t(turn.language, askFor(turn, 'unknown.text'), { text: shown }) };
  return {
    card: choiceCard(
      t(turn.language, 'unknown.didYouMean', { text: shown }),
      suggestions.map((command) => ({ title: command, command })),
    ),
  };
}
