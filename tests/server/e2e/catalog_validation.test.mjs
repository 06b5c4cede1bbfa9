// A catalog the core rejects is refused where it is saved: at startup (--seed-merchant
// exits 2 with the core's errors) and by the admin PUT (422 with every error, the old
// catalog still served). The public catalog carries the currency's facts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const good = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
function badCatalog() {
  const c = structuredClone(good);
  c.services[2].capacity = 100000;  // "class"
  c.merchant.timezone = 'Mars/Olympus_Mons';
  return c;
}

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

test('--seed-merchant with a catalog the core rejects: exit 2 with the errors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-seed-'));
  const file = path.join(dir, 'bad.json');
  fs.writeFileSync(file, JSON.stringify(badCatalog()));
  const r = spawnSync(h.SERVER_BIN, ['--listen', '127.0.0.1:0', '--db', path.join(dir, 'x.db'),
                                     '--seed-merchant', file, '--stripe-api-base', mock.url], {
    env: { ...process.env, STRIPE_SECRET_KEY: h.SK, STRIPE_PUBLISHABLE_KEY: h.PK, STRIPE_WEBHOOK_SECRET: h.WHSEC },
    timeout: 10000, encoding: 'utf8',
  });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /catalog\.services\[2\]\.capacity/);
  assert.match(r.stderr, /catalog\.merchant\.timezone/);
  assert.ok(!r.stderr.includes('"msg":"listening"'));
});

test('admin PUT of a catalog the core rejects: 422 with every error; the old one stays', async () => {
  const before = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog');
  assert.equal(before.status, 200);
  const r = await h.api(srv, 'PUT', '/v1/admin/merchants/m_e2e', {
    body: { catalog: badCatalog(), stripe_account: h.ACCOUNT, allowed_origins: ['https://salon.example'] },
    headers: admin,
  });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.code, 'invalid_catalog');
  const fields = r.body.errors.map((e) => e.field);
  assert.ok(fields.includes('catalog.services[2].capacity'), r.text);
  assert.ok(fields.includes('catalog.merchant.timezone'), r.text);
  const after = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog');
  assert.equal(after.text, before.text);
  assert.equal(after.body.catalog.services[2].capacity, 100);
  // Bookings still work against the old catalog.
  const b = await h.book(srv, 'class', h.slotStart(40, '09:00'));
  assert.equal(b.status, 201, b.text);
});

test('admin PUT of a valid catalog: a new version, served at once', async () => {
  const c = structuredClone(good);
  c.services[2].price = 2500;
  const r = await h.api(srv, 'PUT', '/v1/admin/merchants/m_e2e', {
    body: { catalog: c, stripe_account: h.ACCOUNT, allowed_origins: ['https://salon.example'] },
    headers: admin,
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.merchant, 'm_e2e');
  assert.ok(r.body.catalog_version >= 2);
  const cat = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog');
  assert.equal(cat.body.catalog.services[2].price, 2500);
  const b = await h.book(srv, 'class', h.slotStart(40, '10:00'));
  assert.equal(b.status, 201, b.text);
  assert.equal(b.body.booking.quote.subtotal, 2500);
  // The same catalog again keeps its version.
  const same = await h.api(srv, 'PUT', '/v1/admin/merchants/m_e2e', {
    body: { catalog: c, stripe_account: h.ACCOUNT, allowed_origins: ['https://salon.example'] },
    headers: admin,
  });
  assert.equal(same.body.catalog_version, r.body.catalog_version);
});

test('the public catalog carries the merchant currency\'s facts', async () => {
  const cat = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog');
  assert.equal(cat.status, 200);
  assert.equal(cat.body.online_payments, true);
  assert.deepEqual(
    Object.fromEntries(['currency', 'exponent', 'amount_multiple_of', 'min_charge', 'max_amount']
      .map((k) => [k, cat.body.currency[k]])),
    { currency: 'usd', exponent: 2, amount_multiple_of: 1, min_charge: 50, max_amount: 99999999 });
});
