// Unit tests of the dashboard's pure modules (issue #13): amounts typed by the merchant
// to minor units and back, money in the merchant's locale, the service form <-> catalog
// service, core error fields to form fields, the merge patch a save sends, the report's
// days. Compiled from web/src/dashboard with esbuild.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTs as load } from './lib/load_ts.mjs';

const format = await load('dashboard/format');
const model = await load('dashboard/service-model');
const days = await load('dashboard/report-days');
const zoned = await load('dashboard/zoned');
const bookingsModel = await load('dashboard/bookings-model');

test('toMinor / toMajor: typed amounts by the currency exponent, never through a float', () => {
  assert.equal(format.toMinor('12.50', 2), 1250);
  assert.equal(format.toMinor('12,5', 2), 1250);
  assert.equal(format.toMinor(' 80 ', 2), 8000);
  assert.equal(format.toMinor('0.07', 2), 7);
  assert.equal(format.toMinor('1500', 0), 1500); // JPY
  assert.equal(format.toMinor('1.5', 0), null);
  assert.equal(format.toMinor('1.234', 3), 1234); // KWD
  assert.equal(format.toMinor('1.001', 2), null);
  assert.equal(format.toMinor('8o', 2), null);
  assert.equal(format.toMinor('-5', 2), null);
  assert.equal(format.toMinor('99999999999999999', 2), null);
  assert.equal(format.toMajor(1250, 2), '12.50');
  assert.equal(format.toMajor(7, 3), '0.007');
  assert.equal(format.toMajor(1500, 0), '1500');
});

