#!/usr/bin/env node
// Slotpay's local Stripe-compatible server (tests and demo; no internet needed).
// See README.md in this folder for the CLI, the control API and the deviations from
// real Stripe. Standard library only.

import http from 'node:http';
import https from 'node:https';
import crypto from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { parseForm, flattenParams } from './form.mjs';
import { OpenApiSpec } from './openapi.mjs';
import { MIN_CHARGE, loadCurrencies } from './currencies.mjs';
import { stripeJsSource, stripeJsTestPage } from './stripejs.mjs';
import { addControllerParam, connectExtensionPaths, connectRoutes, controllerView, typeForController } from './connect.mjs';
import { offSessionExtensionPaths, offSessionRoutes } from './offsession.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
// <repo root>/../shared/stripe/openapi-subset.json; else $STRIPE_MOCK_OPENAPI; else the
// nearest shared/stripe/openapi-subset.json found walking up from the repo root.
function findDefaultOpenapi() {
  const first = path.resolve(REPO_ROOT, '..', 'shared', 'stripe', 'openapi-subset.json');
  if (existsSync(first)) return first;
  if (process.env.STRIPE_MOCK_OPENAPI) return path.resolve(process.env.STRIPE_MOCK_OPENAPI);
  for (let dir = REPO_ROOT; ; dir = path.dirname(dir)) {
    const cand = path.join(dir, 'shared', 'stripe', 'openapi-subset.json');
    if (existsSync(cand)) return cand;
    if (path.dirname(dir) === dir) return first;
  }
}
export const DEFAULT_OPENAPI = findDefaultOpenapi();
export const DEFAULT_WEBHOOK_SECRET = 'whsec_slotpay_mock_secret';
const DEFAULT_API_VERSION = '2023-08-16';
const DOC = 'https://stripe.com/docs/error-codes';

function parseFormOr400(text) {
  try {
    return parseForm(text);
  } catch (e) {
    if (e.formError) throw new StripeError(400, { type: 'invalid_request_error', message: `Invalid request: ${e.message}` });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------
// helpers

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function rand(n = 24) {
  const bytes = crypto.randomBytes(n);
  let s = '';
  for (const b of bytes) s += B62[b % 62];
  return s;
}
export const newId = (prefix) => `${prefix}_${rand(24)}`;
const now = () => Math.floor(Date.now() / 1000);
const clone = (o) => (o === undefined ? undefined : JSON.parse(JSON.stringify(o)));
// fields starting with "_" are the mock's bookkeeping and never leave the mock
const hideInternal = (k, v) => (k.startsWith('_') ? undefined : v);
export const toJson = (o, indent = 2) => JSON.stringify(o, hideInternal, indent);

class StripeError extends Error {
  constructor(status, fields, headers = {}) {
    super(fields.message);
    this.status = status;
    this.fields = fields;
    this.headers = headers;
  }
}
const invalid = (message, extra = {}, status = 400) =>
  new StripeError(status, { type: 'invalid_request_error', message, ...extra });
// a missing object named in the URL path is a 404; one named by a body parameter a 400
const missing = (kind, id, param) =>
  invalid(`No such ${kind}: '${id}'`, { code: 'resource_missing', param }, 404);
const missingParam = (kind, id, param) =>
  invalid(`No such ${kind}: '${id}'`, { code: 'resource_missing', param }, 400);

function errorBody(fields) {
  const e = { ...fields };
  if (e.code && !e.doc_url) e.doc_url = `${DOC}#${e.code.replace(/_/g, '-')}`;
  return { error: e };
}

const hmacHex = (secret, ts, payload) => crypto.createHmac('sha256', secret).update(`${ts}.${payload}`, 'utf8').digest('hex');

// One secret: exactly stripe-node's generateTestHeaderString. Several secrets (a rolled
// endpoint secret): one v1 per secret, as Stripe does. withV0: Stripe's extra fake v0
// signature on test events.
export function signPayload(payload, secret, timestamp = now(), { withV0 = false } = {}) {
  const secrets = Array.isArray(secret) ? secret : [secret];
  const parts = [`t=${timestamp}`, ...secrets.map((s) => `v1=${hmacHex(s, timestamp, payload)}`)];
  if (withV0) parts.push(`v0=${hmacHex('stripe-mock-fake-v0', timestamp, payload)}`);
  return parts.join(',');
}

function isLoopback(addr) {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' || /^127\./.test(addr || '') || /^::ffff:127\./.test(addr || '');
}

const TEST_CARDS = {
  pm_card_visa: { brand: 'visa', last4: '4242', outcome: 'success' },
  pm_card_visa_debit: { brand: 'visa', last4: '5556', funding: 'debit', outcome: 'success' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', outcome: 'success' },
  pm_card_amex: { brand: 'amex', last4: '8431', outcome: 'success' },
  pm_card_threeDSecure2Required: { brand: 'visa', last4: '3220', outcome: '3ds' },
  pm_card_authenticationRequired: { brand: 'visa', last4: '3184', outcome: '3ds' },
  pm_card_authenticationRequiredOnSetup: { brand: 'visa', last4: '3155', outcome: '3ds' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', outcome: 'decline', decline_code: 'generic_decline' },
  pm_card_visa_chargeDeclined: { brand: 'visa', last4: '0002', outcome: 'decline', decline_code: 'generic_decline' },
  pm_card_visa_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', outcome: 'decline', decline_code: 'insufficient_funds' },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', outcome: 'decline', decline_code: 'insufficient_funds' },
  pm_card_chargeDeclinedExpiredCard: { brand: 'visa', last4: '0069', outcome: 'decline', code: 'expired_card', decline_code: 'expired_card' },
  // saved (SetupIntent, attach) fine; every charge is declined
  pm_card_chargeCustomerFail: { brand: 'visa', last4: '0341', outcome: 'decline', decline_code: 'generic_decline', attachOk: true },
  // mock-only: an asynchronous payment that stays `processing` until settled through
  // POST /_mock/payment_intents/{id}/settle {"result":"success"|"failure"}
  pm_mock_processing: { brand: 'visa', last4: '0077', outcome: 'processing' },
  pm_card_chargeDeclinedProcessingError: { brand: 'visa', last4: '0119', outcome: 'decline', code: 'processing_error', decline_code: 'processing_error' },
};
// tok_* aliases (legacy tokens) map to the same behaviour
for (const [k, v] of Object.entries({ tok_visa: 'pm_card_visa', tok_mastercard: 'pm_card_mastercard', tok_chargeDeclined: 'pm_card_chargeDeclined', tok_threeDSecure2Required: 'pm_card_threeDSecure2Required' })) TEST_CARDS[k] = TEST_CARDS[v];

const DECLINE_MESSAGES = {
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
};

// Operations the mock serves that are not in the OpenAPI subset. Declared here in the
// same shape so that they are validated the same way (their schemas are the mock's own).
function extensionPaths(spec) {
  const piCreate = spec.doc.paths?.['/v1/payment_intents']?.post?.requestBody?.content?.['application/x-www-form-urlencoded']?.schema?.properties || {};
  const pick = (names) => Object.fromEntries(names.filter((n) => piCreate[n]).map((n) => [n, piCreate[n]]));
  const str = { type: 'string', maxLength: 5000 };
  const expand = { type: 'array', items: str };
  const form = (properties, required = []) => ({ requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties, required } } } } });
  const query = (names) => ({ parameters: names.map((n) => ({ in: 'query', name: n, schema: n === 'expand' ? expand : n === 'limit' ? { type: 'integer' } : n === 'created' ? {} : str })) });
  return {
    '/v1/payment_intents/{intent}/confirm': {
      post: {
        operationId: 'MockPostPaymentIntentsIntentConfirm',
        ...form({
          ...pick(['capture_method', 'error_on_requires_action', 'mandate', 'mandate_data', 'off_session', 'payment_method', 'payment_method_data', 'payment_method_options', 'payment_method_types', 'radar_options', 'receipt_email', 'return_url', 'setup_future_usage', 'shipping', 'use_stripe_sdk']),
          client_secret: str,
          expand,
        }),
      },
    },
    '/v1/payment_intents/{intent}/_mock_authenticate': {
      post: { operationId: 'MockAuthenticate', ...form({ result: { type: 'string', enum: ['success', 'failure'] }, client_secret: str, expand }) },
    },
    '/v1/payment_intents': { get: { operationId: 'MockGetPaymentIntents', ...query(['limit', 'starting_after', 'ending_before', 'expand', 'customer', 'created']) } },
    '/v1/refunds/{refund}': { get: { operationId: 'MockGetRefundsRefund', ...query(['expand']) } },
    '/v1/charges/{charge}': { get: { operationId: 'MockGetChargesCharge', ...query(['expand']) } },
    '/v1/payment_methods/{payment_method}': { get: { operationId: 'MockGetPaymentMethod', ...query(['expand']) } },
    '/v1/application_fees/{id}': { get: { operationId: 'MockGetApplicationFee', ...query(['expand']) } },
    '/v1/events': { get: { operationId: 'MockGetEvents', ...query(['type', 'limit', 'starting_after', 'ending_before', 'expand', 'created', 'delivery_success']) } },
    '/v1/account': { get: { operationId: 'MockGetAccount', ...query(['expand']) } },
    '/v1/accounts/{account}': {
      post: {
        operationId: 'MockPostAccountsAccount',
        ...form({ email: str, metadata: { type: 'object', additionalProperties: { type: 'string' } }, expand, business_type: str, default_currency: str }),
      },
    },
    '/v1/customers/{customer}': { get: { operationId: 'MockGetCustomer', ...query(['expand']) } },
    '/v1/transfers/{transfer}': { get: { operationId: 'MockGetTransfer', ...query(['expand']) } },
  };
}

// ---------------------------------------------------------------------------------------
// the mock

export class StripeMock {
  constructor(opts = {}) {
    this.opts = opts;
    this.host = opts.host || '127.0.0.1';
    this.portWanted = opts.port ?? 0;
    this.apiVersion = opts.apiVersion || DEFAULT_API_VERSION;
    this.secretKeys = opts.secretKeys || null; // null: any sk_test_*
    this.publishableKeys = opts.publishableKeys || null; // null: any pk_test_*
    // Live mode, opt-in (tests of a server's live side): only these live keys are taken;
    // objects made with them carry livemode true and are invisible to test keys (and the
    // reverse), as on Stripe. Without them every live key is refused.
    this.liveSecretKeys = opts.liveSecretKeys || [];
    this.livePublishableKeys = opts.livePublishableKeys || [];
    this.tls = opts.tls || null; // {key, cert} (PEM): serve https (a server allows live keys only over https)
    this.requestMode = new AsyncLocalStorage(); // {api, live} of the request being handled
    this.stateFile = opts.stateFile || null;
    this.quiet = opts.quiet ?? true;
    this.maxLog = opts.maxLog ?? 20000; // request and delivery log entries kept (oldest dropped)
    const specPath = opts.openapi || DEFAULT_OPENAPI;
    const raw = new OpenApiSpec(JSON.parse(readFileSync(specPath, 'utf8')));
    addControllerParam(raw.doc);
    this.spec = new OpenApiSpec(raw.doc, { extraPaths: { ...extensionPaths(raw), ...connectExtensionPaths(), ...offSessionExtensionPaths() } });
    this.currencies = loadCurrencies(opts.currencies || path.join(path.dirname(specPath), 'currencies.json'));
    this.webhook = {
      url: opts.webhookUrl || null,
      secrets: opts.webhookSecrets || [opts.webhookSecret || DEFAULT_WEBHOOK_SECRET],
      v0: !!opts.webhookV0,
      maxAttempts: opts.webhookMaxAttempts ?? 4,
      retryBaseMs: opts.webhookRetryBaseMs ?? 200,
      timeoutMs: opts.webhookTimeoutMs ?? 5000,
      paused: false,
    };
    this.sockets = new Set();
    this.timers = new Set();
    this.resetState();
    if (this.stateFile && existsSync(this.stateFile)) this.loadState();
  }

