// "New booking by phone" (docs/api-money.md, POST /v1/merchant/bookings): the service,
// who, the date and time in the shop's zone, the seats and add-ons when the service has
// them, the customer. Nothing is charged: the booking is confirmed at once and owes its
// total (a pay link collects it), priced live by the WASM core as the service form is.
// The core's and the server's errors are shown beside their fields.
import { useMemo, useState } from 'preact/hooks';
import type { Catalog, Core } from '../../../wasm/slotpay-core';
import { ApiError, call } from './api';
import { exponentOf } from './core';
import { money } from './format';
import { Check, Field, Notice, Problem, Select } from './ui';
import { zonedStart } from './zoned';
import { phoneField, seats, takesQuantity } from './bookings-model';
import type { PayLink } from './pay-link';
import { PayLinkShown } from './pay-link';

export function PhoneBooking({
  catalog,
  core,
  onCreated,
}: {
  catalog: Catalog;
  core: Core | null;
  onCreated: (id: string) => void;
}) {
  const tz = catalog.merchant.timezone;
  const [service, setService] = useState(catalog.services[0]?.id ?? '');
  const [quantity, setQuantity] = useState('1');
  const [addons, setAddons] = useState<string[]>([]);
  const [staff, setStaff] = useState('any');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [sendLink, setSendLink] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [made, setMade] = useState<{ id: string; link?: PayLink } | null>(null);
  const staffOptions: [string, string][] = [
    ['any', 'Anyone free'],
    ...(catalog.staff ?? [])
      .filter((s) => s.services.includes(service))
      .map((s): [string, string] => [s.id, s.name || s.id]),
  ];
  const chosen = catalog.services.find((s) => s.id === service);
  const group = takesQuantity(chosen);
  const qty = group ? seats(quantity) : 1;
  // What the customer will owe, from the core (the server prices it the same way).
  const price = useMemo((): { total?: string; error?: { field?: string; message: string } } | null => {
    if (!core || qty === null) return null;
    const r = core.quote({ catalog, booking: { service, quantity: qty, addons } });
    if ('error' in r && r.error) return { error: r.error };
    return 'total' in r ? { total: money(r.total, r.currency, exponentOf(core, r.currency)) } : null;
  }, [core, catalog, service, qty, addons.join()]);
  const priceField = price?.error ? phoneField(price.error.field) : '';
  const choose = (v: string) => (setService(v), setStaff('any'), setAddons([]), setQuantity('1'));

  async function submit(ev: Event) {
    ev.preventDefault();
    setProblem(null);
    setMade(null);
    const start = zonedStart(date, time, tz);
    const local: Record<string, string> = {};
    if (!date) local.date = 'Choose the day.';
    if (!start) local.time = 'Enter the time as HH:MM.';
    if (!name.trim()) local.name = "Enter the customer's name.";
    if (qty === null) local.quantity = 'Enter a whole number of seats.';
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const r = await call<{ booking: { id: string }; pay_link?: PayLink }>('POST', '/v1/merchant/bookings', {
        service,
        staff,
        start,
        quantity: qty,
        ...(addons.length ? { addons } : {}),
        customer: { name: name.trim(), email: email.trim() || undefined, phone: phone.trim() || undefined },
        ...(sendLink ? { send_pay_link: true } : {}),
      });
      setMade({ id: r.booking.id, link: r.pay_link });
      setName('');
      setEmail('');
      setPhone('');
      setQuantity('1');
      setAddons([]);
      onCreated(r.booking.id);
    } catch (e) {
      const where = e instanceof ApiError ? phoneField(e.body.field) : '';
      if (where && e instanceof ApiError) setErrors({ [where]: e.body.message });
      else setProblem(e);
    }
  }
  return (
    <details class="card" data-testid="phone-booking">
      <summary>New booking by phone</summary>
      <form onSubmit={submit} aria-label="New booking by phone" noValidate>
        <p class="hint">
          Nothing is charged now: the booking is confirmed and the customer owes its price. Times are the shop's ({tz}).
        </p>
        <div class="row">
          <Select
            id="pb-service"
            label="Service"
            value={service}
            options={catalog.services.map((s): [string, string] => [s.id, s.name])}
            onChange={choose}
            error={errors.service}
          />
          <Select
            id="pb-staff"
            label="With"
            value={staff}
            options={staffOptions}
            onChange={setStaff}
            error={errors.staff}
          />
        </div>
        <div class="row">
          <Field id="pb-date" label="Day" type="date" value={date} onInput={setDate} error={errors.date} />
          <Field id="pb-time" label={`Time (${tz})`} type="time" value={time} onInput={setTime} error={errors.time} />
        </div>
        {(group || chosen?.addons?.length) && (
          <div class="row">
            {group && (
              <Field
                id="pb-quantity"
                label="Seats"
                inputMode="numeric"
                value={quantity}
                onInput={setQuantity}
                error={errors.quantity ?? (priceField === 'quantity' ? price?.error?.message : undefined)}
              />
            )}
            {!!chosen?.addons?.length && (
              <fieldset>
                <legend>Add-ons</legend>
                {chosen.addons.map((a) => (
                  <Check
                    id={`pb-addon-${a.id}`}
                    label={a.name || a.id}
                    checked={addons.includes(a.id)}
                    onChange={(on) => setAddons(on ? [...addons, a.id] : addons.filter((x) => x !== a.id))}
                  />
                ))}
                {errors.addons && (
                  <small class="err" role="alert">
                    {errors.addons}
                  </small>
                )}
              </fieldset>
            )}
          </div>
        )}
        <p aria-live="polite" data-testid="pb-price">
          {price?.total
            ? `The customer will owe ${price.total}.`
            : price?.error && priceField !== 'quantity'
              ? `No price: ${price.error.message}`
              : ''}
        </p>
        <div class="row">
          <Field id="pb-name" label="Customer name" value={name} onInput={setName} error={errors.name} />
          <Field
            id="pb-email"
            label="Customer e-mail"
            type="email"
            value={email}
            onInput={setEmail}
            error={errors.email}
          />
          <Field
            id="pb-phone"
            label="Customer phone"
            type="tel"
            value={phone}
            onInput={setPhone}
            error={errors.phone}
          />
        </div>
        <Check id="pb-link" label="E-mail the customer a pay link" checked={sendLink} onChange={setSendLink} />
        <Problem error={problem} />
        <button type="submit" class="primary">
          Book
        </button>
      </form>
      {made && (
        <>
          <Notice>Booked: {made.id}.</Notice>
          {made.link && <PayLinkShown link={made.link} />}
        </>
      )}
    </details>
  );
}
