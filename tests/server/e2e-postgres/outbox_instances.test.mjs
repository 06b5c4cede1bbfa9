// Issue #14, "outbox messages (emails, merchant webhooks) sent once" across instances:
// three slotpay-server instances on one PostgreSQL database, each with its own outbox
// worker and webhook worker polling every 50-200 ms, one SMTP sink (aiosmtpd, refusing
// the first three messages with 451 so that retries happen too) and one merchant webhook
// receiver (failing its first three deliveries with 503). Bookings made on all three
// instances: every email reaches the sink exactly once (one Message-ID each, the
// customer's confirmation and the merchant's copy per booking), every webhook event is
// accepted by the receiver exactly once, each endpoint's events in the order they were
// made, and the database agrees (nothing left pending, one attempt row per message).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from '../e2e/harness.mjs';
import * as mail from '../e2e/mail_sink.mjs';
import * as pg from './pg.mjs';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-pg-outbox-'));
const OWNER = 'owner@pg-outbox.example';
const PASSWORD = 'correct horse battery staple 42';
const MERCHANT_EMAIL = 'desk@pg-outbox.example';
const BOOKINGS = 24;
const ENV = { SLOTPAY_SEED_OWNER_PASSWORD: PASSWORD, SLOTPAY_MASTER_KEY: 'c7'.repeat(32), SMTP_FROM: 'bookings@platform.example' };

let mock, db, sink;
const receivers = [];
const instances = [];

// Records every delivery; answers 503 while `failures` lasts, then 200, each after
// 20 ms (a real endpoint's latency: while one instance waits on it, another instance's
// worker may take the other endpoint's next delivery).
function startReceiver(failures) {
  const r = { got: [], failures };
  r.server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const status = r.failures > 0 ? 503 : 200;
      if (r.failures > 0) r.failures--;
      r.got.push({ status, body, signature: req.headers['slotpay-signature'] });
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status === 200 ? 'ok' : 'later');
      }, 20);
    });
  });
  return new Promise((resolve) => r.server.listen(0, '127.0.0.1', () => {
    r.url = `http://127.0.0.1:${r.server.address().port}/hooks`;
    resolve(r);
  }));
}

async function metrics(server) {
  const r = await h.api(server, 'GET', '/metrics', { headers: { authorization: `Bearer ${h.ADMIN}` } });
  assert.equal(r.status, 200);
  return r.text;
}

