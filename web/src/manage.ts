// The manage page (issue #12): opened from the link in the confirmation email,
// /manage.html#<signed token>. Shows the booking, offers its .ics, and cancels it after
// showing what the merchant's policy gives back (the server's answer, from the core's
// cancellation outcome, for this moment). No WASM, no framework: text nodes only, so
// nothing from the booking is ever parsed as HTML.
//
// Issue #12 item 3: "Change the time" moves the booking to another free slot of the same
// service: a date input and that day's free times (GET /v1/manage/<token>/availability:
// the public answer without the booking's own seats, so a time overlapping the one it
// holds is offered too), then POST /v1/manage/<token>/reschedule. The server decides (the core's
// check, the merchant's window); the page shows its answer: the new time, or why not.
//
// Issue #9: /manage.html#confirm=<signed token> is the link in the "Confirm your booking"
// email. The page POSTs it (a GET of the page confirms nothing, so a mail scanner
// fetching the link does not either), then goes on as the manage page of the booking
// with the manage token the answer carries.

import { factsFromTable } from './currency';
import { formatMoney } from './money';

interface Outcome {
  refund: number;
  fee: number;
  currency: string;
  window: string;
}
interface View {
  booking: {
    id: string;
    merchant_id: string;
    status: string;
    booking: { service: string; staff: string; start: string; end: string; quantity: number };
    customer?: { name: string; email: string };
    paid_amount: number;
    currency: string;
  };
  cancellable: boolean;
  cancellation?: Outcome;
  reschedulable: boolean;
  reschedule_until: string | null;
}
interface Slot {
  start: string;
  end: string;
  remaining: number;
}

const root = document.getElementById('manage') as HTMLElement;
const CONFIRM = 'confirm=';
let token = decodeURIComponent(location.hash.slice(1));
let api = `/v1/manage/${encodeURIComponent(token)}`;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

// Stripe's exponent, never Intl's digits (ISK, UGX, HUF: Intl has none, Stripe counts hundredths).
const money = (minor: number, currency: string): string => formatMoney(minor, factsFromTable(currency), 'en');

function when(rfc3339: string): string {
  // The merchant's local time as booked (the offset in the string), and the reader's.
  const local = rfc3339.slice(0, 16).replace('T', ' ');
  const mine = new Date(rfc3339).toLocaleString([], { dateStyle: 'full', timeStyle: 'short' });
  return `${local} (${rfc3339.slice(19) || 'UTC'}) — your time: ${mine}`;
}

function show(...nodes: Node[]): void {
  root.replaceChildren(...nodes);
}

function failure(message: string): void {
  show(el('h1', {}, 'Your booking'), el('p', { role: 'alert', 'data-error': '' }, message));
}

async function call(method: string, path = '', base = api): Promise<{ ok: boolean; status: number; body: any }> {
  const r = await fetch(base + path, { method, headers: { accept: 'application/json' }, cache: 'no-store' });
  let body: any = null;
  try {
    body = await r.json();
  } catch {
    body = null;
  }
  return { ok: r.ok, status: r.status, body };
}

function errorText(status: number, body: any): string {
  const code = body?.error?.code;
  if (code === 'link_expired') return 'This link has expired.';
  if (code === 'booking_not_confirmable')
    return 'This booking can no longer be confirmed: its hold has lapsed or it was cancelled. Please book again.';
  if (typeof code === 'string' && code.startsWith('link_')) return 'This link is not valid.';
  if (code === 'reschedule_window_closed') return 'It is too late to change the time of this booking.';
  if (code === 'not_reschedulable') return 'This booking can no longer be moved.';
  if (code === 'slot_unavailable' || code === 'capacity_exceeded')
    return 'That time has just been taken; please choose another.';
  if (code === 'reschedule_same_start') return 'Your booking is already at that time.';
  if (status === 429) return 'Too many requests; please try again in a moment.';
  return body?.error?.message ? `Something went wrong: ${body.error.message}` : 'Something went wrong.';
}

function outcomeText(o: Outcome | undefined, v: View): string {
  if (!o) return v.booking.paid_amount > 0 ? 'Nothing will be refunded.' : 'Nothing was paid online.';
  const parts = [`You will be refunded ${money(o.refund, o.currency)}.`];
  if (o.fee > 0) parts.push(`A cancellation fee of ${money(o.fee, o.currency)} is kept.`);
  return parts.join(' ');
}

