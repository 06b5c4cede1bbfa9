// The merchant dashboard (issue #13) in a real browser against the real slotpay-server
// and the Stripe stand-in, loopback only: the whole merchant journey (sign up, connect
// Stripe through the local onboarding page, a paid service with a deposit priced live by
// the WASM core, the embed snippet on a shop page where a customer books and pays, the
// booking in the list and the calendar, a partial refund, the report and its CSV), axe
// on every page, 360 px reflow, screenshots under build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, axeSource, startHarness } from './lib/harness.mjs';

const SHOTS = path.join(ROOT, 'build', 'screenshots');
let h;
let AXE;
before(async () => {
  AXE = axeSource();
  fs.mkdirSync(SHOTS, { recursive: true });
  h = await startHarness();
});
after(async () => h?.stop());

async function newContext(options = {}) {
  const context = await h.browser.newContext({
    locale: 'en-US',
    timezoneId: 'America/New_York',
    acceptDownloads: true,
    ...options,
  });
  const offLoopback = [];
  const errors = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1') return route.continue();
    offLoopback.push(u.href);
    return route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, offLoopback, errors };
}

// axe-core on the whole page: no violation of WCAG 2.x A/AA or axe's best practices.
async function axe(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE); // evaluated, not a script tag: the page's CSP allows no inline script
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' > ')).slice(0, 5),
    }));
  });
  assert.deepEqual(violations, [], `axe on the dashboard page "${label}"`);
}

// The focus moves to #id: an effect does it after the render, so it is waited for (5 s).
async function focusMovesTo(page, id, message) {
  const focused = () => page.evaluate(() => document.activeElement?.id);
  const moved = await page
    .waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 5000 })
    .then(
      () => true,
      () => false,
    );
  assert.ok(moved, `${message}: the focus is on #${await focused()}, not #${id}`);
}

const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `dashboard-${name}.png`), fullPage: true });
const nav = async (page, label) => {
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
};

