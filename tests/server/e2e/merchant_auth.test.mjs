// The merchant API's accounts (issue #10): sign-up, sign-in, the session cookie and its
// CSRF token, roles (staff refused on settings), password change ending other sessions,
// the sign-in rate limit, and API keys (a revoked key refused).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, srv;
// (PASSWORD and SEED_PASSWORD are defined below; before() runs after the module loads.)
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--seed-owner', 'Owner@E2E.example'],
                                   env: { SLOTPAY_SEED_OWNER_PASSWORD: SEED_PASSWORD } });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

const PASSWORD = 'a long passphrase 42';
const SEED_PASSWORD = 'seeded owner passphrase';

// A client keeping its own session cookie and CSRF token, as the dashboard would.
function client() {
  const c = { cookie: '', csrf: '' };
  c.call = async (method, p, { body, csrf = true, headers = {} } = {}) => {
    const hd = { ...headers };
    if (c.cookie) hd.cookie = c.cookie;
    if (csrf && c.csrf && method !== 'GET') hd['x-csrf-token'] = c.csrf;
    const r = await h.api(srv, method, p, { body, headers: hd });
    const set = r.headers.get('set-cookie');
    if (set) c.cookie = set.split(';')[0].endsWith('=') ? '' : set.split(';')[0];
    if (r.body?.csrf_token) c.csrf = r.body.csrf_token;
    return r;
  };
  return c;
}

async function signup(email, business = 'Salon Test') {
  const c = client();
  const r = await c.call('POST', '/v1/merchant/signup', { body: { email, password: PASSWORD, business_name: business } });
  assert.equal(r.status, 201, r.text);
  return { c, r };
}

test('sign-up makes a merchant in test mode, its owner and a session cookie', async () => {
  const { c, r } = await signup('Owner1@Example.com');
  assert.equal(r.body.user.email, 'owner1@example.com');
  assert.equal(r.body.role, 'owner');
  assert.equal(r.body.merchant.mode, 'test');
  assert.equal(r.body.merchant.connection, 'none');
  assert.equal(r.body.merchant.charges_enabled, false);
  const set = r.headers.get('set-cookie');
  assert.match(set, /^slotpay_session=[0-9a-f]{64}; /);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Lax/);
  assert.match(set, /Path=\//);
  assert.doesNotMatch(set, /Secure/, 'plain http on loopback: no Secure');
  const me = await c.call('GET', '/v1/merchant/me');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.merchant.id, r.body.merchant.id);
  assert.equal(me.body.csrf_token, r.body.csrf_token);
  // Its public catalog exists and offers nothing for money yet.
  const cat = await h.api(srv, 'GET', `/v1/merchants/${r.body.merchant.id}/catalog`);
  assert.equal(cat.status, 200, cat.text);
  assert.equal(cat.body.online_payments, false, cat.text);

  const again = await client().call('POST', '/v1/merchant/signup',
                                    { body: { email: 'owner1@example.com', password: PASSWORD, business_name: 'X' } });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'email_taken');
  const weak = await client().call('POST', '/v1/merchant/signup',
                                   { body: { email: 'w@example.com', password: 'short', business_name: 'X' } });
  assert.equal(weak.status, 422);
  assert.equal(weak.body.error.code, 'weak_password');
});

test('no session, or a state change without the CSRF token, is refused', async () => {
  assert.equal((await h.api(srv, 'GET', '/v1/merchant/me')).body.error.code, 'unauthorized');
  const { c } = await signup('csrf@example.com');
  const r = await c.call('POST', '/v1/merchant/api-keys', { body: { name: 'k' }, csrf: false });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'csrf_failed');
  const bad = await c.call('POST', '/v1/merchant/api-keys', { body: { name: 'k' }, csrf: false,
                                                            headers: { 'x-csrf-token': 'f'.repeat(64) } });
  assert.equal(bad.body.error.code, 'csrf_failed');
  assert.equal((await c.call('GET', '/v1/merchant/api-keys')).body.api_keys.length, 0, 'nothing was made');
});

test('sign-in: same answer for an unknown address and a wrong password; sign-out ends the session', async () => {
  await signup('in@example.com');
  const unknown = await client().call('POST', '/v1/merchant/signin', { body: { email: 'nobody@example.com', password: PASSWORD } });
  const wrong = await client().call('POST', '/v1/merchant/signin', { body: { email: 'in@example.com', password: 'not the password 1' } });
  assert.equal(unknown.status, 401);
  assert.equal(wrong.status, 401);
  assert.deepEqual(unknown.body, wrong.body);
  const c = client();
  const ok = await c.call('POST', '/v1/merchant/signin', { body: { email: 'IN@example.com', password: PASSWORD } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await c.call('GET', '/v1/merchant/me')).status, 200);
  const cookie = c.cookie;
  const out = await c.call('POST', '/v1/merchant/signout');
  assert.equal(out.status, 200, out.text);
  assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
  const after = await h.api(srv, 'GET', '/v1/merchant/me', { headers: { cookie } });
  assert.equal(after.status, 401);
});

