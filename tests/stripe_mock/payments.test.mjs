// PaymentIntent / refund / account flows, driven through the official stripe-node client
// (proves wire compatibility) and raw HTTP (for exact status codes and headers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { withMock, call, control, seedAccount, SK, PK } from './helpers.mjs';

function client(m, opts = {}) {
  return new Stripe(SK, { host: '127.0.0.1', port: m.port, protocol: 'http', maxNetworkRetries: 0, ...opts });
}

test('stripe-node: create, retrieve, update, confirm (visa) on a connected account', async () => {
  await withMock({}, async (m) => {
    const acct = await seedAccount(m.url);
    const stripe = client(m);
    const pi = await stripe.paymentIntents.create(
      { amount: 2500, currency: 'usd', application_fee_amount: 250, automatic_payment_methods: { enabled: true }, metadata: { booking_id: 'bk_1' }, description: 'Haircut', receipt_email: 'a@example.com' },
      { stripeAccount: acct.id, idempotencyKey: 'booking-bk_1-create' },
    );
    assert.match(pi.id, /^pi_/);
    assert.equal(pi.status, 'requires_payment_method');
    assert.equal(pi.client_secret.startsWith(`${pi.id}_secret_`), true);
    assert.deepEqual(pi.metadata, { booking_id: 'bk_1' });
    assert.equal(pi.application_fee_amount, 250);

    const got = await stripe.paymentIntents.retrieve(pi.id, {}, { stripeAccount: acct.id });
    assert.equal(got.id, pi.id);

    const upd = await stripe.paymentIntents.update(pi.id, { amount: 3000, metadata: { note: 'x' } }, { stripeAccount: acct.id });
    assert.equal(upd.amount, 3000);
    assert.deepEqual(upd.metadata, { booking_id: 'bk_1', note: 'x' });

    const conf = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa', return_url: 'http://127.0.0.1/return' }, { stripeAccount: acct.id });
    assert.equal(conf.status, 'succeeded');
    assert.equal(conf.amount_received, 3000);
    assert.match(conf.latest_charge, /^ch_/);
    assert.match(conf.payment_method, /^pm_/);

    const withCharge = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] }, { stripeAccount: acct.id });
    assert.equal(withCharge.latest_charge.object, 'charge');
    assert.equal(withCharge.latest_charge.amount_captured, 3000);
    assert.equal(withCharge.latest_charge.payment_method_details.card.last4, '4242');

    // zero requests failed validation
    const v = await control(m.url, 'GET', '/_mock/validation_errors');
    assert.equal(v.count, 0, JSON.stringify(v.data));
    const counts = await control(m.url, 'GET', '/_mock/counts');
    assert.equal(counts.payment_intent, 1);
    assert.equal(counts.charge, 1);
  });
});

test('Stripe-Account scoping: other account and platform get 404 resource_missing; unknown account 403', async () => {
  await withMock({}, async (m) => {
    const a = await seedAccount(m.url);
    const b = await seedAccount(m.url);
    const r = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: { amount: 1000, currency: 'usd' } });
    assert.equal(r.status, 200);
    const id = r.body.id;
    const fromB = await call(m.url, 'GET', `/v1/payment_intents/${id}`, { account: b.id });
    assert.equal(fromB.status, 404);
    assert.equal(fromB.body.error.code, 'resource_missing');
    assert.equal(fromB.body.error.type, 'invalid_request_error');
    const fromPlatform = await call(m.url, 'GET', `/v1/payment_intents/${id}`);
    assert.equal(fromPlatform.status, 404);
    const fromA = await call(m.url, 'GET', `/v1/payment_intents/${id}`, { account: a.id });
    assert.equal(fromA.status, 200);
    const unknown = await call(m.url, 'POST', '/v1/payment_intents', { account: 'acct_doesnotexist1', params: { amount: 1000, currency: 'usd' } });
    assert.equal(unknown.status, 403);
    assert.equal(unknown.body.error.code, 'account_invalid');
    // stripe-node surfaces it as a permission error
    await assert.rejects(client(m).paymentIntents.retrieve(id, {}, { stripeAccount: b.id }), (e) => e.statusCode === 404 && e.code === 'resource_missing');
  });
});

