// Browser end-to-end test of the widget: real Chromium (playwright-core + Debian's
// chromium), the real slotpay-server (SQLite in a temp dir), the local Stripe mock
// with its Stripe.js test double, all on random 127.0.0.1 ports.
//
// Needs: build/native/server/slotpay-server, web/dist (node web/build.mjs, which
// copies the WASM core from build/wasm; file names content-hashed, see its
// manifest.json). Run: node --test tests/web/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStripeMock } from '../stripe_mock/server.mjs';
import { spawnSlotpayServer } from '../server/e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVER_BIN = process.env.SLOTPAY_SERVER_BIN || path.join(ROOT, 'build', 'native', 'server', 'slotpay-server');
const CATALOG = path.join(ROOT, 'examples', 'demo-catalog.json');
const DIST = path.join(ROOT, 'web', 'dist');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const SK = 'sk_test_web_e2e_platform_51Wb';
const PK = 'pk_test_web_e2e_platform_51Wb';
const WHSEC = 'whsec_web_e2e_secret_3c9d';
const ADMIN = 'admin_web_e2e_token_4b2a_0123456789ab'; // >= 32 characters
const ACCOUNT = 'acct_1WebDemoSalon';

const STEP_MS = 15000; // any single UI wait
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let mock, server, browser, hostSite, tmp;

async function json(url, init = {}) {
  const r = await fetch(url, { ...init, signal: AbortSignal.timeout(10000) });
  return { status: r.status, body: await r.json() };
}

function startServer({ db = 'slotpay.db', holdSeconds = 600 } = {}) {
  const argv = [
    '--listen',
    '127.0.0.1:0',
    '--db',
    path.join(tmp, db),
    '--stripe-api-base',
    mock.url,
    '--seed-merchant',
    CATALOG,
    '--stripe-account',
    ACCOUNT,
    '--hold-seconds',
    String(holdSeconds),
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
    path.join(ROOT, 'examples'),
    '--demo',
    '--allowed-origin',
    hostSite.url,
    '--quiet',
  ];
  return spawnSlotpayServer(argv, {
    STRIPE_SECRET_KEY: SK,
    STRIPE_PUBLISHABLE_KEY: PK,
    STRIPE_WEBHOOK_SECRET: WHSEC,
    ADMIN_TOKEN: ADMIN,
  });
}

