// Connect-side endpoints the OpenAPI subset lacks (mock extensions): GET /v1/balance and the
// payment method domains API (`/v1/payment_method_domains`, wallets such as Apple Pay and
// Google Pay need the embedding site's domain registered on the charging account), plus the
// `controller` create parameter of POST /v1/accounts (newer API versions; the 2023-08-16
// subset only has `type`). Kept out of server.mjs: these functions run with the StripeMock
// as `this` (see connectRoutes).

const str = { type: 'string', maxLength: 5000 };
const expand = { type: 'array', items: str };
const bool = { type: 'boolean' };
const form = (properties, required = []) => ({
  requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties, required, additionalProperties: false } } } },
});
const query = (props) => ({ parameters: Object.entries(props).map(([name, schema]) => ({ in: 'query', name, schema })) });

// The `controller` hash as documented for POST /v1/accounts (docs.stripe.com
// connect/migrate-to-controller-properties).
const CONTROLLER_SCHEMA = {
  type: 'object',
  properties: {
    fees: { type: 'object', properties: { payer: { type: 'string', enum: ['account', 'application'] } } },
    losses: { type: 'object', properties: { payments: { type: 'string', enum: ['application', 'stripe'] } } },
    requirement_collection: { type: 'string', enum: ['application', 'stripe'] },
    stripe_dashboard: { type: 'object', properties: { type: { type: 'string', enum: ['express', 'full', 'none'] } } },
  },
};

export function connectExtensionPaths() {
  return {
    '/v1/balance': { get: { operationId: 'MockGetBalance', ...query({ expand }) } },
    '/v1/payment_method_domains': {
      post: { operationId: 'MockPostPaymentMethodDomains', ...form({ domain_name: str, enabled: bool, expand }, ['domain_name']) },
      get: { operationId: 'MockGetPaymentMethodDomains', ...query({ domain_name: str, enabled: bool, limit: { type: 'integer' }, starting_after: str, ending_before: str, expand }) },
    },
    '/v1/payment_method_domains/{payment_method_domain}': {
      get: { operationId: 'MockGetPaymentMethodDomain', ...query({ expand }) },
      post: { operationId: 'MockPostPaymentMethodDomain', ...form({ enabled: bool, expand }) },
    },
    '/v1/payment_method_domains/{payment_method_domain}/validate': {
      post: { operationId: 'MockPostPaymentMethodDomainValidate', ...form({ expand }) },
    },
  };
}

// Adds `controller` to the subset's POST /v1/accounts schema (in place) when it is absent.
export function addControllerParam(doc) {
  const schema = doc.paths?.['/v1/accounts']?.post?.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
  if (schema?.properties && !schema.properties.controller) schema.properties.controller = CONTROLLER_SCHEMA;
}

// The account `type` Stripe reports for a controller configuration (the classic types when
// the properties match one; `none` otherwise).
export function typeForController(c) {
  const dash = c.stripe_dashboard?.type || 'full';
  const losses = c.losses?.payments || 'stripe';
  const payer = c.fees?.payer || 'account';
  const reqs = c.requirement_collection || 'stripe';
  if (dash === 'full' && losses === 'stripe' && payer === 'account' && reqs === 'stripe') return 'standard';
  if (dash === 'express' && losses === 'application' && payer === 'application' && reqs === 'stripe') return 'express';
  if (dash === 'none' && losses === 'application' && payer === 'application' && reqs === 'application') return 'custom';
  return 'none';
}

export function controllerView(c, type) {
  const dash = c ? c.stripe_dashboard?.type || 'full' : type === 'standard' ? 'full' : type === 'express' ? 'express' : 'none';
  const out = { type: 'application', is_controller: true, stripe_dashboard: { type: dash } };
  if (c) {
    out.fees = { payer: c.fees?.payer || 'account' };
    out.losses = { payments: c.losses?.payments || 'stripe' };
    out.requirement_collection = c.requirement_collection || 'stripe';
  }
  return out;
}

const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const notPublic = (d) => d === 'localhost' || d.endsWith('.localhost') || /^\d+\.\d+\.\d+\.\d+$/.test(d) || !d.includes('.');

