#!/usr/bin/env node
// A minimal Stripe-compatible server for load benchmarks (tests/stripe_mock is the
// faithful one, for tests; it validates every request against the OpenAPI subset and
// keeps full state, which costs too much at thousands of requests per second).
//
//   node tests/bench/stripe-standin.mjs [--host 127.0.0.1] [--port 0] [--delay-ms 250]
//
// Answers, with Stripe's JSON shapes (errors as {"error": {type, code, message, param}}):
//   POST /v1/payment_intents                 after --delay-ms, as Stripe's API commonly
//                                            takes: a PaymentIntent (requires_payment_method,
//                                            metadata echoed). Idempotency-Key honoured:
//                                            the same key replays the first answer
//                                            (Idempotent-Replayed: true), with other
//                                            parameters is a 400, while the first is still
//                                            in flight a 409 (as Stripe does)
//   GET  /v1/payment_intents/ID              at once
//   POST /v1/payment_intents/ID/cancel       at once
//   POST /v1/refunds                         at once
//   GET  /_standin/stats                     the counts so far (not a Stripe endpoint)
// Any sk_test_ key is accepted (Authorization: Bearer). HTTP/1.1 keep-alive, no limit
// on connections. Prints `stripe-standin listening on http://HOST:PORT` when ready; on
// SIGTERM/SIGINT prints the request counts (one JSON line) and exits 0.
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseForm } from '../stripe_mock/form.mjs';

const ID_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// Ids and secrets only need to be unique here, not unguessable: Math.random is far
// cheaper than crypto's syscalls at thousands of requests per second.
function randomId(n) {
  let s = '';
  for (let i = 0; i < n; i++) s += ID_CHARS[(Math.random() * 62) | 0];
  return s;
}

class StripeError extends Error {
  constructor(status, type, message, { code, param } = {}) {
    super(message);
    Object.assign(this, { status, type, code, param });
  }
  body() {
    const e = { type: this.type, message: this.message };
    if (this.code) e.code = this.code;
    if (this.param) e.param = this.param;
    return { error: e };
  }
}

const positiveInt = (v, param) => {
  if (typeof v !== 'string' || !/^[1-9][0-9]{0,15}$/.test(v))
    throw new StripeError(400, 'invalid_request_error', `Invalid integer: ${v}`, { code: 'parameter_invalid_integer', param });
  return Number(v);
};

