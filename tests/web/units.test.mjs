// Unit tests of the widget's pure modules (money display, time formatting, the
// postMessage envelope and origin parsing), compiled from web/src with esbuild.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTs as load } from './lib/load_ts.mjs';

const money = await load('money');
const time = await load('time');
const messages = await load('messages');
const quantity = await load('quantity');

test('toDecimalString: integer minor units to an exact decimal string, by exponent', () => {
  const t = money.toDecimalString;
  assert.equal(t(5358, 2), '53.58');
  assert.equal(t(5, 2), '0.05');
  assert.equal(t(0, 2), '0.00');
  assert.equal(t(-550, 2), '-5.50');
  assert.equal(t(1500, 0), '1500'); // JPY
  assert.equal(t(1230, 3), '1.230'); // KWD
  assert.equal(t(7, 3), '0.007');
  assert.equal(t(9007199254740991, 2), '90071992547409.91'); // largest safe integer, no float rounding
  assert.equal(t(1.5, 2), 'NaN');
});

test("formatMoney: Intl currency formatting with the currency's facts (exponent, multiple)", () => {
  const f = money.formatMoney;
  const usd = { currency: 'usd', exponent: 2, amount_multiple_of: 1 };
  assert.equal(f(5358, usd, 'en-US'), '$53.58');
  assert.equal(f(-550, usd, 'en-US'), '-$5.50');
  assert.equal(f(5000, { currency: 'jpy', exponent: 0, amount_multiple_of: 1 }, 'en-US'), '¥5,000');
  const kwd = { currency: 'kwd', exponent: 3, amount_multiple_of: 10 };
  assert.equal(f(1230, kwd, 'en-US').replace(/\s/g, ' '), 'KWD 1.230'); // Intl puts a no-break space here
  assert.equal(
    f(123456, { currency: 'eur', exponent: 2, amount_multiple_of: 1 }, 'de-DE').replace(/\s/g, ' '),
    '1.234,56 €',
  );
  // Exact beyond float precision: 2^53 - 1 cents.
  assert.equal(f(9007199254740991, usd, 'en-US'), '$90,071,992,547,409.91');
  // ISK/UGX: hundredths on the wire, whole units only: 500 is 5 krónur, shown without decimals.
  const isk = { currency: 'isk', exponent: 2, amount_multiple_of: 100 };
  assert.equal(f(500, isk, 'en-US').replace(/\s/g, ' '), 'ISK 5');
  assert.equal(f(1234500, isk, 'en-US').replace(/\s/g, ' '), 'ISK 12,345');
  assert.equal(f(-500, isk, 'en-US').replace(/\s/g, ' '), '-ISK 5');
  assert.equal(
    f(550, isk, 'en-US').replace(/\s/g, ' '),
    'ISK 5.50',
    'a non-multiple keeps its decimals (never hidden)',
  );
  assert.equal(
    f(17500, { currency: 'huf', exponent: 2, amount_multiple_of: 1 }, 'en-US').replace(/\s/g, ' '),
    'HUF 175.00',
  );
});

