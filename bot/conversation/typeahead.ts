import { searchPane } from '../assignPane/paneSearch';
import { failureOf, failureText } from '../failures';
import { requireLicenseAdmin } from '../licensing/access';
import { choiceTitle, PRINCIPALS_DATASET } from './assignChatCard';
import type { CommandContext } from './context';

/** The typeahead of the "Assign licenses" card (assignChatCard.ts): users and groups as the admin types. */

/** An application/search invoke, as the Teams layer hands it over. */
export interface ChoiceSearch {
  dataset: string;
  queryText: string;
  skip?: number;
  top?: number;
}

export type ChoiceSearchAnswer =
  | { kind: 'results'; results: { title: string; value: string }[] }
  | { kind: 'error'; status: number; code: string; message: string };

/** Answers the card's typeahead from the directory: admins only, the tenant of the activity. */
export async function searchChoices(ctx: CommandContext, search: ChoiceSearch): Promise<ChoiceSearchAnswer> {
  const { turn, services } = ctx;
  try {
    await requireLicenseAdmin(services.directory, turn.tenantId, turn.actor.userId);
    if (search.dataset !== PRINCIPALS_DATASET) return { kind: 'results', results: [] };
    const found = await searchPane(services.directory, turn.tenantId, search.queryText, search);
    return {
      kind: 'results',
      results: found.map((result) => ({ title: choiceTitle(turn.language, result), value: result.id })),
    };
  } catch (error) {
    const failure = failureOf(error, services.logger);
    return {
      kind: 'error',
      status: failure.status,
      code: failure.kind,
      message: failureText(turn.language, failure),
    };
  }
}