export function createStandin({ delayMs = 250 } = {}) {
  const intents = new Map(); // id -> PaymentIntent
  const idempotency = new Map(); // key -> {body, status, params} | {pending: true, params}
  const counts = { total: 0, idempotent_replays: 0, errors: 0 };
  const count = (name) => { counts[name] = (counts[name] ?? 0) + 1; };

  function createIntent(p, account) {
    const amount = positiveInt(p.amount, 'amount');
    if (typeof p.currency !== 'string' || !/^[a-z]{3}$/.test(p.currency))
      throw new StripeError(400, 'invalid_request_error', 'Missing required param: currency.', { code: 'parameter_missing', param: 'currency' });
    const id = `pi_3${randomId(23)}`;
    const pi = {
      id, object: 'payment_intent', amount, amount_capturable: 0, amount_received: 0,
      application_fee_amount: p.application_fee_amount ? positiveInt(p.application_fee_amount, 'application_fee_amount') : null,
      automatic_payment_methods: p.automatic_payment_methods ? { enabled: p.automatic_payment_methods.enabled === 'true' } : null,
      canceled_at: null, cancellation_reason: null, capture_method: 'automatic',
      client_secret: `${id}_secret_${randomId(25)}`, confirmation_method: 'automatic',
      created: Math.floor(Date.now() / 1000), currency: p.currency, customer: null,
      description: p.description ?? null, last_payment_error: null, latest_charge: null, livemode: false,
      metadata: typeof p.metadata === 'object' && p.metadata !== null ? p.metadata : {},
      next_action: null, on_behalf_of: null, payment_method: null, payment_method_types: ['card'],
      receipt_email: null, status: 'requires_payment_method', transfer_data: null, transfer_group: null,
    };
    intents.set(id, { pi, account });
    return pi;
  }

  function intentOf(id, account) {
    const rec = intents.get(id);
    if (!rec || rec.account !== account)
      throw new StripeError(404, 'invalid_request_error', `No such payment_intent: '${id}'`, { code: 'resource_missing', param: 'intent' });
    return rec.pi;
  }

  // -> {status, body} | a Promise of it
  function route(method, path, params, account) {
    if (method === 'POST' && path === '/v1/payment_intents') {
      count('create_payment_intent');
      return new Promise((resolve, reject) =>
        setTimeout(() => { try { resolve({ status: 200, body: createIntent(params, account) }); } catch (e) { reject(e); } }, delayMs));
    }
    let m = /^\/v1\/payment_intents\/(pi_[A-Za-z0-9]+)(\/cancel)?$/.exec(path);
    if (m && method === 'GET' && !m[2]) {
      count('retrieve_payment_intent');
      return { status: 200, body: intentOf(m[1], account) };
    }
    if (m && method === 'POST' && m[2]) {
      count('cancel_payment_intent');
      const pi = intentOf(m[1], account);
      if (pi.status !== 'canceled') Object.assign(pi, { status: 'canceled', canceled_at: Math.floor(Date.now() / 1000), cancellation_reason: params.cancellation_reason ?? null });
      return { status: 200, body: pi };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      count('create_refund');
      const pi = intentOf(String(params.payment_intent ?? ''), account);
      const amount = params.amount ? positiveInt(params.amount, 'amount') : pi.amount;
      return { status: 200, body: {
        id: `re_3${randomId(23)}`, object: 'refund', amount, currency: pi.currency, payment_intent: pi.id, charge: null,
        created: Math.floor(Date.now() / 1000), metadata: params.metadata ?? {}, reason: params.reason ?? null, status: 'succeeded',
      } };
    }
    throw new StripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  }

  // Stripe's idempotency: keyed per account; a replay gets the stored answer.
  async function handle(method, path, headers, bodyText) {
    const auth = headers.authorization ?? '';
    if (!/^Bearer sk_test_[A-Za-z0-9_]+$/.test(auth))
      throw new StripeError(401, 'invalid_request_error', 'Invalid API Key provided (the stand-in takes any sk_test_ key).');
    const account = headers['stripe-account'] ?? '';
    const params = bodyText ? parseForm(bodyText) : {};
    const key = method === 'POST' ? headers['idempotency-key'] : undefined;
    if (!key) return route(method, path, params, account);
    const slot = `${account} ${key}`;
    const prior = idempotency.get(slot);
    const fingerprint = `${method} ${path} ${bodyText}`;
    if (prior) {
      if (prior.fingerprint !== fingerprint)
        throw new StripeError(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
      if (prior.pending)
        throw new StripeError(409, 'idempotency_error', 'There is currently another in-progress request using this Stripe-Idempotency-Key.', { code: 'idempotency_key_in_use' });
      count('idempotent_replays');
      return { ...prior.answer, replayed: true };
    }
    idempotency.set(slot, { fingerprint, pending: true });
    try {
      const answer = await route(method, path, params, account);
      idempotency.set(slot, { fingerprint, answer });
      return answer;
    } catch (e) {
      // Stripe stores 4xx answers too; 5xx and crashes are retryable, so forgotten.
      if (e instanceof StripeError) idempotency.set(slot, { fingerprint, answer: { status: e.status, body: e.body() } });
      else idempotency.delete(slot);
      throw e;
    }
  }

  const server = http.createServer((req, res) => {
    counts.total++;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url, 'http://x');
      let answer;
      try {
        if (req.method === 'GET' && url.pathname === '/_standin/stats') {
          counts.total--; // not a Stripe request
          answer = { status: 200, body: { ...counts } };
        } else {
          answer = await handle(req.method, url.pathname, req.headers, Buffer.concat(chunks).toString('utf8'));
        }
      } catch (e) {
        counts.errors++;
        answer = e instanceof StripeError ? { status: e.status, body: e.body() }
          : { status: 500, body: { error: { type: 'api_error', message: String(e?.message ?? e) } } };
      }
      const body = JSON.stringify(answer.body);
      const h = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Request-Id': `req_${counts.total}` };
      if (answer.replayed) h['Idempotent-Replayed'] = 'true';
      res.writeHead(answer.status, h);
      res.end(body);
    });
  });
  // Clients keep connections in pools: do not close idle ones under them, cap nothing.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 130_000;
  server.maxRequestsPerSocket = 0;
  return { server, counts };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
  const host = opt('--host', '127.0.0.1');
  const port = Number(opt('--port', '0'));
  const delayMs = Number(opt('--delay-ms', '250'));
  if (!Number.isInteger(port) || !(delayMs >= 0)) {
    console.error('usage: stripe-standin.mjs [--host H] [--port N] [--delay-ms MS]');
    process.exit(2);
  }
  const { server, counts } = createStandin({ delayMs });
  server.listen({ host, port, backlog: 4096 }, () =>
    console.log(`stripe-standin listening on http://${host}:${server.address().port} (delay ${delayMs} ms)`));
  const stop = () => {
    console.log(JSON.stringify({ stripe_standin_requests: counts }));
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