test("money: Intl with the exponent given (from the core), not Intl's own", () => {
  assert.equal(format.money(1250, 'usd', 2), '$12.50');
  assert.equal(format.money(1500, 'jpy', 0), '¥1,500');
  assert.equal(format.money(1234, 'kwd', 3).replace(/\s/g, ' '), 'KWD 1.234');
  assert.equal(format.addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(format.addDays('2026-03-01', -1), '2026-02-28');
});

test('fromForm: a service with a deposit, tax, cancellation policy and add-ons, in minor units and basis points', () => {
  const f = {
    ...model.emptyForm(),
    id: 'massage',
    name: ' Massage ',
    price: '80.00',
    duration: '60',
    depositKind: 'rate',
    deposit: '25',
    taxRate: '7.5',
    taxInclusive: false,
    freeUntil: '1440',
    feeKind: 'fixed',
    fee: '10',
    noShowKind: 'rate',
    noShow: '100',
    addons: [{ id: 'oil', name: 'Oil', price: '5.5', duration: '10' }],
  };
  const { service, errors } = model.fromForm(f, 2);
  assert.deepEqual(errors, {});
  assert.deepEqual(service, {
    id: 'massage',
    name: 'Massage',
    price: 8000,
    duration_min: 60,
    capacity: 1,
    buffer_before_min: 0,
    buffer_after_min: 0,
    payment: 'stripe',
    deposit: { rate_bps: 2500 },
    tax: { rate_bps: 750, inclusive: false },
    cancellation: {
      deposit_refundable: true,
      free_until_min: 1440,
      fee: { fixed: 1000 },
      no_show_fee: { rate_bps: 10000 },
    },
    addons: [{ id: 'oil', name: 'Oil', price: 550, duration_min: 10 }],
  });
  // And back: the form shows what was saved.
  const back = model.toForm(service, 2);
  assert.equal(back.price, '80.00');
  assert.equal(back.deposit, '25');
  assert.equal(back.fee, '10.00');
  assert.equal(back.taxRate, '7.5');
  assert.equal(back.addons[0].price, '5.50');
  assert.deepEqual(model.fromForm(back, 2).service, service);
});

test('fromForm: text that is not a number is an error on its field, and no service', () => {
  const { service, errors } = model.fromForm(
    {
      ...model.emptyForm(),
      id: 'x',
      name: 'X',
      price: '8o',
      duration: 'sixty',
      depositKind: 'fixed',
      deposit: '1.234',
    },
    2,
  );
  assert.equal(service, null);
  assert.deepEqual(Object.keys(errors).sort(), ['deposit', 'duration_min', 'price']);
});

test("fieldKey: core and server error fields to the editor's fields", () => {
  assert.equal(model.fieldKey('services[0].price'), 'price');
  assert.equal(model.fieldKey('catalog.services[3].deposit.rate_bps'), 'deposit');
  assert.equal(model.fieldKey('services[0].cancellation.fee.fixed'), 'cancellation.fee');
  assert.equal(model.fieldKey('services[1].addons[0].price'), 'addons[0].price');
  assert.equal(model.fieldKey('merchant.currency'), 'merchant.currency');
});

test('mergePatch (RFC 7396): removed members null, nested objects patched member by member', () => {
  const prev = { id: 'a', price: 100, deposit: { rate_bps: 2500 }, tax: { rate_bps: 700 } };
  const next = { id: 'a', price: 120, deposit: { fixed: 500 } };
  assert.deepEqual(model.mergePatch(prev, next), { tax: null, price: 120, deposit: { rate_bps: null, fixed: 500 } });
  assert.deepEqual(model.mergePatch(next, next), {});
});

test('perDay: every day of the range, bookings counted and net summed on their start day', () => {
  const e = (start, net) => ({ start, currency: 'usd', gross: net, refunded: 0, net });
  const p = days.perDay(
    [
      e('2026-12-01T10:00:00-05:00', 2000),
      e('2026-12-01T11:00:00-05:00', 1500),
      e('2026-12-03T09:00:00-05:00', 100),
      e('2026-12-09T09:00:00-05:00', 9),
    ],
    '2026-12-01',
    '2026-12-03',
  );
  assert.deepEqual(p, [
    { day: '2026-12-01', bookings: 2, revenue: 3500 },
    { day: '2026-12-02', bookings: 0, revenue: 0 },
    { day: '2026-12-03', bookings: 1, revenue: 100 },
  ]);
});

const hours = await load('dashboard/hours');

test('opening hours text: ranges by comma, padded times, empty closed, anything else refused', () => {
  assert.deepEqual(hours.parseHours('09:00-12:00, 13:00-17:00'), [
    ['09:00', '12:00'],
    ['13:00', '17:00'],
  ]);
  assert.deepEqual(hours.parseHours('9:00 – 17:30'), [['09:00', '17:30']]);
  assert.deepEqual(hours.parseHours('  '), []);
  assert.equal(hours.parseHours('10-14'), null);
  assert.equal(hours.parseHours('09:00-'), null);
  assert.equal(
    hours.hoursText([
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ]),
    '09:00-12:00, 13:00-17:00',
  );
  const week = hours.parseWeek({ mon: '09:00-17:00', sat: '10:00-14:00', sun: '' });
  assert.deepEqual(week, { weekly: { mon: [['09:00', '17:00']], sat: [['10:00', '14:00']] }, bad: [] });
  assert.deepEqual(hours.parseWeek({ mon: 'all day', tue: '9-5' }), { weekly: null, bad: ['mon', 'tue'] });
});

test("zonedStart: a day and time typed in the shop's zone -> RFC 3339 with that zone's offset", () => {
  assert.equal(zoned.zonedStart('2026-12-03', '10:00', 'America/New_York'), '2026-12-03T10:00:00-05:00');
  assert.equal(zoned.zonedStart('2026-07-03', '10:00', 'America/New_York'), '2026-07-03T10:00:00-04:00');
  assert.equal(zoned.zonedStart('2026-07-03', '09:30', 'Asia/Kolkata'), '2026-07-03T09:30:00+05:30');
  assert.equal(zoned.zonedStart('2026-12-03', '23:45', 'Asia/Tokyo'), '2026-12-03T23:45:00+09:00');
  assert.equal(zoned.zonedStart('2026-12-03', '08:00', 'UTC'), '2026-12-03T08:00:00+00:00');
  // Either side of New York's spring change (2026-03-08 02:00 -> 03:00).
  assert.equal(zoned.zonedStart('2026-03-08', '01:30', 'America/New_York'), '2026-03-08T01:30:00-05:00');
  assert.equal(zoned.zonedStart('2026-03-08', '03:30', 'America/New_York'), '2026-03-08T03:30:00-04:00');
  assert.equal(zoned.zonedStart('', '10:00', 'UTC'), null);
  assert.equal(zoned.zonedStart('2026-12-03', '10', 'UTC'), null);
});

test('dueOf: what a booking still owes (a pay link only then)', () => {
  assert.equal(bookingsModel.dueOf({ status: 'confirmed', total: 8000, paid_amount: 0 }), 8000);
  assert.equal(bookingsModel.dueOf({ status: 'confirmed', total: 8000, paid_amount: 2000 }), 6000);
  assert.equal(bookingsModel.dueOf({ status: 'confirmed', total: 8000, paid_amount: 8000 }), 0);
  assert.equal(bookingsModel.dueOf({ status: 'cancelled', total: 8000, paid_amount: 0 }), 0);
  assert.equal(bookingsModel.dueOf({ status: 'confirmed', paid_amount: 0 }), 0);
});

test("phoneField: the server's error field -> the phone booking form's field", () => {
  assert.equal(bookingsModel.phoneField('start'), 'time');
  assert.equal(bookingsModel.phoneField('booking.start'), 'time'); // the core's off_grid
  assert.equal(bookingsModel.phoneField('booking.customer.email'), 'email');
  assert.equal(bookingsModel.phoneField('customer.email'), 'email');
  assert.equal(bookingsModel.phoneField('customer.name'), 'name');
  assert.equal(bookingsModel.phoneField('service'), 'service');
  assert.equal(bookingsModel.phoneField('staff'), 'staff');
  assert.equal(bookingsModel.phoneField('booking.quantity'), 'quantity'); // the core's quantity_over_limit
  assert.equal(bookingsModel.phoneField('booking.addons[1]'), 'addons');
  assert.equal(bookingsModel.phoneField('addons'), 'addons');
  assert.equal(bookingsModel.phoneField('booking.tip'), '');
  assert.equal(bookingsModel.phoneField(undefined), '');
});

test('seats and takesQuantity: a group service asks for whole seats from 1', () => {
  assert.equal(bookingsModel.takesQuantity({ capacity: 4 }), true);
  assert.equal(bookingsModel.takesQuantity({ capacity: 1 }), false);
  assert.equal(bookingsModel.takesQuantity({}), false);
  assert.equal(bookingsModel.takesQuantity(undefined), false);
  assert.equal(bookingsModel.seats(' 3 '), 3);
  for (const bad of ['0', '-1', '1.5', '', 'two', '123456']) assert.equal(bookingsModel.seats(bad), null, bad);
});

test("languageName: the customer's language in words for the merchant", () => {
  assert.equal(bookingsModel.languageName('de'), 'German (de)');
  assert.equal(bookingsModel.languageName('pt-BR'), 'Brazilian Portuguese (pt-BR)');
  // Not a tag Intl can read: shown as it is.
  assert.equal(bookingsModel.languageName('not a tag!'), 'not a tag!');
});

test('historyLine: each payment history entry in words, refunds negative', () => {
  const m = (v) => format.money(v, 'usd', 2);
  const t = (iso) => `<${iso}>`;
  const base = { at: '2027-01-15T03:00:00-05:00', currency: 'usd' };
  assert.deepEqual(
    bookingsModel.historyLine(
      {
        ...base,
        type: 'payment',
        amount: 2000,
        payment_intent: 'pi_1',
        for: 'deposit',
        pay_link: null,
        at_source: 'booking_created',
      },
      m,
      t,
    ),
    {
      when: '<2027-01-15T03:00:00-05:00> (when booked)',
      what: 'Deposit paid online',
      amount: '$20.00',
      details: 'pi_1',
    },
  );
  const balance = bookingsModel.historyLine(
    {
      ...base,
      type: 'payment',
      amount: 6000,
      payment_intent: 'pi_2',
      for: 'balance',
      pay_link: 'pl_1',
      at_source: 'recorded',
    },
    m,
    t,
  );
  assert.equal(balance.what, 'Balance paid by pay link');
  assert.equal(balance.when, '<2027-01-15T03:00:00-05:00>');
  assert.deepEqual(
    bookingsModel.historyLine(
      {
        ...base,
        type: 'refund',
        amount: 500,
        id: 're_1',
        status: 'succeeded',
        reason: null,
        application_fee_refunded: null,
        by: 'merchant_or_stripe_dashboard',
      },
      m,
      t,
    ),
    {
      when: '<2027-01-15T03:00:00-05:00>',
      what: 'Refund',
      amount: '−$5.00',
      details: 'succeeded · made by you, here or in the Stripe dashboard · re_1',
    },
  );
  assert.equal(
    bookingsModel.historyLine(
      {
        ...base,
        type: 'refund',
        amount: 500,
        id: null,
        status: 'pending',
        reason: 'customer_cancel',
        application_fee_refunded: false,
        by: 'customer_cancel',
      },
      m,
      t,
    ).details,
    'pending · the customer cancelled · reason: customer cancel · platform fee kept',
  );
  // A balance paid after the cancel, given back by Slotpay on its own charge.
  assert.equal(
    bookingsModel.historyLine(
      {
        ...base,
        type: 'refund',
        amount: 6000,
        id: 're_3',
        status: 'pending',
        reason: 'paid_after_cancel',
        application_fee_refunded: true,
        payment_intent: 'pi_3',
        by: 'slotpay',
      },
      m,
      t,
    ).details,
    'pending · made by Slotpay · reason: paid after cancel · platform fee refunded · on pi_3 · re_3',
  );
  // A refund names the charge it went back to (a deposit, then a balance by link: two).
  assert.equal(
    bookingsModel.historyLine(
      {
        ...base,
        type: 'refund',
        amount: 6000,
        id: 're_2',
        status: 'succeeded',
        reason: null,
        application_fee_refunded: null,
        payment_intent: 'pi_2',
        by: 'merchant_or_stripe_dashboard',
      },
      m,
      t,
    ).details,
    'succeeded · made by you, here or in the Stripe dashboard · on pi_2 · re_2',
  );
  assert.equal(
    bookingsModel.historyLine(
      {
        ...base,
        type: 'dispute',
        amount: 1500,
        id: 'dp_1',
        reason: 'product_not_received',
        status: 'needs_response',
        evidence_due_by: 'D',
        amount_at_stake: 1500,
      },
      m,
      t,
    ).details,
    'needs response · product not received · evidence due by <D>',
  );
  const link = { ...base, type: 'pay_link', amount: 6000, id: 'pl_1', status: 'open', used: false, paid_at: null };
  const now = Date.parse('2027-01-16T00:00:00Z');
  assert.equal(
    bookingsModel.historyLine({ ...link, expires_at: '2027-01-17T00:00:00Z' }, m, t, now).details,
    'not used yet, valid until <2027-01-17T00:00:00Z> · pl_1',
  );
  assert.equal(
    bookingsModel.historyLine({ ...link, expires_at: '2027-01-15T00:00:00Z' }, m, t, now).details,
    'not used, expired · pl_1',
  );
  assert.equal(
    bookingsModel.historyLine({ ...link, status: 'paid', used: true, paid_at: 'P', expires_at: 'E' }, m, t, now)
      .details,
    'used, paid <P> · pl_1',
  );
});

test('fromForm / toForm: "charge the card after the service" only with online payment (issue #11 item 4)', () => {
  const f = { ...model.emptyForm(), id: 'cut', name: 'Cut', price: '45', chargeAfter: true };
  const { service } = model.fromForm(f, 2);
  assert.equal(service.charge_after_service, true);
  assert.equal(model.toForm(service, 2).chargeAfter, true);
  assert.equal(model.fromForm({ ...f, payment: 'external' }, 2).service.charge_after_service, undefined);
  assert.equal(model.fromForm({ ...f, chargeAfter: false }, 2).service.charge_after_service, undefined);
  assert.equal(model.toForm({ id: 'x', name: 'X', price: 100, duration_min: 30 }, 2).chargeAfter, false);
});