test('authentication: missing, wrong, Basic, publishable key limits', async () => {
  await withMock({ secretKeys: [SK] }, async (m) => {
    const acct = await seedAccount(m.url);
    const none = await call(m.url, 'GET', '/v1/payment_intents/pi_x', { key: null });
    assert.equal(none.status, 401);
    assert.equal(none.body.error.type, 'invalid_request_error');
    assert.match(none.body.error.message, /did not provide an API key/);
    const wrong = await call(m.url, 'GET', '/v1/payment_intents/pi_x', { key: 'sk_test_other' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.body.error.message, /Invalid API Key/);
    const garbage = await call(m.url, 'GET', '/v1/payment_intents/pi_x', { key: 'hello' });
    assert.equal(garbage.status, 401);
    const basic = await call(m.url, 'POST', '/v1/payment_intents', { basic: true, account: acct.id, params: { amount: 1000, currency: 'usd' } });
    assert.equal(basic.status, 200);
    const pi = basic.body;
    // publishable key cannot create
    const pkCreate = await call(m.url, 'POST', '/v1/payment_intents', { key: PK, account: acct.id, params: { amount: 1000, currency: 'usd' } });
    assert.equal(pkCreate.status, 401);
    assert.match(pkCreate.body.error.message, /publishable API key/);
    // publishable key retrieve needs the client secret, and gets the client-side view
    const pkNoSecret = await call(m.url, 'GET', `/v1/payment_intents/${pi.id}`, { key: PK, account: acct.id });
    assert.equal(pkNoSecret.status, 400);
    const pkBadSecret = await call(m.url, 'GET', `/v1/payment_intents/${pi.id}`, { key: PK, account: acct.id, params: { client_secret: `${pi.id}_secret_wrong` } });
    assert.equal(pkBadSecret.status, 400);
    const pkGet = await call(m.url, 'GET', `/v1/payment_intents/${pi.id}`, { key: PK, account: acct.id, params: { client_secret: pi.client_secret } });
    assert.equal(pkGet.status, 200);
    assert.equal(pkGet.body.status, 'requires_payment_method');
    assert.equal(pkGet.body.metadata, undefined, 'client view hides metadata');
    const pkConfirm = await call(m.url, 'POST', `/v1/payment_intents/${pi.id}/confirm`, { key: PK, account: acct.id, params: { client_secret: pi.client_secret, payment_method: 'pm_card_visa' } });
    assert.equal(pkConfirm.status, 200);
    assert.equal(pkConfirm.body.status, 'succeeded');
    // live keys refused
    const live = await call(m.url, 'GET', `/v1/payment_intents/${pi.id}`, { key: 'sk_live_abc' });
    assert.equal(live.status, 401);
  });
});

test('decline: 402 card_error with generic_decline, intent back to requires_payment_method, retry with visa succeeds', async () => {
  await withMock({}, async (m) => {
    const acct = await seedAccount(m.url);
    const stripe = client(m);
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { stripeAccount: acct.id });
    const raw = await call(m.url, 'POST', `/v1/payment_intents/${pi.id}/confirm`, { account: acct.id, params: { payment_method: 'pm_card_visa_chargeDeclined' } });
    assert.equal(raw.status, 402);
    assert.equal(raw.body.error.type, 'card_error');
    assert.equal(raw.body.error.code, 'card_declined');
    assert.equal(raw.body.error.decline_code, 'generic_decline');
    assert.equal(raw.body.error.payment_intent.id, pi.id);
    assert.equal(raw.body.error.payment_intent.status, 'requires_payment_method');
    await assert.rejects(
      stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }, { stripeAccount: acct.id }),
      (e) => e.type === 'StripeCardError' && e.decline_code === 'generic_decline' && e.statusCode === 402,
    );
    const after = await stripe.paymentIntents.retrieve(pi.id, {}, { stripeAccount: acct.id });
    assert.equal(after.status, 'requires_payment_method');
    assert.equal(after.last_payment_error.decline_code, 'generic_decline');
    assert.equal(after.last_payment_error.type, 'card_error');
    const ok = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, { stripeAccount: acct.id });
    assert.equal(ok.status, 'succeeded');
    assert.equal(ok.last_payment_error, null);
    const insuff = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', confirm: true, payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' }, { stripeAccount: acct.id }).catch((e) => e);
    assert.equal(insuff.decline_code, 'insufficient_funds');
  });
});

