// The operator's merchant routes (ADMIN_TOKEN, issue #10): the merchant list, the
// platform fee set per merchant (it, not the catalog, is what a booking is charged
// with), suspension (the widget's calls answer merchant_unavailable, no booking), and
// account.application.deauthorized turning online payments off.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, srv;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--booking-rate', '0'] });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

const admin = { authorization: `Bearer ${h.ADMIN}` };
const patch = (id, body) => h.api(srv, 'PATCH', `/v1/admin/merchants/${id}`, { body, headers: admin });

test('the operator routes need the admin token', async () => {
  assert.equal((await h.api(srv, 'GET', '/v1/admin/merchants')).status, 401);
  const r = await h.api(srv, 'PATCH', '/v1/admin/merchants/m_e2e', {
    body: { status: 'suspended' }, headers: { authorization: 'Bearer wrong' },
  });
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'unauthorized');
  const c = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog');
  assert.equal(c.status, 200, 'nothing was suspended');
});

test('the merchant list shows status, account and the fee in force', async () => {
  const r = await h.api(srv, 'GET', '/v1/admin/merchants', { headers: admin });
  assert.equal(r.status, 200, r.text);
  const m = r.body.merchants.find((x) => x.id === 'm_e2e');
  assert.ok(m, r.text);
  assert.equal(m.name, 'E2E Studio');
  assert.equal(m.status, 'active');
  assert.equal(m.stripe_account, h.ACCOUNT);
  // The seed catalog's platform_fee became the operator's setting for the merchant.
  assert.deepEqual(m.platform_fee, { rate_bps: 500, fixed: 30, source: 'merchant' });
  const cat = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog');
  assert.equal(cat.body.catalog?.merchant?.platform_fee ?? cat.body.merchant?.platform_fee, undefined,
               'the fee is not part of the stored catalog');
});

test('the fee the operator sets is the one a booking is charged', async () => {
  const r = await patch('m_e2e', { platform_fee: { rate_bps: 0, fixed: 77 } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.merchant.platform_fee, { rate_bps: 0, fixed: 77, source: 'merchant' });
  const b = await h.book(srv, 'cut', h.slotStart(14, '10:00'));
  assert.equal(b.status, 201, b.text);
  assert.equal(b.body.booking.quote.application_fee, 77);
  const reqs = await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/payment_intents&method=POST');
  const create = reqs.data.find((x) => x.params?.metadata?.booking_id === b.body.booking.id);
  assert.equal(Number(create.params.application_fee_amount), 77);

  const back = await patch('m_e2e', { platform_fee: null });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.merchant.platform_fee.source, 'default');
  const b2 = await h.book(srv, 'cut', h.slotStart(14, '13:00'));
  assert.equal(b2.status, 201, b2.text);
  // The server's default (none configured here): no fee in the quote, none asked of Stripe.
  assert.equal(b2.body.booking.quote.application_fee ?? 0, 0);
  const reqs2 = await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/payment_intents&method=POST');
  const create2 = reqs2.data.find((x) => x.params?.metadata?.booking_id === b2.body.booking.id);
  assert.ok(create2);
  assert.equal(create2.params.application_fee_amount, undefined);
});

test('--platform-fee is the default of merchants the operator set no fee for', async () => {
  const other = await h.startServer(mock, { args: ['--booking-rate', '0', '--platform-fee', '0:55'] });
  try {
    const admin2 = (body) => h.api(other, 'PATCH', '/v1/admin/merchants/m_e2e', { body, headers: admin });
    const r = await admin2({ platform_fee: null });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.merchant.platform_fee, { rate_bps: 0, fixed: 55, source: 'default' });
    const b = await h.book(other, 'cut', h.slotStart(17, '10:00'));
    assert.equal(b.status, 201, b.text);
    assert.equal(b.body.booking.quote.application_fee, 55);
  } finally {
    await other.stop();
    // The mock's webhooks go back to the suite's server.
    await h.mockControl(mock, 'POST', '/_mock/webhooks/config', { url: srv.url + '/v1/stripe/webhook' });
  }
});

test('bad settings are refused by field; unknown merchants are 404', async () => {
  let r = await patch('m_e2e', { status: 'closed' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'status');
  r = await patch('m_e2e', { platform_fee: { rate_bps: 20000 } });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'platform_fee.rate_bps');
  r = await patch('m_e2e', { platform_fee: { fixed: 1.5 } });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'platform_fee.fixed');
  r = await patch('m_e2e', { colour: 'red' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'unknown_field');
  r = await patch('m_e2e', {});
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'missing_field');
  r = await patch('m_nobody', { status: 'suspended' });
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'merchant_not_found');
});

test('a suspended merchant takes no bookings until the operator lifts it', async () => {
  const r = await patch('m_e2e', { status: 'suspended' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.merchant.status, 'suspended');
  const cat = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog');
  assert.equal(cat.status, 403);
  assert.equal(cat.body.error.code, 'merchant_unavailable');
  const b = await h.book(srv, 'consult', h.slotStart(15, '10:00'));
  assert.equal(b.status, 403, b.text);
  assert.equal(b.body.error.code, 'merchant_unavailable');
  const before = (await h.adminBookings(srv)).length;

  const lifted = await patch('m_e2e', { status: 'active' });
  assert.equal(lifted.status, 200);
  assert.equal((await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog')).status, 200);
  const ok = await h.book(srv, 'consult', h.slotStart(15, '10:00'));
  assert.equal(ok.status, 201, ok.text);
  assert.equal((await h.adminBookings(srv)).length, before + 1);
});

// Last: the mock keeps a deauthorized account unusable.
test('account.application.deauthorized turns online payments off at once', async () => {
  await h.mockControl(mock, 'POST', '/_mock/events/trigger',
                      { type: 'account.application.deauthorized', account: h.ACCOUNT });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
  const cat = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog');
  assert.equal(cat.body.online_payments, false);
  const paid = await h.book(srv, 'class', h.slotStart(16, '09:00'));
  assert.equal(paid.status, 409, paid.text);
  assert.equal(paid.body.error.code, 'payments_unavailable');
  const list = await h.api(srv, 'GET', '/v1/admin/merchants', { headers: admin });
  assert.equal(list.body.merchants.find((x) => x.id === 'm_e2e').charges_enabled, false);
  // Free services are still offered.
  assert.equal((await h.book(srv, 'consult', h.slotStart(16, '10:00'))).status, 201);
});
