// Stripe.js test double, served by the mock at GET /v3/ (also /v3/stripe.js, /js/stripe.js).
// Implements the surface the widget uses (see ../shared/stripe/FACTS.md section 6):
// window.Stripe(pk, {stripeAccount}), elements({clientSecret}), elements.create('payment'),
// element.mount(selector), elements.submit(), stripe.confirmPayment({elements, clientSecret,
// redirect:'if_required', confirmParams}), stripe.handleNextAction({clientSecret}),
// stripe.retrievePaymentIntent(clientSecret), confirmCardPayment, handleCardAction,
// confirmSetup / confirmCardSetup / retrieveSetupIntent (SetupIntents).
//
// The Payment Element renders a small test form: a <select data-testid="stripe-mock-card">
// with visa / 3DS / decline / insufficient funds test cards. 3-D Secure shows an overlay
// (data-testid "stripe-mock-3ds-complete" / "stripe-mock-3ds-fail") unless told to answer by
// itself: script URL `/v3/?3ds=success|failure`, or window.__STRIPE_MOCK_3DS__ = 'success'|'failure'
// set before calling confirmPayment.

export function stripeJsSource(baseUrl, query = new URLSearchParams()) {
  const cfg = { api: baseUrl, threeDS: query.get('3ds') || 'manual', card: query.get('card') || 'pm_card_visa' };
  return `/* stripe-mock: Stripe.js test double (not the real Stripe.js) */
(function () {
  'use strict';
  var CFG = ${JSON.stringify(cfg)};
  var CARDS = [
    ['pm_card_visa', 'Visa 4242 (succeeds)'],
    ['pm_card_threeDSecure2Required', 'Visa 3220 (3-D Secure required)'],
    ['pm_card_chargeDeclined', 'Visa 0002 (declined)'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'Visa 9995 (insufficient funds)'],
    ['pm_card_authenticationRequired', 'Visa 3184 (authentication on every charge)'],
    ['pm_card_chargeCustomerFail', 'Visa 0341 (saved fine, charges declined)'],
    ['pm_mock_processing', 'Async payment (stays processing)']
  ];

  function IntegrationError(message) {
    var e = new Error(message);
    e.name = 'IntegrationError';
    return e;
  }
  function intentIdFromSecret(cs) {
    if (typeof cs !== 'string') return null;
    var i = cs.indexOf('_secret_');
    return i > 0 ? cs.slice(0, i) : null;
  }
  function form(params) {
    var out = [];
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v === undefined || v === null) return;
      if (typeof v === 'object') {
        Object.keys(v).forEach(function (k2) {
          if (v[k2] !== undefined && v[k2] !== null) out.push(encodeURIComponent(k + '[' + k2 + ']') + '=' + encodeURIComponent(String(v[k2])));
        });
      } else out.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(v)));
    });
    return out.join('&');
  }

  function Emitter() { this._h = {}; }
  Emitter.prototype.on = function (ev, fn) { (this._h[ev] = this._h[ev] || []).push(fn); return this; };
  Emitter.prototype.once = function (ev, fn) { var self = this; function w(e) { self.off(ev, w); fn(e); } return this.on(ev, w); };
  Emitter.prototype.off = function (ev, fn) { var l = this._h[ev] || []; var i = l.indexOf(fn); if (i >= 0) l.splice(i, 1); return this; };
  Emitter.prototype._emit = function (ev, data) { (this._h[ev] || []).slice().forEach(function (fn) { try { fn(data); } catch (e) { setTimeout(function () { throw e; }); } }); };

  function PaymentElement(group, type, options) {
    Emitter.call(this);
    this._group = group;
    this._type = type;
    this._options = options || {};
    this._node = null;
    this._destroyed = false;
    this._value = CFG.card;
  }
  PaymentElement.prototype = Object.create(Emitter.prototype);
  PaymentElement.prototype.mount = function (target) {
    if (this._destroyed) throw IntegrationError('This Element has already been destroyed. Please create a new one.');
    var el = typeof target === 'string' ? document.querySelector(target) : target;
    if (!el) throw IntegrationError('The selector you specified (' + target + ') applies to no DOM elements that are currently on the page.');
    var self = this;
    var box = document.createElement('div');
    box.className = 'StripeElement StripeMockElement';
    box.setAttribute('data-testid', 'stripe-mock-' + this._type + '-element');
    // The appearance API's main variables, applied as Stripe would (visible in screenshots).
    var vars = (this._group._options.appearance && this._group._options.appearance.variables) || {};
    if (vars.colorBackground) box.style.background = vars.colorBackground;
    if (vars.colorText) box.style.color = vars.colorText;
    if (vars.colorPrimary) box.style.borderInlineStart = '4px solid ' + vars.colorPrimary;
    if (vars.borderRadius) box.style.borderRadius = vars.borderRadius;
    if (vars.fontFamily) box.style.fontFamily = vars.fontFamily;
    box.style.padding = '6px';
    var label = document.createElement('label');
    label.textContent = 'Test card ';
    var sel = document.createElement('select');
    sel.setAttribute('data-testid', 'stripe-mock-card');
    sel.name = 'stripe-mock-card';
    // The real Payment Element is fluid: it never grows past its container, however long
    // the test cards' names (a 320 px page must not scroll sideways).
    sel.style.maxWidth = '100%';
    CARDS.forEach(function (c) {
      var o = document.createElement('option');
      o.value = c[0];
      o.textContent = c[1];
      if (c[0] === self._value) o.selected = true;
      sel.appendChild(o);
    });
    sel.addEventListener('change', function () {
      self._value = sel.value;
      self._emit('change', self._changeEvent());
    });
    sel.addEventListener('focus', function () { self._emit('focus', { elementType: self._type }); });
    sel.addEventListener('blur', function () { self._emit('blur', { elementType: self._type }); });
    label.appendChild(sel);
    box.appendChild(label);
    el.innerHTML = '';
    el.appendChild(box);
    this._node = box;
    this._select = sel;
    setTimeout(function () {
      self._emit('ready', { elementType: self._type });
      self._emit('change', self._changeEvent());
    }, 0);
  };
  PaymentElement.prototype._changeEvent = function () {
    return { elementType: this._type, empty: false, complete: true, collapsed: false, value: { type: 'card' } };
  };
  PaymentElement.prototype.unmount = function () { if (this._node && this._node.parentNode) this._node.parentNode.removeChild(this._node); this._node = null; };
  PaymentElement.prototype.destroy = function () { this.unmount(); this._destroyed = true; this._group._remove(this); };
  PaymentElement.prototype.blur = function () { if (this._select) this._select.blur(); };
  PaymentElement.prototype.focus = function () { if (this._select) this._select.focus(); };
  PaymentElement.prototype.clear = function () { this._value = CFG.card; if (this._select) this._select.value = this._value; };
  PaymentElement.prototype.update = function (o) { Object.assign(this._options, o || {}); };
  PaymentElement.prototype.collapse = function () {};

  function Elements(stripe, options) {
    this._stripe = stripe;
    this._options = options || {};
    this._elements = [];
    this._submitted = false;
  }
  Elements.prototype.create = function (type, options) {
    if (['payment', 'card'].indexOf(type) < 0) throw IntegrationError('stripe-mock: element type ' + type + ' is not supported by the test double');
    if (this.getElement(type)) throw IntegrationError('Can only create one Element of type ' + type + '.');
    var e = new PaymentElement(this, type, options);
    this._elements.push(e);
    return e;
  };
  Elements.prototype.getElement = function (type) {
    for (var i = 0; i < this._elements.length; i++) if (this._elements[i]._type === type) return this._elements[i];
    return null;
  };
  Elements.prototype._remove = function (e) { var i = this._elements.indexOf(e); if (i >= 0) this._elements.splice(i, 1); };
  Elements.prototype.update = function (o) { Object.assign(this._options, o || {}); return Promise.resolve(); };
  Elements.prototype.fetchUpdates = function () { return Promise.resolve({}); };
  Elements.prototype.on = function () { return this; };
  Elements.prototype.submit = function () {
    var el = this.getElement('payment') || this.getElement('card');
    if (!el || !el._node) return Promise.resolve({ error: { type: 'validation_error', message: 'No mounted Payment Element found.' } });
    this._submitted = true;
    return Promise.resolve({ selectedPaymentMethod: 'card' });
  };
  Elements.prototype._paymentMethod = function () {
    var el = this.getElement('payment') || this.getElement('card');
    return el ? el._value : null;
  };

  function StripeMock(pk, options) {
    if (!(this instanceof StripeMock)) return new StripeMock(pk, options);
    if (typeof pk !== 'string' || !/^pk_(test|live)_/.test(pk)) throw IntegrationError('Invalid value for Stripe(): apiKey should be a publishable key (pk_test_...). You passed: ' + pk);
    this._key = pk;
    this._options = options || {};
    this._account = this._options.stripeAccount || null;
    this._apiVersion = this._options.apiVersion || null;
  }
  StripeMock.version = 3;
  StripeMock.prototype._stripeMock = true;

  StripeMock.prototype._request = function (method, path, params) {
    var headers = { Authorization: 'Bearer ' + this._key };
    if (this._account) headers['Stripe-Account'] = this._account;
    if (this._apiVersion) headers['Stripe-Version'] = this._apiVersion;
    var url = CFG.api + path;
    var init = { method: method, headers: headers };
    if (method === 'GET') url += '?' + form(params || {});
    else {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      init.body = form(params || {});
    }
    return fetch(url, init).then(function (res) {
      return res.json().then(function (body) { return { status: res.status, body: body }; });
    }, function (err) {
      return { status: 0, body: { error: { type: 'api_connection_error', message: 'stripe-mock: network error: ' + (err && err.message) } } };
    });
  };

  // Every elements() call's options (clientSecret, locale, appearance) are recorded in
  // window.__STRIPE_MOCK__.elements, so tests can check what the page passed.
  StripeMock.prototype.elements = function (options) {
    var rec = (window.__STRIPE_MOCK__ = window.__STRIPE_MOCK__ || { elements: [] });
    rec.elements.push(JSON.parse(JSON.stringify(options || {})));
    return new Elements(this, options);
  };

  StripeMock.prototype.retrievePaymentIntent = function (clientSecret) {
    var id = intentIdFromSecret(clientSecret);
    if (!id) return Promise.reject(IntegrationError('Invalid value for retrievePaymentIntent: clientSecret should be a client secret of the form \${id}_secret_\${secret}.'));
    return this._request('GET', '/v1/payment_intents/' + id, { client_secret: clientSecret }).then(function (r) {
      return r.body.error ? { error: r.body.error } : { paymentIntent: r.body };
    });
  };

  StripeMock.prototype._threeDS = function (pi) {
    var mode = window.__STRIPE_MOCK_3DS__ || CFG.threeDS;
    if (mode === 'success' || mode === 'failure') return Promise.resolve(mode);
    return new Promise(function (resolve) {
      var ov = document.createElement('div');
      ov.setAttribute('data-testid', 'stripe-mock-3ds');
      ov.setAttribute('role', 'dialog');
      ov.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,.5);display:flex;align-items:center;justify-content:center;z-index:2147483647';
      var box = document.createElement('div');
      box.style.cssText = 'background:#fff;padding:1.5em;border-radius:8px;font:16px sans-serif';
      box.innerHTML = '<p>3-D Secure test authentication (stripe-mock)</p>';
      var ok = document.createElement('button');
      ok.type = 'button';
      ok.textContent = 'Complete authentication';
      ok.setAttribute('data-testid', 'stripe-mock-3ds-complete');
      var no = document.createElement('button');
      no.type = 'button';
      no.textContent = 'Fail authentication';
      no.setAttribute('data-testid', 'stripe-mock-3ds-fail');
      function done(r) { ov.parentNode && ov.parentNode.removeChild(ov); resolve(r); }
      ok.onclick = function () { done('success'); };
      no.onclick = function () { done('failure'); };
      box.appendChild(ok);
      box.appendChild(no);
      ov.appendChild(box);
      document.body.appendChild(ov);
    });
  };

  // requires_action -> authenticate -> {paymentIntent} | {error}
  StripeMock.prototype._handleAction = function (pi, clientSecret) {
    var self = this;
    return this._threeDS(pi).then(function (result) {
      return self._request('POST', '/v1/payment_intents/' + pi.id + '/_mock_authenticate', { client_secret: clientSecret, result: result });
    }).then(function (r) {
      if (r.body.error) return { error: r.body.error };
      var p = r.body;
      if (p.status === 'requires_payment_method' && p.last_payment_error) {
        var e = Object.assign({}, p.last_payment_error);
        e.payment_intent = p;
        return { error: e };
      }
      return { paymentIntent: p };
    });
  };

  StripeMock.prototype._confirm = function (clientSecret, paymentMethod, returnUrl, redirect) {
    var self = this;
    var id = intentIdFromSecret(clientSecret);
    if (!id) return Promise.reject(IntegrationError('Invalid value for confirmPayment: clientSecret should be a client secret of the form \${id}_secret_\${secret}.'));
    var params = { client_secret: clientSecret, payment_method: paymentMethod };
    if (returnUrl) params.return_url = returnUrl;
    return this._request('POST', '/v1/payment_intents/' + id + '/confirm', params).then(function (r) {
      if (r.body.error) return { error: r.body.error };
      var pi = r.body;
      if (pi.status === 'requires_action') return self._handleAction(pi, clientSecret);
      return { paymentIntent: pi };
    }).then(function (result) {
      if (redirect === 'always' && result.paymentIntent && returnUrl) {
        var u = new URL(returnUrl, window.location.href);
        u.searchParams.set('payment_intent', result.paymentIntent.id);
        u.searchParams.set('payment_intent_client_secret', clientSecret);
        u.searchParams.set('redirect_status', result.paymentIntent.status === 'succeeded' ? 'succeeded' : result.paymentIntent.status === 'processing' ? 'pending' : 'failed');
        window.location.assign(u.toString());
        return new Promise(function () {});
      }
      return result;
    });
  };

  StripeMock.prototype.confirmPayment = function (opts) {
    opts = opts || {};
    var elements = opts.elements;
    var clientSecret = opts.clientSecret || (elements && elements._options.clientSecret);
    var redirect = opts.redirect || 'always';
    var confirmParams = opts.confirmParams || {};
    if (!elements && !confirmParams.payment_method) return Promise.reject(IntegrationError('Invalid value for confirmPayment(): elements should be an Elements group.'));
    if (!clientSecret) return Promise.reject(IntegrationError('Invalid value for confirmPayment(): clientSecret is required (pass it here or to elements()).'));
    if (redirect === 'always' && !confirmParams.return_url) return Promise.reject(IntegrationError('stripe.confirmPayment(): the \`confirmParams.return_url\` argument is required unless passing \`redirect: \\'if_required\\'\`'));
    var pm = confirmParams.payment_method || (elements && elements._paymentMethod());
    if (!pm) return Promise.resolve({ error: { type: 'validation_error', message: 'No payment method selected (mount the Payment Element first).' } });
    return this._confirm(clientSecret, pm, confirmParams.return_url, redirect);
  };

  StripeMock.prototype.confirmCardPayment = function (clientSecret, data, options) {
    data = data || {};
    var pm = typeof data.payment_method === 'string' ? data.payment_method
      : data.payment_method && data.payment_method.card && data.payment_method.card._value ? data.payment_method.card._value : CFG.card;
    var self = this;
    if (options && options.handleActions === false) {
      var id = intentIdFromSecret(clientSecret);
      return this._request('POST', '/v1/payment_intents/' + id + '/confirm', { client_secret: clientSecret, payment_method: pm, return_url: data.return_url }).then(function (r) {
        return r.body.error ? { error: r.body.error } : { paymentIntent: r.body };
      });
    }
    return self._confirm(clientSecret, pm, data.return_url, 'if_required');
  };

  StripeMock.prototype.handleNextAction = function (opts) {
    var clientSecret = opts && opts.clientSecret;
    var self = this;
    return this.retrievePaymentIntent(clientSecret).then(function (r) {
      if (r.error) return r;
      if (r.paymentIntent.status !== 'requires_action') {
        throw IntegrationError('handleNextAction: the PaymentIntent has status ' + r.paymentIntent.status + '; it must be requires_action.');
      }
      return self._handleAction(r.paymentIntent, clientSecret);
    });
  };
  StripeMock.prototype.handleCardAction = function (clientSecret) { return this.handleNextAction({ clientSecret: clientSecret }); };

  // SetupIntents (saving a card for later, as Stripe.js): confirmSetup({elements, clientSecret,
  // confirmParams, redirect}) and confirmCardSetup(clientSecret, {payment_method}); 3-D Secure
  // as for payments. Results: {setupIntent} | {error}.
  StripeMock.prototype._confirmSetup = function (clientSecret, paymentMethod, returnUrl, redirect) {
    var self = this;
    var id = intentIdFromSecret(clientSecret);
    if (!id || id.indexOf('seti_') !== 0) return Promise.reject(IntegrationError('Invalid value for confirmSetup: clientSecret should be a SetupIntent client secret (seti_..._secret_...).'));
    var params = { client_secret: clientSecret, payment_method: paymentMethod };
    if (returnUrl) params.return_url = returnUrl;
    return this._request('POST', '/v1/setup_intents/' + id + '/confirm', params).then(function (r) {
      if (r.body.error) return { error: r.body.error };
      var si = r.body;
      if (si.status !== 'requires_action') return { setupIntent: si };
      return self._threeDS(si).then(function (result) {
        return self._request('POST', '/v1/setup_intents/' + id + '/_mock_authenticate', { client_secret: clientSecret, result: result });
      }).then(function (a) {
        if (a.body.error) return { error: a.body.error };
        if (a.body.status === 'requires_payment_method' && a.body.last_setup_error) {
          var e = Object.assign({}, a.body.last_setup_error);
          e.setup_intent = a.body;
          return { error: e };
        }
        return { setupIntent: a.body };
      });
    }).then(function (result) {
      if (redirect === 'always' && result.setupIntent && returnUrl) {
        var u = new URL(returnUrl, window.location.href);
        u.searchParams.set('setup_intent', result.setupIntent.id);
        u.searchParams.set('setup_intent_client_secret', clientSecret);
        u.searchParams.set('redirect_status', result.setupIntent.status === 'succeeded' ? 'succeeded' : 'failed');
        window.location.assign(u.toString());
        return new Promise(function () {});
      }
      return result;
    });
  };

  StripeMock.prototype.confirmSetup = function (opts) {
    opts = opts || {};
    var elements = opts.elements;
    var clientSecret = opts.clientSecret || (elements && elements._options.clientSecret);
    var redirect = opts.redirect || 'always';
    var confirmParams = opts.confirmParams || {};
    if (!elements && !confirmParams.payment_method) return Promise.reject(IntegrationError('Invalid value for confirmSetup(): elements should be an Elements group.'));
    if (!clientSecret) return Promise.reject(IntegrationError('Invalid value for confirmSetup(): clientSecret is required (pass it here or to elements()).'));
    if (redirect === 'always' && !confirmParams.return_url) return Promise.reject(IntegrationError('stripe.confirmSetup(): the \`confirmParams.return_url\` argument is required unless passing \`redirect: \\'if_required\\'\`'));
    var pm = confirmParams.payment_method || (elements && elements._paymentMethod());
    if (!pm) return Promise.resolve({ error: { type: 'validation_error', message: 'No payment method selected (mount the Payment Element first).' } });
    return this._confirmSetup(clientSecret, pm, confirmParams.return_url, redirect);
  };

  StripeMock.prototype.confirmCardSetup = function (clientSecret, data) {
    data = data || {};
    var pm = typeof data.payment_method === 'string' ? data.payment_method
      : data.payment_method && data.payment_method.card && data.payment_method.card._value ? data.payment_method.card._value : CFG.card;
    return this._confirmSetup(clientSecret, pm, data.return_url, 'if_required');
  };

  StripeMock.prototype.retrieveSetupIntent = function (clientSecret) {
    var id = intentIdFromSecret(clientSecret);
    if (!id) return Promise.reject(IntegrationError('Invalid value for retrieveSetupIntent: clientSecret should be a client secret of the form \${id}_secret_\${secret}.'));
    return this._request('GET', '/v1/setup_intents/' + id, { client_secret: clientSecret }).then(function (r) {
      return r.body.error ? { error: r.body.error } : { setupIntent: r.body };
    });
  };

  StripeMock.prototype.createPaymentMethod = function (opts) {
    var el = opts && opts.elements ? opts.elements : null;
    var pm = el ? el._paymentMethod() : opts && opts.element ? opts.element._value : CFG.card;
    return Promise.resolve({ paymentMethod: { id: pm, object: 'payment_method', type: 'card' } });
  };

  window.Stripe = StripeMock;
})();
`;
}

