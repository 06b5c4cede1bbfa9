// Shared by the widget's browser suites: the real slotpay-server (SQLite in a temp
// dir) seeded with the demo catalog, the local Stripe mock with its Stripe.js double,
// headless Chromium; all on random 127.0.0.1 ports, stopped by stop().
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startStripeMock } from '../../stripe_mock/server.mjs';
import { spawnSlotpayServer } from '../../server/e2e/harness.mjs';
import { ROOT } from './load_ts.mjs';

export { ROOT };
export const SERVER_BIN =
  process.env.SLOTPAY_SERVER_BIN || path.join(ROOT, 'build', 'native', 'server', 'slotpay-server');
/** The widget build served; SLOTPAY_WEB_DIST compares another (e.g. the benchmark's baseline). */
export const DIST = process.env.SLOTPAY_WEB_DIST || path.join(ROOT, 'web', 'dist');
const CATALOG = path.join(ROOT, 'examples', 'demo-catalog.json');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SK = 'sk_test_web_v2_platform_51Wb';
const PK = 'pk_test_web_v2_platform_51Wb';
const WHSEC = 'whsec_web_v2_secret_3c9d';
export const ADMIN = 'admin_web_v2_token_4b2a_0123456789ab'; // >= 32 characters
const ACCOUNT = 'acct_1WebV2DemoSalon';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function json(url, init = {}) {
  const r = await fetch(url, { ...init, signal: AbortSignal.timeout(10000) });
  return { status: r.status, body: await r.json() };
}

/** axe-core's browser build (npm axe-core), to inject into pages. */
export function axeSource() {
  const require = createRequire(path.join(ROOT, 'package.json'));
  return fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/**
 * `extraArgs`: more slotpay-server flags (a later flag wins over the defaults above them);
 * `env`: more of its environment (e.g. SLOTPAY_MASTER_KEY).
 */
export async function startHarness({ extraArgs = [], env = {} } = {}) {
  for (const [what, p] of [
    ['slotpay-server', SERVER_BIN],
    ['chromium', CHROMIUM],
    ['web/dist (node web/build.mjs: manifest.json)', path.join(DIST, 'manifest.json')],
  ])
    if (!fs.existsSync(p)) throw new Error(`missing ${what}: ${p}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-web-v2-'));
  const mock = await startStripeMock({
    host: '127.0.0.1',
    port: 0,
    webhookSecret: WHSEC,
    secretKeys: [SK],
    publishableKeys: [PK],
    quiet: true,
    webhookRetryBaseMs: 100,
  });
  await json(`${mock.url}/_mock/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: ACCOUNT, type: 'standard', onboarded: true }),
  });
  // The host page of widgetPage(), served by slotpay-server itself (same origin, a real
  // loopback address: Chromium keeps fulfilled pages out of the loopback address space).
  fs.mkdirSync(path.join(tmp, 'examples'));
  fs.writeFileSync(path.join(tmp, 'examples', 'widget_v2.html'), HOST_PAGE);
  const server = await spawnSlotpayServer(
    [
      '--listen',
      '127.0.0.1:0',
      '--db',
      path.join(tmp, 'slotpay.db'),
      '--stripe-api-base',
      mock.url,
      '--seed-merchant',
      CATALOG,
      '--stripe-account',
      ACCOUNT,
      '--hold-seconds',
      '600',
      '--maintenance-ms',
      '250',
      '--stripe-timeout-ms',
      '3000',
      '--booking-rate',
      '0',
      // One client makes every booking of the suite: the hold caps and route budgets off.
      '--max-holds-per-client',
      '0',
      '--max-holds-per-merchant',
      '0',
      '--read-rate',
      '0',
      '--cancel-rate',
      '0',
      '--web-dist',
      DIST,
      '--examples',
      path.join(tmp, 'examples'),
      '--demo',
      '--quiet',
      ...extraArgs,
    ],
    { STRIPE_SECRET_KEY: SK, STRIPE_PUBLISHABLE_KEY: PK, STRIPE_WEBHOOK_SECRET: WHSEC, ADMIN_TOKEN: ADMIN, ...env },
  );
  await json(`${mock.url}/_mock/webhooks/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${server.url}/v1/stripe/webhook` }),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: 30000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  async function stop() {
    await browser.close().catch(() => {});
    if (server.child && server.child.exitCode === null) {
      const done = new Promise((r) => server.child.once('exit', r));
      server.child.kill('SIGTERM');
      await Promise.race([done, sleep(5000).then(() => server.child.kill('SIGKILL'))]);
    }
    await mock.close().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  async function adminBookings() {
    const r = await json(`${server.url}/v1/admin/merchants/m_demo/bookings`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    assert.equal(r.status, 200);
    return r.body.bookings;
  }
  return { tmp, mock, server, browser, stop, adminBookings };
}

// Options come as JSON in the hash; `css` (test only) is the host page's own style sheet.
const HOST_PAGE = `<!doctype html><html lang="en"><title>Widget v2 test page</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<main><h1>Shop</h1><div id="w"></div></main>
<script>
  window.Slotpay = window.Slotpay || function () { (Slotpay.q = Slotpay.q || []).push(arguments); };
  window.slotpayEvents = [];
  ['slotpay:ready', 'slotpay:error', 'slotpay:booked'].forEach(function (t) {
    document.getElementById('w').addEventListener(t, function (e) { slotpayEvents.push({ type: t, detail: e.detail }); });
  });
  var o = JSON.parse(decodeURIComponent(location.hash.slice(1)) || '{}');
  if (o.css) { var st = document.createElement('style'); st.textContent = o.css; document.head.appendChild(st); delete o.css; }
  o.target = '#w'; o.merchant = o.merchant || 'm_demo';
  Slotpay('mount', o);
</script>
<script async src="/slotpay-loader.js"></script></html>`;

/**
 * A page embedding the widget with the loader and Slotpay('mount', options): options as
 * JSON in the URL's hash. Every request off 127.0.0.1 fails (recorded in offLoopback).
 * `intercept: false` (the benchmark) only records requests off 127.0.0.1 instead: routing
 * every request through Playwright costs a round trip to node per request and turns off
 * the browser's HTTP cache, so a timed page would measure the test tool, not the widget.
 */
export async function widgetPage(h, { options = {}, contextOptions = {}, css = '', intercept = true } = {}) {
  options = { ...options };
  const context = await h.browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Berlin', ...contextOptions });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const offLoopback = [];
  const consoleErrors = [];
  if (intercept)
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.hostname === '127.0.0.1') return route.continue();
      offLoopback.push(u.href);
      return route.abort();
    });
  else
    context.on('request', (r) => {
      const u = new URL(r.url());
      if (/^(https?|wss?):$/.test(u.protocol) && u.hostname !== '127.0.0.1') offLoopback.push(u.href);
    });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  if (css) options = { ...options, css };
  const open = async () =>
    page.goto(
      `${h.server.url}/examples/widget_v2.html#${encodeURIComponent(JSON.stringify({ ...options, stripeJs: `${h.mock.url}/v3/` }))}`,
    );
  return { context, page, offLoopback, consoleErrors, open };
}

/** The shadow root's active element, described. */
export function activeInWidget(page) {
  return page.evaluate(() => {
    const a = document.querySelector('[data-slotpay]').shadowRoot.activeElement;
    return a && { tag: a.tagName, text: a.textContent, start: a.dataset.start ?? null };
  });
}
