// Currency facts for display (web/src/currency.ts, money.ts) over all 139 currencies of
// Stripe's table (../shared/stripe/currencies.json): the widget's fallback table, the
// WASM core's `currency` op and the formatted minimum charges agree; never Intl's digits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTs, ROOT } from './lib/load_ts.mjs';

const TABLE = JSON.parse(
  fs.readFileSync(path.join(ROOT, '..', 'shared', 'stripe', 'currencies.json'), 'utf8'),
).currencies;
const WASM_DIST = process.env.SLOTPAY_WASM_DIST || path.join(ROOT, 'build', 'wasm', 'wasm', 'dist');
const currency = await loadTs('currency');
const money = await loadTs('money');

test('the shared table has the 139 currencies', () => {
  assert.equal(TABLE.length, 139);
});

test("fallback table = Stripe's table for all 139 currencies (exponent and chargeable multiple)", () => {
  for (const c of TABLE) {
    const f = currency.factsFromTable(c.code);
    assert.equal(f.currency, c.code);
    assert.equal(f.exponent, c.stripe_amount_exponent, `${c.code} exponent`);
    assert.equal(f.amount_multiple_of, c.charge_amount_multiple_of ?? 1, `${c.code} multiple`);
  }
});

test("the WASM core's currency op agrees with the table and the fallback for all 139", async () => {
  const { loadSlotpayCore } = await import(pathToFileURL(path.join(WASM_DIST, 'slotpay-core.mjs')).href);
  const core = await loadSlotpayCore({ wasmBinary: fs.readFileSync(path.join(WASM_DIST, 'slotpay-core.wasm')) });
  for (const c of TABLE) {
    const fromCore = currency.factsFromCore(core, c.code);
    assert.ok(fromCore, `core knows ${c.code}`);
    const fallback = currency.factsFromTable(c.code);
    assert.equal(fromCore.exponent, fallback.exponent, `${c.code} exponent`);
    assert.equal(fromCore.amount_multiple_of, fallback.amount_multiple_of, `${c.code} multiple`);
  }
  assert.equal(currency.factsFromCore(core, 'xyz'), null);
});

test('minimum charges as Stripe writes them (major units), formatted from minor units for every documented one', () => {
  let checked = 0;
  for (const c of TABLE) {
    const facts = currency.factsFromTable(c.code);
    for (const doc of Object.values(c.min_charge_as_settlement_currency ?? {})) {
      const shown = money.formatMoney(doc.amount, facts, 'en-US');
      const digits = shown.replace(/[^\d.]/g, '');
      // The same value as Stripe's "major" ("10" for MXN 1000 is 10.00), with the currency's decimals.
      const norm = (x) => (x.includes('.') ? x.replace(/0+$/, '').replace(/\.$/, '') : x);
      assert.equal(norm(digits), norm(doc.major.replace(/,/g, '')), `${c.code}: ${doc.amount} shown as ${shown}`);
      assert.equal(digits.split('.')[1]?.length ?? 0, money.shownDecimals(doc.amount, facts), `${c.code} decimals`);
      checked++;
    }
  }
  assert.ok(checked >= 30, `${checked} minimums checked`);
});

test("every currency formats from its facts, never from Intl's fraction digits (ISK, UGX, HUF)", () => {
  for (const c of TABLE) {
    const facts = currency.factsFromTable(c.code);
    // 12345 whole units (or 1234.5 in a two-decimal currency...) written in minor units.
    const amount = 12345 * facts.amount_multiple_of;
    const shown = money.formatMoney(amount, facts, 'en-US');
    const decimals = money.shownDecimals(amount, facts);
    const major = money.toDecimalString(amount, facts.exponent);
    const expect = decimals < facts.exponent ? major.slice(0, major.length - facts.exponent - 1) : major;
    assert.equal(shown.replace(/[^\d.]/g, ''), expect, `${c.code}: ${shown}`);
  }
  const isk = currency.factsFromTable('isk');
  assert.equal(money.formatMoney(450000, isk, 'en-US').replace(/\s/g, ' '), 'ISK 4,500');
  assert.equal(money.formatMoney(450000, currency.factsFromTable('ugx'), 'en-US').replace(/\s/g, ' '), 'UGX 4,500');
  assert.equal(money.formatMoney(450000, currency.factsFromTable('huf'), 'en-US').replace(/\s/g, ' '), 'HUF 4,500.00');
  // What Intl alone would say: ISK has no decimals there, so 450000 would read 450,000 (100x).
  assert.equal(
    new Intl.NumberFormat('en-US', { style: 'currency', currency: 'ISK' }).resolvedOptions().maximumFractionDigits,
    0,
  );
});

test('server facts: used when they are well-formed and for this currency, else ignored', () => {
  const s = currency.factsFromServer;
  const good = { currency: 'isk', exponent: 2, amount_multiple_of: 100, min_charge: 10000, max_amount: 9999999900 };
  assert.deepEqual(s(good, 'isk'), good);
  assert.deepEqual(s({ currency: 'ISK', exponent: 2, amount_multiple_of: 100 }, 'isk'), {
    currency: 'isk',
    exponent: 2,
    amount_multiple_of: 100,
    min_charge: undefined,
    max_amount: undefined,
  });
  for (const bad of [
    undefined,
    null,
    'isk',
    [],
    { ...good, currency: 'usd' },
    { ...good, exponent: -1 },
    { ...good, exponent: 2.5 },
    { ...good, amount_multiple_of: 0 },
    { ...good, exponent: '2' },
  ])
    assert.equal(s(bad, 'isk'), null, JSON.stringify(bad));
});
