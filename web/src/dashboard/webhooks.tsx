// The embed page's merchant webhooks (docs/webhooks.md): endpoints (add with a URL and
// events, the signing secret shown once; enable/disable; delete) and each endpoint's
// delivery log with "resend". Staff read; changes are the owner's (permission `settings`).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call } from './api';
import { when } from './format';
import { Field, Notice, Problem } from './ui';

export const EVENTS = [
  'booking.created',
  'booking.confirmed',
  'booking.cancelled',
  'booking.refunded',
  'booking.disputed',
  'booking.completed',
  'booking.rescheduled',
] as const;

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabled_reason: string | null;
  secret?: string;
}
interface Delivery {
  id: string;
  event_id: string;
  type: string;
  state: 'pending' | 'delivered' | 'failed';
  manual: boolean;
  attempts: number;
  last_status: number;
  last_outcome: string | null;
  /** The start of the endpoint's answer (at most 1 KB), as the server kept it. */
  last_response?: string;
  /** RFC 3339 (UTC). */
  last_attempt_at: string | null;
  created: string;
}

const enc = encodeURIComponent;
const atTime = (rfc3339: string | null) => (rfc3339 ? when(rfc3339) : '—');
/** The server's error of one field (url, events), to show beside it. */
const fieldError = (e: unknown, field: string) =>
  e instanceof ApiError && e.body.field === field ? e.body.message : undefined;

