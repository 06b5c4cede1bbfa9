// The merchant's money operations (issue #11 items 1 and 2) end to end over loopback, against
// the local Stripe server: partial refunds up to what was paid (a double click refunds once),
// a refund beyond the remainder refused, staff refused, the merchant's cancel refunding what
// is left, and after the start (the server restarted with its clock ahead) no-show and
// completed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const OWNER = 'owner@e2e.example';
const PASSWORD = 'correct horse battery staple 42';
const ownerArgs = ['--seed-owner', OWNER];
const ownerEnv = { SLOTPAY_SEED_OWNER_PASSWORD: PASSWORD };

let mock, srv, owner;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ownerArgs, env: ownerEnv });
  owner = await h.signIn(srv, OWNER, PASSWORD);
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

// A state-changing call as a signed-in user (session cookie + CSRF header).
function as(session, server, method, p, { body, headers = {} } = {}) {
  return h.api(server, method, p, {
    body, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers },
  });
}

const flush = () => h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });

async function paidBooking(server, service, start) {
  const r = await h.book(server, service, start);
  assert.equal(r.status, 201, r.text);
  const pi = r.body.booking.payment.payment_intent;
  await h.stripeApi(mock, 'POST', `/v1/payment_intents/${pi}/confirm`, { payment_method: 'pm_card_visa' });
  await flush();
  await h.waitFor(async () => (await h.bookingStatus(server, r.body)).status === 'confirmed');
  return { created: r.body, id: r.body.booking.id, pi, paid: r.body.booking.amount };
}

const refund = (server, session, id, body, key) =>
  as(session, server, 'POST', `/v1/merchant/bookings/${id}/refunds`, {
    body, headers: key === undefined ? {} : { 'idempotency-key': key },
  });

async function chargeOf(pi) {
  const intent = await h.stripeApi(mock, 'GET', `/v1/payment_intents/${pi}`);
  return (await h.stripeApi(mock, 'GET', `/v1/charges/${intent.body.latest_charge}`)).body;
}

test('partial refunds up to what was paid; the same key refunds once; beyond it refused', async () => {
  const { id, pi, paid } = await paidBooking(srv, 'trio', h.slotStart(20, '10:00'));
  assert.ok(paid >= 3000, `a price that splits (${paid})`);

  const first = await refund(srv, owner, id, { amount: 1000, reason: 'requested_by_customer' }, 'click-1');
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.refund.amount, 1000);
  assert.equal(first.body.booking.refunded_amount, 1000);
  assert.equal(first.body.booking.refundable, paid - 1000);

  // A double click: the same key and body, sent again, and twice at once.
  const again = await Promise.all([
    refund(srv, owner, id, { amount: 1000, reason: 'requested_by_customer' }, 'click-1'),
    refund(srv, owner, id, { amount: 1000, reason: 'requested_by_customer' }, 'click-1'),
  ]);
  for (const r of again) {
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.refund.id, first.body.refund.id, 'the same refund, not a new one');
  }
  assert.equal((await chargeOf(pi)).amount_refunded, 1000, 'Stripe refunded once');

  const second = await refund(srv, owner, id, { amount: 500 }, 'click-2');
  assert.equal(second.status, 201, second.text);
  assert.equal(second.body.booking.refunded_amount, 1500);

  const beyond = await refund(srv, owner, id, { amount: paid - 1500 + 1 }, 'click-3');
  assert.equal(beyond.status, 422, beyond.text);
  assert.equal(beyond.body.error.code, 'refund_exceeds_remaining');
  assert.equal(beyond.body.error.field, 'amount');
  assert.equal((await chargeOf(pi)).amount_refunded, 1500, 'nothing more reached Stripe');

  // The same key for a different refund is refused by Stripe's idempotency: our code.
  const reused = await refund(srv, owner, id, { amount: 100 }, 'click-2');
  assert.equal(reused.status, 409, reused.text);
  assert.equal(reused.body.error.code, 'idempotency_key_reused');

  // The webhooks that follow change nothing.
  await flush();
  const row = (await h.adminBookings(srv)).find((b) => b.id === id);
  assert.equal(row.refunded_amount, 1500);
  assert.equal(row.refunds.length, 2);
  assert.equal(row.status, 'confirmed', 'a refund alone does not cancel the booking');
});

