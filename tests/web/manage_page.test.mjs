// The manage page (issue #12) in headless Chromium: the link from the confirmation email
// (read from the outbox through the demo page: no SMTP here) opens /manage.html#token,
// which shows the booking and its .ics, shows the core's refund and fee before
// confirming, and cancels; the API refuses altered tokens. The real slotpay-server, the
// Stripe mock, loopback only.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import * as h from '../server/e2e/harness.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DIST = process.env.SLOTPAY_WEB_DIST || path.join(h.ROOT, 'web', 'dist');
const MASTER_KEY = 'a3'.repeat(32); // 32 bytes, hex

let mock, srv, browser;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--booking-rate', '0', '--web-dist', DIST], env: { SLOTPAY_MASTER_KEY: MASTER_KEY } });
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

// A paid, confirmed booking and the manage link of its confirmation email.
async function confirmedBooking(start, email) {
  const r = await h.book(srv, 'cut', start, { customer: { name: 'Manage Me', email } });
  assert.equal(r.status, 201, r.text);
  const paid = await h.stripeApi(mock, 'POST', `/v1/payment_intents/${r.body.booking.payment.payment_intent}/confirm`,
                                 { payment_method: 'pm_card_visa' });
  assert.equal(paid.body.status, 'succeeded');
  assert.ok(await h.waitFor(async () => (await h.bookingStatus(srv, r.body))?.status === 'confirmed'));
  // The outbox (no SMTP: kept) holds the confirmation; its HTML body has the link.
  const link = await h.waitFor(async () => {
    const list = await h.api(srv, 'GET', '/demo/outbox');
    const rows = [...list.text.matchAll(/<tr><td>[^<]*<\/td><td>[^<]*<\/td><td>booking_confirmed<\/td><td>([^<]*)<\/td><td><a href="\/demo\/outbox\/(msg_[0-9a-f]+)"/g)];
    const row = rows.find((m) => m[1] === email);
    if (!row) return null;
    const body = await h.api(srv, 'GET', `/demo/outbox/${row[2]}`);
    return body.text.match(/href="(http:\/\/127\.0\.0\.1:\d+\/manage\.html#[A-Za-z0-9_.-]+)"/)?.[1] ?? null;
  });
  assert.ok(link, 'manage link in the confirmation');
  return { created: r.body, link, token: link.split('#')[1] };
}

test('the manage link shows the booking, its .ics, the refund before confirming, and cancels', async () => {
  const start = h.slotStart(20, '10:00');
  const { created, link, token } = await confirmedBooking(start, 'manage1@example.com');
  assert.ok(link.startsWith(srv.url + '/manage.html#'));

  const ics = await fetch(`${srv.url}/v1/manage/${token}/ics`);
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /^text\/calendar/);
  const icsText = await ics.text();
  assert.match(icsText, new RegExp(`\r\nUID:${created.booking.id}@`));
  assert.match(icsText, /\r\nDTSTART;TZID=America\/New_York:/);

  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(link);
  await page.locator('[data-field=id]').waitFor();
  assert.equal(await page.locator('[data-field=id]').textContent(), created.booking.id);
  assert.equal(await page.locator('[data-field=status]').textContent(), 'confirmed');
  assert.equal(await page.locator('[data-field=service]').textContent(), 'cut');
  assert.ok((await page.locator('[data-field=start]').textContent()).startsWith(start.slice(0, 16).replace('T', ' ')));
  assert.equal(await page.locator('a[data-action=ics]').getAttribute('href'), `/v1/manage/${encodeURIComponent(token)}/ics`);

  // The policy's outcome is shown before anything is cancelled: 20 days ahead, inside the
  // free window, all that was paid comes back.
  await page.locator('button[data-action=cancel]').click();
  const outcome = await page.locator('[data-field=outcome]').textContent();
  const paidAmount = (await h.bookingStatus(srv, created)).paid_amount;
  const dollars = `$${(paidAmount / 100).toFixed(2)}`;
  assert.equal(outcome, `You will be refunded ${dollars}.`);
  assert.equal((await h.bookingStatus(srv, created)).status, 'confirmed', 'nothing cancelled yet');
  // "Keep" goes back; then cancel for real.
  await page.locator('button[data-action=keep]').click();
  assert.ok(await page.locator('[data-step=confirm]').isHidden());
  await page.locator('button[data-action=cancel]').click();
  await page.locator('button[data-action=confirm-cancel]').click();
  await page.locator('[data-field=cancelled]').waitFor();
  assert.equal(await page.locator('[data-field=refund]').textContent(), `You will be refunded ${dollars}.`);
  const after = await h.bookingStatus(srv, created);
  assert.equal(after.status, 'cancelled');
  const refunds = await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/refunds&method=POST');
  assert.ok(refunds.data.some((x) => x.params?.metadata?.booking_id === created.booking.id), 'refund asked of Stripe');
  assert.deepEqual(errors, []);
  await page.close();

  // Opened again: cancelled, no cancel button; the cancellation email is queued too.
  const again = await browser.newPage();
  await again.goto(link);
  await again.locator('[data-field=status]').waitFor();
  assert.equal(await again.locator('[data-field=status]').textContent(), 'cancelled');
  assert.equal(await again.locator('button[data-action=cancel]').count(), 0);
  await again.close();
  const list = await h.api(srv, 'GET', '/demo/outbox');
  assert.match(list.text, /booking_cancelled<\/td><td>manage1@example\.com/);
});

