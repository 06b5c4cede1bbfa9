// The benchmark's own parts do what the figures rely on: every start the wrk script books
// is a bookable slot (the native core's availability and the Node reference agree), the
// Stripe stand-in answers like Stripe (after its delay, idempotency replays, errors) for
// the official client, and the Node reference books, holds seats and refuses what it must.
// Needs build/native/tools/slotpay-core and the npm packages (express, luxon, stripe).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import Stripe from 'stripe';
import { createStandin } from './stripe-standin.mjs';
import { Catalog } from './node-reference/booking.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CATALOG_FILE = path.join(HERE, 'catalog.json');
const CATALOG = JSON.parse(fs.readFileSync(CATALOG_FILE, 'utf8'));
const CLI = process.env.SLOTPAY_CORE_BIN || path.join(ROOT, 'build', 'native', 'tools', 'slotpay-core');
const SK = 'sk_test_bench_harness';
const ACCT = 'acct_1BenchHarness';
const DELAY_MS = 150;

let standin, standinUrl, tmp;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-bench-harness-'));
  standin = createStandin({ delayMs: DELAY_MS });
  await new Promise((ok) => standin.server.listen(0, '127.0.0.1', ok));
  standinUrl = `http://127.0.0.1:${standin.server.address().port}`;
});
after(async () => {
  standin.server.closeAllConnections();
  await new Promise((ok) => standin.server.close(ok));
  fs.rmSync(tmp, { recursive: true, force: true });
});

function starts() {
  const lua = execFileSync(process.execPath, [path.join(HERE, 'starts.mjs'), CATALOG_FILE, '90'], { encoding: 'utf8' });
  const list = JSON.parse(`[${/^STARTS = \{(.*)\}$/m.exec(lua)[1]}]`);
  return { list, from: JSON.parse(/^FROM = (.*)$/m.exec(lua)[1]) };
}

test('starts.mjs lists exactly the core\'s bookable slots over 90 days, and the Node reference accepts each', () => {
  const { list, from } = starts();
  assert.equal(new Set(list).size, list.length, 'no start twice');
  const to = DateTime.fromISO(from).plus({ days: 90 }).toISODate();
  const now = DateTime.now().setZone(CATALOG.merchant.timezone).startOf('second').toISO({ suppressMilliseconds: true });
  const req = { catalog: CATALOG, service: 'class', staff: 'any', from, to, now, bookings: [], holds: [] };
  const core = JSON.parse(execFileSync(CLI, ['availability'], { input: JSON.stringify(req), encoding: 'utf8' }));
  assert.ok(Array.isArray(core.slots), JSON.stringify(core).slice(0, 300));
  assert.deepEqual(list, core.slots.map((s) => s.start));
  assert.ok(core.slots.every((s) => s.remaining === 1000));

  const catalog = new Catalog(CATALOG);
  const at = DateTime.now();
  for (const start of list)
    catalog.check({ service: 'class', staff: 'any', start, quantity: 1, customer: { name: 'B', email: 'b@example.com' } }, at);
});

test('stand-in: the official client creates a PaymentIntent after the delay; a key replays it; other parameters under it are refused', async () => {
  const stripe = new Stripe(SK, { host: '127.0.0.1', port: standin.server.address().port, protocol: 'http', maxNetworkRetries: 0 });
  const params = { amount: 2000, currency: 'usd', application_fee_amount: 130, automatic_payment_methods: { enabled: true },
                   metadata: { booking_id: 'bk_1', merchant_id: 'm_bench' } };
  const t0 = Date.now();
  const pi = await stripe.paymentIntents.create(params, { stripeAccount: ACCT, idempotencyKey: 'k1' });
  assert.ok(Date.now() - t0 >= DELAY_MS - 5, 'answered after the delay');
  assert.match(pi.id, /^pi_[A-Za-z0-9]+$/);
  assert.ok(pi.client_secret.startsWith(`${pi.id}_secret_`));
  assert.deepEqual([pi.object, pi.amount, pi.currency, pi.status, pi.application_fee_amount, pi.livemode],
                   ['payment_intent', 2000, 'usd', 'requires_payment_method', 130, false]);
  assert.deepEqual(pi.metadata, params.metadata);

  const again = await stripe.paymentIntents.create(params, { stripeAccount: ACCT, idempotencyKey: 'k1' });
  assert.equal(again.id, pi.id);
  assert.equal(again.lastResponse.headers['idempotent-replayed'], 'true');
  await assert.rejects(stripe.paymentIntents.create({ ...params, amount: 2001 }, { stripeAccount: ACCT, idempotencyKey: 'k1' }),
                       (e) => e.type === 'StripeIdempotencyError' && e.statusCode === 400);
  // Another account does not see it; its own account cancels and refunds it at once.
  await assert.rejects(stripe.paymentIntents.retrieve(pi.id, { stripeAccount: 'acct_1Other' }), (e) => e.statusCode === 404);
  const t1 = Date.now();
  const canceled = await stripe.paymentIntents.cancel(pi.id, {}, { stripeAccount: ACCT });
  assert.equal(canceled.status, 'canceled');
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 }, { stripeAccount: ACCT });
  assert.deepEqual([refund.object, refund.amount, refund.payment_intent, refund.status], ['refund', 500, pi.id, 'succeeded']);
  assert.ok(Date.now() - t1 < DELAY_MS, 'cancel and refund without the delay');
  await assert.rejects(new Stripe('sk_live_nope', { host: '127.0.0.1', port: standin.server.address().port, protocol: 'http' })
    .paymentIntents.create(params), (e) => e.statusCode === 401);

  const stats = await (await fetch(`${standinUrl}/_standin/stats`)).json();
  assert.equal(stats.create_payment_intent, 1, 'the replay and the refused requests created nothing');
  assert.equal(stats.idempotent_replays, 1);
});

