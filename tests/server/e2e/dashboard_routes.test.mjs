// Issue #13, the two server routes the dashboard added: GET /v1/merchant/feeds (the
// merchant's own calendar feed URLs, the same the operator gets; owners only: the URLs
// are secrets) and GET /dashboard (308 to /dashboard/, where the build's page is).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

// A web build of one page: the dashboard's (the route serves whatever the build put there).
const DIST = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-dashboard-e2e-'));
fs.mkdirSync(path.join(DIST, 'dashboard'));
fs.writeFileSync(path.join(DIST, 'dashboard', 'index.html'), '<!doctype html><title>D</title><div id="app"></div>');

let mock, srv;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, {
    args: ['--booking-rate', '0', '--web-dist', DIST],
    env: { SLOTPAY_MASTER_KEY: 'd5'.repeat(32) },
  });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
  fs.rmSync(DIST, { recursive: true, force: true });
});

async function signUp(email) {
  const r = await h.api(srv, 'POST', '/v1/merchant/signup', {
    body: { email, password: 'a long enough passphrase 42', business_name: 'Feeds Studio', currency: 'usd' },
  });
  assert.equal(r.status, 201, r.text);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const call = (method, p, opts = {}) =>
    h.api(srv, method, p, { ...opts, headers: { cookie, 'x-csrf-token': r.body.csrf_token, ...(opts.headers || {}) } });
  return { id: r.body.merchant.id, call };
}

test('GET /v1/merchant/feeds: the owner gets the operator\'s URLs (with staff); staff are refused; no session 401', async () => {
  const m = await signUp('owner-feeds@studio.example');
  const add = await m.call('POST', '/v1/merchant/catalog/staff', { body: { id: 'ana', name: 'Ana', services: [] } });
  assert.equal(add.status, 201, add.text);
  const mine = await m.call('GET', '/v1/merchant/feeds');
  assert.equal(mine.status, 200, mine.text);
  assert.match(mine.body.merchant, /^http:\/\/127\.0\.0\.1:\d+\/v1\/feeds\/\S+\.ics$/);
  assert.deepEqual(mine.body.staff.map((s) => [s.id, s.name]), [['ana', 'Ana']]);
  const admin = await h.api(srv, 'GET', `/v1/admin/merchants/${m.id}/feeds`, { headers: { authorization: `Bearer ${h.ADMIN}` } });
  assert.deepEqual(mine.body, admin.body);
  const feed = await fetch(mine.body.merchant, { signal: AbortSignal.timeout(10000) });
  assert.equal(feed.status, 200);
  assert.match(await feed.text(), /^BEGIN:VCALENDAR/);

  const staff = await m.call('POST', '/v1/merchant/users', {
    body: { email: 'staff-feeds@studio.example', password: 'another long passphrase 7', role: 'staff' },
  });
  assert.equal(staff.status, 201, staff.text);
  const si = await h.api(srv, 'POST', '/v1/merchant/signin', {
    body: { email: 'staff-feeds@studio.example', password: 'another long passphrase 7' },
  });
  const refused = await h.api(srv, 'GET', '/v1/merchant/feeds', { headers: { cookie: si.headers.get('set-cookie').split(';')[0] } });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'forbidden');
  assert.equal(refused.body.error.field, 'settings');
  const anon = await h.api(srv, 'GET', '/v1/merchant/feeds');
  assert.equal(anon.status, 401);
});

test('GET /dashboard redirects (308) to /dashboard/', async () => {
  const r = await fetch(`${srv.url}/dashboard`, { redirect: 'manual', signal: AbortSignal.timeout(10000) });
  assert.equal(r.status, 308);
  assert.equal(r.headers.get('location'), '/dashboard/');
});

test('GET /dashboard/ (and ?query, and /dashboard/index.html): the page with headers that forbid framing it', async () => {
  for (const p of ['/dashboard/', '/dashboard/?stripe=return&state=enabled', '/dashboard/index.html']) {
    const r = await fetch(`${srv.url}${p}`, { signal: AbortSignal.timeout(10000) });
    assert.equal(r.status, 200, p);
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
    assert.equal(r.headers.get('content-security-policy'), "frame-ancestors 'none'");
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.match(await r.text(), /<div id="app">/);
    const again = await fetch(`${srv.url}${p}`, {
      headers: { 'if-none-match': r.headers.get('etag') },
      signal: AbortSignal.timeout(10000),
    });
    assert.equal(again.status, 304);
  }
});

test('GET /dashboard/ without the page in the build: 404 not_found', async () => {
  fs.renameSync(path.join(DIST, 'dashboard', 'index.html'), path.join(DIST, 'dashboard', 'moved.html'));
  try {
    // The file cache checks the disk again after at most a second.
    let r;
    for (let i = 0; i < 30; i++) {
      r = await fetch(`${srv.url}/dashboard/`, { signal: AbortSignal.timeout(10000) });
      if (r.status === 404) break;
      await h.sleep(100);
    }
    assert.equal(r.status, 404);
    assert.equal((await r.json()).error.code, 'not_found');
  } finally {
    fs.renameSync(path.join(DIST, 'dashboard', 'moved.html'), path.join(DIST, 'dashboard', 'index.html'));
  }
});
