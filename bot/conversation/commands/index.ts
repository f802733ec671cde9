import type { Intent } from '../commandTable';
import { alertsHere, alertsStop } from './alertChannel';
import { threshold } from './alertThreshold';
import { details, exportHolders, history, install, seats } from './appCommands';
import { assign } from './assign';
import type { CommandHandler } from './handler';
import { help } from './help';
import { licensesOf } from './licensesOf';
import { list } from './list';
import { myLicenses } from './myLicenses';
import { offboard } from './offboard';
import { noticesOff, noticesOn } from './noticeSwitch';
import { request } from './request';
import { requests } from './requests';
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
  alertsHere,
  alertsStop,
  threshold,
  noticesOff,
  noticesOn,
  request,
  requests,
  myLicenses,
};