  resetState() {
    this.state = {
      objects: new Map(), // id -> {type, account, obj}
      events: [], // event ids in creation order
      counts: {},
      idempotency: new Map(),
      requests: [],
      validationFailures: [],
      failures: [],
      deliveries: [],
      pending: [], // event ids waiting for delivery
    };
    this.inflightIdem = new Set();
    this.deliveryChain = Promise.resolve();
    this.deliveringCount = 0;
  }

  // ---- persistence (optional) ----
  saveState() {
    if (!this.stateFile) return;
    const s = this.state;
    const data = {
      objects: [...s.objects.entries()],
      events: s.events,
      counts: s.counts,
      idempotency: [...s.idempotency.entries()],
    };
    const tmp = `${this.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, this.stateFile);
  }
  loadState() {
    try {
      const data = JSON.parse(readFileSync(this.stateFile, 'utf8'));
      this.state.objects = new Map(data.objects || []);
      this.state.events = data.events || [];
      this.state.counts = data.counts || {};
      this.state.idempotency = new Map(data.idempotency || []);
    } catch (e) {
      if (!this.quiet) console.error(`stripe-mock: ignoring unreadable state file: ${e.message}`);
    }
  }

  // ---- object store ----
  put(type, account, obj, { count = true } = {}) {
    if (this.requestMode.getStore()?.live && 'livemode' in obj) obj.livemode = true;
    this.state.objects.set(obj.id, { type, account: account || null, obj });
    if (count) this.state.counts[type] = (this.state.counts[type] || 0) + 1;
    return obj;
  }
  get(type, id, account) {
    const rec = this.state.objects.get(id);
    if (!rec || rec.type !== type || rec.account !== (account || null)) return null;
    // In an API request, the other mode's objects do not exist.
    const mode = this.requestMode.getStore();
    if (mode?.api && 'livemode' in rec.obj && rec.obj.livemode !== !!mode.live) return null;
    return rec.obj;
  }
  account(id) {
    const rec = this.state.objects.get(id);
    return rec && rec.type === 'account' ? rec.obj : null;
  }

  // ---- events ----
  emit(type, object, account, ctx, previous) {
    const evt = {
      id: newId('evt'),
      object: 'event',
      account: account || undefined,
      api_version: this.apiVersion,
      created: now(),
      data: { object: clone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: object?.livemode === true, // an event is in its object's mode
      pending_webhooks: this.webhook.url ? 1 : 0,
      request: { id: ctx?.requestId || null, idempotency_key: ctx?.idempotencyKey || null },
      type,
    };
    if (!account) delete evt.account;
    this.put('event', account, evt);
    this.state.events.push(evt.id);
    if (this.webhook.url) {
      this.state.pending.push(evt.id);
      this.pumpWebhooks();
    }
    return evt;
  }

  // ---- webhooks ----
  pumpWebhooks() {
    if (this.webhook.paused || this.closing) return;
    while (this.state.pending.length) {
      const id = this.state.pending.shift();
      this.enqueueDelivery(id, 'initial');
    }
  }
  enqueueDelivery(eventId, reason) {
    this.deliveringCount++;
    const gen = this.generation;
    this.deliveryChain = this.deliveryChain
      .then(() => (gen === this.generation ? this.deliver(eventId, reason) : null))
      .catch(() => {})
      .finally(() => this.deliveringCount--);
    return this.deliveryChain;
  }
  async deliver(eventId, reason) {
    const rec = this.state.objects.get(eventId);
    if (!rec || !this.webhook.url) return false;
    const body = toJson(rec.obj);
    const gen = this.generation;
    for (let attempt = 1; attempt <= this.webhook.maxAttempts; attempt++) {
      if (this.closing || gen !== this.generation) return false;
      // clock_offset_s: signs as a clock that far ahead would (a server under test whose
      // clock was moved ahead checks the timestamp against its own clock).
      const ts = now() + (this.webhook.clockOffsetS || 0);
      const header = signPayload(body, this.webhook.secrets, ts, { withV0: this.webhook.v0 });
      const entry = { event_id: eventId, type: rec.obj.type, account: rec.obj.account || null, attempt, reason, url: this.webhook.url, at: Date.now(), status: null, error: null };
      this.state.deliveries.push(entry);
      if (this.state.deliveries.length > this.maxLog) this.state.deliveries.splice(0, this.state.deliveries.length - this.maxLog);
      try {
        entry.status = await this.postWebhook(this.webhook.url, body, header);
      } catch (e) {
        entry.error = e.code || e.message;
      }
      entry.ok = entry.status !== null && entry.status >= 200 && entry.status < 300;
      if (entry.ok) {
        if (rec.obj.pending_webhooks > 0) rec.obj.pending_webhooks--;
        return true;
      }
      if (attempt < this.webhook.maxAttempts) {
        const delay = Math.min(this.webhook.retryBaseMs * 2 ** (attempt - 1), 5000);
        await this.sleep(delay);
      }
    }
    return false;
  }
  postWebhook(url, body, signature) {
    return new Promise((resolve, reject) => {
      const u = new URL(url);
      const mod = u.protocol === 'https:' ? https : http;
      const req = mod.request(
        u,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(body),
            'Stripe-Signature': signature,
            'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            'Cache-Control': 'no-cache',
            Accept: '*/*; q=0.5, application/xml',
          },
          timeout: this.webhook.timeoutMs,
          rejectUnauthorized: false,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  }
  sleep(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
  async webhooksIdle(timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.deliveringCount === 0 && (this.webhook.paused || this.state.pending.length === 0)) return true;
      await this.sleep(10);
    }
    return false;
  }

  // ---- server ----
  listen() {
    this.generation = 1;
    const handler = (req, res) =>
      this.requestMode.run({ live: false }, () => this.handle(req, res)).catch((e) => this.crash(res, e));
    this.server = this.tls ? https.createServer({ key: this.tls.key, cert: this.tls.cert }, handler)
                           : http.createServer(handler);
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.portWanted, this.host, () => {
        this.port = this.server.address().port;
        const h = this.host.includes(':') ? `[${this.host}]` : this.host;
        this.url = `${this.tls ? 'https' : 'http'}://${h}:${this.port}`;
        resolve(this);
      });
    });
  }
  async close() {
    this.closing = true;
    this.generation++;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const h of this.held || []) clearTimeout(h);
    await new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }
  crash(res, e) {
    if (!this.quiet) console.error(e);
    if (!res.headersSent) {
      try {
        this.sendJson(res, 500, errorBody({ type: 'api_error', message: `stripe-mock internal error: ${e.message}` }));
      } catch {}
    }
  }
  sendJson(res, status, body, headers = {}) {
    const text = toJson(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'Access-Control-Allow-Origin': '*',
      'Stripe-Version': this.apiVersion,
      ...headers,
    });
    res.end(text);
  }
  readBody(req) {
    return new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      req.on('data', (c) => {
        size += c.length;
        if (size > 2 * 1024 * 1024) {
          reject(invalid('Request body too large'));
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  async handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const p = url.pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Stripe-Account, Stripe-Version, Idempotency-Key',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    if (p.startsWith('/_mock/')) return this.handleControl(req, res, url);
    if (p === '/v3' || p === '/v3/' || p === '/js/stripe.js' || p === '/v3/stripe.js') {
      const js = stripeJsSource(this.baseUrl(req), url.searchParams);
      res.writeHead(200, { 'Content-Type': 'application/javascript; charset=utf-8', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' });
      return res.end(js);
    }
    if (p.startsWith('/v1/')) return this.handleApi(req, res, url);
    return this.sendJson(res, 404, errorBody({ type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${p}).` }));
  }

  baseUrl(req) {
    return `${this.tls ? 'https' : 'http'}://${req.headers.host || `${this.host}:${this.port}`}`;
  }

  // ---------------------------------------------------------------------------------------
  // Stripe API

  async handleApi(req, res, url) {
    const requestId = `req_${rand(14)}`;
    const started = Date.now();
    const logEntry = {
      id: requestId,
      at: started,
      method: req.method,
      path: url.pathname,
      account: req.headers['stripe-account'] || null,
      idempotency_key: req.headers['idempotency-key'] || null,
      stripe_version: req.headers['stripe-version'] || null,
      key_type: null,
      params: null,
      status: null,
      operation: null,
      validation_errors: [],
      replayed: false,
      injected_failure: null,
    };
    this.state.requests.push(logEntry);
    if (this.state.requests.length > this.maxLog) this.state.requests.splice(0, this.state.requests.length - this.maxLog);
    let rawBody = '';
    const respond = (status, body, headers = {}) => {
      logEntry.status = status;
      logEntry.ms = Date.now() - started;
      if (body?.error) logEntry.error = body.error;
      this.sendJson(res, status, body, { 'Request-Id': requestId, ...headers });
    };
    try {
      rawBody = await this.readBody(req);
      const ctx = { requestId, idempotencyKey: logEntry.idempotency_key, baseUrl: this.baseUrl(req) };

      // 1. authentication
      this.authenticate(req, ctx);
      logEntry.key_type = ctx.keyType;

      // 2. route + OpenAPI validation
      const m = this.spec.match(req.method, url.pathname);
      if (!m || m.methodMismatch) {
        throw invalid(`Unrecognized request URL (${req.method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`, {}, 404);
      }
      const { route, pathParams } = m;
      logEntry.operation = route.op.operationId || `${route.method} ${route.template}`;
      logEntry.spec = route.extension ? 'mock-extension' : 'openapi-subset';
      let params;
      if (req.method === 'GET' || req.method === 'DELETE') {
        params = parseFormOr400(url.search.slice(1));
      } else {
        const ct = (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
        if (rawBody.length && ct !== 'application/x-www-form-urlencoded') {
          const e = invalid(`Invalid request: unsupported Content-Type ${ct || '(none)'}. If error persists and you need assistance, please contact support@stripe.com.`);
          logEntry.validation_errors.push({ param: null, message: e.message });
          this.state.validationFailures.push({ request_id: requestId, method: req.method, path: url.pathname, operation: logEntry.operation, errors: logEntry.validation_errors });
          throw e;
        }
        params = parseFormOr400(rawBody);
        if (url.search.length > 1) Object.assign(params, parseFormOr400(url.search.slice(1)));
      }
      logEntry.params = params;
      const { errors, params: typed } = this.spec.validate(route, params);
      if (errors.length) {
        logEntry.validation_errors = errors;
        this.state.validationFailures.push({ request_id: requestId, method: req.method, path: url.pathname, operation: logEntry.operation, errors });
        const first = errors[0];
        throw invalid(first.message, { ...(first.code ? { code: first.code } : {}), param: first.param });
      }
      ctx.params = typed;
      ctx.pathParams = pathParams;

      // 3. connected account (after validation: Stripe rejects unknown params first)
      this.resolveAccount(req, ctx);

      // 4. failure injection rule: taken when the request is really handled (a request
      // refused with 409 because its idempotency key is busy does not consume a rule)
      let rule = null;
      const takeRule = () => {
        rule = this.takeFailure(req.method, url.pathname, route.template);
        if (rule) logEntry.injected_failure = rule.mode + (rule.after_processing ? ' (after processing)' : '');
      };
      const failNow = () => {
        if (rule.mode === 'drop') logEntry.status = 'dropped';
        return this.applyFailure(rule, res, respond);
      };

      // 5. idempotency
      const idemKey = logEntry.idempotency_key;
      let idemSlot = null;
      if (idemKey && req.method === 'POST') {
        if (idemKey.length > 255) throw invalid('Idempotency-Key must be at most 255 characters long.', {}, 400);
        idemSlot = `${ctx.key}|${ctx.account || ''}|${idemKey}`;
        const fingerprint = JSON.stringify([req.method, url.pathname, flattenParams(params)]);
        const prior = this.state.idempotency.get(idemSlot);
        if (prior) {
          if (prior.fingerprint !== fingerprint) {
            throw new StripeError(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            });
          }
          takeRule();
          if (rule && !rule.after_processing && rule.mode !== 'timeout') return failNow();
          if (rule && !rule.after_processing) {
            await this.sleep(rule.delay_ms ?? 30000);
            if (this.closing) return;
          }
          logEntry.replayed = true;
          return this.finish(rule, res, logEntry, () => respond(prior.status, prior.body, { 'Idempotent-Replayed': 'true', 'Original-Request': prior.requestId }));
        }
        if (this.inflightIdem.has(idemSlot)) {
          throw new StripeError(409, {
            type: 'idempotency_error',
            code: 'idempotency_key_in_use',
            message: `There is currently another in-progress request using this Stripe API key (that also uses this idempotency key). Try again later.`,
          });
        }
        this.inflightIdem.add(idemSlot);
        ctx.fingerprint = fingerprint;
      }
      takeRule();
      const release = () => idemSlot && this.inflightIdem.delete(idemSlot);

      // before-processing failures: nothing runs, nothing is stored under the key
      if (rule && !rule.after_processing) {
        if (rule.mode === 'timeout') {
          // a slow Stripe: the request (and its idempotency key) stays in progress
          await this.sleep(rule.delay_ms ?? 30000);
          if (this.closing) return release();
        } else {
          release();
          return failNow();
        }
      }

      // 6. the operation itself
      let status = 200;
      let body;
      let headers = {};
      try {
        body = this.dispatch(route, ctx, req);
      } catch (e) {
        if (!(e instanceof StripeError)) throw e;
        status = e.status;
        body = errorBody(e.fields);
        headers = e.headers;
      } finally {
        release();
      }
      body = JSON.parse(toJson(body, 0)); // the response as of processing time (held responses too)
      if (idemSlot) this.state.idempotency.set(idemSlot, { fingerprint: ctx.fingerprint, status, body, requestId, created: now() });
      if (req.method === 'POST') this.saveState();
      logEntry.handled = true;
      return this.finish(rule, res, logEntry, () => respond(status, body, headers));
    } catch (e) {
      if (e instanceof StripeError) return respond(e.status, errorBody(e.fields), e.headers);
      throw e;
    }
  }

  // after-processing failure modes wrap the real response
  async finish(rule, res, logEntry, send) {
    if (!rule || !rule.after_processing) return send();
    if (rule.mode === 'timeout') {
      await this.sleep(rule.delay_ms ?? 30000);
      if (res.destroyed || this.closing) return;
      return send();
    }
    if (rule.mode === 'drop') logEntry.status = 'dropped';
    return this.applyFailure(rule, res, (status, body, headers) => {
      logEntry.status = status;
      this.sendJson(res, status, body, { 'Request-Id': logEntry.id, ...headers });
    });
  }

  applyFailure(rule, res, respond) {
    const retryHdr = rule.should_retry === undefined ? {} : { 'Stripe-Should-Retry': String(rule.should_retry) };
    switch (rule.mode) {
      case 'drop':
        res.socket?.destroy();
        return;
      case 'http_429':
        return respond(rule.status || 429, errorBody({ type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' }), retryHdr);
      case 'http_409':
        return respond(rule.status || 409, errorBody({ type: 'invalid_request_error', code: 'lock_timeout', message: 'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. (stripe-mock injected 409)' }), retryHdr);
      case 'stripe_should_retry_false':
        return respond(rule.status || 500, errorBody({ type: 'api_error', message: 'An unknown error occurred (stripe-mock injected, Stripe-Should-Retry: false).' }), { 'Stripe-Should-Retry': 'false' });
      case 'http_500':
      default:
        return respond(rule.status || 500, errorBody({ type: 'api_error', message: 'An unknown error occurred (stripe-mock injected 500).' }), retryHdr);
    }
  }

  takeFailure(method, pathname, template) {
    const f = this.state.failures;
    for (let i = 0; i < f.length; i++) {
      const r = f[i];
      if (r.method && r.method.toUpperCase() !== method) continue;
      if (r.path) {
        const ok = r.path === pathname || r.path === template || (r.path.endsWith('*') && pathname.startsWith(r.path.slice(0, -1)));
        if (!ok) continue;
      }
      // `skip`: let that many matching requests through first (fail the second refund only).
      if (r.skip > 0) {
        r.skip--;
        continue;
      }
      r.remaining--;
      r.used = (r.used || 0) + 1;
      if (r.remaining <= 0) f.splice(i, 1);
      return r;
    }
    return null;
  }

  authenticate(req, ctx) {
    const auth = req.headers.authorization || '';
    let key = null;
    let m;
    if ((m = /^Bearer\s+(.+)$/i.exec(auth))) key = m[1].trim();
    else if ((m = /^Basic\s+(.+)$/i.exec(auth))) {
      const dec = Buffer.from(m[1].trim(), 'base64').toString('utf8');
      key = dec.split(':')[0];
    }
    if (!key) {
      throw new StripeError(401, {
        type: 'invalid_request_error',
        message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.',
      });
    }
    const masked = key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : key;
    const bad = () => new StripeError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${masked}` });
    if (/^sk_test_[A-Za-z0-9_]+$/.test(key) || /^rk_test_[A-Za-z0-9_]+$/.test(key)) {
      if (this.secretKeys && !this.secretKeys.includes(key)) throw bad();
      ctx.keyType = 'secret';
    } else if (/^pk_test_[A-Za-z0-9_]+$/.test(key)) {
      if (this.publishableKeys && !this.publishableKeys.includes(key)) throw bad();
      ctx.keyType = 'publishable';
    } else if (this.liveSecretKeys.includes(key) || this.livePublishableKeys.includes(key)) {
      ctx.keyType = this.liveSecretKeys.includes(key) ? 'secret' : 'publishable';
      ctx.livemode = true;
      const mode = this.requestMode.getStore();
      if (mode) mode.live = true;
    } else if (/^(sk|pk|rk)_live_/.test(key)) {
      throw new StripeError(401, { type: 'invalid_request_error', message: `stripe-mock is test mode only; live mode key provided: ${masked}` });
    } else throw bad();
    ctx.key = key;
    const mode = this.requestMode.getStore();
    if (mode) mode.api = true; // an authenticated API request: it sees its own mode only
  }

  resolveAccount(req, ctx) {
    const hdr = req.headers['stripe-account'];
    ctx.account = null;
    if (hdr === undefined || hdr === '') return;
    const id = String(hdr).trim();
    const acct = /^acct_[A-Za-z0-9]+$/.test(id) ? this.account(id) : null;
    if (!acct || acct._deauthorized) {
      throw new StripeError(403, {
        type: 'invalid_request_error',
        code: 'account_invalid',
        message: `The provided key '${ctx.key.slice(0, 8)}***' does not have access to account '${id}' (or that account does not exist). Application access may have been revoked.`,
      });
    }
    ctx.account = id;
  }

  requireSecret(ctx) {
    if (ctx.keyType !== 'secret') {
      throw new StripeError(401, {
        type: 'invalid_request_error',
        message: 'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
      });
    }
  }

  dispatch(route, ctx, req) {
    const key = `${route.method} ${route.template}`;
    const h = this.routes()[key];
    if (!h) throw invalid(`Unrecognized request URL (${route.method}: ${route.template}). (declared in the spec but not implemented by stripe-mock)`, {}, 404);
    if (!h.publishable) this.requireSecret(ctx);
    const result = h.fn.call(this, ctx, req);
    return this.expand(result, ctx.params?.expand, ctx.account);
  }

  routes() {
    if (this._routes) return this._routes;
    const r = (fn, publishable = false) => ({ fn, publishable });
    this._routes = {
      'POST /v1/payment_intents': r(this.createPaymentIntent),
      'GET /v1/payment_intents': r(this.listPaymentIntents),
      'GET /v1/payment_intents/{intent}': r(this.retrievePaymentIntent, true),
      'POST /v1/payment_intents/{intent}': r(this.updatePaymentIntent),
      'POST /v1/payment_intents/{intent}/confirm': r(this.confirmPaymentIntentRoute, true),
      'POST /v1/payment_intents/{intent}/cancel': r(this.cancelPaymentIntent),
      'POST /v1/payment_intents/{intent}/capture': r(this.capturePaymentIntent),
      'POST /v1/payment_intents/{intent}/_mock_authenticate': r(this.authenticateRoute, true),
      'POST /v1/refunds': r(this.createRefund),
      'GET /v1/refunds/{refund}': r((ctx) => this.mustGet('refund', ctx.pathParams.refund, ctx.account, 'refund')),
      'GET /v1/charges/{charge}': r((ctx) => this.mustGet('charge', ctx.pathParams.charge, ctx.account, 'charge')),
      'GET /v1/payment_methods/{payment_method}': r((ctx) => this.mustGet('payment_method', ctx.pathParams.payment_method, ctx.account, 'payment_method')),
      'GET /v1/application_fees/{id}': r((ctx) => this.mustGet('application_fee', ctx.pathParams.id, null, 'id', 'application fee')),
      'POST /v1/accounts': r(this.createAccount),
      'GET /v1/accounts/{account}': r(this.retrieveAccount),
      'POST /v1/accounts/{account}': r(this.updateAccount),
      'GET /v1/account': r((ctx) => (ctx.account ? this.account(ctx.account) : this.platformAccount())),
      'POST /v1/account_links': r(this.createAccountLink),
      'POST /v1/accounts/{account}/login_links': r(this.createLoginLink),
      'GET /v1/events/{id}': r((ctx) => this.mustGet('event', ctx.pathParams.id, ctx.account, 'id', 'event')),
      'GET /v1/events': r(this.listEvents),
      'POST /v1/customers': r(this.createCustomer),
      'GET /v1/customers/{customer}': r((ctx) => this.mustGet('customer', ctx.pathParams.customer, ctx.account, 'customer')),
      'POST /v1/transfers': r(this.createTransfer),
      'GET /v1/transfers/{transfer}': r((ctx) => this.mustGet('transfer', ctx.pathParams.transfer, ctx.account, 'transfer')),
      ...connectRoutes(this, r, { invalid, rand }),
      ...offSessionRoutes(this, r, { invalid, rand, StripeError }),
    };
    return this._routes;
  }

  mustGet(type, id, account, param, label = type) {
    const o = this.get(type, id, account);
    if (!o) throw missing(label, id, param);
    return o;
  }

  expand(obj, expandList, account) {
    if (!obj || !Array.isArray(expandList) || expandList.length === 0) return obj;
    const out = clone(obj);
    for (const pathStr of expandList) {
      const parts = pathStr.split('.');
      const walk = (node, i) => {
        if (!node || typeof node !== 'object' || i >= parts.length) return;
        const k = parts[i];
        if (k === 'data' && Array.isArray(node.data)) return node.data.forEach((d) => walk(d, i + 1));
        if (typeof node[k] === 'string') {
          const rec = this.state.objects.get(node[k]);
          if (rec && (rec.account === (account || null) || rec.type === 'account')) node[k] = clone(rec.obj);
        }
        walk(node[k], i + 1);
      };
      walk(out, 0);
    }
    return out;
  }

  // ---- amounts ----
  checkCurrency(currency) {
    if (!this.currencies.has(currency)) {
      throw invalid(`Invalid currency: ${currency}. Stripe currently supports these currencies: ${[...this.currencies.keys()].slice(0, 20).join(', ')}, ...`, { param: 'currency' });
    }
  }
  checkAmount(amount, currency, param = 'amount') {
    if (!Number.isInteger(amount) || amount < 1) {
      throw invalid('This value must be greater than or equal to 1.', { code: 'parameter_invalid_integer', param });
    }
    const cur = this.currencies.get(currency);
    const min = MIN_CHARGE[currency];
    if (min && amount < min) {
      const exp = cur?.stripe_amount_exponent ?? 2;
      const major = (min / 10 ** exp).toFixed(exp);
      throw invalid(`Amount must be at least ${major} ${currency}`, { code: 'amount_too_small', param });
    }
    const max = currency === 'idr' ? 999999999999 : 99999999;
    if (amount > max) throw invalid(`Amount must be no more than ${max}`, { code: 'amount_too_large', param });
    if (cur?.charge_amount_multiple_of && amount % cur.charge_amount_multiple_of !== 0) {
      throw invalid(`Invalid ${currency} amount: must be a multiple of ${cur.charge_amount_multiple_of}`, { code: 'invalid_charge_amount', param });
    }
  }
  applyMetadata(target, metadata) {
    if (metadata === undefined) return;
    if (metadata === '') {
      target.metadata = {};
      return;
    }
    const md = { ...(target.metadata || {}) };
    for (const [k, v] of Object.entries(metadata)) {
      if (k.length > 40) throw invalid(`Invalid metadata: keys can be at most 40 characters long (${k})`, { param: `metadata[${k}]` });
      if (typeof v === 'string' && v.length > 500) throw invalid(`Invalid metadata: values can be at most 500 characters long`, { param: `metadata[${k}]` });
      if (v === '') delete md[k];
      else md[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    if (Object.keys(md).length > 50) throw invalid('Invalid metadata: at most 50 keys', { param: 'metadata' });
    target.metadata = md;
  }

  // ---------------------------------------------------------------------------------------
  // PaymentIntents

  createPaymentIntent(ctx) {
    const p = ctx.params;
    this.checkCurrency(p.currency);
    this.checkAmount(p.amount, p.currency);
    if (p.application_fee_amount !== undefined && p.application_fee_amount !== '') {
      if (!ctx.account) {
        throw invalid('Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).', { param: 'application_fee_amount' });
      }
      if (p.application_fee_amount < 0 || p.application_fee_amount > p.amount) {
        throw invalid('The application fee amount must be a non-negative integer no greater than the amount.', { param: 'application_fee_amount' });
      }
    }
    if (p.automatic_payment_methods?.enabled && p.payment_method_types) {
      throw invalid('You may only specify one of these parameters: automatic_payment_methods, payment_method_types.', { code: 'parameters_exclusive', param: 'automatic_payment_methods' });
    }
    if (p.payment_method && !p.confirm) this.resolvePaymentMethod(p.payment_method, ctx.account);
    if (p.customer && !this.get('customer', p.customer, ctx.account)) throw invalid(`No such customer: '${p.customer}'`, { code: 'resource_missing', param: 'customer' });
    const id = newId('pi');
    const pi = {
      id,
      object: 'payment_intent',
      amount: p.amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: p.application_fee_amount === '' || p.application_fee_amount === undefined ? null : p.application_fee_amount,
      automatic_payment_methods: p.automatic_payment_methods ? { allow_redirects: p.automatic_payment_methods.allow_redirects || 'always', enabled: !!p.automatic_payment_methods.enabled } : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: p.capture_method || 'automatic',
      client_secret: `${id}_secret_${rand(25)}`,
      confirmation_method: p.confirmation_method || 'automatic',
      created: now(),
      currency: p.currency,
      customer: p.customer || null,
      description: p.description ?? null,
      invoice: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: {},
      next_action: null,
      on_behalf_of: p.on_behalf_of || null,
      payment_method: null,
      payment_method_configuration_details: null,
      payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
      payment_method_types: p.payment_method_types || ['card'],
      processing: null,
      receipt_email: p.receipt_email ?? null,
      review: null,
      setup_future_usage: p.setup_future_usage || null,
      shipping: p.shipping || null,
      source: null,
      statement_descriptor: p.statement_descriptor || null,
      statement_descriptor_suffix: p.statement_descriptor_suffix || null,
      status: 'requires_payment_method',
      transfer_data: p.transfer_data || null,
      transfer_group: p.transfer_group || null,
    };
    if (p.payment_method && !p.confirm) {
      pi.payment_method = this.resolvePaymentMethod(p.payment_method, ctx.account).id;
      pi.status = 'requires_confirmation';
    }
    this.applyMetadata(pi, p.metadata);
    this.put('payment_intent', ctx.account, pi);
    this.emit('payment_intent.created', pi, ctx.account, ctx);
    if (p.confirm) {
      return this.confirm(pi, { payment_method: p.payment_method, return_url: p.return_url, off_session: p.off_session, error_on_requires_action: p.error_on_requires_action }, ctx);
    }
    return pi;
  }

  listPaymentIntents(ctx) {
    const all = [];
    for (const rec of this.state.objects.values()) if (rec.type === 'payment_intent' && rec.account === ctx.account) all.push(rec.obj);
    all.sort((a, b) => b.created - a.created);
    const limit = Math.min(ctx.params.limit || 10, 100);
    return { object: 'list', data: all.slice(0, limit), has_more: all.length > limit, url: '/v1/payment_intents' };
  }

  findIntent(ctx) {
    const id = ctx.pathParams.intent;
    const pi = this.get('payment_intent', id, ctx.account);
    if (!pi) throw missing('payment_intent', id, 'intent');
    if (ctx.keyType === 'publishable') {
      const cs = ctx.params.client_secret;
      if (!cs) throw invalid('The client_secret parameter is required when using a publishable key.', { code: 'parameter_missing', param: 'client_secret' });
      if (cs !== pi.client_secret) {
        throw invalid('The client_secret provided does not match the client_secret associated with the PaymentIntent.', { code: 'payment_intent_invalid_parameter', param: 'client_secret' });
      }
    }
    return pi;
  }

  publicView(pi, ctx) {
    if (ctx.keyType !== 'publishable') return pi;
    const keep = ['id', 'object', 'amount', 'amount_details', 'automatic_payment_methods', 'canceled_at', 'cancellation_reason', 'capture_method', 'client_secret', 'confirmation_method', 'created', 'currency', 'description', 'last_payment_error', 'livemode', 'next_action', 'payment_method', 'payment_method_types', 'processing', 'receipt_email', 'setup_future_usage', 'shipping', 'source', 'status'];
    return Object.fromEntries(keep.map((k) => [k, pi[k] ?? null]));
  }

  retrievePaymentIntent(ctx) {
    return this.publicView(this.findIntent(ctx), ctx);
  }

  updatePaymentIntent(ctx) {
    const pi = this.findIntent(ctx);
    const p = ctx.params;
    if (['succeeded', 'canceled', 'processing'].includes(pi.status)) {
      throw invalid(`This PaymentIntent's parameters cannot be updated because it has a status of ${pi.status}. You can only update a PaymentIntent in one of the following statuses: requires_payment_method, requires_confirmation, requires_action.`, { code: 'payment_intent_unexpected_state' });
    }
    const prev = {};
    const set = (k, v) => {
      if (v === undefined) return;
      prev[k] = clone(pi[k]);
      pi[k] = v === '' ? null : v;
    };
    const currency = p.currency || pi.currency;
    if (p.currency) this.checkCurrency(p.currency);
    if (p.amount !== undefined) this.checkAmount(p.amount, currency);
    const amount = p.amount ?? pi.amount;
    if (p.application_fee_amount !== undefined && p.application_fee_amount !== '' && p.application_fee_amount > amount) {
      throw invalid('The application fee amount must be a non-negative integer no greater than the amount.', { param: 'application_fee_amount' });
    }
    for (const k of ['amount', 'currency', 'application_fee_amount', 'description', 'receipt_email', 'capture_method', 'customer', 'setup_future_usage', 'shipping', 'statement_descriptor', 'statement_descriptor_suffix', 'transfer_group', 'payment_method_types']) set(k, p[k]);
    if (p.payment_method !== undefined) {
      prev.payment_method = pi.payment_method;
      pi.payment_method = p.payment_method === '' ? null : this.resolvePaymentMethod(p.payment_method, ctx.account).id;
      if (pi.payment_method && pi.status === 'requires_payment_method') pi.status = 'requires_confirmation';
    }
    if (p.metadata !== undefined) {
      prev.metadata = clone(pi.metadata);
      this.applyMetadata(pi, p.metadata);
    }
    return pi;
  }

  resolvePaymentMethod(pmId, account) {
    if (typeof pmId !== 'string') throw invalid('Invalid payment_method', { param: 'payment_method' });
    const existing = this.state.objects.get(pmId);
    if (existing && existing.type === 'payment_method' && (existing.account === (account || null))) return existing.obj;
    const card = TEST_CARDS[pmId];
    if (!card) throw missingParam('PaymentMethod', pmId, 'payment_method');
    const pm = {
      id: newId('pm'),
      object: 'payment_method',
      billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null },
      card: { brand: card.brand, checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'unchecked' }, country: 'US', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, funding: card.funding || 'credit', last4: card.last4, networks: { available: [card.brand], preferred: null }, three_d_secure_usage: { supported: true }, wallet: null },
      created: now(),
      customer: null,
      livemode: false,
      metadata: {},
      type: 'card',
      _test_card: pmId,
    };
    this.put('payment_method', account, pm);
    return pm;
  }
  cardOf(pm) {
    return TEST_CARDS[pm._test_card] || { outcome: 'success' };
  }

  confirmPaymentIntentRoute(ctx) {
    const pi = this.findIntent(ctx);
    const res = this.confirm(pi, ctx.params, ctx);
    return this.publicView(res, ctx);
  }

  confirm(pi, p, ctx) {
    const allowed = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
    if (!allowed.includes(pi.status)) {
      throw invalid(`This PaymentIntent's payment_method could not be updated because it has a status of ${pi.status}. You may only update the payment_method of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.`, { code: 'payment_intent_unexpected_state', payment_intent: clone(this.publicView(pi, ctx)) });
    }
    if (p.payment_method) pi.payment_method = this.resolvePaymentMethod(p.payment_method, ctx.account).id;
    else if (p.payment_method_data?.type === 'card') pi.payment_method = this.resolvePaymentMethod('pm_card_visa', ctx.account).id;
    if (!pi.payment_method) {
      throw invalid('You cannot confirm this PaymentIntent because it\'s missing a payment method. To confirm the PaymentIntent with cus_..., specify a payment method attached to this customer along with the customer ID.', { code: 'payment_intent_unexpected_state', param: 'payment_method' });
    }
    if (p.receipt_email !== undefined) pi.receipt_email = p.receipt_email || null;
    if (p.capture_method) pi.capture_method = p.capture_method;
    if (p.setup_future_usage !== undefined) pi.setup_future_usage = p.setup_future_usage || null;
    if (p.shipping) pi.shipping = p.shipping;
    pi.last_payment_error = null;
    pi.next_action = null;
    const pm = this.get('payment_method', pi.payment_method, ctx.account);
    this.routes(); // offsession.mjs installs the customer checks
    this.checkCustomerPaymentMethod(pi, pm, ctx);
    const card = this.cardOf(pm);
    if (card.outcome === '3ds') {
      if (p.off_session === true || p.off_session === 'one_off' || p.off_session === 'recurring' || p.error_on_requires_action) {
        return this.fail(pi, pm, { code: 'authentication_required', decline_code: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.' }, ctx);
      }
      pi.status = 'requires_action';
      pi.next_action = {
        type: 'use_stripe_sdk',
        use_stripe_sdk: {
          type: 'three_d_secure_redirect',
          stripe_js: `${ctx.baseUrl}/_mock/3ds/${pi.id}`,
          source: `src_${rand(24)}`,
          directory_server_name: 'visa',
        },
      };
      pi._return_url = p.return_url || null;
      this.emit('payment_intent.requires_action', pi, ctx.account, ctx);
      return pi;
    }
    if (card.outcome === 'processing') {
      this.newCharge(pi, pm, ctx, { status: 'pending', paid: false, captured: false, outcome: { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment pending.', type: 'authorized' } });
      pi.status = 'processing';
      this.emit('charge.pending', this.get('charge', pi.latest_charge, ctx.account), ctx.account, ctx);
      this.emit('payment_intent.processing', pi, ctx.account, ctx);
      return pi;
    }
    if (card.outcome === 'decline') {
      return this.fail(pi, pm, { code: card.code || 'card_declined', decline_code: card.decline_code, message: DECLINE_MESSAGES[card.decline_code] || 'Your card was declined.' }, ctx);
    }
    return this.succeed(pi, pm, ctx);
  }

  newCharge(pi, pm, ctx, fields) {
    const ch = {
      id: newId('ch'),
      object: 'charge',
      amount: pi.amount,
      amount_captured: 0,
      amount_refunded: 0,
      application: null,
      application_fee: null,
      application_fee_amount: pi.application_fee_amount,
      balance_transaction: null,
      billing_details: pm?.billing_details || null,
      calculated_statement_descriptor: 'SLOTPAY MOCK',
      captured: false,
      created: now(),
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      disputed: false,
      failure_code: null,
      failure_message: null,
      livemode: false,
      metadata: clone(pi.metadata),
      on_behalf_of: pi.on_behalf_of,
      outcome: null,
      paid: false,
      payment_intent: pi.id,
      payment_method: pm?.id || null,
      payment_method_details: pm ? { card: { brand: pm.card.brand, last4: pm.card.last4, exp_month: pm.card.exp_month, exp_year: pm.card.exp_year, funding: pm.card.funding, country: 'US', network: pm.card.brand }, type: 'card' } : null,
      receipt_email: pi.receipt_email,
      refunded: false,
      refunds: { object: 'list', data: [], has_more: false, total_count: 0, url: '' },
      status: 'pending',
      transfer_data: pi.transfer_data,
      transfer_group: pi.transfer_group,
      ...fields,
    };
    ch.refunds.url = `/v1/charges/${ch.id}/refunds`;
    this.put('charge', ctx.account, ch);
    pi.latest_charge = ch.id;
    return ch;
  }

  fail(pi, pm, err, ctx) {
    const ch = this.newCharge(pi, pm, ctx, {
      status: 'failed',
      failure_code: err.code,
      failure_message: err.message,
      outcome: { network_status: 'declined_by_network', reason: err.decline_code, risk_level: 'normal', seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' },
    });
    pi.status = 'requires_payment_method';
    pi.next_action = null;
    pi.last_payment_error = {
      charge: ch.id,
      code: err.code,
      decline_code: err.decline_code,
      doc_url: `${DOC}#${err.code.replace(/_/g, '-')}`,
      message: err.message,
      payment_method: clone(pm),
      type: 'card_error',
    };
    this.emit('charge.failed', ch, ctx.account, ctx);
    this.emit('payment_intent.payment_failed', pi, ctx.account, ctx);
    // Stripe answers a declined confirm with HTTP 402 and the intent inside the error
    throw new StripeError(402, {
      type: 'card_error',
      code: err.code,
      decline_code: err.decline_code,
      charge: ch.id,
      message: err.message,
      payment_intent: clone(this.publicView(pi, ctx)),
      payment_method: clone(pm),
      request_log_url: `https://dashboard.stripe.com/test/logs/${ctx.requestId}`,
    });
  }

  succeed(pi, pm, ctx) {
    const manual = pi.capture_method === 'manual';
    const ch = this.newCharge(pi, pm, ctx, {
      status: 'succeeded',
      paid: true,
      captured: !manual,
      amount_captured: manual ? 0 : pi.amount,
      outcome: { network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 20, seller_message: 'Payment complete.', type: 'authorized' },
      receipt_url: `${ctx.baseUrl}/_mock/receipts/${pi.id}`,
    });
    pi.next_action = null;
    pi.last_payment_error = null;
    if (manual) {
      pi.status = 'requires_capture';
      pi.amount_capturable = pi.amount;
      this.emit('charge.succeeded', ch, ctx.account, ctx);
      this.emit('payment_intent.amount_capturable_updated', pi, ctx.account, ctx);
    } else {
      pi.status = 'succeeded';
      pi.amount_received = pi.amount;
      this.collectFee(ch, ctx);
      this.emit('charge.succeeded', ch, ctx.account, ctx);
      this.routes();
      this.afterPaymentSucceeded(pi, pm, ctx);
      this.emit('payment_intent.succeeded', pi, ctx.account, ctx);
    }
    return pi;
  }

  settle(pi, result, ctx) {
    if (pi.status !== 'processing') {
      throw invalid(`This PaymentIntent has a status of ${pi.status}; only a processing PaymentIntent can be settled.`, { code: 'payment_intent_unexpected_state' });
    }
    const ch = this.get('charge', pi.latest_charge, ctx.account);
    const pm = this.get('payment_method', pi.payment_method, ctx.account);
    if (result === 'success') {
      Object.assign(ch, { status: 'succeeded', paid: true, captured: true, amount_captured: pi.amount, outcome: { ...ch.outcome, seller_message: 'Payment complete.' } });
      pi.status = 'succeeded';
      pi.amount_received = pi.amount;
      this.collectFee(ch, ctx);
      this.emit('charge.succeeded', ch, ctx.account, ctx);
      this.emit('payment_intent.succeeded', pi, ctx.account, ctx);
      return pi;
    }
    const message = 'Your card was declined.';
    Object.assign(ch, { status: 'failed', failure_code: 'card_declined', failure_message: message, outcome: { ...ch.outcome, network_status: 'declined_by_network', reason: 'generic_decline', type: 'issuer_declined' } });
    pi.status = 'requires_payment_method';
    pi.last_payment_error = { charge: ch.id, code: 'card_declined', decline_code: 'generic_decline', doc_url: `${DOC}#card-declined`, message, payment_method: clone(pm), type: 'card_error' };
    this.emit('charge.failed', ch, ctx.account, ctx);
    this.emit('payment_intent.payment_failed', pi, ctx.account, ctx);
    return pi;
  }

  collectFee(ch, ctx) {
    if (!ctx.account || !ch.application_fee_amount) return;
    const fee = {
      id: newId('fee'),
      object: 'application_fee',
      account: ctx.account,
      amount: Math.min(ch.application_fee_amount, ch.amount_captured || ch.amount),
      amount_refunded: 0,
      charge: ch.id,
      created: now(),
      currency: ch.currency,
      livemode: false,
      originating_transaction: null,
      refunded: false,
      refunds: { object: 'list', data: [], has_more: false, total_count: 0, url: '' },
    };
    fee.refunds.url = `/v1/application_fees/${fee.id}/refunds`;
    this.put('application_fee', null, fee);
    ch.application_fee = fee.id;
    this.emit('application_fee.created', fee, null, ctx);
  }

  authenticateRoute(ctx) {
    const pi = this.findIntent(ctx);
    return this.publicView(this.completeAuthentication(pi, ctx.params.result || 'success', ctx), ctx);
  }

  completeAuthentication(pi, result, ctx) {
    if (pi.status !== 'requires_action') {
      throw invalid(`This PaymentIntent has a status of ${pi.status}; it must be requires_action to complete authentication.`, { code: 'payment_intent_unexpected_state' });
    }
    const pm = this.get('payment_method', pi.payment_method, ctx.account);
    if (result === 'success') return this.succeed(pi, pm, ctx);
    // failed authentication: no charge, back to requires_payment_method (HTTP 200, as Stripe.js sees it)
    pi.status = 'requires_payment_method';
    pi.next_action = null;
    pi.last_payment_error = {
      code: 'payment_intent_authentication_failure',
      doc_url: `${DOC}#payment-intent-authentication-failure`,
      message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
      payment_method: clone(pm),
      type: 'invalid_request_error',
    };
    pi.payment_method = null;
    this.emit('payment_intent.payment_failed', pi, ctx.account, ctx);
    return pi;
  }

  cancelPaymentIntent(ctx) {
    const pi = this.findIntent(ctx);
    const cancellable = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action'];
    if (!cancellable.includes(pi.status)) {
      throw invalid(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancellable.join(', ')}.`, { code: 'payment_intent_unexpected_state', payment_intent: clone(pi) });
    }
    if (pi.status === 'requires_capture' && pi.latest_charge) {
      const ch = this.get('charge', pi.latest_charge, ctx.account);
      if (ch) {
        ch.refunded = true;
        ch.amount_refunded = ch.amount;
      }
    }
    pi.status = 'canceled';
    pi.canceled_at = now();
    pi.cancellation_reason = ctx.params.cancellation_reason || null;
    pi.next_action = null;
    pi.amount_capturable = 0;
    this.emit('payment_intent.canceled', pi, ctx.account, ctx);
    return pi;
  }

  capturePaymentIntent(ctx) {
    const pi = this.findIntent(ctx);
    const p = ctx.params;
    if (pi.status !== 'requires_capture') {
      throw invalid(`This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`, { code: 'payment_intent_unexpected_state', payment_intent: clone(pi) });
    }
    const amt = p.amount_to_capture ?? pi.amount_capturable;
    if (amt > pi.amount_capturable || amt < 1) {
      throw invalid(`The amount_to_capture must be a positive integer no greater than the amount_capturable (${pi.amount_capturable}).`, { code: 'amount_too_large', param: 'amount_to_capture' });
    }
    if (p.application_fee_amount !== undefined) {
      if (!ctx.account) throw invalid('application_fee_amount requires a connected account (Stripe-Account header).', { param: 'application_fee_amount' });
      if (p.application_fee_amount > amt) throw invalid('The application fee amount must be no greater than the captured amount.', { param: 'application_fee_amount' });
      pi.application_fee_amount = p.application_fee_amount;
    }
    this.applyMetadata(pi, p.metadata);
    const ch = this.get('charge', pi.latest_charge, ctx.account);
    pi.status = 'succeeded';
    pi.amount_received = amt;
    pi.amount_capturable = 0;
    if (ch) {
      ch.captured = true;
      ch.amount_captured = amt;
      ch.application_fee_amount = pi.application_fee_amount;
      if (amt < ch.amount) ch.amount_refunded = ch.amount - amt;
      this.collectFee(ch, ctx);
      this.emit('charge.captured', ch, ctx.account, ctx);
    }
    this.emit('payment_intent.succeeded', pi, ctx.account, ctx);
    return pi;
  }

  // ---------------------------------------------------------------------------------------
  // Refunds

  createRefund(ctx) {
    const p = ctx.params;
    let ch;
    let pi = null;
    if (!p.charge && !p.payment_intent) {
      throw invalid('One of the following params should be provided for this request: payment_intent or charge.', { code: 'parameter_missing', param: 'payment_intent' });
    }
    if (p.payment_intent) {
      pi = this.get('payment_intent', p.payment_intent, ctx.account);
      if (!pi) throw missingParam('payment_intent', p.payment_intent, 'payment_intent');
      if (!pi.latest_charge || !['succeeded', 'requires_capture'].includes(pi.status)) {
        throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { code: 'charge_not_refundable', param: 'payment_intent' });
      }
      ch = this.get('charge', pi.latest_charge, ctx.account);
    }
    if (p.charge) {
      const c = this.get('charge', p.charge, ctx.account);
      if (!c) throw missingParam('charge', p.charge, 'charge');
      if (ch && ch.id !== c.id) throw invalid(`Charge ${c.id} does not belong to PaymentIntent ${pi.id}.`, { param: 'charge' });
      ch = c;
      pi = ch.payment_intent ? this.get('payment_intent', ch.payment_intent, ctx.account) : null;
    }
    if (!ch || ch.status !== 'succeeded') throw invalid(`Charge ${ch?.id} has not succeeded and cannot be refunded.`, { code: 'charge_not_refundable', param: 'charge' });
    if (!ch.captured) throw invalid('This charge has not been captured; cancel the PaymentIntent instead of refunding it.', { code: 'charge_not_refundable', param: 'charge' });
    const refundable = ch.amount_captured - ch.amount_refunded;
    if (refundable <= 0) throw invalid(`Charge ${ch.id} has already been refunded.`, { code: 'charge_already_refunded', param: 'charge' });
    const amount = p.amount ?? refundable;
    if (!Number.isInteger(amount) || amount < 1) throw invalid('Refund amount must be a positive integer.', { code: 'parameter_invalid_integer', param: 'amount' });
    if (amount > refundable) {
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable})`, { code: 'amount_too_large', param: 'amount' });
    }
    if (p.refund_application_fee && !ctx.account) {
      // platform charges have no application fee of their own; Stripe ignores it there too
    }
    const re = {
      id: newId('re'),
      object: 'refund',
      amount,
      balance_transaction: `txn_${rand(24)}`,
      charge: ch.id,
      created: now(),
      currency: ch.currency,
      description: null,
      destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
      metadata: {},
      payment_intent: ch.payment_intent,
      reason: p.reason || null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: p.reverse_transfer && ch.transfer_data ? `trr_${rand(24)}` : null,
    };
    this.applyMetadata(re, p.metadata);
    this.put('refund', ctx.account, re);
    const prev = { amount_refunded: ch.amount_refunded, refunded: ch.refunded };
    ch.amount_refunded += amount;
    ch.refunded = ch.amount_refunded >= ch.amount_captured;
    ch.refunds.data.unshift(clone(re));
    ch.refunds.total_count++;
    // application fee refund: only when asked, proportional for partial refunds
    if (p.refund_application_fee && ch.application_fee) {
      const fee = this.get('application_fee', ch.application_fee, null);
      if (fee) {
        const share = ch.refunded ? fee.amount - fee.amount_refunded : Math.min(fee.amount - fee.amount_refunded, Math.floor((fee.amount * amount) / ch.amount_captured));
        if (share > 0) {
          const fr = { id: newId('fr'), object: 'fee_refund', amount: share, created: now(), currency: fee.currency, fee: fee.id, metadata: {} };
          fee.amount_refunded += share;
          fee.refunded = fee.amount_refunded >= fee.amount;
          fee.refunds.data.unshift(fr);
          fee.refunds.total_count++;
          this.emit('application_fee.refunded', fee, null, ctx);
        }
      }
    }
    this.emit('refund.created', re, ctx.account, ctx);
    this.emit('charge.refunded', ch, ctx.account, ctx, prev);
    return re;
  }

  // ---------------------------------------------------------------------------------------
  // Accounts

  platformAccount() {
    return { id: 'acct_slotpayplatform', object: 'account', type: 'standard', country: 'US', email: 'platform@example.test', charges_enabled: true, details_submitted: true, payouts_enabled: true, default_currency: 'usd', settings: {}, metadata: {} };
  }

  makeAccount(fields) {
    const type = fields.type || 'standard';
    const onboarded = !!fields.details_submitted;
    const id = fields.id || newId('acct').slice(0, 21);
    return {
      id,
      object: 'account',
      business_profile: { mcc: null, name: fields.business_name || null, support_email: null, url: null, product_description: null },
      business_type: fields.business_type || null,
      capabilities: onboarded ? { card_payments: 'active', transfers: 'active' } : { card_payments: 'inactive', transfers: 'inactive' },
      charges_enabled: fields.charges_enabled ?? onboarded,
      controller: controllerView(fields.controller, type),
      country: fields.country || 'US',
      created: now(),
      default_currency: fields.default_currency || 'usd',
      details_submitted: onboarded,
      email: fields.email ?? null,
      external_accounts: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/accounts/${id}/external_accounts` },
      future_requirements: { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] },
      metadata: fields.metadata || {},
      payouts_enabled: fields.payouts_enabled ?? onboarded,
      requirements: this.requirementsFor(onboarded),
      settings: { dashboard: { display_name: fields.business_name || null, timezone: 'Etc/UTC' }, payments: { statement_descriptor: null } },
      tos_acceptance: { date: onboarded ? now() : null },
      type,
    };
  }
  requirementsFor(onboarded) {
    const due = onboarded ? [] : ['business_profile.url', 'external_account', 'tos_acceptance.date', 'tos_acceptance.ip'];
    return { alternatives: [], current_deadline: null, currently_due: due, disabled_reason: onboarded ? null : 'requirements.past_due', errors: [], eventually_due: due, past_due: due, pending_verification: [] };
  }

  createAccount(ctx) {
    if (ctx.account) throw invalid('You cannot create connected accounts on behalf of a connected account (remove the Stripe-Account header).', { param: 'type' });
    const p = ctx.params;
    if (p.country && !/^[A-Z]{2}$/.test(p.country)) throw invalid(`Country '${p.country}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'.`, { param: 'country' });
    if (p.type && p.controller) throw invalid('You cannot pass both `type` and `controller`: describe the account with one of them.', { param: 'controller' });
    const type = p.controller ? typeForController(p.controller) : p.type || 'standard';
    const acct = this.makeAccount({ type, controller: p.controller, country: p.country, email: p.email, business_type: p.business_type, default_currency: p.default_currency, metadata: {} });
    this.applyMetadata(acct, p.metadata);
    this.put('account', null, acct);
    return acct;
  }
  retrieveAccount(ctx) {
    const id = ctx.pathParams.account;
    const acct = this.account(id);
    if (!acct || (ctx.account && ctx.account !== id)) {
      throw new StripeError(403, { type: 'invalid_request_error', code: 'account_invalid', message: `The provided key does not have access to account '${id}' (or that account does not exist). Application access may have been revoked.` });
    }
    return acct;
  }
  updateAccount(ctx) {
    const acct = this.retrieveAccount(ctx);
    const prev = {};
    for (const k of ['email', 'business_type', 'default_currency']) {
      if (ctx.params[k] !== undefined) {
        prev[k] = acct[k];
        acct[k] = ctx.params[k] || null;
      }
    }
    if (ctx.params.metadata !== undefined) {
      prev.metadata = clone(acct.metadata);
      this.applyMetadata(acct, ctx.params.metadata);
    }
    this.emit('account.updated', acct, acct.id, ctx, prev);
    return acct;
  }
  createAccountLink(ctx) {
    const p = ctx.params;
    const acct = this.account(p.account);
    if (!acct) throw missingParam('account', p.account, 'account');
    if (p.type === 'account_onboarding' && !p.return_url) throw invalid('Missing required param: return_url.', { code: 'parameter_missing', param: 'return_url' });
    if (p.type === 'account_update' && acct.type === 'standard') throw invalid('You cannot create `account_update` type Account Links for Standard accounts.', { param: 'type' });
    for (const u of ['return_url', 'refresh_url']) {
      if (p[u] && !/^https?:\/\//.test(p[u])) throw invalid(`Not a valid URL`, { code: 'url_invalid', param: u });
    }
    const linkId = `link_${rand(20)}`;
    const created = now();
    const link = { object: 'account_link', created, expires_at: created + 300, url: `${ctx.baseUrl}/_mock/onboarding/${acct.id}?link=${linkId}` };
    this.put('account_link', null, { id: linkId, account: acct.id, type: p.type, return_url: p.return_url || null, refresh_url: p.refresh_url || null, used: false, expires_at: link.expires_at, link });
    return link;
  }
  createLoginLink(ctx) {
    const id = ctx.pathParams.account;
    const acct = this.account(id);
    if (!acct) throw missing('account', id, 'account');
    if (acct.controller?.stripe_dashboard?.type !== 'express') {
      throw invalid('Cannot create a login link for an account that is not an Express account. Login links are only supported for Express accounts.', { param: 'account' });
    }
    const ll = { object: 'login_link', created: now(), url: `${ctx.baseUrl}/_mock/express/${id}/${rand(12)}` };
    this.put('login_link', null, { id: `ll_${rand(20)}`, ...ll });
    return ll;
  }

  onboard(acct, ctx, { complete = true } = {}) {
    const prev = { charges_enabled: acct.charges_enabled, details_submitted: acct.details_submitted, payouts_enabled: acct.payouts_enabled, requirements: clone(acct.requirements) };
    acct.details_submitted = true;
    acct.charges_enabled = complete;
    acct.payouts_enabled = complete;
    acct.capabilities = complete ? { card_payments: 'active', transfers: 'active' } : { card_payments: 'pending', transfers: 'pending' };
    acct.requirements = this.requirementsFor(complete);
    if (!complete) acct.requirements.pending_verification = ['individual.verification.document'];
    acct.tos_acceptance = { date: now(), ip: '127.0.0.1' };
    this.emit('account.updated', acct, acct.id, ctx, prev);
  }

  // ---------------------------------------------------------------------------------------
  // Events, customers, transfers

  listEvents(ctx) {
    const p = ctx.params;
    let evts = this.state.events.map((id) => this.state.objects.get(id)).filter((r) => r && r.account === ctx.account).map((r) => r.obj);
    if (p.type) {
      const re = new RegExp(`^${p.type.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`);
      evts = evts.filter((e) => re.test(e.type));
    }
    evts.reverse();
    if (p.starting_after) {
      const i = evts.findIndex((e) => e.id === p.starting_after);
      if (i >= 0) evts = evts.slice(i + 1);
    }
    const limit = Math.min(p.limit || 10, 100);
    return { object: 'list', data: evts.slice(0, limit), has_more: evts.length > limit, url: '/v1/events' };
  }
  createCustomer(ctx) {
    const p = ctx.params;
    const cus = { id: newId('cus'), object: 'customer', address: p.address || null, balance: p.balance || 0, created: now(), currency: null, description: p.description ?? null, email: p.email ?? null, invoice_prefix: rand(8).toUpperCase(), livemode: false, metadata: {}, name: p.name ?? null, phone: p.phone ?? null, preferred_locales: p.preferred_locales || [], shipping: p.shipping || null, tax_exempt: p.tax_exempt || 'none' };
    this.applyMetadata(cus, p.metadata);
    this.put('customer', ctx.account, cus);
    this.emit('customer.created', cus, ctx.account, ctx);
    return cus;
  }
  createTransfer(ctx) {
    const p = ctx.params;
    if (ctx.account) throw invalid('Transfers are created by the platform (remove the Stripe-Account header).', { param: 'destination' });
    const dest = this.account(p.destination);
    if (!dest) throw invalid(`No such destination: '${p.destination}'`, { code: 'resource_missing', param: 'destination' });
    this.checkCurrency(p.currency);
    if (p.amount === undefined) throw invalid('Missing required param: amount.', { code: 'parameter_missing', param: 'amount' });
    const tr = { id: newId('tr'), object: 'transfer', amount: p.amount, amount_reversed: 0, created: now(), currency: p.currency, description: p.description ?? null, destination: dest.id, livemode: false, metadata: {}, reversed: false, source_transaction: p.source_transaction || null, transfer_group: p.transfer_group || null };
    this.applyMetadata(tr, p.metadata);
    this.put('transfer', null, tr);
    this.emit('transfer.created', tr, null, ctx);
    return tr;
  }

  // ---------------------------------------------------------------------------------------
  // control API (/_mock/...)

  async handleControl(req, res, url) {
    const p = url.pathname;
    const send = (status, body) => this.sendJson(res, status, body);
    const isBrowserPage = p.startsWith('/_mock/onboarding/') || p.startsWith('/_mock/express/') || p.startsWith('/_mock/3ds/') || p.startsWith('/_mock/receipts/') || p === '/_mock/stripejs-test';
    if (!isLoopback(req.socket.remoteAddress) && !this.opts.allowRemoteControl) return send(403, { error: { message: 'control API is loopback-only' } });
    let body = {};
    if (req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE') {
      const raw = await this.readBody(req);
      if (raw.trim()) {
        const ct = (req.headers['content-type'] || '').toLowerCase();
        try {
          body = ct.includes('application/x-www-form-urlencoded') ? parseForm(raw) : JSON.parse(raw);
        } catch {
          return send(400, { error: { message: 'control API expects a JSON body' } });
        }
      }
    }
    const ctx = { requestId: null, idempotencyKey: null, baseUrl: this.baseUrl(req), keyType: 'secret' };
    let m;
    try {
      if (isBrowserPage) return this.handlePages(req, res, url, ctx);
      if (p === '/_mock/healthz') return send(200, { ok: true, url: this.url, api_version: this.apiVersion, webhook_url: this.webhook.url });
      if (p === '/_mock/reset' && req.method === 'POST') {
        this.resetState();
        this.generation++;
        this.webhook.paused = false;
        this.saveState();
        return send(200, { ok: true });
      }
      if (p === '/_mock/requests' && req.method === 'GET') {
        let data = this.state.requests;
        const q = url.searchParams;
        if (q.get('path')) data = data.filter((r) => r.path === q.get('path'));
        if (q.get('method')) data = data.filter((r) => r.method === q.get('method').toUpperCase());
        if (q.get('invalid')) data = data.filter((r) => r.validation_errors.length > 0);
        return send(200, { count: data.length, data });
      }
      if (p === '/_mock/validation_errors' && req.method === 'GET') {
        return send(200, { count: this.state.validationFailures.length, data: this.state.validationFailures });
      }
      if (p === '/_mock/counts' && req.method === 'GET') return send(200, this.state.counts);
      if (p === '/_mock/fail') {
        if (req.method === 'GET') return send(200, { data: this.state.failures });
        if (req.method === 'DELETE') {
          this.state.failures = [];
          return send(200, { ok: true });
        }
        const list = Array.isArray(body) ? body : Array.isArray(body.rules) ? body.rules : [body];
        const modes = ['http_500', 'http_429', 'http_409', 'timeout', 'drop', 'stripe_should_retry_false'];
        const added = [];
        for (const r of list) {
          if (!modes.includes(r.mode)) return send(400, { error: { message: `mode must be one of ${modes.join(', ')}` } });
          const rule = { id: `fail_${rand(8)}`, path: r.path || null, method: r.method ? String(r.method).toUpperCase() : null, mode: r.mode, count: r.count ?? 1, remaining: r.count ?? 1, skip: r.skip ?? 0, after_processing: !!r.after_processing, delay_ms: r.delay_ms ?? (r.mode === 'timeout' ? 30000 : undefined), status: r.status, should_retry: r.should_retry };
          this.state.failures.push(rule);
          added.push(rule);
        }
        return send(200, { queued: added });
      }
      if (p === '/_mock/accounts' && req.method === 'POST') {
        if (body.id && !/^acct_[A-Za-z0-9]+$/.test(body.id)) return send(400, { error: { message: 'id must look like acct_...' } });
        if (body.id && this.account(body.id)) return send(409, { error: { message: `account ${body.id} exists` } });
        const acct = this.makeAccount({ ...body, details_submitted: body.details_submitted ?? body.onboarded ?? false });
        this.put('account', null, acct);
        this.saveState();
        return send(200, acct);
      }
      if ((m = /^\/_mock\/accounts\/(acct_[A-Za-z0-9]+)\/(onboard|update)$/.exec(p)) && req.method === 'POST') {
        const acct = this.account(m[1]);
        if (!acct) return send(404, { error: { message: 'no such account' } });
        if (m[2] === 'onboard') this.onboard(acct, ctx, { complete: body.complete !== false });
        else {
          const prev = {};
          for (const [k, v] of Object.entries(body)) {
            prev[k] = clone(acct[k]);
            acct[k] = v;
          }
          this.emit('account.updated', acct, acct.id, ctx, prev);
        }
        this.saveState();
        return send(200, acct);
      }
      if ((m = /^\/_mock\/payment_intents\/([^/]+)\/authenticate$/.exec(p)) && req.method === 'POST') {
        const rec = this.state.objects.get(m[1]);
        if (!rec || rec.type !== 'payment_intent') return send(404, { error: { message: 'no such payment_intent' } });
        const pi = this.completeAuthentication(rec.obj, body.result || 'success', { ...ctx, account: rec.account });
        this.saveState();
        return send(200, pi);
      }
      if ((m = /^\/_mock\/payment_intents\/([^/]+)\/settle$/.exec(p)) && req.method === 'POST') {
        const rec = this.state.objects.get(m[1]);
        if (!rec || rec.type !== 'payment_intent') return send(404, { error: { message: 'no such payment_intent' } });
        const pi = this.settle(rec.obj, body.result || 'success', { ...ctx, account: rec.account });
        this.saveState();
        return send(200, pi);
      }
      if ((m = /^\/_mock\/objects\/([^/]+)$/.exec(p)) && req.method === 'GET') {
        const rec = this.state.objects.get(m[1]);
        return rec ? send(200, rec) : send(404, { error: { message: 'no such object' } });
      }
      if (p === '/_mock/objects' && req.method === 'GET') {
        const type = url.searchParams.get('type');
        const data = [...this.state.objects.values()].filter((r) => !type || r.type === type);
        return send(200, { count: data.length, data });
      }
      if (p === '/_mock/events' && req.method === 'GET') {
        const type = url.searchParams.get('type');
        const data = this.state.events.map((id) => this.state.objects.get(id)?.obj).filter((e) => e && (!type || e.type === type));
        return send(200, { count: data.length, data });
      }
      if (p === '/_mock/events/trigger' && req.method === 'POST') return send(200, this.trigger(body, ctx));
      if (p === '/_mock/webhooks' && req.method === 'GET') {
        return send(200, { url: this.webhook.url, paused: this.webhook.paused, max_attempts: this.webhook.maxAttempts, pending: this.state.pending, in_flight: this.deliveringCount, deliveries: this.state.deliveries });
      }
      if (p === '/_mock/webhooks/config' && req.method === 'POST') {
        if ('url' in body) this.webhook.url = body.url || null;
        if (body.secret) this.webhook.secrets = [body.secret];
        if (Array.isArray(body.secrets) && body.secrets.length) this.webhook.secrets = body.secrets.map(String);
        if ('v0' in body) this.webhook.v0 = !!body.v0;
        if (body.max_attempts) this.webhook.maxAttempts = body.max_attempts;
        if (body.retry_base_ms !== undefined) this.webhook.retryBaseMs = body.retry_base_ms;
        if (body.clock_offset_s !== undefined) this.webhook.clockOffsetS = Number(body.clock_offset_s) || 0;
        return send(200, { url: this.webhook.url, secrets: this.webhook.secrets.length, v0: this.webhook.v0, max_attempts: this.webhook.maxAttempts, retry_base_ms: this.webhook.retryBaseMs, clock_offset_s: this.webhook.clockOffsetS || 0 });
      }
      if (p === '/_mock/webhooks/pause' && req.method === 'POST') {
        this.webhook.paused = true;
        return send(200, { paused: true });
      }
      if (p === '/_mock/webhooks/resume' && req.method === 'POST') {
        this.webhook.paused = false;
        if (body.order === 'reverse' || body.order === 'lifo') this.state.pending.reverse();
        else if (body.order === 'shuffle') this.state.pending.sort(() => Math.random() - 0.5);
        this.pumpWebhooks();
        return send(200, { paused: false });
      }
      if ((p === '/_mock/webhooks/redeliver' || p === '/_mock/webhooks/deliver') && req.method === 'POST') {
        if (!this.webhook.url) return send(400, { error: { message: 'no webhook url configured' } });
        let ids = body.event_ids || (body.event_id ? [body.event_id] : null);
        if (!ids && body.all) ids = p.endsWith('/deliver') ? [...this.state.pending] : [...this.state.events];
        if (!ids) return send(400, { error: { message: 'give event_id, event_ids or all:true' } });
        for (const id of ids) {
          const i = this.state.pending.indexOf(id);
          if (i >= 0) this.state.pending.splice(i, 1);
          else if (p.endsWith('/deliver')) return send(404, { error: { message: `${id} is not pending` } });
        }
        const results = await Promise.all(ids.map((id) => this.enqueueDelivery(id, p.endsWith('/deliver') ? 'deliver' : 'redeliver').then(() => id)));
        const last = (id) => [...this.state.deliveries].reverse().find((d) => d.event_id === id);
        return send(200, { delivered: results.map((id) => ({ event_id: id, ok: !!last(id)?.ok, status: last(id)?.status ?? null })) });
      }
      if (p === '/_mock/webhooks/flush' && req.method === 'POST') {
        const ok = await this.webhooksIdle(body.timeout_ms ?? 10000);
        return send(ok ? 200 : 504, { idle: ok, pending: this.state.pending.length });
      }
      return send(404, { error: { message: `unknown control endpoint ${req.method} ${p}` } });
    } catch (e) {
      if (e instanceof StripeError) return send(e.status, errorBody(e.fields));
      throw e;
    }
  }

  trigger(body, ctx) {
    const type = body.type;
    if (type === 'charge.dispute.created') {
      let ch;
      let rec;
      const id = body.charge || body.payment_intent;
      rec = this.state.objects.get(id);
      if (rec?.type === 'payment_intent') rec = this.state.objects.get(rec.obj.latest_charge);
      if (!rec || rec.type !== 'charge') throw invalid(`charge.dispute.created needs a succeeded charge or payment_intent, got ${id}`, {}, 404);
      ch = rec.obj;
      ch.disputed = true;
      const dp = {
        id: newId('dp'),
        object: 'dispute',
        amount: body.amount ?? ch.amount_captured - ch.amount_refunded,
        balance_transactions: [],
        charge: ch.id,
        created: now(),
        currency: ch.currency,
        evidence_details: { due_by: now() + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
        is_charge_refundable: false,
        livemode: false,
        metadata: {},
        payment_intent: ch.payment_intent,
        reason: body.reason || 'fraudulent',
        status: 'needs_response',
      };
      this.put('dispute', rec.account, dp);
      const evt = this.emit('charge.dispute.created', dp, rec.account, ctx);
      this.saveState();
      return evt;
    }
    if (type === 'charge.dispute.funds_withdrawn' || type === 'charge.dispute.funds_reinstated') {
      // The dispute's money leaving or coming back to the account's balance: Stripe adds a
      // balance transaction to the dispute (reporting_category dispute / dispute_reversal).
      const rec = this.state.objects.get(body.dispute || '');
      if (!rec || rec.type !== 'dispute') throw invalid(`${type} needs {dispute: "dp_..."}`, {}, 404);
      const dp = rec.obj;
      const back = type === 'charge.dispute.funds_reinstated';
      dp.balance_transactions.push({
        id: newId('txn'),
        object: 'balance_transaction',
        amount: back ? dp.amount : -dp.amount,
        currency: dp.currency,
        reporting_category: back ? 'dispute_reversal' : 'dispute',
        type: 'adjustment',
      });
      const evt = this.emit(type, dp, rec.account, ctx);
      this.saveState();
      return evt;
    }
    if (type === 'charge.dispute.closed' || type === 'charge.dispute.updated') {
      const rec = this.state.objects.get(body.dispute || '');
      if (!rec || rec.type !== 'dispute') throw invalid(`${type} needs {dispute: "dp_..."}`, {}, 404);
      const dp = rec.obj;
      const prev = { status: dp.status };
      if (type === 'charge.dispute.closed') {
        const status = body.status || 'lost';
        if (!['won', 'lost', 'warning_closed'].includes(status)) throw invalid('status must be won, lost or warning_closed');
        dp.status = status;
      } else {
        dp.status = body.status || 'under_review';
        dp.evidence_details.has_evidence = true;
        dp.evidence_details.submission_count++;
      }
      const evt = this.emit(type, dp, rec.account, ctx, prev);
      this.saveState();
      return evt;
    }
    if (type === 'refund.failed') {
      const rec = this.state.objects.get(body.refund || '');
      if (!rec || rec.type !== 'refund') throw invalid('refund.failed needs {refund: "re_..."}', {}, 404);
      const re = rec.obj;
      if (re.status !== 'succeeded' && re.status !== 'pending') throw invalid(`refund ${re.id} has status ${re.status}`);
      const prev = { status: re.status };
      re.status = 'failed';
      re.failure_reason = body.failure_reason || 'expired_or_canceled_card';
      re.failure_balance_transaction = `txn_${rand(24)}`;
      const ch = this.get('charge', re.charge, rec.account);
      if (ch) {
        ch.amount_refunded = Math.max(0, ch.amount_refunded - re.amount);
        ch.refunded = false;
        const listed = ch.refunds.data.find((r) => r.id === re.id);
        if (listed) Object.assign(listed, { status: 'failed', failure_reason: re.failure_reason });
      }
      const evt = this.emit('refund.failed', re, rec.account, ctx, prev);
      this.emit('refund.updated', re, rec.account, ctx, prev);
      if (ch) this.emit('charge.refund.updated', re, rec.account, ctx, prev);
      this.saveState();
      return evt;
    }
    if (type === 'account.application.deauthorized') {
      const acct = this.account(body.account);
      if (!acct) throw invalid(`no such account ${body.account}`, {}, 404);
      const app = { id: 'ca_slotpaymockapplication', object: 'application', name: 'Slotpay (stripe-mock)' };
      const evt = this.emit('account.application.deauthorized', app, acct.id, ctx);
      acct._deauthorized = true;
      this.saveState();
      return evt;
    }
    if (type === 'account.updated') {
      const acct = this.account(body.account);
      if (!acct) throw invalid(`no such account ${body.account}`, {}, 404);
      const evt = this.emit('account.updated', acct, acct.id, ctx, {});
      return evt;
    }
    // generic: re-emit an event of the given type for an existing object
    const rec = this.state.objects.get(body.object_id || body.id || '');
    if (!rec || !type) throw invalid('trigger needs {type:"charge.dispute.created", charge|payment_intent} or {type, object_id}', {}, 400);
    return this.emit(type, rec.obj, rec.account, ctx);
  }

  handlePages(req, res, url, ctx) {
    const p = url.pathname;
    const html = (status, text, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
      res.end(`<!doctype html><meta charset="utf-8"><title>stripe-mock</title><body>${text}</body>`);
    };
    let m;
    if ((m = /^\/_mock\/onboarding\/(acct_[A-Za-z0-9]+)$/.exec(p))) {
      const acct = this.account(m[1]);
      const linkId = url.searchParams.get('link');
      const rec = linkId ? this.state.objects.get(linkId) : null;
      if (!acct || !rec || rec.obj.account !== acct.id) return html(404, 'Unknown onboarding link');
      const link = rec.obj;
      const expired = link.used || now() > link.expires_at || url.searchParams.get('action') === 'refresh';
      if (expired) {
        if (!link.refresh_url) return html(410, 'This link has expired and has no refresh_url');
        res.writeHead(302, { Location: link.refresh_url });
        return res.end();
      }
      // The hosted page: the merchant finishes (action=complete; complete=false submits the
      // details but leaves charges disabled) or leaves it (action=abandon: nothing changes,
      // the requirements stay due). Either way the link is spent and Stripe sends the
      // browser to return_url; a spent or expired link goes to refresh_url (above).
      const action = url.searchParams.get('action');
      if (action !== 'complete' && action !== 'abandon') {
        const q = (a) => `?link=${encodeURIComponent(linkId)}&action=${a}`;
        const due = acct.requirements.currently_due.map((d) => `<li>${d}</li>`).join('');
        return html(200, `<h1>Stripe onboarding (stripe-mock)</h1><p id="account">${acct.id}</p><ul id="currently-due">${due}</ul><a id="complete" data-testid="onboarding-complete" href="${q('complete')}">Complete onboarding</a> <a id="abandon" data-testid="onboarding-abandon" href="${q('abandon')}">Leave without finishing</a>`);
      }
      link.used = true;
      if (action === 'complete') this.onboard(acct, ctx, { complete: url.searchParams.get('complete') !== 'false' });
      this.saveState();
      if (!link.return_url) return html(200, `Account ${acct.id}: onboarding ${action === 'complete' ? 'completed' : 'left unfinished'}`);
      res.writeHead(302, { Location: link.return_url });
      return res.end();
    }
    if ((m = /^\/_mock\/express\/(acct_[A-Za-z0-9]+)\//.exec(p))) {
      const acct = this.account(m[1]);
      if (!acct) return html(404, 'Unknown account');
      return html(200, `<h1>Express dashboard (stripe-mock)</h1><p id="account">${acct.id}</p><p>charges_enabled: ${acct.charges_enabled}</p>`);
    }
    if ((m = /^\/_mock\/3ds\/(seti_[A-Za-z0-9]+)$/.exec(p))) {
      const result = url.searchParams.get('result');
      if (result !== 'success' && result !== 'failure') return html(200, `<h1>3-D Secure test page (stripe-mock)</h1><a id="complete" href="?result=success">Complete authentication</a> <a id="fail" href="?result=failure">Fail authentication</a>`);
      this.routes();
      const si = this.setupIntent3ds(m[1], result, ctx);
      if (!si) return html(404, 'Unknown SetupIntent');
      this.saveState();
      return html(200, `<p id="status">${si.status}</p>`);
    }
    if ((m = /^\/_mock\/3ds\/(pi_[A-Za-z0-9]+)$/.exec(p))) {
      const rec = this.state.objects.get(m[1]);
      if (!rec || rec.type !== 'payment_intent') return html(404, 'Unknown PaymentIntent');
      const result = url.searchParams.get('result');
      if (result === 'success' || result === 'failure') {
        if (rec.obj.status === 'requires_action') this.completeAuthentication(rec.obj, result, { ...ctx, account: rec.account });
        this.saveState();
        const ret = rec.obj._return_url;
        if (ret) {
          const u = new URL(ret);
          u.searchParams.set('payment_intent', rec.obj.id);
          u.searchParams.set('payment_intent_client_secret', rec.obj.client_secret);
          u.searchParams.set('redirect_status', rec.obj.status === 'succeeded' ? 'succeeded' : 'failed');
          res.writeHead(302, { Location: u.toString() });
          return res.end();
        }
        return html(200, `<p id="status">${rec.obj.status}</p>`);
      }
      return html(200, `<h1>3-D Secure test page (stripe-mock)</h1><p>PaymentIntent ${rec.obj.id}: ${rec.obj.status}</p><a id="complete" href="?result=success">Complete authentication</a> <a id="fail" href="?result=failure">Fail authentication</a>`);
    }
    if ((m = /^\/_mock\/receipts\/([^/]+)$/.exec(p))) return html(200, `Receipt for ${m[1]}`);
    if (p === '/_mock/stripejs-test') return html(200, stripeJsTestPage(ctx.baseUrl, url.searchParams));
    return html(404, 'not found');
  }
}

export async function startStripeMock(options = {}) {
  const mock = new StripeMock(options);
  await mock.listen();
  return {
    url: mock.url,
    port: mock.port,
    close: () => mock.close(),
    state: mock.state,
    mock,
    get webhookSecret() {
      return mock.webhook.secrets[0];
    },
  };
}

// ---------------------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--port': o.port = Number(next()); break;
      case '--host': o.host = next(); break;
      case '--webhook-url': o.webhookUrl = next(); break;
      case '--webhook-secret': (o.webhookSecrets ||= []).push(next()); break;
      case '--webhook-v0': o.webhookV0 = true; break;
      case '--webhook-max-attempts': o.webhookMaxAttempts = Number(next()); break;
      case '--webhook-retry-base-ms': o.webhookRetryBaseMs = Number(next()); break;
      case '--openapi': o.openapi = path.resolve(next()); break;
      case '--state-file': o.stateFile = path.resolve(next()); break;
      case '--api-version': o.apiVersion = next(); break;
      case '--max-log': o.maxLog = Number(next()); break;
      case '--secret-key': (o.secretKeys ||= []).push(next()); break;
      case '--publishable-key': (o.publishableKeys ||= []).push(next()); break;
      case '--seed-account': {
        // acct_id[:type[:onboarded]]  e.g. acct_demo123:standard:onboarded
        const [id, type, st] = next().split(':');
        (o.seedAccounts ||= []).push({ id, type: type || 'standard', details_submitted: st === 'onboarded' });
        break;
      }
      case '--verbose': o.quiet = false; break;
      case '-h':
      case '--help':
        console.log('usage: node tests/stripe_mock/server.mjs [--port 0] [--host 127.0.0.1] [--webhook-url URL] [--webhook-secret whsec_...]... [--webhook-v0] [--openapi PATH] [--state-file PATH] [--secret-key sk_test_..]... [--publishable-key pk_test_..]... [--seed-account acct_x:standard:onboarded]... [--api-version V] [--max-log N] [--webhook-max-attempts N] [--webhook-retry-base-ms MS] [--verbose]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  }
  return o;
}

const isMain = process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`stripe-mock: ${e.message}`);
    process.exit(2);
  }
  const mock = new StripeMock(opts);
  for (const a of opts.seedAccounts || []) {
    if (!mock.account(a.id)) mock.put('account', null, mock.makeAccount(a));
  }
  mock.listen().then(
    () => {
      process.stdout.write(`stripe-mock listening on ${mock.url}\n`);
    },
    (e) => {
      console.error(`stripe-mock: cannot listen: ${e.message}`);
      process.exit(1);
    },
  );
  const stop = () => mock.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
