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
  'unassign',
  'install',
  'seats',
  'history',
  'alertsHere',
  'threshold',
  'notices',
] as const;

export function helpCard(language: Language): AdaptiveCard {
  return renderHelpCard({
    title: t(language, 'help.title'),
    intro: t(language, 'help.intro'),
    commands: HELP_COMMANDS.map((name) => ({
      example: t(language, `help.cmd.${name}` as StringKey),
      description: t(language, `help.cmd.${name}.desc` as StringKey),
    })),
    footer: t(language, 'help.footer'),
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
