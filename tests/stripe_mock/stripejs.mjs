// Stripe.js test double (filled in below). Placeholder until implemented.
export function stripeJsSource(baseUrl) {
  return `/* stripe-mock Stripe.js test double: not implemented yet */ window.Stripe = function () { throw new Error('stripe-mock: Stripe.js double not implemented'); };`;
}
export function stripeJsTestPage(baseUrl) {
  return '<p>not implemented</p>';
}