test(
  'the merchant journey: sign up, Stripe, a paid service, embed, a customer pays, refund, report, CSV',
  { timeout: 240000 },
  async () => {
    // The merchant's browser in another zone than the shop's: times are shown in the shop's.
    const d = await newContext({ timezoneId: 'Europe/Berlin' });
    const { page } = d;
    try {
      // /dashboard redirects to /dashboard/; signed out it offers sign-in.
      const res = await page.goto(`${h.server.url}/dashboard`);
      // The page may not be framed by another site (clickjacking of refunds and cancels).
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['x-frame-options'], 'DENY');
      assert.equal(res.headers()['content-security-policy'], "frame-ancestors 'none'");
      const again = await fetch(`${h.server.url}/dashboard/?stripe=return`, {
        headers: { 'if-none-match': res.headers()['etag'] },
        signal: AbortSignal.timeout(10000),
      });
      assert.equal(again.status, 304);
      assert.equal(new URL(page.url()).pathname, '/dashboard/');
      await page.getByRole('heading', { name: 'Sign in to Slotpay' }).waitFor();
      await axe(page, 'sign in');
      await page.getByRole('button', { name: 'New here? Create an account' }).click();
      await page.getByLabel('Business name').fill('Harbour Massage');
      await page.getByLabel('E-mail').fill('owner@harbour.example');
      await page.getByLabel('Password').fill('short');
      await page.getByLabel('Currency (ISO code)').fill('usd');
      await page.getByLabel('Time zone').fill('America/New_York');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.locator('#password-err').waitFor();
      assert.match(await page.locator('#password-err').textContent(), /10 characters|password/i);
      await axe(page, 'sign up (weak password)');
      await shot(page, 'signup');
      await page.getByLabel('Password').fill('a long enough passphrase 42');
      await page.getByRole('button', { name: 'Create account' }).click();

      // Stripe: not connected, then the local onboarding page completed.
      await page.getByRole('heading', { level: 1, name: 'Stripe' }).waitFor();
      await page.getByText('Online payments are off.').waitFor();
      await axe(page, 'stripe (not connected)');
      await page.getByRole('button', { name: 'Connect with Stripe' }).click();
      // Left unfinished first: back on the dashboard, what Stripe still needs, in words.
      await page.locator('[data-testid=onboarding-abandon]').click();
      await page.waitForURL(/\/dashboard\/\?stripe=return&state=onboarding_incomplete/);
      await page.getByRole('heading', { name: 'What Stripe still needs' }).waitFor();
      assert.ok((await page.locator('[data-testid=stripe-status] li').count()) > 0);
      await page.getByText('Online payments are off.').waitFor();
      await axe(page, 'stripe (onboarding unfinished)');
      await shot(page, 'stripe-incomplete');
      await page.getByRole('button', { name: 'Continue Stripe onboarding' }).click();
      await page.locator('[data-testid=onboarding-complete]').click();
      await page.waitForURL(/\/dashboard\/\?stripe=return/);
      await page.getByText('Online payments are on.').waitFor();
      assert.ok(await page.getByRole('button', { name: 'Open Stripe dashboard' }).isVisible());
      // Own keys (API-key mode): a malformed secret key is refused, the reason beside the field.
      await page.getByText('Use your own Stripe keys instead (API-key mode)').click();
      await page.getByLabel('Publishable key').fill('pk_test_dashboard_own_key');
      await page.getByLabel('Secret key').fill('not-a-stripe-key');
      await page.getByLabel('Webhook signing secret').fill('whsec_dashboard_own');
      await page.getByRole('button', { name: 'Save keys' }).click();
      await page.locator('#sk-err').waitFor();
      assert.equal(await page.getByLabel('Secret key').getAttribute('aria-invalid'), 'true');
      await page.getByText('Online payments are on.').waitFor();
      await axe(page, 'stripe (connected)');
      await shot(page, 'stripe');

      // A paid service with a 25% deposit: the live price from the WASM core.
      await nav(page, 'Services');
      await axe(page, 'services (empty)');
      await page.getByRole('button', { name: 'New service' }).click();
      await page.getByLabel('Id (letters, digits, -)').fill('massage');
      await page.getByLabel('Name', { exact: true }).fill('Deep tissue massage');
      await page.getByLabel('Price (USD)').fill('80.00');
      await page.getByLabel('Duration (minutes)').fill('60');
      await page.locator('#svc-deposit-kind').selectOption('rate');
      await page.locator('#svc-deposit').fill('25');
      const preview = page.locator('[data-testid=price-preview]');
      await preview.locator('[data-testid=due-now]', { hasText: '$20.00' }).waitFor();
      assert.equal(await preview.locator('[data-testid=total]').textContent(), '$80.00');
      assert.equal(await preview.locator('[data-testid=due-later]').textContent(), '$60.00');
      assert.match(await preview.locator('[data-testid=min-charge]').textContent(), /OK/);
      // Text that is not an amount, then an amount the core refuses: errors beside the field, before saving.
      await page.getByLabel('Price (USD)').fill('8o');
      await page.locator('#svc-price-err').waitFor();
      assert.ok(await page.getByRole('button', { name: 'Save service' }).isDisabled());
      await page.getByLabel('Price (USD)').fill('80.00');
      await page.locator('#svc-deposit').fill('150');
      await page.locator('#svc-deposit-err').waitFor();
      assert.equal(await page.locator('#svc-deposit').getAttribute('aria-invalid'), 'true');
      assert.match(await preview.textContent(), /No price yet: .*deposit/);
      assert.ok(await page.getByRole('button', { name: 'Save service' }).isDisabled());
      await page.locator('#svc-deposit').fill('25');
      await preview.locator('[data-testid=due-now]', { hasText: '$20.00' }).waitFor();
      await axe(page, 'service editor');
      await shot(page, 'service-editor');
      await page.getByRole('button', { name: 'Save service' }).click();
      await page.getByRole('row', { name: /Deep tissue massage/ }).waitFor();
      assert.match(
        await page.getByRole('row', { name: /Deep tissue massage/ }).textContent(),
        /\$80\.00.*60 min.*deposit/,
      );
      // Hours, a special day, a staff member offering the service, a coupon.
      await page.getByLabel('Saturday').fill('10:00-14:00');
      await page.getByLabel('Sunday').fill('10-14');
      await page.locator('#hours-sun-err').waitFor();
      assert.ok(await page.getByRole('button', { name: 'Save opening hours' }).isDisabled());
      await page.getByLabel('Sunday').fill('');
      await page.getByRole('button', { name: 'Save opening hours' }).click();
      await page.getByText('Opening hours saved.').waitFor();
      await page.getByLabel('Date', { exact: true }).fill('2026-12-24');
      await page.getByRole('button', { name: 'Add special day' }).click();
      await page.getByText('2026-12-24: closed').waitFor();
      await page.getByLabel('Staff id').fill('ana');
      await page.getByLabel('Staff name').fill('Ana');
      await page.getByLabel('Deep tissue massage').check();
      await page.getByRole('button', { name: 'Add staff member' }).click();
      await page.getByText('Ana: Deep tissue massage').waitFor();
      await page.getByLabel('Code').fill('WELCOME10');
      await page.getByLabel('Percent off').fill('10');
      await page.getByRole('button', { name: 'Add coupon' }).click();
      await page.getByText('WELCOME10: 10% off').waitFor();
      // Editing: the deposit becomes a fixed $20.00 (the same due now); the patch replaces the rate.
      await page.getByRole('button', { name: 'Edit Deep tissue massage' }).click();
      await page.getByRole('heading', { level: 1, name: 'Edit Deep tissue massage' }).waitFor();
      assert.equal(await page.getByLabel('Price (USD)').inputValue(), '80.00');
      await page.locator('#svc-deposit-kind').selectOption('fixed');
      // Below Stripe's minimum charge: the core raises what is due now, and says so.
      await page.locator('#svc-deposit').fill('0.10');
      await preview.locator('[data-testid=due-now]', { hasText: '$0.50' }).waitFor();
      assert.match(
        await preview.locator('[data-testid=min-charge]').textContent(),
        /raised to the minimum charge of \$0\.50/,
      );
      await page.locator('#svc-deposit').fill('20');
      await preview.locator('[data-testid=due-now]', { hasText: '$20.00' }).waitFor();
      await page.getByRole('button', { name: 'Save service' }).click();
      await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor();
      const saved = await page.evaluate(async () => (await (await fetch('/v1/merchant/catalog')).json()).catalog);
      assert.deepEqual(saved.schedule.weekly.sat, [['10:00', '14:00']]);
      assert.equal(saved.schedule.weekly.sun, undefined);
      assert.deepEqual(saved.schedule.overrides, { '2026-12-24': [] });
      assert.deepEqual(saved.staff, [{ id: 'ana', name: 'Ana', services: ['massage'] }]);
      assert.deepEqual(saved.coupons, [{ code: 'WELCOME10', rate_bps: 1000 }]);
      assert.deepEqual(saved.services[0].deposit, { fixed: 2000 });
      await axe(page, 'services');
      await shot(page, 'services');

      // Embed: an allowed origin, the snippets, the feed URL.
      await nav(page, 'Embed');
      await page.getByLabel(/Sites that may show your widget/).fill('https://shop.harbour.example');
      await page.getByRole('button', { name: 'Save origins' }).click();
      await page.getByText('Origins saved.').waitFor();
      const snippet = await page.locator('[data-testid=script-snippet]').textContent();
      assert.match(snippet, /slotpay-loader\.js/);
      assert.match(
        await page.locator('[data-testid=iframe-snippet]').textContent(),
        /parent=https%3A%2F%2Fshop\.harbour\.example/,
      );
      await page.locator('[data-testid=feeds] code').first().waitFor();
      assert.match(
        await page.locator('[data-testid=feeds]').textContent(),
        /All bookings: http:\/\/127\.0\.0\.1:\d+\/v1\/feeds\/\S+\.ics/,
      );
      // The live preview runs the widget with the new service.
      await page.frameLocator('[data-testid=preview]').locator('button[data-service="massage"]').waitFor();
      await axe(page, 'embed');
      await shot(page, 'embed');

      // The snippet pasted into a shop page (served by the same server), a customer books and pays.
      const shop = snippet.replace(
        'data-target="#slotpay-widget"',
        `data-target="#slotpay-widget" data-stripe-js="${h.mock.url}/v3/"`,
      );
      fs.writeFileSync(
        path.join(h.tmp, 'examples', 'shop.html'),
        `<!doctype html><html lang="en"><title>Shop</title><main><h1>Harbour</h1>${shop}</main></html>`,
      );
      const c = await newContext();
      let bookingId;
      try {
        await c.page.goto(`${h.server.url}/examples/shop.html`);
        await c.page.locator('button[data-service="massage"]').click();
        const slot = c.page.locator('button[data-start]').first();
        await slot.waitFor();
        await slot.click();
        await c.page.locator('[data-testid=total]').waitFor();
        await c.page.locator('button[data-action=continue]:not([disabled])').click();
        await c.page.locator('input[name=name]').fill('Grace Customer');
        await c.page.locator('input[name=email]').fill('grace@example.com');
        await c.page.locator('button[type=submit]').click();
        await c.page.locator('[data-testid=stripe-mock-card]').waitFor();
        await c.page.waitForFunction(() => {
          const b = document.querySelector('[data-slotpay]').shadowRoot.querySelector('button[data-action=pay]');
          return b && !b.disabled;
        });
        await c.page.locator('[data-testid=stripe-mock-card]').selectOption('pm_card_visa');
        await c.page.locator('button[data-action=pay]').click();
        await c.page.locator('[data-testid=confirmation]').waitFor();
        assert.deepEqual(c.offLoopback, []);
      } finally {
        await c.context.close();
      }

      // The booking in the list (paid: the deposit) and in the week calendar.
      await nav(page, 'Bookings');
      const row = page.getByRole('row', { name: /massage/ });
      await row.waitFor();

      for (let i = 0; i < 20 && !/confirmed/.test(await row.textContent()); i++) {
        await new Promise((r) => setTimeout(r, 250));
        await nav(page, 'Reports');
        await nav(page, 'Bookings');
      }
      assert.match(await row.textContent(), /Deep tissue massage · ana.*Grace Customer.*confirmed.*\$20\.00/);
      // The customer search (the server's: name or e-mail, any case), then one that matches nothing.
      const search = page.getByLabel('Customer (name or e-mail)');
      await search.fill('GRACE@example');
      await page.locator('caption', { hasText: /^1 of 1 bookings for the customer search “GRACE@example”$/ }).waitFor();
      await search.fill('nobody');
      await page.locator('caption', { hasText: /^0 of 0 bookings for the customer search “nobody”$/ }).waitFor();
      await search.fill('');
      await page.locator('caption', { hasText: /^1 of 1 bookings$/ }).waitFor();
      await row.waitFor();
      const when = await row.locator('td').first().textContent();
      await axe(page, 'bookings (list)');
      await shot(page, 'bookings');
      await page.getByRole('button', { name: 'Week' }).click();

      const startIso = await page.evaluate(async () => {
        const r = await fetch('/v1/merchant/bookings');
        return (await r.json()).bookings[0];
      });
      bookingId = startIso.id;
      await page.getByLabel('Go to').fill(startIso.booking.start.slice(0, 10));
      const ev = page.locator('[data-testid=calendar] button.ev', { hasText: 'massage' });
      await ev.waitFor();
      assert.match(await ev.textContent(), new RegExp(startIso.booking.start.slice(11, 16)));
      await axe(page, 'bookings (week)');
      await shot(page, 'calendar');
      assert.ok(when.length > 0);

      // Details: the customer, the payment history, a partial refund of $5.00.
      await ev.click();
      await page.getByRole('heading', { name: `Booking ${bookingId}` }).waitFor();
      assert.match(await page.locator('[data-testid=bk-payments]').textContent(), /Charged online: \$20\.00/);
      const shopTime = new Intl.DateTimeFormat('en-US', { timeStyle: 'short', timeZone: 'America/New_York' }).format(
        new Date(startIso.booking.start),
      );
      const details = await page.locator('.details dl').first().textContent();
      assert.ok(details.includes(shopTime), `${details} shows ${shopTime} (the shop's time)`);
      assert.match(details, /Deep tissue massage/);
      const customer = page.locator('[data-testid=bk-customer]');
      await customer.getByRole('link', { name: 'grace@example.com' }).waitFor();
      assert.match(await customer.textContent(), /Grace Customer/);
      // What the widget knew: the customer's language (English here) and zone (the browser's).
      assert.match(await customer.textContent(), /LanguageEnglish \(en\)Time zoneAmerica\/New_York/);
      assert.equal(
        await customer.getByRole('link', { name: 'grace@example.com' }).getAttribute('href'),
        'mailto:grace@example.com',
      );
      const history = page.getByRole('table', { name: 'Payment history' });
      await history.locator('tr.h-payment', { hasText: 'Deposit paid online' }).waitFor();
      assert.match(await history.locator('tr.h-payment').textContent(), /\$20\.00/);
      // The deposit has no time of its own in the store: the booking's is shown, and said so.
      assert.match(await history.locator('tr.h-payment td').first().textContent(), /(AM|PM) \(when booked\)$/);
      await page.getByLabel(/Refund amount/).fill('5.00');
      await page.getByRole('button', { name: 'Refund', exact: true }).click();
      await page.getByText('Refunded $5.00.').waitFor();
      await page.locator('[data-testid=bk-payments]', { hasText: 'Refunded: $5.00' }).waitFor();
      // The refund's line, read again from the server after the refund.
      const refundLine = history.locator('tr.h-refund', { hasText: '−$5.00' });
      await refundLine.waitFor();
      assert.match(await refundLine.textContent(), /Refund.*−\$5\.00.*succeeded.*made by you/);
      await axe(page, 'booking details');
      await shot(page, 'booking-details');
      await page
        .locator('[data-testid=booking-details]')
        .screenshot({ path: path.join(SHOTS, 'dashboard-booking-details-panel.png') });

      // The report for the booking's day: one booking, $20.00 paid, $5.00 refunded, $15.00 net.
      await nav(page, 'Reports');
      const bookedDay = startIso.booking.start.slice(0, 10);
      await page.getByLabel('From', { exact: true }).fill(bookedDay);
      await page.getByLabel('To', { exact: true }).fill(bookedDay);
      await page.getByRole('button', { name: 'Show' }).click();
      const totals = page.locator('[data-testid=totals-usd]');
      await totals.locator('[data-testid=t-refunds]', { hasText: '$5.00' }).waitFor();
      assert.equal(await totals.locator('[data-testid=t-bookings]').textContent(), '1');
      assert.equal(await totals.locator('[data-testid=t-gross]').textContent(), '$20.00');
      assert.equal(await totals.locator('[data-testid=t-net]').textContent(), '$15.00');
      assert.equal(await totals.locator('[data-testid=chart] rect').count(), 1);
      await axe(page, 'reports');
      await shot(page, 'reports');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download CSV' }).click(),
      ]);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      const [header, ...lines] = csv.trim().split(/\r?\n/);
      const cols = header.split(',');
      assert.equal(lines.length, 1, csv);
      const cells = lines[0].split(',');
      const cell = (name) => cells[cols.indexOf(name)];
      assert.equal(cell('booking_id'), bookingId);
      assert.equal(cell('service'), 'massage');
      assert.equal(cell('gross'), '20.00');
      assert.equal(cell('refunded'), '5.00');
      assert.equal(cell('net'), '15.00');
      assert.equal(cell('currency'), 'USD');

      // The merchant cancels: the customer gets the rest back ($15.00), the booking is cancelled.
      await nav(page, 'Bookings');
      await page.getByRole('button', { name: `Open booking ${bookingId}` }).click();
      await focusMovesTo(page, 'bk-h', 'the details take the focus');
      page.once('dialog', (dlg) => dlg.accept());
      await page.getByRole('button', { name: 'Cancel booking' }).click();
      await page.getByText('Cancelled; the customer is refunded.').waitFor();
      await page.locator('[data-testid=bk-status]', { hasText: 'cancelled' }).waitFor();
      await page.locator('[data-testid=bk-payments]', { hasText: 'Refunded: $20.00' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Cancel booking' }).count(), 0);
      // The cancel's refund in the history: the rest, by the merchant, the platform fee with it.
      await history
        .locator('tr.h-refund', { hasText: '−$15.00' })
        .filter({ hasText: 'you cancelled or marked a no-show' })
        .waitFor();

      // Account: the password change (the CSRF token sent; a wrong current password refused), sign-out.
      await nav(page, 'Account');
      await page.getByLabel('Current password').fill('not my password at all');
      await page.getByLabel('New password').fill('another long passphrase 43');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.locator('#cur-pw-err').waitFor();
      await page.getByLabel('Current password').fill('a long enough passphrase 42');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Password changed.').waitFor();
      await axe(page, 'account');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Slotpay' }).waitFor();
      assert.equal(await page.evaluate(async () => (await fetch('/v1/merchant/me')).status), 401);
      // Signed in again with the new password.
      await page.getByLabel('E-mail').fill('owner@harbour.example');
      await page.getByLabel('Password').fill('another long passphrase 43');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor(); // the page the address names

      // A session that ends (here: signed out by another tab) brings back the sign-in page.
      const ended = await page.evaluate(async () => {
        const me = await (await fetch('/v1/merchant/me')).json();
        return (await fetch('/v1/merchant/signout', { method: 'POST', headers: { 'x-csrf-token': me.csrf_token } }))
          .status;
      });
      assert.equal(ended, 200);
      await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Services' }).click();
      await page.getByRole('heading', { name: 'Sign in to Slotpay' }).waitFor();
      await page.getByLabel('E-mail').fill('owner@harbour.example');
      await page.getByLabel('Password').fill('another long passphrase 43');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor();

      // Keyboard: the first Tab reaches the skip link, Enter moves the focus to the page;
      // the navigation's links are reachable and followed with Enter.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
      await page.getByRole('link', { name: 'Reports' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
      await focusMovesTo(page, 'main', 'a new page takes the focus');

      // 360 px: no page scrolls sideways.
      await page.setViewportSize({ width: 360, height: 740 });
      for (const p of ['Services', 'Reports', 'Embed', 'Bookings']) {
        await nav(page, p);
        const over = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(over <= 0, `${p} scrolls sideways at 360 px by ${over}px`);
      }
      await shot(page, 'bookings-360');
      assert.deepEqual(d.offLoopback, []);
      assert.deepEqual(d.errors, []);
    } finally {
      await d.context.close();
    }
  },
);

test('changes need the CSRF token: the API refuses a session cookie alone', async () => {
  const r = await fetch(`${h.server.url}/v1/merchant/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'csrf@harbour.example',
      password: 'a long enough passphrase 42',
      business_name: 'C',
    }),
    signal: AbortSignal.timeout(10000),
  });
  assert.equal(r.status, 201);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const noToken = await fetch(`${h.server.url}/v1/merchant/origins`, {
    method: 'PUT',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ allowed_origins: [] }),
    signal: AbortSignal.timeout(10000),
  });
  assert.equal(noToken.status, 403);
  assert.equal((await noToken.json()).error.code, 'csrf_failed');
});

test(
  "money in the merchant's locale and currency: German browser, yen (no decimals, from the core)",
  { timeout: 120000 },
  async () => {
    const d = await newContext({ locale: 'de-DE' });
    const { page } = d;
    try {
      await page.goto(`${h.server.url}/dashboard/`);
      await page.getByRole('button', { name: 'New here? Create an account' }).click();
      await page.getByLabel('Business name').fill('Tokyo Salon');
      await page.getByLabel('E-mail').fill('owner@tokyo.example');
      await page.getByLabel('Password').fill('a long enough passphrase 42');
      await page.getByLabel('Currency (ISO code)').fill('jpy');
      await page.getByLabel('Time zone').fill('Asia/Tokyo');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { level: 1, name: 'Stripe' }).waitFor();
      await nav(page, 'Services');
      await page.getByRole('button', { name: 'New service' }).click();
      await page.getByLabel('Id (letters, digits, -)').fill('cut');
      await page.getByLabel('Name', { exact: true }).fill('Cut');
      await page.getByLabel('Price (JPY)').fill('5.5');
      await page.locator('#svc-price-err', { hasText: 'whole amount' }).waitFor();
      await page.getByLabel('Price (JPY)').fill('5000');
      const preview = page.locator('[data-testid=price-preview]');
      await preview.locator('[data-testid=total]', { hasText: '5.000' }).waitFor();
      assert.equal((await preview.locator('[data-testid=total]').textContent()).replace(/\s/g, ' '), '5.000 ¥');
      await page.getByRole('button', { name: 'Save service' }).click();
      await page.getByRole('row', { name: /Cut/ }).waitFor();
      assert.match((await page.getByRole('row', { name: /Cut/ }).textContent()).replace(/\s/g, ' '), /5\.000 ¥/);
      assert.deepEqual(d.errors, []);
      assert.deepEqual(d.offLoopback, []);
    } finally {
      await d.context.close();
    }
  },
);
