// The dashboard's last pieces (issue #13) in a real browser against the real
// slotpay-server (--allow-loopback-webhooks, a master key) and the Stripe stand-in,
// loopback only: a webhook endpoint added for a receiver this test runs (the secret shown
// once, then never again), a booking taken by phone (an off-grid time refused beside the
// field; the time typed in the shop's zone from a browser in another), its delivery in
// the endpoint's log with a valid signature, resent (same event id); the booking in the
// list, its pay link made and answering; disable, enable, delete; axe on each new state,
// 360 px with the log open, screenshots under build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST, ROOT, axeSource, sleep, startHarness } from './lib/harness.mjs';

const SHOTS = path.join(ROOT, 'build', 'screenshots');
const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `dashboard-${name}.png`), fullPage: true });

const OWNER = 'owner@demo.example';
const PASSWORD = 'a long enough passphrase 42';
let h;
let AXE;
let receiver;
const received = [];

before(async () => {
  AXE = axeSource();
  fs.mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({
    extraArgs: ['--allow-loopback-webhooks', '--seed-owner', OWNER],
    env: { SLOTPAY_MASTER_KEY: 'd6'.repeat(32), SLOTPAY_SEED_OWNER_PASSWORD: PASSWORD },
  });
  // The merchant's endpoint: records every request, answers 200 with a short text.
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ path: req.url, headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks from the receiver');
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
});
after(async () => {
  receiver?.close();
  await h?.stop();
});

async function axe(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' > ')) }));
  });
  assert.deepEqual(violations, [], `axe on the dashboard page "${label}"`);
}

const nav = async (page, label) => {
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
};

/** A Tuesday..Friday at least `days` ahead, as the shop's (New York) calendar day. */
function shopWeekday(days) {
  for (let d = days; ; d++) {
    const at = new Date(Date.now() + d * 86400000);
    const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(at);
    const dow = new Date(ymd + 'T12:00:00Z').getUTCDay();
    if (dow >= 2 && dow <= 5 && !ymd.endsWith('-12-24') && !ymd.endsWith('-12-25')) return ymd;
  }
}

/** Polls `check` (clicking Refresh between tries) until it holds, for up to `ms`. */
async function until(page, check, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(500);
    await page.getByRole('button', { name: 'Refresh the delivery log' }).click();
  }
  const shown = await page.locator('[data-testid=wh-log]').textContent();
  assert.fail(`the delivery log did not show what was expected in time: ${shown}; ${received.length} received`);
}

test('the dashboard bundle keeps its 60 KB gzip budget', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'manifest.json'), 'utf8'));
  const file = path.join(DIST, manifest['slotpay-dashboard.js']);
  const gz = zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  assert.ok(gz <= 60 * 1024, `slotpay-dashboard.js is ${gz} bytes gzip`);
});

