import type { Strings } from './en';

/** Chaînes françaises : chaque clé anglaise doit exister ici (le type l'impose). */
export const fr: Strings = {
  'help.title': 'License Desk',
  'help.intro': 'Gérez les licences des applications achetées auprès d’autres éditeurs. Commandes :',
  'help.cmd.list': 'licences',
  'help.cmd.list.desc': 'Chaque application avec ses licences achetées, attribuées et disponibles.',
  'help.cmd.details': 'détails Contoso CRM',
  'help.cmd.details.desc': 'Qui détient une application : utilisateurs et groupes.',
  'help.cmd.licensesOf': 'licences de Bob Kelly',
  'help.cmd.licensesOf.desc': 'Chaque application qu’une personne ou un groupe détient, et comment.',
  'help.cmd.assign': 'attribuer Contoso CRM au groupe Ventes France, bob@contoso.com',
  'help.cmd.assign.desc': 'Attribuer des licences à des utilisateurs et des groupes.',
  'help.cmd.unassign': 'désattribuer Contoso CRM de Bob Kelly',
  'help.cmd.unassign.desc': 'Retirer des licences (vous confirmez d’abord).',
  'help.cmd.install': 'installer Contoso CRM',
  'help.cmd.install.desc': 'Le lien qui installe l’application.',
  'help.cmd.seats': 'ajouter des licences à Contoso CRM',
  'help.cmd.seats.desc': 'Acheter ou retirer des licences : contactez l’éditeur.',
  'help.cmd.history': 'historique Contoso CRM',
  'help.cmd.history.desc': 'Les dernières modifications des attributions.',
  'help.footer':
    'Seuls les administrateurs généraux, de licences et d’utilisateurs peuvent voir et modifier les licences.',
  'help.button.list': 'Voir les licences',

  'list.title': 'Licences',
  'list.subtitle':
    '{count, plural, one {# application d’un éditeur indépendant} other {# applications d’éditeurs indépendants}}',
  'list.empty':
    'Le catalogue de votre organisation ne contient encore aucune application d’éditeur indépendant.',
  'list.seats':
    '{assigned, plural, one {# sur {purchased} attribuée} other {# sur {purchased} attribuées}} · {available, plural, one {# disponible} other {# disponibles}}',
  'list.overAssigned':
    'Surattribution : {assigned, plural, one {# utilisateur la détient} other {# utilisateurs la détiennent}} pour {purchased, plural, one {# licence} other {# licences}}.',
  'list.removed':
    'Retirée du catalogue de l’éditeur : désattribuez ses détenteurs ; personne ne peut être ajouté.',
  'list.button.details': 'Détails',

  'details.vendor': 'Vendue par {vendor}',
  'details.seats':
    'Licences : {purchased, plural, one {# achetée} other {# achetées}} · {assigned, plural, one {# attribuée} other {# attribuées}} · {available, plural, one {# disponible} other {# disponibles}}',
  'details.overAssigned':
    'Plus d’utilisateurs détiennent cette application ({assigned}) que de licences achetées ({purchased}) : un groupe a grandi. Désattribuez quelqu’un ou achetez des licences à l’éditeur.',
  'details.overAssigned.vendorCut':
    'L’éditeur a réduit les licences de cette application à {purchased}, et {assigned, plural, one {# utilisateur la détient} other {# utilisateurs la détiennent}}. Personne ne perd sa licence ; les nouvelles attributions sont refusées jusqu’à ce que vous désattribuiez {over, plural, one {# utilisateur} other {# utilisateurs}} ou que l’éditeur ajoute des licences.',
  'details.removed':
    'Cette application a été retirée du catalogue de l’éditeur. Ses détenteurs la gardent jusqu’à ce que vous les désattribuiez ; personne ne peut être ajouté.',
  'details.holders': 'Attribuée à',
  'details.holders.range': '{from}–{to} sur {total}',
  'details.holders.none': 'Personne ne détient encore cette application.',
  'details.group': 'Groupe · {count, plural, one {# membre} other {# membres}}',
  'details.user': 'Utilisateur',
  'details.select': 'Choisissez les utilisateurs ou groupes à désattribuer',
  'details.button.previous': 'Précédent',
  'details.button.next': 'Suivant',
  'details.button.assign': 'Attribuer des licences',
  'details.button.assignInChat': 'Attribuer dans la conversation',
  'details.button.unassign': 'Désattribuer',
  'details.button.install': 'Installer ce produit',
  'details.button.seats': 'Ajouter ou supprimer des licences',
  'details.button.history': 'Historique',

  'assign.title': 'Licences attribuées : {app}',
  'assign.assigned': 'Attribuée à',
  'assign.already': 'Déjà attribuée à (rien n’a changé)',
  'assign.seatsLeft':
    'Attribuées : {assigned} sur {purchased} · {available, plural, one {# restante} other {# restantes}}',
  'assign.nextStep':
    'Étape suivante : installez l’application dans votre organisation pour que ces personnes puissent l’utiliser.',
  'assign.button.install': 'Installer ce produit',
  'notices.sending':
    '{count, plural, one {Envoi d’un message à la personne qui a reçu une licence…} other {Envoi d’un message aux # personnes qui ont reçu une licence…}}',
  'notices.progress':
    '{delivered, plural, one {# personne prévenue} other {# personnes prévenues}} sur {count} ; {unreachable, plural, one {# injoignable} other {# injoignables}} pour l’instant.',
  'notices.done': '{delivered, plural, one {# personne prévenue} other {# personnes prévenues}} sur {count}.',
  'notices.unreachable':
    '{unreachable, plural, one {# injoignable pour l’instant (elle n’a pas encore ouvert License Desk).} other {# injoignables pour l’instant (elles n’ont pas encore ouvert License Desk).}}',
  'notices.lostSending':
    '{count, plural, one {Envoi d’un message à la personne qui a perdu sa licence…} other {Envoi d’un message aux # personnes qui ont perdu leur licence…}}',
  'notice.gained.title': 'Vous avez une licence {app}',
  'notice.gained.text':
    '{admin} vous a attribué une licence {app}. Installez-le pour commencer. Une question ? Demandez à {admin}.',
  'notice.gained.button': 'Installer ce produit',
  'notice.lost.title': 'Votre licence {app} a été retirée',
  'notice.lost.text': '{admin} a retiré votre licence {app}. Une question ? Demandez à {admin}.',

  'assign.newSeats': '{name} (+{count, plural, one {# licence} other {# licences}})',
  'assign.noNewSeat': '{name} (aucune nouvelle licence : ses membres détenaient déjà l’application)',

  'unassign.confirm.title': 'Désattribuer {app} ?',
  'unassign.confirm.intro': 'Ces attributions seront supprimées :',
  'unassign.confirm.seatsBack': 'Licences libérées : {count}',
  'unassign.confirm.seatsAfter':
    'Licences attribuées après : {after} sur {purchased} (actuellement {before})',
  'unassign.confirm.freed': '{count, plural, one {# licence libérée} other {# licences libérées}}',
  'unassign.confirm.keeps': '{user} garde l’application grâce à {via}.',
  'unassign.confirm.keepsDirect': '{user} garde l’application : elle lui est aussi attribuée directement.',
  'unassign.confirm.directly': 'une attribution directe',
  'unassign.confirm.keepsMany':
    '{count, plural, one {# membre garde} other {# membres gardent}} l’application grâce à d’autres attributions (par ex. {user} grâce à {via}).',
  'unassign.confirm.notAssigned': 'Aucune attribution à retirer pour : {names}',
  'unassign.confirm.expires': 'Cette confirmation expire à {time} UTC.',
  'unassign.button.confirm': 'Désattribuer',
  'unassign.button.cancel': 'Annuler',
  'unassign.done.title': 'Désattribuée : {app}',
  'unassign.done.removed':
    '{count, plural, one {Attribution retirée : {names}} other {Attributions retirées : {names}}}. Licences attribuées : {before} → {after} sur {purchased}.',
  'unassign.done.by': 'Confirmé par {name}.',
  'unassign.cancelled.title': 'Désattribution annulée : {app}',
  'unassign.cancelled.text': 'Rien n’a été modifié.',
  'unassign.refused.title': 'Cette confirmation ne peut plus être utilisée',
  'unassign.confirm.keepsDirectAnd':
    '{user} garde l’application : elle lui est aussi attribuée directement et via {via}.',

  'unassign.none.userThrough':
    '{user} détient {app} uniquement via {groups} : il n’y a pas d’attribution directe à retirer.',
  'unassign.none.groupThrough':
    '{group} n’a pas {app} en tant que groupe, mais {count, plural, one {{total, plural, one {son unique membre la détient} other {{count} de ses # membres la détient}}} other {# de ses {total} membres la détiennent}} via {groups}.',
  'unassign.none.direct': '{count, plural, one {# attribution directe} other {# attributions directes}}',
  'unassign.none.notHeld':
    '{count, plural, one {{names} ne détient pas {app}.} other {{names} ne détiennent pas {app}.}}',
  'unassign.none.howGroups':
    'Une licence détenue via un groupe se retire en désattribuant le groupe, ou en retirant la personne du groupe (dans Microsoft Entra ID ou le centre d’administration Microsoft 365).',
  'unassign.none.button': 'Désattribuer {group}',

  'licensesOf.title': 'Licences de {name}',
  'licensesOf.none': '{name} ne détient aucune application du catalogue de votre organisation.',
  'licensesOf.direct': '{app} : attribuée directement',
  'licensesOf.directAnd': '{app} : attribuée directement et via {groups}',
  'licensesOf.through': '{app} : via {groups}',
  'licensesOf.members':
    '{app} : {count, plural, one {{total, plural, one {son unique membre la détient} other {{count} de ses # membres la détient}}} other {# de ses {total} membres la détiennent}}, via {groups}',
  'licensesOf.seatNote':
    'Une personne utilise une seule licence d’une application, de quelque façon qu’elle la détienne.',
  'licensesOf.button': 'Détails : {app}',
  'licensesOf.notFound':
    'Je n’ai trouvé aucune application, aucun utilisateur ni groupe nommé « {text} ». Tapez « licences » pour voir toutes les applications.',

  'install.title': 'Installer {app}',
  'install.text':
    'L’installation de {app} la rend disponible pour vos utilisateurs. Vous serez redirigé vers le site de {vendor} pour l’installer dans votre organisation.',
  'install.button': 'Installer ce produit',

  'seats.title': 'Ajouter ou supprimer des licences : {app}',
  'seats.text':
    'Les licences de {app} sont gérées par l’éditeur. Contactez {vendor} pour ajouter ou supprimer des licences pour votre organisation. Vous avez {purchased, plural, one {# licence} other {# licences}}.',
  'seats.email': 'E-mail',
  'seats.website': 'Site web',
  'seats.button.website': 'Contacter {vendor}',
  'seats.button.email': 'Écrire à {vendor}',

  'history.title': 'Historique : {app}',
  'history.empty': 'Aucune modification pour l’instant.',
  'history.assign': '{actor} a attribué l’application à {names}',
  'history.unassign': '{actor} a retiré l’application à {names}',
  'history.seats': 'Licences {before} → {after}',

  'choice.didYouMean': 'Je n’ai pas trouvé « {text} ». Vouliez-vous dire :',
  'choice.ambiguous': '« {text} » correspond à plusieurs {what}. Lequel ?',
  'choice.what.app': 'applications',
  'choice.what.principal': 'utilisateurs ou groupes',
  'choice.whichApp': 'Quelle application ?',
  'choice.group': '{name} (groupe)',
  'choice.user': '{name} ({upn})',

  'choice.assign': 'Attribuer {app} à {who}',
  'choice.unassign': 'Retirer {app} à {who}',

  // What happened, said in the title of the card that explains it (one per kind).
  'error.CatalogMissing.title': 'Pas encore de catalogue d’applications',
  'error.CatalogInvalid.title': 'Le catalogue d’applications est abîmé',
  'error.AppNotFound.title': 'Application introuvable',
  'error.PrincipalNotFound.title': 'Utilisateur ou groupe introuvable',
  'error.PrincipalMissing.title': 'À qui ?',
  'error.NothingToAssign.title': 'Rien à attribuer : {app}',
  'error.NothingToUnassign.title': 'Rien à désattribuer : {app}',
  'error.TooManyPrincipals.title': 'Trop d’utilisateurs et de groupes à la fois',
  'error.NotEnoughSeats.title': 'Pas assez de licences : {app}',
  'error.ConfirmationNotYours.title': 'Seul(e) {name} peut confirmer ceci',
  'error.Busy.title': 'Occupé : réessayez',
  'error.StorageUnavailable.title': 'Stockage indisponible',
  'error.StorageUncertain.title': 'La modification n’a peut-être pas été enregistrée',
  'error.DirectoryUnavailable.title': 'L’annuaire ne répond pas',
  'error.DirectoryPermissionMissing.title': 'License Desk ne peut pas lire votre annuaire',
  'error.TenantNotInDirectory.title': 'Organisation inconnue',
  'error.NotAnAdmin.title': 'Réservé aux administrateurs',
  'error.BadCardData.title': 'Cette carte est périmée',
  'error.Unknown.title': 'Un problème est survenu',
  'error.NobodySelected.title': 'Personne n’est sélectionné',
  'error.NotFound.title': 'Introuvable',
  'error.NotAnAdmin':
    'Désolé, seuls un administrateur général, un administrateur de licences ou un administrateur d’utilisateurs de votre organisation peuvent voir ou modifier les licences. Demandez à l’un d’eux de vous donner un rôle, ou de le faire pour vous.',
  'error.CatalogMissing':
    'Votre organisation n’a pas encore de catalogue d’applications dans License Desk. Un administrateur le charge avec `npm run catalog -- catalog.json` ; d’ici là, il n’y a rien à afficher.',
  'error.AppNotFound':
    'Je n’ai trouvé aucune application nommée « {text} ». Tapez « licences » pour les voir toutes.',
  'error.AppRemoved.title': 'Application retirée par l’éditeur',
  'error.AppRemoved':
    '{app} a été retirée du catalogue de l’éditeur : personne ne peut être ajouté. Ses détenteurs la gardent jusqu’à ce que vous les désattribuiez.',
  'error.AppMissing':
    'Quelle application ? Par exemple : « {example} ». Tapez « licences » pour les voir toutes.',
  'error.PrincipalNotFound':
    'Je n’ai trouvé aucun utilisateur ni groupe nommé « {text} ». Utilisez un nom, une adresse e-mail ou un groupe comme « groupe Ventes France ».',
  'error.PrincipalMissing': 'À qui ? Par exemple : « {example} ».',
  'error.NothingToAssign': 'Toutes les personnes nommées détiennent déjà {app} : rien à attribuer.',
  'error.NothingToUnassign':
    'Rien à désattribuer : aucune des personnes ou groupes nommés n’a {app} en attribution.',
  'error.NotEnoughSeats':
    'Pas assez de licences pour {app} : il en faut {needed} et {available, plural, =0 {aucune n’est disponible (licences achetées : {purchased})} one {seule # sur {purchased} est disponible} other {seules # sur {purchased} sont disponibles}}. Rien n’a été attribué. Désattribuez quelqu’un ou demandez plus de licences à {vendor}.',
  'error.TooManyPrincipals':
    'Cela fait {named, plural, one {# utilisateur ou groupe} other {# utilisateurs et groupes}} en une demande ; le maximum est {max}. Rien n’a été modifié : faites plusieurs demandes.',
  'error.CatalogInvalid':
    'Le catalogue d’applications de votre organisation est abîmé ({problem}). Rien n’a été modifié : un administrateur doit le recharger.',
  'error.ConfirmationNotFound': 'Cette confirmation n’existe pas (ou plus). Rien n’a été modifié.',
  'error.ConfirmationUsed': 'Cette confirmation a déjà été utilisée. Rien de plus n’a été modifié.',
  'error.ConfirmationCancelled': 'Cette confirmation a été annulée. Rien n’a été modifié.',
  'error.ConfirmationExpired':
    'Cette confirmation a expiré. Rien n’a été modifié : redemandez la désattribution.',
  'error.ConfirmationChanged':
    'Les attributions de {app} ont changé depuis l’affichage de cette carte : rien n’a été modifié. Redemandez pour voir ce qui serait retiré maintenant.',
  'error.ConfirmationNotYours':
    'Seul(e) {name}, qui l’a demandée, peut confirmer ceci. Rien n’a été modifié.',
  'error.Busy': 'Beaucoup de modifications touchent {app} en ce moment. Rien n’a été modifié : réessayez.',
  'error.StorageUnavailable':
    'License Desk ne peut pas joindre son stockage pour l’instant. Rien n’a été modifié : réessayez dans une minute.',
  'error.StorageUncertain':
    'License Desk a perdu son stockage pendant l’enregistrement : impossible de savoir si la modification a été faite. Dans une minute, vérifiez les détails de l’application avant de réessayer.',
  'error.DirectoryUnavailable':
    'L’annuaire (utilisateurs et groupes) ne répond pas pour l’instant. Rien n’a été modifié : réessayez dans une minute.',
  'error.DirectoryPermissionMissing':
    'License Desk n’a pas le droit de lire votre annuaire ({detail}). Un administrateur doit l’accorder dans Microsoft Entra ID. Rien n’a été modifié.',
  'error.TenantNotInDirectory':
    'License Desk ne connaît pas l’annuaire de votre organisation. Rien n’a été modifié.',
  'error.TenantMismatch': 'Ce message n’indique pas de quelle organisation il vient. Rien n’a été modifié.',
  'error.BadCardData': 'Cette carte est périmée ou abîmée. Redemandez. Rien n’a été modifié.',
  'error.Unknown': 'Désolé, un problème est survenu de notre côté. Rien n’a été modifié. Réessayez.',

  'unknown.text': 'Je n’ai pas compris « {text} ». Tapez « aide » pour voir ce que je sais faire.',
  'seats.button.vendor': 'Contacter l’éditeur',
  'unknown.didYouMean': 'Je n’ai pas compris « {text} ». Vouliez-vous dire :',
  'empty.text': 'Bonjour ! Tapez « aide » pour voir ce que je sais faire.',
  'welcome.text':
    'Bonjour, je suis License Desk. Tapez « aide » pour gérer les licences de vos applications d’ici.',
  'welcome.text.mention':
    'Bonjour, je suis License Desk. Ici, je n’entends que les messages qui me mentionnent : @mentionnez License Desk et tapez « aide » pour gérer les licences de vos applications.',
  'empty.text.mention':
    'Bonjour ! @mentionnez License Desk et tapez « aide » pour voir ce que je sais faire.',
  'unknown.text.mention':
    'Je n’ai pas compris « {text} ». @mentionnez License Desk et tapez « aide » pour voir ce que je sais faire.',
  'working.text': 'Je m’en occupe…',
  'opened.text': 'Ouverture de {app}…',
  'list.and': ' et ',
  'list.others': '{count, plural, one {# autre} other {# autres}}',

  'pane.title': 'Attribuer des licences : {app}',
  'pane.seats':
    '{available, plural, one {# licence disponible} other {# licences disponibles}} sur {purchased} ({assigned, plural, one {# attribuée} other {# attribuées}})',
  'pane.search.label': 'Rechercher des utilisateurs ou des groupes',
  'pane.search.placeholder': 'Tapez un nom ou une adresse e-mail',
  'pane.search.hint':
    'Commencez à taper, puis choisissez des personnes et des groupes dans les résultats : flèches pour vous déplacer, Entrée pour choisir ou retirer.',
  'pane.search.searching': 'Recherche…',
  'pane.search.none': 'Aucun utilisateur ni groupe ne correspond à « {text} ».',
  'pane.search.count': 'Résultats : {count}. Utilisez les flèches, puis Entrée pour choisir.',
  'pane.search.failed': 'La recherche n’a pas fonctionné. Réessayez dans un instant.',
  'pane.user': 'Utilisateur · {email}',
  'pane.group': 'Groupe · membres : {count}',
  'pane.seats.user': '1 licence',
  'pane.seats.group': 'licences : jusqu’à {count}',
  'pane.picked.title': 'Sélection',
  'pane.picked.none': 'Personne n’est encore sélectionné.',
  'pane.picked.remove': 'Retirer',
  'pane.picked.removeName': 'Retirer {name}',
  'pane.picked.added': 'Ajout de {name} à la sélection, {seats}.',
  'pane.picked.removed': 'Retrait de {name} de la sélection.',
  'pane.total': 'Licences nécessaires : jusqu’à {needed} · disponibles : {available}',
  'pane.total.over':
    'Il faudra peut-être plus de licences que disponibles. License Desk compte exactement au moment d’attribuer (les membres qui ont déjà l’application n’utilisent pas de licence) et n’attribue rien s’il en manque.',
  'pane.button.assign': 'Attribuer',
  'pane.button.cancel': 'Annuler',
  'pane.button.close': 'Fermer',
  'pane.submitting': 'Attribution…',
  'pane.expired':
    'Ce volet d’attribution a expiré. Rien n’a été attribué : fermez-le et sélectionnez de nouveau Attribuer des licences.',
  'pane.invalid':
    'Ce volet d’attribution n’est pas valide pour vous. Rien n’a été attribué : fermez-le et sélectionnez de nouveau Attribuer des licences.',
  'pane.notInTeams': 'Ouvrez ce volet depuis License Desk dans Teams pour attribuer des licences.',

  'assignChat.intro':
    'Tapez le début d’un nom, choisissez des utilisateurs et des groupes, puis sélectionnez Attribuer.',
  'assignChat.label': 'Utilisateurs et groupes',
  'assignChat.required': 'Choisissez au moins un utilisateur ou un groupe.',
  'assignChat.group': '{name} (groupe · {count, plural, one {# membre} other {# membres}})',
  'assignChat.typeInstead':
    'Pas de zone de recherche ? Tapez « attribuer {app} à » suivi de noms, d’adresses e-mail ou de groupes.',
  'help.cmd.alertsHere': 'alertes ici',
  'help.cmd.alertsHere.desc':
    'Les alertes de licences arrivent dans ce canal ou cette conversation de groupe (« arrêter les alertes » pour annuler ; sinon, dans les conversations personnelles des administrateurs).',
  'help.cmd.threshold': 'préviens-moi quand il reste 3 licences Contoso CRM',
  'help.cmd.threshold.desc': 'Quand être alerté (par défaut : 10 % des licences achetées).',
  'help.cmd.notices': 'notifications désactivées',
  'help.cmd.notices.desc':
    'Ne plus prévenir les personnes qui reçoivent ou perdent une licence (« notifications activées » pour reprendre).',
  'alerts.title': 'Alertes de licences',
  'alerts.here.done':
    'Les alertes de licences arriveront dans cette conversation. Dites « arrêter les alertes » pour annuler.',
  'alerts.here.personal':
    'Dites-le dans un canal ou une conversation de groupe : les alertes vont dans la conversation où c’est dit. Sans canal d’alertes, elles arrivent dans les conversations personnelles des administrateurs qui utilisent License Desk, dont celle-ci.',
  'alerts.stop.done':
    'Les alertes de licences ne vont plus dans le canal d’alertes : elles arrivent dans les conversations personnelles des administrateurs qui utilisent License Desk.',
  'alerts.stop.none':
    'Aucun canal d’alertes n’était défini : les alertes arrivent dans les conversations personnelles des administrateurs qui utilisent License Desk.',
  'alerts.threshold.done':
    'Vous serez alerté quand il restera {threshold, plural, one {# licence} other {# licences}} {app} ou moins (actuellement {available, plural, one {# disponible} other {# disponibles}} sur {purchased}).',
  'alerts.threshold.usage': 'Dites-le ainsi : préviens-moi quand il reste 3 licences Contoso CRM.',
  'alerts.threshold.range':
    '{app} a {purchased, plural, one {# licence achetée} other {# licences achetées}} : le seuil doit être entre 0 et {purchased}.',
  'notices.off.done':
    'Les personnes ne seront plus prévenues quand elles reçoivent ou perdent une licence. Les alertes de licences arrivent toujours aux administrateurs. Dites « notifications activées » pour reprendre.',
  'notices.on.done': 'Les personnes seront prévenues quand elles reçoivent ou perdent une licence.',
  'alert.low.title': '{app} : plus que {available, plural, one {# licence} other {# licences}}',
  'alert.low.text':
    'Les licences disponibles de {app} sont tombées à {available} (seuil d’alerte : {threshold}). Achetez des licences auprès de l’éditeur ou libérez-en.',
  'alert.refused.title': '{app} : une attribution a été refusée',
  'alert.refused.text':
    'Une attribution demandait {needed, plural, one {# licence} other {# licences}} et {available, plural, =0 {aucune n’était disponible} one {il n’en restait qu’une} other {il n’en restait que #}}. Achetez des licences auprès de l’éditeur ou libérez-en.',
  'alert.over.title': '{app} : plus de titulaires que de licences',
  'alert.over.text':
    '{assigned, plural, one {# personne détient} other {# personnes détiennent}} {app} pour {purchased, plural, =0 {aucune licence achetée} one {seulement # licence achetée} other {seulement # licences achetées}} : {over} de trop. Personne ne perd sa licence ; les nouvelles attributions sont refusées. Désattribuez quelqu’un ou achetez des licences auprès de l’éditeur.',
  'alert.label.purchased': 'Achetées',
  'alert.label.assigned': 'Attribuées',
  'alert.label.available': 'Disponibles',
  'alert.label.threshold': 'Seuil d’alerte',
  'alert.button.details': 'Détails',
  'alert.button.vendor': 'Contacter l’éditeur',
  'alert.button.snooze': 'Suspendre 7 jours',
  'alert.kind.low': 'Licences bientôt épuisées',
  'alert.kind.refused': 'Attribution refusée',
  'alert.kind.over': 'Plus de titulaires que de licences',
  'alert.snoozed.title': '{app} : alertes suspendues',
  'alert.snoozed.text': 'Les alertes « {kind} » de {app} sont suspendues jusqu’au {until} (par {admin}).',
};
