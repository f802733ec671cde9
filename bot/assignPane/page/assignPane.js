/*
 * The Assign licenses pane, in a Teams dialog. The bot rendered the page with its strings and a
 * short-lived token; this script searches users and groups through the bot as the admin types,
 * keeps the picked ones, and hands the selection to Teams with dialog.url.submit. The bot checks
 * everything again when it receives it (task/submit). Plain browser JavaScript, no build step.
 */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('pane-config').textContent);
  var strings = config.strings;
  var teams = window.microsoftTeams;
  var SEARCH_DELAY_MS = 200;

  var form = document.getElementById('pane-form');
  var search = document.getElementById('search');
  var results = document.getElementById('results');
  var pickedList = document.getElementById('picked');
  var pickedNone = document.getElementById('picked-none');
  var total = document.getElementById('total');
  var over = document.getElementById('over');
  var status = document.getElementById('status');
  var problem = document.getElementById('problem');
  var assignButton = document.getElementById('assign');
  var cancelButton = document.getElementById('cancel');
  var closeButton = document.getElementById('close');

  /** Picked principals in the order picked, by id. */
  var picked = new Map();
  var shown = [];
  var active = -1;
  var timer = 0;
  var inFlight = null;
  var searchNumber = 0;
  var hostReady = false;
  var stopped = config.state !== 'ready';

  function format(text, params) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  function announce(text) {
    // Cleared first so that the same message twice is still read out.
    status.textContent = '';
    window.setTimeout(function () {
      status.textContent = text;
    }, 30);
  }

  function seatsText(result) {
    return result.kind === 'group'
      ? format(strings.seatsGroup, { count: result.maxSeats })
      : format(strings.seatsUser, { count: result.maxSeats });
  }

  function detailText(result) {
    return result.kind === 'group'
      ? format(strings.group, { count: result.memberCount })
      : format(strings.user, { email: result.email || '' });
  }

  function applyTheme(theme) {
    var known = theme === 'dark' || theme === 'contrast' ? theme : 'default';
    document.documentElement.setAttribute('data-theme', known);
  }

  /** Stops the pane for good (expired or refused token): the reason is shown and read out. */
  function stop(message) {
    stopped = true;
    problem.textContent = message;
    problem.hidden = false;
    search.disabled = true;
    assignButton.disabled = true;
    closeResults();
  }

  function closeResults() {
    results.hidden = true;
    search.setAttribute('aria-expanded', 'false');
    search.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function setActive(index) {
    var options = results.querySelectorAll('[role="option"]');
    if (options.length === 0) return;
    active = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      option.classList.toggle('active', i === active);
    });
    search.setAttribute('aria-activedescendant', options[active].id);
    options[active].scrollIntoView({ block: 'nearest' });
  }

  function renderResults() {
    results.textContent = '';
    shown.forEach(function (result, i) {
      var option = document.createElement('li');
      option.id = 'result-' + i;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', picked.has(result.id) ? 'true' : 'false');
      option.dataset.id = result.id;
      var check = document.createElement('span');
      check.className = 'check';
      check.setAttribute('aria-hidden', 'true');
      check.textContent = picked.has(result.id) ? '✓' : '';
      option.append.apply(option, [check].concat(describe(result)));
      // mousedown keeps the focus in the search box.
      option.addEventListener('mousedown', function (event) {
        event.preventDefault();
      });
      option.addEventListener('click', function () {
        setActive(i);
        toggle(result);
      });
      results.appendChild(option);
    });
    results.hidden = shown.length === 0;
    search.setAttribute('aria-expanded', shown.length ? 'true' : 'false');
    if (active >= shown.length) active = -1;
    if (active >= 0) setActive(active);
    else search.removeAttribute('aria-activedescendant');
  }

  /** The name, detail and seats of a user or group, as the results and the picked list show them. */
  function describe(result) {
    return [
      ['name', result.displayName],
      ['detail', detailText(result)],
      ['seats', seatsText(result)],
    ].map(function (part) {
      var span = document.createElement('span');
      span.className = part[0];
      span.textContent = part[1];
      return span;
    });
  }

  function renderPicked() {
    pickedList.textContent = '';
    var needed = 0;
    picked.forEach(function (result) {
      needed += result.maxSeats;
      var item = document.createElement('li');
      item.dataset.id = result.id;
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = strings.remove;
      remove.setAttribute('aria-label', format(strings.removeName, { name: result.displayName }));
      remove.addEventListener('click', function () {
        toggle(result);
        search.focus();
      });
      item.append.apply(item, describe(result).concat([remove]));
      pickedList.appendChild(item);
    });
    var count = picked.size;
    pickedNone.hidden = count > 0;
    total.hidden = count === 0;
    total.textContent = format(strings.total, { needed: needed, available: config.available });
    over.hidden = count === 0 || needed <= config.available;
    assignButton.disabled = stopped || count === 0;
  }

  function toggle(result) {
    if (stopped) return;
    if (picked.has(result.id)) {
      picked.delete(result.id);
      announce(format(strings.removed, { name: result.displayName }));
    } else {
      picked.set(result.id, result);
      announce(format(strings.added, { name: result.displayName, seats: seatsText(result) }));
    }
    renderResults();
    renderPicked();
  }

  function runSearch(query) {
    if (inFlight) inFlight.abort();
    var number = ++searchNumber;
    inFlight = new AbortController();
    announce(strings.searching);
    fetch('../api/dialog/principals?q=' + encodeURIComponent(query), {
      headers: { authorization: 'Bearer ' + config.token, accept: 'application/json' },
      signal: inFlight.signal,
      credentials: 'omit',
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            return { status: response.status, body: body };
          });
      })
      .then(function (answer) {
        if (number !== searchNumber) return;
        if (answer.status === 401 || answer.status === 403) {
          stop(answer.body.message || (answer.body.error === 'expired' ? strings.expired : strings.invalid));
          return;
        }
        if (answer.status !== 200 || !Array.isArray(answer.body.results)) {
          shown = [];
          renderResults();
          announce(strings.failed);
          return;
        }
        shown = answer.body.results;
        active = shown.length ? 0 : -1;
        renderResults();
        announce(
          shown.length
            ? format(strings.count, { count: shown.length })
            : format(strings.none, { text: query }),
        );
      })
      .catch(function (error) {
        if (error && error.name === 'AbortError') return;
        if (number === searchNumber) announce(strings.failed);
      });
  }

  function onInput() {
    window.clearTimeout(timer);
    var query = search.value.trim();
    if (!query) {
      if (inFlight) inFlight.abort();
      searchNumber++;
      shown = [];
      renderResults();
      return;
    }
    timer = window.setTimeout(function () {
      runSearch(query);
    }, SEARCH_DELAY_MS);
  }

  function onKeyDown(event) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (results.hidden && shown.length) renderResults();
      setActive(active + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive(active - 1);
    } else if (event.key === 'Home' && !results.hidden) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === 'End' && !results.hidden) {
      event.preventDefault();
      setActive(shown.length - 1);
    } else if (event.key === 'Enter') {
      // Enter picks the highlighted result; it never submits the form from the search box.
      event.preventDefault();
      if (!results.hidden && active >= 0 && shown[active]) toggle(shown[active]);
    } else if (event.key === 'Escape' && !results.hidden) {
      event.preventDefault();
      closeResults();
    }
  }

  function submit(result) {
    if (!hostReady) {
      stop(strings.notInTeams);
      return;
    }
    teams.dialog.url.submit(result);
  }

  function onAssign(event) {
    event.preventDefault();
    if (stopped || picked.size === 0) return;
    assignButton.disabled = true;
    announce(strings.submitting);
    submit({ token: config.token, principalIds: Array.from(picked.keys()) });
  }

  function connectToTeams() {
    if (!teams) return;
    var initialized = teams.app.initialize();
    initialized
      .then(function () {
        hostReady = true;
        teams.app.notifySuccess();
        teams.app.registerOnThemeChangeHandler(applyTheme);
        return teams.app.getContext();
      })
      .then(function (context) {
        if (context && context.app) applyTheme(context.app.theme);
      })
      .catch(function () {
        hostReady = false;
      });
  }

  if (form) {
    search.addEventListener('input', onInput);
    search.addEventListener('keydown', onKeyDown);
    search.addEventListener('blur', function () {
      window.setTimeout(closeResults, 150);
    });
    search.addEventListener('focus', function () {
      if (shown.length) renderResults();
    });
    form.addEventListener('submit', onAssign);
    cancelButton.addEventListener('click', function () {
      submit();
    });
  }
  closeButton.addEventListener('click', function () {
    submit();
  });

  connectToTeams();
  renderPicked();
  if (!stopped) search.focus();
  else closeButton.focus();
})();