test('time: local dates, calendar arithmetic, slot labels in the merchant zone', () => {
  assert.equal(time.addDays('2026-02-28', 1), '2026-03-01');
  assert.equal(time.addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(time.addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(time.addDays('2026-03-07', 1), '2026-03-08'); // DST day in New York: still one calendar day
  assert.equal(time.todayIn('America/New_York', new Date('2026-11-24T03:30:00Z')), '2026-11-23');
  assert.equal(time.todayIn('Asia/Kolkata', new Date('2026-11-23T19:00:00Z')), '2026-11-24');
  assert.equal(time.formatDay('2026-12-01', 'en-GB'), 'Tue 1 Dec');
  assert.equal(time.localTime('2026-12-01T09:00:00-05:00'), '09:00');
  assert.equal(time.formatSlot('2026-12-01T09:00:00-05:00', 'America/New_York', 'en-GB'), 'Tue 1 Dec, 09:00 EST');
  assert.equal(time.formatSlot('2026-07-01T09:00:00-04:00', 'America/New_York', 'en-GB'), 'Wed 1 Jul, 09:00 EDT');
  // Other languages: Intl's own order and words; the wall-clock time in the merchant's zone.
  assert.equal(time.formatDay('2026-12-01', 'de'), 'Di., 1. Dez.');
  assert.equal(time.localTime('2026-12-01T09:00:00-05:00', 'de', 'America/New_York'), '09:00');
  assert.equal(time.localTime('2026-12-01T21:30:00-05:00', 'ja', 'America/New_York'), '21:30');
  assert.equal(time.nowRfc3339(new Date('2026-11-23T11:50:07.123Z')), '2026-11-23T11:50:07Z');
});

test('parseOrigin: only bare http(s) origins; "*", "null", paths and junk are refused', () => {
  const p = messages.parseOrigin;
  assert.equal(p('https://shop.example'), 'https://shop.example');
  assert.equal(p('https://shop.example/'), 'https://shop.example');
  assert.equal(p('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
  assert.equal(p('HTTPS://Shop.Example:443'), 'https://shop.example');
  for (const bad of [
    null,
    undefined,
    '',
    '*',
    'null',
    'shop.example',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'https://shop.example/path',
    'https://shop.example?x=1',
    'https://shop.example#x',
    'https://user:pw@shop.example',
    'data:text/html,hi',
    `https://${'a'.repeat(3000)}.example`,
  ])
    assert.equal(p(bad), null, String(bad));
});

test('parentVerdict: the parent must be one of the origins the server listed, else an error', () => {
  const v = messages.parentVerdict;
  const list = 'https://shop.example http://127.0.0.1:4000';
  assert.deepEqual(v(null, list), { origin: null });
  assert.deepEqual(v('', list), { origin: null });
  assert.deepEqual(v('https://shop.example', list), { origin: 'https://shop.example' });
  assert.deepEqual(v('HTTPS://Shop.Example:443/', list), { origin: 'https://shop.example' });
  assert.deepEqual(v('http://127.0.0.1:4000', list), { origin: 'http://127.0.0.1:4000' });
  for (const bad of ['https://evil.example', 'http://127.0.0.1:4001', 'http://shop.example', '*', 'null', 'junk'])
    assert.deepEqual(v(bad, list), { error: 'forbidden_parent' }, bad);
  // No list (a page the server did not fill, or a merchant without origins): no parent is good.
  for (const allowed of ['', null, undefined, '   '])
    assert.deepEqual(v('https://shop.example', allowed), { error: 'forbidden_parent' });
  // Junk in the list is skipped, never matched.
  assert.deepEqual(v('https://shop.example', '* null https://shop.example/path'), { error: 'forbidden_parent' });
});

test('envelope / isEnvelope: {ns:"slotpay", v:1, type, payload} and nothing else', () => {
  const e = messages.envelope('booked', { v: 1 });
  assert.deepEqual(e, { ns: 'slotpay', v: 1, type: 'booked', payload: { v: 1 } });
  assert.ok(messages.isEnvelope(e));
  for (const bad of [
    null,
    'slotpay',
    [],
    {},
    { ns: 'slotpay', v: 2, type: 'x', payload: 1 },
    { ns: 'other', v: 1, type: 'x', payload: 1 },
    { ns: 'slotpay', v: 1, type: '', payload: 1 },
    { ns: 'slotpay', v: 1, type: 5, payload: 1 },
    { ns: 'slotpay', v: 1, type: 'x' },
    { ns: 'slotpay', v: '1', type: 'x', payload: 1 },
    { ns: 'slotpay', v: 1, type: 'x'.repeat(40), payload: 1 },
  ])
    assert.equal(messages.isEnvelope(bad), false, JSON.stringify(bad));
});

const theme = await load('theme');
const slotPicker = await load('slot-picker');
const hold = await load('hold-timer');

test('theme: the embed option becomes --slotpay-* declarations (nothing that could escape one); Stripe appearance', () => {
  assert.deepEqual(
    theme.themeDeclarations({ accent: '#e11d48', radius: '4px', font: 'Georgia, serif', spacing: '12px', x: 'y' }),
    [
      ['--slotpay-accent', '#e11d48'],
      ['--slotpay-radius', '4px'],
      ['--slotpay-font', 'Georgia, serif'],
      ['--slotpay-spacing', '12px'],
    ],
  );
  assert.deepEqual(theme.themeDeclarations({ accent: 'red; background: url(x)', radius: 4, font: '}' }), []);
  assert.deepEqual(theme.themeDeclarations(undefined), []);
  assert.deepEqual(theme.themeDeclarations('dark'), []);
  assert.equal(theme.colorScheme('dark'), 'dark');
  assert.equal(theme.colorScheme('light'), 'light');
  assert.equal(theme.colorScheme('purple'), 'auto');
  const resolved = {
    dark: true,
    accent: 'rgb(190, 18, 60)',
    background: 'rgb(23, 24, 28)',
    text: 'rgb(236, 238, 243)',
    danger: 'rgb(255, 143, 148)',
    radius: '3px',
    font: 'Georgia, serif',
    spacing: '24px',
  };
  assert.deepEqual(theme.stripeAppearance(resolved), {
    theme: 'night',
    variables: {
      colorPrimary: 'rgb(190, 18, 60)',
      colorBackground: 'rgb(23, 24, 28)',
      colorText: 'rgb(236, 238, 243)',
      colorDanger: 'rgb(255, 143, 148)',
      fontFamily: 'Georgia, serif',
      borderRadius: '3px',
      spacingUnit: '3px',
    },
  });
  assert.equal(theme.stripeAppearance({ ...resolved, dark: false, spacing: '' }).theme, 'stripe');
  assert.equal(theme.stripeAppearance({ ...resolved, spacing: '' }).variables.spacingUnit, '2px');
});

test('slot listbox keys: arrows move (mirrored right to left), Home/End jump, the ends hold', () => {
  const n = slotPicker.nextIndex;
  assert.equal(n('ArrowRight', 0, 5, false), 1);
  assert.equal(n('ArrowDown', 0, 5, false), 1);
  assert.equal(n('ArrowLeft', 2, 5, false), 1);
  assert.equal(n('ArrowUp', 2, 5, false), 1);
  assert.equal(n('ArrowLeft', 2, 5, true), 3, 'RTL: left is forward');
  assert.equal(n('ArrowRight', 2, 5, true), 1);
  assert.equal(n('ArrowRight', 4, 5, false), 4);
  assert.equal(n('ArrowLeft', 0, 5, false), 0);
  assert.equal(n('Home', 3, 5, false), 0);
  assert.equal(n('End', 1, 5, false), 4);
  assert.equal(n('Enter', 1, 5, false), null);
  assert.equal(n('ArrowRight', 0, 0, false), null);
});

test('hold countdown: whole seconds left, never negative; m:ss', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  assert.equal(hold.secondsLeft('2026-12-01T10:10:00Z', now), 600);
  assert.equal(hold.secondsLeft('2026-12-01T10:00:00.400Z', now), 0);
  assert.equal(hold.secondsLeft('2026-12-01T09:59:00Z', now), 0);
  assert.equal(hold.secondsLeft('not a date', now), 0);
  assert.equal(hold.minutesSeconds(600), '10:00');
  assert.equal(hold.minutesSeconds(65), '1:05');
  assert.equal(hold.minutesSeconds(0), '0:00');
});

test("quantityMax / clampQuantity: capacity, max_per_booking (default = the core's) and seats left", async () => {
  const { quantityMax: max, clampQuantity: clamp, DEFAULT_MAX_PER_BOOKING } = quantity;
  const fs = await import('node:fs');
  const header = fs.readFileSync(new URL('../../core/include/slotpay/catalog.hpp', import.meta.url), 'utf8');
  assert.equal(DEFAULT_MAX_PER_BOOKING, Number(header.match(/kDefaultMaxPerBooking = (\d+);/)[1]));
  assert.equal(max({}), 1);
  assert.equal(max({ capacity: 12 }), 10);
  assert.equal(max({ capacity: 12, max_per_booking: 4 }), 4);
  assert.equal(max({ capacity: 3, max_per_booking: 50 }), 3);
  assert.equal(max({ capacity: 100, max_per_booking: 50 }), 50);
  assert.equal(max({ capacity: 12 }, 7), 7);
  assert.equal(max({ capacity: 12 }, 0), 1);
  assert.equal(clamp('12', 10), 10);
  assert.equal(clamp('3', 10), 3);
  assert.equal(clamp('2.9', 10), 2);
  for (const junk of ['0', '-4', '', 'abc', 'NaN', 'Infinity']) assert.equal(clamp(junk, 10), 1, junk);
  assert.equal(clamp(5, 0), 1);
});

test('paidLine: what the confirmation says was paid, and what comes later', async () => {
  const { paidLine } = await load('outcome-views');
  const { I18n } = await load('i18n/index');
  const t = new I18n({ lang: 'en', intl: 'en' });
  const money = (n) => `$${(n / 100).toFixed(2)}`;
  assert.equal(paidLine(t, { amount: 0 }, money), null);
  assert.equal(paidLine(t, { amount: 4500 }, money), 'Paid $45.00.');
  assert.equal(
    paidLine(t, { amount: 1000, quote: { due_later: 3500 } }, money),
    'Paid $10.00; $35.00 due at the appointment.',
  );
  // Issue #11 item 4: charged after the service, with a deposit now or only the card saved.
  assert.equal(
    paidLine(t, { amount: 1000, quote: { due_later: 3500 }, payment: { charge_after_service: 3500 } }, money),
    'Paid $10.00; $35.00 charged to your card after your appointment.',
  );
  assert.equal(
    paidLine(t, { amount: 0, payment: { charge_after_service: 4500 } }, money),
    'Card saved, $45.00 charged after your appointment.',
  );
});
