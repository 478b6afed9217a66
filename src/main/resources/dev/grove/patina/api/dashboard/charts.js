// Inline SVG bar charts of the nightly backups' size and duration (no chart library).
import { bytes } from './views.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function barChart(title, points, value, label) {
  const w = 600;
  const h = 200;
  const pad = { l: 70, r: 10, t: 10, b: 30 };
  const max = Math.max(1, ...points.map((p) => value(p) || 0));
  const chart = svg('svg', { viewBox: `0 0 ${w} ${h}`, role: 'img', 'aria-label': `${title}: ${points.length} nightly runs, `
    + `largest ${label(max)}` });
  chart.append(svg('title', {}, title));
  chart.append(svg('line', { class: 'axis', x1: pad.l, y1: h - pad.b, x2: w - pad.r, y2: h - pad.b }));
  chart.append(svg('line', { class: 'axis', x1: pad.l, y1: pad.t, x2: pad.l, y2: h - pad.b }));
  chart.append(svg('text', { x: pad.l - 4, y: pad.t + 8, 'text-anchor': 'end' }, label(max)));
  chart.append(svg('text', { x: pad.l - 4, y: h - pad.b, 'text-anchor': 'end' }, label(0)));
  const slot = (w - pad.l - pad.r) / Math.max(1, points.length);
  points.forEach((p, i) => {
    const v = value(p) || 0;
    const bh = ((h - pad.t - pad.b) * v) / max;
    const bar = svg('rect', {
      class: `bar${p.status === 'ok' ? '' : ' failed'}`, x: pad.l + i * slot + slot * 0.1, y: h - pad.b - bh,
      width: Math.max(1, slot * 0.8), height: Math.max(0, bh),
    });
    bar.append(svg('title', {}, `${p.date}: ${label(v)} (${p.status})`));
    chart.append(bar);
  });
  if (points.length) {
    chart.append(svg('text', { x: pad.l, y: h - 10 }, points[0].date));
    chart.append(svg('text', { x: w - pad.r, y: h - 10, 'text-anchor': 'end' }, points[points.length - 1].date));
  }
  const fig = document.createElement('figure');
  const cap = document.createElement('figcaption');
  cap.textContent = title;
  fig.append(cap, chart);
  return fig;
}

export function renderCharts(box, data) {
  box.replaceChildren();
  if (!data.points.length) {
    const p = document.createElement('p');
    p.textContent = `No nightly run of ${data.database} is recorded yet.`;
    box.append(p);
    return;
  }
  box.append(barChart(`Size of ${data.database}`, data.points, (p) => p.bytes, bytes));
  box.append(barChart(`Duration of ${data.database}`, data.points, (p) => p.durationMs,
    (ms) => `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`));
}
