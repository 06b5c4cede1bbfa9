// Issue #12, the outbox end to end: slotpay-server sends through a real SMTP server
// (aiosmtpd, Debian python3-aiosmtpd, on a free loopback port, refusing the first two
// messages with 451) and the messages are parsed with Python's email package:
//   - a paid booking confirmed by the webhook gets one confirmation (the .ics parsed, its
//     times checked against the booking), delivered once although the server refused
//     twice, and a copy to the merchant's contact email;
//   - a free booking confirmed at once gets its email too; a cancelled paid booking gets
//     the cancellation (METHOD:CANCEL);
//   - header injection through the customer's name adds no header;
//   - /metrics counts the outbox; /demo/outbox lists it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';
import * as mail from './mail_sink.mjs';

const MAIL_DIR_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-outbox-e2e-'));
const FROM = 'bookings@platform.example';
const MERCHANT_EMAIL = 'owner@e2e-studio.example';

let mock, srv, sink;
let sinkDirs = 0;

const startSink = (refusals, reply) =>
  mail.startSink(path.join(MAIL_DIR_ROOT, `maildir${sinkDirs++}`), { refusals, ...(reply ? { reply } : {}) });
const delivered = (maildir = sink.maildir) => mail.delivered(maildir);

const mailsFor = (addr, maildir) => delivered(maildir).filter((m) => m.to.includes(addr));

// iCalendar lines unfolded (RFC 5545 3.1), as [name-with-params, value].
function icsLines(text) {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  assert.ok(!/[^\r]\n/.test(unfolded), 'every line ends with CRLF');
  return unfolded.split('\r\n').filter(Boolean).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i), l.slice(i + 1)];
  });
}

// The wall-clock "YYYYMMDDTHHMMSS" of an RFC 3339 start in New York (the merchant's zone).
function nyWallClock(rfc3339) {
  const d = new Date(rfc3339);
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}${p.month}${p.day}T${p.hour}${p.minute}${p.second}`;
}

before(async () => {
  mock = await h.startMock();
  sink = await startSink(0);
  const catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  catalog.merchant.contact_email = MERCHANT_EMAIL;
  const catalogFile = path.join(MAIL_DIR_ROOT, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(catalog));
  srv = await h.startServer(mock, {
    args: ['--booking-rate', '0', '--seed-merchant', catalogFile, '--smtp-url', `smtp://127.0.0.1:${sink.port}`,
           '--mail-interval-ms', '100', '--mail-retry-s', '1'],
    env: { SMTP_FROM: FROM },
  });
});
after(async () => {
  await srv?.stop();
  await sink?.stop();
  await mock?.close();
  fs.rmSync(MAIL_DIR_ROOT, { recursive: true, force: true });
});

async function pay(created, stripeMock = mock) {
  return h.stripeApi(stripeMock, 'POST', `/v1/payment_intents/${created.booking.payment.payment_intent}/confirm`,
                     { payment_method: 'pm_card_visa' });
}

async function metrics(server = srv) {
  const r = await h.api(server, 'GET', '/metrics', { headers: { authorization: `Bearer ${h.ADMIN}` } });
  assert.equal(r.status, 200);
  return r.text;
}

