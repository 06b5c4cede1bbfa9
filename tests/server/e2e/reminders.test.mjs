// Issue #12, reminders end to end: bookings made days ahead get their reminder email
// `reminder_hours` (24) before the start, through a real SMTP server (mail_sink.mjs).
// The server is restarted on the same database with its clock moved ahead
// (--test-clock-offset-s, demo only) to just after the reminder time of one booking:
//   - that booking's customer gets one reminder (subject, booking id, manage link);
//   - a booking cancelled before then, and one whose reminder is days later, get none;
//   - a second restart (another instance, later still) sends no second reminder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';
import * as mail from './mail_sink.mjs';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-reminders-e2e-'));
const FROM = 'bookings@platform.example';
let mock, sink, catalogFile;
const db = path.join(DIR, 'reminders.db');

function start(offsetS = 0) {
  return h.startServer(mock, {
    db,
    args: ['--booking-rate', '0', '--seed-merchant', catalogFile, '--smtp-url', `smtp://127.0.0.1:${sink.port}`,
           '--mail-interval-ms', '100', '--mail-retry-s', '1',
           ...(offsetS ? ['--test-clock-offset-s', String(offsetS)] : [])],
    env: { SMTP_FROM: FROM },
  });
}

const remindersTo = (email) =>
  mail.delivered(sink.maildir).filter((m) => m.to.includes(email) && /^Reminder/.test(m.subject));

async function book(srv, start) {
  const req = h.bookingRequest('consult', start);
  const r = await h.api(srv, 'POST', '/v1/merchants/m_e2e/bookings', { body: req });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.booking.status, 'confirmed', 'accept_unconfirmed: confirmed at once');
  return { ...r.body, email: req.customer.email, start };
}

before(async () => {
  mock = await h.startMock();
  sink = await mail.startSink(path.join(DIR, 'maildir'));
  const catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  catalog.merchant.reminder_hours = 24;
  catalogFile = path.join(DIR, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(catalog));
});
after(async () => {
  await sink?.stop();
  await mock?.close();
  if (!process.env.KEEP) fs.rmSync(DIR, { recursive: true, force: true });
});

test('a reminder 24 h before the start, once; none for a cancelled booking or a later one', async () => {
  let srv = await start();
  let due, cancelled, later;
  try {
    cancelled = await book(srv, h.slotStart(2, '10:00'));
    due = await book(srv, h.slotStart(3, '10:00'));
    later = await book(srv, h.slotStart(6, '10:00'));
    const c = await h.api(srv, 'POST', `/v1/bookings/${cancelled.booking.id}/cancel`,
                          { token: cancelled.access_token });
    assert.equal(c.status, 200, c.text);
    // Nothing is due yet: no reminder at booking time.
    await h.sleep(600);
    assert.equal(remindersTo(due.email).length + remindersTo(cancelled.email).length, 0);
  } finally {
    await srv.stop();
  }

  // The clock a minute past the due booking's reminder time (24 h before its start).
  const remindAt = Date.parse(due.start) - 24 * 3600 * 1000 + 60 * 1000;
  const offsetS = Math.ceil((remindAt - Date.now()) / 1000);
  assert.ok(offsetS > 3600, `a clock offset of ${offsetS} s`);
  srv = await start(offsetS);
  try {
    const got = await h.waitFor(() => remindersTo(due.email).length > 0, { timeoutMs: 15000, stepMs: 150 });
    assert.ok(got, 'no reminder for the due booking');
    const [r] = remindersTo(due.email);
    assert.match(r.subject, /Free consultation/);
    assert.ok(r.text.includes(due.booking.id), 'the booking reference is in the reminder');
    assert.match(r.text, /\/manage\.html#/, 'the manage link is in the reminder');
    assert.equal(r.calendar, null, 'no second .ics');
    assert.equal(r.defects.length, 0);
    await h.sleep(600);
    assert.equal(remindersTo(cancelled.email).length, 0, 'a cancelled booking gets no reminder');
    assert.equal(remindersTo(later.email).length, 0, 'not due yet');
  } finally {
    await srv.stop();
  }

  // Another instance, later still: the reminder was taken once for all.
  srv = await start(offsetS + 3600);
  try {
    await h.sleep(1500);
    assert.equal(remindersTo(due.email).length, 1, 'one reminder, not two');
    assert.equal(remindersTo(later.email).length, 0);
  } finally {
    await srv.stop();
  }
});
