// Phone bookings and pay-by-link (issue #11 item 3) end to end over loopback, against the
// local Stripe server: a phone booking holds its seat (a public booking of the same full
// slot is refused); its link -> the page's data -> the link's PaymentIntent (the same one
// every time, with the platform's fee) -> payment_intent.succeeded -> the booking paid;
// the paid link refused; an expired link refused; a deposit booking's balance paid by
// link; the link emailed through the outbox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const OWNER = 'owner@pay.example';
const PASSWORD = 'correct horse battery staple 42';
const MASTER_KEY = 'b4'.repeat(32);
const serverOptions = (extra = []) => ({
  args: ['--seed-owner', OWNER, ...extra],
  env: { SLOTPAY_SEED_OWNER_PASSWORD: PASSWORD, SLOTPAY_MASTER_KEY: MASTER_KEY },
});

let mock, srv, owner;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, serverOptions());
  owner = await signIn(srv);
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

const signIn = (server, email = OWNER, password = PASSWORD) => h.signIn(server, email, password);

function as(session, server, method, p, body) {
  return h.api(server, method, p, { body, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
}

const flush = () => h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
const tokenOf = (url) => url.split('#')[1];
const row = async (server, id) => (await h.adminBookings(server)).find((b) => b.id === id);

async function phoneBooking(server, session, service, start, extra = {}) {
  return as(session, server, 'POST', '/v1/merchant/bookings', h.bookingRequest(service, start, extra));
}

// Pays a link's intent as the customer's browser would (Stripe.js confirms it).
async function payIntent(server, token) {
  const intent = await h.api(server, 'POST', `/v1/pay/${token}/intent`);
  assert.equal(intent.status, 200, intent.text);
  const paid = await h.stripeApi(mock, 'POST', `/v1/payment_intents/${intent.body.payment.payment_intent}/confirm`, {
    payment_method: 'pm_card_visa',
  });
  assert.equal(paid.body.status, 'succeeded', JSON.stringify(paid.body));
  await flush();
  return intent.body;
}

test('a phone booking holds its seat with nothing paid; a public booking of the full slot is refused', async () => {
  const start = h.slotStart(21, '10:00');
  const r = await phoneBooking(srv, owner, 'cut', start);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.booking.status, 'confirmed', 'confirmed at once: the seat is kept, the price due');
  assert.equal(r.body.booking.amount, 0, 'nothing charged now');
  assert.equal(r.body.pay_link, undefined, 'no link unless asked for');

  const other = await h.book(srv, 'cut', start);
  assert.equal(other.status, 409, other.text);
  assert.equal(other.body.error.code, 'slot_unavailable');

  const stored = await row(srv, r.body.booking.id);
  assert.equal(stored.status, 'confirmed');
  assert.equal(stored.paid_amount, 0);

  // The core checks the slot as for any booking: a slot off the grid is refused.
  const bad = await phoneBooking(srv, owner, 'cut', start.replace(':00:00', ':07:00'));
  assert.equal(bad.status, 422, bad.text);
  // Signed out (no session): refused.
  const anon = await h.api(srv, 'POST', '/v1/merchant/bookings', { body: h.bookingRequest('cut', h.slotStart(21, '12:00')) });
  assert.equal(anon.status, 401, anon.text);
});

test('link -> page data -> one PaymentIntent -> webhook -> booking paid; the paid link is refused', async () => {
  const created = await phoneBooking(srv, owner, 'cut', h.slotStart(22, '10:00'));
  assert.equal(created.status, 201, created.text);
  const id = created.body.booking.id;
  const total = created.body.booking.quote.total; // the service's price with its tax
  assert.ok(total > 4500, `taxed (${total})`);

  const link = await as(owner, srv, 'POST', `/v1/merchant/bookings/${id}/pay-link`, {});
  assert.equal(link.status, 201, link.text);
  assert.ok(link.body.pay_link.url.startsWith(`${srv.url}/pay.html#`), link.body.pay_link.url);
  assert.equal(link.body.pay_link.amount, total, 'a phone booking owes its full price');
  const again = await as(owner, srv, 'POST', `/v1/merchant/bookings/${id}/pay-link`, {});
  assert.equal(again.body.pay_link.url, link.body.pay_link.url, 'a second click: the same link');
  const token = tokenOf(link.body.pay_link.url);

  const view = await h.api(srv, 'GET', `/v1/pay/${token}`);
  assert.equal(view.status, 200, view.text);
  assert.equal(view.body.booking.id, id);
  assert.deepEqual([view.body.pay.amount, view.body.pay.currency], [total, 'usd']);

  // The same link always gets the same PaymentIntent, even asked twice at once.
  const [a, b] = await Promise.all([
    h.api(srv, 'POST', `/v1/pay/${token}/intent`),
    h.api(srv, 'POST', `/v1/pay/${token}/intent`),
  ]);
  assert.equal(a.status, 200, a.text);
  assert.equal(b.status, 200, b.text);
  assert.equal(a.body.payment.payment_intent, b.body.payment.payment_intent);
  assert.equal(a.body.payment.stripe_account, h.ACCOUNT);
  assert.equal(a.body.payment.publishable_key, h.PK);
  const pi = a.body.payment.payment_intent;
  const intent = await h.stripeApi(mock, 'GET', `/v1/payment_intents/${pi}`);
  assert.equal(intent.body.amount, total);
  assert.equal(intent.body.application_fee_amount, Math.round(total * 0.05) + 30, '5% + the fixed 30');

  await payIntent(srv, token);
  const paid = await h.waitFor(async () => {
    const b2 = await row(srv, id);
    return b2.paid_amount === total ? b2 : null;
  });
  assert.ok(paid, 'the payment is recorded on the booking');
  assert.equal(paid.status, 'confirmed');

  const used = await h.api(srv, 'GET', `/v1/pay/${token}`);
  assert.equal(used.status, 409, used.text);
  assert.equal(used.body.error.code, 'pay_link_used');
  const usedIntent = await h.api(srv, 'POST', `/v1/pay/${token}/intent`);
  assert.equal(usedIntent.status, 409);
  assert.equal(usedIntent.body.error.code, 'pay_link_used');
  // Nothing is due any more: no new link either.
  const none = await as(owner, srv, 'POST', `/v1/merchant/bookings/${id}/pay-link`, {});
  assert.equal(none.status, 409, none.text);
  assert.equal(none.body.error.code, 'booking_not_payable');
  // Another success event for the same intent (a new event id) changes nothing.
  const again2 = await h.mockControl(mock, 'POST', '/_mock/events/trigger', { type: 'payment_intent.succeeded', object_id: pi });
  assert.ok(again2.id?.startsWith('evt_'), JSON.stringify(again2));
  await flush();
  assert.equal((await row(srv, id)).paid_amount, total);
});

test('a deposit booking: its balance paid by link, the fixed fee not charged twice', async () => {
  const r = await h.book(srv, 'cut', h.slotStart(23, '10:00'));
  assert.equal(r.status, 201, r.text);
  const deposit = r.body.booking.amount;
  const total = r.body.booking.quote.total;
  assert.ok(deposit > 0 && deposit < total, `a deposit (${deposit} of ${total})`);
  await h.stripeApi(mock, 'POST', `/v1/payment_intents/${r.body.booking.payment.payment_intent}/confirm`, {
    payment_method: 'pm_card_visa',
  });
  await flush();
  assert.ok(await h.waitFor(async () => (await h.bookingStatus(srv, r.body)).status === 'confirmed'));

  const link = await as(owner, srv, 'POST', `/v1/merchant/bookings/${r.body.booking.id}/pay-link`, {});
  assert.equal(link.status, 201, link.text);
  assert.equal(link.body.pay_link.amount, total - deposit, 'the balance after the deposit');
  const body = await payIntent(srv, tokenOf(link.body.pay_link.url));
  const intent = await h.stripeApi(mock, 'GET', `/v1/payment_intents/${body.payment.payment_intent}`);
  assert.equal(intent.body.application_fee_amount, Math.round((total - deposit) * 0.05),
               '5% of the balance; the fixed fee went with the deposit');
  const paid = await h.waitFor(async () => {
    const b2 = await row(srv, r.body.booking.id);
    return b2.paid_amount === total ? b2 : null;
  });
  assert.ok(paid, 'deposit + balance');
  assert.equal(paid.status, 'confirmed');
});

test('send_pay_link: the phone booking answers its link and the outbox holds the email', async () => {
  const r = await phoneBooking(srv, owner, 'trio', h.slotStart(24, '10:00'), { send_pay_link: true });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.pay_link.amount, 3000);
  assert.equal(r.body.pay_link.emailed, true);
  const token = tokenOf(r.body.pay_link.url);
  const found = await h.waitFor(async () => {
    const list = await h.api(srv, 'GET', '/demo/outbox');
    const id = list.text.match(/<td>payment_link<\/td>[\s\S]*?href="\/demo\/outbox\/(msg_[0-9a-f]+)"/)?.[1];
    if (!id) return null;
    const msg = await h.api(srv, 'GET', `/demo/outbox/${id}`);
    return msg.text.includes(token) ? msg : null;
  });
  assert.ok(found, 'the payment_link email carries the link');

  const badFlag = await phoneBooking(srv, owner, 'trio', h.slotStart(24, '11:00'), { send_pay_link: 'yes' });
  assert.equal(badFlag.status, 400);
  assert.equal(badFlag.body.error.field, 'send_pay_link');
});

