/*
 * oms-bridge dashboard: reads the bridge's JSON API (/api/status, /api/activity, /api/migrations,
 * /api/migrations/{id}) every few seconds and updates the page in place, draws the last hour as an SVG chart, and
 * sends the operations a person asks for in a request's detail (stop, start, retry, delete). Plain JavaScript, no
 * libraries, no build step.
 *
 * Safety rule of this file: data from the API only ever reaches the DOM as text (textContent, attribute values set
 * with setAttribute/dataset), never as markup, so a request id or an error message cannot inject HTML. Keys typed
 * for an operation live only in their inputs until sent: never stored, never logged, the inputs emptied at once.
 */
'use strict';

(() => {
  const REFRESH_MS = 3000;
  const TOKEN_KEY = 'oms-bridge.api-token';
  const RUNNING_STEP = 20;      // running tasks asked per state, raised by "Show more"
  const FAILURES_CAPPED = 5;    // latest failures and rejections listed, so the table beside them stays in sight
  const FAILURES_MORE = 50;     // listed once "Show more" is pressed
  const MAX_LIMIT = 500;        // the API's largest page

  // the ledger's states in lifecycle order, with the words a person reads
  const STATES = [
    ['RECEIVED', 'Received'], ['SUBMITTING', 'Submitting'], ['SUBMITTED', 'Submitted'], ['RUNNING', 'Running'],
    ['STOPPED', 'Stopped'], ['SUCCEEDED', 'Succeeded'], ['FAILED', 'Failed'], ['REJECTED', 'Rejected'],
    ['SUBMIT_FAILED', 'Submit failed'], ['DELETED', 'Deleted'],
  ];
  const STATE_LABEL = Object.fromEntries(STATES);
  const ACTIVE = ['SUBMITTED', 'RUNNING', 'STOPPED'];
  const PROBLEMS = ['FAILED', 'SUBMIT_FAILED', 'REJECTED'];
  // OMS task status codes (oms_status)
  const OMS_STATUS = { 0: 'initializing', 1: 'waiting', 2: 'migrating', 3: 'stopped', 4: 'failed', 5: 'succeeded',
    7: 'pausing' };

  // what an operator may do to a migration's task, and in which ledger states the bridge lets it (io.omsbridge.model
  // .Operation): the buttons of the detail; a button whose state does not allow it is disabled and says why
  const ACTIONS = [
    { id: 'stop', op: 'stop', label: 'Stop', allowed: ['SUBMITTED', 'RUNNING'], verb: 'Stopping',
      does: 'Stop (pause) the OMS task; it can be resumed later', only: 'Only a task that waits or runs can be stopped' },
    { id: 'start', op: 'start', label: 'Resume', allowed: ['STOPPED'], verb: 'Resuming',
      does: 'Start the stopped task again, where it stopped', only: 'Only a stopped task can be resumed' },
    { id: 'retry', op: 'retry', failedOnly: false, label: 'Retry', allowed: ['FAILED'], verb: 'Retrying',
      does: 'Run the failed task again over every object (those already migrated are skipped): a new run',
      only: 'Only a failed task can be retried' },
    { id: 'retry-failed', op: 'retry', failedOnly: true, label: 'Retry failed objects only', allowed: ['FAILED'],
      verb: 'Retrying', does: 'Run the failed task again over the objects that failed only: a new run',
      only: 'Only a failed task can be retried' },
    { id: 'delete', op: 'delete', label: 'Delete', allowed: ['STOPPED', 'FAILED', 'SUCCEEDED'], verb: 'Deleting',
      confirm: true, does: 'Delete the task in OMS (asks first)',
      only: 'Only a stopped or ended task can be deleted: stop a running one first' },
    // a migration in passes only (its rule is the schedule's, not the state: see updateActions)
    { id: 'cutover', op: 'cutover', label: 'Cutover', allowed: [], passesOnly: true, verb: 'Cutting over',
      does: 'Ask for the final pass: it starts once the running pass ends (at once when none runs); when it succeeds'
        + ' the migration is over', only: 'Only a migration in passes whose passes go on has a cutover' },
    { id: 'throttle', op: 'bandwidth', ask: true, label: 'Throttle…', allowed: ['SUBMITTED', 'RUNNING', 'STOPPED'],
      verb: 'Throttling', does: 'Limit the task\'s bandwidth during a window of the day (asks for it)',
      only: 'Only a task that has not ended can be throttled' },
    { id: 'priority-high', op: 'priority', priority: 'HIGH', label: 'Priority high',
      allowed: ['SUBMITTED', 'STOPPED', 'FAILED'], verb: 'Reprioritising',
      does: 'OMS runs this task before the others waiting (OMS API v2)',
      only: 'Only a waiting, stopped or failed task can be reprioritised' },
    { id: 'priority-low', op: 'priority', priority: 'LOW', label: 'Priority low',
      allowed: ['SUBMITTED', 'STOPPED', 'FAILED'], verb: 'Reprioritising',
      does: 'OMS runs this task after the others waiting (OMS API v2)',
      only: 'Only a waiting, stopped or failed task can be reprioritised' },
  ];
  const MIB = 1048576;
  const ACTION = Object.fromEntries(ACTIONS.map((a) => [a.id, a]));
  // states with no OMS task to act on, ever: no buttons
  const NO_TASK_EVER = ['REJECTED', 'SUBMIT_FAILED'];
  const SIDES = [['src_node', 'Source'], ['dst_node', 'Destination']];
  // how long a sent operation keeps its button busy while the state has not followed yet
  const SENT_PATIENCE_MS = 20000;
  const FOLLOW_MS = 1000;       // how often the detail is read while a sent operation takes effect

  const $ = (id) => document.getElementById(id);

  /** What the page is showing and where it is, kept between refreshes. */
  const view = {
    timer: 0,
    inFlight: false,
    again: false,            // a refresh was asked for while one was running: run another right after
    paused: false,
    awaitingToken: false,
    runningLimit: RUNNING_STEP,
    failuresOpen: false,     // "Show more" pressed: up to FAILURES_MORE failures listed
    activity: null,          // the last hour as last read, kept to draw it again when the page is resized
    recent: { state: '', size: 25, cursors: [null], page: 0 },
    detailId: null,
    detailData: null,        // the open request as last read
    detailOpener: null,
    op: null,                // the operation being asked for from the detail: its id is kept for a resend
    opTimer: 0,
    banner: { source: null, dismissed: null },
  };

  // ---------------------------------------------------------------------------------------------------------------
  // small helpers

  /** An element with attributes (dataset via "data-*", properties via "." prefix) and text or element children. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith('.')) el[name.slice(1)] = value;
      else el.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  /** Sets an element's text only when it changed (keeps selections and avoids needless layout). */
  function setText(el, text) {
    const value = text === null || text === undefined ? '' : String(text);
    if (el.textContent !== value) el.textContent = value;
  }

  const numberFormat = new Intl.NumberFormat();
  const num = (n) => (n === null || n === undefined ? '–' : numberFormat.format(n));

  /** Bytes in binary units: 512 B, 7.14 MiB, 15.9 GiB. */
  function bytes(n) {
    if (n === null || n === undefined) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let value = Number(n);
    let unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    const digits = unit === 0 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
    return value.toFixed(digits) + ' ' + units[unit];
  }

  /** A span of milliseconds the way a person says it: "< 1 s", "42 s", "3 min 05 s", "2 h 07 min", "3 d 4 h". */
  function duration(ms) {
    if (ms === null || ms === undefined) return '–';
    const s = Math.round(Math.abs(ms) / 1000);
    if (s < 1) return '< 1 s';
    if (s < 60) return s + ' s';
    const m = Math.floor(s / 60);
    if (m < 60) return m + ' min ' + String(s % 60).padStart(2, '0') + ' s';
    const hrs = Math.floor(m / 60);
    if (hrs < 24) return hrs + ' h ' + String(m % 60).padStart(2, '0') + ' min';
    return Math.floor(hrs / 24) + ' d ' + (hrs % 24) + ' h';
  }

  /** An ISO-8601 duration from the API (PT24H, PT30M, P7D) as words: "24 h", "30 min"; else the text itself. */
  function isoDuration(text) {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(text || '');
    if (!m) return text || '–';
    const hours = Number(m[1] || 0) * 24 + Number(m[2] || 0);
    const parts = [hours ? hours + ' h' : null, m[3] && m[3] !== '0' ? Number(m[3]) + ' min' : null,
      m[4] && Number(m[4]) ? Number(m[4]) + ' s' : null].filter(Boolean);
    return parts.length ? parts.join(' ') : '0 s';
  }

  const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

  /** An ISO time as "12 s ago" / "in 5 min" (or the date when far), with the full local time for a tooltip. */
  function when(iso) {
    if (!iso) return { text: '–', title: '' };
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return { text: String(iso), title: '' };
    const delta = t - Date.now();
    const title = timeFormat.format(new Date(t)) + ' (' + iso + ')';
    if (Math.abs(delta) > 2 * 24 * 3600 * 1000) return { text: timeFormat.format(new Date(t)), title };
    if (Math.abs(delta) < 1500) return { text: 'just now', title };
    return { text: delta < 0 ? duration(delta) + ' ago' : 'in ' + duration(delta), title };
  }

  /** A <time> element for an ISO time (relative text, absolute tooltip). */
  function timeEl(iso, attrs) {
    const w = when(iso);
    return h('time', { datetime: iso || null, title: w.title || null, ...attrs }, w.text);
  }

  function updateTime(el, iso) {
    const w = when(iso);
    setText(el, w.text);
    if (iso) el.setAttribute('datetime', iso); else el.removeAttribute('datetime');
    if (w.title) el.title = w.title; else el.removeAttribute('title');
  }

  function stateBadge(state) {
    return h('span', { class: 'badge', 'data-state': state }, STATE_LABEL[state] || state);
  }

  function updateBadge(el, state) {
    el.dataset.state = state;
    setText(el, STATE_LABEL[state] || state);
  }

  /** "AWS cn-beijing / bucket" or "–". */
  function bucket(b, withCloud) {
    if (!b || !b.bucket) return '–';
    const where = [withCloud ? b.cloud_type : null, b.region].filter(Boolean).join(' ');
    return (where ? where + ' / ' : '') + b.bucket;
  }

  /** Why a request failed, in one line: OMS's error (message and code), else the bridge's last error. */
  function reasonOf(m) {
    const e = m.task_error;
    if (e && (e.error_msg || e.error_code)) {
      return [e.error_msg, e.error_code ? '(' + e.error_code + ')' : null].filter(Boolean).join(' ');
    }
    return m.last_error || '';
  }

  /** A progress bar (role=progressbar): data-progress holds the raw 0..1 value for scripts and tests. */
  function progressBar(label) {
    return h('div', { class: 'bar', role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0,
      'aria-valuemax': 100 }, h('div', { class: 'fill' }));
  }

  function updateBar(bar, progress) {
    const known = typeof progress === 'number';
    const pct = known ? Math.max(0, Math.min(100, progress * 100)) : 0;
    bar.dataset.progress = known ? String(progress) : '';
    bar.classList.toggle('unknown', !known);
    if (known) {
      bar.setAttribute('aria-valuenow', pct.toFixed(1));
      bar.setAttribute('aria-valuetext', pct.toFixed(1) + ' %');
    } else {
      bar.removeAttribute('aria-valuenow');
      bar.setAttribute('aria-valuetext', 'not started');
    }
    bar.firstChild.style.width = pct + '%';
  }

  const percent = (p) => (typeof p === 'number' ? (p * 100).toFixed(1) + ' %' : '–');

  /**
   * Makes container's children match items, one element per item keyed by request id (data-request-id): an element
   * already there is updated and moved, not rebuilt, so focus, hover and CSS transitions survive a refresh.
   */
  function syncChildren(container, items, keyOf, create, update) {
    const existing = new Map();
    for (const el of Array.from(container.children)) existing.set(el.dataset.key, el);
    let previous = null;
    for (const item of items) {
      const key = keyOf(item);
      let el = existing.get(key);
      if (el) existing.delete(key);
      else {
        el = create(item);
        el.dataset.key = key;
      }
      update(el, item);
      const wanted = previous ? previous.nextElementSibling : container.firstElementChild;
      if (el !== wanted) container.insertBefore(el, wanted);
      previous = el;
    }
    existing.forEach((el) => el.remove());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // the API

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** 401: no token, or (tokenSent) one the bridge does not take. */
  class AuthError extends ApiError {
    constructor(message, tokenSent) {
      super(401, 'UNAUTHORIZED', message);
      this.tokenSent = tokenSent;
    }
  }

  /** GET an /api path as JSON, with the token if there is one; an ApiError with the bridge's code otherwise. */
  async function api(path) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    let response;
    try {
      response = await fetch(path, { headers, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new ApiError(0, 'UNREACHABLE', 'The bridge cannot be reached (' + e.message + '). Is it running?');
    }
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (notJson) {
      body = null;
    }
    if (response.status === 401) {
      throw new AuthError((body && body.message) || 'a bearer token is required', Boolean(token));
    }
    if (!response.ok) {
      throw new ApiError(response.status, (body && body.code) || 'HTTP_' + response.status,
        (body && body.message) || text.slice(0, 200) || response.statusText);
    }
    if (body === null) throw new ApiError(response.status, 'NOT_JSON', path + ' did not answer JSON');
    return body;
  }

  /**
   * Sends an operation (POST or DELETE) with its Idempotency-Key: {status, body} for any answer the bridge gave in
   * JSON (202, 400, 404, 409 carry the acknowledgement with its problems); an ApiError when it cannot be reached or
   * did not answer JSON, an AuthError on 401. The body (which may hold keys) is never kept or logged.
   */
  async function apiSend(method, path, key, body) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = { Accept: 'application/json', 'Idempotency-Key': key };
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new ApiError(0, 'UNREACHABLE', 'The bridge cannot be reached (' + e.message + '). Is it running?');
    }
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch (notJson) {
      parsed = null;
    }
    if (response.status === 401) {
      throw new AuthError((parsed && parsed.message) || 'a bearer token is required', Boolean(token));
    }
    if (parsed === null || typeof parsed !== 'object') {
      throw new ApiError(response.status, 'HTTP_' + response.status, text.slice(0, 200) || response.statusText);
    }
    return { status: response.status, body: parsed };
  }

  /** A random operation id (a UUID): crypto.randomUUID where the page is a secure context, else from random bytes. */
  function newOperationId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
  }

  function listUrl(state, limit, after) {
    const q = new URLSearchParams();
    if (state) q.set('state', state);
    q.set('limit', String(limit));
    if (after) q.set('after', after);
    return '/api/migrations?' + q.toString();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // the error banner and the token dialog

  /** Shows an error; source "refresh" errors clear themselves when a refresh works again. */
  function showBanner(message, source) {
    // a message the user dismissed stays dismissed while it repeats unchanged
    if (view.banner.dismissed === message) return;
    view.banner.source = source;
    setText($('banner-text'), message);
    $('banner').hidden = false;
  }

  function clearBanner(source) {
    if (source && view.banner.source !== source) return;
    $('banner').hidden = true;
    view.banner.source = null;
    view.banner.dismissed = null;
  }

  function errorText(e) {
    if (e instanceof ApiError) {
      return e.status ? 'The bridge answered ' + e.status + ' ' + e.code + ': ' + e.message : e.message;
    }
    return 'The dashboard failed: ' + (e && e.message ? e.message : String(e));
  }

  /** Any failure of an API call: a 401 asks for the token (once), anything else goes to the banner. */
  function handleError(e, source) {
    if (e instanceof AuthError) {
      askForToken(e);
      return;
    }
    showBanner(errorText(e), source);
  }

  function askForToken(e) {
    view.awaitingToken = true;
    clearTimeout(view.timer);
    const dialog = $('token-dialog');
    const message = $('token-message');
    if (e.tokenSent) {
      // the stored token is wrong (or was changed on the bridge): forget it and say so
      sessionStorage.removeItem(TOKEN_KEY);
      message.className = 'error';
      setText(message, 'The bridge did not accept that token (' + e.message + '). Enter the token again.');
    } else if (!dialog.open) {
      message.className = '';
      setText(message, 'This bridge asks for a token on its API. Enter it to see the dashboard.');
    }
    $('forget-token').hidden = true;
    if (!dialog.open) {
      // asked once: calls that fail while the dialog is open only update its message
      $('token-input').value = '';
      dialog.showModal();
      $('token-input').focus();
    }
  }

  function tokenSubmitted(event) {
    event.preventDefault();
    const token = $('token-input').value.trim();
    if (!token) {
      $('token-message').className = 'error';
      setText($('token-message'), 'Enter the token first.');
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token-dialog').close();
    view.awaitingToken = false;
    $('forget-token').hidden = false;
    // the next round reloads everything, the open detail too
    refreshNow();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // rendering: counts, cap, outbox, checks

  /** A state's tile (and its entry in the table's filter): made up front for the known states, and on the fly for
   * a state a newer bridge reports that this page does not know yet. */
  function addTile(state) {
    const label = STATE_LABEL[state] || (STATE_LABEL[state] = state.charAt(0) + state.slice(1).toLowerCase()
      .replace(/_/g, ' '));
    const button = h('button', { type: 'button', class: 'tile', 'aria-pressed': 'false',
      title: 'List the requests in state ' + label },
    h('span', { class: 'count', 'data-count': '' }, '–'), h('span', { class: 'label' }, label));
    button.addEventListener('click', () => {
      setRecentFilter(view.recent.state === state ? '' : state);
      $('recent').scrollIntoView({ block: 'start' });
    });
    $('state-counts').append(h('li', { 'data-state': state }, button));
    $('recent-state').append(h('option', { value: state }, label));
  }

  function buildTiles() {
    for (const [state] of STATES) addTile(state);
  }

  function renderStatus(status) {
    const states = status.states || {};
    for (const state of Object.keys(states)) {
      if (!$('state-counts').querySelector('li[data-state="' + CSS.escape(state) + '"]')) addTile(state);
    }
    for (const li of $('state-counts').children) {
      const n = states[li.dataset.state] || 0;
      const count = li.querySelector('.count');
      count.dataset.count = String(n);
      setText(count, num(n));
      li.classList.toggle('zero', n === 0);
      li.firstChild.setAttribute('aria-pressed', String(view.recent.state === li.dataset.state));
    }

    const cap = status.creates_cap || {};
    const limited = cap.limit > 0;
    const full = limited && cap.used >= cap.limit;
    $('cap-used').dataset.used = String(cap.used);
    setText($('cap-used'), num(cap.used));
    $('cap-limit').dataset.limit = String(cap.limit);
    setText($('cap-limit'), limited ? num(cap.limit) : 'no limit');
    const meter = $('cap-meter');
    const share = limited ? Math.min(1, cap.used / cap.limit) : 0;
    meter.setAttribute('aria-valuenow', share.toFixed(3));
    meter.firstChild.style.width = share * 100 + '%';
    meter.classList.toggle('full', full);
    meter.classList.toggle('high', !full && share >= 0.8);
    meter.hidden = !limited;
    const capText = $('cap-text');
    capText.dataset.full = String(full);
    capText.classList.toggle('warn', full);
    const span = isoDuration(cap.window);
    if (!limited) {
      setText(capText, 'Creates in the last ' + span + '; no cap is set (bridge.submit.max-creates-per-window).');
    } else if (full) {
      const frees = cap.next_slot_frees_at ? when(cap.next_slot_frees_at) : null;
      setText(capText, 'Full: new requests wait' + (frees ? '; the next slot frees ' + frees.text
        + ' (' + timeFormat.format(new Date(cap.next_slot_frees_at)) + ')' : '') + '.');
    } else {
      setText(capText, 'Task creates in the last ' + span + '; ' + num(cap.limit - cap.used) + ' left.');
    }

    const outbox = status.outbox || {};
    const pending = outbox.pending || 0;
    $('outbox-text').dataset.pending = String(pending);
    setText($('outbox-text'), pending === 0 ? 'Every event is published.'
      : num(pending) + ' event' + (pending === 1 ? '' : 's') + ' waiting to be published'
        + (outbox.oldest ? ', the oldest written ' + when(outbox.oldest).text : '') + '.');

    const checks = status.checks || [];
    syncChildren($('checks'), checks, (c) => c.name, (c) => h('li', { 'data-check': c.name },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'check-name' }, c.name),
      h('span', { class: 'check-state' }),
      h('span', { class: 'check-message' })), (li, c) => {
      li.dataset.checkState = c.state;
      setText(li.querySelector('.check-state'), c.state);
      setText(li.querySelector('.check-message'), c.message || '');
    });
    const down = checks.filter((c) => c.state === 'DOWN').length;
    const unknown = checks.filter((c) => c.state === 'UNKNOWN').length;
    const summary = $('health-summary');
    setText(summary, down ? down + ' of ' + checks.length + ' down'
      : unknown ? unknown + ' of ' + checks.length + ' unknown' : 'all ' + checks.length + ' up');
    summary.dataset.health = down ? 'DOWN' : unknown ? 'UNKNOWN' : 'UP';
    const pill = $('health-pill');
    pill.hidden = false;
    pill.dataset.health = summary.dataset.health;
    setText(pill, down ? down + (down === 1 ? ' check down' : ' checks down')
      : unknown ? unknown + ' unknown' : 'Healthy');
    pill.title = checks.filter((c) => c.state !== 'UP').map((c) => c.name + ': ' + c.state + ' ' + (c.message || ''))
      .join('\n') || 'every check is up';

    const active = ACTIVE.reduce((sum, s) => sum + (states[s] || 0), 0);
    const problems = PROBLEMS.reduce((sum, s) => sum + (states[s] || 0), 0);
    document.title = (status.oms && status.oms.simulator ? 'DEMO · ' : '') + (down ? '⚠ ' : '') + 'oms-bridge · '
      + active + ' running'
      + (problems ? ' · ' + problems + ' failed' : '');
  }


  // ---------------------------------------------------------------------------------------------------------------
  // rendering: what the bridge talks to (the header), and the last hour (an SVG chart drawn here, no library)

  const AUTH_LABEL = { token: 'IAM token', aksk: 'AK/SK signing' };

  function renderTarget(oms) {
    const target = $('target');
    if (!oms) {
      target.hidden = true;
      return;
    }
    const field = (name) => target.querySelector('[data-field="' + name + '"]');
    const regions = oms.regions ? Object.keys(oms.regions) : [];
    setText(field('endpoint'), regions.length ? 'by destination region: ' + regions.join(', ') : oms.endpoint || '–');
    setText(field('project'), oms.project_id || '–');
    setText(field('api'), oms.api_version || '–');
    setText(field('auth'), AUTH_LABEL[oms.auth] || oms.auth || '–');
    const demo = oms.simulator === true;
    target.dataset.simulator = String(demo);
    field('simulator').hidden = !demo;
    target.title = 'Tasks go to ' + (demo ? 'the built-in simulator at ' : 'OMS at ') + oms.endpoint + ', project '
      + oms.project_id + ', OMS API ' + oms.api_version + ', authenticated by ' + (AUTH_LABEL[oms.auth] || oms.auth);
    target.hidden = false;
    $('demo').hidden = !demo;
    $('demo-pill').hidden = !demo;
    document.body.classList.toggle('demo-mode', demo);
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';

  /** An SVG element with attributes and, optionally, text. */
  function svg(tag, attrs, text) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) el.setAttribute(name, String(value));
    }
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** The smallest "round" number (1, 2, 2.5, 5 times a power of ten) at least n, for an axis's top. */
  function niceCeil(n) {
    if (n <= 0) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(n)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (step * power >= n) return step * power;
    }
    return 10 * power;
  }

  /** A whole count for the axis: 1, 2, 3, 4, 5 ... then round numbers. */
  const niceCount = (n) => (n <= 5 ? Math.max(1, Math.ceil(n)) : Math.ceil(niceCeil(n)));

  /** The top of a bytes axis: a round number of the unit the largest value is shown in (e.g. 20 GiB). */
  function niceBytes(n) {
    if (n <= 0) return 1024;
    let unit = 1;
    while (n / unit >= 1024 && unit < Math.pow(1024, 5)) unit *= 1024;
    return niceCeil(n / unit) * unit;
  }

  const hhmm = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

  function renderActivity(activity) {
    view.activity = activity;
    const t = activity.totals || {};
    const summary = $('activity-summary');
    summary.dataset.created = String(t.created || 0);
    summary.dataset.finished = String(t.finished || 0);
    summary.dataset.bytes = String(t.bytes || 0);
    summary.replaceChildren();
    summary.removeAttribute('title');
    if (!t.created && !t.finished) {
      summary.append('No task was created or ended in the last hour.');
    } else {
      const other = (t.finished || 0) - (t.succeeded || 0) - (t.failed || 0);
      summary.append(h('strong', {}, num(t.created)), ' created · ', h('strong', {}, num(t.finished)), ' ended',
        t.finished ? ' (' : '', t.finished ? num(t.succeeded) + ' succeeded, ' : '',
        t.finished ? h('span', { class: t.failed ? 'failed-count' : null }, num(t.failed) + ' failed') : '',
        other > 0 ? ', ' + num(other) + ' deleted' : '', t.finished ? ')' : '',
        ' · ', h('strong', {}, bytes(t.bytes)), ' migrated');
      summary.title = 'Bytes: what the tasks that ended in the hour had migrated (OMS\'s complete_size), counted'
        + ' in the minute each ended';
    }
    drawActivity(activity);
  }

  /**
   * Two charts over one time axis: per minute, tasks created (a bar) beside tasks ended (a bar stacked succeeded,
   * failed, deleted), and below, the bytes of the tasks that ended (an area). Drawn to the container's pixel width,
   * so text keeps its size; each minute is a g.minute with its numbers in data-* and a tooltip.
   */
  function drawActivity(activity) {
    const box = $('activity-chart');
    const minutes = activity.minutes || [];
    const width = Math.max(320, Math.floor(box.clientWidth));
    // drawn again only when something changed, so a tooltip being read stays
    const drawn = width + '|' + JSON.stringify(minutes);
    if (box.dataset.drawn === drawn) return;
    box.dataset.drawn = drawn;
    const left = 58;
    const right = 8;
    const plot = width - left - right;
    const slot = plot / Math.max(1, minutes.length);
    const countsH = 118;
    const bytesH = 52;
    const gap = 14;
    const axisH = 18;
    const countsTop = 6;
    const bytesTop = countsTop + countsH + gap;
    const height = bytesTop + bytesH + axisH;

    const maxCount = niceCount(Math.max(0, ...minutes.map((m) => Math.max(m.created, m.finished))));
    const maxBytes = niceBytes(Math.max(0, ...minutes.map((m) => m.bytes)));
    const yCount = (n) => countsTop + countsH - (n / maxCount) * countsH;
    const yBytes = (n) => bytesTop + bytesH - (n / maxBytes) * bytesH;

    const root = svg('svg', { id: 'activity-svg', width, height, viewBox: '0 0 ' + width + ' ' + height,
      role: 'img', 'aria-labelledby': 'activity-title activity-summary' });

    // the counts' grid: every whole number up to 5, else 0, half and the top (labelled when whole)
    const ticks = maxCount <= 5 ? Array.from({ length: maxCount + 1 }, (_, i) => i) : [0, maxCount / 2, maxCount];
    for (const n of ticks) {
      const y = yCount(n);
      root.append(svg('line', { class: n === 0 ? 'baseline' : 'grid', x1: left, x2: width - right, y1: y, y2: y }));
      if (Number.isInteger(n)) {
        root.append(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, num(n)));
      }
    }
    // the bytes' grid: 0 and the top
    root.append(svg('line', { class: 'grid', x1: left, x2: width - right, y1: bytesTop, y2: bytesTop }));
    root.append(svg('line', { class: 'baseline', x1: left, x2: width - right, y1: bytesTop + bytesH,
      y2: bytesTop + bytesH }));
    root.append(svg('text', { x: left - 6, y: bytesTop + 4, 'text-anchor': 'end' }, bytes(maxBytes)));

    // the bytes as an area under a line through each minute's middle
    if (minutes.length) {
      const points = minutes.map((m, i) => [left + (i + 0.5) * slot, yBytes(m.bytes)]);
      const line = points.map(([x, y], i) => (i ? 'L' : 'M') + x.toFixed(1) + ' ' + y.toFixed(1)).join(' ');
      const base = (bytesTop + bytesH).toFixed(1);
      root.append(svg('path', { class: 'bytes-area', d: line + ' L' + points[points.length - 1][0].toFixed(1) + ' '
        + base + ' L' + points[0][0].toFixed(1) + ' ' + base + ' Z' }));
      root.append(svg('path', { class: 'bytes-line', d: line }));
    }

    const bar = Math.max(1.5, Math.min(9, slot * 0.36));
    minutes.forEach((m, i) => {
      const x0 = left + i * slot;
      const start = new Date(m.start);
      const other = m.finished - m.succeeded - m.failed;
      const g = svg('g', { class: 'minute', 'data-start': m.start, 'data-created': m.created,
        'data-finished': m.finished, 'data-succeeded': m.succeeded, 'data-failed': m.failed, 'data-bytes': m.bytes });
      g.append(svg('title', {}, hhmm.format(start) + ': ' + num(m.created) + ' created, ' + num(m.finished)
        + ' ended' + (m.finished ? ' (' + num(m.succeeded) + ' succeeded, ' + num(m.failed) + ' failed'
        + (other > 0 ? ', ' + num(other) + ' deleted' : '') + ')' : '') + ', ' + bytes(m.bytes)
        + ' migrated by the tasks that ended'));
      g.append(svg('rect', { class: 'hover', x: x0, y: countsTop, width: slot,
        height: bytesTop + bytesH - countsTop }));
      const mid = x0 + slot / 2;
      if (m.created > 0) {
        const y = yCount(m.created);
        g.append(svg('rect', { class: 'created', x: mid - bar - 0.5, y, width: bar, height: countsTop + countsH - y,
          rx: 1 }));
      }
      // ended: succeeded at the bottom, then failed, then deleted
      let top = countsTop + countsH;
      for (const [cls, n] of [['succeeded', m.succeeded], ['failed', m.failed], ['other', other]]) {
        if (n <= 0) continue;
        const hgt = (n / maxCount) * countsH;
        top -= hgt;
        g.append(svg('rect', { class: cls, x: mid + 0.5, y: top, width: bar, height: hgt }));
      }
      if (m.bytes > 0) g.append(svg('circle', { class: 'bytes-dot', cx: mid, cy: yBytes(m.bytes), r: 2.2 }));
      root.append(g);
    });

    // the time axis: every ten minutes of the clock, and the minute now is in
    const axisY = bytesTop + bytesH + 14;
    minutes.forEach((m, i) => {
      const start = new Date(m.start);
      const last = i === minutes.length - 1;
      if (last || (start.getMinutes() % 10 === 0 && i < minutes.length - 4)) {
        root.append(svg('text', { x: last ? left + plot : left + (i + 0.5) * slot, y: axisY,
          'text-anchor': last ? 'end' : 'middle' },
          last ? 'now' : hhmm.format(start)));
      }
    });
    box.replaceChildren(root);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // rendering: running tasks and failures

  function openButton(id) {
    return h('button', { type: 'button', class: 'link request-id', 'data-open': id,
      title: 'Show the detail of ' + id }, id);
  }

  function createTask(m) {
    return h('li', { class: 'task', 'data-request-id': m.request_id },
      h('div', { class: 'task-head' },
        openButton(m.request_id), stateBadge(m.state), runTag(),
        h('span', { class: 'route' }, h('span', { 'data-field': 'from' }), ' → ', h('span', { 'data-field': 'to' }))),
      h('div', { class: 'task-progress' }, progressBar('Progress of ' + m.request_id),
        h('span', { class: 'pct', 'data-field': 'progress' })),
      h('dl', { class: 'facts' },
        h('div', {}, h('dt', {}, 'Objects'), h('dd', { 'data-field': 'objects' })),
        h('div', {}, h('dt', {}, 'Bytes'), h('dd', { 'data-field': 'bytes' })),
        h('div', {}, h('dt', {}, 'Speed'), h('dd', { 'data-field': 'speed' })),
        h('div', {}, h('dt', {}, 'Time left'), h('dd', { 'data-field': 'left' }))));
  }

  /** "run 2" beside a state, for a task that was retried (a first run says nothing). */
  function runTag() {
    return h('span', { class: 'run', 'data-field': 'run', title: 'The task\'s run: a retry starts a new one',
      hidden: true });
  }

  function updateRunTag(el, m) {
    const retried = m.run > 1;
    setText(el, retried ? 'run ' + m.run : '');
    el.hidden = !retried;
  }

  function updateTask(li, m) {
    li.dataset.state = m.state;
    updateRunTag(li.querySelector('[data-field="run"]'), m);
    const field = (name) => li.querySelector('[data-field="' + name + '"]');
    updateBadge(li.querySelector('.badge'), m.state);
    setText(field('from'), bucket(m.source_bucket, true));
    setText(field('to'), bucket(m.destination_bucket, false));
    updateBar(li.querySelector('.bar'), m.progress);
    setText(field('progress'), percent(m.progress));
    const failed = m.fail_num ? ' (' + num(m.fail_num) + ' failed)' : '';
    setText(field('objects'), m.total_num === null ? '–' : num(m.success_num) + ' / ' + num(m.total_num) + failed);
    setText(field('bytes'), m.total_size === null ? '–' : bytes(m.complete_size) + ' / ' + bytes(m.total_size));
    setText(field('speed'), m.migrate_speed ? bytes(m.migrate_speed) + '/s' : '–');
    setText(field('left'), m.state === 'STOPPED' ? 'stopped'
      : m.state === 'SUBMITTED' ? 'waiting in OMS' : duration(m.left_time_ms));
  }

  /** The requests of several pages, each once (one that changed state between two calls may be on two). */
  function merged(pages) {
    const seen = new Set();
    return pages.flatMap((p) => p.migrations || []).filter((m) => !seen.has(m.request_id) && seen.add(m.request_id));
  }

  function renderRunning(pages, status) {
    const items = merged(pages);
    // newest first across the three states, so a task does not jump when it moves from submitted to running
    items.sort((a, b) => String(b.received_at).localeCompare(String(a.received_at)));
    syncChildren($('running-list'), items, (m) => m.request_id, createTask, updateTask);
    const total = ACTIVE.reduce((sum, s) => sum + ((status.states || {})[s] || 0), 0);
    const more = pages.some((p) => p.next);
    $('running-empty').hidden = items.length > 0;
    $('running-more').hidden = !more || view.runningLimit >= MAX_LIMIT;
    setText($('running-summary'), items.length === 0 ? '' : more || total > items.length
      ? 'showing ' + items.length + ' of ' + num(Math.max(total, items.length)) : num(items.length));
  }

  function failedAt(m) {
    return m.completed_at || m.held_since || m.received_at || '';
  }

  function createFailure(m) {
    return h('li', { class: 'failure', 'data-request-id': m.request_id },
      h('div', { class: 'failure-head' }, openButton(m.request_id), stateBadge(m.state), runTag(),
        h('time', { class: 'when' })),
      h('p', { class: 'reason', 'data-field': 'reason' }),
      h('p', { class: 'muted small', 'data-field': 'where' }));
  }

  function updateFailure(li, m) {
    li.dataset.state = m.state;
    updateRunTag(li.querySelector('[data-field="run"]'), m);
    updateBadge(li.querySelector('.badge'), m.state);
    updateTime(li.querySelector('.when'), failedAt(m));
    const reason = reasonOf(m);
    const reasonEl = li.querySelector('[data-field="reason"]');
    setText(reasonEl, reason || 'no reason recorded');
    reasonEl.classList.toggle('muted', !reason);
    const where = [m.source ? 'via ' + m.source : null,
      m.source_bucket && m.source_bucket.bucket ? bucket(m.source_bucket, true) + ' → '
        + bucket(m.destination_bucket, false) : null,
      m.task_id ? 'task ' + m.task_id : null].filter(Boolean).join(' · ');
    setText(li.querySelector('[data-field="where"]'), where);
  }

  const failuresLimit = () => (view.failuresOpen ? FAILURES_MORE : FAILURES_CAPPED);

  function renderFailures(pages, status) {
    const items = merged(pages)
      .sort((a, b) => failedAt(b).localeCompare(failedAt(a))).slice(0, failuresLimit());
    syncChildren($('failure-list'), items, (m) => m.request_id, createFailure, updateFailure);
    const total = PROBLEMS.reduce((sum, s) => sum + ((status.states || {})[s] || 0), 0);
    $('failures-empty').hidden = items.length > 0;
    setText($('failures-summary'), total > items.length ? 'latest ' + items.length + ' of ' + num(total)
      : items.length ? num(items.length) : '');
    // capped so that the table beside it stays in sight; "Show more" lists up to FAILURES_MORE, "Show fewer" folds
    const more = $('failures-more');
    more.hidden = !view.failuresOpen && total <= FAILURES_CAPPED;
    more.setAttribute('aria-expanded', String(view.failuresOpen));
    setText(more, view.failuresOpen ? 'Show fewer' : 'Show more (' + num(Math.min(total, FAILURES_MORE)
      - items.length) + ')');
  }

  function toggleFailures() {
    view.failuresOpen = !view.failuresOpen;
    if (!view.failuresOpen) $('failures').scrollIntoView({ block: 'nearest' });
    refreshNow();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // rendering: the recent requests table, one page at a time (never more rows than the page size)

  function createRow(m) {
    return h('tr', { 'data-request-id': m.request_id },
      h('td', {}, openButton(m.request_id)),
      h('td', {}, stateBadge(m.state)),
      h('td', { 'data-field': 'source' }),
      h('td', { class: 'buckets', 'data-field': 'buckets' }),
      h('td', { class: 'num', 'data-field': 'progress' }),
      h('td', {}, h('time', { 'data-field': 'received' })),
      h('td', { class: 'note', 'data-field': 'note' }));
  }

  function updateRow(tr, m) {
    tr.dataset.state = m.state;
    const field = (name) => tr.querySelector('[data-field="' + name + '"]');
    updateBadge(tr.querySelector('.badge'), m.state);
    setText(field('source'), m.source || '–');
    const from = m.source_bucket && m.source_bucket.bucket;
    const to = m.destination_bucket && m.destination_bucket.bucket;
    setText(field('buckets'), from || to ? (from || '?') + ' → ' + (to || '?') : '–');
    field('buckets').title = from || to ? bucket(m.source_bucket, true) + ' → ' + bucket(m.destination_bucket, false)
      : '';
    setText(field('progress'), percent(m.progress));
    updateTime(field('received'), m.received_at);
    const note = reasonOf(m) || (m.held_since ? 'held since ' + when(m.held_since).text : '');
    setText(field('note'), note);
    field('note').title = note;
  }

  /** Which page of which list is wanted now; a page that arrives for another one is dropped. */
  function recentKey() {
    const r = view.recent;
    return [r.state, r.size, r.page, r.cursors[r.page]].join('|');
  }

  function renderRecent(page) {
    const r = view.recent;
    const items = page.migrations || [];
    syncChildren($('recent-rows'), items, (m) => m.request_id, createRow, updateRow);
    r.next = page.next || null;
    $('recent-empty').hidden = items.length > 0;
    setText($('recent-empty'), r.state ? 'No request in state ' + STATE_LABEL[r.state] + '.' : 'No request yet.');
    $('recent-newer').disabled = r.page === 0;
    $('recent-older').disabled = !r.next;
    $('recent-page').dataset.page = String(r.page + 1);
    setText($('recent-page'), 'Page ' + (r.page + 1) + (r.page === 0 ? ' (newest)' : ''));
  }

  function setRecentFilter(state) {
    view.recent.state = state;
    $('recent-state').value = state;
    resetRecent();
  }

  function resetRecent() {
    view.recent.cursors = [null];
    view.recent.page = 0;
    refreshNow();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // the detail of one request

  const DETAIL_HASH = /^#\/migrations\/(.+)$/;

  /**
   * The objects that failed: where OMS listed them (the API's failed_objects, listed), or, for a failed task OMS kept
   * no list for (failed-object recording off), just how many (not listed); null when none failed.
   */
  const failedObjects = (d) => {
    const f = d.failed_objects;
    if (f && f.key) return { ...f, listed: true };
    if (d.state === 'FAILED' && d.fail_num > 0) return { count: d.fail_num, listed: false, retry_supported: false };
    return null;
  };

  /**
   * Field groups of the detail, in the order a person reads them: [heading, [[label, field, value(d) -> text], ...]]
   * (value null: an ISO time). A group whose fields are all unset is hidden; "Actions" (the operation buttons),
   * "Operations" and "Events" (tables) are made apart. In "Problem" and "Failed objects" an unset row is hidden.
   */
  const DETAIL_GROUPS = [
    ['Actions', []],
    ['Problem', [
      ['OMS error', 'task_error', (d) => (d.task_error ? reasonOf({ task_error: d.task_error }) : null)],
      ['Last error', 'last_error', (d) => d.last_error],
    ]],
    ['Failed objects', [
      ['Failed', 'failed_count', (d) => {
        const f = failedObjects(d);
        if (!f) return null;
        return f.count === null || f.count === undefined ? 'some objects'
          : num(f.count) + ' object' + (f.count === 1 ? '' : 's');
      }],
      ['Listed in', 'failed_bucket', (d) => {
        const f = failedObjects(d);
        if (!f) return null;
        return f.listed ? (f.bucket || '?') + ' (destination bucket)' : 'nowhere: OMS kept no list of them'
          + ' (failed-object recording was off)';
      }],
      ['List key', 'failed_key', (d) => (failedObjects(d) ? failedObjects(d).key || null : null)],
      ['Retry them', 'failed_retry', (d) => {
        const f = failedObjects(d);
        if (!f) return null;
        if (f.retry_supported) return 'supported: "Retry failed objects only" runs these alone';
        return (f.listed ? 'not supported: OMS says they cannot be migrated again alone'
          : 'not supported without a list of them') + ': only a full retry (Retry)';
      }],
    ]],
    ['Operations', []],
    ['Progress', [
      ['Done', 'progress', (d) => percent(d.progress)],
      ['Objects', 'objects', (d) => (d.total_num === null ? null : num(d.success_num) + ' of ' + num(d.total_num)
        + ' migrated, ' + num(d.fail_num) + ' failed, ' + num(d.skip_num) + ' skipped')],
      ['Bytes', 'bytes', (d) => (d.total_size === null ? null
        : bytes(d.complete_size) + ' of ' + bytes(d.total_size))],
      ['Speed', 'migrate_speed', (d) => (d.migrate_speed === null ? null : bytes(d.migrate_speed) + '/s')],
      ['Time left', 'left_time_ms', (d) => (d.left_time_ms === null || d.completed_at ? null
        : duration(d.left_time_ms))],
      ['Run time', 'total_time_ms', (d) => (d.total_time_ms === null ? null : duration(d.total_time_ms))],
    ]],
    ['Events', []],
    ['Request', [
      ['Source', 'source', (d) => d.source],
      ['Attempts', 'attempts', (d) => num(d.attempts)],
      ['Received', 'received_at', null],
      ['Submitted', 'submitted_at', null],
      ['Completed', 'completed_at', null],
      ['Held since', 'held_since', null],
    ]],
    ['Buckets', [
      ['From', 'source_bucket', (d) => bucket(d.source_bucket, true)],
      ['To', 'destination_bucket', (d) => bucket(d.destination_bucket, false)],
    ]],
    ['Passes', [
      ['Every', 'passes_every', (d) => (d.passes ? d.passes.every + (d.passes.until ? ' until ' + d.passes.until : '')
        : null)],
      ['Next pass', 'passes_next', (d) => (!d.passes ? null : d.passes.ended ? 'none: ended (' + d.passes.ended + ')'
        : d.passes.running ? 'after the running pass ends' : d.passes.next_pass_at)],
      ['Cutover', 'passes_cutover', (d) => (d.passes && d.passes.cutover_requested_at ? 'asked '
        + d.passes.cutover_requested_at : null)],
      ['Each pass', 'passes_list', (d) => (!d.passes ? null : d.passes.list.map((p) => 'pass ' + p.pass + ': '
        + p.state + (p.success_num === null ? '' : ', ' + num(p.success_num) + ' copied')
        + (p.task_id ? ', task ' + p.task_id : '') + (p.submitted_at ? ', ' + p.submitted_at : '')).join(' · '))],
    ]],
    ['OMS task', [
      ['Task id', 'task_id', (d) => d.task_id],
      ['Task name', 'task_name', (d) => d.task_name],
      ['Run', 'run', (d) => (d.task_id === null || d.task_id === undefined || !d.run ? null : num(d.run)
        + (d.run > 1 ? ' (retried ' + num(d.run - 1) + '×)' : ''))],
      ['OMS status', 'oms_status', (d) => (d.oms_status === null ? null
        : d.oms_status + ' · ' + (OMS_STATUS[d.oms_status] || 'unknown'))],
      ['Project', 'project_id', (d) => d.project_id],
      ['Region', 'region', (d) => d.region],
    ]],
  ];
  const HIDE_UNSET_ROWS = ['Problem', 'Failed objects'];

  /** The operation buttons, the delete confirmation, the keys form and the API's answer: made once per request. */
  function actionsGroup(id) {
    const keyInput = (side, key, label, type) => {
      const inputId = 'keys-' + side + '-' + key;
      return h('div', { class: 'key-field' }, h('label', { for: inputId }, label),
        h('input', { id: inputId, type, 'data-key': key, autocomplete: type === 'password' ? 'new-password' : 'off',
          spellcheck: 'false', autocapitalize: 'off', 'data-lpignore': 'true' }));
    };
    return h('section', { class: 'detail-group', 'data-group': 'Actions' },
      h('h3', {}, 'Actions'),
      h('div', { id: 'detail-actions', class: 'actions', role: 'group', 'aria-label': 'Operations on ' + id },
        ACTIONS.map((a) => h('button', { type: 'button', class: 'button' + (a.id === 'delete' ? ' danger' : ''),
          'data-action': a.id }, a.label))),
      h('p', { id: 'detail-actions-note', class: 'muted small', hidden: true }),
      h('p', { id: 'detail-op-result', class: 'op-result', role: 'status', 'aria-live': 'polite', hidden: true },
        h('span', { class: 'op-answer' }), h('span', { class: 'op-followup', hidden: true })),
      h('div', { id: 'detail-confirm', class: 'confirm', role: 'group', 'aria-labelledby': 'detail-confirm-text',
        hidden: true },
        h('p', { id: 'detail-confirm-text' }, 'Delete the OMS task of ', h('strong', { class: 'request-id' }, id),
          '? OMS forgets the task and its progress; it cannot be resumed or retried afterwards. Objects already'
          + ' migrated stay in the destination bucket.'),
        h('div', { class: 'confirm-actions' },
          h('button', { type: 'button', id: 'detail-confirm-yes', class: 'button danger-solid' }, 'Delete the task'),
          h('button', { type: 'button', id: 'detail-confirm-no', class: 'button' }, 'Cancel'))),
      h('form', { id: 'detail-keys', class: 'keys', autocomplete: 'off', hidden: true, novalidate: true },
        h('p', { id: 'detail-keys-intro', class: 'small' }),
        SIDES.map(([side, label]) => h('fieldset', { 'data-side': side },
          h('legend', {}, label + ' ', h('code', {}, side)),
          keyInput(side, 'ak', 'AK', 'password'), keyInput(side, 'sk', 'SK', 'password'),
          keyInput(side, 'credential', 'or alias', 'text'))),
        h('p', { id: 'detail-keys-error', class: 'keys-error', role: 'alert', hidden: true }),
        h('div', { class: 'confirm-actions' },
          h('button', { type: 'submit', id: 'detail-keys-send', class: 'button primary' }, 'Send with these keys'),
          h('button', { type: 'button', id: 'detail-keys-cancel', class: 'button' }, 'Cancel'))));
  }

  /** Builds the detail's skeleton once per request; later refreshes only change texts (scroll position kept). */
  function buildDetail(id) {
    const content = $('detail-content');
    if (view.op && view.op.requestId !== id) view.op = null;
    const events = () => h('section', { class: 'detail-group', 'data-group': 'Events' }, h('h3', {}, 'Events'),
      h('table', { id: 'detail-events', class: 'events' },
        h('caption', { class: 'visually-hidden' }, 'Events of this request, oldest first'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Type'),
          h('th', { scope: 'col' }, 'Published'), h('th', { scope: 'col' }, 'Event id'))),
        h('tbody', { id: 'detail-event-rows' })),
      h('p', { id: 'detail-no-events', class: 'empty' }, 'No event yet.'));
    const operations = () => h('section', { class: 'detail-group', 'data-group': 'Operations', hidden: true },
      h('h3', {}, 'Operations'),
      h('table', { id: 'detail-operations', class: 'events operations' },
        h('caption', { class: 'visually-hidden' }, 'Operations asked for on this request, oldest first'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Operation'), h('th', { scope: 'col' }, 'State'),
          h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Received'),
          h('th', { scope: 'col' }, 'Done'))),
        h('tbody', { id: 'detail-op-rows' })));
    const special = { Actions: () => actionsGroup(id), Events: events, Operations: operations };
    const groups = DETAIL_GROUPS.map(([heading, fields]) => (special[heading] ? special[heading]()
      : h('section', { class: 'detail-group', 'data-group': heading },
        h('h3', {}, heading),
        heading === 'Progress' ? progressBar('Progress of ' + id) : null,
        h('dl', { class: 'fields' }, fields.map(([label, field]) => h('div', { 'data-row': field },
          h('dt', {}, label), h('dd', { 'data-field': field })))))));
    content.replaceChildren(h('p', { class: 'detail-state' }, stateBadge('RECEIVED'),
      h('span', { class: 'run', 'data-field': 'run_badge', title: 'The task\'s run: a retry starts a new one',
        hidden: true })), ...groups);
    content.dataset.requestId = id;
  }

  function renderDetail(d) {
    const content = $('detail-content');
    if (content.dataset.requestId !== d.request_id) buildDetail(d.request_id);
    view.detailData = d;
    $('detail-message').hidden = true;
    content.hidden = false;
    $('detail').dataset.state = d.state;
    updateBadge(content.querySelector('.detail-state .badge'), d.state);
    const run = content.querySelector('[data-field="run_badge"]');
    const hasRun = d.task_id !== null && d.task_id !== undefined && d.run > 0;
    setText(run, hasRun ? 'run ' + d.run : '');
    run.hidden = !hasRun;
    run.dataset.run = hasRun ? String(d.run) : '';
    for (const [heading, fields] of DETAIL_GROUPS) {
      if (!fields.length) continue;
      let set = 0;
      for (const [, field, value] of fields) {
        const dd = content.querySelector('[data-field="' + field + '"]');
        if (value === null) {
          // a time: relative text, the exact time in its tooltip
          const w = when(d[field]);
          setText(dd, d[field] ? w.text + ' · ' + timeFormat.format(new Date(d[field])) : '–');
        } else {
          const text = value(d);
          setText(dd, text === null || text === undefined || text === '' ? '–' : text);
        }
        const unset = dd.textContent === '–';
        dd.parentElement.classList.toggle('unset', unset);
        if (!unset) set++;
        // a problem row shows only when there is one
        if (HIDE_UNSET_ROWS.includes(heading)) dd.parentElement.hidden = unset;
      }
      content.querySelector('[data-group="' + heading + '"]').hidden = set === 0;
    }
    const failed = failedObjects(d);
    content.querySelector('[data-group="Failed objects"]').dataset.retrySupported = failed
      ? String(Boolean(failed.retry_supported)) : '';
    updateBar(content.querySelector('.bar'), d.progress);
    const events = d.events || [];
    syncChildren($('detail-event-rows'), events, (e) => e.id, (e) => h('tr', { 'data-event-type': e.type },
      h('td', {}, timeEl(e.time)), h('td', { class: 'event-type' }, e.type), h('td', { 'data-field': 'published' }),
      h('td', { class: 'event-id' }, e.id)), (tr, e) => {
      setText(tr.querySelector('[data-field="published"]'), e.published ? 'yes' : 'not yet');
      tr.dataset.published = String(Boolean(e.published));
      updateTime(tr.querySelector('time'), e.time);
    });
    $('detail-no-events').hidden = events.length > 0;
    $('detail-events').hidden = events.length === 0;
    const operations = d.operations || [];
    syncChildren($('detail-op-rows'), operations, (o) => o.operation_id, createOperationRow, updateOperationRow);
    content.querySelector('[data-group="Operations"]').hidden = operations.length === 0;
    updateActions(d);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // operations from the detail: stop, resume, retry (all or the failed objects only), delete

  function operationName(o) {
    return o.operation === 'start' ? 'resume' : o.operation + (o.failed_objects_only ? ' · failed objects only' : '');
  }

  function createOperationRow(o) {
    return h('tr', { 'data-operation-id': o.operation_id, 'data-operation': o.operation },
      h('td', { 'data-col': 'operation', title: 'Operation ' + o.operation_id }, operationName(o)),
      h('td', {}, h('span', { class: 'op-state', 'data-col': 'state' })),
      h('td', { class: 'op-result-cell', 'data-col': 'result' }),
      h('td', {}, h('time', { 'data-col': 'received' })),
      h('td', {}, h('time', { 'data-col': 'done' })));
  }

  function updateOperationRow(tr, o) {
    const col = (name) => tr.querySelector('[data-col="' + name + '"]');
    tr.dataset.opState = o.state;
    col('state').dataset.opState = o.state;
    setText(col('state'), o.state === 'PENDING' ? 'pending' : o.state === 'APPLIED' ? 'applied'
      : o.state === 'REFUSED' ? 'refused' : o.state === 'FAILED' ? 'failed' : o.state);
    setText(col('result'), o.result || (o.state === 'PENDING' ? 'waiting to be applied' : '–'));
    updateTime(col('received'), o.received_at);
    updateTime(col('done'), o.done_at);
    if (!o.done_at) setText(col('done'), '–');
  }

  /** The session of the open request's operation, if any (another request's is not shown). */
  function opSession(d) {
    const s = view.op;
    return s && d && s.requestId === d.request_id ? s : null;
  }

  /** Which buttons the state allows, which one is busy, and why the others are disabled. */
  function updateActions(d) {
    const content = $('detail-content');
    const group = content.querySelector('[data-group="Actions"]');
    if (!group) return;
    const s = opSession(d);
    if (s && s.phase === 'sent') {
      // busy until the bridge has applied it and the state followed (or refused it, or we waited long enough)
      const row = (d.operations || []).find((o) => o.operation_id === s.operationId);
      const settled = row && row.state !== 'PENDING' && (row.state !== 'APPLIED' || d.state !== s.stateAtSend
        || d.run !== s.runAtSend);
      if (settled || Date.now() - s.sentAt > SENT_PATIENCE_MS) s.phase = 'done';
      // what came of it, under the bridge's answer (which stays as it was)
      if (row && row.state !== 'PENDING') {
        showOpFollowUp(row.state, (row.state === 'APPLIED' ? 'Applied' : row.state === 'REFUSED' ? 'Then refused'
          : 'Then failed') + (row.result ? ': ' + row.result : '') + '.');
      }
    }
    followOperation(s);
    const never = NO_TASK_EVER.includes(d.state);
    const deleted = d.state === 'DELETED';
    const buttons = $('detail-actions');
    buttons.hidden = never || deleted;
    const note = $('detail-actions-note');
    note.hidden = !deleted;
    setText(note, deleted ? 'Its OMS task was deleted: nothing is left to stop, resume or retry.' : '');
    group.hidden = never && $('detail-op-result').hidden;
    const label = STATE_LABEL[d.state] || d.state;
    for (const button of buttons.querySelectorAll('[data-action]')) {
      const a = ACTION[button.dataset.action];
      let allowed = a.allowed.includes(d.state);
      if (a.passesOnly) {
        // shown for a migration in passes only; allowed while its passes go on
        button.hidden = !d.passes;
        allowed = Boolean(d.passes) && !d.passes.ended;
      }
      let why = a.passesOnly ? a.only + '.' : a.only + (d.state === 'RECEIVED' || d.state === 'SUBMITTING' ? ' (it has no OMS task yet).'
        : ' (it is ' + label + ').');
      // the bridge's own rule, as the API's view of the migration gives it: the page does not guess it
      const rule = d.retry_failed_objects_only;
      if (allowed && a.failedOnly && !(rule && rule.allowed)) {
        allowed = false;
        why = (rule && rule.reason ? rule.reason : 'the bridge did not say whether it allows this') + '.';
      }
      const sending = s && s.phase === 'sending';
      const busy = s && s.action === a.id && (sending || s.phase === 'sent');
      button.disabled = !allowed || Boolean(sending) || Boolean(busy);
      button.dataset.allowed = String(allowed);
      button.classList.toggle('busy', Boolean(busy));
      button.setAttribute('aria-expanded', String(Boolean(s && s.action === a.id
        && (s.phase === 'confirm' || s.phase === 'keys'))));
      button.title = busy ? (sending ? a.verb + '…' : a.label + ' was accepted; waiting for the bridge to apply it')
        : allowed ? a.does : why;
    }
  }

  /** The bridge's answer to the last operation sent (data-outcome: accepted, duplicate, refused, keys, error...). */
  /** While a sent operation has not shown its effect yet, the detail is read every second, not every few. */
  function followOperation(s) {
    clearTimeout(view.opTimer);
    if (!s || s.phase !== 'sent') return;
    const id = s.requestId;
    view.opTimer = setTimeout(() => {
      if (view.detailId === id && !document.hidden) loadDetail(id).catch((e) => handleError(e, 'detail'));
    }, FOLLOW_MS);
  }

  function showOpResult(outcome, text, title) {
    const el = $('detail-op-result');
    if (!el) return;
    el.dataset.outcome = outcome || '';
    setText(el.querySelector('.op-answer'), text || '');
    showOpFollowUp('', '');
    if (title) el.title = title; else el.removeAttribute('title');
    el.hidden = !text;
    const group = el.closest('[data-group="Actions"]');
    if (group && text) group.hidden = false;
  }

  /** What became of an accepted operation, once the bridge applied (or refused) it, under its answer. */
  function showOpFollowUp(state, text) {
    const el = $('detail-op-result') && $('detail-op-result').querySelector('.op-followup');
    if (!el) return;
    el.dataset.opState = state || '';
    setText(el, text || '');
    el.hidden = !text;
  }

  /** Empties every key input (after a send, on cancel): keys stay in the page no longer than needed. */
  function clearKeyInputs() {
    const form = $('detail-keys');
    if (!form) return;
    for (const input of form.querySelectorAll('input')) input.value = '';
  }

  function hidePrompts() {
    const confirm = $('detail-confirm');
    const form = $('detail-keys');
    if (confirm) confirm.hidden = true;
    if (form) {
      clearKeyInputs();
      form.hidden = true;
      $('detail-keys-error').hidden = true;
    }
  }

  /**
   * A click on an operation button. One operation id per action: a second click on the same button, a resend with
   * keys, or a resend after the bridge could not be reached reuses it (the bridge applies it once); an answer that
   * settles it (accepted, duplicate, refused) ends it, and the next click is a new operation.
   */
  function actionClicked(actionId) {
    const d = view.detailData;
    if (!d || d.request_id !== view.detailId) return;
    let s = opSession(d);
    if (s && s.phase === 'sending') return;
    if (!s || s.action !== actionId || s.phase === 'sent' || s.phase === 'done') {
      hidePrompts();
      s = view.op = { requestId: d.request_id, action: actionId, key: newOperationId(), phase: 'open', sides: null };
    }
    const a = ACTION[actionId];
    if (s.phase === 'keys') {
      showKeysForm(s);
      return;
    }
    if (a.ask) {
      // the window as an operator says it, in MB/s; the API takes OMS's bytes per second
      const said = window.prompt('Limit the bandwidth of ' + d.request_id + ': a window of the day and MB/s,'
        + ' e.g. 08:00-18:00 20', '08:00-18:00 20');
      const m = said && said.trim().match(/^(\d\d:\d\d)\s*-\s*(\d\d:\d\d)\s+(\d+(?:\.\d+)?)$/);
      if (!m) {
        s.phase = 'confirm';
        cancelOperation();
        return;
      }
      s.policy = [{ start: m[1], end: m[2], max_bandwidth: Math.round(Number(m[3]) * MIB) }];
    }
    if (a.confirm) {
      s.phase = 'confirm';
      $('detail-confirm').hidden = false;
      updateActions(d);
      $('detail-confirm-no').focus({ preventScroll: true });
      $('detail-confirm').scrollIntoView({ block: 'nearest' });
      return;
    }
    sendOperation(s, null);
  }

  function cancelOperation() {
    const s = view.op;
    hidePrompts();
    if (s && (s.phase === 'confirm' || s.phase === 'keys')) {
      s.phase = 'done';
      showOpResult('cancelled', ACTION[s.action].label + ': not sent.');
    }
    if (view.detailData) updateActions(view.detailData);
    const button = s && $('detail-actions') && $('detail-actions').querySelector('[data-action="' + s.action + '"]');
    if (button && !button.disabled) button.focus({ preventScroll: true });
  }

  function showKeysForm(s) {
    const a = ACTION[s.action];
    const form = $('detail-keys');
    setText($('detail-keys-intro'), 'Give the keys again to ' + a.label.toLowerCase() + ': an AK and SK, or the'
      + ' name of a credential alias the bridge knows. They go once, with this operation; the page keeps none.');
    for (const fieldset of form.querySelectorAll('fieldset[data-side]')) {
      fieldset.hidden = !s.sides.includes(fieldset.dataset.side);
    }
    form.hidden = false;
    const first = form.querySelector('fieldset:not([hidden]) input');
    if (first) first.focus({ preventScroll: true });
    form.scrollIntoView({ block: 'nearest' });
  }

  /** The keys form sent: the keys read into the operation's body, the inputs emptied, the operation sent again. */
  function keysSubmitted(event) {
    event.preventDefault();
    const s = view.op;
    if (!s || s.phase !== 'keys') return;
    const keys = {};
    const missing = [];
    for (const [side, label] of SIDES) {
      if (!s.sides.includes(side)) continue;
      const value = (key) => $('keys-' + side + '-' + key).value;
      const ak = value('ak').trim();
      const sk = value('sk');
      const alias = value('credential').trim();
      if (alias && (ak || sk)) missing.push(label + ': give an alias or an AK and SK, not both');
      else if (alias) keys[side] = { credential: alias };
      else if (ak && sk) keys[side] = { ak, sk };
      else missing.push(label + ': give its AK and SK, or an alias');
    }
    const error = $('detail-keys-error');
    if (missing.length) {
      setText(error, missing.join('. ') + '.');
      error.hidden = false;
      return;
    }
    error.hidden = true;
    clearKeyInputs();
    sendOperation(s, keys);
  }

  /** Sends the session's operation (with keys, once, if given) and shows what the bridge answered. */
  async function sendOperation(s, keys) {
    const a = ACTION[s.action];
    const phaseBefore = s.phase;
    s.phase = 'sending';
    $('detail-confirm').hidden = true;
    $('detail-keys').hidden = true;
    showOpResult('sending', a.verb + '…');
    if (view.detailData) updateActions(view.detailData);
    const path = '/api/migrations/' + encodeURIComponent(s.requestId) + (a.op === 'delete' ? '' : '/' + a.op);
    let body;
    if (a.op !== 'delete') {
      body = a.failedOnly ? { failed_objects_only: true } : a.priority ? { task_priority: a.priority }
        : a.op === 'bandwidth' ? { bandwidth_policy: s.policy } : {};
      if (keys) Object.assign(body, keys);
    }
    let answer;
    try {
      answer = await apiSend(a.op === 'delete' ? 'DELETE' : 'POST', path, s.key, body);
    } catch (e) {
      // not settled: the same operation id goes with the next click (or the keys, typed again)
      s.phase = phaseBefore === 'keys' ? 'keys' : 'open';
      if (view.op === s) {
        showOpResult('error', a.label + ': not sent — ' + errorText(e) + ' Sending it again is safe: it keeps its'
          + ' operation id.', 'Operation ' + s.key);
        if (s.phase === 'keys') showKeysForm(s);
        if (view.detailData) updateActions(view.detailData);
      }
      if (e instanceof AuthError) askForToken(e);
      return;
    } finally {
      body = null;
      keys = null;
    }
    const ack = answer.body;
    const problems = Array.isArray(ack.problems) ? ack.problems : [];
    const said = problems.map((p) => p.message).filter(Boolean).join(' · ');
    const id = ack.operation_id || s.key;
    let keySides = null;
    if (answer.status === 400 && (a.op === 'start' || a.op === 'retry') && problems.length
      && problems.every((p) => /^(src_node|dst_node)(\.|$)/.test(p.field || ''))) {
      keySides = [...new Set(problems.map((p) => p.field.split('.')[0]).concat(s.sides || []))];
    }
    if (answer.status === 202) {
      s.phase = 'sent';
      s.operationId = id;
      s.sentAt = Date.now();
      s.stateAtSend = view.detailData ? view.detailData.state : null;
      s.runAtSend = view.detailData ? view.detailData.run : null;
    } else if (keySides) {
      s.phase = 'keys';
      s.sides = SIDES.map(([side]) => side).filter((side) => keySides.includes(side));
    } else if (problems.length) {
      s.phase = 'done';
    } else {
      s.phase = 'open';
    }
    if (view.op === s) {
      const title = 'HTTP ' + answer.status + ' · operation ' + id;
      const shortId = id.length > 12 ? id.slice(0, 8) + '…' : id;
      if (answer.status === 202 && ack.status === 'duplicate') {
        showOpResult('duplicate', a.label + ': already received (operation ' + shortId + '); the bridge applies it'
          + ' once.', title);
      } else if (answer.status === 202) {
        showOpResult('accepted', a.label + ': accepted (operation ' + shortId + ') — the bridge applies it in a'
          + ' moment and the state follows.', title);
      } else if (keySides) {
        showOpResult('keys', a.label + ': the bridge needs the keys again — ' + said, title);
        showKeysForm(s);
      } else if (problems.length) {
        showOpResult('refused', a.label + ': refused (' + answer.status + ') — ' + said, title);
      } else {
        showOpResult('error', a.label + ': the bridge answered ' + answer.status + ' ' + (ack.code || '') + ': '
          + (ack.message || 'no reason given') + '. Sending it again is safe: it keeps its operation id.', title);
      }
      if (view.detailData) updateActions(view.detailData);
    }
    // the state the operation acts on may have moved on (a refusal says so): read the request again now
    if (view.detailId === s.requestId) loadDetail(s.requestId).catch((e) => handleError(e, 'detail'));
  }

  /** Fetches and shows the open request; a 404 says so in the panel; other errors go to the caller. */
  async function loadDetail(id) {
    try {
      const d = await api('/api/migrations/' + encodeURIComponent(id));
      if (view.detailId === id) renderDetail(d);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
      if (view.detailId !== id) return;
      $('detail-content').hidden = true;
      $('detail-content').dataset.requestId = '';
      $('detail').dataset.state = '';
      $('detail-message').hidden = false;
      setText($('detail-message'), e.message);
    }
  }

  function openDetail(id, opener) {
    const panel = $('detail');
    const changed = view.detailId !== id;
    view.detailId = id;
    if (opener) view.detailOpener = opener;
    setText($('detail-title'), id);
    panel.dataset.requestId = id;
    if (changed) {
      $('detail-content').hidden = true;
      $('detail-message').hidden = false;
      setText($('detail-message'), 'Loading…');
      $('detail-body').scrollTop = 0;
    }
    panel.hidden = false;
    document.body.classList.add('with-detail');
    $('detail-title').focus({ preventScroll: true });
    loadDetail(id).catch((e) => handleError(e, 'detail'));
  }

  function closeDetail() {
    hidePrompts();
    clearTimeout(view.opTimer);
    view.op = null;
    view.detailData = null;
    view.detailId = null;
    $('detail').hidden = true;
    document.body.classList.remove('with-detail');
    if (DETAIL_HASH.test(location.hash)) {
      history.pushState(null, '', location.pathname + location.search);
    }
    const opener = view.detailOpener;
    view.detailOpener = null;
    if (opener && opener.isConnected) opener.focus({ preventScroll: true });
  }

  /** #/migrations/<id> opens that request; any other hash closes the detail. */
  function followHash() {
    const m = DETAIL_HASH.exec(location.hash);
    if (!m) {
      if (view.detailId) closeDetail();
      return;
    }
    let id;
    try {
      id = decodeURIComponent(m[1]);
    } catch (bad) {
      id = m[1];
    }
    if (id !== view.detailId || $('detail').hidden) openDetail(id, document.activeElement);
  }

  function showDetailOf(id, opener) {
    view.detailOpener = opener;
    const hash = '#/migrations/' + encodeURIComponent(id);
    if (location.hash === hash) openDetail(id, opener);
    else location.hash = hash; // hashchange opens it, and the back button closes it again
  }

  // ---------------------------------------------------------------------------------------------------------------
  // the refresh loop: one round of calls, then the next one REFRESH_MS after it ends (never two at once)

  async function refresh() {
    clearTimeout(view.timer);
    if (view.awaitingToken) return;
    if (view.inFlight) {
      view.again = true;
      return;
    }
    view.inFlight = true;
    document.body.classList.add('loading');
    const key = recentKey();
    const r = view.recent;
    try {
      const [status, active, problems, page, activity] = await Promise.all([
        api('/api/status'),
        Promise.all(ACTIVE.map((s) => api(listUrl(s, view.runningLimit)))),
        Promise.all(PROBLEMS.map((s) => api(listUrl(s, failuresLimit())))),
        api(listUrl(r.state, r.size, r.cursors[r.page])),
        api('/api/activity'),
      ]);
      renderStatus(status);
      renderTarget(status.oms);
      renderActivity(activity);
      renderRunning(active, status);
      renderFailures(problems, status);
      if (key === recentKey()) renderRecent(page);
      else view.again = true;
      if (view.detailId) await loadDetail(view.detailId);
      markUpdated();
      clearBanner('refresh');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'BAD_CURSOR') {
        // the page we were on is no longer reachable by its cursor: back to the newest
        r.cursors = [null];
        r.page = 0;
        view.again = true;
      }
      handleError(e, 'refresh');
      // what the page shows is as old as the last round that worked: say so
      $('updated').classList.add('stale');
      if (!(e instanceof AuthError)) {
        $('health-pill').dataset.health = 'UNKNOWN';
        setText($('health-pill'), e.code === 'UNREACHABLE' ? 'No answer' : 'Status unknown');
      }
    } finally {
      view.inFlight = false;
      document.body.classList.remove('loading');
      if (view.again) {
        view.again = false;
        refresh();
      } else {
        schedule();
      }
    }
  }

  function schedule() {
    clearTimeout(view.timer);
    if (!view.paused && !view.awaitingToken) view.timer = setTimeout(refresh, REFRESH_MS);
  }

  function refreshNow() {
    refresh();
  }

  function markUpdated() {
    const el = $('updated');
    const now = new Date();
    el.dataset.updatedAt = now.toISOString();
    el.classList.remove('stale');
    setText(el, 'Updated ' + now.toLocaleTimeString() + (view.paused ? ' · paused' : ''));
  }

  function togglePause() {
    view.paused = !view.paused;
    const button = $('refresh-toggle');
    button.setAttribute('aria-pressed', String(view.paused));
    setText(button, view.paused ? 'Resume updates' : 'Pause updates');
    if (view.paused) {
      clearTimeout(view.timer);
      setText($('updated'), $('updated').textContent.replace(/( · paused)?$/, ' · paused'));
    } else {
      refreshNow();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // wiring

  function start() {
    buildTiles();
    $('forget-token').hidden = !sessionStorage.getItem(TOKEN_KEY);

    $('token-form').addEventListener('submit', tokenSubmitted);
    // the token dialog cannot be escaped: without a token there is nothing to show
    $('token-dialog').addEventListener('cancel', (e) => e.preventDefault());
    $('forget-token').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      $('forget-token').hidden = true;
      refreshNow();
    });
    $('banner-close').addEventListener('click', () => {
      view.banner.dismissed = $('banner-text').textContent;
      $('banner').hidden = true;
    });
    $('refresh-toggle').addEventListener('click', togglePause);

    // a click on a request id anywhere, or on a row of the table, opens its detail
    document.addEventListener('click', (e) => {
      const target = e.target instanceof Element ? e.target : null;
      const open = target && target.closest('[data-open]');
      if (open) {
        showDetailOf(open.dataset.open, open);
        return;
      }
      const row = target && target.closest('#recent-rows tr[data-request-id]');
      if (row && !target.closest('a, button, input, select')) {
        showDetailOf(row.dataset.requestId, row.querySelector('[data-open]'));
      }
    });
    $('detail-close').addEventListener('click', closeDetail);
    // the operation buttons and their prompts, made per request inside the detail
    $('detail-content').addEventListener('click', (e) => {
      const target = e.target instanceof Element ? e.target : null;
      const action = target && target.closest('[data-action]');
      if (action && !action.disabled) actionClicked(action.dataset.action);
      else if (target && target.closest('#detail-confirm-yes')) {
        if (view.op && view.op.phase === 'confirm') sendOperation(view.op, null);
      } else if (target && target.closest('#detail-confirm-no, #detail-keys-cancel')) cancelOperation();
    });
    $('detail-content').addEventListener('submit', (e) => {
      if (e.target instanceof Element && e.target.id === 'detail-keys') keysSubmitted(e);
    });
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || !view.detailId || $('token-dialog').open) return;
      // Escape in a prompt of the detail cancels that prompt only
      if (e.target instanceof Element && e.target.closest('#detail-confirm, #detail-keys')) cancelOperation();
      else closeDetail();
    });
    window.addEventListener('hashchange', followHash);

    $('failures-more').addEventListener('click', toggleFailures);
    // the chart is drawn to the pixel width it has: again when that changes
    let width = 0;
    new ResizeObserver((entries) => {
      const now = Math.round(entries[0].contentRect.width);
      if (now !== width) {
        width = now;
        if (view.activity) drawActivity(view.activity);
      }
    }).observe($('activity-chart'));
    $('running-more').addEventListener('click', () => {
      view.runningLimit = Math.min(MAX_LIMIT, view.runningLimit + RUNNING_STEP);
      refreshNow();
    });
    $('recent-controls').addEventListener('submit', (e) => e.preventDefault());
    $('recent-state').addEventListener('change', (e) => setRecentFilter(e.target.value));
    $('recent-size').addEventListener('change', (e) => {
      view.recent.size = Number(e.target.value) || 25;
      resetRecent();
    });
    $('recent-older').addEventListener('click', () => {
      const r = view.recent;
      if (!r.next) return;
      r.cursors = r.cursors.slice(0, r.page + 1).concat([r.next]);
      r.page++;
      refreshNow();
    });
    $('recent-newer').addEventListener('click', () => {
      const r = view.recent;
      if (r.page === 0) return;
      r.page--;
      refreshNow();
    });

    // a hidden tab does not poll; it catches up as soon as it is shown again
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) clearTimeout(view.timer);
      else if (!view.paused) refreshNow();
    });

    view.recent.size = Number($('recent-size').value) || 25;
    followHash();
    refreshNow();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
