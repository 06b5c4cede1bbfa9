// Page 2: the Stripe connection. Connect onboarding (the server makes the account link;
// the browser goes there and Stripe sends it back to /dashboard/?stripe=...), the status
// in words (the server's summary and what Stripe still needs), the Stripe dashboard
// link, API-key mode (the merchant's own keys; the secret is never shown again), and the
// test/live switch (PUT /v1/merchant/mode: which side new bookings are made on).
import { useEffect, useState } from 'preact/hooks';
import { call } from './api';
import { Field, Notice, Problem } from './ui';

interface Side {
  mode: string;
  connection: string;
  state: string;
  online_payments: boolean;
  summary: string;
  needed?: string[] | string;
  stripe_account?: string;
  publishable_key?: string;
  secret_key_hint?: string;
  webhook_url?: string;
  disabled_reason_words?: string;
  sides?: Side[];
}

export function StripePage({ onModeChanged }: { onModeChanged?: () => void }) {
  const [st, setSt] = useState<Side | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [keys, setKeys] = useState({ publishable_key: '', secret_key: '', webhook_secret: '' });
  const [saved, setSaved] = useState('');
  const [modeError, setModeError] = useState<unknown>(null);
  const [modeDone, setModeDone] = useState('');
  const back = new URLSearchParams(location.search).get('stripe');
  const load = () => call<Side>('GET', '/v1/merchant/stripe').then(setSt, setError);
  useEffect(() => void load(), []);

  async function connect() {
    setError(null);
    try {
      const r = await call<{ url: string }>('POST', '/v1/merchant/stripe/connect');
      location.assign(r.url);
    } catch (e) {
      setError(e);
    }
  }
  async function openDashboard() {
    setError(null);
    try {
      const r = await call<{ url: string }>('POST', '/v1/merchant/stripe/dashboard-link');
      window.open(r.url, '_blank', 'noopener');
    } catch (e) {
      setError(e);
    }
  }
  async function switchMode(mode: 'test' | 'live') {
    setModeError(null);
    setModeDone('');
    try {
      await call<{ mode: string; previous: string }>('PUT', '/v1/merchant/mode', { mode });
      setModeDone(mode === 'live' ? 'New bookings are now live.' : 'New bookings are now in test mode.');
      load();
      onModeChanged?.();
    } catch (e) {
      setModeError(e);
    }
  }
  async function saveKeys(ev: Event) {
    ev.preventDefault();
    setError(null);
    setSaved('');
    try {
      const r = await call<{ warnings?: string[]; webhook_url: string }>('PUT', '/v1/merchant/stripe/keys', keys);
      setKeys({ publishable_key: '', secret_key: '', webhook_secret: '' });
      setSaved(['Keys saved.', ...(r.warnings ?? [])].join(' '));
      load();
    } catch (e) {
      setError(e);
    }
  }
  // A refused key is named by the server (field): its message goes beside that input.
  const fe = (f: string) => {
    const e = error as { body?: { field?: string; message: string } };
    return e?.body?.field === f ? e.body.message : undefined;
  };
  const needed = st?.needed ? (Array.isArray(st.needed) ? st.needed : [st.needed]) : [];
  return (
    <section aria-labelledby="stripe-h">
      <h1 id="stripe-h">Stripe</h1>
      {back === 'error' && (
        <p class="problem">Stripe could not finish: {new URLSearchParams(location.search).get('code')}</p>
      )}
      {st && (
        <div class="card" data-testid="stripe-status">
          <p>
            <strong>{st.online_payments ? 'Online payments are on.' : 'Online payments are off.'}</strong> {st.summary}
          </p>
          {needed.length > 0 && (
            <>
              <h2>What Stripe still needs</h2>
              <ul>
                {needed.map((n) => (
                  <li>{n}</li>
                ))}
              </ul>
            </>
          )}
          {st.stripe_account && (
            <p>
              Account <code>{st.stripe_account}</code> ({st.connection}, {st.mode} mode)
            </p>
          )}
          {st.secret_key_hint && (
            <p>
              Your own keys: <code>{st.publishable_key}</code>, secret key ending {st.secret_key_hint}. Webhook
              endpoint: <code>{st.webhook_url}</code>
            </p>
          )}
          {(st.sides ?? []).map((o) => (
            <p data-testid={`side-${o.mode}`}>
              {o.mode === 'live' ? 'Live mode' : 'Test mode'}: {o.summary}
            </p>
          ))}
          <p class="actions">
            {st.connection !== 'keys' && !st.online_payments && (
              <button type="button" class="primary" onClick={connect}>
                {st.connection === 'connect' ? 'Continue Stripe onboarding' : 'Connect with Stripe'}
              </button>
            )}
            {st.connection !== 'none' && (
              <button type="button" onClick={openDashboard}>
                Open Stripe dashboard
              </button>
            )}
          </p>
        </div>
      )}
      {st && (
        <div role="group" aria-labelledby="mode-h" class="card" data-testid="mode-switch">
          <h2 id="mode-h">Test or live</h2>
          <p class="hint">New bookings are made and charged on the active side; the other side is kept as it is.</p>
          <p class="actions">
            {(['test', 'live'] as const).map((m) => (
              <button type="button" aria-pressed={st.mode === m} onClick={() => st.mode !== m && switchMode(m)}>
                {m === 'live' ? 'Live' : 'Test'}
              </button>
            ))}
          </p>
          {modeDone && <Notice>{modeDone}</Notice>}
          <Problem error={modeError} />
        </div>
      )}
      {!fe('publishable_key') && !fe('secret_key') && !fe('webhook_secret') && <Problem error={error} />}
      <details>
        <summary>Use your own Stripe keys instead (API-key mode)</summary>
        <form onSubmit={saveKeys} aria-label="Stripe keys">
          <p>Test keys (pk_test_, sk_test_) put the shop in test mode; live keys in live mode.</p>
          <Field
            id="pk"
            label="Publishable key"
            value={keys.publishable_key}
            onInput={(v) => setKeys({ ...keys, publishable_key: v })}
            error={fe('publishable_key')}
          />
          <Field
            id="sk"
            label="Secret key"
            type="password"
            autocomplete="off"
            value={keys.secret_key}
            onInput={(v) => setKeys({ ...keys, secret_key: v })}
            error={fe('secret_key')}
          />
          <Field
            id="whsec"
            label="Webhook signing secret"
            type="password"
            autocomplete="off"
            value={keys.webhook_secret}
            onInput={(v) => setKeys({ ...keys, webhook_secret: v })}
            error={fe('webhook_secret')}
          />
          {saved && <Notice>{saved}</Notice>}
          <button type="submit">Save keys</button>
        </form>
      </details>
    </section>
  );
}
