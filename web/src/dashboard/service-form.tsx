// The service editor: every field the catalog has; each keystroke re-prices the service
// with the WASM core and puts the core's errors beside their fields before anything is
// saved. Saving sends the same service to the server (which validates it again).
import { useMemo, useState } from 'preact/hooks';
import type { Catalog, Core, QuoteResponse, Service } from '../../../wasm/slotpay-core';
import { ApiError, call } from './api';
import { PricePreview } from './price-preview';
import { fieldKey, fromForm, mergePatch, type AddonForm, type Kind, type ServiceForm } from './service-model';
import { Check, Field, Problem, Select } from './ui';

const KINDS: [Kind, string][] = [
  ['none', 'None'],
  ['rate', 'Percent'],
  ['fixed', 'Fixed amount'],
];

function quoteOf(
  c: Core,
  catalog: Catalog,
  s: Service,
): { quote: QuoteResponse | null; errors: Record<string, string> } {
  const services = catalog.services.filter((x) => x.id !== s.id);
  const staff = (catalog.staff ?? []).map((p) => ({ ...p }));
  const trial: Catalog = { ...catalog, services: [s, ...services], staff };
  const r = c.quote({ catalog: trial, booking: { service: s.id || '_' } });
  if ('error' in r) return { quote: null, errors: { [fieldKey(r.error.field)]: r.error.message } };
  return { quote: r, errors: {} };
}

