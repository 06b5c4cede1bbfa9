// Issue #9, email-confirmed bookings end to end: slotpay-server sends through a real SMTP
// server (aiosmtpd on a free loopback port) and the messages are parsed with Python's
// email package (mail_parse.py):
//   - a free booking is pending_confirmation and holds its seat; the customer gets the
//     "Confirm your booking" email (no .ics, no merchant copy yet); following its link
//     (POST /v1/confirm/{token}) confirms it, and then the confirmation (.ics) and the
//     merchant's copy go out; following it again changes nothing and sends nothing;
//   - the confirm token and the manage token are not interchangeable;
//   - an unfollowed one is released when its hold (--confirm-hold-seconds) lapses, and its
//     link is refused afterwards (booking_not_confirmable);
//   - an external-payment booking waits the same way;
//   - a merchant with accept_unconfirmed keeps the old flow (confirmed at once).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';
import * as mail from './mail_sink.mjs';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-confirm-e2e-'));
const FROM = 'bookings@platform.example';
const MERCHANT_EMAIL = 'owner@confirm-studio.example';
const CONFIRM_HOLD_S = 5;
const admin = { authorization: `Bearer ${h.ADMIN}` };

let mock, srv, sink, catalog;

const startSink = () => mail.startSink(path.join(DIR, 'maildir'), { reply: '451 4.3.0 unused' });
const delivered = () => mail.delivered(sink.maildir);

const mailsAbout = (bookingId, to) => delivered().filter((m) => m.to.includes(to) && m.text?.includes(bookingId));

async function waitForMail(bookingId, to, pred, what) {
  const found = await h.waitFor(() => mailsAbout(bookingId, to).find(pred), { timeoutMs: 15000, stepMs: 150 });
  assert.ok(found, `no ${what} for ${bookingId}: ${JSON.stringify(mailsAbout(bookingId, to).map((m) => m.subject))}`);
  return found;
}

