// Page 5: totals for a date range (per currency: bookings, gross, fees, refunds,
// disputes, net), a chart of bookings and revenue per day, and the CSV download (the
// server's streamed report; the session cookie is enough for a GET).
import { useEffect, useState } from 'preact/hooks';
import type { Core } from '../../../wasm/slotpay-core';
import { call } from './api';
import { DayChart } from './chart';
import { perDay } from './report-days';
import { exponentOf } from './core';
import { addDays, isoDay, money } from './format';
import type { Entry } from './report-days';
import { Field, Problem } from './ui';

interface Totals {
  bookings: number;
  gross: number;
  application_fees: number;
  refunds: number;
  disputes: number;
  net: number;
  exponent: number;
}

export function ReportsPage({ core }: { core: Core | null }) {
  const today = isoDay(new Date());
  const [from, setFrom] = useState(addDays(today, -30));
  const [to, setTo] = useState(addDays(today, 30));
  const [totals, setTotals] = useState<Record<string, Totals> | null>(null);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const q = `from=${from}&to=${to}`;
  async function load() {
    setError(null);
    try {
      const [t, b] = await Promise.all([
        call<{ totals: { by_currency: Record<string, Totals> } }>(
          'GET',
          `/v1/merchant/reports/totals?${q}&format=json`,
        ),
        call<{ bookings: Entry[] }>('GET', `/v1/merchant/reports/bookings?${q}&format=json`),
      ]);
      setTotals(t.totals.by_currency);
      setEntries(b.bookings);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => void load(), []);
  const currencies = Object.keys(totals ?? {});
  return (
    <section aria-labelledby="rep-h">
      <h1 id="rep-h">Reports</h1>
      <form class="filters" aria-label="Report range" onSubmit={(e) => (e.preventDefault(), load())}>
        <Field id="r-from" label="From" type="date" value={from} onInput={setFrom} />
        <Field id="r-to" label="To" type="date" value={to} onInput={setTo} />
        <button type="submit" class="primary">
          Show
        </button>
        <a
          class="button"
          href={`/v1/merchant/reports/bookings?${q}&format=csv`}
          download={`bookings-${from}-${to}.csv`}
        >
          Download CSV
        </a>
      </form>
      <Problem error={error} />
      {totals && currencies.length === 0 && <p>No bookings in this range.</p>}
      {currencies.map((cur) => {
        const t = totals![cur];
        const exp = core ? exponentOf(core, cur) : t.exponent;
        const m = (v: number) => money(v, cur, exp);
        const points = perDay(
          entries.filter((e) => e.currency === cur),
          from,
          to,
        );
        return (
          <div class="card" data-testid={`totals-${cur}`}>
            <h2>{cur.toUpperCase()}</h2>
            <dl class="totals">
              <dt>Bookings</dt>
              <dd data-testid="t-bookings">{t.bookings}</dd>
              <dt>Paid online</dt>
              <dd data-testid="t-gross">{m(t.gross)}</dd>
              <dt>Platform fees</dt>
              <dd>{m(t.application_fees)}</dd>
              <dt>Refunds</dt>
              <dd data-testid="t-refunds">{m(t.refunds)}</dd>
              <dt>Disputes</dt>
              <dd>{m(t.disputes)}</dd>
              <dt>Net</dt>
              <dd data-testid="t-net">{m(t.net)}</dd>
            </dl>
            <DayChart
              points={points}
              label={`Bookings (bars) and net revenue (line) per day, ${from} to ${to}`}
              revenueLabel={m}
            />
          </div>
        );
      })}
    </section>
  );
}
