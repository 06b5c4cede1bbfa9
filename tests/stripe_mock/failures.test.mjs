// Idempotency and every failure-injection mode, with raw HTTP and with stripe-node's own
// retry logic (which must end up with exactly one PaymentIntent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { withMock, call, control, seedAccount, SK } from './helpers.mjs';

const PI = { amount: 1500, currency: 'usd', metadata: { booking_id: 'bk_7' } };
const client = (m, opts = {}) => new Stripe(SK, { host: '127.0.0.1', port: m.port, protocol: 'http', maxNetworkRetries: 0, ...opts });
const piRequests = async (m) => (await control(m.url, 'GET', '/_mock/requests?path=/v1/payment_intents&method=POST')).data;

test('idempotency: replay, mismatch, scoping per account and key, stored errors, validation not stored', async () => {
  await withMock({}, async (m) => {
    const a = await seedAccount(m.url);
    const b = await seedAccount(m.url);
    const first = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'k1', params: PI });
    assert.equal(first.status, 200);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const again = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'k1', params: PI });
    assert.equal(again.status, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.body, first.body);
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 1);

    const mismatch = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'k1', params: { ...PI, amount: 1600 } });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.body.error.type, 'idempotency_error');
    const otherPath = await call(m.url, 'POST', '/v1/refunds', { account: a.id, idem: 'k1', params: { payment_intent: first.body.id } });
    assert.equal(otherPath.status, 400);
    assert.equal(otherPath.body.error.type, 'idempotency_error');

    // same key on another account, or with another secret key: independent
    const onB = await call(m.url, 'POST', '/v1/payment_intents', { account: b.id, idem: 'k1', params: PI });
    assert.equal(onB.status, 200);
    assert.notEqual(onB.body.id, first.body.id);
    const otherKey = await call(m.url, 'POST', '/v1/payment_intents', { key: 'sk_test_second', account: a.id, idem: 'k1', params: PI });
    assert.notEqual(otherKey.body.id, first.body.id);
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 3);

    // a replay shows the response as it was, not the current state
    await call(m.url, 'POST', `/v1/payment_intents/${first.body.id}`, { account: a.id, params: { description: 'changed' } });
    const replay2 = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'k1', params: PI });
    assert.equal(replay2.body.description, null);

    // a 402 decline is stored and replayed too
    const d1 = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'k-decl', params: { ...PI, confirm: true, payment_method: 'pm_card_chargeDeclined' } });
    assert.equal(d1.status, 402);
    const d2 = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'k-decl', params: { ...PI, confirm: true, payment_method: 'pm_card_chargeDeclined' } });
    assert.equal(d2.status, 402);
    assert.equal(d2.headers['idempotent-replayed'], 'true');
    assert.equal(d2.body.error.charge, d1.body.error.charge);

    // validation failures are not stored: the key can then be used with valid params
    const v1 = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'k-val', params: { ...PI, nope: 1 } });
    assert.equal(v1.status, 400);
    const v2 = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'k-val', params: PI });
    assert.equal(v2.status, 200);
    assert.equal(v2.headers['idempotent-replayed'], undefined);
  });
});

test('http_500 before processing: nothing created; stripe-node retries to exactly one PaymentIntent', async () => {
  await withMock({}, async (m) => {
    const a = await seedAccount(m.url);
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'http_500', count: 1 });
    const r = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: PI });
    assert.equal(r.status, 500);
    assert.equal(r.body.error.type, 'api_error');
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, undefined);

    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'http_500', count: 2 });
    const stripe = client(m, { maxNetworkRetries: 2 });
    const pi = await stripe.paymentIntents.create(PI, { stripeAccount: a.id, idempotencyKey: 'bk_7-create' });
    assert.match(pi.id, /^pi_/);
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 1);
    const reqs = (await piRequests(m)).filter((x) => x.idempotency_key === 'bk_7-create');
    assert.deepEqual(reqs.map((x) => x.status), [500, 500, 200]);
  });
});

test('skip: the first matching request goes through, the next ones fail', async () => {
  await withMock({}, async (m) => {
    const a = await seedAccount(m.url);
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'http_500', count: 1, skip: 1 });
    const first = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: PI });
    assert.equal(first.status, 200);
    const second = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: PI });
    assert.equal(second.status, 500);
    const third = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: PI });
    assert.equal(third.status, 200);
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 2);
  });
});

