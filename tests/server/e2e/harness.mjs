// End-to-end harness: the local Stripe mock (in process) + slotpay-server (a child
// process) on loopback ports, a temporary SQLite file, helpers to book and pay.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStripeMock } from '../../stripe_mock/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..', '..');
export const SERVER_BIN = process.env.SLOTPAY_SERVER_BIN || path.join(ROOT, 'build', 'native', 'server', 'slotpay-server');
export const CATALOG = path.join(here, 'catalog.json');

export const SK = 'sk_test_e2e_platform_secret_51Hx';
export const PK = 'pk_test_e2e_platform_public_51Hx';
export const WHSEC = 'whsec_e2e_webhook_secret_7f3a';
export const ADMIN = 'admin_e2e_token_9c1d_0123456789abcdef';  // >= 32 characters
export const ACCOUNT = 'acct_1E2eSalon';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startMock() {
  const m = await startStripeMock({ host: '127.0.0.1', port: 0, webhookSecret: WHSEC, secretKeys: [SK],
                                    publishableKeys: [PK], quiet: true, webhookRetryBaseMs: 100 });
  await mockControl(m, 'POST', '/_mock/accounts', { id: ACCOUNT, type: 'standard', onboarded: true });
  return m;
}

export async function mockControl(m, method, p, body) {
  const r = await fetch(m.url + p, {
    method, headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(15000),
  });
  const text = await r.text();
  try { return JSON.parse(text); } catch { return text; }
}

// Calls the mock's Stripe API as the platform on the connected account.
export async function stripeApi(m, method, p, params) {
  const body = params ? new URLSearchParams(params).toString() : undefined;
  const r = await fetch(m.url + p, {
    method,
    headers: { authorization: `Bearer ${SK}`, 'stripe-account': ACCOUNT,
               ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body, signal: AbortSignal.timeout(15000),
  });
  return { status: r.status, body: await r.json() };
}

export function tempDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-e2e-'));
  return path.join(dir, 'slotpay.db');
}

// Spawns slotpay-server with `argv` and extra environment `env`; resolves once it logs
// "listening" (JSON log line), with {child, logs, url, exited}. Shared by the server
// and widget end-to-end suites.
export function spawnSlotpayServer(argv, env) {
  const child = spawn(SERVER_BIN, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const srv = { child, logs: '', url: null, exited: null };
  child.on('exit', (code, signal) => { srv.exited = { code, signal }; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('slotpay-server did not start:\n' + srv.logs)), 10000);
    let buf = '';
    child.stderr.on('data', (d) => {
      srv.logs += d;
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const j = JSON.parse(line);
          if (j.msg === 'listening') { clearTimeout(timer); srv.url = `http://127.0.0.1:${j.port}`; resolve(srv); }
        } catch {}
      }
    });
    child.stdout.on('data', (d) => { srv.logs += d; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`slotpay-server exited (${code}):\n` + srv.logs)); });
  });
}

// Starts slotpay-server; resolves once it logs "listening". Logs are kept in srv.logs.
export async function startServer(mock, { db = tempDb(), args = [], holdSeconds = 600, demo = true, env = {} } = {}) {
  const argv = ['--listen', '127.0.0.1:0', '--db', db, '--stripe-api-base', mock.url,
                '--seed-merchant', CATALOG, '--stripe-account', ACCOUNT,
                '--allowed-origin', 'https://salon.example', '--hold-seconds', String(holdSeconds),
                '--maintenance-ms', '250', '--stripe-timeout-ms', '1500', '--examples', path.join(ROOT, 'examples'),
                // The suites make many holds from one address: the per-client and
                // per-merchant hold caps are off unless a test sets them (a later flag wins).
                // Likewise the per-route budgets (issue #9).
                '--max-holds-per-client', '0', '--max-holds-per-merchant', '0',
                '--read-rate', '0', '--cancel-rate', '0', '--webhook-rate', '0', '--admin-rate', '0',
                // The example pages are served only with --demo (issue #9).
                ...(demo ? ['--demo'] : []),
                ...args];
  const srv = await spawnSlotpayServer(argv, {
    STRIPE_SECRET_KEY: ` ${SK}\n`, STRIPE_PUBLISHABLE_KEY: PK, STRIPE_WEBHOOK_SECRET: WHSEC, ADMIN_TOKEN: ADMIN,
    ...env,
  });
  srv.db = db;
  const { child } = srv;
  await mockControl(mock, 'POST', '/_mock/webhooks/config', { url: srv.url + '/v1/stripe/webhook' });
  srv.stop = async (signal = 'SIGTERM') => {
    if (srv.exited) return srv.exited;
    const done = new Promise((r) => child.once('exit', (code, sig) => r({ code, signal: sig })));
    child.kill(signal);
    return await Promise.race([done, sleep(10000).then(() => { child.kill('SIGKILL'); return { code: null, signal: 'timeout' }; })]);
  };
  return srv;
}

