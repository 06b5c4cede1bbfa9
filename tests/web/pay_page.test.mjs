// The pay-by-link page (issue #11 item 3) in headless Chromium: a phone booking's link
// opens /pay.html#token, which shows the booking and the amount, loads Stripe.js (the
// local test double, served where js.stripe.com would be), pays with the Payment Element
// and waits for the server to record the payment; opened again it says it was paid. The
// real slotpay-server, the Stripe mock, loopback only (every other request fails).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import * as h from '../server/e2e/harness.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DIST = process.env.SLOTPAY_WEB_DIST || path.join(h.ROOT, 'web', 'dist');
const MASTER_KEY = 'c5'.repeat(32);
const OWNER = 'owner@paypage.example';
const PASSWORD = 'correct horse battery staple 42';

let mock, srv, browser, session;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, {
    args: ['--web-dist', DIST, '--seed-owner', OWNER],
    env: { SLOTPAY_MASTER_KEY: MASTER_KEY, SLOTPAY_SEED_OWNER_PASSWORD: PASSWORD },
  });
  const r = await h.api(srv, 'POST', '/v1/merchant/signin', { body: { email: OWNER, password: PASSWORD } });
  assert.equal(r.status, 200, r.text);
  session = { cookie: r.headers.get('set-cookie').split(';')[0], csrf: r.body.csrf_token };
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: 30000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close().catch(() => {});
  await srv?.stop();
  await mock?.close();
});

const asOwner = (method, p, body) =>
  h.api(srv, method, p, { body, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });

// A page whose https://js.stripe.com/v3/ is the mock's Stripe.js double. The page's CSP
// names js.stripe.com and api.stripe.com only; the double calls the mock on 127.0.0.1,
// so the CSP is bypassed here (the production policy is checked on the file below).
async function payPage() {
  const context = await browser.newContext({ locale: 'en-US', bypassCSP: true });
  const double = await (await fetch(`${mock.url}/v3/`)).text();
  const offLoopback = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.href.startsWith('https://js.stripe.com/v3')) {
      return route.fulfill({ status: 200, contentType: 'application/javascript', body: double });
    }
    if (u.hostname === '127.0.0.1') return route.continue();
    offLoopback.push(u.href);
    return route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors, offLoopback };
}

test('a phone booking paid through its link in the browser; opened again, it was paid', async () => {
  const created = await asOwner('POST', '/v1/merchant/bookings', h.bookingRequest('cut', h.slotStart(26, '10:00')));
  assert.equal(created.status, 201, created.text);
  const link = await asOwner('POST', `/v1/merchant/bookings/${created.body.booking.id}/pay-link`, {});
  assert.equal(link.status, 201, link.text);
  const url = link.body.pay_link.url;
  const total = created.body.booking.quote.total;
  const dollars = `$${(total / 100).toFixed(2)}`;
  assert.ok(url.startsWith(`${srv.url}/pay.html#`));

  const { context, page, errors, offLoopback } = await payPage();
  await page.goto(url);
  await page.locator('[data-field=id]').waitFor();
  assert.equal(await page.locator('[data-field=id]').textContent(), created.body.booking.id);
  assert.equal(await page.locator('[data-field=amount]').textContent(), dollars);
  const pay = page.locator('button[data-action=pay]');
  assert.equal(await pay.textContent(), `Pay ${dollars}`);
  await page.waitForFunction(() => !document.querySelector('button[data-action=pay]').disabled);
  await pay.click();
  await h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
  await page.locator('[data-paid]').waitFor({ timeout: 20000 });
  const row = (await h.adminBookings(srv)).find((b) => b.id === created.body.booking.id);
  assert.equal(row.paid_amount, total);
  assert.deepEqual(errors, []);
  assert.deepEqual(offLoopback, []);

  await page.goto('about:blank');
  await page.goto(url);
  await page.locator('main p').first().waitFor();
  assert.equal(await page.locator('#pay p').textContent(), 'This link has already been paid. Thank you!');
  await context.close();
});

test('a declined card shows the error and the link stays payable', async () => {
  const created = await asOwner('POST', '/v1/merchant/bookings', h.bookingRequest('trio', h.slotStart(26, '11:00')));
  const link = await asOwner('POST', `/v1/merchant/bookings/${created.body.booking.id}/pay-link`, {});
  const { context, page } = await payPage();
  await page.goto(link.body.pay_link.url);
  await page.waitForFunction(() => !document.querySelector('button[data-action=pay]')?.disabled);
  await page.locator('[data-testid=stripe-mock-card]').selectOption('pm_card_chargeDeclined');
  await page.locator('button[data-action=pay]').click();
  await page.locator('#pay-error:not([hidden])').waitFor();
  assert.match(await page.locator('#pay-error').textContent(), /declined/i);
  const view = await h.api(srv, 'GET', `/v1/pay/${link.body.pay_link.url.split('#')[1]}`);
  assert.equal(view.status, 200, 'still payable');
  await context.close();
});

test('the page states its CSP: scripts from itself and js.stripe.com only; an altered link is refused', async () => {
  const html = await (await fetch(`${srv.url}/pay.html`)).text();
  assert.match(html, /script-src 'self' https:\/\/js\.stripe\.com https:\/\/\*\.js\.stripe\.com;/);
  assert.match(html, /<meta name="referrer" content="no-referrer" \/>/);
  const { context, page } = await payPage();
  await page.goto(`${srv.url}/pay.html#nonsense.token`);
  await page.locator('#pay p').waitFor();
  assert.equal(await page.locator('#pay p').textContent(), 'This link is not valid.');
  await context.close();
});
