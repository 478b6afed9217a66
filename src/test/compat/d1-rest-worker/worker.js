// Cloudflare's D1 REST API, as far as Patina uses it, answered from a D1 binding: run by
// `wrangler dev --local` this is D1's own engine (workerd, D1's SQL authorizer, D1's value encoding) behind the
// documented shapes:
//
//   POST /client/v4/accounts/{account_id}/d1/database/{database_id}/query   body {"sql": "...", "params": [...]}
//   POST /client/v4/accounts/{account_id}/d1/database/{database_id}/raw     same body
//
// Success: {"result":[{"results":...,"success":true,"meta":{...}}, ...],"success":true,"errors":[],"messages":[]}
// with one result per statement (`;`-separated statements run as one batch, atomically). /query gives each row as
// an object of column name -> value, /raw gives {"columns":[...],"rows":[[...]]}. Values are what D1 sends: numbers
// (INTEGER and REAL alike, as JSON numbers), strings, null, and BLOBs as arrays of byte numbers.
// Failure: {"result":null,"success":false,"errors":[{"code":N,"message":"..."}],"messages":[]} with the HTTP
// status Cloudflare gives: 400/7500 for SQL D1 refuses, 403/10000 for a wrong token, 404/7404 for an unknown
// database, 429/971 (with Retry-After) when rate limited.
//
// The vars in wrangler.toml configure it (token, ids, and every how many requests a 429 comes);
// GET /__patina/stats (not Cloudflare's) says how many API requests came and how many were answered 429.

let requests = 0;
let rateLimited = 0;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method === "GET" && url.pathname === "/__patina/stats") {
      // not Cloudflare's: lets a test see how many API requests came and how many got a 429
      return json(200, { requests, rateLimited });
    }
    const route = url.pathname.match(/^\/client\/v4\/accounts\/([^/]+)\/d1\/database\/([^/]+)\/(query|raw)$/);
    if (!route) {
      return failure(404, 7003, "No route for that URI");
    }
    if (request.method !== "POST") {
      return failure(405, 10405, "Method not allowed");
    }
    if (request.headers.get("Authorization") !== "Bearer " + env.API_TOKEN) {
      return failure(403, 10000, "Authentication error");
    }
    const every = Number(env.RATE_LIMIT_EVERY || "0");
    requests++;
    if (every > 0 && requests % every === 0) {
      rateLimited++;
      return failure(429, 971, "Please wait and consider throttling your request speed",
          { "Retry-After": String(env.RETRY_AFTER || "1") });
    }
    const [, account, database, endpoint] = route;
    if (decodeURIComponent(account) !== env.ACCOUNT_ID || decodeURIComponent(database) !== env.DATABASE_ID) {
      return failure(404, 7404, `The database ${decodeURIComponent(database)} could not be found`);
    }
    let body;
    try {
      body = await request.json();
    } catch (e) {
      return failure(400, 7400, "The request is malformed: the body is not JSON");
    }
    if (body === null || typeof body !== "object" || typeof body.sql !== "string") {
      return failure(400, 7400, "The request is malformed: sql must be a string");
    }
    const params = body.params ?? [];
    if (!Array.isArray(params)) {
      return failure(400, 7400, "The request is malformed: params must be an array");
    }
    const statements = splitStatements(body.sql);
    if (statements.length === 0) {
      return failure(400, 7500, "No SQL statements detected.");
    }
    // Cloudflare's docs do not say what params do with several statements; this stand-in refuses the mix
    // (Patina sends params only with single statements).
    if (params.length > 0 && statements.length > 1) {
      return failure(400, 7500, "params can only be bound to a single statement");
    }
    let answer;
    try {
      answer = await env.DB.query({
        queries: statements.map((sql, i) => (i === 0 && params.length > 0 ? { sql, params } : { sql })),
      });
    } catch (e) {
      return failure(400, 7500, String(e && e.message ? e.message : e).replace(/^D1_ERROR: /, ""));
    }
    // env.DB.query() answers {results: [{meta, data: {kind: "raw", columns, rows}}]}
    const result = answer.results.map((r) => ({
      results: endpoint === "raw" ? { columns: r.data.columns, rows: r.data.rows }
          : r.data.rows.map((row) => Object.fromEntries(row.map((v, i) => [r.data.columns[i], v]))),
      success: true,
      meta: r.meta,
    }));
    return json(200, { result, success: true, errors: [], messages: [] });
  },
};

function failure(status, code, message, headers = {}) {
  return json(status, { result: null, success: false, errors: [{ code, message }], messages: [] }, headers);
}

function json(status, value, headers = {}) {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

// Splits SQL text at the semicolons that end statements: not inside '…', "…", `…`, […], comments, or the
// BEGIN … END body of CREATE TRIGGER (where CASE … END nests too). Statements holding only comments are dropped.
function splitStatements(sql) {
  const out = [];
  let start = 0;
  let i = 0;
  let depth = 0;
  let trigger = null; // null: not known yet for this statement; true/false once its first words are read
  let words = [];
  let meaningful = false;
  const n = sql.length;
  const end = (to) => {
    const text = sql.slice(start, to).trim();
    if (meaningful && text.length > 0) {
      out.push(text);
    }
    start = to + 1;
    depth = 0;
    trigger = null;
    words = [];
    meaningful = false;
  };
  while (i < n) {
    const c = sql[i];
    if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let j = i + 1;
      while (j < n) {
        if (sql[j] === close) {
          if (close !== "]" && sql[j + 1] === close) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      meaningful = true;
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j])) {
        j++;
      }
      const word = sql.slice(i, j).toUpperCase();
      meaningful = true;
      if (trigger === null) {
        words.push(word);
        if (words.length >= 2 && words[0] === "CREATE") {
          if (word === "TRIGGER") {
            trigger = true;
          } else if (word !== "TEMP" && word !== "TEMPORARY") {
            trigger = false;
          }
        } else if (words[0] !== "CREATE") {
          trigger = false;
        }
      } else if (trigger) {
        if (word === "BEGIN" || word === "CASE") {
          depth++;
        } else if (word === "END") {
          depth = Math.max(0, depth - 1);
        }
      }
      i = j;
      continue;
    }
    if (c === ";" && depth === 0) {
      end(i);
      i++;
      continue;
    }
    if (!/\s/.test(c)) {
      meaningful = true;
    }
    i++;
  }
  end(n);
  return out;
}