test('3-D Secure: requires_action with use_stripe_sdk, then authenticate success / failure', async () => {
  await withMock({}, async (m) => {
    const acct = await seedAccount(m.url);
    const stripe = client(m);
    for (const pm of ['pm_card_threeDSecure2Required', 'pm_card_authenticationRequired']) {
      const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', confirm: true, payment_method: pm, return_url: 'http://127.0.0.1/r' }, { stripeAccount: acct.id });
      assert.equal(pi.status, 'requires_action');
      assert.equal(pi.next_action.type, 'use_stripe_sdk');
      // client-side completion with the publishable key and client secret
      const done = await call(m.url, 'POST', `/v1/payment_intents/${pi.id}/_mock_authenticate`, { key: PK, account: acct.id, params: { client_secret: pi.client_secret, result: 'success' } });
      assert.equal(done.status, 200);
      assert.equal(done.body.status, 'succeeded');
      assert.equal(done.body.next_action, null);
    }
    const pi2 = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { stripeAccount: acct.id });
    const ra = await stripe.paymentIntents.confirm(pi2.id, { payment_method: 'pm_card_threeDSecure2Required' }, { stripeAccount: acct.id });
    assert.equal(ra.status, 'requires_action');
    const failed = await control(m.url, 'POST', `/_mock/payment_intents/${pi2.id}/authenticate`, { result: 'failure' });
    assert.equal(failed.status, 'requires_payment_method');
    assert.equal(failed.last_payment_error.code, 'payment_intent_authentication_failure');
    const again = await call(m.url, 'POST', `/v1/payment_intents/${pi2.id}/_mock_authenticate`, { account: acct.id, params: { result: 'success' } });
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, 'payment_intent_unexpected_state');
    // off-session 3DS card fails with authentication_required
    const off = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', confirm: true, off_session: true, payment_method: 'pm_card_authenticationRequired' }, { stripeAccount: acct.id }).catch((e) => e);
    assert.equal(off.code, 'authentication_required');
    // 3DS page in the browser (GET) completes it too
    const pi3 = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', confirm: true, payment_method: 'pm_card_threeDSecure2Required', return_url: 'http://127.0.0.1:9/done' }, { stripeAccount: acct.id });
    const page = await call(m.url, 'GET', new URL(pi3.next_action.use_stripe_sdk.stripe_js).pathname + '?result=success', { key: null });
    assert.equal(page.status, 302);
    assert.match(page.headers.location, /redirect_status=succeeded/);
    const after3 = await stripe.paymentIntents.retrieve(pi3.id, {}, { stripeAccount: acct.id });
    assert.equal(after3.status, 'succeeded');
  });
});

test('cancel and capture', async () => {
  await withMock({}, async (m) => {
    const acct = await seedAccount(m.url);
    const stripe = client(m);
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { stripeAccount: acct.id });
    const c = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' }, { stripeAccount: acct.id });
    assert.equal(c.status, 'canceled');
    assert.equal(c.cancellation_reason, 'abandoned');
    assert.ok(c.canceled_at > 0);
    const again = await call(m.url, 'POST', `/v1/payment_intents/${pi.id}/cancel`, { account: acct.id });
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, 'payment_intent_unexpected_state');
    const conf = await call(m.url, 'POST', `/v1/payment_intents/${pi.id}/confirm`, { account: acct.id, params: { payment_method: 'pm_card_visa' } });
    assert.equal(conf.status, 400);
    const badReason = await call(m.url, 'POST', `/v1/payment_intents/${pi.id}/cancel`, { account: acct.id, params: { cancellation_reason: 'bored' } });
    assert.equal(badReason.status, 400);
    assert.equal(badReason.body.error.param, 'cancellation_reason');

    const man = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', capture_method: 'manual', confirm: true, payment_method: 'pm_card_visa', application_fee_amount: 500 }, { stripeAccount: acct.id });
    assert.equal(man.status, 'requires_capture');
    assert.equal(man.amount_capturable, 5000);
    const cap = await stripe.paymentIntents.capture(man.id, { amount_to_capture: 4000 }, { stripeAccount: acct.id });
    assert.equal(cap.status, 'succeeded');
    assert.equal(cap.amount_received, 4000);
  });
});

