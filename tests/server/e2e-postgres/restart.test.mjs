// The database restarted in the middle of bookings, under two instances: requests fail
// cleanly (503 with a JSON error, never a 500 or a dropped connection), /healthz says
// so, no booking is left half-written, and the service resumes by itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from '../e2e/harness.mjs';
import * as pg from './pg.mjs';

let mock, db;
const servers = [];
before(async () => {
  mock = await h.startMock();
  db = pg.freshDatabase();
  // A short work lease: holds whose PaymentIntent answer could not be stored are let
  // go (and their intents cancelled) 3 s later by whichever instance passes first.
  const args = ['--work-lease-ms', '3000', '--maintenance-ms', '250', '--db-statement-timeout-ms', '2000'];
  servers.push(await pg.startInstance(mock, db, 'inst_r1', args));
  servers.push(await pg.startInstance(mock, db, 'inst_r2', args));
});
after(async () => {
  for (const s of servers) await s.stop();
  await mock?.close();
});

test('the database restarts during bookings: clean 503s, nothing half-written, service resumes', async () => {
  const results = [];
  const health = [];
  let stop = false;
  let seq = 0;
  const loop = async (w) => {
    while (!stop) {
      const i = seq++;
      const srv = servers[i % servers.length];
      // Spread over many slots of the 100-seat class: capacity never refuses here.
      const start = h.slotStart(30 + (i % 40), ['09:00', '11:00', '13:00', '15:00'][w % 4]);
      const t = Date.now();
      const r = await pg.attempt(() => h.book(srv, 'class', start));
      results.push({ t, status: r.status, code: r.body?.error?.code, error: r.error, body: r.body, text: r.text });
    }
  };
  const probe = async () => {
    while (!stop) {
      const r = await pg.attempt(() => h.api(servers[0], 'GET', '/healthz'));
      health.push({ t: Date.now(), status: r.status, code: r.body?.error?.code });
      await h.sleep(100);
    }
  };
  const workers = [...Array.from({ length: 16 }, (_, w) => loop(w)), probe()];
  await h.sleep(1500);
  const down = Date.now();
  await pg.restartCluster(1500);
  const up = Date.now();
  await h.sleep(4000);
  stop = true;
  await Promise.all(workers);

  const tally = {};
  for (const r of results) tally[`${r.status} ${r.code ?? r.error ?? ''}`.trim()] = (tally[`${r.status} ${r.code ?? r.error ?? ''}`.trim()] || 0) + 1;
  console.log(`# ${results.length} attempts (database down ${((up - down) / 1000).toFixed(1)} s): ${JSON.stringify(tally)}`);
  // Clean failures only: 201, or 503 database_unavailable with the error shape.
  for (const r of results) {
    if (r.status === 201) continue;
    assert.equal(r.status, 503, JSON.stringify(r));
    assert.equal(r.code, 'database_unavailable', r.text);
    assert.equal(typeof r.body.error.message, 'string');
  }
  const failed = results.filter((r) => r.status === 503);
  assert.ok(failed.length > 0, 'some requests met the restart');
  assert.ok(results.filter((r) => r.status === 201 && r.t < down).length > 0, 'bookings before the restart');
  // Resumed by itself: after the restart (and a second to reconnect), all succeed.
  const late = results.filter((r) => r.t > up + 1000);
  assert.ok(late.length > 20, `${late.length} attempts after the restart`);
  assert.ok(late.every((r) => r.status === 201), JSON.stringify(late.filter((r) => r.status !== 201).slice(0, 3)));
  // Readiness followed the database.
  assert.ok(health.some((x) => x.status === 503 && x.code === 'database_unavailable'), JSON.stringify(health));
  assert.equal(health.at(-1).status, 200);

  // Nothing half-written: once the leases of interrupted holds lapse, every booking is
  // either awaiting payment with its intent or let go with its intent cancelled.
  const settled = await h.waitFor(() => {
    const rows = pg.sql(`SELECT COUNT(*) FROM bookings WHERE status = 'held' OR pi_cancel_pending = 1`, db.name);
    return rows[0][0] === '0';
  }, { timeoutMs: 15000, stepMs: 250 });
  assert.ok(settled, 'interrupted holds were let go');
  const rows = pg.sql('SELECT id, status, payment_intent_id, claimed_by FROM bookings', db.name);
  const byId = new Map(rows.map(([id, status, pi, by]) => [id, { status, pi, by }]));
  for (const r of results.filter((x) => x.status === 201)) {
    const b = byId.get(r.body.booking.id);
    assert.ok(b, `answered booking ${r.body.booking.id} is missing`);
    assert.equal(b.status, 'awaiting_payment');
    assert.equal(b.pi, r.body.booking.payment.payment_intent);
  }
  for (const [id, b] of byId) {
    assert.ok(['awaiting_payment', 'expired'].includes(b.status), `${id}: ${b.status}`);
    if (b.status === 'awaiting_payment') assert.ok(b.pi, `${id} has no PaymentIntent`);
  }
  // Every intent at Stripe belongs to a booking; the let-go ones are cancelled.
  const pis = (await h.mockControl(mock, 'GET', '/_mock/objects?type=payment_intent')).data.map((x) => x.obj)
    .filter((pi) => pi.metadata?.merchant_id === 'm_e2e');
  for (const pi of pis) {
    const b = byId.get(pi.metadata.booking_id);
    assert.ok(b, `orphan PaymentIntent ${pi.id}`);
    if (b.status === 'expired') assert.equal(pi.status, 'canceled', `${pi.id} of expired ${pi.metadata.booking_id}`);
  }
  const expired = [...byId.values()].filter((b) => b.status === 'expired').length;
  console.log(`# ${byId.size} bookings stored, ${expired} let go after the restart`);
});
