// Builds the status panel and the history table from the API's JSON, with DOM nodes and textContent only (no
// markup is ever parsed from data).
import { downloadUrl } from './api.js';

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

function when(iso) {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}

export function renderStatus(box, s) {
  box.replaceChildren();
  const health = el('p', {},
    el('span', { class: `badge ${s.healthy ? 'ok' : 'bad'}`, text: s.healthy ? 'healthy' : 'unhealthy' }),
    ` scheduler ${s.schedulerRunning ? 'running' : 'not running in this process'} · store ${s.store}`);
  box.append(health);
  if (s.reasons && s.reasons.length) {
    box.append(el('ul', { class: 'reasons' }, ...s.reasons.map((r) => el('li', { text: r }))));
  }
  const grid = el('div', { class: 'status-grid' });
  const next = el('div', {}, el('h3', { text: 'Next runs' }),
    el('ul', {}, ...Object.entries(s.nextRuns || {}).map(([k, at]) => el('li', { text: `${k}: ${when(at)}` }))));
  grid.append(next);
  for (const d of s.databases || []) {
    const good = d.lastGood;
    grid.append(el('div', { class: 'db', 'data-db': d.database }, el('h3', { text: d.database }),
      el('p', {}, el('span', { class: `badge ${d.healthy ? 'ok' : 'bad'}`, text: d.healthy ? 'ok' : 'needs a look' }),
        good ? ` last good ${good.date} (${good.ageHours} h ago, ${bytes(good.size)})` : ' no good backup yet'),
      proven(d.lastProven)));
  }
  box.append(grid);
}

/** "last proven restorable <time> (N checks passed)", or never / overdue by the policy, in words and a badge. */
function proven(p) {
  if (!p) return null;
  if (!p.verifiedAt) {
    return el('p', { class: 'proven' }, el('span', { class: 'badge warn', text: 'never proven' }),
      ' never proven restorable — run patina verify');
  }
  const checks = `${p.checksPassed} check${p.checksPassed === 1 ? '' : 's'} passed`;
  return el('p', { class: 'proven' },
    el('span', { class: `badge ${p.overdue ? 'bad' : 'ok'}`, text: p.overdue ? 'overdue' : 'proven' }),
    ` last proven restorable ${when(p.verifiedAt)} (${checks})`,
    p.overdue ? ` — older than the ${p.maxAgeDays}-day policy (verify_max_age_days): run patina verify` : null);
}

/**
 * The schema cell: for a backup whose schema differs from the previous backup of its database, a marker with the
 * change in words; a button (keyboard reachable) opens the comparison with that previous backup.
 */
function schemaCell(o, onCompare) {
  const c = o.schemaChange;
  if (!c) return el('td', { class: 'schema' }, el('span', { class: 'muted', text: '—' }));
  const label = `Schema changed since ${c.previousDate}`;
  const summary = el('span', { class: 'schema-summary', text: c.summary });
  if (!c.comparable) {
    return el('td', { class: 'schema' }, el('span', { class: 'schema-mark', text: 'Δ schema changed' }), ' ',
      summary);
  }
  const button = el('button', { type: 'button', class: 'schema-mark secondary',
    'aria-label': `${label}: ${c.summary}. Compare ${o.database} ${c.previousDate} with ${o.date}` },
  'Δ schema changed');
  button.addEventListener('click', () => onCompare(o.database, c.previousDate, o.date));
  return el('td', { class: 'schema' }, button, ' ', summary);
}

function stateBadge(o) {
  if (o.damagedAt) return el('span', { class: 'badge bad', text: 'damaged', title: o.damage || '' });
  if (o.deletedAt) return el('span', { class: 'badge warn', text: 'deleted' });
  return el('span', { class: 'badge ok', text: 'present' });
}

function rows(o) {
  const counts = Object.values(o.rowCounts || {});
  return counts.length ? counts.reduce((a, b) => a + b, 0).toLocaleString('en') : '—';
}

/**
 * Fills the table; onPick(o, checked) is told when a row's compare box changes, onCompare(db, from, to) when a
 * schema marker asks for the comparison with the previous backup.
 */
export function renderHistory(tbody, page, picked, onPick, onCompare) {
  tbody.replaceChildren();
  // the Node column: only for a catalog whose runs name cluster nodes (a desktop's names none)
  const nodeHeader = tbody.closest('table').querySelector('th[data-col="node"]');
  if (nodeHeader) {
    nodeHeader.hidden = !page.nodes;
  }
  if (!page.items.length) {
    tbody.append(el('tr', {}, el('td', { colspan: page.nodes ? 11 : 10, text: 'No backup matches these filters.' })));
    return;
  }
  for (const o of page.items) {
    const key = o.key;
    const canPick = o.kind === 'daily' && !o.deletedAt;
    const box = el('input', {
      type: 'checkbox', 'aria-label': `Pick ${o.database || 'weekly'} ${o.date} to compare`,
      disabled: !canPick, checked: picked.has(key),
    });
    box.addEventListener('change', () => onPick(o, box.checked));
    const download = canPick
      ? el('a', { href: downloadUrl(o.date, o.database), download: `${o.database}-${o.date}.sql`,
        text: 'Download', 'aria-label': `Download ${o.database} ${o.date}` })
      : el('span', { text: '—' });
    tbody.append(el('tr', { 'data-key': key },
      el('td', {}, box),
      el('td', { text: o.date }),
      el('td', { text: o.database || '(all)' }),
      el('td', { text: o.kind }),
      el('td', { class: 'num', text: bytes(o.size) }),
      el('td', { class: 'num', text: rows(o) }),
      el('td', {}, stateBadge(o)),
      schemaCell(o, onCompare),
      el('td', { text: o.verifiedAt ? when(o.verifiedAt) : 'never' }),
      ...(page.nodes ? [el('td', { class: 'node', text: o.node || '—' })] : []),
      el('td', {}, download)));
  }
}