// The sum of a counter's samples whose labels contain `label`.
function counted(text, name, label) {
  return text.split('\n').filter((l) => l.startsWith(name + '{') && l.includes(label))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

before(async () => {
  mock = await h.startMock();
  db = pg.freshDatabase();
  sink = await mail.startSink(path.join(DIR, 'maildir'), { refusals: 3 });
  receivers.push(await startReceiver(3), await startReceiver(0));
  const catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  catalog.merchant.contact_email = MERCHANT_EMAIL;
  const catalogFile = path.join(DIR, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(catalog));
  const common = ['--seed-merchant', catalogFile, '--smtp-url', `smtp://127.0.0.1:${sink.port}`,
                  '--mail-interval-ms', '50', '--mail-retry-s', '1', '--allow-loopback-webhooks',
                  '--webhook-retry-scale', '0.01', '--maintenance-ms', '200'];
  // The first instance creates the owner; the others start on the migrated database.
  instances.push(await pg.startInstance(mock, db, 'inst_a', [...common, '--seed-owner', OWNER], ENV));
  instances.push(await pg.startInstance(mock, db, 'inst_b', common, ENV));
  instances.push(await pg.startInstance(mock, db, 'inst_c', common, ENV));
});
after(async () => {
  for (const s of instances) await s.stop();
  await sink?.stop();
  await mock?.close();
  for (const r of receivers) await new Promise((done) => r.server.close(done));
  fs.rmSync(DIR, { recursive: true, force: true });
});

test('three instances, one outbox: every email and every webhook event delivered once, in order', async () => {
  const signin = await h.api(instances[0], 'POST', '/v1/merchant/signin', { body: { email: OWNER, password: PASSWORD } });
  assert.equal(signin.status, 200, signin.text);
  const headers = { cookie: signin.headers.get('set-cookie').split(';')[0], 'x-csrf-token': signin.body.csrf_token };
  // Two endpoints (two receivers), each subscribed to both events.
  for (const [i, r] of receivers.entries()) {
    const endpoint = await h.api(instances[i], 'POST', '/v1/merchant/webhooks', {
      body: { url: r.url, events: ['booking.created', 'booking.confirmed'] }, headers,
    });
    assert.equal(endpoint.status, 201, endpoint.text);
    r.secret = endpoint.body.secret;
    r.endpoint = endpoint.body.id;
    assert.match(r.secret, /^spwhsec_/);
  }

  // Free bookings (confirmed at once: the catalog accepts unconfirmed bookings), each on
  // its own slot, spread over the three instances, eight at a time.
  const made = await pg.pool(BOOKINGS, 8, async (i) => {
    const start = h.slotStart(10 + Math.floor(i / 8), `${String(9 + (i % 8)).padStart(2, '0')}:00`);
    const email = `pg-outbox-${i}@example.com`;
    const r = await h.book(instances[i % 3], 'consult', start, { customer: { name: `Guest ${i}`, email } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.booking.status, 'confirmed');
    return { id: r.body.booking.id, email };
  });

  // Everything settles: no message or delivery left pending in the shared store.
  const settled = await h.waitFor(() => {
    const [[mails]] = pg.sql(`SELECT count(*) FROM outbox WHERE status <> 'sent'`, db.name);
    const [[hooks]] = pg.sql(`SELECT count(*) FROM webhook_deliveries WHERE state <> 'delivered'`, db.name);
    return mails === '0' && hooks === '0';
  }, { timeoutMs: 90000, stepMs: 250 });
  assert.ok(settled, JSON.stringify({
    outbox: pg.sql(`SELECT status, count(*) FROM outbox GROUP BY status`, db.name),
    hooks: pg.sql(`SELECT state, count(*) FROM webhook_deliveries GROUP BY state`, db.name),
  }));

  // Emails: one customer confirmation per booking and one merchant copy, nothing twice.
  const [[queued]] = pg.sql(`SELECT count(*) FROM outbox`, db.name);
  assert.equal(Number(queued), 2 * BOOKINGS, 'a confirmation and a merchant copy per booking');
  const got = mail.delivered(sink.maildir);
  const ids = got.map((m) => m.message_id);
  assert.equal(new Set(ids).size, ids.length, 'no Message-ID delivered twice');
  assert.equal(got.length, 2 * BOOKINGS, `${got.length} messages in the sink`);
  for (const b of made) {
    assert.equal(got.filter((m) => m.to.includes(b.email)).length, 1, `one confirmation to ${b.email}`);
  }
  assert.equal(got.filter((m) => m.to.includes(MERCHANT_EMAIL)).length, BOOKINGS, 'one merchant copy per booking');
  // Each instance's own count of what it sent: they add up to the messages, once each.
  const sentBy = await Promise.all(instances.map(async (s) => counted(await metrics(s), 'slotpay_emails_total', 'result="sent"')));
  assert.equal(sentBy.reduce((a, b) => a + b, 0), 2 * BOOKINGS, `sent per instance: ${sentBy}`);
  const retriedBy = await Promise.all(instances.map(async (s) => counted(await metrics(s), 'slotpay_emails_total', 'result="retry"')));
  assert.equal(retriedBy.reduce((a, b) => a + b, 0), 3, 'the three messages the sink refused were retried');
  const hooksBy = await Promise.all(instances.map(async (s) =>
    counted(await metrics(s), 'slotpay_webhook_deliveries_total', 'result="delivered"')));
  assert.equal(hooksBy.reduce((a, b) => a + b, 0), 4 * BOOKINGS, `delivered per instance: ${hooksBy}`);
  console.log(`# emails sent per instance ${sentBy.join('/')}, webhook deliveries ${hooksBy.join('/')}`);

  // Webhooks: at each endpoint each event accepted once, verified, and in the order the
  // events were made.
  for (const r of receivers) {
    const accepted = r.got.filter((g) => g.status === 200);
    const events = accepted.map((g) => JSON.parse(g.body));
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'no event accepted twice');
    assert.equal(events.length, 2 * BOOKINGS, 'booking.created and booking.confirmed per booking');
    for (const g of accepted) {
      const parts = Object.fromEntries(g.signature.split(',').map((kv) => kv.split('=')));
      const expected = crypto.createHmac('sha256', r.secret).update(`${parts.t}.${g.body}`).digest('hex');
      assert.equal(parts.v1, expected, 'signed with the endpoint secret');
    }
    const order = pg.sql(`SELECT d.event_id FROM webhook_deliveries d WHERE d.endpoint_id = '${r.endpoint}'
                          ORDER BY d.seq`, db.name).flat();
    assert.deepEqual(events.map((e) => e.id), order, 'delivered in the order the events were made');
    for (const b of made) {
      const mine = events.filter((e) => JSON.stringify(e).includes(b.id)).map((e) => e.type);
      assert.deepEqual(mine, ['booking.created', 'booking.confirmed'], b.id);
    }
  }
  assert.equal(receivers[0].got.filter((g) => g.status === 503).length, 3, 'the first three were refused and retried');
  assert.equal(receivers[1].got.length, 2 * BOOKINGS, 'nothing sent twice to the endpoint that never failed');
});
