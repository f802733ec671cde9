/**
 * The command table: every phrase, in English and French, that starts a command. Both languages
 * are accepted whatever the user's locale (Teams sends localized command titles); the answer is in
 * the user's language. Phrases are compared lowercased and without accents.
 */

export type Intent =
  | 'help'
  | 'list'
  | 'details'
  | 'licensesOf'
  | 'assign'
  | 'unassign'
  | 'install'
  | 'seats'
  | 'history'
  | 'alertsHere'
  | 'alertsStop'
  | 'threshold'
  | 'noticesOff'
  | 'noticesOn';

/** "how many seats left on", "how many licenses are left for"…: the questions about one app's seats. */
const SEATS_LEFT_EN = ['seats', 'licenses', 'licences'].flatMap((word) =>
  ['on', 'for', 'in', 'of'].flatMap((on) => [
    `how many ${word} left ${on}`,
    `how many ${word} are left ${on}`,
    `how many ${word} ${on}`,
    `${word} left ${on}`,
    `available ${word} ${on}`,
  ]),
);
const SEATS_LEFT_FR = ['reste-t-il', 'reste t il', 'restent', 'reste', 'disponibles', 'libres'].flatMap(
  (left) => ['sur', 'pour', 'de', 'à', 'a'].map((on) => `combien de licences ${left} ${on}`),
);

export interface CommandSpec {
  intent: Intent;
  phrases: { en: string[]; fr: string[] };
  /** Words that separate the app from the principals (assign / unassign only). */
  separators?: { en: string[]; fr: string[] };
}

export const COMMAND_TABLE: CommandSpec[] = [
  {
    intent: 'help',
    phrases: { en: ['help', '?', 'commands', 'what can you do'], fr: ['aide', 'commandes', 'au secours'] },
  },
  {
    intent: 'list',
    phrases: {
      en: [
        'licenses',
        'list licenses',
        'show licenses',
        'list',
        'apps',
        'list apps',
        'licences',
        'billing licenses',
      ],
      fr: [
        'liste des licences',
        'lister les licences',
        'afficher les licences',
        'applications',
        'licences de facturation',
      ],
    },
  },
  {
    intent: 'details',
    phrases: {
      en: [
        'details',
        'detail',
        'show',
        'open',
        'details of',
        'details for',
        'who has',
        'who holds',
        'who uses',
      ],
      fr: ['détails', 'détail', 'afficher', 'voir', 'détails de', 'qui a', 'qui détient', 'qui utilise'],
    },
  },
  {
    // An app (its seats: the details) or a person or group (every app they hold, and how).
    intent: 'licensesOf',
    phrases: {
      en: [
        'licenses of',
        'licenses for',
        'licences of',
        'licences for',
        'seats of',
        'seats for',
        'apps of',
        'apps for',
        'what does',
        ...SEATS_LEFT_EN,
      ],
      fr: [
        'licences de',
        'licences pour',
        'licences du',
        'applications de',
        "qu'a",
        'que détient',
        'combien de licences pour',
        'combien de licences sur',
        ...SEATS_LEFT_FR,
      ],
    },
  },
  {
    intent: 'assign',
    phrases: {
      en: ['assign', 'assign licenses of', 'give'],
      fr: ['attribuer', 'assigner', 'attribuer des licences de'],
    },
    separators: { en: ['to'], fr: ['à', 'a', 'au', 'aux'] },
  },
  {
    intent: 'unassign',
    phrases: {
      en: ['unassign', 'remove', 'revoke', 'take away'],
      fr: ['désattribuer', 'retirer', 'enlever', 'supprimer'],
    },
    separators: { en: ['from'], fr: ['de', 'du', 'des', "d'", 'à', 'au', 'aux'] },
  },
  {
    intent: 'install',
    phrases: {
      en: ['install', 'install link', 'installation link'],
      fr: ['installer', "lien d'installation"],
    },
  },
  {
    intent: 'seats',
    phrases: {
      en: [
        'add licenses to',
        'add licenses for',
        'add licenses',
        'add seats to',
        'add seats',
        'buy more',
        'buy licenses for',
        'buy licenses',
        'buy seats',
        'remove licenses from',
        'remove licenses',
        'add or remove licenses',
        'vendor',
        'contact vendor',
      ],
      fr: [
        'ajouter des licences à',
        'ajouter des licences a',
        'ajouter des licences pour',
        'ajouter des licences',
        'acheter des licences pour',
        'acheter des licences',
        'acheter plus de',
        'supprimer des licences de',
        'supprimer des licences',
        'ajouter ou supprimer des licences',
        'éditeur',
        'contacter l’éditeur',
      ],
    },
  },
  { intent: 'history', phrases: { en: ['history', 'audit', 'changes'], fr: ['historique', 'journal'] } },
  {
    intent: 'alertsHere',
    phrases: {
      en: ['send alerts here', 'alerts here', 'send seat alerts here'],
      fr: ['alertes ici', 'envoyer les alertes ici', 'envoie les alertes ici'],
    },
  },
  {
    intent: 'alertsStop',
    phrases: {
      en: ['stop alerts', 'stop sending alerts here', 'no more alerts here'],
      fr: ['arrêter les alertes', 'arrête les alertes', 'plus d’alertes ici'],
    },
  },
  {
    // The rest is "<app> has <N> seats left" (English) or "<N> licences <app>" (French): alertThreshold.ts.
    intent: 'threshold',
    phrases: {
      en: ['alert me when', 'notify me when', 'tell me when'],
      fr: ['préviens-moi quand il reste', 'prévenez-moi quand il reste', 'alerte-moi quand il reste'],
    },
  },
  {
    intent: 'noticesOff',
    phrases: {
      en: ['notices off', 'turn notices off', 'turn off notices', 'stop notices'],
      fr: [
        'notifications désactivées',
        'désactiver les notifications',
        'désactive les notifications',
        'notifications off',
      ],
    },
  },
  {
    intent: 'noticesOn',
    phrases: {
      en: ['notices on', 'turn notices on', 'turn on notices', 'resume notices'],
      fr: [
        'notifications activées',
        'activer les notifications',
        'active les notifications',
        'notifications on',
      ],
    },
  },
];
