// Pure decisions of the bookings page's phone booking and pay link (unit-tested).

/** What a booking still owes (its total less what was paid online), 0 when nothing. */
export function dueOf(b: { status: string; total?: number; paid_amount: number }): number {
  if (b.status !== 'confirmed' || b.total === undefined) return 0;
  return Math.max(0, b.total - b.paid_amount);
}

/**
 * The form field an API error belongs to: the server's ("customer.email" -> "email",
 * "start" -> "time") and the core's, which name the request's parts ("booking.start").
 */
export function phoneField(field: string | undefined): string {
  const f = (field ?? '').replace(/^booking\./, '').replace(/^customer\./, '');
  if (f === 'start' || f === 'date') return 'time';
  return ['service', 'staff', 'name', 'email', 'phone'].includes(f) ? f : '';
}
