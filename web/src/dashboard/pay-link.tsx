// "Send pay link" on a booking with something still due (POST
// /v1/merchant/bookings/{id}/pay-link): the link to copy, e-mailed too when asked.
import { useState } from 'preact/hooks';
import type { Core } from '../../../wasm/slotpay-core';
import { call } from './api';
import { exponentOf } from './core';
import { money, when } from './format';
import { Check, Notice, Problem } from './ui';

export interface PayLink {
  id: string;
  url: string;
  amount: number;
  currency: string;
  expires_at: number | string;
  status: string;
  emailed: boolean;
}

const expiry = (v: number | string) => when(typeof v === 'number' ? new Date(v * 1000).toISOString() : v);

export function PayLinkShown({ link, core }: { link: PayLink; core?: Core | null }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div data-testid="pay-link">
      <p>
        Pay link for {money(link.amount, link.currency, exponentOf(core ?? null, link.currency))}, valid until{' '}
        {expiry(link.expires_at)}
        {link.emailed ? '; e-mailed to the customer' : ''}:
      </p>
      <pre tabIndex={0} aria-label="Pay link">
        <code data-testid="pay-link-url">{link.url}</code>
      </pre>
      <button type="button" onClick={copy}>
        Copy pay link
      </button>
      {copied && <Notice>Pay link copied.</Notice>}
    </div>
  );
}

export function SendPayLink({
  bookingId,
  core,
  onSent,
}: {
  bookingId: string;
  core: Core | null;
  /** The link was made: the booking's history has a new line. */
  onSent?: () => void;
}) {
  const [email, setEmail] = useState(false);
  const [link, setLink] = useState<PayLink | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function send(ev: Event) {
    ev.preventDefault();
    setError(null);
    try {
      const r = await call<{ pay_link: PayLink }>(
        'POST',
        `/v1/merchant/bookings/${encodeURIComponent(bookingId)}/pay-link`,
        { send_email: email },
      );
      setLink(r.pay_link);
      onSent?.();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <form onSubmit={send} aria-label="Pay link">
      <Check id="pl-email" label="E-mail it to the customer too" checked={email} onChange={setEmail} />
      <button type="submit">Send pay link</button>
      <Problem error={error} />
      {link && <PayLinkShown link={link} core={core} />}
    </form>
  );
}
