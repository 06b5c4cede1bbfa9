// Issue #9, item 2 end to end: X-Forwarded-For believed only from a --trusted-proxy
// peer (spoofed from an untrusted one: ignored), IPv6 clients counted by /64, and the
// per-route budgets on availability, status, cancel, webhook and admin routes (429 with
// Retry-After and the JSON error).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, direct, proxied, budgets;
before(async () => {
  mock = await h.startMock();
  // One live hold per client makes "which client is this" visible.
  direct = await h.startServer(mock, { args: ['--max-holds-per-client', '1'] });
  proxied = await h.startServer(mock, { args: ['--max-holds-per-client', '1', '--trusted-proxy', '127.0.0.0/8'] });
  budgets = await h.startServer(mock, {
    args: ['--read-rate', '5', '--cancel-rate', '5', '--webhook-rate', '5', '--admin-rate', '5'],
  });
});
after(async () => {
  for (const s of [direct, proxied, budgets]) await s?.stop();
  await mock?.close();
});

let hour = 8;
const bookAs = (srv, xff) =>
  h.api(srv, 'POST', '/v1/merchants/m_e2e/bookings', {
    body: h.bookingRequest('class', h.slotStart(20, `${String(hour++ % 12 + 8).padStart(2, '0')}:00`)),
    headers: xff ? { 'x-forwarded-for': xff } : {},
  });

test('X-Forwarded-For from an untrusted peer is ignored (one client whatever it claims)', async () => {
  assert.equal((await bookAs(direct, '198.51.100.1')).status, 201);
  const spoofed = await bookAs(direct, '198.51.100.2');
  assert.equal(spoofed.status, 429, spoofed.text);
  assert.equal(spoofed.body.error.code, 'too_many_holds');
});

test('X-Forwarded-For from a trusted proxy names the client (rightmost untrusted hop)', async () => {
  assert.equal((await bookAs(proxied, '198.51.100.1')).status, 201);
  assert.equal((await bookAs(proxied, '198.51.100.2')).status, 201, 'another client');
  // The client prepends a hop of its own: the proxy's hop (rightmost) still counts.
  const again = await bookAs(proxied, '203.0.113.77, 198.51.100.1');
  assert.equal(again.status, 429, again.text);
  assert.equal(again.body.error.code, 'too_many_holds');
  // Forwarded (RFC 7239) when there is no X-Forwarded-For.
  const fwd = await h.api(proxied, 'POST', '/v1/merchants/m_e2e/bookings', {
    body: h.bookingRequest('class', h.slotStart(21, '10:00')),
    headers: { forwarded: 'for=198.51.100.3;proto=https' },
  });
  assert.equal(fwd.status, 201, fwd.text);
});

test('IPv6 clients are counted by their /64', async () => {
  assert.equal((await bookAs(proxied, '2001:db8:1:2::1')).status, 201);
  const sameNet = await bookAs(proxied, '2001:db8:1:2:ffff::99');
  assert.equal(sameNet.status, 429, sameNet.text);
  assert.equal((await bookAs(proxied, '2001:db8:1:3::1')).status, 201, 'another /64');
});

// `fresh`: nothing else spent this budget before (the mock's own webhook deliveries come
// from 127.0.0.1 too, so the webhook budget may be partly spent already).
async function assertBudget(name, call, fresh = true) {
  const statuses = [];
  for (let i = 0; i < 7; i++) statuses.push((await call()).status);
  if (fresh) assert.ok(statuses.slice(0, 5).every((s) => s !== 429), `${name}: ${statuses}`);
  const r = await call();
  assert.equal(r.status, 429, `${name}: ${r.text}`);
  assert.equal(r.body.error.code, 'rate_limited');
  assert.equal(typeof r.body.error.message, 'string');
  assert.ok(Number(r.headers.get('retry-after')) > 0, name);
}

test('availability, status, cancel, webhook and admin routes have budgets per client', async () => {
  const made = await h.book(budgets, 'class', h.slotStart(22, '10:00'));
  assert.equal(made.status, 201, made.text);
  const id = made.body.booking.id;
  const day = h.slotStart(22, '10:00').slice(0, 10);
  await assertBudget('availability', () =>
    h.api(budgets, 'GET', `/v1/merchants/m_e2e/availability?service=class&from=${day}&to=${day}`));
  // Status shares the read budget (already spent).
  const status = await h.api(budgets, 'GET', `/v1/bookings/${id}`, { token: made.body.access_token });
  assert.equal(status.status, 429, status.text);
  await assertBudget('cancel', () => h.api(budgets, 'POST', `/v1/bookings/bk_none/cancel`, { token: 'x' }));
  await assertBudget('webhook', () =>
    h.api(budgets, 'POST', '/v1/stripe/webhook', { raw: '{}', headers: { 'content-type': 'application/json' } }), false);
  await assertBudget('admin', () => h.api(budgets, 'GET', '/v1/admin/merchants/m_e2e/bookings'));
  // Booking creation keeps its own budget.
  assert.equal((await h.book(budgets, 'class', h.slotStart(22, '11:00'))).status, 201);
});