test('a refund needs an Idempotency-Key and a valid amount; unknown bookings are not found', async () => {
  const { id } = await paidBooking(srv, 'trio', h.slotStart(20, '11:00'));
  const noKey = await refund(srv, owner, id, { amount: 100 });
  assert.equal(noKey.status, 400);
  assert.equal(noKey.body.error.field, 'Idempotency-Key');
  const badAmount = await refund(srv, owner, id, { amount: 1.5 }, 'k-amount');
  assert.equal(badAmount.status, 400);
  assert.equal(badAmount.body.error.field, 'amount');
  const unknown = await refund(srv, owner, 'bk_does_not_exist', { amount: 100 }, 'k-unknown');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'booking_not_found');
  // Without the CSRF header a session cannot refund.
  const noCsrf = await h.api(srv, 'POST', `/v1/merchant/bookings/${id}/refunds`, {
    body: { amount: 100 }, headers: { cookie: owner.cookie, 'idempotency-key': 'k-csrf' },
  });
  assert.equal(noCsrf.status, 403, noCsrf.text);
  // No credentials at all.
  const anonymous = await h.api(srv, 'POST', `/v1/merchant/bookings/${id}/refunds`, {
    body: { amount: 100 }, headers: { 'idempotency-key': 'k-anon' },
  });
  assert.equal(anonymous.status, 401);
});

test('staff cannot refund or cancel', async () => {
  const created = await as(owner, srv, 'POST', '/v1/merchant/users', {
    body: { email: 'staff@e2e.example', password: 'another good password 7', role: 'staff' },
  });
  assert.equal(created.status, 201, created.text);
  const staff = await h.signIn(srv, 'staff@e2e.example', 'another good password 7');
  const { id, pi } = await paidBooking(srv, 'trio', h.slotStart(20, '12:00'));
  const r = await refund(srv, staff, id, { amount: 100 }, 'staff-1');
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.code, 'forbidden');
  const c = await as(staff, srv, 'POST', `/v1/merchant/bookings/${id}/cancel`);
  assert.equal(c.status, 403);
  assert.equal((await chargeOf(pi)).amount_refunded, 0);
});

test("the merchant's cancel refunds all that is left, platform fee included", async () => {
  const { id, pi, paid } = await paidBooking(srv, 'cut', h.slotStart(21, '10:00'));
  const part = await refund(srv, owner, id, { amount: 700 }, 'before-cancel');
  assert.equal(part.status, 201, part.text);
  const c = await as(owner, srv, 'POST', `/v1/merchant/bookings/${id}/cancel`);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.booking.status, 'cancelled');
  assert.equal(c.body.booking.refunded_amount, paid, 'the earlier refund still counts, before any webhook');
  await flush();
  const charge = await chargeOf(pi);
  assert.equal(charge.amount_refunded, paid, 'everything paid went back, in two refunds');
  const row = (await h.adminBookings(srv)).find((b) => b.id === id);
  assert.equal(row.refunded_amount, paid);
  // Cancelling again: the same answer, nothing more at Stripe.
  const again = await as(owner, srv, 'POST', `/v1/merchant/bookings/${id}/cancel`);
  assert.equal(again.status, 200, again.text);
  assert.equal((await chargeOf(pi)).amount_refunded, paid);
  // Nothing left to refund.
  const more = await refund(srv, owner, id, { amount: 1 }, 'after-cancel');
  assert.equal(more.status, 409);
  assert.equal(more.body.error.code, 'nothing_to_refund');
});

function localDate(daysAhead) {
  return h.slotStart(daysAhead, '12:00').slice(0, 10);
}

