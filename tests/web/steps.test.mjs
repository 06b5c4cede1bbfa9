// The widget's step machine (web/src/steps.ts): a pure (step, event) -> (step, effects).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTs } from './lib/load_ts.mjs';

const { transition } = await loadTs('steps');

const booking = (status, extra = {}) => ({
  id: 'bk_1',
  status,
  merchant_id: 'm',
  booking: { service: 'cut', staff: 'ana', start: 'x', quantity: 1 },
  quote: {},
  payment_mode: 'stripe',
  amount: 1072,
  currency: 'usd',
  hold_expires_at: null,
  ...extra,
});
const paying = booking('awaiting_payment', {
  payment: { client_secret: 'pi_1_secret_x', publishable_key: 'pk', stripe_account: '' },
});
const req = { service: 'cut' };
const types = (t) => t.effects.map((e) => e.type);
const err = { code: 'network_error', field: '', message: '' };

test('choose -> details only when ready; back returns; focus moves each time', () => {
  const choose = { kind: 'choose' };
  assert.deepEqual(transition(choose, { type: 'continue', ready: false }), { step: choose, effects: [] });
  const t = transition(choose, { type: 'continue', ready: true });
  assert.deepEqual(t.step, { kind: 'details' });
  assert.deepEqual(types(t), ['focus']);
  const back = transition(t.step, { type: 'back' });
  assert.deepEqual(back.step, { kind: 'choose' });
  assert.deepEqual(types(back), ['focus']);
});

test('booked: confirmed -> done (booked event); awaiting payment -> pay (start payment); anything else -> failed', () => {
  const details = { kind: 'details' };
  const done = transition(details, { type: 'booked', booking: booking('confirmed'), token: 't', request: req });
  assert.equal(done.step.kind, 'done');
  assert.deepEqual(types(done), ['focus', 'booked']);
  const pay = transition(details, { type: 'booked', booking: paying, token: 't', request: req });
  assert.deepEqual(pay.step, { kind: 'pay', booking: paying, token: 't', request: req });
  assert.deepEqual(types(pay), ['focus', 'startPayment']);
  // awaiting_payment without a client secret cannot be paid here
  const odd = transition(details, { type: 'booked', booking: booking('awaiting_payment'), token: 't', request: req });
  assert.equal(odd.step.kind, 'failed');
  assert.equal(odd.step.error.code, 'unexpected_status');
  assert.equal(odd.step.restart, true);
  assert.deepEqual(types(odd), ['focus', 'error']);
  // booked outside the details step is ignored
  const choose = { kind: 'choose' };
  assert.equal(transition(choose, { type: 'booked', booking: paying, token: 't', request: req }).step, choose);
});

test('booked: pending_confirmation (issue #9) -> done, the customer confirms from the email', () => {
  const pending = booking('pending_confirmation', { payment_mode: 'free', amount: 0 });
  const t = transition({ kind: 'details' }, { type: 'booked', booking: pending, token: 't', request: req });
  assert.deepEqual(t.step, { kind: 'done', booking: pending });
  assert.deepEqual(types(t), ['focus', 'booked']);
});

test('pay: renewed keeps the step with the new booking; confirmed -> done; restart cancels a live hold', () => {
  const pay = { kind: 'pay', booking: paying, token: 't', request: req };
  const renewed = { ...paying, id: 'bk_2' };
  const r = transition(pay, { type: 'renewed', booking: renewed, token: 't2' });
  assert.deepEqual(r.step, { kind: 'pay', booking: renewed, token: 't2', request: req });
  assert.deepEqual(r.effects, []);
  assert.equal(transition(pay, { type: 'confirmed', booking: booking('confirmed') }).step.kind, 'done');
  const back = transition(pay, { type: 'restart' });
  assert.deepEqual(back.step, { kind: 'choose' });
  assert.deepEqual(back.effects, [
    { type: 'cancelHold', booking: paying, token: 't' },
    { type: 'reloadSlots' },
    { type: 'focus' },
  ]);
  // an ended booking is not cancelled again
  const ended = transition({ ...pay, booking: booking('payment_failed') }, { type: 'restart' });
  assert.deepEqual(types(ended), ['reloadSlots', 'focus']);
});

test('failed: from any live step; restart only when it can help; done and failed are final', () => {
  for (const step of [
    { kind: 'choose' },
    { kind: 'details' },
    { kind: 'pay', booking: paying, token: 't', request: req },
  ]) {
    const f = transition(step, { type: 'failed', error: err, stage: 'pay', restart: true });
    assert.deepEqual(f.step, { kind: 'failed', error: err, stage: 'pay', restart: true });
    assert.deepEqual(f.effects, [{ type: 'focus' }, { type: 'error', error: err, stage: 'pay' }]);
  }
  // Failing to start (the page is loading): no focus theft.
  const load = transition({ kind: 'choose' }, { type: 'failed', error: err, stage: 'load', restart: false });
  assert.deepEqual(load.effects, [{ type: 'error', error: err, stage: 'load' }]);
  const stuck = { kind: 'failed', error: err, stage: 'load', restart: false };
  assert.equal(transition(stuck, { type: 'restart' }).step, stuck);
  const retry = { kind: 'failed', error: err, stage: 'pay', restart: true };
  assert.deepEqual(transition(retry, { type: 'restart' }).step, { kind: 'choose' });
  const done = { kind: 'done', booking: booking('confirmed') };
  for (const ev of [
    { type: 'failed', error: err, stage: 'pay', restart: true },
    { type: 'restart' },
    { type: 'back' },
    { type: 'confirmed', booking: booking('confirmed') },
    { type: 'continue', ready: true },
  ])
    assert.deepEqual(transition(done, ev), { step: done, effects: [] }, ev.type);
  assert.deepEqual(transition(stuck, { type: 'failed', error: err, stage: 'pay', restart: true }), {
    step: stuck,
    effects: [],
  });
});
