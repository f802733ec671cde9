import type { StringKey } from '../i18n';
import type { Turn } from './turn';

/**
 * Where the bot hears only messages that @mention it (group chats, channels), "type help" alone would
 * not work: the hint says to mention it.
 */
export function askFor(turn: Turn, key: 'welcome.text' | 'empty.text' | 'unknown.text'): StringKey {
  return turn.conversationType === 'personal' ? key : `${key}.mention`;
}
