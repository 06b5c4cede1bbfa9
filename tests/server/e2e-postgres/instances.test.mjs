// Three slotpay-server instances on one PostgreSQL database behind no balancer but this
// test's round robin: 10,000 concurrent booking attempts for slots of capacity 1 and 3
// never overbook (counted in the database) and never answer 5xx; a webhook event
// delivered to every instance at once is handled once; a catalog saved through one
// instance is what the others serve.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Stripe from 'stripe';
import * as h from '../e2e/harness.mjs';
import * as pg from './pg.mjs';

let mock, db;
const servers = [];
before(async () => {
  mock = await h.startMock();
  db = pg.freshDatabase();
  // Started together: they migrate the new database once, under the migration lock.
  servers.push(...await Promise.all(['a', 'b', 'c'].map((name) =>
    pg.startInstance(mock, db, `inst_${name}`, ['--db-pool', '8']))));
});
after(async () => {
  for (const s of servers) await s.stop();
  await mock?.close();
});

const CAPACITY = { cut: 1, trio: 3 };

test('10,000 concurrent attempts over three instances: no overbooking, no 5xx', async () => {
  const versions = pg.sql('SELECT version FROM schema_migrations ORDER BY version', db.name).map((r) => Number(r[0]));
  assert.deepEqual(versions, versions.map((_, i) => i + 1), 'each migration applied once');

  // 10 one-seat slots (09:00) and 10 three-seat slots (14:00) on ten days: Ana never
  // has two of them at once, so each slot's capacity is the only limit.
  const slots = [];
  for (let day = 3; day < 13; day++) {
    slots.push({ service: 'cut', start: h.slotStart(day, '09:00') });
    slots.push({ service: 'trio', start: h.slotStart(day, '14:00') });
  }
  const N = 10000;
  const t0 = Date.now();
  const results = await pg.pool(N, 120, (i) => pg.attempt(async () => {
    const slot = slots[i % slots.length];
    const srv = servers[i % servers.length];
    const r = await h.api(srv, 'POST', '/v1/merchants/m_e2e/bookings', { body: h.bookingRequest(slot.service, slot.start) });
    return { status: r.status, code: r.body?.error?.code, srv: srv.instance };
  }));
  const secs = (Date.now() - t0) / 1000;
  const byStatus = {};
  for (const r of results) byStatus[`${r.status} ${r.code ?? r.error ?? ''}`.trim()] = (byStatus[`${r.status} ${r.code ?? r.error ?? ''}`.trim()] || 0) + 1;
  console.log(`# ${N} attempts in ${secs.toFixed(1)} s (${Math.round(N / secs)}/s): ${JSON.stringify(byStatus)}`);

  assert.equal(results.filter((r) => r.status >= 500 || r.status === 0).length, 0, JSON.stringify(byStatus));
  const won = results.filter((r) => r.status === 201);
  const wanted = slots.reduce((n, s) => n + CAPACITY[s.service], 0);
  assert.equal(won.length, wanted, 'every seat sold once');
  for (const r of results) if (r.status !== 201) assert.equal(r.status, 409, JSON.stringify(r));
  const winners = new Set(won.map((r) => r.srv));
  console.log(`# seats won through ${[...winners].join(', ')}`);

  // The database's own count: live bookings per slot never exceed its capacity.
  const rows = pg.sql(`SELECT service, start_at, SUM(quantity), COUNT(*) FROM bookings
                       WHERE status IN ('held', 'awaiting_payment', 'confirmed') GROUP BY service, start_at`, db.name);
  assert.equal(rows.length, slots.length);
  for (const [service, start, seats] of rows)
    assert.ok(Number(seats) <= CAPACITY[service], `${service} at ${start}: ${seats} seats`);
  const total = rows.reduce((n, r) => n + Number(r[2]), 0);
  assert.equal(total, wanted);
  const statuses = pg.sql('SELECT status, COUNT(*) FROM bookings GROUP BY status', db.name);
  assert.deepEqual(statuses, [['awaiting_payment', String(wanted)]], 'every winner has its PaymentIntent');
});

test('a webhook event delivered to every instance at once is handled once', async () => {
  const start = h.slotStart(20, '10:00');
  const created = await h.book(servers[0], 'class', start);
  assert.equal(created.status, 201, created.text);
  const pi = created.body.booking.payment.payment_intent;
  const event = {
    id: `evt_multi_${Date.now()}`, object: 'event', type: 'payment_intent.succeeded', account: h.ACCOUNT,
    created: Math.floor(Date.now() / 1000), livemode: false, api_version: '2024-06-20',
    data: { object: { id: pi, object: 'payment_intent', amount: created.body.booking.amount,
                      amount_received: created.body.booking.amount, currency: 'usd', status: 'succeeded',
                      metadata: { booking_id: created.body.booking.id } } },
  };
  const payload = JSON.stringify(event);
  const stripe = new Stripe(h.SK);
  const answers = await Promise.all(servers.flatMap((srv) => [1, 2].map(() =>
    h.api(srv, 'POST', '/v1/stripe/webhook', {
      raw: payload,
      headers: { 'content-type': 'application/json',
                 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: h.WHSEC }) },
    }))));
  for (const a of answers) assert.equal(a.status, 200, a.text);
  const firsts = answers.filter((a) => a.body.duplicate === false);
  assert.equal(firsts.length, 1, JSON.stringify(answers.map((a) => a.body)));
  assert.equal(firsts[0].body.action, 'confirmed');
  assert.equal(pg.sql(`SELECT COUNT(*) FROM stripe_events WHERE id = '${event.id}'`, db.name)[0][0], '1');
  const status = await h.bookingStatus(servers[2], created.body);
  assert.equal(status.status, 'confirmed');
});

test('a catalog saved through one instance is what the others serve', async () => {
  const catalogOf = async (srv) => (await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog')).body.catalog;
  const before = await catalogOf(servers[1]);
  const changed = structuredClone(before);
  changed.merchant.name = `Renamed ${Date.now()}`;
  const saved = await h.api(servers[0], 'PUT', '/v1/admin/merchants/m_e2e', {
    body: { catalog: changed, stripe_account: h.ACCOUNT, allowed_origins: ['https://salon.example'] },
    headers: { authorization: `Bearer ${h.ADMIN}` },
  });
  assert.equal(saved.status, 200, saved.text);
  for (const srv of servers) assert.equal((await catalogOf(srv)).merchant.name, changed.merchant.name, srv.instance);
});
