// A merchant editing its own catalog and widget origins (issue #10 item 4): every edit is
// validated by the core before it is saved (the core's errors field by field, nothing
// saved), each save is a new catalog version, and a booking keeps the price of the
// version it was made with.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, srv, owner, staff, merchantId;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--booking-rate', '0'] });
  owner = await signedIn('POST', '/v1/merchant/signup', {
    email: 'cat@example.com', password: 'a long passphrase 42', business_name: 'Repairs & Co',
    timezone: 'America/New_York', currency: 'usd',
  });
  merchantId = owner.merchant;
  const add = await owner.call('POST', '/v1/merchant/users',
                               { email: 'desk@example.com', password: 'a long passphrase 43', role: 'staff' });
  assert.equal(add.status, 201, add.text);
  staff = await signedIn('POST', '/v1/merchant/signin', { email: 'desk@example.com', password: 'a long passphrase 43' });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

async function signedIn(method, p, body) {
  const r = await h.api(srv, method, p, { body });
  assert.ok(r.status === 200 || r.status === 201, r.text);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const csrf = r.body.csrf_token;
  return {
    merchant: r.body.merchant.id,
    call: (m, path, b) => h.api(srv, m, path, { body: b, headers: { cookie, 'x-csrf-token': csrf } }),
  };
}

// A weekday `n` weekdays from now in New York, at 10:00 local.
function weekdayStart(n) {
  for (let d = 2, seen = 0; d < 30; d++) {
    const start = h.slotStart(d, '10:00');
    const day = new Date(`${start.slice(0, 10)}T12:00:00Z`).getUTCDay();
    if (day >= 1 && day <= 5 && ++seen === n) return start;
  }
  throw new Error('no weekday');
}

const catalog = async () => (await owner.call('GET', '/v1/merchant/catalog')).body;

test('a new merchant has the starter catalog, version 1', async () => {
  const c = await catalog();
  assert.equal(c.catalog_version, 1);
  assert.equal(c.catalog.merchant.id, merchantId);
  assert.equal(c.catalog.merchant.name, 'Repairs & Co');
  assert.deepEqual(c.catalog.services, []);
});

test('an invalid edit is refused with the core\'s errors, field by field, and nothing is saved', async () => {
  const r = await owner.call('POST', '/v1/merchant/catalog/services',
                             { id: 'repair', name: 'Repair', duration_min: -5, price: -1, payment: 'external' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.code, 'invalid_catalog');
  assert.ok(Array.isArray(r.body.errors) && r.body.errors.length >= 2, r.text);
  const fields = r.body.errors.map((e) => e.field);
  assert.ok(fields.some((f) => /services\[0\]\.duration_min/.test(f)), r.text);
  assert.ok(fields.some((f) => /services\[0\]\.price/.test(f)), r.text);
  const c = await catalog();
  assert.equal(c.catalog_version, 1, 'nothing saved');
  assert.deepEqual(c.catalog.services, []);

  const fee = await owner.call('PUT', '/v1/merchant/catalog', {
    catalog: { ...c.catalog, merchant: { ...c.catalog.merchant, platform_fee: { rate_bps: 0, fixed: 0 } } },
  });
  assert.equal(fee.status, 422, fee.text);
  assert.equal(fee.body.error.code, 'field_not_allowed');
  const other = await owner.call('PUT', '/v1/merchant/catalog', {
    catalog: { ...c.catalog, merchant: { ...c.catalog.merchant, id: 'm_e2e' } },
  });
  assert.equal(other.status, 422, other.text);
  assert.equal(other.body.error.field, 'catalog.merchant.id');
  assert.equal((await catalog()).catalog_version, 1, 'still nothing saved');
  // The seeded merchant's catalog was not touched either.
  const seeded = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog');
  assert.equal(seeded.body.catalog.merchant.name, 'E2E Studio');
});

test('staff may read the catalog but not edit it', async () => {
  assert.equal((await staff.call('GET', '/v1/merchant/catalog')).status, 200);
  const r = await staff.call('POST', '/v1/merchant/catalog/services',
                             { id: 'x', name: 'X', duration_min: 30, price: 100, payment: 'external' });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'forbidden');
  assert.equal(r.body.error.field, 'edit_catalog');
  const o = await staff.call('PUT', '/v1/merchant/origins', { allowed_origins: ['https://x.example'] });
  assert.equal(o.status, 403);
  assert.equal(o.body.error.field, 'settings');
});

