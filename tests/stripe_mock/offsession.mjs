// Saving a card for later and charging it off-session (mock side): Customers' saved payment
// methods, SetupIntents, and the checks Stripe makes when a PaymentIntent names a customer.
// Kept out of server.mjs; these functions run with the StripeMock as `mock` (see
// offSessionRoutes).
//
// Behaviour followed (docs.stripe.com/payments/save-and-reuse, /payments/save-during-payment,
// /testing#cards "authentication and setup"):
// * a PaymentIntent with `customer` + `setup_future_usage` attaches its payment method to the
//   customer when it succeeds (`payment_method.attached`);
// * a SetupIntent (`usage` defaults to off_session) confirmed with a card attaches it to its
//   customer (`setup_intent.succeeded` with `payment_method`); a 3-D Secure card waits in
//   `requires_action`; a card declined at setup fails (`setup_intent.setup_failed`, 402);
// * `pm_card_chargeCustomerFail` is saved fine but every charge is declined (card_declined);
// * `pm_card_authenticationRequired` needs authentication on every charge, so off-session it
//   fails with 402 `authentication_required` (PaymentIntent back to requires_payment_method).

const str = { type: 'string', maxLength: 5000 };
const expand = { type: 'array', items: str };
const form = (properties, required = []) => ({
  requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties, required, additionalProperties: false } } } },
});
const query = (props) => ({ parameters: Object.entries(props).map(([name, schema]) => ({ in: 'query', name, schema })) });

export function offSessionExtensionPaths() {
  return {
    '/v1/setup_intents/{intent}': { get: { operationId: 'MockGetSetupIntent', ...query({ client_secret: str, expand }) } },
    '/v1/setup_intents/{intent}/confirm': {
      post: { operationId: 'MockPostSetupIntentConfirm', ...form({ client_secret: str, payment_method: str, return_url: str, expand, payment_method_data: { type: 'object', properties: { type: str } } }) },
    },
    '/v1/setup_intents/{intent}/_mock_authenticate': {
      post: { operationId: 'MockAuthenticateSetupIntent', ...form({ result: { type: 'string', enum: ['success', 'failure'] }, client_secret: str, expand }) },
    },
  };
}

const SETUP_PUBLIC = ['id', 'object', 'cancellation_reason', 'client_secret', 'created', 'description', 'last_setup_error', 'livemode', 'next_action', 'payment_method', 'payment_method_types', 'status', 'usage'];

