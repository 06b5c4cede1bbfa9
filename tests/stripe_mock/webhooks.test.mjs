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

test('rolled secrets give one v1 per secret; optional fake v0; both verify with stripe-node', async () => {
  const payload = '{"id":"evt_1"}';
  const h = signPayload(payload, ['whsec_old', 'whsec_new'], 1700000000, { withV0: true });
  assert.match(h, /^t=1700000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64},v0=[0-9a-f]{64}$/);
  const at = 1700000000 * 1000;
  for (const secret of ['whsec_old', 'whsec_new']) stripe.webhooks.constructEvent(payload, h, secret, 300, undefined, at);
  assert.throws(() => stripe.webhooks.constructEvent(payload, h, 'whsec_other', 300, undefined, at));
  const rx = await webhookReceiver();
  try {
    await withMock({ webhookUrl: rx.url, webhookSecrets: ['whsec_a', 'whsec_b'], webhookV0: true }, async (m) => {
      const acct = await seedAccount(m.url);
      await call(m.url, 'POST', '/v1/payment_intents', { account: acct.id, params: { amount: 1000, currency: 'usd' } });
      await control(m.url, 'POST', '/_mock/webhooks/flush', {});
      const d = rx.received[0];
      assert.match(d.headers['stripe-signature'], /,v0=/);
      stripe.webhooks.constructEvent(d.raw, d.headers['stripe-signature'], 'whsec_a');
      stripe.webhooks.constructEvent(d.raw, d.headers['stripe-signature'], 'whsec_b');
      await control(m.url, 'POST', '/_mock/webhooks/config', { secrets: ['whsec_c'], v0: false });
      await call(m.url, 'POST', '/v1/payment_intents', { account: acct.id, params: { amount: 1000, currency: 'usd' } });
      await control(m.url, 'POST', '/_mock/webhooks/flush', {});
      const d2 = rx.received[1];
      assert.match(d2.headers['stripe-signature'], /^t=\d+,v1=[0-9a-f]{64}$/);
      stripe.webhooks.constructEvent(d2.raw, d2.headers['stripe-signature'], 'whsec_c');
    });
  } finally {
    await rx.close();
  }
});

test('triggers: dispute updated/closed, refund.failed, account.application.deauthorized', async () => {
  await withMock({}, async (m) => {
    const acct = await seedAccount(m.url);
    const pi = (await call(m.url, 'POST', '/v1/payment_intents', { account: acct.id, params: { amount: 3000, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' } })).body;
    const opened = await control(m.url, 'POST', '/_mock/events/trigger', { type: 'charge.dispute.created', charge: pi.latest_charge, reason: 'product_not_received' });
    const dp = opened.data.object.id;
    assert.equal(opened.data.object.reason, 'product_not_received');
    const upd = await control(m.url, 'POST', '/_mock/events/trigger', { type: 'charge.dispute.updated', dispute: dp });
    assert.equal(upd.data.object.status, 'under_review');
    const closed = await control(m.url, 'POST', '/_mock/events/trigger', { type: 'charge.dispute.closed', dispute: dp, status: 'won' });
    assert.equal(closed.data.object.status, 'won');
    assert.equal(closed.data.previous_attributes.status, 'under_review');
    assert.equal(closed.account, acct.id);
    const out = await control(m.url, 'POST', '/_mock/events/trigger', { type: 'charge.dispute.funds_withdrawn', dispute: dp });
    assert.deepEqual(out.data.object.balance_transactions.map((t) => [t.amount, t.reporting_category]), [[-3000, 'dispute']]);
    const back = await control(m.url, 'POST', '/_mock/events/trigger', { type: 'charge.dispute.funds_reinstated', dispute: dp });
    assert.equal(back.type, 'charge.dispute.funds_reinstated');
    assert.deepEqual(back.data.object.balance_transactions.map((t) => t.amount), [-3000, 3000]);

    const re = (await call(m.url, 'POST', '/v1/refunds', { account: acct.id, params: { payment_intent: pi.id, amount: 1000 } })).body;
    const failed = await control(m.url, 'POST', '/_mock/events/trigger', { type: 'refund.failed', refund: re.id });
    assert.equal(failed.type, 'refund.failed');
    assert.equal(failed.data.object.status, 'failed');
    assert.equal(failed.data.object.failure_reason, 'expired_or_canceled_card');
    const ch = await call(m.url, 'GET', `/v1/charges/${pi.latest_charge}`, { account: acct.id });
    assert.equal(ch.body.amount_refunded, 0, 'the failed refund is given back to the charge');
    const types = (await control(m.url, 'GET', '/_mock/events')).data.map((e) => e.type);
    assert.ok(types.includes('refund.updated') && types.includes('charge.refund.updated'));
    // the amount can be refunded again
    assert.equal((await call(m.url, 'POST', '/v1/refunds', { account: acct.id, params: { payment_intent: pi.id } })).body.amount, 3000);

    const de = await control(m.url, 'POST', '/_mock/events/trigger', { type: 'account.application.deauthorized', account: acct.id });
    assert.equal(de.data.object.object, 'application');
    assert.equal(de.account, acct.id);
    const after = await call(m.url, 'GET', `/v1/payment_intents/${pi.id}`, { account: acct.id });
    assert.equal(after.status, 403, 'a deauthorized account can no longer be used');
    const generic = await control(m.url, 'POST', '/_mock/events/trigger', { type: 'payment_intent.succeeded', object_id: pi.id });
    assert.equal(generic.data.object.id, pi.id);
  });
});

test('webhooks config clock_offset_s: the signature timestamp runs that far ahead', async () => {
  const rx = await webhookReceiver();
  try {
    await withMock({ webhookUrl: rx.url }, async (m) => {
      const cfg = await control(m.url, 'POST', '/_mock/webhooks/config', { clock_offset_s: 3 * 86400 });
      assert.equal(cfg.clock_offset_s, 3 * 86400);
      const acct = await seedAccount(m.url);
      await call(m.url, 'POST', '/v1/payment_intents', { account: acct.id, params: { amount: 1000, currency: 'usd' } });
      await waitFor(() => rx.received.length > 0, 5000, 'a delivery');
      const t = Number(/t=(\d+)/.exec(rx.received[0].headers['stripe-signature'])[1]);
      const ahead = t - Math.floor(Date.now() / 1000);
      assert.ok(ahead > 3 * 86400 - 60 && ahead <= 3 * 86400, `ahead by ${ahead}s`);
      // still a valid signature of the body at that time
      const evt = stripe.webhooks.constructEvent(rx.received[0].raw, rx.received[0].headers['stripe-signature'], WHSEC, 600, undefined, t * 1000);
      assert.equal(evt.type, 'payment_intent.created');
    });
  } finally {
    await rx.close();
  }
});