async function startNodeReference(catalogFile) {
  const child = spawn(process.execPath, [path.join(HERE, 'node-reference', 'server.mjs'), '--catalog', catalogFile,
    '--stripe-account', ACCT, '--stripe-api-base', standinUrl, '--listen', '127.0.0.1:0'],
  { env: { ...process.env, STRIPE_SECRET_KEY: SK }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`node-reference exited ${code}`)));
    setTimeout(() => reject(new Error('node-reference did not start')), 15000).unref();
  });
  return { url, stop: () => { child.kill('SIGTERM'); return new Promise((ok) => child.once('exit', ok)); } };
}

test('node reference: books a real booking with a PaymentIntent, holds the seats, refuses off-grid, full and invalid requests', async () => {
  // The bench catalog with 2 seats, so that "full" is reachable.
  const small = structuredClone(CATALOG);
  small.services[0].capacity = 2;
  const file = path.join(tmp, 'catalog.json');
  fs.writeFileSync(file, JSON.stringify(small));
  const ref = await startNodeReference(file);
  try {
    const start = starts().list[5];
    const book = async (body) => {
      const r = await fetch(`${ref.url}/v1/merchants/m_bench/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' },
                                                                          body: typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: r.status, body: await r.json() };
    };
    const ok = { service: 'class', staff: 'any', start, quantity: 1, customer: { name: 'Ann', email: 'ann@example.com' } };
    const before = (await (await fetch(`${standinUrl}/_standin/stats`)).json()).create_payment_intent;
    const first = await book(ok);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const b = first.body.booking;
    assert.deepEqual([b.status, b.amount, b.currency, b.booking.start, b.booking.staff], ['awaiting_payment', 2000, 'usd', start, 'coach']);
    assert.match(b.payment.payment_intent, /^pi_/);
    assert.ok(b.payment.client_secret.startsWith(`${b.payment.payment_intent}_secret_`));
    assert.match(first.body.access_token, /^[0-9a-f]{32}$/);
    assert.equal((await book(ok)).status, 201);
    const full = await book(ok);
    assert.deepEqual([full.status, full.body.error.code], [409, 'capacity_exceeded']);
    const after = (await (await fetch(`${standinUrl}/_standin/stats`)).json()).create_payment_intent;
    assert.equal(after - before, 2, 'one PaymentIntent per accepted booking, none for the refused one');

    const offGrid = start.replace(/:00:00(?=[-+])/, ':05:00').replace(/:15:00(?=[-+])/, ':20:00');
    const cases = [
      [{ ...ok, start: offGrid }, 409, 'slot_unavailable'],
      [{ ...ok, start: start.slice(0, 19) }, 400, 'invalid_field'],
      [{ ...ok, start: DateTime.now().plus({ days: 200 }).toISO() }, 422, 'outside_booking_window'],
      [{ ...ok, start: DateTime.now().plus({ minutes: 10 }).toISO() }, 422, 'too_soon'],
      [{ ...ok, service: 'yoga' }, 422, 'unknown_service'],
      [{ ...ok, quantity: 3 }, 400, 'invalid_field'],
      [{ ...ok, customer: { name: 'Ann', email: 'nope' } }, 422, 'invalid_email'],
      ['{"service":', 400, 'invalid_json'],
    ];
    for (const [body, status, code] of cases) {
      const r = await book(body);
      assert.deepEqual([r.status, r.body.error?.code], [status, code], JSON.stringify(body));
    }
  } finally {
    await ref.stop();
  }
});
