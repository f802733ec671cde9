import type { Intent } from '../commandTable';
import { alertsHere, alertsStop } from './alertChannel';
import { threshold } from './alertThreshold';
import { details, history, install, seats } from './appCommands';
import { assign } from './assign';
import type { CommandHandler } from './handler';
import { help } from './help';
import { licensesOf } from './licensesOf';
import { list } from './list';
import { noticesOff, noticesOn } from './noticeSwitch';
import { unassign } from './unassign';

export const COMMAND_HANDLERS: Record<Intent, CommandHandler> = {
  help,
  list,
  details,
  licensesOf,
  assign,
  unassign,
  install,
  seats,
  history,
  alertsHere,
  alertsStop,
  threshold,
  noticesOff,
  noticesOn,
};