test('http_500 / drop after processing: object exists, idempotent retry returns it, keyless retry duplicates', async () => {
  await withMock({}, async (m) => {
    const a = await seedAccount(m.url);
    // stripe-node: 500 after processing, retry replays the stored success
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', mode: 'http_500', after_processing: true });
    const stripe = client(m, { maxNetworkRetries: 2 });
    const pi = await stripe.paymentIntents.create(PI, { stripeAccount: a.id });
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 1);
    const reqs = await piRequests(m);
    assert.deepEqual(reqs.map((x) => [x.status, x.replayed]), [[500, false], [200, true]]);
    assert.match(reqs[0].idempotency_key, /^stripe-node-retry-/);
    assert.equal(reqs[1].idempotency_key, reqs[0].idempotency_key);
    const stored = await control(m.url, 'GET', `/_mock/objects/${pi.id}`);
    assert.equal(stored.account, a.id);

    // raw: dropped connection after processing
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'drop', after_processing: true });
    await assert.rejects(call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'drop-1', params: PI }), (e) => ['ECONNRESET', 'EPIPE'].includes(e.code) || /socket hang up/.test(e.message));
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 2, 'created although the client saw nothing');
    const retry = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'drop-1', params: PI });
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 2);
    // without a key the retry makes a duplicate (why keys matter)
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'drop', after_processing: true });
    await assert.rejects(call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: PI }));
    await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: PI });
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 4);
    const log = await control(m.url, 'GET', '/_mock/requests?path=/v1/payment_intents');
    assert.equal(log.data.filter((x) => x.status === 'dropped').length, 2);
  });
});

test('drop before processing: nothing created; stripe-node retries the closed connection', async () => {
  await withMock({}, async (m) => {
    const a = await seedAccount(m.url);
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', mode: 'drop' });
    await assert.rejects(call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: PI }));
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, undefined);
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', mode: 'drop' });
    const pi = await client(m, { maxNetworkRetries: 1 }).paymentIntents.create(PI, { stripeAccount: a.id });
    assert.match(pi.id, /^pi_/);
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 1);
  });
});

test('http_429 (not retried by stripe-node), http_409 (retried), Stripe-Should-Retry: false (not retried)', async () => {
  await withMock({}, async (m) => {
    const a = await seedAccount(m.url);
    const stripe = client(m, { maxNetworkRetries: 2 });
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', mode: 'http_429' });
    const raw = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: PI });
    assert.equal(raw.status, 429);
    assert.equal(raw.body.error.code, 'rate_limit');

    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', mode: 'http_429' });
    await assert.rejects(stripe.paymentIntents.create(PI, { stripeAccount: a.id }), (e) => e.statusCode === 429);
    assert.equal((await piRequests(m)).length, 2, '429 is not retried');

    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', mode: 'http_409' });
    const pi = await stripe.paymentIntents.create(PI, { stripeAccount: a.id });
    assert.match(pi.id, /^pi_/);
    const reqs = await piRequests(m);
    assert.deepEqual(reqs.slice(2).map((x) => x.status), [409, 200]);

    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', mode: 'stripe_should_retry_false' });
    await assert.rejects(stripe.paymentIntents.create(PI, { stripeAccount: a.id }), (e) => e.statusCode === 500);
    const reqs2 = await piRequests(m);
    assert.equal(reqs2.length, 5, 'Stripe-Should-Retry: false is honoured');
    const rawSr = await (async () => {
      await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', mode: 'stripe_should_retry_false' });
      return call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: PI });
    })();
    assert.equal(rawSr.headers['stripe-should-retry'], 'false');
    // should_retry / status options on other modes
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', mode: 'http_500', status: 503, should_retry: true });
    const r503 = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: PI });
    assert.equal(r503.status, 503);
    assert.equal(r503.headers['stripe-should-retry'], 'true');
  });
});

