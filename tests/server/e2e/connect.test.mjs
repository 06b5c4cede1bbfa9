// Issue #10 items 2, 3, 5 end to end against the Stripe stand-in: a merchant signs up,
// connects Stripe, leaves onboarding unfinished (paid services not offered, the reason
// shown), finishes it, a customer books and pays, the merchant sees the booking. API-key
// mode: bad keys refused with a clear message, good keys kept sealed (not in the database
// file), the merchant's webhook endpoint verified with that merchant's secret only; wallet
// domains registered on the charging account.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { startStripeMock, signPayload } from '../../stripe_mock/server.mjs';
import * as h from './harness.mjs';

const MASTER_KEY = 'a3'.repeat(32);
const MSK = 'sk_test_merchant_own_key_Zq81';
const MPK = 'pk_test_merchant_own_key_Zq81';
const MWHSEC = 'whsec_merchant_own_endpoint_77';

let mock, srv;
before(async () => {
  mock = await startStripeMock({ host: '127.0.0.1', port: 0, webhookSecret: h.WHSEC, secretKeys: [h.SK, MSK],
                                 publishableKeys: [h.PK, MPK], quiet: true, webhookRetryBaseMs: 100 });
  await h.mockControl(mock, 'POST', '/_mock/accounts', { id: h.ACCOUNT, type: 'standard', onboarded: true });
  srv = await h.startServer(mock, { args: ['--booking-rate', '0'], env: { SLOTPAY_MASTER_KEY: MASTER_KEY } });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

// A signed-in merchant: its cookie and CSRF token on every call.
async function signUp(email) {
  const r = await h.api(srv, 'POST', '/v1/merchant/signup', {
    body: { email, password: 'a long enough passphrase 42', business_name: 'Connect Studio',
            timezone: 'America/New_York', currency: 'USD' },
  });
  assert.equal(r.status, 201, r.text);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const who = { id: r.body.merchant.id, cookie, csrf: r.body.csrf_token };
  who.call = (method, p, opts = {}) =>
    h.api(srv, method, p, { ...opts, headers: { cookie, 'x-csrf-token': who.csrf, ...(opts.headers || {}) } });
  const catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  catalog.merchant.id = who.id;
  delete catalog.merchant.platform_fee;
  const put = await who.call('PUT', '/v1/merchant/catalog', { body: { catalog } });
  assert.equal(put.status, 200, put.text);
  return who;
}

// A browser following a redirect by hand (with the merchant's cookie when on our server).
async function visit(url, cookie) {
  const r = await fetch(url, { redirect: 'manual', headers: cookie && url.startsWith(srv.url) ? { cookie } : {},
                               signal: AbortSignal.timeout(15000) });
  return { status: r.status, location: r.headers.get('location'), text: await r.text() };
}

const publicCatalog = async (id) => (await h.api(srv, 'GET', `/v1/merchants/${id}/catalog`)).body;

test('Connect: sign-up, abandoned onboarding (paid services off, reason shown), completed onboarding, a paid booking the merchant sees', async () => {
  const m = await signUp('owner-connect@salon.example');
  let st = await m.call('GET', '/v1/merchant/stripe');
  assert.equal(st.status, 200, st.text);
  assert.equal(st.body.state, 'not_connected');
  assert.equal(st.body.online_payments, false);
  assert.equal((await publicCatalog(m.id)).online_payments, false);

  // State-changing without the CSRF token: refused.
  const noCsrf = await h.api(srv, 'POST', '/v1/merchant/stripe/connect', { headers: { cookie: m.cookie } });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.body.error.code, 'csrf_failed');

  const c = await m.call('POST', '/v1/merchant/stripe/connect');
  assert.equal(c.status, 200, c.text);
  assert.match(c.body.account, /^acct_/);
  assert.ok(c.body.url.startsWith(`${mock.url}/_mock/onboarding/${c.body.account}`));
  const created = (await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/accounts&method=POST')).data;
  assert.equal(created.length, 1);
  assert.equal(created[0].params.controller.stripe_dashboard.type, 'full');
  assert.equal(created[0].params.controller.requirement_collection, 'stripe');
  assert.equal(created[0].params.metadata.slotpay_merchant, m.id);
  const link = (await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/account_links&method=POST')).data[0];
  assert.equal(link.params.return_url, `${srv.url}/v1/merchant/stripe/return`);
  assert.equal(link.params.refresh_url, `${srv.url}/v1/merchant/stripe/refresh`);

  // Abandoned: Stripe sends the browser back; nothing is enabled.
  const page = await visit(c.body.url);
  assert.equal(page.status, 200);
  const left = await visit(`${c.body.url}&action=abandon`);
  assert.equal(left.status, 302);
  assert.equal(left.location, `${srv.url}/v1/merchant/stripe/return`);
  const back = await visit(left.location, m.cookie);
  assert.equal(back.status, 302);
  assert.equal(back.location, `${srv.url}/dashboard/?stripe=return&state=onboarding_incomplete`);
  st = await m.call('GET', '/v1/merchant/stripe');
  assert.equal(st.body.connection, 'connect');
  assert.equal(st.body.stripe_account, c.body.account);
  assert.equal(st.body.online_payments, false);
  assert.ok(st.body.currently_due.includes('external_account'));
  assert.equal(st.body.disabled_reason, 'requirements.past_due');
  assert.match(st.body.summary, /paid services are hidden/);
  assert.equal((await publicCatalog(m.id)).online_payments, false);
  const avail = await h.api(srv, 'GET', `/v1/merchants/${m.id}/availability?service=cut&from=2026-12-01&to=2026-12-02`);
  assert.equal(avail.status, 409);
  assert.equal(avail.body.error.code, 'payments_unavailable');
  const refused = await h.api(srv, 'POST', `/v1/merchants/${m.id}/bookings`,
                              { body: h.bookingRequest('cut', h.slotStart(12, '10:00')) });
  assert.equal(refused.status, 409, refused.text);
  assert.equal(refused.body.error.code, 'payments_unavailable');
  const free = await h.api(srv, 'POST', `/v1/merchants/${m.id}/bookings`,
                           { body: h.bookingRequest('consult', h.slotStart(12, '11:00')) });
  assert.equal(free.status, 201, 'free services stay bookable');

  // The spent link goes to refresh_url: a new link on the same account.
  const spent = await visit(`${c.body.url}&action=complete`);
  assert.equal(spent.location, `${srv.url}/v1/merchant/stripe/refresh`);
  const fresh = await visit(spent.location, m.cookie);
  assert.equal(fresh.status, 302);
  assert.ok(fresh.location.startsWith(`${mock.url}/_mock/onboarding/${c.body.account}`));
  assert.notEqual(fresh.location, c.body.url);
  assert.equal((await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/accounts&method=POST')).data.length, 1,
               'one account, however many links');

  // Completed: account.updated reaches the platform endpoint; the return fetches the account.
  const done = await visit(`${fresh.location}&action=complete`);
  assert.equal(done.location, `${srv.url}/v1/merchant/stripe/return`);
  const enabled = await h.waitFor(async () => (await publicCatalog(m.id)).online_payments === true);
  assert.ok(enabled, 'account.updated turned online payments on');
  const ret = await visit(done.location, m.cookie);
  assert.equal(ret.location, `${srv.url}/dashboard/?stripe=return&state=enabled`);
  st = await m.call('GET', '/v1/merchant/stripe');
  assert.equal(st.body.state, 'enabled');
  assert.deepEqual(st.body.currently_due, []);
  const dash = await m.call('POST', '/v1/merchant/stripe/dashboard-link');
  assert.equal(dash.status, 200, dash.text);
  assert.equal(dash.body.kind, 'stripe_dashboard');

  // A customer books and pays on the connected account; the merchant sees it.
  const b = await h.api(srv, 'POST', `/v1/merchants/${m.id}/bookings`,
                        { body: h.bookingRequest('cut', h.slotStart(12, '10:00')) });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.body.booking.payment.stripe_account, c.body.account);
  const pay = await fetch(`${mock.url}/v1/payment_intents/${b.body.booking.payment.payment_intent}/confirm`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.SK}`, 'stripe-account': c.body.account,
               'content-type': 'application/x-www-form-urlencoded' },
    body: 'payment_method=pm_card_visa',
  });
  assert.equal((await pay.json()).status, 'succeeded');
  const seen = await h.waitFor(async () => {
    const list = await m.call('GET', '/v1/merchant/bookings');
    return list.body?.bookings?.find((x) => x.id === b.body.booking.id && x.status === 'confirmed');
  });
  assert.ok(seen, 'the merchant sees the paid booking');
  assert.equal(seen.paid_amount, b.body.booking.amount);

  // Access revoked at Stripe: online payments off at once.
  await h.mockControl(mock, 'POST', '/_mock/events/trigger', { type: 'account.application.deauthorized', account: c.body.account });
  const off = await h.waitFor(async () => (await publicCatalog(m.id)).online_payments === false);
  assert.ok(off, 'deauthorization turned online payments off');
  st = await m.call('GET', '/v1/merchant/stripe');
  assert.equal(st.body.state, 'disconnected');
  const v = await h.mockControl(mock, 'GET', '/_mock/validation_errors');
  assert.equal(v.count, 0, JSON.stringify(v.data));
});

test('API-key mode: bad keys refused clearly, good keys sealed at rest, the merchant webhook verified with its own secret, wallet domains', async () => {
  const m = await signUp('owner-keys@salon.example');
  const put = (keys) => m.call('PUT', '/v1/merchant/stripe/keys', { body: keys });
  let r = await put({ publishable_key: MPK, secret_key: 'pk_test_oops', webhook_secret: MWHSEC });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'invalid_stripe_key');
  assert.equal(r.body.error.field, 'secret_key');
  r = await put({ publishable_key: 'pk_live_abc', secret_key: MSK, webhook_secret: MWHSEC });
  assert.equal(r.body.error.code, 'stripe_mode_mismatch');
  r = await put({ publishable_key: MPK, secret_key: 'sk_test_not_a_key_stripe_knows', webhook_secret: MWHSEC });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.code, 'stripe_key_rejected');
  assert.match(r.body.error.message, /Stripe refused this secret key/);
  assert.ok(!r.text.includes('sk_test_not_a_key'), 'the key is not echoed');
  r = await put({ publishable_key: MPK, secret_key: 'sk_test_oops', webhook_secret: MWHSEC, extra: 1 });
  assert.equal(r.body.error.code, 'unknown_field');

  r = await put({ publishable_key: MPK, secret_key: ` ${MSK}\n`, webhook_secret: MWHSEC });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.mode, 'test');
  assert.equal(r.body.secret_key_hint, `…${MSK.slice(-4)}`);
  assert.deepEqual(r.body.warnings.length, 1);
  assert.equal(r.body.webhook_url, `${srv.url}/v1/stripe/webhook/${m.id}`);
  assert.ok(!r.text.includes(MSK) && !r.text.includes(MWHSEC));
  const checks = (await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/balance')).data;
  assert.ok(checks.some((x) => x.status === 200), 'the good key was checked with GET /v1/balance');
  const st = await m.call('GET', '/v1/merchant/stripe');
  assert.equal(st.body.connection, 'keys');
  assert.equal(st.body.online_payments, true);
  assert.ok(!st.text.includes(MSK));
  assert.equal((await publicCatalog(m.id)).online_payments, true);

  // Not in the database file (nor its WAL).
  for (const f of [srv.db, `${srv.db}-wal`]) {
    if (!fs.existsSync(f)) continue;
    const bytes = fs.readFileSync(f);
    assert.equal(bytes.indexOf(MSK), -1, `${f} holds the secret key`);
    assert.equal(bytes.indexOf(MWHSEC), -1, `${f} holds the webhook secret`);
  }

  // The merchant's own endpoint: its secret verifies, the platform's and a wrong one do not.
  const event = JSON.stringify({ id: 'evt_keys_1', object: 'event', type: 'customer.created', livemode: false,
                                 created: Math.floor(Date.now() / 1000), data: { object: { id: 'cus_1', object: 'customer' } } });
  const hook = (merchant, secret) => h.api(srv, 'POST', `/v1/stripe/webhook/${merchant}`, {
    raw: event, headers: { 'content-type': 'application/json', 'stripe-signature': signPayload(event, secret) },
  });
  r = await hook(m.id, MWHSEC);
  assert.equal(r.status, 200, r.text);
  r = await hook(m.id, h.WHSEC);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'invalid_signature');
  r = await hook(m.id, 'whsec_wrong_secret');
  assert.equal(r.body.error.code, 'invalid_signature');
  r = await hook('m_nobody', MWHSEC);
  assert.equal(r.status, 404);

  // Wallet domains on the merchant's own account (its key, no Stripe-Account).
  const origins = await m.call('PUT', '/v1/merchant/origins', { body: { allowed_origins: ['https://keys-salon.example'] } });
  assert.equal(origins.status, 200, origins.text);
  r = await m.call('POST', '/v1/merchant/payment-domains/sync');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.domains.map((d) => [d.domain, d.status]), [['keys-salon.example', 'active']]);
  const pmd = (await h.mockControl(mock, 'GET', '/_mock/objects?type=payment_method_domain')).data;
  assert.equal(pmd.length, 1);
  assert.equal(pmd[0].account, null);
  assert.equal(pmd[0].obj.domain_name, 'keys-salon.example');
  const listed = await m.call('GET', '/v1/merchant/payment-domains');
  assert.equal(listed.body.domains[0].status, 'active');
  // Removed from the allowed origins: disabled at Stripe.
  await m.call('PUT', '/v1/merchant/origins', { body: { allowed_origins: [] } });
  r = await m.call('POST', '/v1/merchant/payment-domains/sync');
  assert.equal(r.body.domains[0].status, 'removed');
  assert.equal((await h.mockControl(mock, 'GET', `/_mock/objects/${pmd[0].obj.id}`)).obj.enabled, false);

  // Keys removed: the side is empty again.
  r = await m.call('DELETE', '/v1/merchant/stripe/keys');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.removed, true);
  assert.equal((await publicCatalog(m.id)).online_payments, false);
});
