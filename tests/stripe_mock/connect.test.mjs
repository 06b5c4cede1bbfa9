// Connect onboarding (controller accounts, hosted page: complete / abandon), login links,
// deauthorization, payment method domains and the balance: what slotpay-server's Connect
// flow and API-key mode use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withMock, call, control, seedAccount, webhookReceiver, waitFor } from './helpers.mjs';

const STANDARD = { controller: { stripe_dashboard: { type: 'full' }, fees: { payer: 'account' }, losses: { payments: 'stripe' }, requirement_collection: 'stripe' } };
const EXPRESS = { controller: { stripe_dashboard: { type: 'express' }, fees: { payer: 'application' }, losses: { payments: 'application' }, requirement_collection: 'stripe' } };

const path = (u) => new URL(u).pathname + new URL(u).search;

test('accounts created with controller properties: type derived, starts disabled, both type and controller refused', async () => {
  await withMock({}, async (m) => {
    const std = await call(m.url, 'POST', '/v1/accounts', { params: STANDARD });
    assert.equal(std.status, 200, JSON.stringify(std.body));
    assert.equal(std.body.type, 'standard');
    assert.equal(std.body.controller.stripe_dashboard.type, 'full');
    assert.equal(std.body.controller.requirement_collection, 'stripe');
    assert.equal(std.body.charges_enabled, false);
    assert.ok(std.body.requirements.currently_due.length > 0);
    const ex = await call(m.url, 'POST', '/v1/accounts', { params: EXPRESS });
    assert.equal(ex.body.type, 'express');
    const got = await call(m.url, 'GET', `/v1/accounts/${ex.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.controller.stripe_dashboard.type, 'express');
    const both = await call(m.url, 'POST', '/v1/accounts', { params: { type: 'standard', ...STANDARD } });
    assert.equal(both.status, 400);
    assert.equal(both.body.error.param, 'controller');
    const badEnum = await call(m.url, 'POST', '/v1/accounts', { params: { controller: { stripe_dashboard: { type: 'gold' } } } });
    assert.equal(badEnum.status, 400);
    const v = await control(m.url, 'GET', '/_mock/validation_errors');
    assert.equal(v.count, 1, 'only the bad enum failed validation');
  });
});

test('hosted onboarding page: abandon keeps requirements due and returns; a spent link goes to refresh_url; complete enables charges and emits account.updated', async () => {
  const rx = await webhookReceiver();
  try {
    await withMock({ webhookUrl: rx.url }, async (m) => {
      const acct = (await call(m.url, 'POST', '/v1/accounts', { params: STANDARD })).body;
      const urls = { account: acct.id, type: 'account_onboarding', return_url: 'http://127.0.0.1:9/return', refresh_url: 'http://127.0.0.1:9/refresh' };
      const link1 = (await call(m.url, 'POST', '/v1/account_links', { params: urls })).body;
      const page = await call(m.url, 'GET', path(link1.url), { key: null });
      assert.equal(page.status, 200);
      assert.match(page.raw, /data-testid="onboarding-complete"/);
      assert.match(page.raw, /data-testid="onboarding-abandon"/);
      assert.match(page.raw, /external_account/, 'the page lists what is due');

      const left = await call(m.url, 'GET', `${path(link1.url)}&action=abandon`, { key: null });
      assert.equal(left.status, 302);
      assert.equal(left.headers.location, 'http://127.0.0.1:9/return');
      let a = (await call(m.url, 'GET', `/v1/accounts/${acct.id}`)).body;
      assert.equal(a.charges_enabled, false);
      assert.equal(a.details_submitted, false);
      assert.ok(a.requirements.currently_due.includes('external_account'));
      assert.equal(a.requirements.disabled_reason, 'requirements.past_due');
      const spent = await call(m.url, 'GET', `${path(link1.url)}&action=complete`, { key: null });
      assert.equal(spent.status, 302);
      assert.equal(spent.headers.location, 'http://127.0.0.1:9/refresh', 'a spent link sends the browser to refresh_url');
      assert.equal((await call(m.url, 'GET', `/v1/accounts/${acct.id}`)).body.charges_enabled, false);

      const link2 = (await call(m.url, 'POST', '/v1/account_links', { params: urls })).body;
      const done = await call(m.url, 'GET', `${path(link2.url)}&action=complete`, { key: null });
      assert.equal(done.status, 302);
      assert.equal(done.headers.location, 'http://127.0.0.1:9/return');
      a = (await call(m.url, 'GET', `/v1/accounts/${acct.id}`)).body;
      assert.equal(a.charges_enabled, true);
      assert.equal(a.details_submitted, true);
      assert.deepEqual(a.requirements.currently_due, []);
      await waitFor(() => rx.events().some((e) => e.type === 'account.updated' && e.account === acct.id), 5000, 'account.updated delivered');
      const evt = rx.events().find((e) => e.type === 'account.updated');
      assert.equal(evt.data.object.charges_enabled, true);
      assert.equal(evt.data.previous_attributes.charges_enabled, false);
    });
  } finally {
    await rx.close();
  }
});

test('login links for Express (controller) accounts only; deauthorization emits the event and locks the account out', async () => {
  const rx = await webhookReceiver();
  try {
    await withMock({ webhookUrl: rx.url }, async (m) => {
      const ex = (await call(m.url, 'POST', '/v1/accounts', { params: EXPRESS })).body;
      const ll = await call(m.url, 'POST', `/v1/accounts/${ex.id}/login_links`);
      assert.equal(ll.status, 200);
      assert.equal(ll.body.object, 'login_link');
      const std = (await call(m.url, 'POST', '/v1/accounts', { params: STANDARD })).body;
      assert.equal((await call(m.url, 'POST', `/v1/accounts/${std.id}/login_links`)).status, 400);

      const evt = await control(m.url, 'POST', '/_mock/events/trigger', { type: 'account.application.deauthorized', account: ex.id });
      assert.equal(evt.type, 'account.application.deauthorized');
      assert.equal(evt.account, ex.id);
      await waitFor(() => rx.events().some((e) => e.type === 'account.application.deauthorized'), 5000, 'deauthorization delivered');
      const after = await call(m.url, 'GET', '/v1/balance', { account: ex.id });
      assert.equal(after.status, 403);
      assert.equal(after.body.error.code, 'account_invalid');
    });
  } finally {
    await rx.close();
  }
});

test('payment method domains: register per account, duplicates refused, list/retrieve, disable, localhost inactive with a reason', async () => {
  await withMock({}, async (m) => {
    const acct = await seedAccount(m.url);
    const other = await seedAccount(m.url);
    const created = await call(m.url, 'POST', '/v1/payment_method_domains', { account: acct.id, params: { domain_name: 'Shop.Example.com', enabled: true } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const d = created.body;
    assert.match(d.id, /^pmd_/);
    assert.equal(d.object, 'payment_method_domain');
    assert.equal(d.domain_name, 'shop.example.com');
    assert.equal(d.enabled, true);
    assert.equal(d.apple_pay.status, 'active');
    assert.equal(d.google_pay.status, 'active');

    const dup = await call(m.url, 'POST', '/v1/payment_method_domains', { account: acct.id, params: { domain_name: 'shop.example.com' } });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.error.code, 'resource_already_exists');
    const elsewhere = await call(m.url, 'POST', '/v1/payment_method_domains', { account: other.id, params: { domain_name: 'shop.example.com' } });
    assert.equal(elsewhere.status, 200, 'each account registers its own domains');
    for (const bad of ['https://shop.example.com', 'shop.example.com:8443', 'shop example.com']) {
      const r = await call(m.url, 'POST', '/v1/payment_method_domains', { account: acct.id, params: { domain_name: bad } });
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.error.param, 'domain_name');
    }
    const missingName = await call(m.url, 'POST', '/v1/payment_method_domains', { account: acct.id, params: {} });
    assert.equal(missingName.body.error.code, 'parameter_missing');

    const local = (await call(m.url, 'POST', '/v1/payment_method_domains', { account: acct.id, params: { domain_name: 'localhost' } })).body;
    assert.equal(local.apple_pay.status, 'inactive');
    assert.match(local.apple_pay.status_details.error_message, /not a publicly reachable/);

    const list = await call(m.url, 'GET', '/v1/payment_method_domains', { account: acct.id });
    assert.deepEqual(list.body.data.map((x) => x.domain_name).sort(), ['localhost', 'shop.example.com']);
    const byName = await call(m.url, 'GET', '/v1/payment_method_domains', { account: acct.id, params: { domain_name: 'shop.example.com' } });
    assert.equal(byName.body.data.length, 1);
    assert.equal((await call(m.url, 'GET', `/v1/payment_method_domains/${d.id}`, { account: other.id })).status, 404, 'scoped by Stripe-Account');

    const off = await call(m.url, 'POST', `/v1/payment_method_domains/${d.id}`, { account: acct.id, params: { enabled: false } });
    assert.equal(off.body.enabled, false);
    assert.equal(off.body.apple_pay.status, 'inactive');
    const got = await call(m.url, 'GET', `/v1/payment_method_domains/${d.id}`, { account: acct.id });
    assert.equal(got.body.enabled, false);
    const enabledOnly = await call(m.url, 'GET', '/v1/payment_method_domains', { account: acct.id, params: { enabled: true } });
    assert.deepEqual(enabledOnly.body.data.map((x) => x.domain_name), ['localhost']);
    const log = await control(m.url, 'GET', '/_mock/requests?path=/v1/payment_method_domains');
    assert.ok(log.data.every((x) => x.spec === 'mock-extension'));
  });
});

test('balance: per account, from succeeded charges; a refused key is a 401 (what API-key mode checks before saving)', async () => {
  await withMock({ secretKeys: ['sk_test_merchantgood'] }, async (m) => {
    const empty = await call(m.url, 'GET', '/v1/balance', { key: 'sk_test_merchantgood' });
    assert.equal(empty.status, 200);
    assert.equal(empty.body.object, 'balance');
    assert.deepEqual(empty.body.pending, [{ amount: 0, currency: 'usd', source_types: { card: 0 } }]);
    const pi = await call(m.url, 'POST', '/v1/payment_intents', { key: 'sk_test_merchantgood', params: { amount: 2500, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' } });
    assert.equal(pi.body.status, 'succeeded');
    const after = await call(m.url, 'GET', '/v1/balance', { key: 'sk_test_merchantgood' });
    assert.equal(after.body.pending[0].amount, 2500);
    assert.equal(after.body.available[0].amount, 0);
    const bad = await call(m.url, 'GET', '/v1/balance', { key: 'sk_test_wrongkey' });
    assert.equal(bad.status, 401);
    const live = await call(m.url, 'GET', '/v1/balance', { key: 'sk_live_whatever' });
    assert.equal(live.status, 401);
    const pk = await call(m.url, 'GET', '/v1/balance', { key: 'pk_test_abc' });
    assert.equal(pk.status, 401, 'a publishable key cannot read the balance');
  });
});