test('a paid booking confirmed by webhook: one email with a parseable .ics, sent once after two refusals', async () => {
  // A server of its own (no merchant contact email: one message) on a sink that
  // refuses the first two attempts with 451.
  // Its own Stripe mock too: the mock sends webhooks to one server.
  const refusing = await startSink(2);
  const ownMock = await h.startMock();
  const one = await h.startServer(ownMock, {
    args: ['--booking-rate', '0', '--smtp-url', `smtp://127.0.0.1:${refusing.port}`,
           '--mail-interval-ms', '100', '--mail-retry-s', '1'],
    env: { SMTP_FROM: FROM },
  });
  try {
    const start = h.slotStart(20, '10:00');
    const addr = 'paid1@example.com';
    const r = await h.book(one, 'cut', start, { customer: { name: 'Zoë Payer', email: addr } });
    assert.equal(r.status, 201, r.text);
    // Nothing is queued for a hold.
    await h.sleep(300);
    assert.equal(delivered(refusing.maildir).length, 0);
    assert.match(await metrics(one), /slotpay_outbox_messages\{status="queued"\} 0/);
    assert.equal((await pay(r.body, ownMock)).body.status, 'succeeded');
    assert.ok(await h.waitFor(async () => (await h.bookingStatus(one, r.body))?.status === 'confirmed'));

    const got = await h.waitFor(() => { const m = mailsFor(addr, refusing.maildir); return m.length ? m : null; },
                                { timeoutMs: 20000 });
    assert.ok(got, 'confirmation delivered; sink log:\n' + refusing.logs() + '\nserver:\n' + one.logs.slice(-3000));
    // Give the worker time for a duplicate, should there be one.
    await h.sleep(1500);
    const all = delivered(refusing.maildir);
    assert.equal(all.length, 1, 'delivered exactly once');
    const m = all[0];
    assert.deepEqual(m.defects, []);
    assert.deepEqual(m.to, [addr]);
    assert.match(m.subject, /Haircut/);
    assert.match(m.from, /E2E Studio/);
    assert.ok(m.from.includes(FROM));
    assert.match(m.text, /Haircut/);
    assert.equal(m.calendar_params.method, 'REQUEST');

    const ics = icsLines(m.calendar);
    const get = (name) => ics.filter(([k]) => k === name || k.startsWith(name + ';'));
    assert.deepEqual(get('METHOD').map(([, v]) => v), ['REQUEST']);
    assert.deepEqual(get('UID').map(([, v]) => v), [`${r.body.booking.id}@platform.example`]);
    assert.deepEqual(get('SEQUENCE').map(([, v]) => v), ['0']);
    const [dtstart] = get('DTSTART').filter(([k]) => k.includes('TZID'));
    assert.ok(dtstart, 'DTSTART with TZID');
    assert.equal(dtstart[0], 'DTSTART;TZID=America/New_York');
    assert.equal(dtstart[1], nyWallClock(start));
    const [dtend] = get('DTEND');
    assert.equal(dtend[1], nyWallClock(new Date(Date.parse(start) + 45 * 60000).toISOString()));
    // The zone's rules travel with it: a VTIMEZONE with both of New York's offsets.
    assert.ok(ics.find(([k, v]) => k === 'TZID' && v === 'America/New_York'), 'VTIMEZONE for the TZID');
    assert.ok(ics.some(([k, v]) => k === 'BEGIN' && v === 'STANDARD'));
    assert.ok(ics.some(([k, v]) => k === 'BEGIN' && v === 'DAYLIGHT'));
    assert.ok(get('TZOFFSETTO').some(([, v]) => v === '-0500'));
    assert.ok(get('TZOFFSETTO').some(([, v]) => v === '-0400'));

    // Counted: two refusals of that message, then sent once; nothing left pending.
    const text = await h.waitFor(async () => {
      const t = await metrics(one);
      return /slotpay_outbox_messages\{status="sent"\} 1/.test(t) ? t : null;
    });
    assert.ok(text, 'outbox drained');
    assert.match(text, /slotpay_emails_total\{kind="booking_confirmed",result="retry"\} 2/);
    assert.match(text, /slotpay_emails_total\{kind="booking_confirmed",result="sent"\} 1/);
    assert.match(text, /slotpay_outbox_messages\{status="queued"\} 0/);
    assert.match(refusing.logs() + one.logs, /"smtp_code":451/);
  } finally {
    await one.stop();
    await refusing.stop();
    await ownMock.close();
  }
});

test('a free booking confirmed at once gets its email; a cancelled paid booking its cancellation', async () => {
  const freeAddr = 'free1@example.com';
  const free = await h.book(srv, 'consult', h.slotStart(21, '11:00'), { customer: { name: 'Free Person', email: freeAddr } });
  assert.equal(free.status, 201, free.text);
  assert.equal(free.body.booking.status, 'confirmed');
  const got = await h.waitFor(() => { const m = mailsFor(freeAddr); return m.length ? m : null; });
  assert.equal(got?.length, 1);
  assert.match(got[0].subject, /Free consultation/);
  assert.ok(got[0].reply_to.includes(MERCHANT_EMAIL));
  // The merchant's copy went to the catalog's contact email.
  const copy = await h.waitFor(() => mailsFor(MERCHANT_EMAIL).find((c) => c.text.includes('Free Person')) ?? null);
  assert.ok(copy, 'merchant copy: ' + JSON.stringify(mailsFor(MERCHANT_EMAIL).map((c) => c.subject)));

  const addr = 'paid2@example.com';
  const paid = await h.book(srv, 'cut', h.slotStart(25, '15:00'), { customer: { name: 'Second Payer', email: addr } });
  assert.equal(paid.status, 201, paid.text);
  await pay(paid.body);
  assert.ok(await h.waitFor(async () => (await h.bookingStatus(srv, paid.body))?.status === 'confirmed'));
  assert.ok(await h.waitFor(() => mailsFor(addr).length === 1));
  const c = await h.api(srv, 'POST', `/v1/bookings/${paid.body.booking.id}/cancel`, { token: paid.body.access_token });
  assert.equal(c.status, 200, c.text);
  const both = await h.waitFor(() => { const m = mailsFor(addr); return m.length === 2 ? m : null; });
  assert.ok(both, 'cancellation delivered');
  const cancel = both.find((m) => m.calendar_params?.method === 'CANCEL');
  assert.ok(cancel, 'a METHOD:CANCEL calendar part');
  const ics = icsLines(cancel.calendar);
  assert.ok(ics.some(([k, v]) => k === 'METHOD' && v === 'CANCEL'));
  assert.ok(ics.some(([k, v]) => k === 'UID' && v === `${paid.body.booking.id}@platform.example`));
  assert.ok(ics.some(([k, v]) => k === 'SEQUENCE' && v === '1'));
});

