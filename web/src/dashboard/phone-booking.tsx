// "New booking by phone" (docs/api-money.md, POST /v1/merchant/bookings): the service,
// who, the date and time in the shop's zone, the customer. Nothing is charged: the
// booking is confirmed at once and owes its total (a pay link collects it). The core's
// and the server's errors are shown beside their fields.
import { useState } from 'preact/hooks';
import type { Catalog } from '../../../wasm/slotpay-core';
import { ApiError, call } from './api';
import { Check, Field, Notice, Problem, Select } from './ui';
import { zonedStart } from './zoned';
import { phoneField } from './bookings-model';
import type { PayLink } from './pay-link';
import { PayLinkShown } from './pay-link';

export function PhoneBooking({ catalog, onCreated }: { catalog: Catalog; onCreated: (id: string) => void }) {
  const tz = catalog.merchant.timezone;
  const [service, setService] = useState(catalog.services[0]?.id ?? '');
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

  async function submit(ev: Event) {
    ev.preventDefault();
    setProblem(null);
    setMade(null);
    const start = zonedStart(date, time, tz);
    const local: Record<string, string> = {};
    if (!date) local.date = 'Choose the day.';
    if (!start) local.time = 'Enter the time as HH:MM.';
    if (!name.trim()) local.name = "Enter the customer's name.";
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const r = await call<{ booking: { id: string }; pay_link?: PayLink }>('POST', '/v1/merchant/bookings', {
        service,
        staff,
        start,
        quantity: 1,
        customer: { name: name.trim(), email: email.trim() || undefined, phone: phone.trim() || undefined },
        ...(sendLink ? { send_pay_link: true } : {}),
      });
      setMade({ id: r.booking.id, link: r.pay_link });
      setName('');
      setEmail('');
      setPhone('');
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
            onChange={(v) => (setService(v), setStaff('any'))}
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