test('tokens: an altered link is refused; an expired link is refused', async () => {
  const created = await phoneBooking(srv, owner, 'trio', h.slotStart(25, '10:00'));
  const link = await as(owner, srv, 'POST', `/v1/merchant/bookings/${created.body.booking.id}/pay-link`, {});
  const token = tokenOf(link.body.pay_link.url);
  const altered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
  const bad = await h.api(srv, 'GET', `/v1/pay/${altered}`);
  assert.equal(bad.status, 404, bad.text);
  assert.equal(bad.body.error.code, 'link_bad_signature');

  const short = await h.startServer(mock, serverOptions(['--pay-link-seconds', '1']));
  try {
    const session = await signIn(short);
    const b = await phoneBooking(short, session, 'trio', h.slotStart(25, '11:00'));
    assert.equal(b.status, 201, b.text);
    const l = await as(session, short, 'POST', `/v1/merchant/bookings/${b.body.booking.id}/pay-link`, {});
    assert.equal(l.status, 201, l.text);
    await h.sleep(2100);
    for (const [method, p] of [['GET', ''], ['POST', '/intent']]) {
      const r = await h.api(short, method, `/v1/pay/${tokenOf(l.body.pay_link.url)}${p}`);
      assert.equal(r.status, 410, r.text);
      assert.equal(r.body.error.code, 'pay_link_expired');
    }
  } finally {
    await short.stop();
    await h.mockControl(mock, 'POST', '/_mock/webhooks/config', { url: srv.url + '/v1/stripe/webhook' });
  }
});

