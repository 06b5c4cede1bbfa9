// Charge after the service (issue #11 item 4) end to end over loopback, against the local
// Stripe server and a real SMTP sink:
//   - a deposit service saves the card with its PaymentIntent (customer +
//     setup_future_usage); completed -> the balance is charged off-session -> the webhook
//     records it: the booking is paid in full;
//   - a service with nothing due now answers a SetupIntent (kind "setup"), confirmed as
//     Stripe.js does -> confirmed; completed -> charged in full;
//   - a card that needs authentication on every charge, and one declined once saved:
//     completing answers the failure and a pay link for the balance reaches the customer.
// Completion needs the start to have passed: the server is restarted on the same database
// with its clock ahead (--test-clock-offset-s), the mock's webhook signatures likewise.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';
import * as mail from './mail_sink.mjs';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-charge-after-e2e-'));
const OWNER = 'owner@after.example';
const PASSWORD = 'correct horse battery staple 43';
const db = path.join(DIR, 'after.db');
let mock, sink, catalogFile, srv;

function start(offsetS = 0) {
  return h.startServer(mock, {
    db,
    args: [
      '--seed-owner',
      OWNER,
      '--seed-merchant',
      catalogFile,
      '--booking-rate',
      '0',
      '--smtp-url',
      `smtp://127.0.0.1:${sink.port}`,
      '--mail-interval-ms',
      '100',
      '--mail-retry-s',
      '1',
      ...(offsetS ? ['--test-clock-offset-s', String(offsetS)] : []),
    ],
    env: {
      SLOTPAY_SEED_OWNER_PASSWORD: PASSWORD,
      SLOTPAY_MASTER_KEY: 'c5'.repeat(32),
      SMTP_FROM: 'bookings@platform.example',
    },
  });
}

