// embed.html's script: the same widget in an iframe. Talks to the host page only
// through postMessage with an exact target origin: the `parent` query parameter, which
// must be one of the merchant's allowed origins (the server lists them in the page's
// `slotpay-parents` meta; it serves the page per merchant with those origins as CSP
// frame-ancestors). Without a parent the widget still works but posts nothing; with one
// the merchant does not allow it shows an error and posts nothing.
// Inbound messages must come from window.parent, from that origin, in the envelope.
import { envelope, isEnvelope, parentVerdict, type MessageType } from './messages';
import { colorScheme } from './theme';
import { tipsOption } from './tips';
import { DEFAULT_STRIPE_JS, Widget } from './widget';

const params = new URLSearchParams(location.search);
const allowedParents = document.querySelector<HTMLMetaElement>('meta[name="slotpay-parents"]')?.content;
const verdict = window.parent !== window ? parentVerdict(params.get('parent'), allowedParents) : { origin: null };
const parentOrigin = 'origin' in verdict ? verdict.origin : null;

function post(type: MessageType, payload: unknown): void {
  if (!parentOrigin) return; // never "*": no known origin, no message
  window.parent.postMessage(envelope(type, payload), parentOrigin);
}

window.addEventListener('message', (ev: MessageEvent) => {
  if (ev.source !== window.parent || ev.origin !== parentOrigin || !isEnvelope(ev.data)) return;
  // The host may ask for the current height (e.g. after it re-laid out the iframe).
  if (ev.data.type === 'ping') post('resize', { height: document.documentElement.scrollHeight });
});

const target = document.getElementById('slotpay') as HTMLElement;
const merchant = params.get('merchant') || '';
const stripeParam = params.get('stripe_js');
// A page that frames us must not choose the script we run: Stripe.js comes from
// js.stripe.com, except on a loopback server (development and tests: the local double).
const loopback = /^(127\.0\.0\.1|localhost|\[::1\])$/;
function allowedStripeJs(value: string | null): string {
  if (!value) return DEFAULT_STRIPE_JS;
  try {
    const u = new URL(value);
    if (u.protocol === 'https:' && u.hostname === 'js.stripe.com') return u.href;
    if (loopback.test(location.hostname) && loopback.test(u.hostname) && /^https?:$/.test(u.protocol)) return u.href;
  } catch {}
  return DEFAULT_STRIPE_JS;
}
const stripeJs = allowedStripeJs(stripeParam);
const assets = new URL('.', location.href).href;

if ('error' in verdict) {
  // Nothing is posted (parentOrigin is null) and the widget does not start.
  target.setAttribute('role', 'alert');
  target.dataset.error = verdict.error;
  target.textContent = 'This booking form cannot be shown on this site (its parent origin is not allowed).';
} else if (!/^[A-Za-z0-9_-]{1,64}$/.test(merchant)) {
  const error = { code: 'invalid_merchant', field: 'merchant', message: 'embed.html needs ?merchant=<merchant id>' };
  target.textContent = error.message;
  post('error', { v: 1, error });
} else {
  const theme = {
    colorScheme: colorScheme(params.get('color_scheme')),
    accent: params.get('accent') || undefined,
    radius: params.get('radius') || undefined,
    font: params.get('font') || undefined,
  };
  const options = {
    target,
    merchant,
    api: location.origin,
    assets,
    stripeJs,
    locale: params.get('locale') || undefined,
    theme,
    tips: tipsOption(params.get('tips')),
  };
  const w = new Widget(target, options, (type, detail) => post(type, detail));
  w.start().catch((e) =>
    post('error', {
      v: 1,
      error: { code: 'internal_error', field: '', message: String(e?.message ?? e) },
      stage: 'load',
    }),
  );
  let last = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) post('resize', { height: (last = height) });
  }).observe(document.body);
}
