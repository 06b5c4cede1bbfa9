// Self-check for `SLOTPAY_DEMO_CHECK=1 ./slotpay demo`: book the first free "cut" slot
// of the demo merchant, pay it on the local Stripe mock as Stripe.js would (publishable
// key + client secret), wait for the signed webhook to confirm it. Exit 1 on failure.
const [server, stripe, pk] = process.argv.slice(2);
const j = async (r) => ({ status: r.status, body: await r.json() });
const day = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);
let slot;
for (let d = 1; d < 20 && !slot; d++) {
  const r = await j(await fetch(`${server}/v1/merchants/m_demo/availability?service=cut&staff=any&from=${day(d)}&to=${day(d + 1)}`));
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  slot = r.body.slots.find((s) => s.remaining > 0);
}
if (!slot) throw new Error('no free slot in the next 20 days');
const created = await j(await fetch(`${server}/v1/merchants/m_demo/bookings`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ service: 'cut', staff: 'any', start: slot.start, quantity: 1, addons: ['wash'], coupon: 'WELCOME10',
                         customer: { name: 'Demo Check', email: 'demo@example.com' } }),
}));
if (created.status !== 201) throw new Error(JSON.stringify(created.body));
const b = created.body.booking;
console.log(`booked ${b.id} at ${slot.start}: ${b.status}, due now ${b.amount} ${b.currency}`);
const pay = await fetch(`${stripe}/v1/payment_intents/${b.payment.payment_intent}/confirm`, {
  method: 'POST',
  headers: { authorization: `Bearer ${pk}`, 'stripe-account': b.payment.stripe_account,
             'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ payment_method: 'pm_card_visa', client_secret: b.payment.client_secret }),
});
if (!pay.ok) throw new Error(`confirm: ${pay.status} ${await pay.text()}`);
for (let i = 0; i < 50; i++) {
  const s = await j(await fetch(`${server}/v1/bookings/${b.id}`, { headers: { authorization: `Bearer ${created.body.access_token}` } }));
  if (s.body.booking.status === 'confirmed') {
    console.log(`confirmed by the signed webhook: paid ${s.body.booking.paid_amount} ${b.currency}`);
    process.exit(0);
  }
  await new Promise((r) => setTimeout(r, 200));
}
console.error('booking not confirmed');
process.exit(1);
