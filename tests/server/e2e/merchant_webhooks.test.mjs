// Merchant webhooks (issue #11 item 7) end to end over loopback: a receiver started by the
// test (127.0.0.1, port 0) verifies every Slotpay-Signature with Node's crypto; a booking
// created reaches it as booking.created; a receiver that fails twice then succeeds gets
// the event a third time with the same id, and a later event only after it; resend
// delivers again; the secret is answered once; forbidden URLs are refused with a stable
// code and field. The server runs with --allow-loopback-webhooks and
// --webhook-retry-scale 0.01 (retries a second or two apart).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const OWNER = 'owner@e2e.example';
const PASSWORD = 'correct horse battery staple 42';
const MASTER_KEY = 'b5'.repeat(32);

let mock, srv, owner, receiver;

// The receiver: records each request (verified or not) and answers with the next
// status of `plan` (200 once the plan is used up).
function startReceiver() {
  const r = { got: [], plan: [], secret: null };
  r.server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      r.got.push({ headers: req.headers, body, path: req.url, verified: verify(body, req.headers['slotpay-signature'], r.secret) });
      const status = r.plan.length ? r.plan.shift() : 200;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'thanks' : 'not now');
    });
  });
  return new Promise((resolve) => r.server.listen(0, '127.0.0.1', () => {
    r.url = `http://127.0.0.1:${r.server.address().port}/hooks`;
    resolve(r);
  }));
}

// What a merchant's receiver does (the README's snippet): t and v1 from the header,
// HMAC-SHA256 of "t.body" with the secret, compared in constant time, t recent.
function verify(body, header, secret) {
  if (!header || !secret) return false;
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=')));
  const expected = crypto.createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
  const given = Buffer.from(parts.v1 || '', 'utf8');
  return given.length === expected.length &&
    crypto.timingSafeEqual(given, Buffer.from(expected, 'utf8')) &&
    Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
}

before(async () => {
  receiver = await startReceiver();
  mock = await h.startMock();
  srv = await h.startServer(mock, {
    args: ['--seed-owner', OWNER, '--allow-loopback-webhooks', '--webhook-retry-scale', '0.01'],
    env: { SLOTPAY_SEED_OWNER_PASSWORD: PASSWORD, SLOTPAY_MASTER_KEY: MASTER_KEY },
  });
  owner = await h.signIn(srv, OWNER, PASSWORD);
});
after(async () => {
  await srv?.stop();
  await mock?.close();
  await new Promise((r) => (receiver ? receiver.server.close(r) : r()));
});

const as = (method, p, body) =>
  h.api(srv, method, p, { body, headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf } });

const eventsOf = (type) => receiver.got.map((g) => JSON.parse(g.body)).filter((e) => e.type === type);

let endpoint;

test('a forbidden URL is refused with a stable code and field', async () => {
  for (const [url, code] of [
    ['https://169.254.169.254/latest/meta-data', 'forbidden_host'],
    ['https://10.1.2.3/hooks', 'forbidden_host'],
    ['https://192.168.1.10/hooks', 'forbidden_host'],
    ['https://100.64.0.1/hooks', 'forbidden_host'],
    ['http://hooks.example.com/x', 'https_required'],
    ['https://user:pw@hooks.example.com/x', 'invalid_url'],
  ]) {
    const r = await as('POST', '/v1/merchant/webhooks', { url, events: ['booking.created'] });
    assert.equal(r.status, 422, `${url}: ${r.text}`);
    assert.equal(r.body.error.code, code, url);
    assert.equal(r.body.error.field, 'url', url);
  }
  const bad = await as('POST', '/v1/merchant/webhooks', { url: receiver.url, events: ['booking.exploded'] });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'events');
  // Without a session: 401; without the CSRF header: 403.
  const anon = await h.api(srv, 'POST', '/v1/merchant/webhooks', { body: { url: receiver.url, events: ['booking.created'] } });
  assert.equal(anon.status, 401);
});

