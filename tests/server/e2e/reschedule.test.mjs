// Issue #12 item 3, rescheduling by the manage link end to end, with a real SMTP server
// (aiosmtpd, mail_sink.mjs) and the Stripe mock:
//   - a paid booking the day before the next DST change in New York moved to the day
//     after it: the "booking moved" email carries an .ics with the same UID, SEQUENCE 1,
//     METHOD:REQUEST and the new DTSTART (TZID America/New_York, the wall clock the
//     customer chose), its text shows the new and the previous time each with its own
//     offset; the merchant's copy too; the old slot is free again (another customer books
//     it), the payment is untouched;
//   - a slot taken by someone else -> 409 slot_unavailable, nothing moved;
//   - a cancelled booking -> 409 not_reschedulable;
//   - inside the merchant's window -> 409 reschedule_window_closed, and the manage GET
//     says reschedulable false (it says true, and until when, before).
// And issue #12 item 2 on the same server: the customer's zone sent with a booking shows
// in its confirmation beside the merchant's; an unknown zone is ignored.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';
import * as mail from './mail_sink.mjs';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-reschedule-e2e-'));
const FROM = 'bookings@platform.example';
const MERCHANT_EMAIL = 'owner@e2e-studio.example';
const ZONE = 'America/New_York';
let mock, srv, sink, catalog;

// iCalendar lines unfolded (RFC 5545 3.1), as [name-with-params, value].
function icsLines(text) {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i), l.slice(i + 1)];
  });
}

const mailsFor = (addr) => mail.delivered(sink.maildir).filter((m) => m.to.includes(addr));
async function mailWhere(addr, pred) {
  const got = await h.waitFor(() => mailsFor(addr).find(pred) ?? null, { timeoutMs: 20000, stepMs: 150 });
  assert.ok(got, `no such email to ${addr}; server:\n${srv.logs.slice(-2000)}`);
  return got;
}

