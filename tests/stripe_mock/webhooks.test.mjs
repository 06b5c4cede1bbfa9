// Events and signed webhook delivery, verified with the official stripe-node library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Stripe from 'stripe';
import { withMock, call, control, seedAccount, webhookReceiver, waitFor, WHSEC } from './helpers.mjs';
import { signPayload } from './server.mjs';

const stripe = new Stripe('sk_test_x');

test('signPayload matches the shared vectors produced by stripe-node', () => {
  const doc = JSON.parse(readFileSync(new URL('../../../shared/stripe/webhook-vectors.json', import.meta.url), 'utf8'));
  const gens = doc.vectors.filter((v) => v.name.startsWith('generate_'));
  assert.ok(gens.length >= 3);
  for (const v of gens) assert.equal(signPayload(v.payload, v.secret, v.timestamp), v.header, v.name);
  // and the same as the library's own generator
  const payload = '{"id":"evt_1","object":"event"}';
  assert.equal(signPayload(payload, WHSEC, 1700000000), stripe.webhooks.generateTestHeaderString({ payload, secret: WHSEC, timestamp: 1700000000 }));
});

test('every state change is an event, delivered signed; constructEvent accepts it', async () => {
  const rx = await webhookReceiver();
  try {
    await withMock({ webhookUrl: rx.url }, async (m) => {
      const acct = await seedAccount(m.url);
      const r = await call(m.url, 'POST', '/v1/payment_intents', { account: acct.id, idem: 'idem-1', params: { amount: 1000, currency: 'usd', confirm: true, payment_method: 'pm_card_visa', metadata: { booking_id: 'b9' } } });
      assert.equal(r.status, 200);
      await call(m.url, 'POST', '/v1/refunds', { account: acct.id, params: { payment_intent: r.body.id } });
      await control(m.url, 'POST', '/_mock/webhooks/flush', {});
      const types = rx.events().map((e) => e.type);
      assert.deepEqual(types, ['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'refund.created', 'charge.refunded']);
      for (const d of rx.received) {
        const evt = stripe.webhooks.constructEvent(d.raw, d.headers['stripe-signature'], WHSEC);
        assert.equal(evt.object, 'event');
        assert.match(evt.id, /^evt_/);
        assert.equal(evt.account, acct.id);
        assert.equal(evt.livemode, false);
        assert.equal(typeof evt.created, 'number');
        assert.ok(evt.api_version);
        assert.match(d.headers['stripe-signature'], /^t=\d+,v1=[0-9a-f]{64}$/);
        // wrong secret is rejected by the library
        assert.throws(() => stripe.webhooks.constructEvent(d.raw, d.headers['stripe-signature'], 'whsec_other'));
      }
      const first = rx.events()[0];
      assert.equal(first.request.idempotency_key, 'idem-1');
      assert.match(first.request.id, /^req_/);
      assert.equal(rx.events()[2].data.object.metadata.booking_id, 'b9');
      // events retrievable with the right Stripe-Account only
      const ok = await call(m.url, 'GET', `/v1/events/${first.id}`, { account: acct.id });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.type, 'payment_intent.created');
      assert.equal(ok.body.pending_webhooks, 0, 'delivered');
      const nope = await call(m.url, 'GET', `/v1/events/${first.id}`);
      assert.equal(nope.status, 404);
      const list = await call(m.url, 'GET', '/v1/events', { account: acct.id, params: { type: 'charge.*' } });
      assert.deepEqual(list.body.data.map((e) => e.type), ['charge.refunded', 'charge.succeeded']);
    });
  } finally {
    await rx.close();
  }
});

test('webhook retries on 500 and connection drops, bounded', async () => {
  const rx = await webhookReceiver((entry, n) => (n === 1 ? 500 : n === 2 ? 'drop' : 200));
  try {
    await withMock({ webhookUrl: rx.url, webhookMaxAttempts: 4, webhookRetryBaseMs: 10 }, async (m) => {
      const acct = await seedAccount(m.url);
      await call(m.url, 'POST', '/v1/payment_intents', { account: acct.id, params: { amount: 1000, currency: 'usd' } });
      await control(m.url, 'POST', '/_mock/webhooks/flush', {});
      assert.equal(rx.received.length, 3);
      const ids = new Set(rx.events().map((e) => e.id));
      assert.equal(ids.size, 1, 'same event retried');
      // each attempt freshly signed and valid
      for (const d of rx.received) stripe.webhooks.constructEvent(d.raw, d.headers['stripe-signature'], WHSEC);
      const log = await control(m.url, 'GET', '/_mock/webhooks');
      assert.deepEqual(log.deliveries.map((d) => d.ok), [false, false, true]);
      assert.equal(log.deliveries[0].status, 500);
      assert.ok(log.deliveries[1].error);
    });
  } finally {
    await rx.close();
  }
  // always failing endpoint: gives up after max attempts
  const dead = await webhookReceiver(() => 503);
  try {
    await withMock({ webhookUrl: dead.url, webhookMaxAttempts: 3, webhookRetryBaseMs: 5 }, async (m) => {
      const acct = await seedAccount(m.url);
      await call(m.url, 'POST', '/v1/payment_intents', { account: acct.id, params: { amount: 1000, currency: 'usd' } });
      await control(m.url, 'POST', '/_mock/webhooks/flush', {});
      assert.equal(dead.received.length, 3);
    });
  } finally {
    await dead.close();
  }
});

test('pause, out-of-order delivery, duplicates (redeliver), resume reversed', async () => {
  const rx = await webhookReceiver();
  try {
    await withMock({ webhookUrl: rx.url }, async (m) => {
      const acct = await seedAccount(m.url);
      await control(m.url, 'POST', '/_mock/webhooks/pause');
      const pi = (await call(m.url, 'POST', '/v1/payment_intents', { account: acct.id, params: { amount: 1000, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' } })).body;
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(rx.received.length, 0, 'paused');
      const wh = await control(m.url, 'GET', '/_mock/webhooks');
      assert.equal(wh.pending.length, 3);
      // deliver the last one first
      const last = wh.pending[2];
      const d = await control(m.url, 'POST', '/_mock/webhooks/deliver', { event_id: last });
      assert.equal(d.delivered[0].ok, true);
      assert.equal(rx.events()[0].type, 'payment_intent.succeeded');
      await control(m.url, 'POST', '/_mock/webhooks/resume', { order: 'reverse' });
      await control(m.url, 'POST', '/_mock/webhooks/flush', {});
      assert.deepEqual(rx.events().map((e) => e.type), ['payment_intent.succeeded', 'charge.succeeded', 'payment_intent.created']);
      // twice: redeliver an already delivered event
      await control(m.url, 'POST', '/_mock/webhooks/redeliver', { event_id: last });
      assert.equal(rx.events().filter((e) => e.id === last).length, 2);
      assert.equal(rx.events().at(-1).data.object.id, pi.id);
    });
  } finally {
    await rx.close();
  }
});

test('dispute trigger, account.updated and events without a webhook URL', async () => {
  await withMock({}, async (m) => {
    const acct = await seedAccount(m.url, { onboarded: false });
    const pi = (await call(m.url, 'POST', '/v1/payment_intents', { account: acct.id, params: { amount: 1000, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' } })).body;
    const evt = await control(m.url, 'POST', '/_mock/events/trigger', { type: 'charge.dispute.created', payment_intent: pi.id });
    assert.equal(evt.type, 'charge.dispute.created');
    assert.equal(evt.account, acct.id);
    assert.equal(evt.data.object.charge, pi.latest_charge);
    assert.equal(evt.data.object.status, 'needs_response');
    assert.equal(evt.pending_webhooks, 0);
    const fetched = await call(m.url, 'GET', `/v1/events/${evt.id}`, { account: acct.id });
    assert.equal(fetched.body.data.object.id, evt.data.object.id);
    const on = await control(m.url, 'POST', `/_mock/accounts/${acct.id}/onboard`, {});
    assert.equal(on.charges_enabled, true);
    const evts = await control(m.url, 'GET', '/_mock/events?type=account.updated');
    assert.equal(evts.count, 1);
  });
});

test('webhook URL configurable at runtime', async () => {
  const rx = await webhookReceiver();
  try {
    await withMock({}, async (m) => {
      await control(m.url, 'POST', '/_mock/webhooks/config', { url: rx.url, secret: 'whsec_runtime' });
      const acct = await seedAccount(m.url);
      await call(m.url, 'POST', '/v1/payment_intents', { account: acct.id, params: { amount: 1000, currency: 'usd' } });
      await waitFor(() => rx.received.length === 1, 3000, 'delivery');
      stripe.webhooks.constructEvent(rx.received[0].raw, rx.received[0].headers['stripe-signature'], 'whsec_runtime');
    });
  } finally {
    await rx.close();
  }
});