// Every response body the tests saw, to check no secret ever leaves the server.
export const seenBodies = [];

export async function api(srv, method, p, { body, token, headers = {}, raw } = {}) {
  const h = { ...headers };
  if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
  if (token) h.authorization = `Bearer ${token}`;
  const r = await fetch(srv.url + p, {
    method, headers: h, body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20000),
  });
  const text = await r.text();
  seenBodies.push(text);
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, headers: r.headers, body: json, text };
}

// The UTC offset ("-05:00") of a zone at an instant.
function offsetAt(zone, date) {
  const s = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).format(date);
  const m = s.match(/GMT([+-]\d\d:\d\d)?/);
  return m && m[1] ? m[1] : '+00:00';
}

// An RFC 3339 start, `daysAhead` days from now at local HH:MM in New York.
// A merchant session: signs in with e-mail and password (200 asserted) and gives the
// session cookie and its CSRF token, which every change the session makes sends.
export async function signIn(srv, email, password) {
  const r = await api(srv, 'POST', '/v1/merchant/signin', { body: { email, password } });
  assert.equal(r.status, 200, r.text);
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: r.body.csrf_token };
}

export function slotStart(daysAhead, hhmm) {
  const zone = 'America/New_York';
  const d = new Date(Date.now() + daysAhead * 86400000);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const noonUtc = new Date(`${parts}T12:00:00Z`);
  return `${parts}T${hhmm}:00${offsetAt(zone, noonUtc)}`;
}

// Issue #12: the next DST change in New York at least 3 days ahead, as the New York dates
// of the day before it and the day after it, and the RFC 3339 start of local HH:MM on
// either (`startOn(day, hhmm)`; not for the transition day itself).
export function aroundNextDstChange() {
  const zone = 'America/New_York';
  const date = (days) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date(Date.now() + days * 86400000));
  const noonOffset = (day) => offsetAt(zone, new Date(`${day}T12:00:00Z`));
  for (let d = 3; d < 400; d++) {
    if (noonOffset(date(d)) !== noonOffset(date(d + 1)))
      return { before: date(d), after: date(d + 2), startOn: (day, hhmm) => `${day}T${hhmm}:00${noonOffset(day)}` };
  }
  throw new Error('no DST change in New York within 400 days');
}

let customerSeq = 0;
export function bookingRequest(service, start, extra = {}) {
  customerSeq++;
  return { service, staff: 'any', start, quantity: 1,
           customer: { name: `Test Customer ${customerSeq}`, email: `c${customerSeq}@example.com`, phone: '+15551234567' },
           ...extra };
}

export async function book(srv, service, start, extra) {
  return api(srv, 'POST', '/v1/merchants/m_e2e/bookings', { body: bookingRequest(service, start, extra) });
}

export async function waitFor(fn, { timeoutMs = 10000, stepMs = 100 } = {}) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    last = await fn();
    if (last) return last;
    await sleep(stepMs);
  }
  return last;
}

export async function bookingStatus(srv, created) {
  const r = await api(srv, 'GET', `/v1/bookings/${created.booking.id}`, { token: created.access_token });
  return r.body && r.body.booking;
}

export async function adminBookings(srv) {
  const r = await api(srv, 'GET', '/v1/admin/merchants/m_e2e/bookings', { headers: { authorization: `Bearer ${ADMIN}` } });
  return r.body.bookings;
}
