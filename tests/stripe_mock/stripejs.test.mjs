// The Stripe.js test double in headless Chromium (playwright-core), against the mock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { chromium } from 'playwright-core';
import { startStripeMock } from './server.mjs';
import { call, control, seedAccount, PK } from './helpers.mjs';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const skip = CHROMIUM ? false : 'chromium not installed';
let browser;
let m;
let acct;

before(async () => {
  if (skip) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  m = await startStripeMock({ port: 0 });
  acct = await seedAccount(m.url);
});
after(async () => {
  await browser?.close();
  await m?.close();
});

async function newIntent(extra = {}) {
  const r = await call(m.url, 'POST', '/v1/payment_intents', { account: acct.id, params: { amount: 2000, currency: 'usd', automatic_payment_methods: { enabled: true }, ...extra } });
  assert.equal(r.status, 200);
  return r.body;
}
async function openPage(pi, extra = '') {
  const page = await browser.newPage();
  page.setDefaultTimeout(8000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${m.url}/_mock/stripejs-test?pk=${PK}&account=${acct.id}&client_secret=${encodeURIComponent(pi.client_secret)}${extra}`);
  await page.waitForSelector('body[data-ready="1"]');
  page.errors = errors;
  return page;
}
async function result(page) {
  await page.waitForFunction(() => document.getElementById('result').textContent.length > 0);
  return JSON.parse(await page.textContent('#result'));
}

test('confirmPayment with the visa test card -> {paymentIntent: succeeded}', { skip }, async () => {
  const pi = await newIntent();
  const page = await openPage(pi);
  await page.click('#submit');
  const r = await result(page);
  assert.equal(r.error, undefined);
  assert.equal(r.paymentIntent.id, pi.id);
  assert.equal(r.paymentIntent.status, 'succeeded');
  assert.equal(r.paymentIntent.metadata, undefined, 'client-side view');
  const server = await call(m.url, 'GET', `/v1/payment_intents/${pi.id}`, { account: acct.id });
  assert.equal(server.body.status, 'succeeded');
  // it used the publishable key and the connected account
  const log = await control(m.url, 'GET', `/_mock/requests?path=/v1/payment_intents/${pi.id}/confirm`);
  assert.equal(log.data[0].key_type, 'publishable');
  assert.equal(log.data[0].account, acct.id);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('declined card -> {error: card_error generic_decline}', { skip }, async () => {
  const pi = await newIntent();
  const page = await openPage(pi);
  await page.selectOption('[data-testid="stripe-mock-card"]', 'pm_card_chargeDeclined');
  await page.click('#submit');
  const r = await result(page);
  assert.equal(r.paymentIntent, undefined);
  assert.equal(r.error.type, 'card_error');
  assert.equal(r.error.decline_code, 'generic_decline');
  assert.equal(r.error.payment_intent.status, 'requires_payment_method');
  await page.close();
});

test('3-D Secure: overlay, complete -> succeeded; fail -> authentication error', { skip }, async () => {
  const pi = await newIntent();
  const page = await openPage(pi);
  await page.selectOption('[data-testid="stripe-mock-card"]', 'pm_card_threeDSecure2Required');
  await page.click('#submit');
  await page.click('[data-testid="stripe-mock-3ds-complete"]');
  const r = await result(page);
  assert.equal(r.paymentIntent.status, 'succeeded');
  await page.close();

  const pi2 = await newIntent();
  const page2 = await openPage(pi2);
  await page2.selectOption('[data-testid="stripe-mock-card"]', 'pm_card_threeDSecure2Required');
  await page2.click('#submit');
  await page2.click('[data-testid="stripe-mock-3ds-fail"]');
  const r2 = await result(page2);
  assert.equal(r2.error.code, 'payment_intent_authentication_failure');
  assert.equal(r2.error.payment_intent.status, 'requires_payment_method');
  await page2.close();
});

test('automatic 3DS answer, handleNextAction and retrievePaymentIntent', { skip }, async () => {
  const pi = await newIntent();
  const page = await openPage(pi, '&3ds=success');
  // server-side confirm leaves the intent in requires_action; the page finishes it
  const conf = await call(m.url, 'POST', `/v1/payment_intents/${pi.id}/confirm`, { account: acct.id, params: { payment_method: 'pm_card_authenticationRequired' } });
  assert.equal(conf.body.status, 'requires_action');
  const out = await page.evaluate(async (cs) => {
    const before = await stripe.retrievePaymentIntent(cs);
    const r = await stripe.handleNextAction({ clientSecret: cs });
    let thrown = null;
    try {
      await stripe.handleNextAction({ clientSecret: cs });
    } catch (e) {
      thrown = e.name;
    }
    const bad = await stripe.retrievePaymentIntent(cs.replace(/_secret_.*/, '_secret_wrong'));
    return { before: before.paymentIntent.status, after: r.paymentIntent.status, thrown, badErr: bad.error && bad.error.type };
  }, pi.client_secret);
  assert.deepEqual(out, { before: 'requires_action', after: 'succeeded', thrown: 'IntegrationError', badErr: 'invalid_request_error' });
  await page.close();
});

test('Stripe.js is served at /v3/ and /js/stripe.js; CORS preflight works', { skip }, async () => {
  for (const p of ['/v3/', '/js/stripe.js']) {
    const r = await call(m.url, 'GET', p, { key: null });
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /javascript/);
    assert.match(r.raw, /window\.Stripe = StripeMock/);
  }
  const pre = await call(m.url, 'OPTIONS', '/v1/payment_intents/pi_x/confirm', { key: null, headers: { Origin: 'http://127.0.0.1:1234', 'Access-Control-Request-Method': 'POST' } });
  assert.equal(pre.status, 204);
  assert.match(pre.headers['access-control-allow-headers'], /Stripe-Account/);
  // cross-origin use: a page on another origin (like the widget's host) loads it and confirms
  const pi = await newIntent();
  const site = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<div id="pe"></div><script src="${m.url}/v3/?3ds=success"></script>`);
  });
  await new Promise((r) => site.listen(0, 'localhost', r));
  const page = await browser.newPage();
  try {
    await page.goto(`http://localhost:${site.address().port}/`);
    const status = await page.evaluate(async ([pk, account, cs]) => {
      const stripe = Stripe(pk, { stripeAccount: account });
      const elements = stripe.elements({ clientSecret: cs });
      elements.create('payment').mount('#pe');
      document.querySelector('[data-testid="stripe-mock-card"]').value = 'pm_card_threeDSecure2Required';
      document.querySelector('[data-testid="stripe-mock-card"]').dispatchEvent(new Event('change'));
      await elements.submit();
      const r = await stripe.confirmPayment({ elements, redirect: 'if_required' });
      return r.paymentIntent ? r.paymentIntent.status : JSON.stringify(r.error);
    }, [PK, acct.id, pi.client_secret]);
    assert.equal(status, 'succeeded');
  } finally {
    await page.close();
    site.closeAllConnections();
    await new Promise((r) => site.close(r));
  }
});

