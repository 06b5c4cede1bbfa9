// One booking (GET /v1/merchant/bookings/{id}): the customer, what was paid and refunded,
// the payment history (payments, refunds, disputes, pay links) and the merchant's actions
// (refund full/partial with the fee choice, cancel, no-show, complete; a pay link for
// what is still due; docs/api-money.md). Loaded again after each action.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Core } from '../../../wasm/slotpay-core';
import { call, idempotencyKey } from './api';
import { exponentOf } from './core';
import { money, toMajor, toMinor, when } from './format';
import type { BookingDetail, BookingRow, Customer, HistoryEntry } from './types';
import { Check, Field, Notice, Problem } from './ui';
import { SendPayLink } from './pay-link';
import { dueOf, historyLine, languageName } from './bookings-model';

export function BookingDetails(props: {
  /** The list's row: shown until the booking's details arrive. */
  row: BookingRow;
  core: Core | null;
  timeZone?: string;
  serviceName: string;
  /** Staff read bookings; refunds and status changes are the owner's (permission `money`). */
  canChange: boolean;
  onChanged: () => void;
  onClose: () => void;
}) {
  const [detail, setDetail] = useState<BookingDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const path = `/v1/merchant/bookings/${encodeURIComponent(props.row.id)}`;
  const reload = () =>
    call<BookingDetail>('GET', path).then(
      (d) => (setDetail(d), setLoadError(null)),
      (e) => setLoadError(e),
    );
  useEffect(() => {
    setDetail(null);
    reload();
  }, [props.row.id]);
  const b = detail?.booking ?? props.row;
  const exp = exponentOf(props.core, b.currency);
  const m = (v: number) => money(v, b.currency, exp);
  const left = Math.max(0, b.paid_amount - b.refunded_amount);
  const [amount, setAmount] = useState(toMajor(left, exp));
  const [giveFee, setGiveFee] = useState(false);
  // One key per refund the merchant means: a retry after an error reuses it.
  const [key, setKey] = useState(idempotencyKey());
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  // Opening a booking moves the keyboard focus to it (the list stays where it was).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [b.id]);
  const changed = () => (reload(), props.onChanged());

  async function act(what: string, run: () => Promise<unknown>) {
    setError(null);
    setDone('');
    try {
      await run();
      setDone(what);
      changed();
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
        `${path}/refunds`,
        { amount: minor, refund_application_fee: giveFee },
        { 'idempotency-key': key },
      );
      setKey(idempotencyKey());
      setAmount('');
    });
  };
  const post = (action: string, what: string) => () => act(what, () => call('POST', `${path}/${action}`));
  const cancel = post('cancel', 'Cancelled; the customer is refunded.');
  return (
    <section class="card details" aria-labelledby="bk-h" data-testid="booking-details">
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
      </dl>
      <CustomerCard customer={detail?.customer ?? b.customer} />
      <h3>Payments</h3>
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
      {detail ? (
        <History entries={detail.history} money={m} timeZone={props.timeZone} />
      ) : loadError ? (
        <Problem error={loadError} />
      ) : (
        <p role="status">Loading the payment history…</p>
      )}
      {dueOf(b) > 0 && <SendPayLink key={b.id} bookingId={b.id} core={props.core} onSent={reload} />}
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

function CustomerCard({ customer }: { customer?: Customer }) {
  if (!customer) return null;
  return (
    <>
      <h3>Customer</h3>
      <dl data-testid="bk-customer">
        <dt>Name</dt>
        <dd>{customer.name || '—'}</dd>
        <dt>E-mail</dt>
        <dd>{customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : '—'}</dd>
        <dt>Phone</dt>
        <dd>{customer.phone ? <a href={`tel:${customer.phone}`}>{customer.phone}</a> : '—'}</dd>
        <dt>Language</dt>
        <dd>{customer.language ? languageName(customer.language) : '—'}</dd>
        <dt>Time zone</dt>
        <dd>{customer.time_zone || '—'}</dd>
      </dl>
    </>
  );
}

function History(props: { entries: HistoryEntry[]; money: (v: number) => string; timeZone?: string }) {
  if (!props.entries.length) return <p data-testid="bk-history">No payments yet.</p>;
  const t = (iso: string) => when(iso, props.timeZone);
  return (
    <div class="table-wrap">
      <table data-testid="bk-history">
        <caption>Payment history</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Amount</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => {
            const line = historyLine(e, props.money, t);
            return (
              <tr class={`h-${e.type}`}>
                <td>{line.when}</td>
                <td>{line.what}</td>
                <td>{line.amount}</td>
                <td class="wrap">{line.details}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