// A booking confirmed (paid through the mock for "cut"), with its manage token read from
// its confirmation email.
async function confirmed(service, start, email) {
  const r = await h.book(srv, service, start, { customer: { name: 'Mover', email } });
  assert.equal(r.status, 201, r.text);
  if (service === 'cut') {
    const paid = await h.stripeApi(mock, 'POST', `/v1/payment_intents/${r.body.booking.payment.payment_intent}/confirm`,
                                   { payment_method: 'pm_card_visa' });
    assert.equal(paid.body.status, 'succeeded');
  }
  assert.ok(await h.waitFor(async () => (await h.bookingStatus(srv, r.body))?.status === 'confirmed'));
  const m = await mailWhere(email, (x) => /^Booking confirmed/.test(x.subject));
  const token = m.text.match(/\/manage\.html#([A-Za-z0-9_.-]+)/)?.[1];
  assert.ok(token, 'manage link in the confirmation');
  return { created: r.body, token };
}

const reschedule = (token, body) => h.api(srv, 'POST', `/v1/manage/${token}/reschedule`, { body });

before(async () => {
  mock = await h.startMock();
  sink = await mail.startSink(path.join(DIR, 'maildir'));
  catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  catalog.merchant.contact_email = MERCHANT_EMAIL;
  catalog.schedule.max_advance_days = 400;  // the next DST change may be months away
  const catalogFile = path.join(DIR, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(catalog));
  srv = await h.startServer(mock, {
    args: ['--booking-rate', '0', '--seed-merchant', catalogFile, '--smtp-url', `smtp://127.0.0.1:${sink.port}`,
           '--mail-interval-ms', '100', '--mail-retry-s', '1'],
    env: { SMTP_FROM: FROM, SLOTPAY_MASTER_KEY: 'c4'.repeat(32) },
  });
});
after(async () => {
  await srv?.stop();
  await sink?.stop();
  await mock?.close();
  if (!process.env.KEEP) fs.rmSync(DIR, { recursive: true, force: true });
});

test('a paid booking moved across a DST change: the email and its .ics, the old slot free again', async () => {
  const dst = h.aroundNextDstChange();
  const from = dst.startOn(dst.before, '10:00');
  const to = dst.startOn(dst.after, '10:00');
  assert.notEqual(from.slice(19), to.slice(19), `the offsets differ: ${from} -> ${to}`);
  const email = 'mover1@example.com';
  const { created, token } = await confirmed('cut', from, email);
  const paidBefore = (await h.bookingStatus(srv, created)).paid_amount;
  assert.ok(paidBefore > 0);

  // The manage page's answer says it can move, until 24 h before the start.
  const view = await h.api(srv, 'GET', `/v1/manage/${token}`);
  assert.equal(view.status, 200, view.text);
  assert.equal(view.body.reschedulable, true);
  assert.equal(Date.parse(view.body.reschedule_until), Date.parse(from) - 24 * 3600 * 1000);

  const r = await reschedule(token, { start: to });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.booking.id, created.booking.id);
  assert.equal(r.body.booking.status, 'confirmed');
  assert.equal(r.body.booking.booking.start, to);
  assert.equal(r.body.booking.booking.staff, 'ana');
  assert.equal(r.body.previous.start, from);
  assert.equal(r.body.booking.paid_amount, paidBefore, 'the payment is untouched');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const status = await h.bookingStatus(srv, created);
  assert.equal(status.booking.start, to);

  // The customer's email: the moved booking, its .ics an update of the same entry.
  const m = await mailWhere(email, (x) => /^Booking moved/.test(x.subject));
  assert.deepEqual(m.defects, []);
  assert.equal(m.calendar_params.method, 'REQUEST');
  const ics = icsLines(m.calendar);
  const get = (name) => ics.filter(([k]) => k === name || k.startsWith(name + ';'));
  assert.deepEqual(get('METHOD').map(([, v]) => v), ['REQUEST']);
  assert.deepEqual(get('UID').map(([, v]) => v), [`${created.booking.id}@platform.example`]);
  assert.deepEqual(get('SEQUENCE').map(([, v]) => v), ['1']);
  assert.deepEqual(get('STATUS').map(([, v]) => v), ['CONFIRMED']);
  const [dtstart] = get('DTSTART').filter(([k]) => k.includes('TZID'));
  assert.equal(dtstart[0], `DTSTART;TZID=${ZONE}`);
  assert.equal(dtstart[1], `${dst.after.replaceAll('-', '')}T100000`);
  const [dtend] = get('DTEND');
  assert.equal(dtend[1], `${dst.after.replaceAll('-', '')}T104500`);
  // Both offsets of the zone travel with it, so the wall clock maps to the right instant.
  assert.ok(get('TZOFFSETTO').some(([, v]) => v === '-0500'));
  assert.ok(get('TZOFFSETTO').some(([, v]) => v === '-0400'));
  // The text: the new time and the previous one in the merchant's zone, each with the
  // offset of its own side of the change.
  const off = (s) => `UTC${s.slice(19)}`;
  assert.match(m.text, new RegExp(`10:00 AM – 10:45 AM \\(America/New_York time, ${off(to).replace('+', '\\+')}\\)`));
  assert.match(m.text, /Was/);
  assert.ok(m.text.includes(`America/New_York time, ${off(from)}`), m.text);
  assert.notEqual(off(from), off(to));
  assert.ok(m.text.includes(created.booking.id));
  assert.match(m.text, /\/manage\.html#/);
  // The merchant's copy names the customer, no calendar file.
  const copy = await mailWhere(MERCHANT_EMAIL, (x) => /^Moved:/.test(x.subject) && x.text.includes(created.booking.id));
  assert.equal(copy.calendar, null);
  assert.match(copy.text, /Mover moved their booking of Haircut/);

  // The .ics download follows the move (SEQUENCE 1, the new start).
  const dl = await fetch(`${srv.url}/v1/manage/${token}/ics`);
  const dlText = await dl.text();
  assert.match(dlText, /\r\nSEQUENCE:1\r\n/);
  assert.ok(dlText.includes(`DTSTART;TZID=${ZONE}:${dst.after.replaceAll('-', '')}T100000`));

  // The old slot is free again: another customer books it.
  const other = await h.book(srv, 'cut', from, { customer: { name: 'Next', email: 'next1@example.com' } });
  assert.equal(other.status, 201, other.text);
  // And the new one is taken: a new booking there is refused.
  const clash = await h.book(srv, 'cut', to, { customer: { name: 'Late', email: 'late1@example.com' } });
  assert.equal(clash.status, 409, clash.text);
  assert.equal(clash.body.error.code, 'slot_unavailable');
});

test('refused: a slot taken by someone else, a cancelled booking, the same start, bad input', async () => {
  const mine = await confirmed('consult', h.slotStart(30, '09:00'), 'mover2@example.com');
  const taken = h.slotStart(30, '11:00');
  const other = await h.book(srv, 'consult', taken, { customer: { name: 'Taker', email: 'taker2@example.com' } });
  assert.equal(other.status, 201, other.text);

  const r = await reschedule(mine.token, { start: taken });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'slot_unavailable');
  assert.equal((await h.bookingStatus(srv, mine.created)).booking.start, h.slotStart(30, '09:00'), 'not moved');

  const same = await reschedule(mine.token, { start: h.slotStart(30, '09:00') });
  assert.equal(same.status, 422, same.text);
  assert.equal(same.body.error.code, 'reschedule_same_start');
  for (const [body, code] of [[{}, 'missing_field'], [{ start: 'tomorrow' }, 'invalid_time'],
                              [{ start: taken, price: 1 }, 'unknown_field'], [{ start: 5 }, 'invalid_field']]) {
    const bad = await reschedule(mine.token, body);
    assert.equal(bad.status >= 400 && bad.status < 500, true, bad.text);
    assert.equal(bad.body.error.code, code, bad.text);
  }
  const notJson = await h.api(srv, 'POST', `/v1/manage/${mine.token}/reschedule`,
                              { raw: 'start=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(notJson.status, 415);
  const forged = await reschedule(`${mine.token.slice(0, -2)}AA`, { start: taken });
  assert.equal(forged.status, 404);

  // Moved for real once, to a free time on the same day (the slot the other left).
  const ok = await reschedule(mine.token, { start: h.slotStart(30, '13:00') });
  assert.equal(ok.status, 200, ok.text);

  // Cancelled: it cannot move any more, and the page is told so.
  const c = await h.api(srv, 'POST', `/v1/manage/${mine.token}/cancel`);
  assert.equal(c.status, 200, c.text);
  const refused = await reschedule(mine.token, { start: h.slotStart(30, '15:00') });
  assert.equal(refused.status, 409, refused.text);
  assert.equal(refused.body.error.code, 'not_reschedulable');
  const view = await h.api(srv, 'GET', `/v1/manage/${mine.token}`);
  assert.equal(view.body.reschedulable, false);
  assert.equal(view.body.reschedule_until, null);
  // The cancellation's calendar SEQUENCE follows the move: 2.
  const cancel = await mailWhere('mover2@example.com', (x) => /^Booking cancelled/.test(x.subject));
  assert.ok(icsLines(cancel.calendar).some(([k, v]) => k === 'SEQUENCE' && v === '2'));
});

test('inside the merchant\'s reschedule window: refused, and the manage page is told so', async () => {
  const mine = await confirmed('consult', h.slotStart(20, '09:00'), 'mover3@example.com');
  // The merchant now allows moves until 30 days before the start only: 20 days ahead is
  // already inside that window.
  const strict = structuredClone(catalog);
  strict.merchant.reschedule_until_min = 43200;
  const put = await h.api(srv, 'PUT', '/v1/admin/merchants/m_e2e', {
    body: { catalog: strict, stripe_account: h.ACCOUNT, allowed_origins: ['https://salon.example'] },
    headers: { authorization: `Bearer ${h.ADMIN}` },
  });
  assert.equal(put.status, 200, put.text);
  const view = await h.api(srv, 'GET', `/v1/manage/${mine.token}`);
  assert.equal(view.body.reschedulable, false);
  assert.equal(Date.parse(view.body.reschedule_until), Date.parse(h.slotStart(20, '09:00')) - 30 * 86400 * 1000);
  const r = await reschedule(mine.token, { start: h.slotStart(20, '11:00') });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'reschedule_window_closed');
  assert.equal((await h.bookingStatus(srv, mine.created)).booking.start, h.slotStart(20, '09:00'));
});

// Issue #12 item 2: the customer's zone sent with the booking (the widget sends the
// browser's) is kept when the core knows it, and the confirmation shows the time in it
// beside the merchant's; an unknown zone is ignored, never an error.
test('the customer\'s own zone in the confirmation; an unknown zone ignored', async () => {
  const start = h.slotStart(25, '10:00');
  const paris = await h.book(srv, 'consult', start, {
    customer: { name: 'Abroad', email: 'zone1@example.com' }, customer_zone: 'Europe/Paris',
  });
  assert.equal(paris.status, 201, paris.text);
  const m = await mailWhere('zone1@example.com', (x) => /^Booking confirmed/.test(x.subject));
  assert.match(m.text, /Your time/);
  // Both clocks, each with its own offset (5 or 6 hours apart, by the season).
  assert.match(m.text, /[0-9]:00 PM – [0-9]:15 PM \(Europe\/Paris time, UTC\+0[12]:00\)/);
  assert.match(m.text, /10:00 AM – 10:15 AM \(America\/New_York time, UTC-0[45]:00\)/);

  const unknown = await h.book(srv, 'consult', h.slotStart(25, '11:00'), {
    customer: { name: 'Nowhere', email: 'zone2@example.com' }, customer_zone: 'Mars/Olympus_Mons',
  });
  assert.equal(unknown.status, 201, unknown.text);
  const n = await mailWhere('zone2@example.com', (x) => /^Booking confirmed/.test(x.subject));
  assert.doesNotMatch(n.text, /Your time/);
  const same = await h.book(srv, 'consult', h.slotStart(25, '12:00'), {
    customer: { name: 'Local', email: 'zone3@example.com' }, customer_zone: 'America/Toronto',
  });
  assert.equal(same.status, 201, same.text);
  const t = await mailWhere('zone3@example.com', (x) => /^Booking confirmed/.test(x.subject));
  assert.doesNotMatch(t.text, /Your time/, 'the same clock as the merchant\'s: shown once');
});

// Issue #12 item 2: the customer's emails in the language the widget spoke (sent with the
// booking, kept as the tag of the table that serves it); the merchant's copy stays in
// English; a tag that is no language is ignored, never an error.
test('the customer\'s emails in the widget\'s language, the merchant\'s copy in English', async () => {
  const start = h.slotStart(26, '10:00');
  const es = await h.book(srv, 'consult', start, {
    customer: { name: 'Lucía <b>', email: 'lang1@example.com' }, customer_locale: 'es-MX',
  });
  assert.equal(es.status, 201, es.text);
  const m = await mailWhere('lang1@example.com', (x) => /^Reserva confirmada: /.test(x.subject));
  assert.match(m.html, /<html lang="es" dir="ltr">/);
  assert.doesNotMatch(m.text, /Booking confirmed/);
  const copy = await mailWhere(MERCHANT_EMAIL, (x) => /^New booking: .*\(Lucía <b>\)$/.test(x.subject));
  assert.match(copy.html, /<html lang="en"/);

  const odd = await h.book(srv, 'consult', h.slotStart(26, '11:00'), {
    customer: { name: 'Plain', email: 'lang2@example.com' }, customer_locale: 'en\r\nBcc: x@example.com',
  });
  assert.equal(odd.status, 201, odd.text);
  await mailWhere('lang2@example.com', (x) => /^Booking confirmed: /.test(x.subject));
});

// A move keeps the price the booking was sold at: the merchant raising the price and
// withdrawing the coupon since does not reach it, nor block the move.
test('a move keeps the price sold: a price rise and a withdrawn coupon since change nothing', async () => {
  const putCatalog = async (c) => {
    const put = await h.api(srv, 'PUT', '/v1/admin/merchants/m_e2e', {
      body: { catalog: c, stripe_account: h.ACCOUNT, allowed_origins: ['https://salon.example'] },
      headers: { authorization: `Bearer ${h.ADMIN}` },
    });
    assert.equal(put.status, 200, put.text);
  };
  const withCoupon = structuredClone(catalog);
  withCoupon.coupons = [{ code: 'TENOFF', rate_bps: 1000 }];
  await putCatalog(withCoupon);
  const start = h.slotStart(40, '09:00');
  const r = await h.book(srv, 'repair', start, { customer: { name: 'Keeper', email: 'keep1@example.com' }, coupon: 'TENOFF' });
  assert.equal(r.status, 201, r.text);
  const sold = r.body.booking.quote.total;
  assert.equal(sold, 8100, 'the coupon priced the booking');
  const m = await mailWhere('keep1@example.com', (x) => /^Booking confirmed/.test(x.subject));
  const token = m.text.match(/\/manage\.html#([A-Za-z0-9_.-]+)/)?.[1];
  assert.ok(token);

  const dearer = structuredClone(catalog);
  dearer.services.find((s) => s.id === 'repair').price = 12000;
  await putCatalog(dearer);  // no coupons any more
  const moved = await reschedule(token, { start: h.slotStart(41, '09:00') });
  assert.equal(moved.status, 200, moved.text);
  const after = await h.bookingStatus(srv, r.body);
  assert.equal(after.booking.start, h.slotStart(41, '09:00'));
  assert.equal(after.quote.total, sold);
  await putCatalog(catalog);
});

// The manage page's own free times: at capacity 1 the booking's seat hides the times that
// overlap it from the public availability, but the booking does not compete with itself,
// so its manage route offers them, and the move into one is accepted.
test('the manage route offers the times overlapping the booking\'s own, the public route does not', async () => {
  const start = h.slotStart(31, '10:00');
  const overlapping = h.slotStart(31, '10:15');
  const { created, token } = await confirmed('cut', start, 'overlap1@example.com');
  const day = start.slice(0, 10);
  const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86400000).toISOString().slice(0, 10);
  const q = `staff=ana&from=${day}&to=${next}`;
  const pub = await h.api(srv, 'GET', `/v1/merchants/m_e2e/availability?service=cut&${q}`);
  assert.equal(pub.status, 200, pub.text);
  const starts = (r) => r.body.slots.map((s) => Date.parse(s.start));
  assert.ok(!starts(pub).includes(Date.parse(overlapping)), 'the public route: taken');
  const own = await h.api(srv, 'GET', `/v1/manage/${token}/availability?${q}`);
  assert.equal(own.status, 200, own.text);
  assert.ok(starts(own).includes(Date.parse(overlapping)), 'the manage route: free for this booking');
  assert.ok(starts(own).includes(Date.parse(start)), 'its own time shows as free too');

  const bad = await h.api(srv, 'GET', `/v1/manage/${token}x/availability?${q}`);
  assert.ok(bad.status >= 400 && bad.status < 500, bad.text);
  const noDate = await h.api(srv, 'GET', `/v1/manage/${token}/availability?staff=ana`);
  assert.equal(noDate.status, 400, noDate.text);
  assert.equal(noDate.body.error.field, 'from');

  const moved = await reschedule(token, { start: overlapping });
  assert.equal(moved.status, 200, moved.text);
  assert.equal((await h.bookingStatus(srv, created)).booking.start, overlapping);
});
