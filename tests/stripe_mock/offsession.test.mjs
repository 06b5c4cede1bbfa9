// Saving a card and charging it later off-session: Customers on a connected account,
// PaymentIntents with setup_future_usage, SetupIntents confirmed as Stripe.js does, and the
// failures of an off-session confirmation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withMock, call, control, seedAccount, PK } from './helpers.mjs';

async function customer(m, account) {
  const r = await call(m.url, 'POST', '/v1/customers', { account, params: { email: 'ann@example.com', metadata: { booking_id: 'bk_1' } }, idem: 'bk_1-customer' });
  assert.equal(r.status, 200, r.raw);
  return r.body.id;
}

function offSession(m, account, cus, pm, idem, amount = 3000) {
  return call(m.url, 'POST', '/v1/payment_intents', {
    account,
    idem,
    params: { amount, currency: 'usd', application_fee_amount: 300, customer: cus, payment_method: pm, confirm: true, off_session: true, metadata: { booking_id: 'bk_1' } },
  });
}

// As Stripe.js: the publishable key, the connected account and the client secret.
async function setupWithCard(m, account, cus, card) {
  const si = await call(m.url, 'POST', '/v1/setup_intents', { account, params: { customer: cus, usage: 'off_session', 'payment_method_types[0]': 'card', metadata: { booking_id: 'bk_1' } } });
  assert.equal(si.status, 200, si.raw);
  assert.equal(si.body.status, 'requires_payment_method');
  assert.equal(si.body.usage, 'off_session');
  assert.match(si.body.client_secret, new RegExp(`^${si.body.id}_secret_`));
  const conf = await call(m.url, 'POST', `/v1/setup_intents/${si.body.id}/confirm`, { key: PK, account, params: { client_secret: si.body.client_secret, payment_method: card } });
  return { si: si.body, conf };
}

const eventsOf = async (m, type) => (await control(m.url, 'GET', `/_mock/events?type=${type}`)).data;

test('PaymentIntent with customer + setup_future_usage saves the card; an off-session charge then succeeds', async () => {
  await withMock({}, async (m) => {
    const acct = (await seedAccount(m.url)).id;
    const cus = await customer(m, acct);
    const pi = await call(m.url, 'POST', '/v1/payment_intents', { account: acct, params: { amount: 1000, currency: 'usd', customer: cus, setup_future_usage: 'off_session', 'payment_method_types[0]': 'card' } });
    assert.equal(pi.status, 200, pi.raw);
    assert.equal(pi.body.setup_future_usage, 'off_session');
    const conf = await call(m.url, 'POST', `/v1/payment_intents/${pi.body.id}/confirm`, { key: PK, account: acct, params: { client_secret: pi.body.client_secret, payment_method: 'pm_card_visa' } });
    assert.equal(conf.body.status, 'succeeded');
    const pmId = conf.body.payment_method;
    const pm = await call(m.url, 'GET', `/v1/payment_methods/${pmId}`, { account: acct });
    assert.equal(pm.body.customer, cus);
    const attached = await eventsOf(m, 'payment_method.attached');
    assert.equal(attached.length, 1);
    assert.equal(attached[0].account, acct);
    assert.equal(attached[0].data.object.customer, cus);

    const later = await offSession(m, acct, cus, pmId, 'bk_1-balance');
    assert.equal(later.status, 200, later.raw);
    assert.equal(later.body.status, 'succeeded');
    assert.equal(later.body.amount_received, 3000);
    assert.equal(later.body.customer, cus);
    assert.equal(later.body.application_fee_amount, 300);
    const again = await offSession(m, acct, cus, pmId, 'bk_1-balance');
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.body.id, later.body.id);
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 2);
    assert.equal((await control(m.url, 'GET', '/_mock/validation_errors')).count, 0);
  });
});