// A tiny page to try the double by hand or from a browser test:
// /_mock/stripejs-test?pk=pk_test_..&account=acct_..&client_secret=pi_..._secret_..
export function stripeJsTestPage(baseUrl, q) {
  const esc = (s) => JSON.stringify(String(s || '')).replace(/</g, '\\u003c');
  return `<h1>stripe-mock Stripe.js test page</h1>
<form id="pay"><div id="payment-element"></div><button id="submit" type="submit">Pay</button></form>
<pre id="result" data-testid="result"></pre>
<script src="${baseUrl}/v3/${q.get('3ds') ? `?3ds=${encodeURIComponent(q.get('3ds'))}` : ''}"></script>
<script>
  var stripe = Stripe(${esc(q.get('pk'))}, { stripeAccount: ${esc(q.get('account'))} || undefined });
  var elements = stripe.elements({ clientSecret: ${esc(q.get('client_secret'))} });
  var pe = elements.create('payment');
  pe.mount('#payment-element');
  pe.on('ready', function () { document.body.setAttribute('data-ready', '1'); });
  document.getElementById('pay').addEventListener('submit', async function (ev) {
    ev.preventDefault();
    var s = await elements.submit();
    if (s.error) { document.getElementById('result').textContent = JSON.stringify(s); return; }
    var r = await stripe.confirmPayment({ elements: elements, redirect: 'if_required', confirmParams: { return_url: location.href } });
    document.getElementById('result').textContent = JSON.stringify(r);
  });
</script>`;
}