// The token of the confirmation link in a confirm_request email's plain text.
function confirmToken(mail) {
  const m = mail.text.match(/https?:\/\/\S+\/manage\.html#confirm=([A-Za-z0-9_.-]+)/);
  assert.ok(m, mail.text);
  assert.ok(mail.html.includes(`/manage.html#confirm=${m[1]}`), 'the HTML part has the same link');
  return m[1];
}

async function book(service, start) {
  const req = h.bookingRequest(service, start);
  const r = await h.api(srv, 'POST', '/v1/merchants/m_e2e/bookings', { body: req });
  assert.equal(r.status, 201, r.text);
  return { ...r.body, email: req.customer.email };
}

before(async () => {
  mock = await h.startMock();
  sink = await startSink();
  catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  catalog.merchant.contact_email = MERCHANT_EMAIL;
  catalog.merchant.accept_unconfirmed = false;  // the default, said out loud
  const catalogFile = path.join(DIR, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(catalog));
  srv = await h.startServer(mock, {
    args: ['--booking-rate', '0', '--seed-merchant', catalogFile, '--smtp-url', `smtp://127.0.0.1:${sink.port}`,
           '--mail-interval-ms', '100', '--mail-retry-s', '1', '--confirm-hold-seconds', String(CONFIRM_HOLD_S)],
    env: { SMTP_FROM: FROM },
  });
});
after(async () => {
  await srv?.stop();
  await sink?.stop();
  await mock?.close();
  fs.rmSync(DIR, { recursive: true, force: true });
});

test('free booking: pending -> email with a link -> the link confirms -> confirmation email; again is harmless', async () => {
  const start = h.slotStart(20, '10:00');
  const created = await book('consult', start);
  const b = created.booking;
  assert.equal(b.status, 'pending_confirmation');
  assert.equal(b.payment_mode, 'free');
  assert.equal(b.payment, undefined, 'nothing for Stripe');
  const holdEnd = Date.parse(b.hold_expires_at);
  assert.ok(holdEnd > Date.now() && holdEnd <= Date.now() + CONFIRM_HOLD_S * 1000 + 1000, b.hold_expires_at);

  // The seat is held: the same slot cannot be booked meanwhile.
  const second = await h.book(srv, 'consult', start);
  assert.equal(second.status, 409, second.text);
  assert.equal(second.body.error.code, 'slot_unavailable');

  const ask = await waitForMail(b.id, created.email, (m) => /^Confirm your booking/.test(m.subject), 'confirm email');
  assert.match(ask.subject, /Free consultation/);
  assert.equal(ask.calendar, null, 'no .ics before it is confirmed');
  assert.equal(ask.defects.length, 0);
  const token = confirmToken(ask);
  assert.equal(mailsAbout(b.id, MERCHANT_EMAIL).length, 0, 'the merchant hears of it once confirmed');
  assert.equal((await h.bookingStatus(srv, created)).status, 'pending_confirmation');

  // The confirm token is not a manage token, nor the other way round.
  const asManage = await h.api(srv, 'GET', `/v1/manage/${token}`);
  assert.equal(asManage.status, 404, asManage.text);
  assert.equal(asManage.body.error.code, 'link_wrong_purpose');

  // Only a POST confirms: the link is a page (/manage.html#confirm=...) whose GET, by a
  // mail scanner say, reaches no route with the token (it stays in the fragment).
  assert.equal((await h.api(srv, 'GET', `/v1/confirm/${token}`)).status, 405);
  assert.equal((await h.bookingStatus(srv, created)).status, 'pending_confirmation');

  const ok = await h.api(srv, 'POST', `/v1/confirm/${token}`);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.booking.id, b.id);
  assert.equal(ok.body.booking.status, 'confirmed');
  assert.equal(ok.body.booking.hold_expires_at, null);
  const manage = ok.body.manage_url.match(/\/manage\.html#(.+)$/)?.[1];
  assert.ok(manage, ok.body.manage_url);
  const view = await h.api(srv, 'GET', `/v1/manage/${manage}`);
  assert.equal(view.status, 200, view.text);
  assert.equal(view.body.booking.status, 'confirmed');
  const asConfirm = await h.api(srv, 'POST', `/v1/confirm/${manage}`);
  assert.equal(asConfirm.status, 404);
  assert.equal(asConfirm.body.error.code, 'link_wrong_purpose');

  const confirmation = await waitForMail(b.id, created.email, (m) => m.calendar !== null, 'confirmation');
  assert.match(confirmation.calendar, /METHOD:REQUEST/);
  assert.match(confirmation.text, /\/manage\.html#/);
  await waitForMail(b.id, MERCHANT_EMAIL, () => true, "merchant's copy");
  // Confirmed for good: the hold's lapse does not release it.
  assert.equal((await h.bookingStatus(srv, created)).status, 'confirmed');

  // A second follow: the same answer, no change, no second email.
  const again = await h.api(srv, 'POST', `/v1/confirm/${token}`);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.booking.status, 'confirmed');
  await h.sleep(CONFIRM_HOLD_S * 1000 + 600);  // past the hold, and several mail passes
  assert.equal((await h.bookingStatus(srv, created)).status, 'confirmed');
  const toCustomer = mailsAbout(b.id, created.email);
  assert.equal(toCustomer.filter((m) => m.calendar !== null).length, 1, 'one confirmation');
  assert.equal(toCustomer.filter((m) => /^Confirm your booking/.test(m.subject)).length, 1, 'one confirm request');
  assert.equal(mailsAbout(b.id, MERCHANT_EMAIL).length, 1, "one merchant's copy");
  const occupied = await h.book(srv, 'consult', start);
  assert.equal(occupied.status, 409, 'the confirmed booking keeps its seat');
});

test('unfollowed: released when the hold lapses; the link is refused afterwards', async () => {
  const start = h.slotStart(21, '10:00');
  const created = await book('consult', start);
  assert.equal(created.booking.status, 'pending_confirmation');
  const ask = await waitForMail(created.booking.id, created.email, (m) => /^Confirm your booking/.test(m.subject),
                                'confirm email');
  const token = confirmToken(ask);
  const expired = await h.waitFor(async () => (await h.bookingStatus(srv, created)).status === 'expired',
                                  { timeoutMs: CONFIRM_HOLD_S * 1000 + 8000, stepMs: 250 });
  assert.ok(expired, 'the pending booking expired');
  // The seat is free again.
  const other = await h.book(srv, 'consult', start);
  assert.equal(other.status, 201, other.text);
  assert.equal(other.body.booking.status, 'pending_confirmation');
  // The hold lapsed: the link confirms nothing any more.
  const late = await h.api(srv, 'POST', `/v1/confirm/${token}`);
  assert.equal(late.status, 409, late.text);
  assert.equal(late.body.error.code, 'booking_not_confirmable');
  assert.equal((await h.bookingStatus(srv, created)).status, 'expired');
  assert.equal(mailsAbout(created.booking.id, created.email).filter((m) => m.calendar !== null).length, 0);
});

test('a cancelled pending booking cannot be confirmed; a forged token is refused', async () => {
  const created = await book('consult', h.slotStart(22, '10:00'));
  const ask = await waitForMail(created.booking.id, created.email, (m) => /^Confirm your booking/.test(m.subject),
                                'confirm email');
  const token = confirmToken(ask);
  const cancel = await h.api(srv, 'POST', `/v1/bookings/${created.booking.id}/cancel`, { token: created.access_token });
  assert.equal(cancel.status, 200, cancel.text);
  assert.equal(cancel.body.booking.status, 'cancelled');
  const late = await h.api(srv, 'POST', `/v1/confirm/${token}`);
  assert.equal(late.status, 409, late.text);
  assert.equal(late.body.error.code, 'booking_not_confirmable');
  const [payload, sig] = token.split('.');
  const forged = await h.api(srv, 'POST', `/v1/confirm/${payload}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
  assert.equal(forged.status, 404);
  assert.equal(forged.body.error.code, 'link_bad_signature');
});

test('external payment waits for the confirmation too', async () => {
  const created = await book('repair', h.slotStart(23, '14:00'));
  assert.equal(created.booking.status, 'pending_confirmation');
  assert.equal(created.booking.payment_mode, 'external');
  const ask = await waitForMail(created.booking.id, created.email, (m) => /^Confirm your booking/.test(m.subject),
                                'confirm email');
  const ok = await h.api(srv, 'POST', `/v1/confirm/${confirmToken(ask)}`);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.booking.status, 'confirmed');
});

test('accept_unconfirmed: the merchant keeps the old flow (confirmed at once, no confirm email)', async () => {
  const c = structuredClone(catalog);
  c.merchant.accept_unconfirmed = true;
  const put = await h.api(srv, 'PUT', '/v1/admin/merchants/m_e2e', {
    body: { catalog: c, stripe_account: h.ACCOUNT, allowed_origins: ['https://salon.example'] },
    headers: admin,
  });
  assert.equal(put.status, 200, put.text);
  for (const [service, at] of [['consult', '11:00'], ['repair', '15:00']]) {
    const created = await book(service, h.slotStart(24, at));
    assert.equal(created.booking.status, 'confirmed', service);
    assert.equal(created.booking.hold_expires_at, null);
    const confirmation = await waitForMail(created.booking.id, created.email, (m) => m.calendar !== null,
                                           'confirmation');
    assert.match(confirmation.calendar, /METHOD:REQUEST/);
    assert.equal(mailsAbout(created.booking.id, created.email).filter((m) => /^Confirm your/.test(m.subject)).length, 0);
  }
});
