// The widget's message catalogs (web/src/i18n): complete, with the same placeholders as
// English, plural forms that exist in each language; locale choice and formatting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadTs, SRC } from './lib/load_ts.mjs';

const i18n = await loadTs('i18n/index');
const { en } = await loadTs('i18n/en');
const LANGS = ['es', 'fr', 'de', 'pt-BR', 'ja', 'ar'];
const catalogs = Object.fromEntries(
  await Promise.all(LANGS.map(async (l) => [l, Object.values(await loadTs(`i18n/${l}`))[0]])),
);
const placeholders = (m) =>
  [
    ...new Set([...(typeof m === 'string' ? [m] : Object.values(m)).join(' ').matchAll(/\{(\w+)\}/g)].map((x) => x[1])),
  ].sort();

test('every language of LANGUAGES has a catalog file, and every catalog file a language', () => {
  const files = fs
    .readdirSync(path.join(SRC, 'i18n'))
    .filter((f) => !['index.ts', 'en.ts'].includes(f))
    .map((f) => f.slice(0, -3));
  assert.deepEqual(files.sort(), [...LANGS].sort());
  assert.deepEqual([...i18n.LANGUAGES].sort(), ['en', ...LANGS].sort());
});

for (const lang of LANGS) {
  test(`${lang}: same keys as English, same placeholders, real translations, valid plural forms`, () => {
    const c = catalogs[lang];
    assert.deepEqual(Object.keys(c).sort(), Object.keys(en).sort());
    const rules = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    let same = 0;
    for (const [k, m] of Object.entries(c)) {
      const enPh = placeholders(en[k]);
      const ph = placeholders(m);
      // A plural form may spell out its number ("una", "دقيقتان") instead of {count}.
      if (typeof m === 'string') assert.deepEqual(ph, enPh, `${lang}.${k} placeholders`);
      else {
        assert.deepEqual(
          ph.filter((p) => p !== 'count'),
          enPh.filter((p) => p !== 'count'),
          `${lang}.${k} placeholders`,
        );
        assert.ok(typeof m.other === 'string', `${lang}.${k} has "other"`);
        for (const form of Object.keys(m))
          assert.ok(rules.includes(form), `${lang}.${k}: ${form} is not a plural form of ${lang}`);
      }
      assert.ok((typeof m === 'string' ? m : m.other).trim().length > 0, `${lang}.${k} empty`);
      if (JSON.stringify(m) === JSON.stringify(en[k])) same++;
    }
    // Some messages are the same in every language ("{name}", "{name} · {duration} · {price}", "Total").
    assert.ok(same <= 8, `${lang}: ${same} messages identical to English: untranslated?`);
  });
}

test('resolveLocale: option first, then the browser; exact, by language, else English', () => {
  const r = i18n.resolveLocale;
  assert.deepEqual(r(['es']), { lang: 'es', intl: 'es' });
  assert.deepEqual(r(['es-MX']), { lang: 'es', intl: 'es-MX' });
  assert.deepEqual(r(['pt-PT']), { lang: 'pt-BR', intl: 'pt-PT' });
  assert.deepEqual(r(['pt-br']), { lang: 'pt-BR', intl: 'pt-BR' });
  assert.deepEqual(r(['en-GB', 'fr']), { lang: 'en', intl: 'en-GB' });
  assert.deepEqual(r([undefined, 'it-IT', 'de-AT']), { lang: 'de', intl: 'de-AT' });
  assert.deepEqual(r(['ar-EG']), { lang: 'ar', intl: 'ar-EG' });
  assert.deepEqual(r(['it', 'not a locale!', '']), { lang: 'en', intl: 'en' });
  assert.deepEqual(r([]), { lang: 'en', intl: 'en' });
});

test('I18n: placeholders, plurals by Intl.PluralRules (Arabic has six forms), direction, errors by code', () => {
  const en1 = new i18n.I18n({ lang: 'en', intl: 'en-US' });
  assert.equal(en1.t('title', { merchant: 'Demo Salon' }), 'Book with Demo Salon');
  assert.equal(en1.t('seatsLeft', { count: 1 }), '1 left');
  assert.equal(en1.t('seatsLeft', { count: 1200 }), '1,200 left');
  assert.equal(en1.dir, 'ltr');
  const ar = new i18n.I18n({ lang: 'ar', intl: 'ar' }, { ...en, ...catalogs.ar });
  assert.equal(ar.dir, 'rtl');
  const arabic = (n) => new Intl.NumberFormat('ar').format(n);
  assert.equal(ar.t('seatsLeft', { count: 0 }), 'لم يتبق أي مكان');
  assert.equal(ar.t('seatsLeft', { count: 1 }), 'تبقى مكان واحد');
  assert.equal(ar.t('seatsLeft', { count: 2 }), 'تبقى مكانان');
  // Right to left: every parameter bidi-isolated (FSI ... PDI).
  const iso = (x) => `\u2068${x}\u2069`;
  assert.equal(ar.t('seatsLeft', { count: 3 }), `تبقى ${iso(arabic(3))} أماكن`);
  assert.equal(ar.t('seatsLeft', { count: 11 }), `تبقى ${iso(arabic(11))} مكانًا`);
  assert.equal(ar.t('seatsLeft', { count: 100 }), `تبقى ${iso(arabic(100))} مكان`);
  assert.equal(ar.t('title', { merchant: 'Demo Salon' }), `احجز لدى ${iso('Demo Salon')}`);
  const fr = new i18n.I18n({ lang: 'fr', intl: 'fr' }, { ...en, ...catalogs.fr });
  assert.equal(fr.t('seatsLeft', { count: 1 }), '1 place restante');
  assert.equal(fr.t('seatsLeft', { count: 4 }), '4 places restantes');
  // Errors: by code; the server's English message only in English; a generic line otherwise.
  const e = { code: 'slot_unavailable', field: 'booking.start', message: 'slot taken' };
  assert.equal(fr.error(e), catalogs.fr.e_slot_unavailable);
  assert.equal(en1.error({ code: 'brand_new_code', field: '', message: 'Server words.' }), 'Server words.');
  assert.equal(fr.error({ code: 'brand_new_code', field: '', message: 'Server words.' }), catalogs.fr.e_generic);
  assert.equal(en1.error({ code: 'brand_new_code', field: '', message: '' }), en.e_generic);
});

