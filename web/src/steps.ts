// The widget's steps as data: one Step type, and transitions as a pure function
// (step, event) -> (step, effects). The widget carries out the effects; nothing here
// touches the DOM or the network. Events that do not apply to a step change nothing.
import type { BookingRequest, BookingView } from './api';
import type { SlotpayError } from './types';

export type Stage = 'load' | 'book' | 'pay';

export type Step =
  /** Service, options, date and time (with the price preview). */
  | { kind: 'choose' }
  /** The customer's details, the tip and the Book button. */
  | { kind: 'details' }
  /** A held booking waiting for its payment (`request`: to book it again after a refusal; null after a redirect). */
  | { kind: 'pay'; booking: BookingView; token: string; request: BookingRequest | null }
  | { kind: 'done'; booking: BookingView }
  /** Cannot go on; `restart` says whether choosing again can help. */
  | { kind: 'failed'; error: SlotpayError; stage: Stage; restart: boolean };

export type StepEvent =
  /** From choose: `ready` when a slot is chosen and nothing blocks its price. */
  | { type: 'continue'; ready: boolean }
  | { type: 'back' }
  /** The server's answer to the booking POST. */
  | { type: 'booked'; booking: BookingView; token: string; request: BookingRequest }
  /** A refused card ended the booking; the same choice was booked again. */
  | { type: 'renewed'; booking: BookingView; token: string }
  | { type: 'confirmed'; booking: BookingView }
  | { type: 'failed'; error: SlotpayError; stage: Stage; restart: boolean }
  /** "Choose another time". */
  | { type: 'restart' };

export type Effect =
  | { type: 'focus' }
  | { type: 'startPayment' }
  | { type: 'cancelHold'; booking: BookingView; token: string }
  | { type: 'reloadSlots' }
  | { type: 'booked'; booking: BookingView }
  | { type: 'error'; error: SlotpayError; stage: Stage };

export interface Transition {
  step: Step;
  effects: Effect[];
}

const HELD = ['held', 'awaiting_payment'];

export function transition(step: Step, ev: StepEvent): Transition {
  const stay: Transition = { step, effects: [] };
  switch (ev.type) {
    case 'continue':
      return step.kind === 'choose' && ev.ready ? { step: { kind: 'details' }, effects: [{ type: 'focus' }] } : stay;
    case 'back':
      return step.kind === 'details' ? { step: { kind: 'choose' }, effects: [{ type: 'focus' }] } : stay;
    case 'booked': {
      if (step.kind !== 'details') return stay;
      const b = ev.booking;
      // pending_confirmation (issue #9): booked; the customer confirms from the email.
      if (b.status === 'confirmed' || b.status === 'pending_confirmation') return done(b);
      if (b.status === 'awaiting_payment' && b.payment?.client_secret)
        return {
          step: { kind: 'pay', booking: b, token: ev.token, request: ev.request },
          effects: [{ type: 'focus' }, { type: 'startPayment' }],
        };
      const error = { code: 'unexpected_status', field: '', message: `The booking is ${b.status}.` };
      return fail(error, 'book', true);
    }
    case 'renewed':
      return step.kind === 'pay' ? { step: { ...step, booking: ev.booking, token: ev.token }, effects: [] } : stay;
    case 'confirmed':
      return step.kind === 'pay' || step.kind === 'details' ? done(ev.booking) : stay;
    case 'failed':
      if (step.kind === 'done' || step.kind === 'failed') return stay;
      return fail(ev.error, ev.stage, ev.restart);
    case 'restart': {
      if (step.kind === 'pay') {
        const effects: Effect[] = [];
        // Best effort: give the held slot back now rather than at the hold's expiry.
        if (HELD.includes(step.booking.status))
          effects.push({ type: 'cancelHold', booking: step.booking, token: step.token });
        effects.push({ type: 'reloadSlots' }, { type: 'focus' });
        return { step: { kind: 'choose' }, effects };
      }
      if (step.kind === 'failed' && step.restart)
        return { step: { kind: 'choose' }, effects: [{ type: 'reloadSlots' }, { type: 'focus' }] };
      return stay;
    }
  }
}

function done(booking: BookingView): Transition {
  return { step: { kind: 'done', booking }, effects: [{ type: 'focus' }, { type: 'booked', booking }] };
}

function fail(error: SlotpayError, stage: Stage, restart: boolean): Transition {
  const effects: Effect[] = [{ type: 'error', error, stage }];
  // While the page loads the customer is elsewhere on it: a widget that cannot start
  // must not pull focus away from there.
  if (stage !== 'load') effects.unshift({ type: 'focus' });
  return { step: { kind: 'failed', error, stage, restart }, effects };
}
