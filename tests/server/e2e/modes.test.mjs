// Issue #10 item 6 end to end: a merchant's test and live sides. The local Stripe server
// runs over https (a self-signed certificate the server is told to trust), since the
// server sends live keys only over https, and takes one live key set (objects made with it
// are live and invisible to test keys). A merchant in API-key mode takes a paid test
// booking, saves live keys and takes a paid live booking; reports, totals and the
// bookings list show only their mode's bookings (to the id and the cent); an API key
// reads its own mode only (403); the test side stays stored and usable while live is
// active; saving test keys again switches back, and PUT /v1/merchant/mode switches between
// the sides set up (an API key only to its own mode); each mode's webhook secret speaks
// for its own mode's events only.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { signPayload, startStripeMock } from '../../stripe_mock/server.mjs';
import * as h from './harness.mjs';

const MASTER_KEY = 'c7'.repeat(32);
const TEST = { publishable_key: 'pk_test_modes_merchant_T41', secret_key: 'sk_test_modes_merchant_T41',
               webhook_secret: 'whsec_modes_merchant_test_5c' };
const LIVE = { publishable_key: 'pk_live_modes_merchant_L93', secret_key: 'sk_live_modes_merchant_L93',
               webhook_secret: 'whsec_modes_merchant_live_8e' };

