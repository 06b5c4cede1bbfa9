// Page 4: bookings, as a list with filters (date range, status, service, staff, search)
// and as a week (or day) calendar; a booking opens its details and actions.
// Above the filters: a new booking taken by phone (phone-booking.tsx); a booking with
// something still due offers its pay link in its details (pay-link.tsx).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Catalog, Core } from '../../../wasm/slotpay-core';
import { call } from './api';
import { BookingDetails } from './booking-details';
import { PhoneBooking } from './phone-booking';
import { exponentOf } from './core';
import { addDays, day, isoDay, money, when } from './format';
import type { BookingRow, Me } from './types';
import { Field, Problem, Select } from './ui';

export function BookingsPage({ core, me }: { core: Core | null; me: Me }) {
  const [rows, setRows] = useState<BookingRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [status, setStatus] = useState('');
  const [service, setService] = useState('');
  const [staff, setStaff] = useState('');
  const [q, setQ] = useState('');
  const [view, setView] = useState<'list' | 'week' | 'day'>('list');
  const [anchor, setAnchor] = useState(isoDay(new Date()));
  const [open, setOpen] = useState<string | null>(null);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  // The customer search runs on the server (name or e-mail, among the newest bookings);
  // the other filters on the rows it answered. Only the newest answer is shown.
  const asked = useRef(0);
  const load = (search = q) => {
    const n = ++asked.current;
    const query = search.trim() ? `?q=${encodeURIComponent(search.trim())}` : '';
    return call<{ bookings: BookingRow[] }>('GET', `/v1/merchant/bookings${query}`).then((r) => {
      if (n === asked.current) (setRows(r.bookings), setError(null));
    }, setError);
  };
  useEffect(() => {
    call<{ catalog: Catalog }>('GET', '/v1/merchant/catalog').then((r) => setCatalog(r.catalog), setError);
  }, []);
  // Typing waits for a pause before asking the server.
  useEffect(() => {
    const t = setTimeout(() => load(q), rows ? 250 : 0);
    return () => clearTimeout(t);
  }, [q]);
  const tz = catalog?.merchant.timezone;
  const serviceName = (id: string) => catalog?.services.find((x) => x.id === id)?.name ?? id;

  const shown = useMemo(
    () =>
      (rows ?? []).filter((b) => {
        const d = b.booking.start.slice(0, 10);
        if (from && d < from) return false;
        if (to && d > to) return false;
        if (status && b.status !== status) return false;
        if (service && b.booking.service !== service) return false;
        if (staff && b.booking.staff !== staff) return false;
        return true;
      }),
    [rows, from, to, status, service, staff],
  );
  if (!rows) return <Problem error={error} />;
  const opts = (vals: (string | undefined)[]): [string, string][] => [
    ['', 'All'],
    ...[...new Set(vals.filter(Boolean) as string[])].sort().map((v): [string, string] => [v, v]),
  ];
  const amount = (b: BookingRow) => money(b.paid_amount, b.currency, exponentOf(core, b.currency));
  const openRow = rows.find((b) => b.id === open);
  const days = view === 'day' ? [anchor] : Array.from({ length: 7 }, (_, i) => addDays(weekStart(anchor), i));
  return (
    <section aria-labelledby="bk-list-h">
      <h1 id="bk-list-h">Bookings</h1>
      {catalog && catalog.services.length > 0 && (
        <PhoneBooking catalog={catalog} core={core} onCreated={() => load()} />
      )}
      <form class="filters" aria-label="Filter bookings" onSubmit={(e) => e.preventDefault()}>
        <Field id="f-from" label="From" type="date" value={from} onInput={setFrom} />
        <Field id="f-to" label="To" type="date" value={to} onInput={setTo} />
        <Select
          id="f-status"
          label="Status"
          value={status}
          options={opts(rows.map((b) => b.status))}
          onChange={setStatus}
        />
        <Select
          id="f-service"
          label="Service"
          value={service}
          options={opts(rows.map((b) => b.booking.service))}
          onChange={setService}
        />
        <Select
          id="f-staff"
          label="Staff"
          value={staff}
          options={opts(rows.map((b) => b.booking.staff))}
          onChange={setStaff}
        />
        <Field id="f-q" label="Customer (name or e-mail)" type="search" value={q} onInput={setQ} />
      </form>
      <Problem error={error} />
      <div role="group" aria-label="View" class="actions">
        {(['list', 'week', 'day'] as const).map((v) => (
          <button type="button" aria-pressed={view === v} onClick={() => setView(v)}>
            {v === 'list' ? 'List' : v === 'week' ? 'Week' : 'Day'}
          </button>
        ))}
        {view !== 'list' && (
          <>
            <button type="button" onClick={() => setAnchor(addDays(anchor, view === 'day' ? -1 : -7))}>
              Previous
            </button>
            <button type="button" onClick={() => setAnchor(addDays(anchor, view === 'day' ? 1 : 7))}>
              Next
            </button>
            <Field id="f-anchor" label="Go to" type="date" value={anchor} onInput={(v) => v && setAnchor(v)} />
          </>
        )}
      </div>
      {openRow && (
        <BookingDetails
          key={openRow.id}
          row={openRow}
          core={core}
          timeZone={tz}
          serviceName={serviceName(openRow.booking.service)}
          canChange={me.role !== 'staff'}
          onChanged={() => load()}
          onClose={() => setOpen(null)}
        />
      )}
      {view === 'list' ? (
        <div class="table-wrap">
          <table>
            <caption>
              {shown.length} of {rows.length} bookings{q.trim() ? ` for the customer search “${q.trim()}”` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Service</th>
                <th scope="col">Customer</th>
                <th scope="col">Status</th>
                <th scope="col">Paid</th>
                <th scope="col">Booking</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((b) => (
                <tr>
                  <td>{when(b.booking.start, tz)}</td>
                  <td>
                    {serviceName(b.booking.service)}
                    {b.booking.staff ? ` · ${b.booking.staff}` : ''}
                  </td>
                  <td>{b.customer?.name ?? ''}</td>
                  <td>{b.status}</td>
                  <td>{amount(b)}</td>
                  <td>
                    <button type="button" onClick={() => setOpen(b.id)}>
                      Open <span class="sr">booking</span> {b.id}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div class={`calendar cols-${days.length}`} data-testid="calendar">
          {days.map((d) => (
            <section aria-label={day(d)}>
              <h2>{day(d)}</h2>
              <ul>
                {shown
                  .filter((b) => b.booking.start.slice(0, 10) === d)
                  .sort((a, b) => a.booking.start.localeCompare(b.booking.start))
                  .map((b) => (
                    <li>
                      <button type="button" class={`ev st-${b.status}`} onClick={() => setOpen(b.id)}>
                        {b.booking.start.slice(11, 16)} {serviceName(b.booking.service)} ({b.status})
                      </button>
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

/** The Monday of the week holding `iso`. */
function weekStart(iso: string): string {
  const dow = (new Date(iso + 'T00:00:00Z').getUTCDay() + 6) % 7;
  return addDays(iso, -dow);
}
