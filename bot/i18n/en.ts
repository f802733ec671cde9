/** English strings. `{name}` placeholders are filled by `t()`. French must define every key. */
export const en = {
  'help.title': 'License Desk',
  'help.intro': 'Manage the licenses of the apps your organisation bought from other vendors. Commands:',
  'help.cmd.list': 'licenses',
  'help.cmd.list.desc': 'Every app with seats purchased, assigned and available.',
  'help.cmd.details': 'details Contoso CRM',
  'help.cmd.details.desc': 'Who holds an app: users and groups.',
  'help.cmd.licensesOf': 'licenses of Bob Kelly',
  'help.cmd.licensesOf.desc': 'Every app a person or group holds, and how.',
  'help.cmd.assign': 'assign Contoso CRM to Sales group, bob@contoso.com',
  'help.cmd.assign.desc': 'Assign seats to users and groups.',
  'help.cmd.unassign': 'unassign Contoso CRM from Bob Kelly',
  'help.cmd.unassign.desc': 'Remove seats (you confirm first).',
  'help.cmd.install': 'install Contoso CRM',
  'help.cmd.install.desc': 'The link that installs the app.',
  'help.cmd.seats': 'add licenses to Contoso CRM',
  'help.cmd.seats.desc': 'Buy or remove seats: contact the vendor.',
  'help.cmd.history': 'history Contoso CRM',
  'help.cmd.history.desc': 'Recent changes to who holds the app.',
  'help.footer': 'Only Global, License and User admins can see and change licenses.',
  'help.button.list': 'Show licenses',

  'list.title': 'Licenses',
  'list.subtitle':
    '{count, plural, one {# app from an independent software vendor} other {# apps from independent software vendors}}',
  'list.empty': 'Your organisation has no apps from independent vendors in its catalog yet.',
  'list.seats': '{assigned} of {purchased} assigned · {available} available',
  'list.overAssigned':
    'Over-assigned: {assigned, plural, one {# user holds} other {# users hold}} it for {purchased, plural, one {# seat} other {# seats}}.',
  'list.removed': 'Removed from the vendor’s catalog: unassign its holders; nobody can be added.',
  'list.button.details': 'Details',

  'details.vendor': 'Sold by {vendor}',
  'details.seats': 'Seats: {purchased} purchased · {assigned} assigned · {available} available',
  'details.overAssigned':
    'More users hold this app ({assigned}) than seats purchased ({purchased}): a group grew. Unassign someone or buy seats from the vendor.',
  'details.overAssigned.vendorCut':
    'The vendor reduced the seats of this app to {purchased}, and {assigned, plural, one {# user holds} other {# users hold}} it. Nobody loses a seat; new assignments are refused until you unassign {over} or the vendor adds seats.',
  'details.removed':
    'This app was removed from the vendor’s catalog. Its holders keep it until you unassign them; nobody can be added.',
  'details.holders': 'Assigned to',
  'details.holders.range': '{from}–{to} of {total}',
  'details.holders.none': 'Nobody holds this app yet.',
  'details.group': 'Group · {count, plural, one {# member} other {# members}}',
  'details.user': 'User',
  'details.select': 'Select users or groups to unassign',
  'details.button.previous': 'Previous',
  'details.button.next': 'Next',
  'details.button.assign': 'Assign licenses',
  'details.button.assignInChat': 'Assign in chat',
  'details.button.unassign': 'Unassign',
  'details.button.install': 'Install this product',
  'details.button.seats': 'Add or remove licenses',
  'details.button.history': 'History',

  'assign.title': 'Licenses assigned: {app}',
  'assign.assigned': 'Assigned to',
  'assign.already': 'Already held the app (nothing changed)',
  'assign.seatsLeft':
    '{assigned} of {purchased, plural, one {# seat} other {# seats}} assigned · {available} left',
  'assign.nextStep': 'Next step: install the app in your organisation so these people can use it.',
  'assign.button.install': 'Install this product',
  'notices.sending':
    '{count, plural, one {Telling the person who got a seat…} other {Telling the # people who got a seat…}}',
  'notices.progress': 'Told {delivered} of {count} so far; {unreachable} cannot be reached yet.',
  'notices.done': 'Told {delivered} of {count}.',
  'notices.unreachable': '{unreachable} cannot be reached yet (they have not opened License Desk).',
  'notices.lostSending':
    '{count, plural, one {Telling the person who lost their seat…} other {Telling the # people who lost their seat…}}',
  'notice.gained.title': 'You have a seat of {app}',
  'notice.gained.text':
    '{admin} gave you a seat of {app}. Install it to start using it. Questions? Ask {admin}.',
  'notice.gained.button': 'Install this product',
  'notice.lost.title': 'Your seat of {app} was removed',
  'notice.lost.text': '{admin} removed your seat of {app}. Questions? Ask {admin}.',

  'assign.newSeats': '{name} (+{count, plural, one {# seat} other {# seats}})',
  'assign.noNewSeat': '{name} (no new seat: its members already held the app)',

  'unassign.confirm.title': 'Unassign {app}?',
  'unassign.confirm.intro': 'These assignments will be removed:',
  'unassign.confirm.seatsBack': 'Seats that come back: {count}',
  'unassign.confirm.seatsAfter': 'Seats assigned after: {after} of {purchased} (now {before})',
  'unassign.confirm.freed': '{count, plural, one {# seat back} other {# seats back}}',
  'unassign.confirm.keeps': '{user} keeps the app through {via}.',
  'unassign.confirm.keepsDirect': '{user} keeps the app: it is also assigned to them directly.',
  'unassign.confirm.directly': 'a direct assignment',
  'unassign.confirm.keepsMany':
    '{count, plural, one {# member keeps} other {# members keep}} the app through other assignments (e.g. {user} through {via}).',
  'unassign.confirm.notAssigned': 'Not assigned, skipped: {names}',
  'unassign.confirm.expires': 'This confirmation expires at {time} UTC.',
  'unassign.button.confirm': 'Unassign',
  'unassign.button.cancel': 'Cancel',
  'unassign.done.title': 'Unassigned: {app}',
  'unassign.done.removed':
    'Removed {count, plural, one {the assignment of {names}} other {the assignments of {names}}}. Seats assigned: {before} → {after} of {purchased}.',
  'unassign.done.by': 'Confirmed by {name}.',
  'unassign.cancelled.title': 'Unassign cancelled: {app}',
  'unassign.cancelled.text': 'Nothing was changed.',
  'unassign.refused.title': 'This confirmation can no longer be used',
  'unassign.confirm.keepsDirectAnd':
    '{user} keeps the app: it is also assigned to them directly and through {via}.',

  'unassign.none.userThrough':
    '{user} holds {app} only through {groups}: there is no direct assignment to remove.',
  'unassign.none.groupThrough':
    '{group} is not assigned {app} itself, but {count, plural, one {# of its {total, plural, one {# member} other {# members}} holds} other {# of its {total, plural, one {# member} other {# members}} hold}} it through {groups}.',
  'unassign.none.direct': '{count, plural, one {# direct assignment} other {# direct assignments}}',
  'unassign.none.notHeld':
    '{count, plural, one {{names} does not hold {app}.} other {{names} do not hold {app}.}}',
  'unassign.none.howGroups':
    'A seat held through a group is removed by unassigning the group, or by removing the person from the group (in Microsoft Entra ID or the Microsoft 365 admin center).',
  'unassign.none.button': 'Unassign {group}',

  'licensesOf.title': 'Licenses of {name}',
  'licensesOf.none': '{name} holds no app from your organisation’s catalog.',
  'licensesOf.direct': '{app}: assigned directly',
  'licensesOf.directAnd': '{app}: assigned directly and through {groups}',
  'licensesOf.through': '{app}: through {groups}',
  'licensesOf.members':
    '{app}: {count, plural, one {# of its {total, plural, one {# member} other {# members}} holds} other {# of its {total, plural, one {# member} other {# members}} hold}} it, through {groups}',
  'licensesOf.seatNote': 'A person uses one seat of an app however many ways they hold it.',
  'licensesOf.button': 'Details: {app}',
  'licensesOf.notFound':
    'I could not find an app, user or group named “{text}”. Type “licenses” to see every app.',

  'install.title': 'Install {app}',
  'install.text':
    'Installing {app} makes it available to your users. You will go to {vendor}’s site to install it in your organisation.',
  'install.button': 'Install this product',

  'seats.title': 'Add or remove licenses: {app}',
  'seats.text':
    'Licenses for {app} are managed by the vendor. Contact {vendor} to add or remove licenses for your organisation. You have {purchased, plural, one {# seat} other {# seats}}.',
  'seats.email': 'E-mail',
  'seats.website': 'Website',
  'seats.button.website': 'Contact {vendor}',
  'seats.button.email': 'E-mail {vendor}',

  'history.title': 'History: {app}',
  'history.empty': 'No changes yet.',
  'history.assign': '{actor} assigned {names}',
  'history.unassign': '{actor} unassigned {names}',
  'history.seats': 'Seats {before} → {after}',

  'choice.didYouMean': 'I could not find “{text}”. Did you mean:',
  'choice.ambiguous': '“{text}” matches several {what}. Which one?',
  'choice.what.app': 'apps',
  'choice.what.principal': 'users or groups',
  'choice.whichApp': 'Which app?',
  'choice.group': '{name} (group)',
  'choice.user': '{name} ({upn})',

  'choice.assign': 'Assign {app} to {who}',
  'choice.unassign': 'Unassign {app} from {who}',

  // What happened, said in the title of the card that explains it (one per kind).
  'error.CatalogMissing.title': 'No app catalog yet',
  'error.CatalogInvalid.title': 'The app catalog is damaged',
  'error.AppNotFound.title': 'App not found',
  'error.PrincipalNotFound.title': 'User or group not found',
  'error.PrincipalMissing.title': 'To whom?',
  'error.NothingToAssign.title': 'Nothing to assign: {app}',
  'error.NothingToUnassign.title': 'Nothing to unassign: {app}',
  'error.TooManyPrincipals.title': 'Too many users and groups at once',
  'error.NotEnoughSeats.title': 'Not enough seats: {app}',
  'error.ConfirmationNotYours.title': 'Only {name} can confirm this',
  'error.Busy.title': 'Busy: please try again',
  'error.StorageUnavailable.title': 'Storage unavailable',
  'error.StorageUncertain.title': 'The change may not have been saved',
  'error.DirectoryUnavailable.title': 'The directory is not answering',
  'error.DirectoryPermissionMissing.title': 'License Desk cannot read your directory',
  'error.TenantNotInDirectory.title': 'Unknown organisation',
  'error.NotAnAdmin.title': 'Only admins can do this',
  'error.BadCardData.title': 'This card is out of date',
  'error.Unknown.title': 'Something went wrong',
  'error.NobodySelected.title': 'Nobody selected',
  'error.NotFound.title': 'Not found',
  'error.NotAnAdmin':
    'Sorry, only a Global admin, License admin or User admin of your organisation can see or change licenses. Ask one of them to give you a role, or to do this for you.',
  'error.CatalogMissing':
    'Your organisation has no app catalog in License Desk yet. An administrator loads it with `npm run catalog -- catalog.json`; until then there is nothing to show.',
  'error.AppNotFound': 'I could not find an app named “{text}”. Type “licenses” to see every app.',
  'error.AppRemoved.title': 'App removed by the vendor',
  'error.AppRemoved':
    '{app} was removed from the vendor’s catalog: nobody can be added. Its holders keep it until you unassign them.',
  'error.AppMissing': 'Which app? For example: “{example}”. Type “licenses” to see every app.',
  'error.PrincipalNotFound':
    'I could not find a user or group named “{text}”. Use a display name, an e-mail address, or a group such as “group Sales”.',
  'error.PrincipalMissing': 'To whom? For example: “{example}”.',
  'error.NothingToAssign': 'Everyone you named already holds {app}: nothing to assign.',
  'error.NothingToUnassign': 'Nothing to unassign: nobody you named is assigned {app}.',
  'error.NotEnoughSeats':
    'Not enough seats for {app}: this needs {needed, plural, one {# seat} other {# seats}} and {available, plural, =0 {none is available (seats purchased: {purchased})} one {only # of {purchased} is available} other {only # of {purchased} are available}}. Nothing was assigned. Unassign someone, or ask {vendor} for more seats.',
  'error.TooManyPrincipals':
    'That is {named, plural, one {# user or group} other {# users and groups}} in one request; the most is {max}. Nothing was changed: split it into several requests.',
  'error.CatalogInvalid':
    'The app catalog of your organisation is damaged ({problem}). Nothing was changed: an administrator must load it again.',
  'error.ConfirmationNotFound': 'This confirmation does not exist (anymore). Nothing was changed.',
  'error.ConfirmationUsed': 'This confirmation was already used. Nothing more was changed.',
  'error.ConfirmationCancelled': 'This confirmation was cancelled. Nothing was changed.',
  'error.ConfirmationExpired': 'This confirmation expired. Nothing was changed: ask again to unassign.',
  'error.ConfirmationChanged':
    'The assignments of {app} changed since this card was shown, so nothing was changed. Ask again to see what would be removed now.',
  'error.ConfirmationNotYours': 'Only {name}, who asked for it, can confirm this. Nothing was changed.',
  'error.Busy': 'Many changes are happening to {app} right now. Nothing was changed: please try again.',
  'error.StorageUnavailable':
    'License Desk cannot reach its storage right now. Nothing was changed: please try again in a minute.',
  'error.StorageUncertain':
    'License Desk lost its storage while saving, so it cannot tell whether the change was made. In a minute, check the app’s details before trying again.',
  'error.DirectoryUnavailable':
    'The directory (users and groups) is not answering right now. Nothing was changed: try again in a minute.',
  'error.DirectoryPermissionMissing':
    'License Desk is not allowed to read your directory ({detail}). An administrator must grant it in Microsoft Entra ID. Nothing was changed.',
  'error.TenantNotInDirectory':
    'License Desk does not know your organisation’s directory. Nothing was changed.',
  'error.TenantMismatch': 'This message does not say which organisation it comes from. Nothing was changed.',
  'error.BadCardData': 'This card is out of date or damaged. Ask again. Nothing was changed.',
  'error.Unknown': 'Sorry, something went wrong on our side. Nothing was changed. Please try again.',

  'unknown.text': 'I did not understand “{text}”. Type “help” to see what I can do.',
  'seats.button.vendor': 'Contact the vendor',
  'unknown.didYouMean': 'I did not understand “{text}”. Did you mean:',
  'empty.text': 'Hello! Type “help” to see what I can do.',
  'welcome.text': 'Hi, I am License Desk. Type “help” to see how to manage your app licenses from here.',
  'welcome.text.mention':
    'Hi, I am License Desk. Here I only hear messages that mention me: @mention License Desk and type “help” to see how to manage your app licenses.',
  'empty.text.mention': 'Hello! @mention License Desk and type “help” to see what I can do.',
  'unknown.text.mention':
    'I did not understand “{text}”. @mention License Desk and type “help” to see what I can do.',
  'working.text': 'Working on it…',
  'opened.text': 'Opening {app}…',
  'list.and': ' and ',
  'list.others': '{count, plural, one {# other} other {# others}}',

  'pane.title': 'Assign licenses: {app}',
  'pane.seats':
    '{available} of {purchased, plural, one {# seat} other {# seats}} available ({assigned} assigned)',
  'pane.search.label': 'Search for users or groups',
  'pane.search.placeholder': 'Type a name or an e-mail address',
  'pane.search.hint':
    'Start typing, then pick people and groups from the results: arrow keys to move, Enter to pick or unpick.',
  'pane.search.searching': 'Searching…',
  'pane.search.none': 'No user or group matches “{text}”.',
  'pane.search.count': 'Results: {count}. Use the arrow keys, then Enter to pick.',
  'pane.search.failed': 'The search did not work. Try again in a moment.',
  'pane.user': 'User · {email}',
  'pane.group': 'Group · members: {count}',
  'pane.seats.user': '1 seat',
  'pane.seats.group': 'seats: up to {count}',
  'pane.picked.title': 'Selected',
  'pane.picked.none': 'Nobody selected yet.',
  'pane.picked.remove': 'Remove',
  'pane.picked.removeName': 'Remove {name}',
  'pane.picked.added': '{name} selected, {seats}.',
  'pane.picked.removed': '{name} removed from the selection.',
  'pane.total': 'Seats needed: up to {needed} · available: {available}',
  'pane.total.over':
    'This may need more seats than are available. License Desk counts exactly when you assign (members who already hold the app use no seat) and assigns nothing if seats are missing.',
  'pane.button.assign': 'Assign',
  'pane.button.cancel': 'Cancel',
  'pane.button.close': 'Close',
  'pane.submitting': 'Assigning…',
  'pane.expired':
    'This Assign licenses pane has expired. Nothing was assigned: close it and select Assign licenses again.',
  'pane.invalid':
    'This Assign licenses pane is not valid for you. Nothing was assigned: close it and select Assign licenses again.',
  'pane.notInTeams': 'Open this pane from License Desk in Teams to assign licenses.',

  'assignChat.intro': 'Type part of a name, pick users and groups, then select Assign.',
  'assignChat.label': 'Users and groups',
  'assignChat.required': 'Pick at least one user or group.',
  'assignChat.group': '{name} (group · {count, plural, one {# member} other {# members}})',
  'assignChat.typeInstead':
    'No search box? Type “assign {app} to” followed by names, e-mail addresses or groups.',
  'help.cmd.alertsHere': 'send alerts here',
  'help.cmd.alertsHere.desc':
    'Seat alerts come to this channel or group chat (`stop alerts` undoes it; without one, to admins’ personal chats).',
  'help.cmd.threshold': 'alert me when Contoso CRM has 3 seats left',
  'help.cmd.threshold.desc': 'When to be alerted (default: 10 % of the seats purchased).',
  'help.cmd.notices': 'notices off',
  'help.cmd.notices.desc':
    'Stop (or, with `notices on`, resume) telling people when they get or lose a seat.',
  'alerts.title': 'Seat alerts',
  'alerts.here.done': 'Seat alerts will come to this conversation. Say “stop alerts” to undo it.',
  'alerts.here.personal':
    'Say this in a channel or a group chat: seat alerts go to the conversation where it is said. Without an alert channel they come to the personal chats of the admins who use License Desk, this one included.',
  'alerts.stop.done':
    'Seat alerts no longer come to the alert channel: they go to the personal chats of the admins who use License Desk.',
  'alerts.stop.none':
    'No alert channel was set: seat alerts go to the personal chats of the admins who use License Desk.',
  'alerts.threshold.done':
    'You will be alerted when {app} has {threshold, plural, one {# seat} other {# seats}} left or fewer (now {available} of {purchased} available).',
  'alerts.threshold.usage': 'Say it like this: alert me when Contoso CRM has 3 seats left.',
  'alerts.threshold.range':
    '{app} has {purchased, plural, one {# seat} other {# seats}} purchased: the threshold must be from 0 to {purchased}.',
  'notices.off.done':
    'People will no longer be told when they get or lose a seat. Seat alerts still come to the admins. Say “notices on” to resume.',
  'notices.on.done': 'People will be told when they get or lose a seat.',
  'alert.low.title': '{app}: {available, plural, one {# seat} other {# seats}} left',
  'alert.low.text':
    'Available seats of {app} fell to {available} (alert threshold: {threshold}). Buy seats from the vendor or free some.',
  'alert.refused.title': '{app}: an assignment was refused',
  'alert.refused.text':
    'An assignment needed {needed, plural, one {# seat} other {# seats}} and {available, plural, =0 {none was available} one {only # was available} other {only # were available}}. Buy seats from the vendor or free some.',
  'alert.over.title': '{app} is over-assigned',
  'alert.over.text':
    '{assigned, plural, one {# person holds} other {# people hold}} {app} and {purchased, plural, =0 {no seat is purchased} one {only # seat is purchased} other {only # seats are purchased}}: {over} too many. Nobody loses a seat; new assignments are refused. Unassign someone or buy seats from the vendor.',
  'alert.label.purchased': 'Purchased',
  'alert.label.assigned': 'Assigned',
  'alert.label.available': 'Available',
  'alert.label.threshold': 'Alert threshold',
  'alert.button.details': 'Details',
  'alert.button.vendor': 'Contact the vendor',
  'alert.button.snooze': 'Snooze 7 days',
  'alert.kind.low': 'Seats running low',
  'alert.kind.refused': 'Refused assignment',
  'alert.kind.over': 'Over-assigned',
  'alert.snoozed.title': '{app}: alerts snoozed',
  'alert.snoozed.text': '“{kind}” alerts for {app} are snoozed until {until} (by {admin}).',
};

export type StringKey = keyof typeof en;
export type Strings = Record<StringKey, string>;
