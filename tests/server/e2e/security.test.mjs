// Bad input and security: body cap, strict JSON, CORS per merchant, rate limit, key
// checks at startup, /healthz and /metrics, and no secret in any log or response.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, srv, limited;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock);
  limited = await h.startServer(mock, { args: ['--booking-rate', '6', '--booking-burst', '3'] });
});
after(async () => {
  await srv?.stop();
  await limited?.stop();
  await mock?.close();
});

const path = '/v1/merchants/m_e2e/bookings';

function assertErrorShape(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.equal(typeof r.body.error, 'object', r.text);
  assert.equal(r.body.error.code, code, r.text);
  assert.equal(typeof r.body.error.field, 'string');
  assert.equal(typeof r.body.error.message, 'string');
}

test('malformed requests get 4xx with {error:{code, field, message}} and write nothing', async () => {
  const before = (await h.adminBookings(srv)).length;
  assertErrorShape(await h.api(srv, 'POST', path, { raw: '{"service":', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  assertErrorShape(await h.api(srv, 'POST', path, { raw: '{"service":"cut","service":"trio"}', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  assertErrorShape(await h.api(srv, 'POST', path, { raw: '{"service":"cut"} trailing', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  assertErrorShape(await h.api(srv, 'POST', path, { raw: '[1,2]', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  assertErrorShape(await h.api(srv, 'POST', path, { raw: 'service=cut', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
  assertErrorShape(await h.api(srv, 'POST', path, { body: { ...h.bookingRequest('cut', h.slotStart(10, '10:00')), admin: true } }), 400, 'unknown_field');
  const big = JSON.stringify({ service: 'cut', pad: 'x'.repeat(70 * 1024) });
  const r = await h.api(srv, 'POST', path, { raw: big, headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal(r.body.error.code, 'payload_too_large');
  const bad = await h.book(srv, 'nope', h.slotStart(10, '10:00'));
  assert.ok(bad.status >= 400 && bad.status < 500, bad.text);
  assert.ok(bad.body.error.code);
  const email = await h.api(srv, 'POST', path, { body: { ...h.bookingRequest('cut', h.slotStart(10, '10:00')), customer: { name: 'X', email: 'not-an-email' } } });
  assertErrorShape(email, 422, 'invalid_email');
  assertErrorShape(await h.api(srv, 'GET', '/v1/merchants/m_nobody/catalog'), 404, 'merchant_not_found');
  assertErrorShape(await h.api(srv, 'GET', '/v1/nothing-here'), 404, 'not_found');
  assert.equal((await h.adminBookings(srv)).length, before, 'nothing half-written');
});

test('CORS only for the merchant\'s allowed origins', async () => {
  const ok = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog', { headers: { origin: 'https://salon.example' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('access-control-allow-origin'), 'https://salon.example');
  const other = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog', { headers: { origin: 'https://evil.example' } });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
  const pre = await h.api(srv, 'OPTIONS', path, { headers: { origin: 'https://salon.example', 'access-control-request-method': 'POST' } });
  assert.equal(pre.status, 204);
  assert.match(pre.headers.get('access-control-allow-headers'), /Content-Type/);
  const preBad = await h.api(srv, 'OPTIONS', path, { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  assert.equal(preBad.status, 403);
  const post = await h.api(srv, 'POST', path, { body: h.bookingRequest('class', h.slotStart(10, '10:00')), headers: { origin: 'https://evil.example' } });
  assertErrorShape(post, 403, 'forbidden_origin');
  const postOk = await h.api(srv, 'POST', path, { body: h.bookingRequest('class', h.slotStart(10, '10:00')), headers: { origin: 'https://salon.example' } });
  assert.equal(postOk.status, 201, postOk.text);
  assert.equal(postOk.headers.get('access-control-allow-origin'), 'https://salon.example');
});

test('booking creation is rate limited per client', async () => {
  const statuses = [];
  for (let i = 0; i < 6; i++) statuses.push((await h.book(limited, 'class', h.slotStart(11, '10:00'))).status);
  assert.deepEqual(statuses.slice(0, 3), [201, 201, 201]);
  assert.ok(statuses.slice(3).includes(429), statuses.join(','));
  const r = await h.book(limited, 'class', h.slotStart(11, '10:00'));
  if (r.status === 429) assertErrorShape(r, 429, 'rate_limited');
});

test('/healthz and /metrics', async () => {
  const hz = await h.api(srv, 'GET', '/healthz');
  assert.equal(hz.status, 200);
  assert.equal(hz.body.ok, true);
  // Issue #9: /metrics (counts for every merchant) only with the admin token.
  const anon = await h.api(srv, 'GET', '/metrics');
  assert.equal(anon.status, 401, anon.text);
  assert.equal(anon.body.error.code, 'unauthorized');
  assert.equal((await h.api(srv, 'GET', '/metrics', { token: 'x'.repeat(40) })).status, 401);
  const m = await h.api(srv, 'GET', '/metrics', { token: h.ADMIN });
  assert.equal(m.status, 200);
  for (const name of ['slotpay_http_requests_total{route="/v1/merchants/{id}/bookings"',
                      'slotpay_http_request_duration_seconds_bucket', 'slotpay_bookings{state="awaiting_payment"}',
                      'slotpay_stripe_calls_total{operation="create_payment_intent"']) {
    assert.ok(m.text.includes(name), `missing ${name}`);
  }
});

test('keys are checked at startup: modes must agree', () => {
  const r = spawnSync(h.SERVER_BIN, ['--listen', '127.0.0.1:0', '--db', h.tempDb()], {
    env: { ...process.env, STRIPE_SECRET_KEY: h.SK, STRIPE_PUBLISHABLE_KEY: 'pk_live_abc123', STRIPE_WEBHOOK_SECRET: h.WHSEC },
    timeout: 5000, encoding: 'utf8',
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /same mode/);
  assert.ok(!r.stderr.includes(h.SK));
  const r2 = spawnSync(h.SERVER_BIN, ['--listen', '127.0.0.1:0', '--db', h.tempDb()], {
    env: { ...process.env, STRIPE_SECRET_KEY: h.SK, STRIPE_PUBLISHABLE_KEY: h.PK, STRIPE_WEBHOOK_SECRET: 'not_a_secret' },
    timeout: 5000, encoding: 'utf8',
  });
  assert.equal(r2.status, 2);
});

test('secrets never appear in logs or responses', async () => {
  await h.api(srv, 'GET', '/metrics');
  const everything = srv.logs + limited.logs + h.seenBodies.join('\n');
  assert.ok(everything.length > 1000);
  for (const secret of [h.SK, h.WHSEC, h.ADMIN]) assert.ok(!everything.includes(secret), 'a secret leaked');
});

test('issue #9 hygiene: short ADMIN_TOKEN refused at startup; database file 0600; admin PUT types; Stripe words kept from customers', async () => {
  const short = spawnSync(h.SERVER_BIN, ['--listen', '127.0.0.1:0', '--db', h.tempDb()], {
    env: { ...process.env, STRIPE_SECRET_KEY: h.SK, STRIPE_PUBLISHABLE_KEY: h.PK, STRIPE_WEBHOOK_SECRET: h.WHSEC, ADMIN_TOKEN: 'short_admin_token_31_characters' },
    timeout: 5000, encoding: 'utf8',
  });
  assert.equal(short.status, 2, short.stderr);
  assert.match(short.stderr, /at least 32/);
  assert.ok(!short.stderr.includes('short_admin_token_31_characters'));

  for (const f of [srv.db, `${srv.db}-wal`, `${srv.db}-shm`])
    if (fs.existsSync(f)) assert.equal(fs.statSync(f).mode & 0o777, 0o600, f);
  assert.ok(fs.existsSync(srv.db));

  const catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  const put = (body) => h.api(srv, 'PUT', '/v1/admin/merchants/m_types', { body, token: h.ADMIN });
  for (const [body, field] of [
    [{ catalog, stripe_account: 42 }, 'stripe_account'],
    [{ catalog, allowed_origins: 'https://a.example' }, 'allowed_origins'],
    [{ catalog, allowed_origins: ['https://a.example', 7] }, 'allowed_origins[1]'],
  ]) {
    const r = await put(body);
    assert.equal(r.status, 400, r.text);
    assert.deepEqual([r.body.error.code, r.body.error.field], ['invalid_field', field]);
  }

  // A PaymentIntent Stripe refuses (an account the platform cannot reach): our code and
  // message, not Stripe's words or parameter names.
  const ok = await put({ catalog: { ...catalog, merchant: { ...catalog.merchant, id: 'm_types' } }, stripe_account: 'acct_1NoSuchAccount' });
  assert.equal(ok.status, 200, ok.text);
  const r = await h.api(srv, 'POST', '/v1/merchants/m_types/bookings', { body: h.bookingRequest('class', h.slotStart(9, '15:00')) });
  assert.equal(r.status, 502, r.text);
  assert.equal(r.body.error.code, 'stripe_error');
  assert.equal(r.body.error.field, '');
  for (const word of ['does not have access', 'acct_1NoSuchAccount', 'Application access', 'stripe_type'])
    assert.ok(!r.text.includes(word), `${word} reached the customer: ${r.text}`);
  assert.match(srv.logs, /does not have access/, 'the original is logged');
});
