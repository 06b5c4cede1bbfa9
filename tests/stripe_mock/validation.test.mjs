// Form decoding and OpenAPI validation of requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Stripe from 'stripe';
import { parseForm, flattenParams } from './form.mjs';
import { OpenApiSpec } from './openapi.mjs';
import { DEFAULT_OPENAPI } from './server.mjs';
import { withMock, call, control, seedAccount, SK } from './helpers.mjs';

test('parseForm: nested keys, curl and indexed arrays, encoding, arrays of objects', () => {
  assert.deepEqual(parseForm('amount=1000&currency=usd'), { amount: '1000', currency: 'usd' });
  assert.deepEqual(parseForm('metadata%5Bbooking_id%5D=b%201&metadata[x]=a+b'), { metadata: { booking_id: 'b 1', x: 'a b' } });
  assert.deepEqual(parseForm('payment_method_types[]=card&payment_method_types[]=link'), { payment_method_types: ['card', 'link'] });
  assert.deepEqual(parseForm('expand[0]=latest_charge&expand[1]=payment_method'), { expand: ['latest_charge', 'payment_method'] });
  assert.deepEqual(parseForm('automatic_payment_methods[enabled]=true'), { automatic_payment_methods: { enabled: 'true' } });
  assert.deepEqual(parseForm('a[b][c]=1&a[b][d]=2'), { a: { b: { c: '1', d: '2' } } });
  assert.deepEqual(parseForm('items[0][price]=p1&items[0][quantity]=2&items[1][price]=p2'), { items: [{ price: 'p1', quantity: '2' }, { price: 'p2' }] });
  assert.deepEqual(parseForm('items[][price]=p1&items[][price]=p2'), { items: [{ price: 'p1' }, { price: 'p2' }] });
  assert.deepEqual(parseForm('metadata='), { metadata: '' });
  assert.deepEqual(parseForm('k=caf%C3%A9%20%E2%80%93'), { k: 'café –' });
  assert.deepEqual(parseForm(''), {});
  assert.throws(() => parseForm('a=%E0%A4%A'));
  // round trip with the flattener used for idempotency fingerprints
  assert.deepEqual(flattenParams(parseForm('b=2&a[y]=1&a[x][0]=z')), { 'a[x][0]': 'z', 'a[y]': '1', b: '2' });
});

test('OpenApiSpec: types, enums, anyOf, nested unknown/missing, $ref resolution', () => {
  const spec = OpenApiSpec.load(DEFAULT_OPENAPI);
  const { route } = spec.match('POST', '/v1/payment_intents');
  const v = (params) => spec.validate(route, params);
  let r = v({ amount: '1000', currency: 'usd', confirm: 'true', automatic_payment_methods: { enabled: 'true', allow_redirects: 'never' }, metadata: { a: 'b' }, expand: ['latest_charge'] });
  assert.deepEqual(r.errors, []);
  assert.equal(r.params.amount, 1000);
  assert.equal(r.params.confirm, true);
  assert.equal(r.params.automatic_payment_methods.enabled, true);
  r = v({ currency: 'usd' });
  assert.deepEqual(r.errors.map((e) => [e.code, e.param]), [['parameter_missing', 'amount']]);
  r = v({ amount: 'ten', currency: 'usd' });
  assert.equal(r.errors[0].code, 'parameter_invalid_integer');
  r = v({ amount: '1', currency: 'usd', confirm: 'yes' });
  assert.equal(r.errors[0].param, 'confirm');
  assert.match(r.errors[0].message, /Invalid boolean/);
  r = v({ amount: '1', currency: 'usd', capture_method: 'later' });
  assert.match(r.errors[0].message, /must be one of automatic, automatic_async, or manual/);
  r = v({ amount: '1', currency: 'usd', automatic_payment_methods: { allow_redirects: 'never' } });
  assert.deepEqual(r.errors.map((e) => [e.code, e.param]), [['parameter_missing', 'automatic_payment_methods[enabled]']]);
  r = v({ amount: '1', currency: 'usd', automatic_payment_methods: { enabled: 'true', colour: 'red' } });
  assert.deepEqual(r.errors.map((e) => [e.code, e.param]), [['parameter_unknown', 'automatic_payment_methods[colour]']]);
  r = v({ amount: '1', currency: 'usd', description: 'x'.repeat(1001) });
  assert.equal(r.errors[0].param, 'description');
  // anyOf: off_session is boolean or enum
  assert.deepEqual(v({ amount: '1', currency: 'usd', off_session: 'one_off' }).errors, []);
  assert.equal(v({ amount: '1', currency: 'usd', off_session: 'true' }).params.off_session, true);
  assert.equal(v({ amount: '1', currency: 'usd', off_session: 'sometimes' }).errors.length, 1);
  // anyOf with "" (unset) on update
  const upd = spec.match('POST', '/v1/payment_intents/pi_123').route;
  assert.deepEqual(spec.validate(upd, { application_fee_amount: '' }).errors, []);
  assert.deepEqual(spec.validate(upd, { application_fee_amount: '12' }).params, { application_fee_amount: 12 });
  // arrays must be arrays
  assert.equal(v({ amount: '1', currency: 'usd', payment_method_types: 'card' }).errors[0].param, 'payment_method_types');
  // GET query parameters
  const get = spec.match('GET', '/v1/payment_intents/pi_1').route;
  assert.deepEqual(spec.validate(get, { client_secret: 's', expand: ['latest_charge'] }).errors, []);
  assert.equal(spec.validate(get, { limit: '3' }).errors[0].code, 'parameter_unknown');
  // literal path beats template; unknown path and wrong method
  assert.equal(spec.match('POST', '/v1/payment_intents/pi_1/cancel').route.template, '/v1/payment_intents/{intent}/cancel');
  assert.equal(spec.match('GET', '/v1/nothing'), null);
  assert.deepEqual(spec.match('DELETE', '/v1/payment_intents'), { methodMismatch: true });
});