test('refunds: full, partial, over-refund, application fee, events', async () => {
  await withMock({}, async (m) => {
    const acct = await seedAccount(m.url);
    const stripe = client(m);
    const pi = await stripe.paymentIntents.create({ amount: 10000, currency: 'usd', application_fee_amount: 1000, confirm: true, payment_method: 'pm_card_visa' }, { stripeAccount: acct.id });
    const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 4000, reason: 'requested_by_customer', refund_application_fee: true, metadata: { booking_id: 'b' } }, { stripeAccount: acct.id });
    assert.match(r1.id, /^re_/);
    assert.equal(r1.amount, 4000);
    assert.equal(r1.status, 'succeeded');
    assert.equal(r1.payment_intent, pi.id);
    const over = await call(m.url, 'POST', '/v1/refunds', { account: acct.id, params: { payment_intent: pi.id, amount: 7000 } });
    assert.equal(over.status, 400);
    assert.equal(over.body.error.param, 'amount');
    const r2 = await stripe.refunds.create({ charge: pi.latest_charge }, { stripeAccount: acct.id });
    assert.equal(r2.amount, 6000, 'default is the remaining amount');
    const none = await call(m.url, 'POST', '/v1/refunds', { account: acct.id, params: { payment_intent: pi.id } });
    assert.equal(none.status, 400);
    assert.equal(none.body.error.code, 'charge_already_refunded');
    const got = await call(m.url, 'GET', `/v1/refunds/${r1.id}`, { account: acct.id });
    assert.equal(got.status, 200);
    assert.equal(got.body.metadata.booking_id, 'b');
    const other = await call(m.url, 'GET', `/v1/refunds/${r1.id}`);
    assert.equal(other.status, 404);
    const ch = await call(m.url, 'GET', `/v1/charges/${pi.latest_charge}`, { account: acct.id });
    assert.equal(ch.body.amount_refunded, 10000);
    assert.equal(ch.body.refunded, true);
    // only the first refund asked for the fee: 40% of 1000
    const fee = await call(m.url, 'GET', `/v1/application_fees/${ch.body.application_fee}`);
    assert.equal(fee.body.amount, 1000);
    assert.equal(fee.body.amount_refunded, 400);
    const evts = await control(m.url, 'GET', '/_mock/events');
    const types = evts.data.map((e) => e.type);
    assert.equal(types.filter((t) => t === 'charge.refunded').length, 2);
    assert.equal(types.filter((t) => t === 'refund.created').length, 2);
    // refund of an unpaid intent
    const open = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { stripeAccount: acct.id });
    const bad = await call(m.url, 'POST', '/v1/refunds', { account: acct.id, params: { payment_intent: open.id } });
    assert.equal(bad.status, 400);
    const ghost = await call(m.url, 'POST', '/v1/refunds', { account: acct.id, params: { payment_intent: 'pi_ghost' } });
    assert.deepEqual([ghost.status, ghost.body.error.code, ghost.body.error.param], [400, 'resource_missing', 'payment_intent']);
    const badPm = await call(m.url, 'POST', `/v1/payment_intents/${open.id}/confirm`, { account: acct.id, params: { payment_method: 'pm_card_unknown' } });
    assert.deepEqual([badPm.status, badPm.body.error.code, badPm.body.error.param], [400, 'resource_missing', 'payment_method']);
    const neither = await call(m.url, 'POST', '/v1/refunds', { account: acct.id, params: { amount: 100 } });
    assert.equal(neither.status, 400);
    assert.equal(neither.body.error.code, 'parameter_missing');
  });
});

