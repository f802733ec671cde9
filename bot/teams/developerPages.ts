import type { Server } from 'restify';

/**
 * The pages the Teams app manifest links to in its `developer` section (websiteUrl, privacyUrl,
 * termsOfUseUrl: https://<BOT_DOMAIN>/, /privacy and /terms): Teams requires all three and shows them
 * on the app's page, so the bot serves them itself. Static English text saying what this code does.
 */

const page = (title: string, body: string): string =>
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style>
</head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>
`;

export const HOME_PAGE = page(
  'License Desk',
  `<p>License Desk is a Microsoft Teams bot for the admins of a Microsoft 365 organisation: it does in a
chat what the admin center's Billing &gt; Licenses page does for apps bought from independent software
vendors. List apps and seats, assign seats to users and groups, unassign them after a confirmation, and
share install links, in English and French. Type <b>help</b> in a chat with the bot to start.</p>
<p><a href="/privacy">Privacy statement</a> · <a href="/terms">Terms of use</a></p>`,
);

export const PRIVACY_PAGE = page(
  'License Desk privacy statement',
  `<p>License Desk is a Microsoft Teams bot that lets the admins of a Microsoft 365 organisation see and
assign the licenses of apps bought from independent software vendors. This deployment is run by your
organisation or by the provider it chose: they decide where its data is kept and answer requests about it.</p>
<h2>What it reads</h2>
<ul>
<li>The messages and card actions you send to the bot, with your Teams user id, name, organisation (tenant)
id and language.</li>
<li>From your organisation's directory (Microsoft Graph): users, groups, group members and admin roles, to
find the people you name and to check that you are an admin. These answers are kept in memory for about a
minute, never stored.</li>
</ul>
<h2>What it stores</h2>
<p>In the Azure Cosmos DB database of this deployment, kept separately for each organisation: the catalog
of apps and seats purchased, who holds each app (user and group ids and names), the history of changes
(who made each change, when, and whom it concerned), and unassign confirmations, which expire.</p>
<h2>Where it goes</h2>
<p>Replies go back through the Microsoft Bot Framework service to Teams; the bot sends your data nowhere
else. Its logs record requests and errors, never passwords, keys or tokens.</p>
<h2>Removal</h2>
<p>The data stays as long as the organisation uses the deployment. Ask its operator to remove an
organisation's data.</p>`,
);

export const TERMS_PAGE = page(
  'License Desk terms of use',
  `<p>License Desk is provided to the admins of Microsoft 365 organisations (Global, License and User
admins) to view and manage the seats of apps their organisation bought from independent software vendors.</p>
<ul>
<li>Use it only for the organisation you administer. Every change is recorded with your name in the app's
history.</li>
<li>The apps themselves, their seats and prices are governed by your agreement with their vendor; License
Desk only records who holds a seat.</li>
<li>The service is provided as is, by the operator of this deployment, who may change or stop it.</li>
</ul>`,
);

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // Static text: no script, no frame, no request to anywhere.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'public, max-age=3600',
};

export function addDeveloperPages(server: Server): void {
  for (const [route, html] of [
    ['/', HOME_PAGE],
    ['/privacy', PRIVACY_PAGE],
    ['/terms', TERMS_PAGE],
  ]) {
    server.get(route, (_req, res, next) => {
      res.writeHead(200, HEADERS);
      res.end(html);
      return next();
    });
  }
}