test('good edits make new versions; a booking keeps the price of its version', async () => {
  const s = await owner.call('POST', '/v1/merchant/catalog/services',
                             { id: 'repair', name: 'Home repair', duration_min: 60, price: 9000, payment: 'external' });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.body.catalog_version, 2);
  assert.equal(s.body.item.price, 9000);
  const st = await owner.call('POST', '/v1/merchant/catalog/staff', { id: 'ana', name: 'Ana', services: ['repair'] });
  assert.equal(st.status, 201, st.text);
  assert.equal(st.body.catalog_version, 3);

  const first = await h.api(srv, 'POST', `/v1/merchants/${merchantId}/bookings`,
                            { body: h.bookingRequest('repair', weekdayStart(1)) });
  assert.equal(first.status, 201, first.text);

  const p = await owner.call('PATCH', '/v1/merchant/catalog/services/repair', { price: 12000 });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.catalog_version, 4);
  assert.equal(p.body.item.price, 12000);
  assert.equal(p.body.item.name, 'Home repair', 'a merge patch keeps the other fields');

  const second = await h.api(srv, 'POST', `/v1/merchants/${merchantId}/bookings`,
                             { body: h.bookingRequest('repair', weekdayStart(2)) });
  assert.equal(second.status, 201, second.text);

  const list = await staff.call('GET', '/v1/merchant/bookings');
  assert.equal(list.status, 200, list.text);
  const byId = Object.fromEntries(list.body.bookings.map((b) => [b.id, b]));
  assert.equal(byId[first.body.booking.id].catalog_version, 3);
  assert.equal(byId[first.body.booking.id].total, 9000, 'the old booking keeps its price');
  assert.equal(byId[second.body.booking.id].catalog_version, 4);
  assert.equal(byId[second.body.booking.id].total, 12000);
  for (const b of list.body.bookings) assert.equal(b.mode, 'test');

  const del = await owner.call('DELETE', '/v1/merchant/catalog/services/repair');
  assert.equal(del.status, 200, del.text);
  const c = await catalog();
  assert.equal(c.catalog_version, 5);
  assert.deepEqual(c.catalog.services, []);
  assert.deepEqual(c.catalog.staff[0].services, [], 'removed from the staff member too');
  const again = await staff.call('GET', '/v1/merchant/bookings');
  assert.equal(again.body.bookings.find((b) => b.id === first.body.booking.id).total, 9000);
  assert.equal((await owner.call('DELETE', '/v1/merchant/catalog/services/repair')).status, 404);
});

test('the whole catalog is replaced with PUT; an unknown collection is a 404', async () => {
  const c = await catalog();
  c.catalog.merchant.name = 'Repairs & Sons';
  const r = await owner.call('PUT', '/v1/merchant/catalog', { catalog: c.catalog });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.catalog_version, c.catalog_version + 1);
  assert.equal(r.body.catalog.merchant.name, 'Repairs & Sons');
  const me = await owner.call('GET', '/v1/merchant/me');
  assert.equal(me.body.merchant.name, 'Repairs & Sons');
  assert.equal((await owner.call('POST', '/v1/merchant/catalog/nope', {})).status, 404);
});

test('allowed widget origins: validated, normalised, used for CORS', async () => {
  const bad = await owner.call('PUT', '/v1/merchant/origins', { allowed_origins: ['https://ok.example', 'ftp://x'] });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.body.error.field, 'allowed_origins[1]');
  const ok = await owner.call('PUT', '/v1/merchant/origins',
                              { allowed_origins: ['HTTPS://Shop.Example/', 'https://shop.example'] });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.body.allowed_origins, ['https://shop.example']);
  assert.deepEqual((await staff.call('GET', '/v1/merchant/origins')).body.allowed_origins, ['https://shop.example']);
  const cors = await h.api(srv, 'GET', `/v1/merchants/${merchantId}/catalog`, { headers: { origin: 'https://shop.example' } });
  assert.equal(cors.headers.get('access-control-allow-origin'), 'https://shop.example');
});