// A merchant's own site on another origin, serving the iframe host page.
function startHostSite() {
  const page = fs.readFileSync(path.join(ROOT, 'examples', 'iframe.html'));
  const s = http.createServer((req, res) => {
    if (req.url.startsWith('/iframe.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } else if (req.url.startsWith('/shop.html')) {
      // The merchant's own page embedding the widget from the Slotpay server (cross-origin).
      const q = new URL(req.url, 'http://x').searchParams;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>shop</title><div id="slotpay-widget"></div>
<script async src="${q.get('widget')}/slotpay-loader.js" data-merchant="m_demo" data-target="#slotpay-widget"
  data-api="${q.get('widget')}" data-stripe-js="${q.get('stripe_js')}"></script>
<script>['slotpay:ready','slotpay:error','slotpay:booked'].forEach(function(t){document.getElementById('slotpay-widget')
  .addEventListener(t,function(e){(window.slotpayEvents=window.slotpayEvents||[]).push({type:t,detail:e.detail})})})</script>`);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve({ server: s, url: `http://127.0.0.1:${s.address().port}` })),
  );
}

async function adminBookings() {
  const r = await json(`${server.url}/v1/admin/merchants/m_demo/bookings`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  assert.equal(r.status, 200);
  return r.body.bookings;
}

const usd = (minor) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);

before(async () => {
  for (const [what, p] of [
    ['slotpay-server', SERVER_BIN],
    ['chromium', CHROMIUM],
    ['web/dist (node web/build.mjs)', path.join(DIST, 'manifest.json')],
  ])
    if (!fs.existsSync(p)) throw new Error(`missing ${what}: ${p}`);
  // The build's file names are content-hashed: manifest.json maps the logical names.
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'manifest.json'), 'utf8'));
  for (const logical of ['slotpay-widget.js', 'slotpay-core.wasm'])
    if (!manifest[logical] || !fs.existsSync(path.join(DIST, manifest[logical])))
      throw new Error(`missing ${logical} in web/dist (node web/build.mjs)`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-web-e2e-'));
  mock = await startStripeMock({
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
  hostSite = await startHostSite();
  server = await startServer();
  await json(`${mock.url}/_mock/webhooks/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${server.url}/v1/stripe/webhook` }),
  });
  browser = await chromium.launch({
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
});

async function stopServer(srv) {
  if (!srv?.child || srv.child.exitCode !== null) return;
  const done = new Promise((r) => srv.child.once('exit', r));
  srv.child.kill('SIGTERM');
  await Promise.race([done, sleep(5000).then(() => srv.child.kill('SIGKILL'))]);
}

after(async () => {
  await browser?.close().catch(() => {});
  await stopServer(server);
  await mock?.close().catch(() => {});
  await new Promise((r) => (hostSite ? hostSite.server.close(r) : r()));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// A fresh page; every request that is not to 127.0.0.1 fails the test (loopback only).
async function newPage() {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  const offLoopback = [];
  const consoleErrors = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1') return route.continue();
    offLoopback.push(u.href);
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  return { context, page, offLoopback, consoleErrors };
}

const scriptTagUrl = () => `${server.url}/examples/script-tag.html?stripe_js=${encodeURIComponent(`${mock.url}/v3/`)}`;

// Picks a service and the first free slot; `root` is a Page or a FrameLocator.
async function chooseSlot(root, service) {
  await root.locator(`button[data-service="${service}"]`).click();
  const slot = root.locator('button[data-start]').first();
  await slot.waitFor();
  const start = await slot.getAttribute('data-start');
  await slot.click();
  await root.locator(`button[data-start="${start}"][aria-selected="true"]`).waitFor();
  return start;
}

// From the choose step (a slot chosen) to the details step.
async function toDetails(root) {
  await root.locator('button[data-action=continue]:not([disabled])').click();
  await root.locator('input[name=name]').waitFor();
}

async function fillCustomer(root, name, email) {
  await toDetails(root);
  await root.locator('input[name=name]').fill(name);
  await root.locator('input[name=email]').fill(email);
  await root.locator('input[name=phone]').fill('+15551234567');
}

async function events(page) {
  return page.evaluate(() => window.slotpayEvents || []);
}

test('script tag: haircut + add-on + coupon, paid with Visa -> confirmed, slotpay:booked fired, total = server quote', async () => {
  const { context, page, offLoopback, consoleErrors } = await newPage();
  try {
    await page.goto(scriptTagUrl());
    await page.waitForFunction(() => (window.slotpayEvents || []).some((e) => e.type === 'slotpay:ready'));
    assert.deepEqual((await events(page)).find((e) => e.type === 'slotpay:ready').detail, {
      v: 1,
      merchant: 'm_demo',
      price_preview: true,
    });
    // Rendered inside a Shadow DOM: the host page's CSS does not reach the widget.
    const inShadow = await page.evaluate(() => {
      const host = document.querySelector('#slotpay-widget [data-slotpay]');
      return (
        !!host?.shadowRoot?.querySelector('button[data-service="cut"]') &&
        !document.querySelector('#slotpay-widget button')
      );
    });
    assert.ok(inShadow, 'the widget renders in a shadow root');
    const bg = await page.locator('button[data-service="cut"]').evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.notEqual(bg, 'rgb(255, 105, 180)', 'host page button style (hotpink) leaked into the widget');

    const start = await chooseSlot(page, 'cut');
    // The merchant's zone is stated explicitly (the browser runs in Europe/Berlin).
    await page.locator('text=/Times are in (EST|EDT) \\(America\\/New_York\\)/').waitFor();
    assert.match(
      await page.locator('[data-testid=slot-summary]').textContent(),
      /^\w{3} \d{1,2} \w{3}, \d\d:\d\d E[SD]T$/,
    );
    await page.locator('input[data-addon="wash"]').check();
    await page.locator('input[name=coupon]').fill('WELCOME10');
    await page.locator('input[name=coupon]').press('Tab');
    await page.locator('td', { hasText: 'Discount WELCOME10' }).waitFor();
    const shownTotal = (await page.locator('[data-testid=total] td').last().textContent()).trim();
    const shownDueNow = (await page.locator('[data-testid=due-now] td').last().textContent()).trim();
    const shownDueLater = (await page.locator('[data-testid=due-later] td').last().textContent()).trim();

    // Stripe.js is not loaded before the pay step.
    assert.equal(await page.evaluate(() => typeof window.Stripe), 'undefined');
    assert.equal(await page.locator('script[src*="/v3/"]').count(), 0);

    await fillCustomer(page, 'Jo Visa', 'jo.visa@example.com');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=stripe-mock-card]').waitFor();
    assert.equal(
      await page.locator('[data-slotpay-payment] [data-testid=stripe-mock-card]').count(),
      1,
      'Payment Element mounted in the slotted container',
    );
    await page.locator('text=/Your time is held for \\d+:\\d\\d/').waitFor();
    const payBtn = page.locator('button', { hasText: /^Pay \$/ });
    await payBtn.waitFor();
    await payEnabled(page);
    assert.equal(await payBtn.textContent(), `Pay ${shownDueNow}`);
    await payBtn.click();
    await page.locator('[data-testid=confirmation]').waitFor();
    await page.waitForFunction(() => (window.slotpayEvents || []).some((e) => e.type === 'slotpay:booked'));

    const booked = (await events(page)).find((e) => e.type === 'slotpay:booked').detail;
    assert.equal(booked.v, 1);
    assert.equal(booked.booking.status, 'confirmed');
    assert.equal(booked.booking.service, 'cut');
    assert.equal(booked.booking.start, start);
    assert.equal(booked.booking.client_secret, undefined, 'no secret reaches the host page');

    const rec = (await adminBookings()).find((b) => b.id === booked.booking.id);
    assert.ok(rec, 'the booking exists on the server');
    assert.equal(rec.status, 'confirmed');
    assert.equal(rec.paid_amount, rec.amount);
    // What the browser showed (WASM core) is what the server charged (native core).
    assert.equal(shownDueNow, usd(rec.amount));
    assert.equal(shownTotal, usd(booked.booking.total));
    assert.equal(shownDueLater, usd(booked.booking.due_later));
    assert.equal(shownTotal, '$53.58'); // CONTRACT.md's worked example: 4500 + 1000 - 10% + 8.25% tax
    assert.equal(rec.amount, 1072);
    const pi = await json(`${mock.url}/_mock/objects/${rec.payment_intent}`);
    assert.equal(pi.body.obj.status, 'succeeded');
    assert.equal(pi.body.obj.amount, 1072);
    assert.equal(pi.body.account, ACCOUNT, "a direct charge on the merchant's account");

    assert.deepEqual(offLoopback, []);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('script tag: a declined card shows an error, no confirmed booking; another card then succeeds', async () => {
  const { context, page, offLoopback } = await newPage();
  try {
    await page.goto(scriptTagUrl());
    await chooseSlot(page, 'cut');
    await fillCustomer(page, 'Dee Klined', 'dee@example.com');
    await page.locator('button[type=submit]').click();
    const card = page.locator('[data-testid=stripe-mock-card]');
    await card.waitFor();
    await card.selectOption('pm_card_chargeDeclined');
    const payBtn = page.locator('button', { hasText: /^Pay \$/ });
    await payEnabled(page);
    await payBtn.click();
    const alert = page.locator('section [role=alert]');
    await alert.waitFor();
    assert.match(await alert.textContent(), /declined/i);
    await page.waitForFunction(() => (window.slotpayEvents || []).some((e) => e.type === 'slotpay:error'));
    const err = (await events(page)).find((e) => e.type === 'slotpay:error').detail;
    assert.equal(err.v, 1);
    assert.equal(err.error.code, 'generic_decline');
    assert.equal(err.stage, 'pay');
    const id = err.booking.id;
    const first = (await adminBookings()).find((b) => b.id === id);
    assert.notEqual(first.status, 'confirmed');
    assert.equal(first.paid_amount, 0);
    assert.equal(await page.locator('[data-testid=confirmation]').count(), 0);
    assert.ok(!(await events(page)).some((e) => e.type === 'slotpay:booked'));

    // The server ends a booking whose payment failed; the widget books the same slot
    // again behind the scenes and offers a fresh payment form: pay with a good card.
    await payEnabled(page);
    await card.selectOption('pm_card_visa');
    await payBtn.click();
    await page.locator('[data-testid=confirmation]').waitFor();
    const booked = (await events(page)).find((e) => e.type === 'slotpay:booked').detail;
    const all = await adminBookings();
    assert.equal(all.find((b) => b.id === booked.booking.id).status, 'confirmed');
    assert.notEqual(all.find((b) => b.id === id).status, 'confirmed', 'the declined booking never becomes confirmed');
    assert.equal(booked.booking.start, all.find((b) => b.id === id).booking.start, 'same slot');
    assert.deepEqual(offLoopback, []);
  } finally {
    await context.close();
  }
});

test('script tag: a free service confirms at once without loading Stripe.js', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(scriptTagUrl());
    await chooseSlot(page, 'consult');
    await page.locator('text=Nothing to pay.').waitFor();
    await fillCustomer(page, 'Fay Free', 'fay@example.com');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=confirmation]').waitFor();
    const booked = (await events(page)).find((e) => e.type === 'slotpay:booked').detail;
    assert.equal(booked.booking.status, 'confirmed');
    assert.equal(booked.booking.amount, 0);
    assert.equal(await page.evaluate(() => typeof window.Stripe), 'undefined');
  } finally {
    await context.close();
  }
});

test("script tag: the core's validation errors appear beside the right inputs; nothing is booked", async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(scriptTagUrl());
    await chooseSlot(page, 'cut');
    const before = (await adminBookings()).length;
    await toDetails(page);
    await page.locator('input[name=email]').fill('not-an-email');
    await page.locator('button[type=submit]').click();
    const email = page.locator('input[name=email]');
    await page.locator('input[name=email][aria-invalid=true]').waitFor();
    const errId = await email.getAttribute('aria-describedby');
    assert.ok((await page.locator(`[id="${errId}"]`).textContent()).length > 0, 'email error text');
    assert.equal(
      await page.locator('input[name=name]').getAttribute('aria-invalid'),
      'true',
      'missing name flagged too',
    );
    assert.equal(
      await page.evaluate(
        () => document.querySelector('#slotpay-widget [data-slotpay]').shadowRoot.activeElement?.name,
      ),
      'name',
      'focus moves to the first invalid input',
    );
    await sleep(200);
    assert.equal((await adminBookings()).length, before);
    // Unknown coupon (back on the choose step): reported at the coupon input by the core's quote.
    await page.locator('button[data-action=back]').click();
    await page.locator('input[name=coupon]').fill('NOPE');
    await page.locator('input[name=coupon]').press('Tab');
    await page.locator('input[name=coupon][aria-invalid=true]').waitFor();
    assert.ok(await page.locator('button[data-action=continue]').isDisabled());
    assert.ok(await page.locator('button[type=submit]').isDisabled());
  } finally {
    await context.close();
  }
});

test('iframe: embed.html books and pays; the host page gets ready/resize/booked from the widget origin only', async () => {
  const { context, page, offLoopback, consoleErrors } = await newPage();
  try {
    const url = `${hostSite.url}/iframe.html?widget=${encodeURIComponent(server.url)}&stripe_js=${encodeURIComponent(`${mock.url}/v3/`)}`;
    await page.goto(url);
    await page.waitForFunction(() => window.slotpayMessages.some((m) => m.type === 'ready'));
    const frame = page.frameLocator('iframe');
    await chooseSlot(frame, 'cut');
    await fillCustomer(frame, 'Ivy Frame', 'ivy@example.com');
    await frame.locator('button[type=submit]').click();
    await frame.locator('[data-testid=stripe-mock-card]').waitFor();
    // Cross-origin: the host page cannot reach into the frame.
    assert.equal(await page.evaluate(() => document.querySelector('iframe').contentDocument), null);
    const payBtn = frame.locator('button:not([disabled])', { hasText: /^Pay \$/ });
    await payBtn.click();
    await frame.locator('[data-testid=confirmation]').waitFor();
    await page.waitForFunction(() => window.slotpayMessages.some((m) => m.type === 'booked'));
    const msgs = await page.evaluate(() => window.slotpayMessages);
    for (const m of msgs) assert.equal(m.origin, server.url);
    assert.ok(msgs.some((m) => m.type === 'resize' && m.payload.height > 0));
    const booked = msgs.find((m) => m.type === 'booked').payload;
    assert.equal(booked.v, 1);
    assert.equal(booked.booking.status, 'confirmed');
    const rec = (await adminBookings()).find((b) => b.id === booked.booking.id);
    assert.equal(rec.status, 'confirmed');
    assert.deepEqual(offLoopback, []);
    assert.deepEqual(consoleErrors, [], 'no errors (e.g. Content-Security-Policy violations) in the page or the frame');
  } finally {
    await context.close();
  }
});

test('iframe: without a valid parent origin the widget posts nothing (never to "*")', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(`${hostSite.url}/iframe.html?widget=${encodeURIComponent(server.url)}`);
    await page.waitForFunction(() => window.slotpayMessages.some((m) => m.type === 'ready'));
    // Two more frames on this host: one claiming another parent, one with "*".
    const received = await page.evaluate(
      async ({ widget }) => {
        const frames = [];
        const got = [];
        window.addEventListener('message', (ev) => {
          if (frames.some((f) => f.contentWindow === ev.source)) got.push({ origin: ev.origin, data: ev.data });
        });
        const loaded = ['https://evil.example', '*', 'null'].map(
          (parent) =>
            new Promise((resolve) => {
              const f = document.createElement('iframe');
              f.src = `${widget}/embed.html?merchant=m_demo&parent=${encodeURIComponent(parent)}`;
              f.onload = resolve;
              frames.push(f);
              document.body.appendChild(f);
            }),
        );
        await Promise.all(loaded);
        await new Promise((r) => setTimeout(r, 2500)); // long enough for ready + resize
        return got;
      },
      { widget: server.url },
    );
    assert.deepEqual(received, [], 'frames with a wrong, "*" or "null" parent posted nothing');
    // The page's own frame (correct parent) did talk, from the widget origin.
    const own = await page.evaluate(() => window.slotpayMessages);
    assert.ok(own.some((m) => m.type === 'ready' && m.origin === server.url));
  } finally {
    await context.close();
  }
});