let mock, srv, ca, dir;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-modes-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
                           '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1',
                           '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore', timeout: 15000 });
  ca = fs.readFileSync(cert);
  mock = await startStripeMock({
    host: '127.0.0.1', port: 0, quiet: true, tls: { key: fs.readFileSync(key), cert: ca },
    webhookSecret: h.WHSEC, secretKeys: [h.SK, TEST.secret_key], publishableKeys: [h.PK, TEST.publishable_key],
    liveSecretKeys: [LIVE.secret_key], livePublishableKeys: [LIVE.publishable_key],
  });
  assert.match(mock.url, /^https:\/\/127\.0\.0\.1:/);
  srv = await h.spawnSlotpayServer(
    ['--listen', '127.0.0.1:0', '--db', h.tempDb(), '--stripe-api-base', mock.url, '--stripe-ca-file', cert,
     '--stripe-timeout-ms', '3000', '--maintenance-ms', '250', '--booking-rate', '0', '--read-rate', '0',
     '--max-holds-per-client', '0', '--max-holds-per-merchant', '0', '--webhook-rate', '0'],
    { STRIPE_SECRET_KEY: h.SK, STRIPE_PUBLISHABLE_KEY: h.PK, STRIPE_WEBHOOK_SECRET: h.WHSEC, ADMIN_TOKEN: h.ADMIN,
      SLOTPAY_MASTER_KEY: MASTER_KEY });
});
after(async () => {
  if (srv && !srv.exited) {
    const done = new Promise((r) => srv.child.once('exit', r));
    srv.child.kill('SIGTERM');
    await Promise.race([done, h.sleep(10000).then(() => srv.child.kill('SIGKILL'))]);
  }
  await mock?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// A call to the local Stripe over https, with a merchant's own key (as its customer's
// browser would confirm with Stripe.js; here with the secret key, for brevity).
function stripe(method, p, params, secretKey) {
  const body = params ? new URLSearchParams(params).toString() : '';
  return new Promise((resolve, reject) => {
    const req = https.request(`${mock.url}${p}`, {
      method, ca, timeout: 15000,
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/x-www-form-urlencoded',
                 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

async function signUp(email) {
  const r = await h.api(srv, 'POST', '/v1/merchant/signup', {
    body: { email, password: 'a long enough passphrase 42', business_name: 'Modes Studio',
            timezone: 'America/New_York', currency: 'USD' },
  });
  assert.equal(r.status, 201, r.text);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const who = { id: r.body.merchant.id };
  who.call = (method, p, opts = {}) =>
    h.api(srv, method, p, { ...opts, headers: { cookie, 'x-csrf-token': r.body.csrf_token, ...(opts.headers || {}) } });
  const catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  catalog.merchant.id = who.id;
  delete catalog.merchant.platform_fee;
  const put = await who.call('PUT', '/v1/merchant/catalog', { body: { catalog } });
  assert.equal(put.status, 200, put.text);
  return who;
}

// The events the local Stripe made about a PaymentIntent, newest last.
function eventsAbout(pi, type) {
  const st = mock.mock.state;
  return st.events.map((id) => st.objects.get(id).obj).filter((e) => e.type === type && e.data.object.id === pi);
}

// Stripe delivering an event to the merchant's endpoint, signed with one of its secrets.
function deliver(m, event, secret) {
  const raw = JSON.stringify(event);
  return h.api(srv, 'POST', `/v1/stripe/webhook/${m.id}`, {
    raw, headers: { 'content-type': 'application/json', 'stripe-signature': signPayload(raw, secret) },
  });
}

// A customer books `service` through the public API and pays with the side's key; the
// succeeded event reaches the merchant's endpoint signed with that side's secret.
async function paidBooking(m, service, start, side) {
  const b = await h.api(srv, 'POST', `/v1/merchants/${m.id}/bookings`, { body: h.bookingRequest(service, start) });
  assert.equal(b.status, 201, b.text);
  const pi = b.body.booking.payment.payment_intent;
  assert.ok(pi, 'paid online');
  const intent = mock.mock.state.objects.get(pi);
  assert.equal(intent.account, null, 'on the merchant\'s own account (no Stripe-Account)');
  assert.equal(intent.obj.livemode, side === LIVE, 'made with the active side\'s key');
  const paid = await stripe('POST', `/v1/payment_intents/${pi}/confirm`, { payment_method: 'pm_card_visa' }, side.secret_key);
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  assert.equal(paid.body.status, 'succeeded');
  const [event] = eventsAbout(pi, 'payment_intent.succeeded');
  assert.equal(event.livemode, side === LIVE);
  const r = await deliver(m, event, side.webhook_secret);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.action, 'confirmed', r.text);
  return { id: b.body.booking.id, pi, amount: b.body.booking.amount, event };
}

// YYYY-MM-DD in New York, `days` from today.
function day(days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + days * 86400000));
}
const range = `from=${day(-1)}&to=${day(60)}&format=json`;

test('test and live: each mode\'s bookings, reports, totals, keys and webhooks stay on their side', async () => {
  const m = await signUp('owner-modes@salon.example');
  let r = await m.call('PUT', '/v1/merchant/stripe/keys', { body: TEST });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.mode, 'test');

  // An API key per mode (a person signed in makes them; each is shown once).
  const keys = {};
  for (const mode of ['test', 'live']) {
    r = await m.call('POST', '/v1/merchant/api-keys', { body: { name: `${mode} reader`, mode } });
    assert.equal(r.status, 201, r.text);
    assert.ok(r.body.secret.startsWith(`spk_${mode}_`), r.body.secret);
    keys[mode] = r.body.secret;
  }

  // 1. A paid test booking.
  const testBooking = await paidBooking(m, 'cut', h.slotStart(12, '10:00'), TEST);
  assert.ok(testBooking.amount > 500, `an amount to refund part of (${testBooking.amount})`);

  // 2. Live keys saved (the server allows them: its Stripe is https): live is active.
  r = await m.call('PUT', '/v1/merchant/stripe/keys', { body: LIVE });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.mode, 'live');
  assert.equal(r.body.secret_key_hint, `…${LIVE.secret_key.slice(-4)}`);
  let st = await m.call('GET', '/v1/merchant/stripe');
  assert.equal(st.body.mode, 'live');
  assert.equal(st.body.connection, 'keys');
  assert.equal(st.body.online_payments, true);
  // The test side stays stored beside it.
  assert.deepEqual(st.body.sides.map((s) => [s.mode, s.connection, s.secret_key_hint]),
                   [['test', 'keys', `…${TEST.secret_key.slice(-4)}`]]);
  assert.ok(!st.text.includes(TEST.secret_key) && !st.text.includes(LIVE.secret_key));

  // 3. A paid live booking, charged with the live key.
  const liveBooking = await paidBooking(m, 'trio', h.slotStart(13, '10:00'), LIVE);
  assert.ok(liveBooking.amount > 0);
  assert.notEqual(liveBooking.amount, testBooking.amount, 'amounts that tell the modes apart');

  // 4. Reports, totals and the bookings list: each mode its own, to the id and the cent.
  const expect = { test: testBooking, live: liveBooking };
  for (const [mode, b] of Object.entries(expect)) {
    r = await m.call('GET', `/v1/merchant/reports/bookings?${range}&mode=${mode}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.bookings.map((x) => [x.booking_id, x.status, x.gross, x.application_fee, x.net]),
                     [[b.id, 'confirmed', b.amount, 0, b.amount]], `${mode} report`);
    r = await m.call('GET', `/v1/merchant/reports/totals?${range}&mode=${mode}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.totals.by_currency, {
      usd: { bookings: 1, gross: b.amount, application_fees: 0, refunds: 0, disputes: 0, net: b.amount, exponent: 2 },
    }, `${mode} totals`);
    r = await m.call('GET', `/v1/merchant/bookings?mode=${mode}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.mode, mode);
    assert.deepEqual(r.body.bookings.map((x) => [x.id, x.mode, x.paid_amount]), [[b.id, mode, b.amount]]);
  }
  // Without a mode: the active one (live).
  r = await m.call('GET', '/v1/merchant/bookings');
  assert.deepEqual(r.body.bookings.map((x) => x.id), [liveBooking.id]);
  r = await m.call('GET', `/v1/merchant/reports/bookings?${range}`);
  assert.deepEqual(r.body.bookings.map((x) => x.booking_id), [liveBooking.id]);

  // 5. An API key reads its own mode only: the other one is 403 forbidden (field mode).
  for (const [mode, other] of [['test', 'live'], ['live', 'test']]) {
    const token = keys[mode];
    r = await h.api(srv, 'GET', `/v1/merchant/bookings`, { token });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.bookings.map((x) => x.id), [expect[mode].id], `${mode} key, no mode asked`);
    r = await h.api(srv, 'GET', `/v1/merchant/reports/totals?${range}`, { token });
    assert.equal(r.body.totals.by_currency.usd.gross, expect[mode].amount);
    for (const p of [`/v1/merchant/bookings?mode=${other}`, `/v1/merchant/reports/bookings?${range}&mode=${other}`,
                     `/v1/merchant/reports/totals?${range}&mode=${other}`]) {
      r = await h.api(srv, 'GET', p, { token });
      assert.equal(r.status, 403, `${mode} key on ${p}: ${r.text}`);
      assert.equal(r.body.error.code, 'forbidden');
      assert.equal(r.body.error.field, 'mode');
      assert.ok(!r.text.includes(expect[other].id));
    }
    r = await h.api(srv, 'GET', `/v1/merchant/reports/totals?${range}&mode=prod`, { token });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'invalid_field');
  }

  // 6. Webhooks: each secret speaks for its own mode's events and bookings only.
  const refundedEvent = (b, livemode, id) => ({
    ...b.event, id, type: 'charge.refunded', livemode,
    data: { object: { id: `ch_${id}`, object: 'charge', payment_intent: b.pi, amount: b.amount, amount_refunded: b.amount,
                      refunded: true, currency: 'usd', status: 'succeeded' } },
  });
  // A live event signed with the test secret (and the reverse): the other mode, ignored.
  r = await deliver(m, refundedEvent(testBooking, true, 'evt_modes_1'), TEST.webhook_secret);
  assert.equal(r.body.action, 'ignored_livemode', r.text);
  r = await deliver(m, refundedEvent(liveBooking, false, 'evt_modes_2'), LIVE.webhook_secret);
  assert.equal(r.body.action, 'ignored_livemode', r.text);
  // The right mode for its secret, but about the other mode's booking: ignored too.
  r = await deliver(m, refundedEvent(testBooking, true, 'evt_modes_3'), LIVE.webhook_secret);
  assert.equal(r.body.action, 'mode_mismatch', r.text);
  r = await deliver(m, refundedEvent(liveBooking, false, 'evt_modes_4'), TEST.webhook_secret);
  assert.equal(r.body.action, 'mode_mismatch', r.text);
  for (const mode of ['test', 'live']) {
    r = await m.call('GET', `/v1/merchant/reports/totals?${range}&mode=${mode}`);
    assert.equal(r.body.totals.by_currency.usd.refunds, 0, `no refund recorded from another mode's event (${mode})`);
  }

  // 7. The test side is still usable while live is active: a refund of the test booking
  // goes to Stripe with the test key (the local Stripe hides test objects from live keys).
  r = await m.call('POST', `/v1/merchant/bookings/${testBooking.id}/refunds`, { body: { amount: 500 }, headers: { 'idempotency-key': 'modes-refund-1' } });
  assert.equal(r.status, 201, r.text);
  // (Refunds carry no livemode at Stripe; the test charge it was made on is invisible to a
  // live key, so this refund could only be made with the test key.)
  const refund = mock.mock.state.objects.get(r.body.refund.id);
  assert.equal(refund.obj.payment_intent, testBooking.pi);
  assert.equal(mock.mock.state.objects.get(refund.obj.charge).obj.livemode, false);
  assert.equal((await stripe('GET', `/v1/charges/${refund.obj.charge}`, null, LIVE.secret_key)).status, 404);
  assert.equal((await stripe('GET', `/v1/charges/${refund.obj.charge}`, null, TEST.secret_key)).status, 200);
  r = await m.call('GET', `/v1/merchant/reports/totals?${range}&mode=test`);
  assert.deepEqual([r.body.totals.by_currency.usd.refunds, r.body.totals.by_currency.usd.net],
                   [500, testBooking.amount - 500]);
  r = await m.call('GET', `/v1/merchant/reports/totals?${range}&mode=live`);
  assert.deepEqual([r.body.totals.by_currency.usd.refunds, r.body.totals.by_currency.usd.net],
                   [0, liveBooking.amount]);

  // 8. Switching back by saving the test keys again (checked with Stripe again) makes test
  // active. The live side stays stored, new bookings are test.
  r = await m.call('PUT', '/v1/merchant/stripe/keys', { body: TEST });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.mode, 'test');
  st = await m.call('GET', '/v1/merchant/stripe');
  assert.equal(st.body.mode, 'test');
  assert.deepEqual(st.body.sides.map((s) => [s.mode, s.connection]), [['live', 'keys']]);
  const again = await paidBooking(m, 'class', h.slotStart(14, '10:00'), TEST);
  r = await m.call('GET', '/v1/merchant/bookings');
  assert.deepEqual(r.body.bookings.map((x) => x.id).sort(), [testBooking.id, again.id].sort());
  r = await h.api(srv, 'GET', `/v1/merchant/bookings`, { token: keys.live });
  assert.deepEqual(r.body.bookings.map((x) => x.id), [liveBooking.id]);

  // 9. The switch (PUT /v1/merchant/mode) moves between sides already set up, keys kept as
  // they are: live again without re-entering the live keys, then back to test.
  r = await m.call('PUT', '/v1/merchant/mode', { body: { mode: 'live' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.mode, r.body.previous], ['live', 'test']);
  st = await m.call('GET', '/v1/merchant/stripe');
  assert.equal(st.body.mode, 'live');
  assert.equal(st.body.secret_key_hint, `…${LIVE.secret_key.slice(-4)}`);
  const liveAgain = await paidBooking(m, 'cut', h.slotStart(15, '10:00'), LIVE);
  r = await h.api(srv, 'GET', `/v1/merchant/bookings`, { token: keys.live });
  assert.deepEqual(r.body.bookings.map((x) => x.id).sort(), [liveBooking.id, liveAgain.id].sort());
  // An API key stays in its own mode: a test key cannot move the merchant to live.
  r = await h.api(srv, 'PUT', '/v1/merchant/mode', { token: keys.test, body: { mode: 'live' } });
  assert.equal(r.status, 403, r.text);
  assert.deepEqual([r.body.error.code, r.body.error.field], ['forbidden', 'mode']);
  r = await h.api(srv, 'PUT', '/v1/merchant/mode', { token: keys.test, body: { mode: 'test' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.mode, r.body.previous], ['test', 'live']);
  r = await m.call('PUT', '/v1/merchant/mode', { body: { mode: 'prod' } });
  assert.equal(r.status, 400, r.text);
  assert.deepEqual([r.body.error.code, r.body.error.field], ['invalid_field', 'mode']);
  // A merchant with nothing connected in live mode cannot switch to it.
  const fresh = await signUp('owner-modes-fresh@salon.example');
  r = await fresh.call('PUT', '/v1/merchant/mode', { body: { mode: 'live' } });
  assert.equal(r.status, 409, r.text);
  assert.deepEqual([r.body.error.code, r.body.error.field], ['stripe_not_set_up', 'mode']);

  // Every request the server made fitted Stripe's API description.
  assert.equal(mock.mock.state.validationFailures.length, 0, JSON.stringify(mock.mock.state.validationFailures));
});
