// The merchant API on PostgreSQL (issue #10): sign-up, sign-in with a session, an owner's
// API key, catalog edits (an invalid one refused with nothing saved, concurrent item
// edits of one merchant all kept: the merchant's row is held during each
// read-modify-write), widget origins, and a booking keeping its catalog version.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from '../e2e/harness.mjs';
import * as pg from './pg.mjs';

let mock, srv;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { db: pg.freshDatabase().url, args: ['--booking-rate', '0'] });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

test('sign-up, sessions, keys and catalog edits on PostgreSQL', async () => {
  const up = await h.api(srv, 'POST', '/v1/merchant/signup', {
    body: { email: 'pg@example.com', password: 'a long passphrase 42', business_name: 'PG Salon',
            timezone: 'America/New_York', currency: 'usd' },
  });
  assert.equal(up.status, 201, up.text);
  const headers = { cookie: up.headers.get('set-cookie').split(';')[0], 'x-csrf-token': up.body.csrf_token };
  const call = (m, p, body) => h.api(srv, m, p, { body, headers });

  const bad = await call('POST', '/v1/merchant/catalog/services', { id: 's', name: 'S', duration_min: 0, price: 100, payment: 'external' });
  assert.equal(bad.status, 422, bad.text);
  assert.equal((await call('GET', '/v1/merchant/catalog')).body.catalog_version, 1, 'nothing saved');

  // Ten item edits at once: each one a new version, none lost.
  const adds = await Promise.all(Array.from({ length: 10 }, (_, i) => call('POST', '/v1/merchant/catalog/services',
    { id: `s${i}`, name: `Service ${i}`, duration_min: 30, price: 1000 + i, payment: 'external' })));
  for (const r of adds) assert.equal(r.status, 201, r.text);
  assert.deepEqual(adds.map((r) => r.body.catalog_version).sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const cat = (await call('GET', '/v1/merchant/catalog')).body;
  assert.equal(cat.catalog_version, 11);
  assert.equal(cat.catalog.services.length, 10);

  const staff = await call('POST', '/v1/merchant/catalog/staff', { id: 'ana', name: 'Ana', services: ['s1'] });
  assert.equal(staff.status, 201, staff.text);
  let start;
  for (let d = 2; d < 30 && !start; d++) {
    const s = h.slotStart(d, '10:00');
    const wd = new Date(`${s.slice(0, 10)}T12:00:00Z`).getUTCDay();
    if (wd >= 1 && wd <= 5) start = s;
  }
  const b = await h.api(srv, 'POST', `/v1/merchants/${up.body.merchant.id}/bookings`, { body: h.bookingRequest('s1', start) });
  assert.equal(b.status, 201, b.text);
  assert.equal((await call('PATCH', '/v1/merchant/catalog/services/s1', { price: 5000 })).status, 200);

  const key = await call('POST', '/v1/merchant/api-keys', { name: 'pg' });
  assert.equal(key.status, 201, key.text);
  const list = await h.api(srv, 'GET', '/v1/merchant/bookings', { headers: { authorization: `Bearer ${key.body.secret}` } });
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.bookings.length, 1);
  assert.equal(list.body.bookings[0].total, 1001, 'the booking keeps its price');
  assert.equal(list.body.bookings[0].catalog_version, 12);

  const o = await call('PUT', '/v1/merchant/origins', { allowed_origins: ['https://pg.example'] });
  assert.equal(o.status, 200, o.text);
  assert.deepEqual((await call('GET', '/v1/merchant/origins')).body.allowed_origins, ['https://pg.example']);

  const inAgain = await h.api(srv, 'POST', '/v1/merchant/signin', { body: { email: 'pg@example.com', password: 'a long passphrase 42' } });
  assert.equal(inAgain.status, 200, inAgain.text);
  assert.equal(inAgain.body.merchant.id, up.body.merchant.id);
});