async function payEnabled(page) {
  await page.waitForFunction(() => {
    const b = document
      .querySelector('#slotpay-widget [data-slotpay]')
      .shadowRoot.querySelector('button[data-action=pay]');
    return b && !b.disabled;
  });
}

test('script tag: 3-D Secure is completed in the page (no redirect) and the booking confirms', async () => {
  const { context, page, offLoopback } = await newPage();
  try {
    const url = scriptTagUrl();
    await page.goto(url);
    await chooseSlot(page, 'cut');
    await fillCustomer(page, 'Tess Three', 'tess@example.com');
    await page.locator('button[type=submit]').click();
    const card = page.locator('[data-testid=stripe-mock-card]');
    await card.waitFor();
    await card.selectOption('pm_card_threeDSecure2Required');
    await payEnabled(page);
    const payBtn = page.locator('button', { hasText: /^Pay \$/ });
    // First the customer fails the challenge: an error, and the form is offered again.
    await payBtn.click();
    await page.locator('[data-testid=stripe-mock-3ds-fail]').click();
    const alert = page.locator('section [role=alert]');
    await alert.waitFor();
    assert.match(await alert.textContent(), /authenticat/i);
    await payEnabled(page);
    await card.selectOption('pm_card_threeDSecure2Required');
    await payBtn.click();
    await page.locator('[data-testid=stripe-mock-3ds-complete]').click();
    await page.locator('[data-testid=confirmation]').waitFor();
    assert.equal(page.url(), url, 'stayed on the page');
    const booked = (await events(page)).find((e) => e.type === 'slotpay:booked').detail;
    assert.equal((await adminBookings()).find((b) => b.id === booked.booking.id).status, 'confirmed');
    assert.deepEqual(offLoopback, []);
  } finally {
    await context.close();
  }
});