test('header injection in the customer name adds no header', async () => {
  // CR/LF are refused by the core before anything is stored.
  const crlf = await h.book(srv, 'consult', h.slotStart(22, '09:00'),
                            { customer: { name: 'Eve\r\nBcc: attacker@evil.example', email: 'eve1@example.com' } });
  assert.equal(crlf.status, 400, crlf.text);
  assert.equal(crlf.body.error.field, 'booking.customer.name');
  // What the core lets through (Unicode line breaks, "Bcc:" and address-like text) stays
  // inside the To: header's display name.
  const names = ['Eve\u2028Bcc: attacker@evil.example', 'Eve\u0085Bcc: attacker@evil.example',
                 '"Eve" <attacker@evil.example>, Bcc: attacker@evil.example'];
  for (const [i, name] of names.entries()) {
    const addr = `eve${i + 2}@example.com`;
    const r = await h.book(srv, 'consult', h.slotStart(22, `1${i}:00`), { customer: { name, email: addr } });
    assert.equal(r.status, 201, r.text);
    const got = await h.waitFor(() => { const m = mailsFor(addr); return m.length ? m : null; });
    assert.ok(got, `delivered to ${addr}`);
    const m = got[0];
    assert.deepEqual(m.defects, []);
    // (X-Peer, X-MailFrom, X-RcptTo are the sink's own, added on receipt.)
    const headerNames = m.headers.map(([k]) => k.toLowerCase()).filter((k) => !['x-peer', 'x-mailfrom', 'x-rcptto'].includes(k));
    assert.ok(!headerNames.includes('bcc'), `no Bcc header: ${JSON.stringify(m.headers)}`);
    assert.equal(headerNames.filter((k) => k === 'to').length, 1);
    assert.deepEqual(m.to, [addr], 'one recipient, the customer');
    // Exactly the builder's header fields, nothing added.
    assert.deepEqual(headerNames.filter((k) => !['from', 'to', 'reply-to', 'subject', 'date', 'message-id',
                                                  'mime-version', 'auto-submitted', 'content-type'].includes(k)), []);
  }
  // Nothing ever went to the attacker's address.
  assert.equal(mailsFor('attacker@evil.example').length, 0);
});

test('/demo/outbox lists the messages and shows one (demo only)', async () => {
  const list = await h.api(srv, 'GET', '/demo/outbox');
  assert.equal(list.status, 200);
  assert.match(list.headers.get('content-type'), /text\/html/);
  assert.match(list.headers.get('content-security-policy'), /sandbox/);
  const id = list.text.match(/\/demo\/outbox\/(msg_[0-9a-f]+)/)?.[1];
  assert.ok(id, list.text.slice(0, 500));
  assert.match(list.text, /Haircut/);
  const one = await h.api(srv, 'GET', `/demo/outbox/${id}`);
  assert.equal(one.status, 200);
  assert.match(one.text, /<html/i);
  const source = await h.api(srv, 'GET', `/demo/outbox/${id}/source`);
  assert.equal(source.status, 200);
  assert.match(source.text, /^From: /);
  assert.equal((await h.api(srv, 'GET', '/demo/outbox/msg_nope')).status, 404);
  // The SMTP password never reaches the logs (none was set here; the URL has no
  // credentials by rule): the URL is logged, the worker is on.
  assert.match(srv.logs, /"outbox sending"/);
});