test('staff see bookings but not users, keys or settings; owners manage users', async () => {
  const { c: owner, r } = await signup('boss@example.com');
  const add = await owner.call('POST', '/v1/merchant/users', { body: { email: 'staff@example.com', password: PASSWORD, role: 'staff' } });
  assert.equal(add.status, 201, add.text);
  assert.equal(add.body.user.role, 'staff');
  const staff = client();
  assert.equal((await staff.call('POST', '/v1/merchant/signin', { body: { email: 'staff@example.com', password: PASSWORD } })).status, 200);
  const me = await staff.call('GET', '/v1/merchant/me');
  assert.equal(me.body.role, 'staff');
  assert.equal(me.body.merchant.id, r.body.merchant.id);
  const list = await staff.call('GET', '/v1/merchant/bookings');
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.mode, 'test');
  for (const [method, p, body] of [['GET', '/v1/merchant/users'], ['POST', '/v1/merchant/api-keys', { name: 'x' }],
                                   ['GET', '/v1/merchant/api-keys'],
                                   ['POST', '/v1/merchant/users', { email: 'x@example.com', password: PASSWORD, role: 'owner' }]]) {
    const res = await staff.call(method, p, { body });
    assert.equal(res.status, 403, `${method} ${p}: ${res.text}`);
    assert.equal(res.body.error.code, 'forbidden');
  }
  const users = await owner.call('GET', '/v1/merchant/users');
  assert.deepEqual(users.body.users.map((u) => u.email).sort(), ['boss@example.com', 'staff@example.com']);
  const self = await owner.call('DELETE', `/v1/merchant/users/${r.body.user.id}`);
  assert.equal(self.body.error.code, 'cannot_remove_self');
  const gone = await owner.call('DELETE', `/v1/merchant/users/${add.body.user.id}`);
  assert.equal(gone.status, 200, gone.text);
  assert.equal((await staff.call('GET', '/v1/merchant/me')).status, 401, 'a removed user is signed out');
});

test('a password change signs the other sessions out', async () => {
  const { c: first } = await signup('pw@example.com');
  const second = client();
  assert.equal((await second.call('POST', '/v1/merchant/signin', { body: { email: 'pw@example.com', password: PASSWORD } })).status, 200);
  const wrong = await first.call('POST', '/v1/merchant/password', { body: { current_password: 'wrong wrong wrong', new_password: 'another passphrase 7' } });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error.field, 'current_password');
  const ok = await first.call('POST', '/v1/merchant/password', { body: { current_password: PASSWORD, new_password: 'another passphrase 7' } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await first.call('GET', '/v1/merchant/me')).status, 200, 'this session stays');
  assert.equal((await second.call('GET', '/v1/merchant/me')).status, 401, 'the other one ended');
  const old = await client().call('POST', '/v1/merchant/signin', { body: { email: 'pw@example.com', password: PASSWORD } });
  assert.equal(old.status, 401);
  const fresh = await client().call('POST', '/v1/merchant/signin', { body: { email: 'pw@example.com', password: 'another passphrase 7' } });
  assert.equal(fresh.status, 200);
});

test('sign-in is limited after repeated failures (429 with Retry-After), even with the right password', async () => {
  await signup('locked@example.com');
  for (let i = 0; i < 5; i++) {
    const r = await client().call('POST', '/v1/merchant/signin', { body: { email: 'locked@example.com', password: `wrong password ${i}` } });
    assert.equal(r.status, 401, r.text);
  }
  const r = await client().call('POST', '/v1/merchant/signin', { body: { email: 'locked@example.com', password: PASSWORD } });
  assert.equal(r.status, 429, r.text);
  assert.equal(r.body.error.code, 'too_many_attempts');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
});

test('API keys: shown once, work without a cookie or CSRF token, refused once revoked', async () => {
  const { c: owner, r: made } = await signup('keys@example.com');
  const k = await owner.call('POST', '/v1/merchant/api-keys', { body: { name: 'backend' } });
  assert.equal(k.status, 201, k.text);
  assert.match(k.body.secret, /^spk_test_[0-9a-f]{48}$/);
  const listed = await owner.call('GET', '/v1/merchant/api-keys');
  assert.equal(listed.body.api_keys.length, 1);
  assert.ok(!listed.text.includes(k.body.secret), 'the key is shown only once');
  const auth = { authorization: `Bearer ${k.body.secret}` };
  const me = await h.api(srv, 'GET', '/v1/merchant/me', { headers: auth });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.merchant.id, made.body.merchant.id);
  assert.equal(me.body.role, 'api_key');
  const bookings = await h.api(srv, 'GET', '/v1/merchant/bookings?mode=live', { headers: auth });
  assert.equal(bookings.status, 403, 'a test key sees only test bookings');
  const keys = await h.api(srv, 'GET', '/v1/merchant/api-keys', { headers: auth });
  assert.equal(keys.status, 403, 'an API key cannot manage keys');
  const malformed = await h.api(srv, 'GET', '/v1/merchant/me', { headers: { authorization: 'Bearer spk_test_nope' } });
  assert.equal(malformed.body.error.code, 'invalid_api_key');
  const rev = await owner.call('DELETE', `/v1/merchant/api-keys/${k.body.api_key.id}`);
  assert.equal(rev.status, 200, rev.text);
  const after = await h.api(srv, 'GET', '/v1/merchant/me', { headers: auth });
  assert.equal(after.status, 401);
  assert.equal(after.body.error.code, 'api_key_revoked');
  assert.equal((await owner.call('DELETE', `/v1/merchant/api-keys/${k.body.api_key.id}`)).status, 404);
});

test('--seed-owner gives the seeded merchant an owner who can sign in', async () => {
  const c = client();
  const r = await c.call('POST', '/v1/merchant/signin', { body: { email: 'owner@e2e.example', password: SEED_PASSWORD } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.merchant.id, 'm_e2e');
  assert.equal(r.body.role, 'owner');
  const list = await c.call('GET', '/v1/merchant/bookings');
  assert.equal(list.status, 200, list.text);
  const taken = await client().call('POST', '/v1/merchant/signup',
                                    { body: { email: 'owner@e2e.example', password: PASSWORD, business_name: 'X' } });
  assert.equal(taken.body.error.code, 'email_taken');
});
