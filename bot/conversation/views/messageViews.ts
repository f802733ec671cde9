import {
  renderChoiceCard,
  renderHelpCard,
  renderNoticeCard,
  type AdaptiveCard,
  type NoticeAction,
} from '../../../cards';
import { t, type Language, type StringKey } from '../../i18n';

const HELP_COMMANDS = [
  'list',
  'details',
  'licensesOf',
  'assign',
  'bulk',
  'until',
  'unassign',
  'offboard',
  'install',
  'seats',
  'history',
  'request',
  'requests',
  'myLicenses',
  'export',
  'alertsHere',
  'threshold',
  'notices',
] as const;
/** What someone who is not an admin may do. */
const MEMBER_COMMANDS = ['request', 'myLicenses'] as const;

export function helpCard(language: Language, admin: boolean): AdaptiveCard {
  return renderHelpCard({
    title: t(language, 'help.title'),
    intro: t(language, admin ? 'help.intro' : 'help.intro.member'),
    commands: (admin ? HELP_COMMANDS : MEMBER_COMMANDS).map((name) => ({
      example: t(language, `help.cmd.${name}` as StringKey),
      description: t(language, `help.cmd.${name}.desc` as StringKey),
    })),
    footer: t(language, admin ? 'help.footer' : 'help.footer.member'),
    listButton: t(language, 'help.button.list'),
  });
}

export function noticeCard(
  title: string,
  lines: string[],
  color: 'Default' | 'Attention' | 'Warning' = 'Attention',
  actions: NoticeAction[] = [],
) {
  return color === 'Warning'
    ? renderNoticeCard({ title, color: 'Default', style: 'warning', lines, actions })
    : renderNoticeCard({ title, color, style: 'default', lines, actions });
}

export function choiceCard(question: string, options: { title: string; command: string }[]): AdaptiveCard {
  return renderChoiceCard({ question, options });
}