// The local date ("YYYY-MM-DD") and time ("HH:MM") of an RFC 3339 instant as written
// (the merchant's offset: the server writes starts in the merchant's zone).
const dayOf = (rfc3339: string): string => rfc3339.slice(0, 10);
const timeOf = (rfc3339: string): string => rfc3339.slice(11, 16);
function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// "Change the time": a date, that day's free times as radio buttons (arrow keys move
// between them), confirm. Errors stay beside the form so another time can be picked.
function rescheduler(v: View, onMoved: (moved: View) => void): Node[] {
  const b = v.booking;
  const open = el('button', { type: 'button', 'data-action': 'reschedule' }, 'Change the time…');
  const date = el('input', {
    type: 'date',
    id: 'reschedule-date',
    'data-field': 'date',
    value: dayOf(b.booking.start),
  });
  const times = el('div', { role: 'radiogroup', 'aria-labelledby': 'reschedule-times', 'data-field': 'slots' });
  const status = el('p', { 'data-field': 'slots-status', 'aria-live': 'polite' });
  const problem = el('p', { role: 'alert', 'data-field': 'reschedule-error', hidden: '' });
  const confirm = el(
    'button',
    { type: 'button', class: 'primary', 'data-action': 'confirm-reschedule', disabled: '' },
    'Move my booking',
  );
  const keep = el('button', { type: 'button', 'data-action': 'keep-time' }, 'Keep the current time');
  const until = v.reschedule_until
    ? el('p', { 'data-field': 'reschedule-until' }, `You can change the time until ${when(v.reschedule_until)}.`)
    : el('p');
  const box = el(
    'div',
    { class: 'note', hidden: '', 'data-step': 'reschedule' },
    until,
    el('label', { for: 'reschedule-date' }, 'New date '),
    date,
    el('p', { id: 'reschedule-times' }, 'Free times (your booking’s local time):'),
    times,
    status,
    problem,
    confirm,
    keep,
  );
  let seq = 0;
  const chosen = (): string | null =>
    (times.querySelector('input[type=radio]:checked') as HTMLInputElement | null)?.value ?? null;
  async function load(): Promise<void> {
    const day = date.value;
    const mine = ++seq;
    times.replaceChildren();
    confirm.disabled = true;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return void (status.textContent = 'Choose a date.');
    status.textContent = 'Loading free times…';
    const q = new URLSearchParams({ staff: b.booking.staff || 'any', from: day, to: nextDay(day) });
    const r = await call('GET', `/availability?${q}`);
    if (mine !== seq) return;
    if (!r.ok) return void (status.textContent = errorText(r.status, r.body));
    const slots = ((r.body?.slots ?? []) as Slot[]).filter(
      (s) => dayOf(s.start) === day && s.remaining >= b.booking.quantity && s.start !== b.booking.start,
    );
    status.textContent = slots.length ? '' : 'No free times that day; try another date.';
    times.replaceChildren(
      ...slots.map((s, i) => {
        const id = `slot-${i}`;
        const radio = el('input', { type: 'radio', name: 'slot', id, value: s.start, 'data-start': s.start });
        radio.addEventListener('change', () => (confirm.disabled = !chosen()));
        return el('span', { class: 'slot' }, radio, el('label', { for: id }, timeOf(s.start)));
      }),
    );
  }
  // Both: 'input' as a date is typed or picked, 'change' when the field settles.
  date.addEventListener('input', () => void load());
  date.addEventListener('change', () => void load());
  open.addEventListener('click', () => {
    box.hidden = false;
    open.hidden = true;
    date.focus();
    void load();
  });
  keep.addEventListener('click', () => {
    box.hidden = true;
    open.hidden = false;
    problem.hidden = true;
  });
  confirm.addEventListener('click', async () => {
    const start = chosen();
    if (!start) return;
    confirm.disabled = true;
    problem.hidden = true;
    const r = await fetch(`${api}/reschedule`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ start }),
      cache: 'no-store',
    });
    let body: any = null;
    try {
      body = await r.json();
    } catch {
      body = null;
    }
    if (r.ok) return onMoved(body as View);
    problem.textContent = errorText(r.status, body);
    problem.hidden = false;
    if (body?.error?.code === 'slot_unavailable' || body?.error?.code === 'capacity_exceeded') await load();
    else confirm.disabled = !chosen();
  });
  return [open, box];
}

