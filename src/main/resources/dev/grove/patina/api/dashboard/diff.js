// The side-by-side, colour-coded schema comparison of two backups (GET /diff/{db}?from=&to=).
import { el } from './views.js';

const MARK = { added: '+', dropped: '−', changed: '~', rows: '#' };

/** Splits "x: A → B" into the two sides; added and dropped objects show on one side only. */
function sides(c) {
  if (c.kind === 'added') return ['', c.text];
  if (c.kind === 'dropped') return [c.text, ''];
  const arrow = c.text.lastIndexOf(' → ');
  if (arrow < 0) return [c.text, c.text];
  const head = c.text.slice(0, arrow);
  const colon = head.lastIndexOf(': ');
  const prefix = colon < 0 ? '' : head.slice(0, colon + 2);
  const before = colon < 0 ? head : head.slice(colon + 2);
  return [prefix + before, prefix + c.text.slice(arrow + 3)];
}

export function renderDiff(box, d) {
  box.replaceChildren();
  box.append(el('p', { class: 'diff-summary', id: 'diff-summary', text: d.summary }));
  if (!d.changes.length) {
    box.append(el('p', { text: `The schemas of ${d.from} and ${d.to} are the same.` }));
    return;
  }
  const body = el('tbody');
  for (const c of d.changes) {
    const [from, to] = sides(c);
    body.append(el('tr', { class: c.kind },
      el('td', { class: 'from' }, from ? el('span', { class: 'mark', 'aria-hidden': 'true', text: MARK[c.kind] }) : null,
        from || ''),
      el('td', { class: 'to' }, to ? el('span', { class: 'mark', 'aria-hidden': 'true', text: MARK[c.kind] }) : null,
        to || '')));
  }
  const table = el('table', { class: 'diff-table', id: 'diff-table' },
    el('caption', { text: `${d.database}: ${d.from} (left) against ${d.to} (right). Green added, red dropped, `
      + 'amber changed.' }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: d.from }), el('th', { scope: 'col', text: d.to }))),
    body);
  box.append(el('div', { class: 'table-wrap' }, table));
}
