// Generated bad-input cases, from the demo catalog and the contract's quote.
// Each: {name, op, input (string), field?, code?}.

function setPath(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[/^\d+$/.test(k) ? Number(k) : k];
  o[keys.at(-1)] = value;
}
const wirePath = (p) => p.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

export function generatedCases(catalogText) {
  const catalog = JSON.parse(catalogText);
  const booking = { service: 'cut', staff: 'any', start: '2026-12-01T10:00:00-05:00', quantity: 1,
                    addons: ['wash'], coupon: 'WELCOME10', tip: 0 };
  const valid = JSON.stringify({ catalog, booking });
  const cases = [];

  // Truncated JSON at many points.
  for (let i = 1; i < valid.length; i += Math.ceil(valid.length / 40))
    cases.push({ name: `truncated@${i}`, op: 'quote', input: valid.slice(0, i), code: 'invalid_json' });

  // Wrong types for every field that matters, each reported at its own path.
  const typed = [
    'catalog.merchant.id', 'catalog.merchant.currency', 'catalog.merchant.timezone',
    'catalog.merchant.platform_fee.rate_bps', 'catalog.merchant.platform_fee.fixed',
    'catalog.merchant.min_charge_policy', 'catalog.schedule.slot_interval_min',
    'catalog.services.0.price', 'catalog.services.0.duration_min', 'catalog.services.0.capacity',
    'catalog.services.0.deposit.rate_bps', 'catalog.services.0.tax.rate_bps', 'catalog.services.0.tax.inclusive',
    'catalog.services.0.addons.0.price', 'catalog.services.0.payment', 'catalog.coupons.0.rate_bps',
    'booking.service', 'booking.quantity', 'booking.tip', 'booking.coupon', 'booking.addons',
    'catalog.services.0.cancellation.free_until_min', 'catalog.staff.0.services',
  ];
  const wrongValues = [['string', 'abc'], ['object', { a: 1 }], ['array', [1]], ['bool', true], ['float', 1.5]];
  for (const path of typed) {
    for (const [label, value] of wrongValues) {
      const req = JSON.parse(valid);
      setPath(req, path, value);
      // Some wrong values are right for string fields; skip those combinations.
      const current = path.split('.').reduce((o, k) => o?.[k], JSON.parse(valid));
      if (typeof current === typeof value && !Array.isArray(value) && !(typeof value === 'number')) continue;
      cases.push({ name: `${path}=${label}`, op: 'quote', input: JSON.stringify(req), field: wirePath(path) });
    }
  }

  // Amounts: negative, fractional, enormous, beyond int64, beyond double.
  const amounts = [['negative', -100, 'invalid_amount'], ['fraction', 45.5, 'invalid_amount'],
                   ['1e15', 1e15, 'amount_overflow'], ['2^63', '9223372036854775808', 'amount_overflow'],
                   ['1e400', '1e400', null], ['-2^63', '-9223372036854775809', null]];
  for (const path of ['catalog.services.0.price', 'booking.tip', 'catalog.services.0.addons.0.price',
                      'catalog.merchant.platform_fee.fixed', 'catalog.coupons.1.fixed']) {
    for (const [label, value, code] of amounts) {
      const req = JSON.parse(valid);
      setPath(req, path, '__N__');
      const input = JSON.stringify(req).replace('"__N__"', String(value));
      cases.push({ name: `${path}=${label}`, op: 'quote', input, field: code ? wirePath(path) : undefined,
                   code: code ?? undefined });
    }
  }

  // Quantities far beyond any capacity.
  for (const q of [0, -1, 1e12, 10001]) {
    const req = JSON.parse(valid); req.booking.quantity = q;
    cases.push({ name: `quantity=${q}`, op: 'quote', input: JSON.stringify(req), field: 'booking.quantity' });
  }

  // Unknown things.
  for (const [path, value, code] of [
    ['catalog.merchant.currency', 'xxx', 'unknown_currency'], ['catalog.merchant.currency', 'USD', 'unknown_currency'],
    ['booking.service', 'nope', 'unknown_service'], ['booking.coupon', 'NOPE', 'unknown_coupon'],
    ['booking.staff', 'zed', 'unknown_staff'], ['catalog.services.0.deposite', {}, 'unknown_field'],
    ['booking.amount', 1, 'unknown_field'], ['catalog.merchant.min_charge_policy', 'maybe', 'invalid_field']]) {
    const req = JSON.parse(valid);
    setPath(req, path, value);
    cases.push({ name: `${path}=${JSON.stringify(value)}`, op: 'quote', input: JSON.stringify(req),
                 field: wirePath(path), code });
  }

  // Shapes that are not requests at all.
  for (const [name, input] of [['empty', ''], ['null', 'null'], ['number', '42'], ['array', '[]'],
                               ['string', '"quote"'], ['bom', '\ufeff{}'], ['nul', '{"a":"\u0000'],
                               ['invalid-utf8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])]]) {
    for (const op of ['quote', 'currency'])
      cases.push({ name: `${op}:${name}`, op, input });
  }
  cases.push({ name: 'empty-object', op: 'quote', input: '{}', field: 'catalog', code: 'missing_field' });
  cases.push({ name: 'currency-missing', op: 'currency', input: '{}', field: 'currency' });
  cases.push({ name: 'unknown-op', op: 'refund_everything', input: '{}', code: 'unknown_operation' });

  // Size and depth attacks.
  cases.push({ name: 'deep-array', op: 'quote', input: '['.repeat(100000) + ']'.repeat(100000), code: 'input_too_large' });
  cases.push({ name: 'deep-object', op: 'quote', input: '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), code: 'input_too_large' });
  cases.push({ name: '8MB-string', op: 'quote', input: JSON.stringify({ catalog, booking, pad: 'x'.repeat(8 << 20) }), code: 'input_too_large' });
  const manyServices = JSON.parse(valid);
  manyServices.catalog.services = Array.from({ length: 5000 }, (_, i) => ({ ...catalog.services[3], id: `s${i}` }));
  cases.push({ name: '5000-services', op: 'quote', input: JSON.stringify(manyServices), field: 'catalog.services', code: 'input_too_large' });
  const longName = JSON.parse(valid); longName.catalog.merchant.name = 'n'.repeat(10000);
  cases.push({ name: 'long-name', op: 'quote', input: JSON.stringify(longName), field: 'catalog.merchant.name' });
  return cases;
}