test('an altered or foreign token is refused, on the page and by the API', async () => {
  const { token } = await confirmedBooking(h.slotStart(21, '10:00'), 'manage2@example.com');
  const [payload, mac] = token.split('.');
  const altered = `${payload}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
  for (const [t, code] of [[altered, 'link_bad_signature'], ['nonsense', 'link_malformed']]) {
    const r = await h.api(srv, 'GET', `/v1/manage/${t}`);
    assert.equal(r.status, 404, r.text);
    assert.equal(r.body.error.code, code);
    const c = await h.api(srv, 'POST', `/v1/manage/${t}/cancel`);
    assert.equal(c.status, 404);
  }
  const page = await browser.newPage();
  await page.goto(`${srv.url}/manage.html#${altered}`);
  await page.locator('[data-error]').waitFor();
  assert.equal(await page.locator('[data-error]').textContent(), 'This link is not valid.');
  await page.close();
});

// Issue #9: the "Confirm your booking" link of a free booking (pending_confirmation).
test('the confirm link confirms a pending free booking in the browser, once; then the page manages it', async () => {
  const fs = await import('node:fs');
  const catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  catalog.merchant.accept_unconfirmed = false;
  const put = await h.api(srv, 'PUT', '/v1/admin/merchants/m_e2e', {
    body: { catalog, stripe_account: h.ACCOUNT, allowed_origins: ['https://salon.example'] },
    headers: { authorization: `Bearer ${h.ADMIN}` },
  });
  assert.equal(put.status, 200, put.text);
  const email = 'confirm1@example.com';
  const r = await h.book(srv, 'consult', h.slotStart(22, '10:00'), { customer: { name: 'Confirm Me', email } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.booking.status, 'pending_confirmation');
  const link = await h.waitFor(async () => {
    const list = await h.api(srv, 'GET', '/demo/outbox');
    const rows = [...list.text.matchAll(/<tr><td>[^<]*<\/td><td>[^<]*<\/td><td>confirm_request<\/td><td>([^<]*)<\/td><td><a href="\/demo\/outbox\/(msg_[0-9a-f]+)"/g)];
    const row = rows.find((m) => m[1] === email);
    if (!row) return null;
    const body = await h.api(srv, 'GET', `/demo/outbox/${row[2]}`);
    return body.text.match(/href="(http:\/\/127\.0\.0\.1:\d+\/manage\.html#confirm=[A-Za-z0-9_.-]+)"/)?.[1] ?? null;
  });
  assert.ok(link, 'confirm link in the confirm_request email');
  assert.equal((await h.bookingStatus(srv, r.body)).status, 'pending_confirmation');

  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(link);
  await page.locator('[data-field=confirmed]').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Booking confirmed');
  assert.equal(await page.locator('[data-field=id]').textContent(), r.body.booking.id);
  assert.equal(await page.locator('[data-field=status]').textContent(), 'confirmed');
  assert.equal((await h.bookingStatus(srv, r.body)).status, 'confirmed');
  // The address now carries the manage token: a reload shows the booking, confirms nothing.
  const hash = new URL(page.url()).hash;
  assert.ok(hash.length > 1 && !hash.startsWith('#confirm='), hash);
  await page.reload();
  await page.locator('[data-field=status]').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Your booking');
  assert.equal(await page.locator('[data-field=status]').textContent(), 'confirmed');
  assert.equal(await page.locator('[data-field=confirmed]').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();

  // The confirm link opened again: harmless, the same booking shown confirmed.
  const again = await browser.newPage();
  await again.goto(link);
  await again.locator('[data-field=status]').waitFor();
  assert.equal(await again.locator('[data-field=status]').textContent(), 'confirmed');
  await again.close();
  const list = await h.api(srv, 'GET', '/demo/outbox');
  const confirmations = [...list.text.matchAll(/booking_confirmed<\/td><td>confirm1@example\.com/g)];
  assert.equal(confirmations.length, 1, 'one confirmation email');
});

// Issue #12 item 3: "Change the time" in the browser, keyboard only, from the day before
// the next DST change in New York to the day after it: the page lists that day's free
// times, a time taken meanwhile is refused with its message and the list refreshed, then
// the move succeeds and the page shows the new time with the new offset.
test('the manage link moves a booking across a DST change, keyboard only; a taken time is explained', async () => {
  const fs = await import('node:fs');
  const catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  catalog.schedule.max_advance_days = 400; // the next DST change may be months away
  const put = await h.api(srv, 'PUT', '/v1/admin/merchants/m_e2e', {
    body: { catalog, stripe_account: h.ACCOUNT, allowed_origins: ['https://salon.example'] },
    headers: { authorization: `Bearer ${h.ADMIN}` },
  });
  assert.equal(put.status, 200, put.text);
  const dst = h.aroundNextDstChange();
  const from = dst.startOn(dst.before, '10:00');
  const to = dst.startOn(dst.after, '11:00');
  const taken = dst.startOn(dst.after, '10:00');
  assert.notEqual(from.slice(19), to.slice(19), 'the two days have different offsets');
  const { created, link } = await confirmedBooking(from, 'manage-move@example.com');

  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The browser logs the expected 409 (the taken time) itself; anything else counts.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 409/.test(m.text())) errors.push(m.text());
  });
  await page.goto(link);
  await page.locator('[data-field=id]').waitFor();
  assert.match(await page.locator('[data-field=reschedule-until]').textContent(), /You can change the time until/);
  await page.locator('button[data-action=reschedule]').focus();
  await page.keyboard.press('Enter');
  const date = page.locator('input[data-field=date]');
  assert.ok(await date.evaluate((e) => e === document.activeElement), 'the date field has the focus');
  assert.equal(await date.inputValue(), dst.before);
  await date.fill(dst.after);
  await page.locator(`input[data-start="${taken}"]`).waitFor();
  assert.ok((await page.locator('input[type=radio][name=slot]').count()) > 10, 'the day has free times');
  assert.equal(await page.locator(`label[for="${await page.locator(`input[data-start="${taken}"]`).getAttribute('id')}"]`).textContent(), '10:00');

  // Chosen, and taken by someone else before confirming: the page says so and refreshes.
  await page.locator(`input[data-start="${taken}"]`).focus();
  await page.keyboard.press('Space');
  const other = await h.book(srv, 'cut', taken, { customer: { name: 'Quicker', email: 'quicker@example.com' } });
  assert.equal(other.status, 201, other.text);
  await page.locator('button[data-action=confirm-reschedule]').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-field=reschedule-error]:not([hidden])').waitFor();
  assert.equal(
    await page.locator('[data-field=reschedule-error]').textContent(),
    'That time has just been taken; please choose another.',
  );
  await page.locator(`input[data-start="${to}"]`).waitFor();
  assert.equal(await page.locator(`input[data-start="${taken}"]`).count(), 0, 'the taken time is gone');
  assert.equal((await h.bookingStatus(srv, created)).booking.start, from, 'not moved');

  // Another time, by keyboard again: moved; the page shows the new time and its offset.
  await page.locator(`input[data-start="${to}"]`).focus();
  await page.keyboard.press('Space');
  await page.locator('button[data-action=confirm-reschedule]').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-field=rescheduled]').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Booking moved');
  const shown = await page.locator('[data-field=start]').textContent();
  assert.ok(shown.startsWith(`${dst.after} 11:00 (${to.slice(19)})`), shown);
  assert.match(await page.locator('[data-field=rescheduled]').textContent(), new RegExp(`it was ${dst.before} 10:00 \\(${from.slice(19)}\\)`));
  assert.equal((await h.bookingStatus(srv, created)).booking.start, to);
  assert.deepEqual(errors, []);
  await page.close();
  const list = await h.api(srv, 'GET', '/demo/outbox');
  assert.match(list.text, /booking_rescheduled<\/td><td>manage-move@example\.com/);
});