export function ServiceForm(props: {
  core: Core | null;
  catalog: Catalog;
  initial: ServiceForm;
  stored: Service | null;
  exp: number;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [f, setF] = useState(props.initial);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const set = (k: keyof ServiceForm) => (v: any) => setF({ ...f, [k]: v });
  const parsed = useMemo(() => fromForm(f, props.exp), [f, props.exp]);
  const live = useMemo(
    () =>
      parsed.service && props.core
        ? quoteOf(props.core, props.catalog, parsed.service)
        : { quote: null, errors: {} as Record<string, string> },
    [parsed, props.core, props.catalog],
  );
  const errs: Record<string, string | undefined> = { ...serverErrors, ...live.errors, ...parsed.errors };
  const idp = 'svc';

  async function save(ev: Event) {
    ev.preventDefault();
    setError(null);
    setServerErrors({});
    if (!parsed.service) return;
    try {
      if (props.stored)
        await call(
          'PATCH',
          `/v1/merchant/catalog/services/${encodeURIComponent(props.stored.id)}`,
          mergePatch(props.stored as any, parsed.service as any),
        );
      else await call('POST', '/v1/merchant/catalog/services', parsed.service);
      props.onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.body.errors?.length) {
        const byField: Record<string, string> = {};
        for (const x of e.body.errors) byField[fieldKey(x.field)] = x.message;
        setServerErrors(byField);
      }
      setError(e);
    }
  }
  const addon = (i: number, k: keyof AddonForm) => (v: string) =>
    setF({ ...f, addons: f.addons.map((a, j) => (j === i ? { ...a, [k]: v } : a)) });
  const money = props.exp ? 'decimal' : 'numeric';
  const rof = (label: string, kind: keyof ServiceForm, value: keyof ServiceForm, key: string) => (
    <div class="row">
      <Select id={`${idp}-${key}-kind`} label={label} value={f[kind] as string} options={KINDS} onChange={set(kind)} />
      {f[kind] !== 'none' && (
        <Field
          id={`${idp}-${key}`}
          label={f[kind] === 'rate' ? `${label} (%)` : `${label} (${props.catalog.merchant.currency.toUpperCase()})`}
          inputMode="decimal"
          value={f[value] as string}
          onInput={set(value)}
          error={errs[key]}
        />
      )}
    </div>
  );
  return (
    <form onSubmit={save} aria-label={props.stored ? `Edit ${props.stored.name}` : 'New service'} class="editor">
      <h1>{props.stored ? `Edit ${props.stored.name}` : 'New service'}</h1>
      <div class="cols">
        <div>
          <fieldset>
            <legend>Service</legend>
            {!props.stored && (
              <Field
                id={`${idp}-id`}
                label="Id (letters, digits, -)"
                value={f.id}
                onInput={set('id')}
                error={errs.id}
              />
            )}
            <Field id={`${idp}-name`} label="Name" value={f.name} onInput={set('name')} error={errs.name} />
            <Field
              id={`${idp}-price`}
              label={`Price (${props.catalog.merchant.currency.toUpperCase()})`}
              inputMode={money}
              value={f.price}
              onInput={set('price')}
              error={errs.price}
            />
            <Field
              id={`${idp}-duration`}
              label="Duration (minutes)"
              inputMode="numeric"
              value={f.duration}
              onInput={set('duration')}
              error={errs.duration_min}
            />
            <div class="row">
              <Field
                id={`${idp}-capacity`}
                label="Seats per slot"
                inputMode="numeric"
                value={f.capacity}
                onInput={set('capacity')}
                error={errs.capacity}
              />
              <Field
                id={`${idp}-maxper`}
                label="Seats per booking"
                inputMode="numeric"
                value={f.maxPerBooking}
                onInput={set('maxPerBooking')}
                error={errs.max_per_booking}
              />
            </div>
            <div class="row">
              <Field
                id={`${idp}-bb`}
                label="Buffer before (min)"
                inputMode="numeric"
                value={f.bufferBefore}
                onInput={set('bufferBefore')}
                error={errs.buffer_before_min}
              />
              <Field
                id={`${idp}-ba`}
                label="Buffer after (min)"
                inputMode="numeric"
                value={f.bufferAfter}
                onInput={set('bufferAfter')}
                error={errs.buffer_after_min}
              />
            </div>
          </fieldset>
          <fieldset>
            <legend>Payment</legend>
            <Select
              id={`${idp}-payment`}
              label="Paid"
              value={f.payment}
              options={[
                ['stripe', 'Online with Stripe'],
                ['external', 'Outside Slotpay (on site)'],
                ['free', 'Free'],
              ]}
              onChange={set('payment')}
              error={errs.payment}
            />
            {f.payment === 'stripe' && (
              <Check
                id={`${idp}-after`}
                label="Charge the card after the service"
                checked={f.chargeAfter}
                onChange={set('chargeAfter')}
              />
            )}
            {rof('Deposit', 'depositKind', 'deposit', 'deposit')}
            <div class="row">
              <Field
                id={`${idp}-tax`}
                label="Tax (%)"
                inputMode="decimal"
                value={f.taxRate}
                onInput={set('taxRate')}
                error={errs.tax}
              />
              <Check
                id={`${idp}-taxincl`}
                label="Tax included in prices"
                checked={f.taxInclusive}
                onChange={set('taxInclusive')}
              />
            </div>
          </fieldset>
          <fieldset>
            <legend>Cancellation</legend>
            <Field
              id={`${idp}-free`}
              label="Free cancellation until (minutes before)"
              inputMode="numeric"
              value={f.freeUntil}
              onInput={set('freeUntil')}
              error={errs['cancellation.free_until_min']}
            />
            {rof('Late cancellation fee', 'feeKind', 'fee', 'cancellation.fee')}
            {rof('No-show fee', 'noShowKind', 'noShow', 'cancellation.no_show_fee')}
            <Check
              id={`${idp}-deprefund`}
              label="Deposit refundable"
              checked={f.depositRefundable}
              onChange={set('depositRefundable')}
            />
          </fieldset>
          <fieldset>
            <legend>Add-ons</legend>
            {f.addons.map((a, i) => (
              <div class="row addon">
                <Field
                  id={`${idp}-a${i}-id`}
                  label="Id"
                  value={a.id}
                  onInput={addon(i, 'id')}
                  error={errs[`addons[${i}].id`]}
                />
                <Field id={`${idp}-a${i}-name`} label="Name" value={a.name} onInput={addon(i, 'name')} />
                <Field
                  id={`${idp}-a${i}-price`}
                  label="Price"
                  inputMode={money}
                  value={a.price}
                  onInput={addon(i, 'price')}
                  error={errs[`addons[${i}].price`]}
                />
                <Field
                  id={`${idp}-a${i}-dur`}
                  label="Minutes"
                  inputMode="numeric"
                  value={a.duration}
                  onInput={addon(i, 'duration')}
                  error={errs[`addons[${i}].duration_min`]}
                />
                <button type="button" onClick={() => setF({ ...f, addons: f.addons.filter((_, j) => j !== i) })}>
                  Remove add-on {a.name || i + 1}
                </button>
              </div>
            ))}
            <button
              type="button"
              onClick={() => setF({ ...f, addons: [...f.addons, { id: '', name: '', price: '0', duration: '' }] })}
            >
              Add an add-on
            </button>
          </fieldset>
        </div>
        <PricePreview
          quote={live.quote}
          exp={props.exp}
          pending={!props.core}
          problem={Object.values(live.errors)[0]}
        />
      </div>
      <Problem error={error} />
      <p class="actions">
        <button type="submit" class="primary" disabled={!parsed.service || Object.keys(live.errors).length > 0}>
          Save service
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}
