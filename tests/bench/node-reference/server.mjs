#!/usr/bin/env node
// A Node reference server for the booking benchmark: the flow slotpay-server runs for
// POST /v1/merchants/{id}/bookings, written the usual way (Express, luxon, the official
// stripe-node client), with an in-memory store, in one process. The benchmark compares
// slotpay-server against it on the same Stripe stand-in, catalog and requests.
//
//   STRIPE_SECRET_KEY=sk_test_... node tests/bench/node-reference/server.mjs \
//     --catalog tests/bench/catalog.json --stripe-account acct_... \
//     --stripe-api-base http://127.0.0.1:12111 [--listen 127.0.0.1:0]
//
// Prints `node-reference listening on http://HOST:PORT` when ready.
//   POST /v1/merchants/{id}/bookings   check the request against the catalog (schedule,
//        grid, window, capacity; luxon for the zone), hold the seats, create the
//        PaymentIntent on the merchant's connected account with an idempotency key,
//        answer 201 {booking, access_token} with the client secret; on a Stripe failure
//        the seats are released
//   GET  /healthz
import crypto from 'node:crypto';
import fs from 'node:fs';
import express from 'express';
import { DateTime } from 'luxon';
import Stripe from 'stripe';
import { BookingError, Catalog } from './booking.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const catalogDoc = JSON.parse(fs.readFileSync(opt('--catalog', 'tests/bench/catalog.json'), 'utf8'));
const account = opt('--stripe-account', '');
const apiBase = new URL(opt('--stripe-api-base', 'https://api.stripe.com'));
const [host, port] = opt('--listen', '127.0.0.1:0').split(':');
const HOLD_MS = 10 * 60 * 1000;

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY, {
  host: apiBase.hostname,
  port: Number(apiBase.port) || (apiBase.protocol === 'https:' ? 443 : 80),
  protocol: apiBase.protocol.replace(':', ''),
  maxNetworkRetries: 2,
  timeout: 30_000,
});

// The in-memory store: bookings by id, seats taken per (service, staff, start).
const catalog = new Catalog(catalogDoc);
const merchantId = catalogDoc.merchant.id;
const bookings = new Map();
const seats = new Map();
const seatKey = (service, staff, start) => `${service} ${staff} ${start.toMillis()}`;
const release = (b) => seats.set(b.seatKey, seats.get(b.seatKey) - b.quantity);

// Holds nobody paid for give their seats back.
setInterval(() => {
  const now = Date.now();
  for (const b of bookings.values()) {
    if ((b.status === 'held' || b.status === 'awaiting_payment') && b.holdExpiresAt <= now) {
      b.status = 'expired';
      release(b);
    }
  }
}, 30_000).unref();

function view(b) {
  return {
    id: b.id, merchant_id: merchantId, status: b.status,
    booking: { service: b.service, staff: b.staff, start: b.start, end: b.end, quantity: b.quantity },
    customer: b.customer, payment_mode: 'stripe', amount: b.amount, currency: catalog.currency,
    hold_expires_at: new Date(b.holdExpiresAt).toISOString(),
    payment: { payment_intent: b.paymentIntent, client_secret: b.clientSecret, stripe_account: account },
  };
}

const sendError = (res, status, code, field, message) => res.status(status).json({ error: { code, field, message } });

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '64kb' }));

app.get('/healthz', (req, res) => res.json({ ok: true }));

app.post('/v1/merchants/:merchant/bookings', async (req, res) => {
  if (req.params.merchant !== merchantId) return sendError(res, 404, 'merchant_not_found', 'merchant', 'no such merchant');
  let c;
  try {
    c = catalog.check(req.body, DateTime.now());
  } catch (e) {
    if (e instanceof BookingError) return sendError(res, e.status, e.code, e.field, e.message);
    throw e;
  }
  const staff = c.staffIds.find((s) => (seats.get(seatKey(c.service.id, s, c.start)) ?? 0) + c.quantity <= (c.service.capacity ?? 1));
  if (!staff) return sendError(res, 409, 'capacity_exceeded', 'start', 'no seats left at this time');

  const id = `bk_${crypto.randomBytes(6).toString('hex')}`;
  const token = crypto.randomBytes(16).toString('hex');
  const b = {
    id, status: 'held', service: c.service.id, staff, start: c.start.toISO({ suppressMilliseconds: true }),
    end: c.end.toISO({ suppressMilliseconds: true }), quantity: c.quantity, customer: c.customer, amount: c.amount,
    seatKey: seatKey(c.service.id, staff, c.start), holdExpiresAt: Date.now() + HOLD_MS,
    tokenHash: crypto.createHash('sha256').update(token).digest('hex'),
  };
  seats.set(b.seatKey, (seats.get(b.seatKey) ?? 0) + c.quantity);
  bookings.set(id, b);

  try {
    const pi = await stripe.paymentIntents.create({
      amount: c.amount,
      currency: catalog.currency,
      ...(c.applicationFee ? { application_fee_amount: c.applicationFee } : {}),
      automatic_payment_methods: { enabled: true },
      description: `Slotpay booking ${id}`,
      metadata: { booking_id: id, merchant_id: merchantId },
    }, { stripeAccount: account, idempotencyKey: `booking_${id}_create_pi` });
    b.paymentIntent = pi.id;
    b.clientSecret = pi.client_secret;
    b.status = 'awaiting_payment';
  } catch (e) {
    b.status = 'payment_failed';
    release(b);
    const unavailable = !e.statusCode || e.statusCode >= 500 || e.statusCode === 429 || e.statusCode === 409;
    return sendError(res, unavailable ? 503 : 402, unavailable ? 'stripe_unavailable' : 'stripe_error', e.param ?? '',
                     unavailable ? 'the payment provider is unavailable, please try again' : e.message);
  }
  res.status(201).json({ booking: view(b), access_token: token });
});

app.use((req, res) => sendError(res, 404, 'not_found', '', 'no such route'));
// Express 5 hands rejected async handlers here.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', '', 'the body is not JSON');
  if (err.type === 'entity.too.large') return sendError(res, 413, 'payload_too_large', '', 'body too large');
  console.error(err);
  sendError(res, 500, 'internal_error', '', 'internal error');
});

const server = app.listen({ host, port: Number(port), backlog: 4096 }, () =>
  console.log(`node-reference listening on http://${host}:${server.address().port}`));
server.keepAliveTimeout = 65_000;
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