function render(v: View, confirmedNow = false, movedFrom = ''): void {
  const b = v.booking;
  const details = el(
    'dl',
    {},
    el('dt', {}, 'Booking'),
    el('dd', { 'data-field': 'id' }, b.id),
    el('dt', {}, 'Service'),
    el('dd', { 'data-field': 'service' }, b.booking.service),
    el('dt', {}, 'When'),
    el('dd', { 'data-field': 'start' }, when(b.booking.start)),
    el('dt', {}, 'Status'),
    el('dd', { 'data-field': 'status' }, b.status),
  );
  const ics = el(
    'a',
    { class: 'button', href: `${api}/ics`, download: 'booking.ics', 'data-action': 'ics' },
    'Add to calendar (.ics)',
  );
  const nodes: Node[] = [
    el('h1', {}, confirmedNow ? 'Booking confirmed' : movedFrom ? 'Booking moved' : 'Your booking'),
  ];
  if (movedFrom)
    nodes.push(
      el(
        'p',
        { 'data-field': 'rescheduled', role: 'status' },
        `Your booking now starts ${when(b.booking.start)} (it was ${when(movedFrom)}). An email with the updated calendar entry is on its way.`,
      ),
    );
  if (confirmedNow)
    nodes.push(
      el(
        'p',
        { 'data-field': 'confirmed' },
        'Thank you: your booking is confirmed. A confirmation email is on its way.',
      ),
    );
  nodes.push(details, ics);
  if (v.reschedulable)
    nodes.push(
      ...rescheduler(v, async (moved: any) => {
        // The whole view again (what cancelling would do now, the window), then the note.
        const fresh = await call('GET');
        render(fresh.ok ? (fresh.body as View) : (moved as View), false, moved?.previous?.start ?? b.booking.start);
      }),
    );
  if (v.cancellable) {
    const cancel = el('button', { type: 'button', 'data-action': 'cancel' }, 'Cancel booking…');
    const confirmBox = el(
      'div',
      { class: 'note', hidden: '', 'data-step': 'confirm' },
      el('p', { 'data-field': 'outcome' }, outcomeText(v.cancellation, v)),
      el('button', { type: 'button', class: 'danger', 'data-action': 'confirm-cancel' }, 'Yes, cancel it'),
      el('button', { type: 'button', 'data-action': 'keep' }, 'Keep my booking'),
    );
    cancel.addEventListener('click', () => {
      confirmBox.hidden = false;
      cancel.hidden = true;
    });
    confirmBox.querySelector('[data-action=keep]')!.addEventListener('click', () => {
      confirmBox.hidden = true;
      cancel.hidden = false;
    });
    confirmBox.querySelector('[data-action=confirm-cancel]')!.addEventListener('click', async (ev) => {
      (ev.currentTarget as HTMLButtonElement).disabled = true;
      const r = await call('POST', '/cancel');
      if (!r.ok) return failure(errorText(r.status, r.body));
      const o: Outcome | undefined = r.body?.cancellation;
      show(
        el('h1', {}, 'Booking cancelled'),
        el('p', { 'data-field': 'cancelled' }, `Booking ${r.body.booking.id} is cancelled.`),
        el('p', { 'data-field': 'refund' }, o ? outcomeText(o, v) : 'Nothing was paid online.'),
        ics,
      );
    });
    nodes.push(cancel, confirmBox);
  }
  show(...nodes);
}

// The confirm link: confirms the booking, then shows it with its manage token. Returns
// false when the page has said why not.
async function confirmFirst(): Promise<boolean> {
  const c = await call('POST', '', `/v1/confirm/${encodeURIComponent(token.slice(CONFIRM.length))}`);
  if (!c.ok) {
    failure(errorText(c.status, c.body));
    return false;
  }
  const manage = String(c.body?.manage_url ?? '').split('#')[1] ?? '';
  if (!manage) {
    show(
      el('h1', {}, 'Booking confirmed'),
      el('p', { 'data-field': 'confirmed' }, `Booking ${c.body.booking.id} is confirmed.`),
    );
    return false;
  }
  // Reloading the page now shows the booking rather than confirming again.
  history.replaceState(null, '', `#${manage}`);
  token = decodeURIComponent(manage);
  api = `/v1/manage/${encodeURIComponent(token)}`;
  return true;
}

async function main(): Promise<void> {
  if (!token) return failure('This link is not valid.');
  const confirming = token.startsWith(CONFIRM);
  if (confirming && !(await confirmFirst())) return;
  const r = await call('GET');
  if (!r.ok) return failure(errorText(r.status, r.body));
  render(r.body as View, confirming);
}

main().catch(() => failure('Something went wrong.'));