test('confirmCardSetup / confirmSetup save the card on a SetupIntent (3-D Secure answered by the overlay)', { skip }, async () => {
  const cus = (await call(m.url, 'POST', '/v1/customers', { account: acct.id, params: { email: 'c@example.com' } })).body.id;
  const seti = async () => (await call(m.url, 'POST', '/v1/setup_intents', { account: acct.id, params: { customer: cus, usage: 'off_session' } })).body;
  const page = await openPage(await newIntent());
  const a = await seti();
  const r1 = await page.evaluate((cs) => stripe.confirmCardSetup(cs, { payment_method: 'pm_card_visa' }), a.client_secret);
  assert.equal(r1.error, undefined, JSON.stringify(r1));
  assert.equal(r1.setupIntent.id, a.id);
  assert.equal(r1.setupIntent.status, 'succeeded');
  const b = await seti();
  const pending = page.evaluate((cs) => stripe.confirmSetup({ clientSecret: cs, redirect: 'if_required', confirmParams: { payment_method: 'pm_card_authenticationRequired' } }), b.client_secret);
  await page.click('[data-testid=stripe-mock-3ds-complete]');
  const r2 = await pending;
  assert.equal(r2.setupIntent.status, 'succeeded', JSON.stringify(r2));
  const pm = await call(m.url, 'GET', `/v1/payment_methods/${r2.setupIntent.payment_method}`, { account: acct.id });
  assert.equal(pm.body.customer, cus);
  const c = await seti();
  const r3 = await page.evaluate((cs) => stripe.confirmCardSetup(cs, { payment_method: 'pm_card_chargeDeclined' }), c.client_secret);
  assert.equal(r3.error.code, 'card_declined');
  assert.deepEqual(page.errors, []);
  await page.close();
});
