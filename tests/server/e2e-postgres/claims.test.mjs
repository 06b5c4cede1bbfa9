// An instance SIGKILLed while it holds work claims (bookings held while their
// PaymentIntent creates are in flight): the other instance leaves them alone while the
// claims are live, takes them over once they lapse, and finishes the work once: the
// holds are let go and each intent is cancelled at Stripe exactly once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from '../e2e/harness.mjs';
import * as pg from './pg.mjs';

const LEASE_MS = 2500;
let mock, db, killed, survivor;
before(async () => {
  mock = await h.startMock();
  db = pg.freshDatabase();
  const args = ['--work-lease-ms', String(LEASE_MS), '--maintenance-ms', '200'];
  killed = await pg.startInstance(mock, db, 'inst_killed', args);
  survivor = await pg.startInstance(mock, db, 'inst_survivor', args);
});
after(async () => {
  await killed?.stop();
  await survivor?.stop();
  await mock?.close();
});

const claimsOf = (who) => pg.sql(`SELECT id, status, claimed_until FROM bookings WHERE claimed_by = '${who}'`, db.name);

test('SIGKILL while holding work claims: another instance takes the work over after the lease', async () => {
  // A slow Stripe: the killed instance's creates are still in flight when it dies.
  await h.mockControl(mock, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'timeout',
                                                      delay_ms: 1500, count: 1000 });
  const start = h.slotStart(40, '10:00');
  const inflight = Promise.allSettled(Array.from({ length: 12 }, () => h.book(killed, 'class', start)));
  const held = await h.waitFor(() => {
    const rows = claimsOf('inst_killed').filter((r) => r[1] === 'held');
    return rows.length >= 12 ? rows : null;
  }, { timeoutMs: 5000, stepMs: 20 });
  assert.ok(held, 'the bookings are held and claimed by the instance creating their intents');
  assert.equal((await killed.stop('SIGKILL')).signal, 'SIGKILL');
  const killedAt = Date.now();
  await inflight;
  await h.mockControl(mock, 'DELETE', '/_mock/fail');
  const ids = held.map((r) => r[0]);
  const claimedUntil = Math.max(...held.map((r) => Number(r[2])));

  // While the claims are live the survivor leaves them alone (its passes run every 200 ms).
  await h.sleep(Math.max(0, Math.min(claimedUntil - Date.now() - 700, 1200)));
  if (Date.now() < claimedUntil - 200) {
    const still = claimsOf('inst_killed').filter((r) => ids.includes(r[0]));
    assert.equal(still.length, ids.length, 'live claims are not taken');
    assert.ok(still.every((r) => r[1] === 'held'));
  }

  // Then it takes them over and finishes the work.
  const done = await h.waitFor(() => {
    const rows = pg.sql(`SELECT id, status, claimed_by, pi_cancel_pending FROM bookings
                         WHERE id IN (${ids.map((id) => `'${id}'`).join(',')})`, db.name);
    return rows.every((r) => r[1] === 'expired' && r[2] === 'inst_survivor' && r[3] === '0') ? rows : null;
  }, { timeoutMs: 15000, stepMs: 200 });
  assert.ok(done, JSON.stringify(pg.sql(`SELECT id, status, claimed_by, pi_cancel_pending FROM bookings`, db.name)));
  console.log(`# taken over ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill (lease ${LEASE_MS} ms)`);
  assert.match(survivor.logs, /abandoned hold let go/);

  // Each intent cancelled at Stripe, once.
  const pis = (await h.mockControl(mock, 'GET', '/_mock/objects?type=payment_intent')).data.map((x) => x.obj)
    .filter((pi) => ids.includes(pi.metadata?.booking_id));
  assert.equal(pis.length, ids.length, 'one intent per booking (the replayed create returned the same one)');
  for (const pi of pis) assert.equal(pi.status, 'canceled', pi.id);
  const cancels = (await h.mockControl(mock, 'GET', '/_mock/requests?method=POST')).data
    .filter((r) => /\/v1\/payment_intents\/[^/]+\/cancel$/.test(r.path) && pis.some((pi) => r.path.includes(pi.id)));
  const perIntent = {};
  for (const r of cancels) perIntent[r.path] = (perIntent[r.path] || 0) + 1;
  assert.equal(Object.keys(perIntent).length, pis.length);
  for (const [p, n] of Object.entries(perIntent)) assert.equal(n, 1, `${p} cancelled ${n} times`);
});