test('the report: streamed CSV and JSON, to the cent against the bookings', async () => {
  const from = localDate(19);
  const to = localDate(22);
  const csv = await h.api(srv, 'GET', `/v1/merchant/reports/bookings?from=${from}&to=${to}&format=csv&bom=1`, {
    headers: { cookie: owner.cookie },
  });
  assert.equal(csv.status, 200, csv.text);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.equal(csv.headers.get('transfer-encoding'), 'chunked', 'streamed, not built whole');
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="slotpay-bookings-/);
  // fetch's text() drops a BOM: the bytes themselves.
  const raw = Buffer.from(await (await fetch(`${srv.url}/v1/merchant/reports/bookings?from=${from}&to=${to}&bom=1`, {
    headers: { cookie: owner.cookie },
  })).arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 BOM first');
  assert.ok(raw.subarray(3).toString('utf8').startsWith('booking_id,'), 'then the header row');

  const rows = (await h.adminBookings(srv)).filter((b) => {
    const day = b.booking.start.slice(0, 10);
    return day >= from && day <= to;
  });
  assert.ok(rows.length >= 4, `bookings in the range (${rows.length})`);
  for (const b of rows) assert.ok(csv.text.includes(b.id), `${b.id} in the CSV`);

  const json = await h.api(srv, 'GET', `/v1/merchant/reports/bookings?from=${from}&to=${to}&format=json`, {
    headers: { cookie: owner.cookie },
  });
  assert.equal(json.status, 200, json.text);
  assert.equal(json.body.bookings.length, rows.length);
  const usd = json.body.totals.by_currency.usd;
  const paid = rows.reduce((s, b) => s + (b.paid_amount || 0), 0);
  const refunded = rows.reduce((s, b) => s + (b.refunded_amount || 0), 0);
  assert.equal(usd.gross, paid);
  assert.equal(usd.refunds, refunded);
  assert.equal(usd.net, usd.gross - usd.application_fees - usd.refunds - usd.disputes);
  assert.equal(usd.bookings, rows.length);

  const totals = await h.api(srv, 'GET', `/v1/merchant/reports/totals?from=${from}&to=${to}`, {
    headers: { cookie: owner.cookie },
  });
  assert.equal(totals.status, 200);
  assert.match(totals.text, /^section,currency,key,bookings,gross/);

  const bad = await h.api(srv, 'GET', `/v1/merchant/reports/bookings?from=${to}&to=${from}`, {
    headers: { cookie: owner.cookie },
  });
  if (from !== to) {
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'to');
  }
  const anonymous = await h.api(srv, 'GET', `/v1/merchant/reports/bookings?from=${from}&to=${to}`);
  assert.equal(anonymous.status, 401);
});

test('no-show and completed: refused before the start, accepted after it', async () => {
  const noShow = await paidBooking(srv, 'cut', h.slotStart(3, '10:00'));
  const done = await paidBooking(srv, 'trio', h.slotStart(3, '11:00'));
  const early = await as(owner, srv, 'POST', `/v1/merchant/bookings/${noShow.id}/no-show`);
  assert.equal(early.status, 409, early.text);
  assert.equal(early.body.error.code, 'booking_not_started');
  const earlyDone = await as(owner, srv, 'POST', `/v1/merchant/bookings/${done.id}/complete`);
  assert.equal(earlyDone.body.error.code, 'booking_not_started');

  // Four days later: the same database (this is the file's last test: the first server
  // stops, SQLite has one writer), the server's clock ahead.
  await srv.stop();
  const later = await h.startServer(mock, {
    db: srv.db, args: [...ownerArgs, '--test-clock-offset-s', String(4 * 86400)], env: ownerEnv,
  });
  try {
    const session = await h.signIn(later, OWNER, PASSWORD);
    // 'cut' has no no-show fee in its policy: everything paid is kept.
    const ns = await as(session, later, 'POST', `/v1/merchant/bookings/${noShow.id}/no-show`);
    assert.equal(ns.status, 200, ns.text);
    assert.equal(ns.body.booking.status, 'no_show');
    assert.equal(ns.body.outcome, 'marked_no_show');
    assert.equal((await chargeOf(noShow.pi)).amount_refunded, 0, 'the no-show fee is all of it');
    const c = await as(session, later, 'POST', `/v1/merchant/bookings/${done.id}/complete`);
    assert.equal(c.status, 200, c.text);
    assert.equal(c.body.booking.status, 'completed');
    // Completed twice: the same answer; a completed booking can no longer be cancelled.
    const again = await as(session, later, 'POST', `/v1/merchant/bookings/${done.id}/complete`);
    assert.equal(again.status, 200);
    assert.equal(again.body.outcome, 'already_marked');
    const cancel = await as(session, later, 'POST', `/v1/merchant/bookings/${done.id}/cancel`);
    assert.equal(cancel.status, 409);
    assert.equal(cancel.body.error.code, 'not_cancellable');
    // A completed booking can still be refunded (a goodwill refund).
    const goodwill = await refund(later, session, done.id, { amount: 300 }, 'goodwill');
    assert.equal(goodwill.status, 201, goodwill.text);
  } finally {
    await later.stop();
  }
});