test('amount checks: minimum per currency, integer, fee not above amount, currency known', async () => {
  await withMock({}, async (m) => {
    const acct = await seedAccount(m.url);
    const post = (params, account = acct.id) => call(m.url, 'POST', '/v1/payment_intents', { account, params });
    let r = await post({ amount: 49, currency: 'usd' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'amount_too_small');
    assert.equal((await post({ amount: 50, currency: 'usd' })).status, 200);
    assert.equal((await post({ amount: 29, currency: 'gbp' })).status, 400);
    assert.equal((await post({ amount: 50, currency: 'jpy' })).status, 200);
    r = await post({ amount: '10.5', currency: 'usd' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'parameter_invalid_integer');
    r = await post({ amount: 0, currency: 'usd' });
    assert.equal(r.status, 400);
    r = await post({ amount: 1000, currency: 'usd', application_fee_amount: 1001 });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.param, 'application_fee_amount');
    r = await post({ amount: 1000, currency: 'usd', application_fee_amount: 100 }, null);
    assert.equal(r.status, 400, 'application fee needs a connected account');
    r = await post({ amount: 1000, currency: 'xyz' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.param, 'currency');
    r = await post({ amount: 100000000, currency: 'usd' });
    assert.equal(r.body.error.code, 'amount_too_large');
    r = await post({ amount: 1005, currency: 'kwd' });
    assert.equal(r.status, 400, 'three-decimal currencies need a multiple of 10');
  });
});

test('accounts, account links (onboarding visit) and login links', async () => {
  await withMock({}, async (m) => {
    const stripe = client(m);
    const acct = await stripe.accounts.create({ type: 'standard', country: 'US', email: 'salon@example.com' });
    assert.match(acct.id, /^acct_/);
    assert.equal(acct.charges_enabled, false);
    assert.equal(acct.details_submitted, false);
    const link = await stripe.accountLinks.create({ account: acct.id, type: 'account_onboarding', refresh_url: 'http://127.0.0.1:9/refresh', return_url: 'http://127.0.0.1:9/return' });
    assert.equal(link.object, 'account_link');
    assert.ok(link.url.startsWith(`${m.url}/_mock/onboarding/${acct.id}`));
    assert.ok(link.expires_at > link.created);
    const page = await call(m.url, 'GET', new URL(link.url).pathname + new URL(link.url).search, { key: null });
    assert.equal(page.status, 200, 'the link opens the hosted onboarding page');
    assert.match(page.raw, /action=complete/);
    assert.equal((await stripe.accounts.retrieve(acct.id)).charges_enabled, false, 'opening the page changes nothing');
    const visit = await call(m.url, 'GET', new URL(link.url).pathname + new URL(link.url).search + '&action=complete', { key: null });
    assert.equal(visit.status, 302);
    assert.equal(visit.headers.location, 'http://127.0.0.1:9/return');
    const after = await stripe.accounts.retrieve(acct.id);
    assert.equal(after.charges_enabled, true);
    assert.equal(after.details_submitted, true);
    assert.equal(after.payouts_enabled, true);
    const evts = await control(m.url, 'GET', '/_mock/events?type=account.updated');
    assert.equal(evts.count, 1);
    assert.equal(evts.data[0].account, acct.id);
    assert.equal(evts.data[0].data.previous_attributes.charges_enabled, false);
    // second visit: link is used -> refresh_url
    const again = await call(m.url, 'GET', new URL(link.url).pathname + new URL(link.url).search, { key: null });
    assert.equal(again.status, 302);
    assert.equal(again.headers.location, 'http://127.0.0.1:9/refresh');
    // login links: express only
    await assert.rejects(stripe.accounts.createLoginLink(acct.id), (e) => e.statusCode === 400);
    const ex = await stripe.accounts.create({ type: 'express', country: 'US' });
    const ll = await stripe.accounts.createLoginLink(ex.id);
    assert.equal(ll.object, 'login_link');
    assert.ok(ll.url.startsWith(m.url));
    const dash = await call(m.url, 'GET', new URL(ll.url).pathname, { key: null });
    assert.equal(dash.status, 200);
    // link for an unknown account
    const bad = await call(m.url, 'POST', '/v1/account_links', { params: { account: 'acct_nope', type: 'account_onboarding', return_url: 'http://x/', refresh_url: 'http://x/' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'resource_missing');
    assert.equal(bad.body.error.param, 'account');
    const badType = await call(m.url, 'POST', '/v1/accounts', { params: { type: 'premium' } });
    assert.equal(badType.status, 400);
    assert.equal(badType.body.error.param, 'type');
  });
});

test('asynchronous payment (mock-only pm_mock_processing): processing, then settled success or failure', async () => {
  await withMock({}, async (m) => {
    const acct = await seedAccount(m.url);
    const stripe = client(m);
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', application_fee_amount: 200, confirm: true, payment_method: 'pm_mock_processing' }, { stripeAccount: acct.id });
    assert.equal(pi.status, 'processing');
    const cancel = await call(m.url, 'POST', `/v1/payment_intents/${pi.id}/cancel`, { account: acct.id });
    assert.equal(cancel.status, 400, 'processing intents cannot be cancelled');
    const refund = await call(m.url, 'POST', '/v1/refunds', { account: acct.id, params: { payment_intent: pi.id } });
    assert.equal(refund.status, 400);
    const ok = await control(m.url, 'POST', `/_mock/payment_intents/${pi.id}/settle`, { result: 'success' });
    assert.equal(ok.status, 'succeeded');
    assert.equal(ok.amount_received, 2000);
    const ch = await stripe.charges.retrieve(pi.latest_charge, {}, { stripeAccount: acct.id });
    assert.equal(ch.status, 'succeeded');
    assert.ok(ch.application_fee);

    const pi2 = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', confirm: true, payment_method: 'pm_mock_processing' }, { stripeAccount: acct.id });
    const bad = await control(m.url, 'POST', `/_mock/payment_intents/${pi2.id}/settle`, { result: 'failure' });
    assert.equal(bad.status, 'requires_payment_method');
    assert.equal(bad.last_payment_error.decline_code, 'generic_decline');
    const types = (await control(m.url, 'GET', '/_mock/events')).data.filter((e) => e.data.object.id === pi2.id || e.data.object.payment_intent === pi2.id).map((e) => e.type);
    assert.deepEqual(types, ['payment_intent.created', 'charge.pending', 'payment_intent.processing', 'charge.failed', 'payment_intent.payment_failed']);
    const again = await control(m.url, 'POST', `/_mock/payment_intents/${pi2.id}/settle`, { result: 'success' });
    assert.equal(again.error.code, 'payment_intent_unexpected_state');
  });
});
