// One booking: the customer, what was paid and refunded, and the merchant's actions
// (refund full/partial with the fee choice, cancel, no-show, complete; a pay link for
// what is still due; docs/api-money.md).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Core } from '../../../wasm/slotpay-core';
import { call, idempotencyKey } from './api';
import { exponentOf } from './core';
import { money, toMajor, toMinor, when } from './format';
import type { BookingRow, Customer } from './types';
import { Check, Field, Notice, Problem } from './ui';
import { SendPayLink } from './pay-link';
import { dueOf } from './bookings-model';

export function BookingDetails(props: {
  row: BookingRow;
  core: Core | null;
  timeZone?: string;
  serviceName: string;
  customer?: Customer;
  /** Staff read bookings; refunds and status changes are the owner's (permission `money`). */
  canChange: boolean;
  onChanged: () => void;
  onClose: () => void;
}) {
  const b = props.row;
  const exp = exponentOf(props.core, b.currency);
  const m = (v: number) => money(v, b.currency, exp);
  const left = Math.max(0, b.paid_amount - b.refunded_amount);
  const [amount, setAmount] = useState(toMajor(left, exp));
  const [giveFee, setGiveFee] = useState(false);
  // One key per refund the merchant means: a retry after an error reuses it.
  const [key, setKey] = useState(idempotencyKey());
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const customer = props.customer;
  // Opening a booking moves the keyboard focus to it (the list stays where it was).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [b.id]);

  async function act(what: string, run: () => Promise<unknown>) {
    setError(null);
    setDone('');
    try {
      await run();
      setDone(what);
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  }
  const refund = (ev: Event) => {
    ev.preventDefault();
    const minor = toMinor(amount, exp);
    if (minor === null) return setError(new Error('Enter the amount to refund.'));
    return act(`Refunded ${m(minor)}.`, async () => {
      await call(
        'POST',
        `/v1/merchant/bookings/${encodeURIComponent(b.id)}/refunds`,
        { amount: minor, refund_application_fee: giveFee },
        { 'idempotency-key': key },
      );
      setKey(idempotencyKey());
      setAmount('');
    });
  };
  const post = (path: string, what: string) => () =>
    act(what, () => call('POST', `/v1/merchant/bookings/${encodeURIComponent(b.id)}/${path}`));
  const cancel = post('cancel', 'Cancelled; the customer is refunded.');
  return (
    <section class="card details" aria-labelledby="bk-h">
      <h2 id="bk-h" tabIndex={-1} ref={heading}>
        Booking {b.id}
      </h2>
      <dl>
        <dt>Status</dt>
        <dd data-testid="bk-status">{b.status}</dd>
        <dt>Service</dt>
        <dd>
          {props.serviceName}
          {b.booking.staff ? ` with ${b.booking.staff}` : ''}
          {b.booking.quantity && b.booking.quantity > 1 ? ` × ${b.booking.quantity}` : ''}
        </dd>
        <dt>When</dt>
        <dd>{when(b.booking.start, props.timeZone)}</dd>
        {customer && (
          <>
            <dt>Customer</dt>
            <dd>{[customer.name, customer.email, customer.phone].filter(Boolean).join(', ')}</dd>
          </>
        )}
      </dl>
      <h3>Payment history</h3>
      <ul data-testid="bk-payments">
        <li>
          Charged online: {m(b.paid_amount)}
          {b.payment_intent ? ` (${b.payment_intent})` : ''}
        </li>
        {b.total !== undefined && b.total !== b.paid_amount && <li>Booking total: {m(b.total)}</li>}
        <li>
          Refunded: {m(b.refunded_amount)}
          {b.refund_pending ? ' (a refund is being made)' : ''}
        </li>
        {b.disputed && <li>Disputed by the customer</li>}
        {dueOf(b) > 0 && <li data-testid="bk-due">Still due: {m(dueOf(b))}</li>}
      </ul>
      {dueOf(b) > 0 && <SendPayLink key={b.id} bookingId={b.id} core={props.core} />}
      {props.canChange && left > 0 && (
        <form onSubmit={refund} aria-label="Refund">
          <Field
            id="refund-amount"
            label={`Refund amount (up to ${m(left)})`}
            inputMode="decimal"
            value={amount}
            onInput={setAmount}
          />
          <Check id="refund-fee" label="Give the platform fee back too" checked={giveFee} onChange={setGiveFee} />
          <button type="submit">Refund</button>
        </form>
      )}
      <p class="actions">
        {props.canChange && ['confirmed', 'pending_confirmation', 'held', 'awaiting_payment'].includes(b.status) && (
          <button
            type="button"
            class="danger"
            onClick={() => confirm('Cancel this booking and refund the customer in full?') && cancel()}
          >
            Cancel booking
          </button>
        )}
        {props.canChange && b.status === 'confirmed' && new Date(b.booking.start) < new Date() && (
          <>
            <button type="button" onClick={post('no-show', 'Marked as no-show.')}>
              No-show
            </button>
            <button type="button" onClick={post('complete', 'Marked as completed.')}>
              Completed
            </button>
          </>
        )}
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </p>
      {done && <Notice>{done}</Notice>}
      <Problem error={error} />
    </section>
  );
}