export function Webhooks({ canChange }: { canChange: boolean }) {
  const [list, setList] = useState<Endpoint[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([...EVENTS]);
  const [addError, setAddError] = useState<unknown>(null);
  const [secret, setSecret] = useState<{ id: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const load = () => call<{ data: Endpoint[] }>('GET', '/v1/merchant/webhooks').then((r) => setList(r.data), setError);
  useEffect(() => {
    load();
  }, []);

  async function add(ev: Event) {
    ev.preventDefault();
    setAddError(null);
    setCopied(false);
    try {
      const r = await call<Endpoint>('POST', '/v1/merchant/webhooks', { url: url.trim(), events });
      setSecret({ id: r.id, secret: r.secret ?? '' });
      setUrl('');
      load();
    } catch (e) {
      setAddError(e);
    }
  }
  async function change(run: () => Promise<unknown>) {
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(e);
    }
    load();
  }
  const toggle = (e: Endpoint) =>
    change(() => call('PATCH', `/v1/merchant/webhooks/${enc(e.id)}`, { enabled: !e.enabled }));
  const remove = (e: Endpoint) =>
    confirm(`Delete the endpoint ${e.url}? Its pending deliveries go with it.`) &&
    change(() => call('DELETE', `/v1/merchant/webhooks/${enc(e.id)}`));
  async function copySecret() {
    try {
      await navigator.clipboard.writeText(secret?.secret ?? '');
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  const eventsError = fieldError(addError, 'events');
  const urlError = fieldError(addError, 'url');
  return (
    <section aria-labelledby="wh-h">
      <h2 id="wh-h">Webhooks</h2>
      <p class="hint">
        Slotpay POSTs each booking event you pick to your endpoint, signed with the endpoint's secret
        (Slotpay-Signature), and retries for three days.
      </p>
      {secret && (
        <div class="card" data-testid="wh-secret" aria-labelledby="wh-secret-h" role="region">
          <h3 id="wh-secret-h">Signing secret of the new endpoint</h3>
          <p>
            <strong>Copy it now: you will not see it again.</strong> Lost it? Delete the endpoint and add a new one.
          </p>
          <pre tabIndex={0} aria-label="Signing secret">
            <code data-testid="wh-secret-value">{secret.secret}</code>
          </pre>
          <p class="actions">
            <button type="button" onClick={copySecret}>
              Copy secret
            </button>
            <button type="button" onClick={() => setSecret(null)}>
              I have saved it
            </button>
          </p>
          {copied && <Notice>Secret copied.</Notice>}
        </div>
      )}
      {canChange && (
        <form onSubmit={add} aria-label="Add a webhook endpoint" class="card">
          <h3>Add an endpoint</h3>
          <Field
            id="wh-url"
            label="Endpoint URL (https://…)"
            type="url"
            value={url}
            onInput={setUrl}
            error={urlError}
          />
          <fieldset aria-describedby={eventsError ? 'wh-events-err' : undefined}>
            <legend>Events</legend>
            {EVENTS.map((name) => (
              <div class="check">
                <input
                  id={`wh-ev-${name}`}
                  type="checkbox"
                  checked={events.includes(name)}
                  onChange={(e) =>
                    setEvents(
                      (e.target as HTMLInputElement).checked
                        ? EVENTS.filter((x) => x === name || events.includes(x))
                        : events.filter((x) => x !== name),
                    )
                  }
                />
                <label for={`wh-ev-${name}`}>{name}</label>
              </div>
            ))}
            {eventsError && (
              <small id="wh-events-err" class="err" role="alert">
                {eventsError}
              </small>
            )}
          </fieldset>
          {!urlError && !eventsError && <Problem error={addError} />}
          <button type="submit" class="primary">
            Add endpoint
          </button>
        </form>
      )}
      <Problem error={error} />
      {list && list.length === 0 && <p>No endpoints yet.</p>}
      {list && list.length > 0 && (
        <ul class="endpoints" data-testid="wh-endpoints">
          {list.map((e) => (
            <li class="card" data-endpoint={e.id}>
              <p>
                <code>{e.url}</code>{' '}
                <span data-testid="wh-state">
                  {e.enabled
                    ? 'enabled'
                    : e.disabled_reason === 'failing'
                      ? 'disabled: its last deliveries failed'
                      : 'disabled'}
                </span>
              </p>
              <p class="hint">{e.events.join(', ')}</p>
              <p class="actions">
                <button
                  type="button"
                  aria-expanded={open === e.id}
                  onClick={() => setOpen(open === e.id ? null : e.id)}
                >
                  Delivery log <span class="sr">of {e.url}</span>
                </button>
                {canChange && (
                  <>
                    <button type="button" onClick={() => toggle(e)}>
                      {e.enabled ? 'Disable' : 'Enable'} <span class="sr">{e.url}</span>
                    </button>
                    <button type="button" class="danger" onClick={() => remove(e)}>
                      Delete <span class="sr">{e.url}</span>
                    </button>
                  </>
                )}
              </p>
              {open === e.id && <DeliveryLog endpoint={e} canResend={canChange} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeliveryLog({ endpoint, canResend }: { endpoint: Endpoint; canResend: boolean }) {
  const [rows, setRows] = useState<Delivery[] | null>(null);
  // The cursor of the next (older) page; null when the log is shown to its end.
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  type Page = { data: Delivery[]; next_cursor: string | null };
  const page = (after: string | null) =>
    call<Page>(
      'GET',
      `/v1/merchant/webhooks/${enc(endpoint.id)}/deliveries?limit=50` + (after ? `&starting_after=${enc(after)}` : ''),
    );
  const load = () =>
    page(null).then((r) => {
      setRows(r.data);
      setCursor(r.next_cursor);
    }, setError);
  const older = () =>
    page(cursor).then((r) => {
      setRows((shown) => [...(shown ?? []), ...r.data]);
      setCursor(r.next_cursor);
    }, setError);
  useEffect(() => {
    load();
  }, [endpoint.id]);
  async function resend(d: Delivery) {
    setError(null);
    setDone('');
    try {
      await call('POST', `/v1/merchant/webhook-deliveries/${enc(d.id)}/resend`);
      setDone(`Event ${d.event_id} queued again.`);
      load();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <div data-testid="wh-log">
      <p class="actions">
        <button type="button" onClick={load}>
          Refresh <span class="sr">the delivery log</span>
        </button>
      </p>
      {done && <Notice>{done}</Notice>}
      <Problem error={error} />
      {rows && rows.length === 0 && <p>No deliveries yet.</p>}
      {rows && rows.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>Deliveries to {endpoint.url}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Last outcome</th>
                <th scope="col">Last response</th>
                <th scope="col">Attempts</th>
                <th scope="col">Time</th>
                {canResend && <th scope="col">Resend</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr data-delivery={d.id}>
                  <td>
                    {d.type}
                    {d.manual ? ' (resent)' : ''}
                  </td>
                  <td>{d.state}</td>
                  <td>{d.last_outcome ?? '—'}</td>
                  <td>
                    {d.last_response ? (
                      <details>
                        <summary>
                          {d.last_status ? `HTTP ${d.last_status}` : 'Answer'}
                          <span class="sr"> of {d.type}</span>
                        </summary>
                        <pre>{d.last_response}</pre>
                      </details>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{d.attempts}</td>
                  <td>{atTime(d.last_attempt_at ?? d.created)}</td>
                  {canResend && (
                    <td>
                      <button type="button" onClick={() => resend(d)}>
                        Resend <span class="sr">{d.type}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <p class="actions">
          <button type="button" onClick={older}>
            Older deliveries
          </button>
        </p>
      )}
    </div>
  );
}