test('every error code the server maps (server/http/errors.cpp) is either translated or deliberately left generic', () => {
  const src = fs.readFileSync(path.join(SRC, '..', '..', 'server', 'http', 'errors.cpp'), 'utf8');
  const codes = [...src.matchAll(/\{"([a-z_]+)", *\d+\}/g)].map((m) => m[1]);
  assert.ok(codes.length > 30);
  // Codes a customer can never cause from the widget (bad JSON, admin, webhooks, routing).
  const internal = new Set([
    'invalid_json',
    'invalid_field',
    'unknown_field',
    'input_too_large',
    'payload_too_large',
    'unsupported_media_type',
    'unauthorized',
    'forbidden_origin',
    'booking_not_found',
    'not_found',
    'method_not_allowed',
    'unknown_service',
    'unknown_staff',
    'unknown_addon',
    'unknown_currency',
    'unknown_timezone',
    'invalid_time',
    'invalid_date',
    'invalid_range',
    'amount_overflow',
    'invalid_catalog', // the admin route's
    'token_in_query', // the widget sends the token in Authorization
    'currency_mismatch',
    'off_grid',
    'validation_failed',
    'not_cancellable',
    'conflict',
    'invalid_signature',
    'invalid_event',
    'unknown_operation',
    'not_implemented',
    // The HTTP layer's limits (issue #8): the widget never sends such requests, and a
    // server over its connection cap gets the generic "try again".
    'unsupported_content_encoding',
    'invalid_request',
    'header_too_large',
    'too_many_connections',
    // The database unreachable (issue #14): 503, and the widget's generic "try again" is
    // the right words for it.
    'database_unavailable',
    // extend-hold refused (issue #9): the widget shows nothing for it; the hold's
    // countdown runs out and offers another time.
    'hold_not_extendable',
    // The manage link's own errors (issue #12): only the manage page (manage.ts) gets
    // them, and it words them itself; the widget never calls /v1/manage.
    'link_malformed',
    'link_bad_signature',
    'link_wrong_purpose',
    'link_expired',
    // The merchant's money operations (issue #11): dashboard and API answers, never the
    // widget's.
    'nothing_to_refund',
    'booking_disputed',
    'refund_in_progress',
    'refund_exceeds_remaining',
    'idempotency_key_reused',
    'booking_not_started',
    'booking_not_confirmed',
    // The merchant's Stripe connection (issue #10): the dashboard's routes only.
    'stripe_already_connected',
    'stripe_not_connected',
    'invalid_stripe_key',
    'stripe_mode_mismatch',
    'stripe_key_rejected',
    'live_keys_not_allowed',
    'key_mode_unavailable',
    // The merchant API's own (issue #10): only the dashboard gets them.
    'session_expired',
    'invalid_api_key',
    'api_key_revoked',
    'csrf_failed',
    'forbidden',
    'invalid_credentials',
    'too_many_attempts',
    'email_taken',
    'weak_password',
    'user_not_found',
    'cannot_remove_self',
    'api_key_not_found',
    'server_busy',
    'already_exists',
    'field_not_allowed',
    // The confirmation link's refusal (issue #9): only the manage page's confirm step
    // (manage.ts, #confirm=) gets it, and it words it itself.
    'booking_not_confirmable',
    // The manage link's reschedule (issue #12 item 3): only the manage page gets them,
    // and it words them itself.
    'not_reschedulable',
    'reschedule_window_closed',
    'reschedule_same_start',
    // Merchant webhooks (issue #11 item 7): the merchant API's routes only.
    'webhook_endpoint_not_found',
    'webhook_delivery_not_found',
    'too_many_webhook_endpoints',
    'invalid_url',
    'https_required',
    'forbidden_host',
    'webhooks_unavailable',
    // Pay-by-link (issue #11 item 3): the pay page (pay.ts) words its link's refusals
    // itself, as the manage page does; the others are the merchant API's.
    'pay_link_used',
    'pay_link_expired',
    'pay_link_superseded',
    'booking_not_payable',
    'pay_links_unavailable',
    // The test/live switch (issue #10 item 6): the merchant API's.
    'stripe_not_set_up',
  ]);
  const missing = codes.filter((c) => !internal.has(c) && !(`e_${c}` in en));
  assert.deepEqual(missing, []);
});

test('every message (errors aside: looked up by code) is used by the widget: no dead keys', () => {
  const sources = fs
    .readdirSync(SRC)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.readFileSync(path.join(SRC, f), 'utf8'))
    .join('\n');
  const unused = Object.keys(en).filter((k) => !k.startsWith('e_') && !new RegExp(`['"]${k}['"]`).test(sources));
  assert.deepEqual(unused, []);
});
