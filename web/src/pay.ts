// The pay-by-link page (issue #11 item 3): /pay.html#<signed token>, from the link a
// merchant sends for what is still due on a booking (a phone booking's price, or the
// balance after a deposit). Shows the booking and the amount, then pays it the way the
// widget's pay step does: Stripe.js loaded at this step only (stripe.ts, the widget's
// loader), the Payment Element, confirmPayment with redirect 'if_required' and 3-D Secure
// in the page; then waits for the server to record the payment (Stripe's webhook), which
// it tells by the link answering pay_link_used. Text nodes only.
import { factsFromTable } from './currency';
import { formatMoney } from './money';
import { loadStripeJs, type StripeElements, type StripeError, type StripeInstance } from './stripe';

interface View {
  booking: { id: string; booking: { service: string; start: string }; customer?: { name: string } };
  pay: { amount: number; currency: string; expires_at: string; merchant_name: string };
}
interface Payment {
  client_secret: string;
  publishable_key: string;
  stripe_account: string;
}

const root = document.getElementById('pay') as HTMLElement;
const mountPoint = document.getElementById('payment') as HTMLElement;
const errorBox = document.getElementById('pay-error') as HTMLElement;
const token = decodeURIComponent(location.hash.slice(1));
const api = `/v1/pay/${encodeURIComponent(token)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

// Stripe's exponent, never Intl's digits (ISK, UGX, HUF: Intl has none, Stripe counts hundredths).
const money = (minor: number, currency: string): string => formatMoney(minor, factsFromTable(currency), 'en');

async function call(method: string, path = ''): Promise<{ status: number; body: any }> {
  const r = await fetch(api + path, { method, headers: { accept: 'application/json' }, cache: 'no-store' });
  return { status: r.status, body: await r.json().catch(() => null) };
}

function errorText(status: number, body: any): string {
  const code = body?.error?.code;
  if (code === 'pay_link_used') return 'This link has already been paid. Thank you!';
  if (code === 'pay_link_expired') return 'This payment link has expired. Please ask the business for a new one.';
  if (code === 'pay_link_superseded') return 'The amount due has changed. Please ask the business for a new link.';
  if (code === 'booking_not_payable') return 'Nothing is due on this booking any more.';
  if (typeof code === 'string' && code.startsWith('link_')) return 'This link is not valid.';
  if (status === 429) return 'Too many requests; please try again in a moment.';
  return 'Something went wrong. Please try again.';
}

function showError(message: string): void {
  errorBox.textContent = message;
  errorBox.hidden = false;
}

function done(message: string, paid = false): void {
  mountPoint.replaceChildren();
  root.replaceChildren(
    el('h1', {}, paid ? 'Payment received' : 'Pay for your booking'),
    el('p', paid ? { 'data-paid': '' } : {}, message),
  );
}

let stripe: StripeInstance | null = null;
let elements: StripeElements | null = null;
let secret = '';

async function pay(button: HTMLButtonElement): Promise<void> {
  if (!stripe || !elements) return;
  button.disabled = true;
  errorBox.hidden = true;
  let failure: StripeError | null = null;
  const submitted = await elements.submit();
  if (submitted.error) failure = submitted.error;
  else {
    let res = await stripe.confirmPayment({
      elements,
      clientSecret: secret,
      redirect: 'if_required',
      confirmParams: { return_url: location.href },
    });
    if (res.paymentIntent?.status === 'requires_action') res = await stripe.handleNextAction({ clientSecret: secret });
    if (res.error) failure = res.error;
    else if (!['succeeded', 'processing'].includes(res.paymentIntent.status))
      failure = res.paymentIntent.last_payment_error ?? { message: 'The payment was not completed.' };
  }
  if (failure) {
    showError(failure.message || 'The payment was refused. Please try another card.');
    button.disabled = false;
    return;
  }
  root.querySelector('[data-status]')!.textContent = 'Payment received; confirming…';
  await settle();
}

/** The server records the payment on Stripe's webhook: the link then answers pay_link_used. */
async function settle(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const r = await call('GET');
    if (r.body?.error?.code === 'pay_link_used') return done('Your payment was received. Thank you!', true);
    await sleep(1000);
  }
  showError('Your payment is being processed; you will receive a confirmation.');
}

async function start(): Promise<void> {
  const r = await call('GET');
  if (r.status !== 200) return done(errorText(r.status, r.body));
  const v = r.body as View;
  const amount = money(v.pay.amount, v.pay.currency);
  const button = el(
    'button',
    { type: 'button', 'data-action': 'pay', disabled: '' },
    `Pay ${amount}`,
  ) as HTMLButtonElement;
  root.replaceChildren(
    el('h1', {}, `Pay ${v.pay.merchant_name || 'for your booking'}`),
    el(
      'dl',
      {},
      el('dt', {}, 'Booking'),
      el('dd', { 'data-field': 'id' }, v.booking.id),
      el('dt', {}, 'Service'),
      el('dd', { 'data-field': 'service' }, v.booking.booking.service),
      el('dt', {}, 'When'),
      el('dd', { 'data-field': 'start' }, v.booking.booking.start.slice(0, 16).replace('T', ' ')),
      el('dt', {}, 'Amount due'),
      el('dd', { 'data-field': 'amount' }, amount),
    ),
    el('p', { class: 'note', 'data-status': '' }, 'Loading the payment form…'),
    button,
  );
  const intent = await call('POST', '/intent');
  if (intent.status !== 200) return done(errorText(intent.status, intent.body));
  const p = intent.body.payment as Payment;
  secret = p.client_secret;
  try {
    const Stripe = await loadStripeJs();
    stripe = Stripe(p.publishable_key, p.stripe_account ? { stripeAccount: p.stripe_account } : undefined);
    elements = stripe.elements({ clientSecret: secret, locale: 'en' });
    const pe = elements.create('payment');
    pe.on('ready', () => {
      root.querySelector('[data-status]')!.textContent = '';
      button.disabled = false;
    });
    pe.mount(mountPoint);
  } catch {
    return showError('The payment form could not be loaded. Please try again later.');
  }
  button.addEventListener('click', () => void pay(button).catch(() => showError('Something went wrong.')));
}

void start();
