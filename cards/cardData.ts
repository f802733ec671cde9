/** The data shape each card template is rendered from. All visible text is already localized. */

export interface HelpCardData {
  title: string;
  intro: string;
  commands: { example: string; description: string }[];
  footer: string;
  listButton: string;
}

export interface ListCardData {
  title: string;
  subtitle: string;
  apps: {
    appId: string;
    name: string;
    vendor: string;
    seats: string;
    warning: string;
    detailsButton: string;
  }[];
}

export interface DetailsCardData {
  appId: string;
  name: string;
  vendorLine: string;
  seatsLine: string;
  warning: string;
  installUrl: string;
  holdersTitle: string;
  holdersRange: string;
  /** The holders of this page, each a checkbox: "Sales — Group · 8 members". */
  holders: { id: string; title: string }[];
  selectLabel: string;
  /** Unassigns the checked holders (beside the list it acts on). */
  unassignButton: string;
  hasPrevious: boolean;
  previousOffset: number;
  previousButton: string;
  hasNext: boolean;
  nextOffset: number;
  nextButton: string;
  /** Whether the client can open dialogs: Assign licenses opens the dialog, else the in-chat card. */
  canOpenDialogs: boolean;
  assignButton: string;
  /** Opens the typeahead card in the chat (beside the dialog, for those who prefer it). */
  assignInChatButton: string;
  installButton: string;
  seatsButton: string;
  historyButton: string;
}

export interface AssignResultCardData {
  title: string;
  assignedLabel: string;
  assigned: string;
  alreadyLabel: string;
  already: string;
  seatsLine: string;
  warning: string;
  nextStep: string;
  /** How many people were told of their seat, and how many cannot be reached yet ('' when nobody is told). */
  noticeLine: string;
  installButton: string;
  installUrl: string;
}

export interface UnassignConfirmCardData {
  confirmationId: string;
  title: string;
  intro: string;
  effects: { name: string; freed: string }[];
  seatsBack: string;
  seatsAfter: string;
  warnings: string[];
  expires: string;
  confirmButton: string;
  cancelButton: string;
}

export interface NoticeCardData {
  title: string;
  /**
   * Adaptive Cards text color of the title. Never Warning: Teams draws it yellow on white (1.5:1
   * contrast); a warning notice is a Container of style "warning" with default text instead.
   */
  color: 'Default' | 'Good' | 'Attention' | 'Accent';
  /** Container style: "warning" gives the notice a background whose default text stays readable. */
  style: 'default' | 'warning';
  lines: string[];
  /** Next steps about one app (always given: an absent list would render as a literal button). */
  actions: NoticeAction[];
}

/** The card verbs a notice's buttons may send (a union, so the template check knows them). */
export type NoticeVerb = 'details' | 'seats' | 'unassign.prepare';

export interface NoticeAction {
  title: string;
  verb: NoticeVerb;
  appId: string;
  /** Comma-separated principal ids; empty for verbs that take only the app. */
  principalIds: string;
}

export interface InstallCardData {
  title: string;
  text: string;
  button: string;
  installUrl: string;
}

export interface VendorCardData {
  title: string;
  text: string;
  emailLabel: string;
  email: string;
  websiteLabel: string;
  website: string;
  websiteButton: string;
  emailButton: string;
}

export interface HistoryCardData {
  title: string;
  empty: string;
  entries: { summary: string; when: string; seats: string }[];
}

export interface ChoiceCardData {
  question: string;
  /** Each option re-runs the user's command with the ambiguous name replaced. */
  options: { title: string; command: string }[];
}

export interface AssignChatCardData {
  appId: string;
  title: string;
  seatsLine: string;
  intro: string;
  /** Why the last click did nothing (e.g. nobody picked); empty when there is nothing to say. */
  problem: string;
  label: string;
  placeholder: string;
  requiredError: string;
  /** The Data.Query dataset the typeahead searches (answered by the application/search invoke). */
  dataset: string;
  /** Static choices, for clients without typeahead. */
  choices: { title: string; value: string }[];
  typeInstead: string;
  assignButton: string;
}

/** A seat alert (bot/notices/seatAlerts.ts): the numbers, then Details, Contact the vendor, Snooze. */
export interface SeatAlertCardData {
  title: string;
  /** Attention when seats ran out or are over-assigned, Warning when running low. */
  color: 'Attention' | 'Warning';
  text: string;
  facts: { label: string; value: string }[];
  appId: string;
  /** The kind of alert the Snooze button silences. */
  alert: string;
  detailsButton: string;
  vendorButton: string;
  snoozeButton: string;
}