test('staff take phone bookings and send links too; nothing due on a free booking', async () => {
  const user = await as(owner, srv, 'POST', '/v1/merchant/users', {
    email: 'staff@pay.example', password: 'another good password 7', role: 'staff',
  });
  assert.equal(user.status, 201, user.text);
  const staff = await signIn(srv, 'staff@pay.example', 'another good password 7');
  const r = await phoneBooking(srv, staff, 'trio', h.slotStart(27, '10:00'));
  assert.equal(r.status, 201, r.text);
  const link = await as(staff, srv, 'POST', `/v1/merchant/bookings/${r.body.booking.id}/pay-link`, { send_email: true });
  assert.equal(link.status, 201, link.text);
  assert.equal(link.body.pay_link.emailed, true);
  const unknownField = await as(staff, srv, 'POST', `/v1/merchant/bookings/${r.body.booking.id}/pay-link`, { amount: 1 });
  assert.equal(unknownField.status, 400);
  assert.equal(unknownField.body.error.code, 'unknown_field');
  const missing = await as(staff, srv, 'POST', '/v1/merchant/bookings/bk_nope/pay-link', {});
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'booking_not_found');

  const free = await phoneBooking(srv, owner, 'consult', h.slotStart(27, '11:00'));
  assert.equal(free.status, 201, free.text);
  assert.equal(free.body.booking.status, 'confirmed');
  const none = await as(owner, srv, 'POST', `/v1/merchant/bookings/${free.body.booking.id}/pay-link`, {});
  assert.equal(none.status, 409, none.text);
  assert.equal(none.body.error.code, 'booking_not_payable');
});