test('server: unknown/missing/invalid params are 400 with Stripe codes and are logged', async () => {
  await withMock({}, async (m) => {
    const a = await seedAccount(m.url);
    const post = (params, path = '/v1/payment_intents') => call(m.url, 'POST', path, { account: a.id, params });
    let r = await post({ amount: 1000, currency: 'usd', booking: 'x' });
    assert.equal(r.status, 400);
    assert.deepEqual([r.body.error.type, r.body.error.code, r.body.error.param], ['invalid_request_error', 'parameter_unknown', 'booking']);
    r = await post({ amount: 1000 });
    assert.deepEqual([r.body.error.code, r.body.error.param], ['parameter_missing', 'currency']);
    r = await post({ amount: 1000, currency: 'usd', automatic_payment_methods: { enabled: 'yes' } });
    assert.equal(r.body.error.param, 'automatic_payment_methods[enabled]');
    r = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, rawBody: JSON.stringify({ amount: 1000, currency: 'usd' }), headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /Content-Type/);
    r = await call(m.url, 'GET', '/v1/payment_intents/pi_x', { account: a.id, params: { foo: 'bar' } });
    assert.equal(r.body.error.code, 'parameter_unknown');
    r = await post({ type: 'account_onboarding' }, '/v1/account_links');
    assert.equal(r.body.error.param, 'account');
    r = await post({ amount: 1000, currency: 'usd', metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) });
    assert.equal(r.status, 400);
    r = await call(m.url, 'GET', '/v1/balance_transactions', { account: a.id });
    assert.equal(r.status, 404);
    assert.match(r.body.error.message, /Unrecognized request URL/);
    r = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, rawBody: 'amount=%E0%A4%A&currency=usd' });
    assert.equal(r.status, 400, 'bad percent-encoding is a 400, not a crash');
    r = await post({ success_url: 'http://x/', mode: 'payment' }, '/v1/checkout/sessions');
    assert.equal(r.status, 404, 'in the subset but not implemented');
    assert.match(r.body.error.message, /not implemented/);
    // curl-style arrays and expand[] are fine
    r = await call(m.url, 'POST', '/v1/payment_intents', { account: a.id, rawBody: 'amount=1000&currency=usd&payment_method_types[]=card&expand[]=latest_charge&metadata[booking_id]=b1' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.payment_method_types, ['card']);
    const v = await control(m.url, 'GET', '/_mock/validation_errors');
    assert.equal(v.count, 6, 'the 51-key metadata is a business rule, not a schema failure');
    assert.equal(v.data[0].errors[0].code, 'parameter_unknown');
    assert.equal(v.data[0].operation, 'PostPaymentIntents');
    const inv = await control(m.url, 'GET', '/_mock/requests?invalid=1');
    assert.equal(inv.count, 6);
    assert.ok(v.data.some((x) => /Content-Type/.test(x.errors[0].message)));
  });
});

