// Tips and prices of a choice (web/src/pricing.ts, tips.ts), priced by the real WASM core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTs, ROOT } from './lib/load_ts.mjs';

const WASM_DIST = process.env.SLOTPAY_WASM_DIST || path.join(ROOT, 'build', 'wasm', 'wasm', 'dist');
const { loadSlotpayCore } = await import(pathToFileURL(path.join(WASM_DIST, 'slotpay-core.mjs')).href);
const core = await loadSlotpayCore({ wasmBinary: fs.readFileSync(path.join(WASM_DIST, 'slotpay-core.wasm')) });
const { priceChoice, priceRemote } = await loadTs('pricing');
const tips = await loadTs('tips');
const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'demo-catalog.json'), 'utf8'));
const usd = { currency: 'usd', exponent: 2, amount_multiple_of: 1 };
const cut = { service: 'cut', staff: 'any', start: '2026-12-01T10:00:00-05:00', quantity: 1, addons: [] };

test("percentTip: integer, half up, to the currency's multiple", () => {
  assert.equal(tips.percentTip(4500, 15, 1), 675);
  assert.equal(tips.percentTip(4505, 15, 1), 676); // 675.75 -> 676
  assert.equal(tips.percentTip(4503, 10, 1), 450); // 450.3 -> 450
  assert.equal(tips.percentTip(4505, 10, 1), 451); // 450.5 -> 451 (half up)
  assert.equal(tips.percentTip(450000, 15, 100), 67500); // ISK 4,500 -> ISK 675
  assert.equal(tips.percentTip(455000, 15, 100), 68300); // ISK 682.5 -> ISK 683
  assert.equal(tips.percentTip(1230, 20, 10), 250); // KWD 1.230 -> 0.246 -> 0.250
  assert.equal(tips.percentTip(0, 20, 1), 0);
  assert.equal(tips.percentTip(-5, 20, 1), 0);
  assert.equal(tips.percentTip(9007199254740991, 20, 1), 1801439850948198); // no float rounding
});

test('parseAmount: what a customer types, in minor units; junk refused', () => {
  const p = tips.parseAmount;
  assert.equal(p('5', 2), 500);
  assert.equal(p('5.5', 2), 550);
  assert.equal(p('5,50', 2), 550);
  assert.equal(p(' 12 ', 0), 12);
  assert.equal(p('1.234', 3), 1234);
  for (const bad of ['', '-5', '5.555', 'five', '5e2', '1,000.00', '5.', '.5x', '9999999999999'])
    assert.equal(p(bad, 2), bad === '5.' ? 500 : null, bad);
});

test('tipsOption: true/"all" for every service, ids, or none', () => {
  assert.equal(tips.tipsOption(true), true);
  assert.equal(tips.tipsOption('all'), true);
  assert.deepEqual(tips.tipsOption('cut, class'), ['cut', 'class']);
  assert.deepEqual(tips.tipsOption(['cut', 3, '']), ['cut']);
  for (const none of [undefined, false, '', 'false', ' , ', {}, 1])
    assert.equal(tips.tipsOption(none), false, String(none));
});

test('priceChoice: no tip, a percentage of the price before tax, another amount; the core adds it, all due now', () => {
  const none = priceChoice(core, catalog, cut, null, usd);
  assert.equal(none.tip, 0);
  assert.equal(none.quote.total, 4871);
  assert.equal(none.quote.due_now, 974);
  const pct = priceChoice(core, catalog, cut, { kind: 'percent', percent: 15 }, usd);
  assert.equal(pct.tip, 675);
  assert.equal(pct.quote.tip, 675);
  assert.deepEqual(pct.quote.lines.at(-1), { kind: 'tip', amount: 675 });
  assert.equal(pct.quote.total, 4871 + 675);
  assert.equal(pct.quote.due_now, 974 + 675);
  // With a coupon the percentage is of the discounted services (WELCOME10: 4500 -> 4050).
  const coupon = priceChoice(core, catalog, { ...cut, coupon: 'WELCOME10' }, { kind: 'percent', percent: 20 }, usd);
  assert.equal(coupon.tip, 810);
  const custom = priceChoice(core, catalog, cut, { kind: 'custom', text: '2.50' }, usd);
  assert.equal(custom.tip, 250);
  assert.equal(custom.quote.total, 4871 + 250);
  assert.equal(priceChoice(core, catalog, cut, { kind: 'custom', text: '' }, usd).tip, 0);
  assert.deepEqual(priceChoice(core, catalog, cut, { kind: 'none' }, usd).quote, none.quote);
});

test("priceChoice: problems come back at their field (unreadable tip, unknown coupon, a tip off the currency's multiple)", () => {
  assert.equal(priceChoice(core, catalog, cut, { kind: 'custom', text: 'lots' }, usd).error.field, 'booking.tip');
  const coupon = priceChoice(core, catalog, { ...cut, coupon: 'NOPE' }, null, usd).error;
  assert.deepEqual([coupon.code, coupon.field], ['unknown_coupon', 'booking.coupon']);
  // ISK: whole krónur only; 5.50 ISK (550) is refused by the core at booking.tip.
  const isk = JSON.parse(JSON.stringify(catalog));
  isk.merchant.currency = 'isk';
  isk.merchant.platform_fee.fixed *= 100;
  for (const s of isk.services) {
    s.price *= 100;
    for (const a of s.addons ?? []) a.price *= 100;
  }
  isk.coupons = isk.coupons.map((c) => (c.fixed ? { ...c, fixed: c.fixed * 100 } : c));
  const iskFacts = { currency: 'isk', exponent: 2, amount_multiple_of: 100 };
  const bad = priceChoice(core, isk, cut, { kind: 'custom', text: '5.50' }, iskFacts).error;
  assert.deepEqual([bad.code, bad.field], ['invalid_amount', 'booking.tip']);
  const good = priceChoice(core, isk, cut, { kind: 'percent', percent: 15 }, iskFacts);
  assert.equal(good.tip, 67500);
  assert.equal(good.quote.tip % 100, 0);
});

test('priceRemote: a coupon priced by the server quote route, in the same two steps as priceChoice', async () => {
  // A stand-in for the server's quote route: the full catalog (with coupons) in the core.
  const asked = [];
  const server = async (booking) => {
    asked.push(booking);
    const q = core.quote({ catalog, booking });
    return 'error' in q ? { error: q.error } : { data: q };
  };
  const withCoupon = { ...cut, coupon: 'WELCOME10' };
  const remote = await priceRemote(server, withCoupon, { kind: 'percent', percent: 20 }, usd);
  assert.deepEqual(remote, priceChoice(core, catalog, withCoupon, { kind: 'percent', percent: 20 }, usd));
  assert.deepEqual(
    asked.map((b) => b.tip),
    [0, 810],
  );
  const bad = await priceRemote(server, { ...cut, coupon: 'NOPE' }, null, usd);
  assert.deepEqual([bad.error.code, bad.error.field], ['unknown_coupon', 'booking.coupon']);
  const down = await priceRemote(
    async () => ({ error: { code: 'network_error', field: '', message: 'x' } }),
    withCoupon,
    null,
    usd,
  );
  assert.equal(down.error.code, 'network_error');
});
