// Staff (who offers which service, with their own hours or the shop's) and coupons
// (percent or fixed), through the catalog's collections.
import { useState } from 'preact/hooks';
import type { Catalog, Coupon, Staff } from '../../../wasm/slotpay-core';
import { call } from './api';
import { money, toMinor } from './format';
import { WEEKDAYS, parseHours } from './hours';
import { toBps } from './service-model';
import { Check, Field, Problem, Select } from './ui';

export function StaffEditor({ catalog, onSaved }: { catalog: Catalog; onSaved: () => void }) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [services, setServices] = useState<string[]>([]);
  const [hours, setHours] = useState('');
  const [error, setError] = useState<unknown>(null);
  const parsed = parseHours(hours);
  async function add(ev: Event) {
    ev.preventDefault();
    setError(null);
    if (!parsed) return;
    const s: Staff = { id: id.trim(), name: name.trim(), services };
    // One set of hours for every weekday the shop opens; empty: the shop's hours.
    if (parsed.length)
      s.weekly = Object.fromEntries(
        WEEKDAYS.filter((d) => catalog.schedule?.weekly?.[d]?.length).map((d) => [d, parsed]),
      );
    try {
      await call('POST', '/v1/merchant/catalog/staff', s);
      setId('');
      setName('');
      setServices([]);
      setHours('');
      onSaved();
    } catch (e) {
      setError(e);
    }
  }
  async function remove(p: Staff) {
    setError(null);
    try {
      await call('DELETE', `/v1/merchant/catalog/staff/${encodeURIComponent(p.id)}`);
      onSaved();
    } catch (e) {
      setError(e);
    }
  }
  const names = (ids: string[]) => ids.map((i) => catalog.services.find((s) => s.id === i)?.name ?? i).join(', ');
  return (
    <section aria-labelledby="staff-h">
      <h2 id="staff-h">Staff</h2>
      <ul>
        {(catalog.staff ?? []).map((p) => (
          <li>
            <strong>{p.name || p.id}</strong>: {names(p.services) || 'no services'}
            {p.weekly ? ' (own hours)' : ''}{' '}
            <button type="button" onClick={() => remove(p)}>
              Remove <span class="sr">{p.name || p.id}</span>
            </button>
          </li>
        ))}
        {!(catalog.staff ?? []).length && <li>No staff: you take every booking yourself.</li>}
      </ul>
      <form onSubmit={add} aria-label="Add a staff member">
        <div class="row">
          <Field id="staff-id" label="Staff id" value={id} onInput={setId} />
          <Field id="staff-name" label="Staff name" value={name} onInput={setName} />
          <Field
            id="staff-hours"
            label="Own hours on open days (empty: the shop's)"
            value={hours}
            onInput={setHours}
            error={parsed ? undefined : 'Write ranges like 09:00-17:00, separated by commas.'}
          />
        </div>
        <fieldset>
          <legend>Services offered</legend>
          {catalog.services.map((s) => (
            <Check
              id={`staff-svc-${s.id}`}
              label={s.name}
              checked={services.includes(s.id)}
              onChange={(on) => setServices(on ? [...services, s.id] : services.filter((x) => x !== s.id))}
            />
          ))}
        </fieldset>
        <Problem error={error} />
        <button type="submit" disabled={!id.trim() || !parsed}>
          Add staff member
        </button>
      </form>
    </section>
  );
}

export function CouponsEditor({ catalog, exp, onSaved }: { catalog: Catalog; exp: number; onSaved: () => void }) {
  const cur = catalog.merchant.currency;
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<'rate' | 'fixed'>('rate');
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const amount = kind === 'rate' ? toBps(value) : toMinor(value, exp);
  async function add(ev: Event) {
    ev.preventDefault();
    setError(null);
    if (amount === null) return;
    const c: Coupon = kind === 'rate' ? { code: code.trim(), rate_bps: amount } : { code: code.trim(), fixed: amount };
    try {
      await call('POST', '/v1/merchant/catalog/coupons', c);
      setCode('');
      setValue('');
      onSaved();
    } catch (e) {
      setError(e);
    }
  }
  async function remove(c: Coupon) {
    setError(null);
    try {
      await call('DELETE', `/v1/merchant/catalog/coupons/${encodeURIComponent(c.code)}`);
      onSaved();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="coupons-h">
      <h2 id="coupons-h">Coupons</h2>
      <ul>
        {(catalog.coupons ?? []).map((c) => (
          <li>
            <code>{c.code}</code>:{' '}
            {c.rate_bps !== undefined ? `${c.rate_bps / 100}% off` : `${money(c.fixed ?? 0, cur, exp)} off`}{' '}
            <button type="button" onClick={() => remove(c)}>
              Remove <span class="sr">coupon {c.code}</span>
            </button>
          </li>
        ))}
        {!(catalog.coupons ?? []).length && <li>No coupons.</li>}
      </ul>
      <form onSubmit={add} aria-label="Add a coupon" class="row">
        <Field id="coupon-code" label="Code" value={code} onInput={setCode} />
        <Select
          id="coupon-kind"
          label="Discount"
          value={kind}
          options={[
            ['rate', 'Percent'],
            ['fixed', `Fixed (${cur.toUpperCase()})`],
          ]}
          onChange={(v) => setKind(v as 'rate' | 'fixed')}
        />
        <Field
          id="coupon-value"
          label={kind === 'rate' ? 'Percent off' : 'Amount off'}
          inputMode="decimal"
          value={value}
          onInput={setValue}
          error={value && amount === null ? 'Enter a number.' : undefined}
        />
        <button type="submit" disabled={!code.trim() || amount === null}>
          Add coupon
        </button>
      </form>
      <Problem error={error} />
    </section>
  );
}