test('a broad stripe-node session produces zero validation failures', async () => {
  await withMock({}, async (m) => {
    const stripe = new Stripe(SK, { host: '127.0.0.1', port: m.port, protocol: 'http', maxNetworkRetries: 0 });
    const acct = await stripe.accounts.create({ type: 'express', country: 'US', email: 'x@example.com', capabilities: { card_payments: { requested: true }, transfers: { requested: true } }, business_type: 'individual', metadata: { salon: 's1' } });
    await stripe.accountLinks.create({ account: acct.id, type: 'account_onboarding', refresh_url: 'http://127.0.0.1/r', return_url: 'http://127.0.0.1/d' });
    await stripe.accounts.createLoginLink(acct.id);
    await control(m.url, 'POST', `/_mock/accounts/${acct.id}/onboard`);
    const opt = { stripeAccount: acct.id };
    const pi = await stripe.paymentIntents.create({ amount: 4200, currency: 'usd', application_fee_amount: 420, automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, metadata: { booking_id: 'b1', slot: '2026-12-01T10:00' }, description: 'Cut', receipt_email: 'c@example.com', capture_method: 'automatic', statement_descriptor_suffix: 'SLOT', expand: ['latest_charge'] }, opt);
    await stripe.paymentIntents.update(pi.id, { metadata: { slot: '' }, application_fee_amount: 400 }, opt);
    await stripe.paymentIntents.retrieve(pi.id, { expand: ['payment_method'] }, opt);
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa', return_url: 'http://127.0.0.1/ret', expand: ['latest_charge'] }, opt);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 1000, reason: 'requested_by_customer', refund_application_fee: true, reverse_transfer: false, metadata: { booking_id: 'b1' } }, opt);
    const pi2 = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', payment_method_types: ['card'] }, opt);
    await stripe.paymentIntents.cancel(pi2.id, { cancellation_reason: 'requested_by_customer' }, opt);
    await stripe.customers.create({ email: 'c@example.com', name: 'C', metadata: { a: 'b' } }, opt);
    await stripe.transfers.create({ amount: 100, currency: 'usd', destination: acct.id, transfer_group: 'g1' });
    await stripe.accounts.retrieve(acct.id);
    const evts = await stripe.events.list({ limit: 3, type: 'payment_intent.*' }, opt);
    assert.equal(evts.data.length, 3);
    await stripe.events.retrieve(evts.data[0].id, {}, opt);
    const v = await control(m.url, 'GET', '/_mock/validation_errors');
    assert.equal(v.count, 0, JSON.stringify(v.data, null, 1));
    const log = await control(m.url, 'GET', '/_mock/requests');
    assert.ok(log.data.every((x) => x.status === 200), JSON.stringify(log.data.filter((x) => x.status !== 200).map((x) => [x.path, x.error])));
    assert.ok(log.data.some((x) => x.spec === 'mock-extension' && x.path.endsWith('/confirm')));
  });
});

test('responses carry every field the OpenAPI schema marks required', async () => {
  const doc = JSON.parse(readFileSync(DEFAULT_OPENAPI, 'utf8'));
  const required = (name) => doc.components.schemas[name].required || [];
  await withMock({}, async (m) => {
    const stripe = new Stripe(SK, { host: '127.0.0.1', port: m.port, protocol: 'http', maxNetworkRetries: 0 });
    const acct = await stripe.accounts.create({ type: 'standard' });
    await control(m.url, 'POST', `/_mock/accounts/${acct.id}/onboard`);
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' }, { stripeAccount: acct.id });
    const re = await stripe.refunds.create({ payment_intent: pi.id }, { stripeAccount: acct.id });
    const link = await stripe.accountLinks.create({ account: acct.id, type: 'account_onboarding', return_url: 'http://x/', refresh_url: 'http://x/' });
    const ch = await stripe.charges.retrieve(pi.latest_charge, {}, { stripeAccount: acct.id });
    const evt = (await control(m.url, 'GET', '/_mock/events')).data[0];
    const cus = await stripe.customers.create({}, { stripeAccount: acct.id });
    for (const [name, obj] of [['payment_intent', pi], ['refund', re], ['account_link', link], ['account', await stripe.accounts.retrieve(acct.id)], ['charge', ch], ['event', evt], ['customer', cus]]) {
      for (const f of required(name)) assert.ok(f in obj, `${name}.${f} missing`);
      const declared = Object.keys(doc.components.schemas[name].properties || {});
      const extra = Object.keys(obj).filter((k) => !declared.includes(k) && k !== 'lastResponse');
      assert.deepEqual(extra.filter((k) => !['amount_details', 'payment_method_configuration_details', 'source', 'destination_details', 'future_requirements', 'controller', 'receipt_url'].includes(k)), [], `${name} has undeclared fields`);
    }
  });
});
