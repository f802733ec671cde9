import type { Intent } from '../commandTable';
import { details, exportHolders, history, install, seats } from './appCommands';
import { assign } from './assign';
import type { CommandHandler } from './handler';
import { help } from './help';
import { licensesOf } from './licensesOf';
import { list } from './list';
import { offboard } from './offboard';
import { unassign } from './unassign';

export const COMMAND_HANDLERS: Record<Intent, CommandHandler> = {
  help,
  list,
  details,
  licensesOf,
  assign,
  unassign,
  offboard,
  install,
  seats,
  history,
  export: exportHolders,
};
