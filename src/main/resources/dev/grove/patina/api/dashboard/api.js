// The dashboard's calls to the Patina API: same origin, the session cookie (HttpOnly) goes by itself; every
// state-changing request carries the session's CSRF token in X-CSRF-Token. The API token never leaves the login form.
let csrfToken = null;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await res.json() : await res.text();
  if (!res.ok && !(res.status === 409 && data && data.outcome)) {
    throw new ApiError(res.status, (data && data.error) || `${method} ${path}: HTTP ${res.status}`);
  }
  return data;
}

export async function session() {
  const s = await call('GET', '/dashboard/session');
  csrfToken = s.loggedIn ? s.csrfToken : null;
  return s.loggedIn;
}

export async function login(token) {
  const s = await call('POST', '/dashboard/login', { token });
  csrfToken = s.csrfToken;
}

export async function logout() {
  await call('POST', '/dashboard/logout');
  csrfToken = null;
}

export const status = () => call('GET', '/status');
export const trigger = (kind) => call('POST', '/trigger', { kind });
export const charts = (db) => call('GET', `/dashboard/charts?db=${encodeURIComponent(db)}`);

export function history(filters, page, size) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  q.set('page', String(page));
  q.set('size', String(size));
  return call('GET', `/dashboard/history?${q}`);
}

export function diff(db, from, to) {
  const q = new URLSearchParams({ from, to });
  return call('GET', `/diff/${encodeURIComponent(db)}?${q}`);
}

export const downloadUrl = (date, db) => `/download/${encodeURIComponent(date)}/${encodeURIComponent(db)}`;
