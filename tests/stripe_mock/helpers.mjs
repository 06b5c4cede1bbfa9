// Test helpers for the stripe-mock suites (not a test file itself).
import http from 'node:http';
import { startStripeMock } from './server.mjs';

export const SK = 'sk_test_slotpay_platform';
export const PK = 'pk_test_slotpay_platform';
export const WHSEC = 'whsec_test_secret';

export function encodeForm(obj, prefix = '', out = []) {
  if (Array.isArray(obj)) obj.forEach((v, i) => encodeForm(v, `${prefix}[${i}]`, out));
  else if (obj && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj)) encodeForm(v, prefix ? `${prefix}[${k}]` : k, out);
  } else if (obj !== undefined) out.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(obj))}`);
  return out.join('&');
}

// Raw HTTP call: resolves {status, headers, body (parsed JSON or text), raw}; rejects on
// socket errors (e.g. dropped connection).
export function call(baseUrl, method, path, { key = SK, account, params, idem, headers = {}, rawBody, basic = false, timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(path, baseUrl);
    let body = rawBody;
    if (params && method === 'GET') u.search = encodeForm(params);
    else if (params) body = encodeForm(params);
    const h = { ...headers };
    if (key) h.Authorization = basic ? `Basic ${Buffer.from(`${key}:`).toString('base64')}` : `Bearer ${key}`;
    if (account) h['Stripe-Account'] = account;
    if (idem) h['Idempotency-Key'] = idem;
    if (body !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/x-www-form-urlencoded';
    if (body !== undefined) h['Content-Length'] = Buffer.byteLength(body);
    const req = http.request(u, { method, headers: h, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let parsed = raw;
        try {
          parsed = JSON.parse(raw);
        } catch {}
        resolve({ status: res.statusCode, headers: res.headers, body: parsed, raw });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

export async function control(baseUrl, method, path, json) {
  const r = await call(baseUrl, method, path, {
    key: null,
    rawBody: json === undefined ? undefined : JSON.stringify(json),
    headers: json === undefined ? {} : { 'Content-Type': 'application/json' },
  });
  return r.body;
}

// A webhook endpoint that records raw bodies; `respond` decides the status per call.
export async function webhookReceiver(respond = () => 200) {
  const received = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const entry = { raw, headers: req.headers, at: Date.now() };
      received.push(entry);
      const status = respond(entry, received.length);
      if (status === 'drop') return req.socket.destroy();
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/webhook`;
  return {
    url,
    received,
    events: () => received.map((e) => JSON.parse(e.raw)),
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

export async function withMock(opts, fn) {
  const m = await startStripeMock({ webhookSecret: WHSEC, webhookRetryBaseMs: 20, ...opts });
  try {
    return await fn(m);
  } finally {
    await m.close();
  }
}

export async function waitFor(pred, timeoutMs = 5000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await pred();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function seedAccount(url, fields = {}) {
  return control(url, 'POST', '/_mock/accounts', { type: 'standard', onboarded: true, ...fields });
}
