// Issue #12, the calendar feeds end to end: the operator gets each feed's secret URL
// (GET /v1/admin/merchants/{id}/feeds: the merchant's and each staff member's); the feed
// (GET /v1/feeds/{token}.ics) lists the confirmed bookings, parsed here: one VEVENT per
// booking with the confirmation's UID, DTSTART in the merchant's zone with its VTIMEZONE;
// a pending, cancelled or another staff member's booking is not in it; an altered token
// or another link's token is refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-feeds-e2e-'));
const MASTER_KEY = 'c4'.repeat(32);
let mock, srv;

before(async () => {
  mock = await h.startMock();
  const catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  catalog.staff.push({ id: 'ben', name: 'Ben', services: ['consult'] });
  const file = path.join(DIR, 'catalog.json');
  fs.writeFileSync(file, JSON.stringify(catalog));
  srv = await h.startServer(mock, { args: ['--booking-rate', '0', '--seed-merchant', file],
                                    env: { SLOTPAY_MASTER_KEY: MASTER_KEY } });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
  fs.rmSync(DIR, { recursive: true, force: true });
});

// Unfolded content lines (RFC 5545 3.1) grouped by VEVENT: [{UID, DTSTART;TZID=..., ...}].
function parseIcs(text) {
  assert.ok(text.startsWith('BEGIN:VCALENDAR\r\n'), text.slice(0, 80));
  assert.ok(text.endsWith('END:VCALENDAR\r\n'));
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  const events = [];
  let cur = null;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') cur = {};
    else if (l === 'END:VEVENT') { events.push(cur); cur = null; }
    else if (cur) { const i = l.indexOf(':'); cur[l.slice(0, i)] = l.slice(i + 1); }
  }
  return { lines, events };
}

async function feedUrls() {
  const r = await h.api(srv, 'GET', '/v1/admin/merchants/m_e2e/feeds', { headers: { authorization: `Bearer ${h.ADMIN}` } });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function fetchFeed(url) {
  const r = await fetch(url, { signal: AbortSignal.timeout(20000) });
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
}

test('the merchant feed lists confirmed bookings only; the staff feed only theirs', async () => {
  const urls = await feedUrls();
  assert.match(urls.merchant, /^http:\/\/127\.0\.0\.1:\d+\/v1\/feeds\/[A-Za-z0-9_.-]+\.ics$/);
  assert.deepEqual(urls.staff.map((s) => s.id), ['ana', 'ben']);
  assert.equal(new Set([urls.merchant, ...urls.staff.map((s) => s.url)]).size, 3, 'one URL per feed');
  const feedOf = (id) => urls.staff.find((s) => s.id === id).url;
  assert.equal((await h.api(srv, 'GET', '/v1/admin/merchants/m_e2e/feeds')).status, 401);

  const startAna = h.slotStart(30, '10:00');
  const ana = await h.book(srv, 'consult', startAna, { staff: 'ana' });
  assert.equal(ana.status, 201, ana.text);
  assert.equal(ana.body.booking.status, 'confirmed');
  const ben = await h.book(srv, 'consult', h.slotStart(30, '11:00'), { staff: 'ben' });
  assert.equal(ben.body.booking.status, 'confirmed');
  const gone = await h.book(srv, 'consult', h.slotStart(30, '12:00'), { staff: 'ana' });
  const cancel = await h.api(srv, 'POST', `/v1/bookings/${gone.body.booking.id}/cancel`, { token: gone.body.access_token });
  assert.equal(cancel.status, 200, cancel.text);
  const unpaid = await h.book(srv, 'cut', h.slotStart(30, '14:00'), { staff: 'ana' });
  assert.equal(unpaid.body.booking.status, 'awaiting_payment');

  const all = await fetchFeed(urls.merchant);
  assert.equal(all.status, 200, all.text);
  assert.match(all.type, /^text\/calendar/);
  const { lines, events } = parseIcs(all.text);
  assert.ok(!lines.some((l) => l.startsWith('METHOD:')), 'a published calendar: no METHOD');
  assert.ok(lines.includes('X-WR-CALNAME:E2E Studio'), lines.join('\n'));
  assert.ok(lines.includes('BEGIN:VTIMEZONE') && lines.includes('TZID:America/New_York'));
  const uids = events.map((e) => e.UID).sort();
  const host = uids[0]?.split('@')[1];
  assert.deepEqual(uids, [`${ana.body.booking.id}@${host}`, `${ben.body.booking.id}@${host}`].sort());
  const anaEvent = events.find((e) => e.UID.startsWith(ana.body.booking.id));
  // 10:00 New York wall clock, written with the zone's TZID.
  assert.equal(anaEvent['DTSTART;TZID=America/New_York'], startAna.slice(0, 16).replace(/[-:]/g, '') + '00');
  assert.equal(anaEvent.STATUS, 'CONFIRMED');
  assert.match(anaEvent.SUMMARY, /Free consultation/);

  const anaFeed = parseIcs((await fetchFeed(feedOf('ana'))).text);
  assert.deepEqual(anaFeed.events.map((e) => e.UID.split('@')[0]), [ana.body.booking.id]);
  assert.ok(anaFeed.lines.includes('X-WR-CALNAME:E2E Studio - Ana'));
  const benFeed = parseIcs((await fetchFeed(feedOf('ben'))).text);
  assert.deepEqual(benFeed.events.map((e) => e.UID.split('@')[0]), [ben.body.booking.id]);
});

test('an altered token, a manage token and a wrong suffix are refused', async () => {
  const urls = await feedUrls();
  const token = urls.merchant.match(/\/v1\/feeds\/(.+)\.ics$/)[1];
  const [payload, mac] = token.split('.');
  const altered = `${payload}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
  const bad = await h.api(srv, 'GET', `/v1/feeds/${altered}.ics`);
  assert.equal(bad.status, 404, bad.text);
  assert.equal(bad.body.error.code, 'link_bad_signature');
  const noSuffix = await h.api(srv, 'GET', `/v1/feeds/${token}`);
  assert.equal(noSuffix.status, 404);
  // A feed token is not a manage token, and the other way round.
  const asManage = await h.api(srv, 'GET', `/v1/manage/${token}`);
  assert.equal(asManage.status, 404);
  assert.equal(asManage.body.error.code, 'link_wrong_purpose');
});