test('Stripe.js failing to load: an error and a way back; the next attempt loads it again (the loader forgets failures)', async () => {
  const { context, page } = await newPage();
  try {
    let stripeJsRequests = 0;
    await page.route(`${mock.url}/v3/**`, (route) => (++stripeJsRequests === 1 ? route.abort() : route.continue()));
    await page.goto(scriptTagUrl());
    await chooseSlot(page, 'cut');
    await fillCustomer(page, 'Lou Loader', 'lou@example.com');
    await page.locator('button[type=submit]').click();
    const alert = page.locator('section [role=alert]');
    await alert.waitFor();
    assert.match(await alert.textContent(), /payment form could not be loaded/);
    const err = (await events(page)).find((e) => e.type === 'slotpay:error').detail;
    assert.equal(err.error.code, 'stripe_js_unavailable');
    await page.locator('button', { hasText: 'Choose another time' }).click();
    // Back at the form with the details kept; the abandoned hold was released.
    assert.equal(await page.locator('input[name=email]').inputValue(), 'lou@example.com');
    let held;
    for (let i = 0; i < 50 && held?.status !== 'cancelled'; i++) {
      held = (await adminBookings()).find((b) => b.id === err.booking.id);
      if (held.status !== 'cancelled') await sleep(100);
    }
    assert.equal(held.status, 'cancelled');
    await chooseSlot(page, 'cut');
    await toDetails(page);
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=stripe-mock-card]').waitFor();
    assert.equal(stripeJsRequests, 2);
    await payEnabled(page);
    await page.locator('button', { hasText: /^Pay \$/ }).click();
    await page.locator('[data-testid=confirmation]').waitFor();
  } finally {
    await context.close();
  }
});

