// The Patina dashboard: log in with the API token (kept server-side), then status, history, charts and schema
// comparisons, read from the local API. Plain ES modules, no build step.
import * as api from './api.js';
import { renderStatus, renderHistory } from './views.js';
import { renderCharts } from './charts.js';
import { renderDiff } from './diff.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;
const state = { page: 1, pages: 1, filters: {}, picked: new Map() };

function say(text, error = false) {
  $('message').textContent = text;
  $('message').className = error ? 'message error' : 'message';
}

async function guarded(work) {
  try {
    await work();
  } catch (e) {
    if (e instanceof api.ApiError && e.status === 401) {
      showLogin();
    }
    say(e.message, true);
  }
}

function showLogin() {
  $('app-view').hidden = true;
  $('actions').hidden = true;
  $('login-view').hidden = false;
  $('token').focus();
}

async function showApp() {
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('actions').hidden = false;
  await Promise.all([loadStatus(), loadHistory()]);
}

async function loadStatus() {
  renderStatus($('status'), await api.status());
}

async function loadHistory() {
  const page = await api.history(state.filters, state.page, PAGE_SIZE);
  state.pages = page.pages;
  fillDatabases(page.databases);
  renderHistory($('history').querySelector('tbody'), page, state.picked, pick,
    (db, from, to) => guarded(() => showDiff(db, from, to)));
  $('page-info').textContent = `Page ${page.page} of ${page.pages} (${page.total.toLocaleString('en')} backups)`;
  $('history').setAttribute('data-total', String(page.total));
  $('prev').disabled = page.page <= 1;
  $('next').disabled = page.page >= page.pages;
}

function fillDatabases(names) {
  for (const id of ['f-db', 'c-db']) {
    const select = $(id);
    const have = new Set([...select.options].map((o) => o.value));
    for (const n of names) {
      if (!have.has(n)) select.append(new Option(n, n));
    }
  }
  if (!$('c-db').dataset.loaded && $('c-db').value) {
    $('c-db').dataset.loaded = 'yes';
    guarded(loadCharts);
  }
}

async function loadCharts() {
  renderCharts($('charts'), await api.charts($('c-db').value));
}

function pick(o, checked) {
  if (checked) state.picked.set(o.key, o);
  else state.picked.delete(o.key);
  const two = [...state.picked.values()];
  const ok = two.length === 2 && two[0].database === two[1].database;
  $('compare').disabled = !ok;
  if (two.length === 2 && !ok) say('Pick two backups of the same database to compare.', true);
  else if (two.length > 2) say('Pick only two backups to compare.', true);
  else say('');
}

async function compare() {
  const [a, b] = [...state.picked.values()].sort((x, y) => x.date.localeCompare(y.date));
  await showDiff(a.database, a.date, b.date);
}

async function showDiff(db, from, to) {
  say(`Comparing ${db} ${from} with ${to}…`);
  const d = await api.diff(db, from, to);
  $('diff-view').hidden = false;
  renderDiff($('diff'), d);
  $('diff-title').focus();
  say('');
}

function wire() {
  $('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    guarded(async () => {
      await api.login($('token').value);
      $('token').value = '';
      say('Logged in.');
      await showApp();
    });
  });
  $('logout').addEventListener('click', () => guarded(async () => {
    await api.logout();
    say('Logged out.');
    showLogin();
  }));
  $('run-nightly').addEventListener('click', () => guarded(async () => {
    const r = await api.trigger('nightly');
    say(r.accepted ? `Nightly ${r.outcome} (ticket ${r.ticket}).` : `Not started: ${r.error || r.outcome}`, !r.accepted);
    await loadStatus();
  }));
  $('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData($('filters'));
    state.filters = Object.fromEntries([...f.entries()].filter(([, v]) => v));
    state.page = 1;
    guarded(loadHistory);
  });
  $('filters').addEventListener('reset', () => {
    state.filters = {};
    state.page = 1;
    setTimeout(() => guarded(loadHistory));
  });
  $('prev').addEventListener('click', () => { state.page = Math.max(1, state.page - 1); guarded(loadHistory); });
  $('next').addEventListener('click', () => { state.page = Math.min(state.pages, state.page + 1); guarded(loadHistory); });
  $('compare').addEventListener('click', () => guarded(compare));
  $('c-db').addEventListener('change', () => guarded(loadCharts));
}

wire();
guarded(async () => {
  if (await api.session()) await showApp();
  else showLogin();
});