test('webhook endpoint (secret once, delivery, resend), phone booking, pay link', { timeout: 180000 }, async () => {
  const context = await h.browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Berlin' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.server.url });
  const offLoopback = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1') return route.continue();
    offLoopback.push(u.href);
    return route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${h.server.url}/dashboard/#/embed`);
    await page.getByLabel('E-mail').fill(OWNER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Embed' }).waitFor();

    // The test/live switch: the seeded shop has only a test side; live is refused, in words.
    await nav(page, 'Stripe');
    const modes = page.getByRole('group', { name: 'Test or live' });
    assert.equal(await modes.getByRole('button', { name: 'Test' }).getAttribute('aria-pressed'), 'true');
    await modes.getByRole('button', { name: 'Live' }).click();
    await modes.getByRole('alert').waitFor();
    assert.match(await modes.getByRole('alert').textContent(), /\(mode\)$/);
    assert.equal(await modes.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed'), 'false');
    await axe(page, 'stripe (live refused)');
    const mode = await page.evaluate(async () => (await (await fetch('/v1/merchant/me')).json()).merchant.mode);
    assert.equal(mode, 'test');
    await nav(page, 'Embed');
    await page.getByText('No endpoints yet.').waitFor();

    // A URL the server refuses (a private address): the reason beside the field.
    await page.getByLabel('Endpoint URL (https://…)').fill('https://10.0.0.1/hook');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.locator('#wh-url-err').waitFor();
    assert.equal(await page.getByLabel('Endpoint URL (https://…)').getAttribute('aria-invalid'), 'true');
    await axe(page, 'embed (webhook URL refused)');

    // The receiver's URL, booking.created and booking.cancelled only.
    const hookUrl = `http://127.0.0.1:${receiver.address().port}/slotpay`;
    await page.getByLabel('Endpoint URL (https://…)').fill(hookUrl);
    for (const ev of ['booking.confirmed', 'booking.refunded', 'booking.disputed', 'booking.completed'])
      await page.getByLabel(ev, { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secretBox = page.locator('[data-testid=wh-secret]');
    await secretBox.waitFor();
    assert.match(await secretBox.textContent(), /you will not see it again/);
    const secret = await page.locator('[data-testid=wh-secret-value]').textContent();
    assert.match(secret, /^spwhsec_[0-9a-f]{64}$/);
    const item = page.locator('[data-testid=wh-endpoints] li', { hasText: hookUrl });
    await item.waitFor();
    assert.match(await item.textContent(), /enabled.*booking\.created, booking\.cancelled/);
    await axe(page, 'embed (webhook secret shown once)');
    await shot(page, 'webhook-secret');
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByText('Secret copied.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    await page.getByRole('button', { name: 'I have saved it' }).click();
    assert.equal(await secretBox.count(), 0);
    // Never again: not on the page after a reload, not in the API's answers.
    await page.reload();
    await item.waitFor();
    assert.equal(await secretBox.count(), 0);
    const listed = await page.evaluate(async () => (await fetch('/v1/merchant/webhooks')).text());
    assert.ok(!listed.includes(secret) && !listed.includes('spwhsec_'), listed);

    // A booking taken by phone; the browser is in Berlin, the time typed is the shop's (New York).
    await nav(page, 'Bookings');
    await page.getByText('New booking by phone').click();
    const day = shopWeekday(10);
    // A group class asks for seats, priced live by the core; beyond the class's limit per
    // booking (10) the core's error is beside the field.
    await page.locator('#pb-service').selectOption('class');
    await page.getByLabel('Seats').fill('11');
    await page.locator('#pb-quantity-err').waitFor();
    assert.equal(await page.getByLabel('Seats').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Seats').fill('3');
    await page.locator('[data-testid=pb-price]', { hasText: 'The customer will owe $60.00.' }).waitFor();
    await axe(page, 'bookings (phone booking of seats)');
    // The haircut has no seats but an add-on: its price with tax, then with the wash.
    await page.locator('#pb-service').selectOption('cut');
    assert.equal(await page.getByLabel('Seats').count(), 0);
    await page.locator('[data-testid=pb-price]', { hasText: 'The customer will owe $48.71.' }).waitFor();
    await page.getByLabel('Wash').check();
    await page.locator('[data-testid=pb-price]', { hasText: 'The customer will owe $59.54.' }).waitFor();
    await page.locator('#pb-date').fill(day);
    await page.getByLabel('Time (America/New_York)').fill('10:07'); // off the 15-minute grid
    await page.getByLabel('Customer name').fill('Phone Customer');
    await page.getByLabel('Customer e-mail').fill('phone@example.com');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.locator('#pb-time-err').waitFor();
    assert.equal(await page.getByLabel('Time (America/New_York)').getAttribute('aria-invalid'), 'true');
    await axe(page, 'bookings (phone booking refused)');
    await page.getByLabel('Time (America/New_York)').fill('10:00');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    const booked = page.locator('[data-testid=phone-booking] .notice', { hasText: 'Booked:' });
    await booked.waitFor();
    const bookingId = (await booked.textContent()).match(/Booked: (\S+?)\.$/)[1];
    const stored = (await h.adminBookings()).find((b) => b.id === bookingId);
    assert.match(stored.booking.start, new RegExp(`^${day}T10:00:00-0[45]:00$`));
    assert.equal(stored.status, 'confirmed');
    assert.equal(stored.paid_amount, 0);
    assert.equal(stored.amount, 0);

    // In the list; opened, it owes the haircut's total (its price with tax) and makes its pay link.
    await page.getByRole('button', { name: `Open booking ${bookingId}` }).waitFor();
    const total = await page.evaluate(
      async (id) => (await (await fetch('/v1/merchant/bookings')).json()).bookings.find((b) => b.id === id).total,
      bookingId,
    );
    assert.equal(total, 5954, "the haircut and the wash, with tax: the core's price, charged by the server");
    const dollars = `$${(total / 100).toFixed(2)}`;
    assert.match(await page.locator('caption').textContent(), /1 of 1 bookings/);
    await page.getByRole('button', { name: `Open booking ${bookingId}` }).click();
    await page.locator('[data-testid=bk-due]', { hasText: dollars }).waitFor();
    await page.locator('[data-testid=bk-history]', { hasText: 'No payments yet.' }).waitFor();
    await page.getByRole('button', { name: 'Send pay link' }).click();
    const link = page.locator('[data-testid=pay-link]');
    await link.waitFor();
    // The payment history has the link, not used yet.
    const linkLine = page.locator('[data-testid=bk-history] tr.h-pay_link');
    await linkLine.waitFor();
    assert.match(await linkLine.textContent(), new RegExp(`Pay link sent.*\\${dollars}.*not used yet, valid until`));
    assert.ok((await link.textContent()).startsWith(`Pay link for ${dollars}`));
    const url = await page.locator('[data-testid=pay-link-url]').textContent();
    assert.ok(url.startsWith(`${h.server.url}/pay.html#`), url);
    await page.getByRole('button', { name: 'Copy pay link' }).click();
    await page.getByText('Pay link copied.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
    await axe(page, 'bookings (pay link)');
    await shot(page, 'pay-link');
    // The link answers: its API gives the amount, its page shows the booking.
    const view = await fetch(`${h.server.url}/v1/pay/${url.split('#')[1]}`, { signal: AbortSignal.timeout(10000) });
    assert.equal(view.status, 200);
    const pay = (await view.json()).pay;
    assert.equal(pay.amount, total);
    assert.equal(pay.merchant_name, 'Demo Salon');
    // The page in a customer's browser: js.stripe.com is the mock's Stripe.js double
    // (whose calls go to 127.0.0.1, past the page's CSP, as in pay_page.test.mjs).
    const double = await (await fetch(`${h.mock.url}/v3/`, { signal: AbortSignal.timeout(10000) })).text();
    const customer = await h.browser.newContext({ locale: 'en-US', bypassCSP: true });
    try {
      await customer.route('**/*', (route) => {
        const u = new URL(route.request().url());
        if (u.href.startsWith('https://js.stripe.com/v3'))
          return route.fulfill({ status: 200, contentType: 'application/javascript', body: double });
        if (u.hostname === '127.0.0.1') return route.continue();
        offLoopback.push(u.href);
        return route.abort();
      });
      const payPage = await customer.newPage();
      await payPage.goto(url);
      await payPage.locator('[data-field=id]', { hasText: bookingId }).waitFor();
      assert.equal(await payPage.locator('[data-field=amount]').textContent(), dollars);
      await payPage.locator('button[data-action=pay]', { hasText: `Pay ${dollars}` }).waitFor();
    } finally {
      await customer.close();
    }

    // The endpoint's log: booking.created delivered, signed with the secret shown once.
    await nav(page, 'Embed');
    await item.getByRole('button', { name: /Delivery log/ }).click();
    const log = item.locator('[data-testid=wh-log]');
    const createdRow = log.locator('tbody tr', { hasText: 'booking.created' });
    await until(page, async () =>
      /delivered/.test(
        (await createdRow
          .first()
          .textContent()
          .catch(() => '')) || '',
      ),
    );
    assert.match(await createdRow.first().textContent(), /booking\.created.*delivered.*http_200.*1/);
    // The endpoint's answer is kept: its status and the start of its body, behind a disclosure.
    await createdRow.first().getByText('HTTP 200').click();
    await createdRow.first().getByText('thanks from the receiver').waitFor();
    assert.equal(await log.locator('tbody tr', { hasText: 'booking.confirmed' }).count(), 0, 'not subscribed');
    await axe(page, 'embed (delivery log)');
    const first = received.find((r) => JSON.parse(r.body).type === 'booking.created');
    assert.ok(first, 'the receiver got booking.created');
    const event = JSON.parse(first.body);
    assert.equal(event.data.booking.id, bookingId);
    const sig = Object.fromEntries(first.headers['slotpay-signature'].split(',').map((p) => p.split('=')));
    const mac = crypto.createHmac('sha256', secret).update(`${sig.t}.${first.body}`).digest('hex');
    assert.equal(sig.v1, mac, 'signed with the secret shown once');

    // Resend: a new delivery of the same event, marked resent, delivered again.
    await createdRow.first().getByRole('button', { name: 'Resend booking.created' }).click();
    await page.getByText(`Event ${event.id} queued again.`).waitFor();
    const resent = log.locator('tbody tr', { hasText: '(resent)' });
    await until(page, async () =>
      /delivered/.test(
        (await resent
          .first()
          .textContent()
          .catch(() => '')) || '',
      ),
    );
    assert.equal(received.filter((r) => JSON.parse(r.body).id === event.id).length, 2);

    await shot(page, 'webhooks');
    // 360 px with the delivery log open: nothing scrolls sideways (the table scrolls in its box).
    await page.setViewportSize({ width: 360, height: 740 });
    const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(over <= 0, `the embed page with the delivery log scrolls sideways at 360 px by ${over}px`);
    await shot(page, 'webhooks-360');
    await page.setViewportSize({ width: 1280, height: 720 });

    // Disable, enable, delete.
    await item.getByRole('button', { name: `Disable ${hookUrl}` }).click();
    await item.locator('[data-testid=wh-state]', { hasText: 'disabled' }).waitFor();
    await item.getByRole('button', { name: `Enable ${hookUrl}` }).click();
    await item.locator('[data-testid=wh-state]', { hasText: 'enabled' }).waitFor();
    page.once('dialog', (d) => d.accept());
    await item.getByRole('button', { name: `Delete ${hookUrl}` }).click();
    await page.getByText('No endpoints yet.').waitFor();
    assert.deepEqual(errors, []);
    assert.deepEqual(offLoopback, []);
  } finally {
    await context.close();
  }
});