const signIn = (server) => h.signIn(server, OWNER, PASSWORD);
const as = (session, server, method, p, body) =>
  h.api(server, method, p, { body, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
const flush = () => h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
const row = async (server, id) => (await h.adminBookings(server)).find((b) => b.id === id);

// Confirms a SetupIntent as Stripe.js does: the publishable key, the connected account,
// the client secret.
async function confirmSetup(clientSecret, paymentMethod) {
  const id = clientSecret.split('_secret_')[0];
  const r = await fetch(`${mock.url}/v1/setup_intents/${id}/confirm`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${h.PK}`,
      'stripe-account': h.ACCOUNT,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ client_secret: clientSecret, payment_method: paymentMethod }).toString(),
  });
  return r.json();
}

const made = {};

before(async () => {
  mock = await h.startMock();
  sink = await mail.startSink(path.join(DIR, 'maildir'));
  const catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  for (const s of catalog.services) if (s.id === 'cut' || s.id === 'trio') s.charge_after_service = true;
  catalogFile = path.join(DIR, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(catalog));
  srv = await start();
});
after(async () => {
  await srv?.stop();
  await sink?.stop();
  await mock?.close();
  if (!process.env.KEEP) fs.rmSync(DIR, { recursive: true, force: true });
});

test('deposit service: the deposit is paid and the card saved on a Customer of the account', async () => {
  const r = await h.book(srv, 'cut', h.slotStart(2, '10:00'));
  assert.equal(r.status, 201, r.text);
  const b = r.body.booking;
  assert.equal(b.quote.charge_later, true);
  assert.ok(b.amount > 0 && b.amount < b.quote.total, 'the deposit now');
  assert.equal(b.payment.kind, 'payment');
  assert.equal(b.payment.charge_after_service, b.quote.due_later);
  const pi = await h.stripeApi(mock, 'GET', `/v1/payment_intents/${b.payment.payment_intent}`);
  assert.equal(pi.body.setup_future_usage, 'off_session');
  assert.match(pi.body.customer, /^cus_/);
  const cus = await h.stripeApi(mock, 'GET', `/v1/customers/${pi.body.customer}`);
  assert.equal(cus.body.email, r.body.booking.customer.email);
  assert.equal(cus.body.metadata.booking_id, b.id);
  const log = await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/customers&method=POST');
  assert.ok(log.data.some((e) => e.idempotency_key === `booking_${b.id}_customer` && e.account === h.ACCOUNT));

  const paid = await h.stripeApi(mock, 'POST', `/v1/payment_intents/${b.payment.payment_intent}/confirm`, {
    payment_method: 'pm_card_visa',
  });
  assert.equal(paid.body.status, 'succeeded');
  await flush();
  const stored = await h.waitFor(async () => {
    const x = await row(srv, b.id);
    return x.status === 'confirmed' && x.charge_after_service?.card_saved ? x : null;
  });
  assert.ok(stored, 'confirmed with its card saved');
  assert.equal(stored.paid_amount, b.amount);
  made.deposit = { id: b.id, total: b.quote.total, deposit: b.amount, pi: b.payment.payment_intent };
});

test('nothing due now: a SetupIntent (kind "setup") confirmed as Stripe.js does confirms the booking', async () => {
  for (const [name, card, hhmm] of [
    ['zero', 'pm_card_visa', '11:00'],
    ['auth', 'pm_card_authenticationRequired', '13:00'],
    ['declined', 'pm_card_chargeCustomerFail', '15:00'],
  ]) {
    const r = await h.book(srv, 'trio', h.slotStart(2, hhmm));
    assert.equal(r.status, 201, r.text);
    const b = r.body.booking;
    assert.equal(b.status, 'awaiting_payment');
    assert.equal(b.amount, 0);
    assert.equal(b.quote.due_now, 0);
    assert.equal(b.payment.kind, 'setup');
    assert.equal(b.payment.charge_after_service, 3000);
    assert.match(b.payment.client_secret, /^seti_.+_secret_/);
    let si = await confirmSetup(b.payment.client_secret, card);
    if (card === 'pm_card_authenticationRequired') {
      assert.equal(si.status, 'requires_action', JSON.stringify(si));
      const auth = await h.mockControl(mock, 'GET', `/_mock/3ds/${si.id}?result=success`);
      assert.match(String(auth), /succeeded/);
    } else {
      assert.equal(si.status, 'succeeded', JSON.stringify(si));
    }
    await flush();
    const stored = await h.waitFor(async () => {
      const x = await row(srv, b.id);
      return x.status === 'confirmed' && x.charge_after_service?.card_saved ? x : null;
    });
    assert.ok(stored, `${name}: confirmed with the card saved`);
    assert.equal(stored.paid_amount, 0);
    made[name] = { id: b.id, email: r.body.booking.customer.email };
  }
});

test('completed after the service: charged off-session, or the failure answered and a pay link emailed', async () => {
  assert.ok(made.deposit && made.zero && made.auth && made.declined, 'the bookings above were made');
  const early = await as(await signIn(srv), srv, 'POST', `/v1/merchant/bookings/${made.zero.id}/complete`);
  assert.equal(early.body.error.code, 'booking_not_started');
  await srv.stop();
  srv = await start(3 * 86400);
  // The mock signs its webhooks as a clock three days ahead too (the server checks the
  // signature's age against its own clock).
  await h.mockControl(mock, 'POST', '/_mock/webhooks/config', { clock_offset_s: 3 * 86400 });
  const owner = await signIn(srv);

  // The deposit booking: the balance charged on the saved card, the platform's fee on it.
  const c1 = await as(owner, srv, 'POST', `/v1/merchant/bookings/${made.deposit.id}/complete`);
  assert.equal(c1.status, 200, c1.text);
  assert.equal(c1.body.booking.status, 'completed');
  const balance = made.deposit.total - made.deposit.deposit;
  assert.equal(c1.body.charge.status, 'charged', c1.text);
  assert.equal(c1.body.charge.amount, balance);
  const pi = await h.stripeApi(mock, 'GET', `/v1/payment_intents/${c1.body.charge.payment_intent}`);
  assert.equal(pi.body.status, 'succeeded');
  assert.equal(pi.body.amount, balance);
  assert.equal(pi.body.application_fee_amount, Math.round(balance * 0.05), '5%; the fixed fee went with the deposit');
  const create = await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/payment_intents&method=POST');
  assert.ok(create.data.some((e) => e.idempotency_key === `booking_${made.deposit.id}_balance`));
  const paid = await h.waitFor(async () => {
    const x = await row(srv, made.deposit.id);
    return x.paid_amount === made.deposit.total ? x : null;
  });
  assert.ok(paid, 'the webhook recorded the balance: paid in full');
  // Completed twice: no second charge.
  const again = await as(owner, srv, 'POST', `/v1/merchant/bookings/${made.deposit.id}/complete`);
  assert.equal(again.body.outcome, 'already_marked');
  assert.equal(again.body.charge, undefined);

  // Nothing paid at booking: the whole price charged now.
  const c2 = await as(owner, srv, 'POST', `/v1/merchant/bookings/${made.zero.id}/complete`);
  assert.equal(c2.status, 200, c2.text);
  assert.equal(c2.body.charge.status, 'charged', c2.text);
  assert.equal(c2.body.charge.amount, 3000);
  const zero = await h.waitFor(async () => {
    const x = await row(srv, made.zero.id);
    return x.paid_amount === 3000 ? x : null;
  });
  assert.ok(zero, 'paid 3000 after the service');
  assert.equal(zero.payment_intent, c2.body.charge.payment_intent, 'refunds go to that charge');

  // Failures: completed all the same, the failure shown, a pay link for the balance emailed.
  for (const [name, code] of [
    ['auth', 'authentication_required'],
    ['declined', 'card_declined'],
  ]) {
    const c = await as(owner, srv, 'POST', `/v1/merchant/bookings/${made[name].id}/complete`);
    assert.equal(c.status, 200, c.text);
    assert.equal(c.body.booking.status, 'completed');
    assert.equal(c.body.charge.status, 'failed', c.text);
    assert.equal(c.body.charge.code, code);
    assert.ok(c.body.charge.message.length > 0);
    assert.equal(c.body.charge.pay_link.amount, 3000);
    assert.equal(c.body.charge.pay_link.emailed, true);
    const token = c.body.charge.pay_link.url.split('#')[1];
    const email = await h.waitFor(
      () =>
        mail
          .delivered(sink.maildir)
          .find((m) => m.to.includes(made[name].email) && `${m.text}${m.html}`.includes(token)),
      { timeoutMs: 15000 },
    );
    assert.ok(email, `${name}: the pay link reached the customer`);
    assert.match(email.subject, /^Payment for your booking/);
    // The link is payable: its page shows the balance.
    const view = await h.api(srv, 'GET', `/v1/pay/${token}`);
    assert.equal(view.status, 200, view.text);
    assert.equal(view.body.pay.amount, 3000);
    assert.equal((await row(srv, made[name].id)).paid_amount, 0);
  }
  const invalid = await h.mockControl(mock, 'GET', '/_mock/validation_errors');
  assert.equal(invalid.count, 0, JSON.stringify(invalid.data));
  // No secret key in anything the server answered.
  assert.ok(!h.seenBodies.some((t) => t.includes(h.SK)));
});