test('an endpoint is created with its secret, shown once', async () => {
  const r = await as('POST', '/v1/merchant/webhooks', {
    url: receiver.url, events: ['booking.created', 'booking.confirmed', 'booking.cancelled'],
  });
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.id, /^we_/);
  assert.match(r.body.secret, /^spwhsec_[0-9a-f]{64}$/);
  assert.equal(r.body.enabled, true);
  endpoint = r.body;
  receiver.secret = r.body.secret;
  const list = await as('GET', '/v1/merchant/webhooks');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.data.map((e) => e.id), [endpoint.id]);
  const one = await as('GET', `/v1/merchant/webhooks/${endpoint.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.url, receiver.url);
  assert.equal(one.body.secret, undefined);
  assert.ok(!list.text.includes(endpoint.secret) && !one.text.includes(endpoint.secret));
});

test('a booking created arrives as booking.created, signed', async () => {
  const b = await h.book(srv, 'cut', h.slotStart(22, '10:00'));
  assert.equal(b.status, 201, b.text);
  const got = await h.waitFor(() => eventsOf('booking.created').find((e) => e.data.booking.id === b.body.booking.id));
  assert.ok(got, 'booking.created did not arrive');
  const req = receiver.got.find((g) => JSON.parse(g.body).id === got.id);
  assert.equal(req.verified, true, 'the signature does not verify');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.path, '/hooks');
  assert.match(got.id, /^evt_/);
  assert.equal(typeof got.created, 'number');
  // The booking as the change left it: a hold, before its PaymentIntent was made.
  assert.equal(got.data.booking.status, 'held');
  assert.equal(b.body.booking.status, 'awaiting_payment');
  assert.equal(got.data.booking.customer.email, b.body.booking.customer.email);
  // A signature made with another secret does not verify (the check can fail).
  assert.equal(verify(req.body, req.headers['slotpay-signature'], 'spwhsec_' + '0'.repeat(64)), false);
});

test('a receiver failing twice gets the event again with the same id, and a later one after it', async () => {
  const start = receiver.got.length;
  receiver.plan = [500, 503];
  const first = await h.book(srv, 'cut', h.slotStart(22, '11:00'));
  assert.equal(first.status, 201, first.text);
  // The second booking's event is queued while the first is being retried.
  await h.waitFor(() => receiver.got.length > start);
  const second = await h.book(srv, 'cut', h.slotStart(22, '12:00'));
  assert.equal(second.status, 201, second.text);
  const done = await h.waitFor(() => {
    const ids = receiver.got.slice(start).map((g) => JSON.parse(g.body).data.booking.id);
    return ids.includes(second.body.booking.id) && ids;
  }, { timeoutMs: 20000 });
  assert.ok(done, 'the later event never arrived');
  const seen = receiver.got.slice(start).map((g) => JSON.parse(g.body));
  const ofFirst = seen.filter((e) => e.data.booking.id === first.body.booking.id);
  assert.equal(ofFirst.length, 3, JSON.stringify(seen.map((e) => e.id)));
  assert.equal(new Set(ofFirst.map((e) => e.id)).size, 1, 'the retries carry the same event id');
  const lastOfFirst = seen.findLastIndex((e) => e.data.booking.id === first.body.booking.id);
  const firstOfSecond = seen.findIndex((e) => e.data.booking.id === second.body.booking.id);
  assert.ok(firstOfSecond > lastOfFirst, 'the later event came before the earlier one was delivered');
  assert.ok(receiver.got.slice(start).every((g) => g.verified));

  // The log: newest first, the first event's delivery with its three attempts.
  const log = await as('GET', `/v1/merchant/webhooks/${endpoint.id}/deliveries`);
  assert.equal(log.status, 200, log.text);
  const entry = log.body.data.find((d) => d.event_id === ofFirst[0].id);
  assert.equal(entry.state, 'delivered');
  assert.equal(entry.attempts, 3);
  assert.equal(entry.last_status, 200);
  assert.equal(entry.last_outcome, 'http_200');
  assert.equal(entry.last_response, 'thanks');
  assert.equal(entry.type, 'booking.created');
  assert.equal(log.body.data[0].event_id, seen[seen.length - 1].id, 'newest first');
  // Keyset pages.
  const p1 = await as('GET', `/v1/merchant/webhooks/${endpoint.id}/deliveries?limit=1`);
  assert.equal(p1.body.data.length, 1);
  assert.equal(p1.body.has_more, true);
  const p2 = await as('GET', `/v1/merchant/webhooks/${endpoint.id}/deliveries?limit=1&starting_after=${p1.body.next_cursor}`);
  assert.equal(p2.body.data.length, 1);
  assert.notEqual(p2.body.data[0].id, p1.body.data[0].id);
  assert.equal(p2.body.data[0].id, log.body.data[1].id);
  const badLimit = await as('GET', `/v1/merchant/webhooks/${endpoint.id}/deliveries?limit=500`);
  assert.equal(badLimit.status, 400);
  assert.equal(badLimit.body.error.field, 'limit');

  // Resend: delivered again now, the same event id.
  const before = receiver.got.length;
  const resend = await as('POST', `/v1/merchant/webhook-deliveries/${entry.id}/resend`);
  assert.equal(resend.status, 201, resend.text);
  assert.equal(resend.body.event_id, ofFirst[0].id);
  assert.equal(resend.body.manual, true);
  const again = await h.waitFor(() => receiver.got.slice(before).find((g) => JSON.parse(g.body).id === ofFirst[0].id));
  assert.ok(again, 'the resend did not arrive');
  assert.equal(again.verified, true);
  const missing = await as('POST', '/v1/merchant/webhook-deliveries/whd_nope/resend');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'webhook_delivery_not_found');
});

test('paid, the booking is confirmed; cancelled by the merchant, cancelled (through the lifecycle)', async () => {
  const b = await h.book(srv, 'cut', h.slotStart(23, '10:00'));
  assert.equal(b.status, 201, b.text);
  const pi = b.body.booking.payment.payment_intent;
  await h.stripeApi(mock, 'POST', `/v1/payment_intents/${pi}/confirm`, { payment_method: 'pm_card_visa' });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
  const confirmed = await h.waitFor(() => eventsOf('booking.confirmed').find((e) => e.data.booking.id === b.body.booking.id));
  assert.ok(confirmed, 'booking.confirmed did not arrive');
  assert.equal(confirmed.data.booking.status, 'confirmed');
  assert.equal(confirmed.data.booking.paid_amount, b.body.booking.amount);
  const cancel = await as('POST', `/v1/merchant/bookings/${b.body.booking.id}/cancel`);
  assert.equal(cancel.status, 200, cancel.text);
  const cancelled = await h.waitFor(() => eventsOf('booking.cancelled').find((e) => e.data.booking.id === b.body.booking.id));
  assert.ok(cancelled, 'booking.cancelled did not arrive');
  assert.equal(cancelled.data.booking.status, 'cancelled');
  // booking.refunded is not among this endpoint's events: none was sent.
  assert.equal(eventsOf('booking.refunded').length, 0);
  assert.ok(receiver.got.every((g) => g.verified));
});

test('a disabled endpoint gets nothing; a deleted one is gone', async () => {
  const off = await as('PATCH', `/v1/merchant/webhooks/${endpoint.id}`, { enabled: false });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.enabled, false);
  assert.equal(off.body.disabled_reason, 'merchant');
  const start = receiver.got.length;
  const b = await h.book(srv, 'cut', h.slotStart(22, '13:00'));
  assert.equal(b.status, 201, b.text);
  await h.sleep(1500);
  assert.equal(receiver.got.length, start);
  const events = await as('PATCH', `/v1/merchant/webhooks/${endpoint.id}`, { events: ['booking.refunded'], enabled: true });
  assert.equal(events.status, 200, events.text);
  assert.deepEqual(events.body.events, ['booking.refunded']);
  assert.equal(events.body.disabled_reason, null);
  const del = await as('DELETE', `/v1/merchant/webhooks/${endpoint.id}`);
  assert.equal(del.status, 200, del.text);
  const gone = await as('GET', `/v1/merchant/webhooks/${endpoint.id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.code, 'webhook_endpoint_not_found');
});

test('the secret is in no answer but the one that created it', () => {
  assert.ok(endpoint?.secret);
  assert.equal(h.seenBodies.filter((t) => t.includes(endpoint.secret)).length, 1);
});