test('timeout: held response; slow request keeps its idempotency key busy (409), retry converges on one object', async () => {
  await withMock({}, async (m) => {
    const a = await seedAccount(m.url);
    // raw: client gives up before the answer
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', mode: 'timeout', delay_ms: 1500, count: 2 });
    const t0 = Date.now();
    await assert.rejects(call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'slow-1', params: PI, timeoutMs: 100 }), (e) => e.code === 'ETIMEDOUT');
    assert.ok(Date.now() - t0 < 1400, 'the client gave up before the held answer');
    const busy = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'slow-1', params: PI });
    assert.equal(busy.status, 409);
    assert.equal(busy.body.error.type, 'idempotency_error');
    assert.equal(busy.body.error.code, 'idempotency_key_in_use');
    const rules = (await control(m.url, 'GET', '/_mock/fail')).data;
    assert.equal(rules[0].remaining, 1, 'the 409 did not consume a failure rule');
    await control(m.url, 'DELETE', '/_mock/fail');
    await new Promise((r) => setTimeout(r, 1600 - (Date.now() - t0)));
    const done = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, idem: 'slow-1', params: PI });
    assert.equal(done.status, 200);
    assert.equal(done.headers['idempotent-replayed'], 'true', 'the slow request was processed after the delay');
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 1);

    // held but answered: a patient client gets the normal response
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents/{intent}', method: 'GET', mode: 'timeout', delay_ms: 150, after_processing: true });
    const t1 = Date.now();
    const slow = await call(m.url, 'GET', `/v1/payment_intents/${done.body.id}`, { account: a.id });
    assert.equal(slow.status, 200);
    assert.ok(Date.now() - t1 >= 140);

    // stripe-node with a short timeout and retries: one PaymentIntent in the end
    await control(m.url, 'POST', '/_mock/fail', { path: '/v1/payment_intents', mode: 'timeout', delay_ms: 300 });
    const stripe = client(m, { timeout: 150, maxNetworkRetries: 3 });
    const pi = await stripe.paymentIntents.create({ ...PI, description: 'slow' }, { stripeAccount: a.id, idempotencyKey: 'slow-2' });
    assert.match(pi.id, /^pi_/);
    assert.equal((await control(m.url, 'GET', '/_mock/counts')).payment_intent, 2);
  });
});

test('failure rules: count, template and wildcard paths, method filter, listing and clearing', async () => {
  await withMock({}, async (m) => {
    const a = await seedAccount(m.url);
    const pi = (await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, params: PI })).body;
    await control(m.url, 'POST', '/_mock/fail', { rules: [{ path: '/v1/payment_intents/{intent}/confirm', mode: 'http_500', count: 2 }, { path: '/v1/refunds*', method: 'POST', mode: 'http_429' }] });
    const listed = await control(m.url, 'GET', '/_mock/fail');
    assert.equal(listed.data.length, 2);
    const get = await call(m.url, 'GET', `/v1/payment_intents/${pi.id}`, { account: a.id });
    assert.equal(get.status, 200, 'other paths unaffected');
    for (let i = 0; i < 2; i++) {
      const c = await call(m.url, 'POST', `/v1/payment_intents/${pi.id}/confirm`, { account: a.id, params: { payment_method: 'pm_card_visa' } });
      assert.equal(c.status, 500);
    }
    const c3 = await call(m.url, 'POST', `/v1/payment_intents/${pi.id}/confirm`, { account: a.id, params: { payment_method: 'pm_card_visa' } });
    assert.equal(c3.status, 200);
    assert.equal(c3.body.status, 'succeeded');
    const refund = await call(m.url, 'POST', '/v1/refunds', { account: a.id, params: { payment_intent: pi.id } });
    assert.equal(refund.status, 429);
    assert.equal((await control(m.url, 'GET', '/_mock/fail')).data.length, 0);
    await control(m.url, 'POST', '/_mock/fail', { mode: 'http_500', count: 5 });
    await control(m.url, 'DELETE', '/_mock/fail');
    assert.equal((await call(m.url, 'POST', '/v1/refunds', { account: a.id, params: { payment_intent: pi.id } })).status, 200);
    const bad = await call(m.url, 'POST', '/_mock/fail', { key: null, rawBody: JSON.stringify({ mode: 'explode' }), headers: { 'Content-Type': 'application/json' } });
    assert.equal(bad.status, 400);
    // reset forgets everything
    await control(m.url, 'POST', '/_mock/reset');
    assert.deepEqual(await control(m.url, 'GET', '/_mock/counts'), {});
    assert.equal((await control(m.url, 'GET', '/_mock/requests')).count, 0);
  });
});