// mock: the StripeMock; r: its route wrapper; helpers: its error makers and id generator.
export function offSessionRoutes(mock, r, { invalid, rand, StripeError }) {
  const now = () => Math.floor(Date.now() / 1000);
  const publicView = (si, ctx) => (ctx.keyType === 'publishable' ? Object.fromEntries(SETUP_PUBLIC.map((k) => [k, si[k] ?? null])) : si);

  const findSetupIntent = (ctx) => {
    const id = ctx.pathParams.intent;
    const si = mock.get('setup_intent', id, ctx.account);
    if (!si) throw invalid(`No such setupintent: '${id}'`, { code: 'resource_missing', param: 'intent' }, 404);
    if (ctx.keyType === 'publishable') {
      const cs = ctx.params.client_secret;
      if (!cs) throw invalid('The client_secret parameter is required when using a publishable key.', { code: 'parameter_missing', param: 'client_secret' });
      if (cs !== si.client_secret) throw invalid('The client_secret provided does not match the client_secret associated with the SetupIntent.', { code: 'setup_intent_invalid_parameter', param: 'client_secret' });
    }
    return si;
  };

  const attach = (pm, customer, ctx) => {
    if (pm.customer === customer) return;
    pm.customer = customer;
    mock.emit('payment_method.attached', pm, ctx.account, ctx);
  };

  const createSetupIntent = (ctx) => {
    const p = ctx.params;
    if (p.customer) checkCustomer(p.customer, ctx.account);
    const id = `seti_${rand(24)}`;
    const si = {
      id,
      object: 'setup_intent',
      application: null,
      automatic_payment_methods: p.automatic_payment_methods ? { allow_redirects: p.automatic_payment_methods.allow_redirects || 'always', enabled: !!p.automatic_payment_methods.enabled } : null,
      cancellation_reason: null,
      client_secret: `${id}_secret_${rand(25)}`,
      created: now(),
      customer: p.customer || null,
      description: p.description ?? null,
      flow_directions: null,
      last_setup_error: null,
      latest_attempt: null,
      livemode: false,
      mandate: null,
      metadata: {},
      next_action: null,
      on_behalf_of: p.on_behalf_of || null,
      payment_method: null,
      payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
      payment_method_types: p.payment_method_types || ['card'],
      single_use_mandate: null,
      status: 'requires_payment_method',
      usage: p.usage || 'off_session',
    };
    mock.applyMetadata(si, p.metadata);
    mock.put('setup_intent', ctx.account, si);
    mock.emit('setup_intent.created', si, ctx.account, ctx);
    if (p.payment_method) {
      si.payment_method = mock.resolvePaymentMethod(p.payment_method, ctx.account).id;
      si.status = 'requires_confirmation';
    }
    if (p.confirm) return confirmSetup(si, { payment_method: p.payment_method, return_url: p.return_url }, ctx);
    return si;
  };

  const succeedSetup = (si, pm, ctx) => {
    si.status = 'succeeded';
    si.next_action = null;
    si.last_setup_error = null;
    if (si.customer) attach(pm, si.customer, ctx);
    pm._saved = true;
    mock.emit('setup_intent.succeeded', si, ctx.account, ctx);
    return si;
  };

  const confirmSetup = (si, p, ctx) => {
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(si.status)) {
      throw invalid(`You cannot confirm this SetupIntent because it has a status of ${si.status}.`, { code: 'setup_intent_unexpected_state', setup_intent: publicView(si, ctx) });
    }
    if (p.payment_method) si.payment_method = mock.resolvePaymentMethod(p.payment_method, ctx.account).id;
    else if (p.payment_method_data?.type === 'card') si.payment_method = mock.resolvePaymentMethod('pm_card_visa', ctx.account).id;
    if (!si.payment_method) throw invalid("You cannot confirm this SetupIntent because it's missing a payment method.", { code: 'setup_intent_unexpected_state', param: 'payment_method' });
    const pm = mock.get('payment_method', si.payment_method, ctx.account);
    const card = mock.cardOf(pm);
    si.last_setup_error = null;
    if (card.outcome === '3ds' || card.setup === '3ds') {
      si.status = 'requires_action';
      si.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `${ctx.baseUrl}/_mock/3ds/${si.id}`, source: `src_${rand(24)}` } };
      si._return_url = p.return_url || null;
      mock.emit('setup_intent.requires_action', si, ctx.account, ctx);
      return si;
    }
    if (card.outcome === 'decline' && !card.attachOk) {
      const message = 'Your card was declined.';
      si.status = 'requires_payment_method';
      si.last_setup_error = { code: card.code || 'card_declined', decline_code: card.decline_code, message, payment_method: pm, type: 'card_error' };
      mock.emit('setup_intent.setup_failed', si, ctx.account, ctx);
      throw new StripeError(402, { type: 'card_error', code: card.code || 'card_declined', decline_code: card.decline_code, message, setup_intent: publicView(si, ctx), payment_method: pm });
    }
    return succeedSetup(si, pm, ctx);
  };

  const authenticateSetup = (si, result, ctx) => {
    if (si.status !== 'requires_action') throw invalid(`This SetupIntent has a status of ${si.status}; it must be requires_action to complete authentication.`, { code: 'setup_intent_unexpected_state' });
    const pm = mock.get('payment_method', si.payment_method, ctx.account);
    if (result === 'success') return succeedSetup(si, pm, ctx);
    si.status = 'requires_payment_method';
    si.next_action = null;
    si.payment_method = null;
    si.last_setup_error = { code: 'setup_intent_authentication_failure', message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.', payment_method: pm, type: 'invalid_request_error' };
    mock.emit('setup_intent.setup_failed', si, ctx.account, ctx);
    return si;
  };

  const checkCustomer = (id, account) => {
    if (!mock.get('customer', id, account)) throw invalid(`No such customer: '${id}'`, { code: 'resource_missing', param: 'customer' });
  };

  // Called by the mock: the checks of a PaymentIntent confirmation that involve a customer.
  mock.checkCustomerPaymentMethod = (pi, pm, ctx) => {
    if (pi.customer) checkCustomer(pi.customer, ctx.account);
    if (pm.customer && pm.customer !== pi.customer) {
      throw invalid(`The provided PaymentMethod ${pm.id} is attached to a different Customer; it can only be used with that Customer.`, { param: 'payment_method' });
    }
    if (pi.customer && !pm.customer && pm._saved === false) {
      throw invalid(`The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.`, { param: 'payment_method' });
    }
  };
  // Called by the mock when a PaymentIntent succeeds: save the card for later if asked to;
  // a card used once without being saved cannot be used again.
  mock.afterPaymentSucceeded = (pi, pm, ctx) => {
    if (!pm) return;
    if (pi.setup_future_usage && pi.customer) attach(pm, pi.customer, ctx);
    else if (!pm.customer) pm._saved = false;
  };
  mock.setupIntent3ds = (id, result, ctx) => {
    const rec = mock.state.objects.get(id);
    if (!rec || rec.type !== 'setup_intent') return null;
    const c = { ...ctx, account: rec.account };
    if (rec.obj.status === 'requires_action') authenticateSetup(rec.obj, result, c);
    return rec.obj;
  };

  return {
    'POST /v1/setup_intents': r(createSetupIntent),
    'GET /v1/setup_intents/{intent}': r((ctx) => publicView(findSetupIntent(ctx), ctx), true),
    'POST /v1/setup_intents/{intent}/confirm': r((ctx) => publicView(confirmSetup(findSetupIntent(ctx), ctx.params, ctx), ctx), true),
    'POST /v1/setup_intents/{intent}/_mock_authenticate': r((ctx) => publicView(authenticateSetup(findSetupIntent(ctx), ctx.params.result || 'success', ctx), ctx), true),
  };
}