test('SetupIntent confirmed with the publishable key: succeeded, card attached, setup_intent.succeeded carries it', async () => {
  await withMock({}, async (m) => {
    const acct = (await seedAccount(m.url)).id;
    const cus = await customer(m, acct);
    const { si, conf } = await setupWithCard(m, acct, cus, 'pm_card_visa');
    assert.equal(conf.status, 200, conf.raw);
    assert.equal(conf.body.status, 'succeeded');
    assert.equal(conf.body.metadata, undefined, 'client view hides metadata');
    const full = await call(m.url, 'GET', `/v1/setup_intents/${si.id}`, { account: acct });
    assert.equal(full.body.customer, cus);
    assert.deepEqual(full.body.metadata, { booking_id: 'bk_1' });
    const [evt] = await eventsOf(m, 'setup_intent.succeeded');
    assert.equal(evt.account, acct);
    assert.equal(evt.data.object.id, si.id);
    assert.equal(evt.data.object.payment_method, conf.body.payment_method);
    assert.equal(evt.data.object.customer, cus);
    const later = await offSession(m, acct, cus, conf.body.payment_method, 'k1');
    assert.equal(later.body.status, 'succeeded');
    // the wrong client secret, and another account, do not reach it
    const bad = await call(m.url, 'GET', `/v1/setup_intents/${si.id}`, { key: PK, account: acct, params: { client_secret: `${si.id}_secret_nope` } });
    assert.equal(bad.status, 400);
    const other = (await seedAccount(m.url)).id;
    assert.equal((await call(m.url, 'GET', `/v1/setup_intents/${si.id}`, { account: other })).status, 404);
    assert.equal((await control(m.url, 'GET', '/_mock/validation_errors')).count, 0);
  });
});

test('authentication-required card: setup needs 3-D Secure, then off-session → 402 authentication_required', async () => {
  await withMock({}, async (m) => {
    const acct = (await seedAccount(m.url)).id;
    const cus = await customer(m, acct);
    const { si, conf } = await setupWithCard(m, acct, cus, 'pm_card_authenticationRequired');
    assert.equal(conf.body.status, 'requires_action');
    assert.equal(conf.body.next_action.type, 'use_stripe_sdk');
    const auth = await call(m.url, 'POST', `/v1/setup_intents/${si.id}/_mock_authenticate`, { key: PK, account: acct, params: { client_secret: si.client_secret, result: 'success' } });
    assert.equal(auth.body.status, 'succeeded');
    const r = await offSession(m, acct, cus, auth.body.payment_method, 'k-auth');
    assert.equal(r.status, 402);
    assert.equal(r.body.error.type, 'card_error');
    assert.equal(r.body.error.code, 'authentication_required');
    assert.equal(r.body.error.payment_intent.status, 'requires_payment_method');
    assert.equal(r.body.error.payment_intent.last_payment_error.code, 'authentication_required');
    const failed = await eventsOf(m, 'payment_intent.payment_failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].data.object.last_payment_error.code, 'authentication_required');
    const replay = await offSession(m, acct, cus, auth.body.payment_method, 'k-auth');
    assert.equal(replay.status, 402);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
  });
});

test('chargeCustomerFail card: saved fine, off-session → 402 card_declined; declined card fails the setup', async () => {
  await withMock({}, async (m) => {
    const acct = (await seedAccount(m.url)).id;
    const cus = await customer(m, acct);
    const { conf } = await setupWithCard(m, acct, cus, 'pm_card_chargeCustomerFail');
    assert.equal(conf.body.status, 'succeeded');
    const r = await offSession(m, acct, cus, conf.body.payment_method, 'k-decl');
    assert.equal(r.status, 402);
    assert.equal(r.body.error.code, 'card_declined');
    assert.equal(r.body.error.decline_code, 'generic_decline');
    assert.equal(r.body.error.payment_intent.status, 'requires_payment_method');

    const bad = await setupWithCard(m, acct, cus, 'pm_card_chargeDeclined');
    assert.equal(bad.conf.status, 402);
    assert.equal(bad.conf.body.error.code, 'card_declined');
    assert.equal(bad.conf.body.error.setup_intent.status, 'requires_payment_method');
    assert.equal((await eventsOf(m, 'setup_intent.setup_failed')).length, 1);
  });
});

test('customer checks: unknown customer 400; a card saved for one customer is refused for another', async () => {
  await withMock({}, async (m) => {
    const acct = (await seedAccount(m.url)).id;
    const unknown = await call(m.url, 'POST', '/v1/payment_intents', { account: acct, params: { amount: 1000, currency: 'usd', customer: 'cus_nope' } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.param, 'customer');
    assert.equal(unknown.body.error.code, 'resource_missing');
    const noSi = await call(m.url, 'POST', '/v1/setup_intents', { account: acct, params: { customer: 'cus_nope' } });
    assert.equal(noSi.status, 400);
    const a = await customer(m, acct);
    const b = (await call(m.url, 'POST', '/v1/customers', { account: acct, params: { email: 'b@example.com' } })).body.id;
    const { conf } = await setupWithCard(m, acct, a, 'pm_card_visa');
    const r = await offSession(m, acct, b, conf.body.payment_method, 'k-other');
    assert.equal(r.status, 400);
    assert.equal(r.body.error.param, 'payment_method');
  });
});