test('queued API: Slotpay("mount") before the widget loads; onResult gets {booking}; bad calls never throw at the page', async () => {
  const { context, page, consoleErrors } = await newPage();
  try {
    const pageUrl = `${server.url}/examples/__queued.html`;
    await page.route(pageUrl, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>q</title>
<section id="a"></section>
<script>
  window.Slotpay = window.Slotpay || function () { (Slotpay.q = Slotpay.q || []).push(arguments); };
  window.results = [];
  Slotpay('mount', { target: '#nope', merchant: 'm_demo', onResult: function (r) { results.push(r); } });
  Slotpay('mount', { target: '#a', merchant: 'not a valid id!', onResult: function (r) { results.push(r); } });
  Slotpay('frobnicate', {});
  Slotpay('mount', { target: document.getElementById('a'), merchant: 'm_demo', onResult: function (r) { results.push(r); throw new Error('host bug'); } });
</script>
<script async src="/slotpay-loader.js"></script>`,
      }),
    );
    await page.goto(pageUrl);
    await chooseSlot(page, 'consult');
    await fillCustomer(page, 'Quinn Queue', 'quinn@example.com');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=confirmation]').waitFor();
    const results = await page.evaluate(() => window.results);
    assert.deepEqual(
      results.map((r) => (r.error ? r.error.code : r.booking.status)),
      ['invalid_target', 'invalid_merchant', 'confirmed'],
    );
    assert.ok(results[2].booking.id.startsWith('bk_'));
    // The host's own throwing callback is caught and logged, not rethrown into the page.
    assert.ok(consoleErrors.some((e) => /onResult callback threw/.test(e)));
    assert.ok(!consoleErrors.some((e) => /Uncaught/.test(e)));
  } finally {
    await context.close();
  }
});

// A merchant page on its own origin loading the widget from the Slotpay server. The
// JSON API answers it (the origin is in the merchant's allowed origins). The WASM core
// (slotpay-core.mjs/.wasm) is a cross-origin module import + fetch, which needs
// Access-Control-Allow-Origin on the server's static files; slotpay-server does not
// send it yet, so the widget runs without the instant price preview: the server's
// quote is shown at the pay step.
const shopUrl = () =>
  `${hostSite.url}/shop.html?widget=${encodeURIComponent(server.url)}&stripe_js=${encodeURIComponent(`${mock.url}/v3/`)}`;

test('script tag on another origin: books and pays through the allowed-origin API; price from the server at the pay step', async () => {
  const { context, page, offLoopback } = await newPage();
  try {
    await page.goto(shopUrl());
    await page.waitForFunction(() => (window.slotpayEvents || []).some((e) => e.type === 'slotpay:ready'));
    await chooseSlot(page, 'cut');
    await fillCustomer(page, 'Oz Origin', 'oz@example.com');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=stripe-mock-card]').waitFor();
    const dueNow = (await page.locator('section [data-testid=due-now] td').last().textContent()).trim();
    await page.locator('button:not([disabled])', { hasText: /^Pay \$/ }).click();
    await page.locator('[data-testid=confirmation]').waitFor();
    const booked = (await events(page)).find((e) => e.type === 'slotpay:booked').detail;
    const rec = (await adminBookings()).find((b) => b.id === booked.booking.id);
    assert.equal(rec.status, 'confirmed');
    assert.equal(dueNow, usd(rec.amount), 'the pay step shows what the server charges');
    assert.deepEqual(offLoopback, []);
  } finally {
    await context.close();
  }
});

test('script tag on another origin: instant price preview (the widget files are served with CORS)', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(shopUrl());
    await page.waitForFunction(() => (window.slotpayEvents || []).some((e) => e.type === 'slotpay:ready'));
    const ready = (await events(page)).find((e) => e.type === 'slotpay:ready').detail;
    assert.equal(ready.price_preview, true, 'the WASM core loaded cross-origin');
  } finally {
    await context.close();
  }
});

test('hold countdown: when the hold runs out the Pay button is disabled and the customer can choose again', async () => {
  const short = await startServer({ db: 'short-hold.db', holdSeconds: 4 });
  const { context, page } = await newPage();
  try {
    await page.goto(`${short.url}/examples/script-tag.html?stripe_js=${encodeURIComponent(`${mock.url}/v3/`)}`);
    await chooseSlot(page, 'cut');
    await fillCustomer(page, 'Hal Hold', 'hal@example.com');
    await page.locator('button[type=submit]').click();
    await page.locator('text=/Your time is held for 0:0[0-4]\./').waitFor();
    await page.locator('text=The hold on this time has expired.').waitFor({ timeout: 8000 });
    const alert = page.locator('section [role=alert]');
    assert.match(await alert.textContent(), /released/);
    assert.ok(await page.locator('button', { hasText: /^Pay \$/ }).isDisabled());
    const err = (await events(page)).find((e) => e.type === 'slotpay:error').detail;
    assert.equal(err.error.code, 'hold_expired');
    await page.locator('button', { hasText: 'Choose another time' }).click();
    await page.locator('button[data-start]').first().waitFor();
    assert.ok(await page.locator('input[name=name]').isEnabled());
  } finally {
    await context.close();
    await stopServer(short);
  }
});

// Presses Tab until the focused element (looking through shadow roots) matches `selector`.
async function tabTo(page, selector, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((sel) => {
      let a = document.activeElement;
      while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
      return !!a && a.matches(sel);
    }, selector);
    if (hit) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('keyboard only: service, slot (a listbox: arrow keys), details and Book; focus follows each step', async () => {
  const { context, page } = await newPage();
  const active = () =>
    page.evaluate(() => {
      const a = document.querySelector('#slotpay-widget [data-slotpay]').shadowRoot.activeElement;
      return (
        a && { tag: a.tagName, start: a.dataset.start, selected: a.getAttribute('aria-selected'), text: a.textContent }
      );
    });
  try {
    await page.goto(scriptTagUrl());
    await page.waitForFunction(() => (window.slotpayEvents || []).some((e) => e.type === 'slotpay:ready'));
    await tabTo(page, 'button[data-service="consult"]');
    await page.keyboard.press('Enter');
    await page.locator('button[data-service="consult"][aria-pressed="true"]').waitFor();
    await page.locator('button[data-start]').first().waitFor();
    // One tab stop for the whole list of times.
    await tabTo(page, 'button[data-start]');
    const first = await active();
    await page.keyboard.press('Space');
    await page.locator(`button[data-start="${first.start}"][aria-selected="true"]`).waitFor();
    assert.equal((await active()).selected, 'true', 'focus stays on the chosen slot');
    await page.keyboard.press('ArrowRight');
    const second = await active();
    assert.notEqual(second.start, first.start, 'ArrowRight moves to the next time');
    assert.equal(second.selected, 'true', 'and selects it');
    assert.equal(await page.locator('button[data-start][aria-selected="true"]').count(), 1);
    await page.keyboard.press('End');
    const last = await active();
    const all = await page.locator('button[data-start]').evaluateAll((bs) => bs.map((b) => b.dataset.start));
    assert.equal(last.start, all[all.length - 1]);
    await page.keyboard.press('Home');
    assert.equal((await active()).start, all[0]);
    await page.keyboard.press('Tab');
    assert.notEqual((await active()).start, all[1], 'Tab leaves the list (one tab stop)');
    await tabTo(page, 'button[data-action=continue]');
    await page.keyboard.press('Enter');
    // Each step moves focus to its heading.
    await page.waitForFunction(
      () => document.querySelector('#slotpay-widget [data-slotpay]').shadowRoot.activeElement?.tagName === 'H2',
    );
    assert.equal((await active()).text, 'Your details');
    await tabTo(page, 'input[name=name]');
    await page.keyboard.type('Kay Board');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kay@example.com');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=confirmation]').waitFor();
    // Focus moves to the confirmation's heading, so screen readers announce it.
    await page.waitForFunction(() =>
      /Booking confirmed/.test(
        document.querySelector('#slotpay-widget [data-slotpay]').shadowRoot.activeElement?.textContent,
      ),
    );
  } finally {
    await context.close();
  }
});

test('demo page (examples/index.html, ?stripe=<mock>): a paid haircut is confirmed', async () => {
  const { context, page, offLoopback } = await newPage();
  try {
    await page.goto(`${server.url}/examples/?stripe=${encodeURIComponent(mock.url)}`);
    assert.ok(await page.locator('#no-stripe').isHidden());
    await chooseSlot(page, 'cut');
    await fillCustomer(page, 'Dem O', 'demo@example.com');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=stripe-mock-card]').waitFor();
    await page.locator('button:not([disabled])', { hasText: /^Pay \$/ }).click();
    await page.locator('[data-testid=confirmation]').waitFor();
    assert.deepEqual(offLoopback, []);
  } finally {
    await context.close();
  }
});

test('iframe inbound: only well-formed envelopes from window.parent at the parent origin are answered', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(`${hostSite.url}/iframe.html?widget=${encodeURIComponent(server.url)}`);
    await page.waitForFunction(() => window.slotpayMessages.some((m) => m.type === 'ready'));
    await sleep(500); // let the first layouts settle
    const resizes = () => page.evaluate(() => window.slotpayMessages.filter((m) => m.type === 'resize').length);
    const base = await resizes();
    const ping = { ns: 'slotpay', v: 1, type: 'ping', payload: null };
    await page.evaluate(
      ({ ping, widget }) => {
        const w = document.querySelector('iframe').contentWindow;
        w.postMessage({ ...ping, v: 2 }, widget); // wrong version
        w.postMessage({ ns: 'slotpay', v: 1, type: 'ping' }, widget); // no payload
        w.postMessage('ping', widget); // not an envelope
        // Same origin as the parent, but another window: a sibling frame.
        const sib = document.createElement('iframe');
        document.body.appendChild(sib);
        new sib.contentWindow.Function('w', 'm', 'o', 'w.postMessage(m, o)')(w, ping, widget);
      },
      { ping, widget: server.url },
    );
    await sleep(800);
    assert.equal(await resizes(), base, 'nothing answered');
    await page.evaluate(
      ({ ping, widget }) => document.querySelector('iframe').contentWindow.postMessage(ping, widget),
      { ping, widget: server.url },
    );
    await page.waitForFunction((n) => window.slotpayMessages.filter((m) => m.type === 'resize').length > n, base);
  } finally {
    await context.close();
  }
});

test('group class with quantity, a chosen staff member, and an external-payment service', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(scriptTagUrl());
    // Yoga class: capacity 12, so a quantity input; 3 seats at $20.00.
    await chooseSlot(page, 'class');
    assert.match(await page.locator('button[data-start]').first().textContent(), /^\d\d:\d\d · 12 left$/);
    const qty = page.locator('input[name=quantity]');
    // 12 seats, but one booking takes at most max_per_booking (the core's default, 10).
    assert.equal(await qty.getAttribute('max'), '10');
    assert.ok(await qty.isVisible());
    await qty.fill('3');
    await qty.press('Tab');
    await page.locator('td', { hasText: 'Yoga class × 3' }).waitFor();
    assert.equal((await page.locator('[data-testid=total] td').last().textContent()).trim(), '$60.00');
    // Haircut: Ana or Ben; Ben only works Tuesdays (from 12:00) and Saturdays.
    await page.locator('button[data-service="cut"]').click();
    const staff = page.locator('select').first();
    await staff.selectOption('ben');
    await page.locator('button[data-start]').first().waitFor();
    const days = await page
      .locator('button[data-day]:not([disabled])')
      .evaluateAll((bs) => bs.map((b) => b.dataset.day));
    assert.ok(days.length > 0);
    for (const d of days) assert.ok([2, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()), `Ben works ${d}?`);
    // Home repair: paid to the business directly, confirmed at once, no Stripe.
    await chooseSlot(page, 'repair');
    await page.locator('text=Paid directly to the business, not online.').waitFor();
    await fillCustomer(page, 'Rey Pair', 'rey@example.com');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=confirmation]').waitFor();
    const booked = (await events(page)).find((e) => e.type === 'slotpay:booked').detail;
    assert.equal(booked.booking.payment, 'external');
    assert.equal(booked.booking.status, 'confirmed');
    assert.equal(await page.evaluate(() => typeof window.Stripe), 'undefined');
  } finally {
    await context.close();
  }
});

test('redirect-based payment method: back on return_url the widget resumes the booking and confirms it', async () => {
  const { context, page, offLoopback } = await newPage();
  try {
    const url = scriptTagUrl();
    await page.goto(url);
    await chooseSlot(page, 'cut');
    await fillCustomer(page, 'Red Irect', 'red@example.com');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=stripe-mock-card]').waitFor();
    // Act as a customer who picked a redirect-based method: Stripe.js leaves the page
    // for return_url (the test double does that with redirect: 'always').
    await page.evaluate(() => {
      const proto = Object.getPrototypeOf(window.Stripe('pk_test_any'));
      const confirm = proto.confirmPayment;
      proto.confirmPayment = function (o) {
        return confirm.call(this, { ...o, redirect: 'always' });
      };
    });
    await payEnabled(page);
    await Promise.all([
      page.waitForURL(/redirect_status=succeeded/),
      page.locator('button', { hasText: /^Pay \$/ }).click(),
    ]);
    const back = new URL(page.url());
    assert.equal(
      `${back.origin}${back.pathname}`,
      `${server.url}/examples/script-tag.html`,
      'returned to the page itself',
    );
    assert.equal(back.searchParams.get('stripe_js'), `${mock.url}/v3/`, "the page's own query kept");
    await page.locator('[data-testid=confirmation]').waitFor();
    await page.waitForFunction(() => (window.slotpayEvents || []).some((e) => e.type === 'slotpay:booked'));
    const booked = (await events(page)).find((e) => e.type === 'slotpay:booked').detail;
    assert.equal((await adminBookings()).find((b) => b.id === booked.booking.id).status, 'confirmed');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'nothing left in sessionStorage');
    assert.deepEqual(offLoopback, []);
  } finally {
    await context.close();
  }
});
