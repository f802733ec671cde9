/**
 * A test page that plays the Teams host for @microsoft/teams-js: it frames the dialog page and
 * answers its postMessage protocol as Teams does (message names read from teams-js's dist code):
 * - `initialize` → [frameContext, hostClientType, runtime config (JSON), supported SDK version]
 * - `getContext` → [legacy context: theme, locale, tid, userObjectId, frameContext…]
 * - `tasks.completeTask` (dialog.url.submit) → recorded in `window.host.submitted` (its args)
 * - `themeChange` is pushed to the page with `window.host.setTheme(theme)`
 * Responses carry the request's `id` and `uuidAsString`; pushes carry `func` and `args`.
 */

export interface HostOptions {
  paneUrl: string;
  theme?: 'default' | 'dark' | 'contrast';
  locale?: string;
  tenantId?: string;
  userObjectId?: string;
}

/** Teams answers `initialize` with a runtime that says dialogs (URL) are supported. */
const RUNTIME = { apiVersion: 4, supports: { dialog: { url: {}, update: {} }, app: {} } };

export function hostPage(options: HostOptions): string {
  const settings = {
    paneUrl: options.paneUrl,
    runtime: JSON.stringify(RUNTIME),
    context: {
      theme: options.theme ?? 'default',
      locale: options.locale ?? 'en-us',
      tid: options.tenantId ?? '',
      userObjectId: options.userObjectId ?? '',
      frameContext: 'task',
      hostClientType: 'web',
      hostName: 'Teams',
    },
  };
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Teams host (test)</title>
<style>body{margin:0;background:#888} iframe{border:0;width:680px;height:620px;display:block}</style>
</head><body>
<iframe id="dialog" title="Assign licenses dialog"></iframe>
<script>
const settings = ${JSON.stringify(settings)};
const frame = document.getElementById('dialog');
window.host = {
  received: [],
  submitted: [],
  setTheme(theme) {
    frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, new URL(settings.paneUrl).origin);
  },
};
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow) return;
  const message = event.data;
  if (!message || typeof message.func !== 'string') return;
  window.host.received.push(message.func);
  const reply = (args) =>
    event.source.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args }, event.origin);
  switch (message.func) {
    case 'initialize':
      reply(['task', 'web', settings.runtime, '2.0.0']);
      break;
    case 'getContext':
      reply([settings.context]);
      break;
    case 'tasks.completeTask':
      window.host.submitted.push(message.args);
      break;
    default:
      break;
  }
});
frame.src = settings.paneUrl;
</script>
</body></html>`;
}