// Wallet states: a domain Apple Pay / Google Pay cannot reach (localhost, an IP address, a
// name without a dot) stays inactive with a reason, as Stripe reports unverifiable domains.
function walletStatus(domain, enabled) {
  const s = { status: enabled ? 'active' : 'inactive' };
  if (notPublic(domain)) {
    const reason = { status: 'inactive', status_details: { error_message: `${domain} is not a publicly reachable domain.` } };
    return { apple_pay: reason, google_pay: reason, link: s, paypal: s };
  }
  return { apple_pay: s, google_pay: s, link: s, paypal: s };
}

// mock: the StripeMock; r: its route wrapper; invalid(message, extra, status) makes its
// StripeError; rand(n) its id generator.
export function connectRoutes(mock, r, { invalid, rand }) {
  const domains = (account) => [...mock.state.objects.values()].filter((o) => o.type === 'payment_method_domain' && o.account === (account || null)).map((o) => o.obj);

  const createDomain = (ctx) => {
    const name = String(ctx.params.domain_name || '').trim().toLowerCase();
    if (!DOMAIN_RE.test(name)) throw invalid(`'${ctx.params.domain_name}' is not a valid domain name (give a host name without scheme, port or path).`, { param: 'domain_name' });
    const existing = domains(ctx.account).find((d) => d.domain_name === name);
    if (existing) throw invalid(`The domain ${name} is already registered on this account (${existing.id}).`, { code: 'resource_already_exists', param: 'domain_name' });
    const enabled = ctx.params.enabled ?? true;
    const obj = { id: `pmd_${rand(24)}`, object: 'payment_method_domain', ...walletStatus(name, enabled), created: Math.floor(Date.now() / 1000), domain_name: name, enabled, livemode: false };
    return mock.put('payment_method_domain', ctx.account, obj);
  };

  const getDomain = (ctx) => {
    const id = ctx.pathParams.payment_method_domain;
    const obj = mock.get('payment_method_domain', id, ctx.account);
    if (!obj) throw invalid(`No such payment_method_domain: '${id}'`, { code: 'resource_missing', param: 'payment_method_domain' }, 404);
    return obj;
  };

  const updateDomain = (ctx) => {
    const obj = getDomain(ctx);
    if (ctx.params.enabled !== undefined) {
      obj.enabled = ctx.params.enabled;
      Object.assign(obj, walletStatus(obj.domain_name, obj.enabled));
    }
    return obj;
  };

  const listDomains = (ctx) => {
    const p = ctx.params;
    let data = domains(ctx.account);
    if (p.domain_name) data = data.filter((d) => d.domain_name === String(p.domain_name).toLowerCase());
    if (p.enabled !== undefined) data = data.filter((d) => d.enabled === p.enabled);
    data.reverse();
    if (p.starting_after) {
      const i = data.findIndex((d) => d.id === p.starting_after);
      if (i >= 0) data = data.slice(i + 1);
    }
    const limit = Math.min(p.limit || 10, 100);
    return { object: 'list', data: data.slice(0, limit), has_more: data.length > limit, url: '/v1/payment_method_domains' };
  };

  // Funds of the account the request acts for (the platform, or `Stripe-Account`): what its
  // succeeded charges brought in, less refunds, all `pending` (the mock has no payout
  // schedule); `available` is zero per currency, as on a fresh account.
  const balance = (ctx) => {
    const byCurrency = new Map();
    for (const o of mock.state.objects.values()) {
      if (o.type !== 'charge' || o.account !== (ctx.account || null) || o.obj.status !== 'succeeded') continue;
      byCurrency.set(o.obj.currency, (byCurrency.get(o.obj.currency) || 0) + (o.obj.amount_captured || 0) - (o.obj.amount_refunded || 0));
    }
    if (byCurrency.size === 0) byCurrency.set('usd', 0);
    const entries = (f) => [...byCurrency.entries()].map(([currency, amount]) => ({ amount: f(amount), currency, source_types: { card: f(amount) } }));
    return { object: 'balance', available: entries(() => 0), livemode: false, pending: entries((a) => a) };
  };

  return {
    'GET /v1/balance': r(balance),
    'POST /v1/payment_method_domains': r(createDomain),
    'GET /v1/payment_method_domains': r(listDomains),
    'GET /v1/payment_method_domains/{payment_method_domain}': r(getDomain),
    'POST /v1/payment_method_domains/{payment_method_domain}': r(updateDomain),
    'POST /v1/payment_method_domains/{payment_method_domain}/validate': r(getDomain),
  };
}
