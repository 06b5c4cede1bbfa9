// Stripe.js, loaded from js.stripe.com at the pay step only (never bundled).
// One memoised promise (as @stripe/stripe-js): reuses window.Stripe or an existing
// script tag, and forgets a failed load so the next attempt tries again.

export interface StripeError {
  type?: string;
  code?: string;
  decline_code?: string;
  message?: string;
  param?: string;
}
export interface PaymentIntentLike {
  id: string;
  status: string;
  last_payment_error?: StripeError | null;
}
export type SetupIntentResult =
  | { setupIntent: { id: string; status: string; last_setup_error?: StripeError | null }; error?: undefined }
  | { setupIntent?: undefined; error: StripeError };
export type PaymentIntentResult =
  { paymentIntent: PaymentIntentLike; error?: undefined } | { paymentIntent?: undefined; error: StripeError };
export interface StripeElement {
  mount(el: string | HTMLElement): void;
  destroy(): void;
  on(event: string, handler: (e: any) => void): unknown;
}
export interface StripeElements {
  create(type: 'payment', options?: object): StripeElement;
  submit(): Promise<{ error?: StripeError }>;
}
export interface StripeInstance {
  elements(options: { clientSecret: string; appearance?: object; locale?: string }): StripeElements;
  confirmPayment(options: {
    elements: StripeElements;
    clientSecret: string;
    redirect: 'if_required';
    confirmParams?: object;
  }): Promise<PaymentIntentResult>;
  handleNextAction(options: { clientSecret: string }): Promise<PaymentIntentResult>;
  /** Saves the card on a SetupIntent (3-D Secure handled by Stripe.js in the page). */
  confirmSetup(options: {
    elements: StripeElements;
    clientSecret: string;
    redirect: 'if_required';
    confirmParams?: object;
  }): Promise<SetupIntentResult>;
}
export type StripeConstructor = (pk: string, options?: { stripeAccount?: string }) => StripeInstance;

export const DEFAULT_STRIPE_JS = 'https://js.stripe.com/v3/';

let loading: Promise<StripeConstructor> | null = null;

function isStripeScript(script: HTMLScriptElement, url: string): boolean {
  return script.src === url || /^https:\/\/js\.stripe\.com\/(v3|[a-z]+\/stripe\.js)/.test(script.src);
}

export function loadStripeJs(url: string = DEFAULT_STRIPE_JS, timeoutMs = 30000): Promise<StripeConstructor> {
  if (loading) return loading;
  loading = new Promise<StripeConstructor>((resolve, reject) => {
    const w = window as unknown as { Stripe?: StripeConstructor };
    if (typeof w.Stripe === 'function') return resolve(w.Stripe);
    let script = Array.from(document.querySelectorAll('script[src]')).find((s) =>
      isStripeScript(s as HTMLScriptElement, url),
    ) as HTMLScriptElement | undefined;
    if (!script) {
      script = document.createElement('script');
      script.src = url;
      script.async = true;
      (document.head || document.documentElement).appendChild(script);
    }
    const timer = setTimeout(() => fail('timed out loading Stripe.js'), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      if (typeof w.Stripe === 'function') resolve(w.Stripe);
      else fail('Stripe.js loaded but window.Stripe is missing');
    };
    function fail(why: string) {
      clearTimeout(timer);
      // A failed tag is removed so that a retry injects a fresh one.
      if (script && !(typeof w.Stripe === 'function')) script.remove();
      reject(new Error(why));
    }
    script.addEventListener('load', done, { once: true });
    script.addEventListener('error', () => fail('could not load Stripe.js'), { once: true });
  });
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
