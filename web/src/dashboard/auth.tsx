// Page 1: sign up, sign in (the session cookie; the CSRF token kept for changes), and,
// signed in, the password change (account page) and sign-out (in the header).
import { useState } from 'preact/hooks';
import { call, setCsrf } from './api';
import { Field, Notice, Problem } from './ui';
import type { Me } from './types';

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [mode, setMode] = useState<'signin' | 'signup'>('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [business, setBusiness] = useState('');
  const [currency, setCurrency] = useState('eur');
  const [timezone, setTimezone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (f: string) => {
    const e = error as { body?: { field?: string; message: string } };
    return e?.body?.field === f ? e.body.message : undefined;
  };
  async function submit(ev: Event) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me =
        mode === 'signin'
          ? await call<Me>('POST', '/v1/merchant/signin', { email, password })
          : await call<Me>('POST', '/v1/merchant/signup', {
              email,
              password,
              business_name: business,
              currency,
              timezone,
            });
      setCsrf(me.csrf_token ?? '');
      onSignedIn(me);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <main id="main" class="narrow">
      <h1>{mode === 'signin' ? 'Sign in to Slotpay' : 'Create your Slotpay account'}</h1>
      <form onSubmit={submit} aria-label={mode === 'signin' ? 'Sign in' : 'Sign up'}>
        {mode === 'signup' && (
          <Field id="business" label="Business name" value={business} onInput={setBusiness} required />
        )}
        <Field
          id="email"
          label="E-mail"
          type="email"
          autocomplete="username"
          value={email}
          onInput={setEmail}
          error={fieldError('email')}
          required
        />
        <Field
          id="password"
          label="Password"
          type="password"
          autocomplete={mode === 'signin' ? 'current-password' : 'new-password'}
          value={password}
          onInput={setPassword}
          hint={mode === 'signup' ? 'At least 10 characters.' : undefined}
          error={fieldError('password')}
          required
        />
        {mode === 'signup' && (
          <>
            <Field id="currency" label="Currency (ISO code)" value={currency} onInput={setCurrency} />
            <Field id="timezone" label="Time zone" value={timezone} onInput={setTimezone} />
          </>
        )}
        <Problem error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <p>
        <button
          type="button"
          class="link"
          onClick={() => (setMode(mode === 'signin' ? 'signup' : 'signin'), setError(null))}
        >
          {mode === 'signin' ? 'New here? Create an account' : 'Have an account? Sign in'}
        </button>
      </p>
    </main>
  );
}

export function Account({ me }: { me: Me }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  async function submit(ev: Event) {
    ev.preventDefault();
    setError(null);
    setDone(false);
    try {
      await call('POST', '/v1/merchant/password', { current_password: current, new_password: next });
      setDone(true);
      setCurrent('');
      setNext('');
    } catch (e) {
      setError(e);
    }
  }
  const fe = (f: string) => {
    const e = error as { body?: { field?: string; message: string } };
    return e?.body?.field === f ? e.body.message : undefined;
  };
  return (
    <section aria-labelledby="account-h">
      <h1 id="account-h">Account</h1>
      <p>
        Signed in as <strong>{me.user?.email}</strong> ({me.role}) for <strong>{me.merchant.name}</strong> (
        <code>{me.merchant.id}</code>).
      </p>
      <form onSubmit={submit} aria-label="Change password">
        <h2>Change password</h2>
        <Field
          id="cur-pw"
          label="Current password"
          type="password"
          autocomplete="current-password"
          value={current}
          onInput={setCurrent}
          error={fe('current_password')}
        />
        <Field
          id="new-pw"
          label="New password"
          type="password"
          autocomplete="new-password"
          value={next}
          onInput={setNext}
          error={fe('new_password')}
          hint="At least 10 characters. Your other sessions are signed out."
        />
        {!fe('current_password') && !fe('new_password') && <Problem error={error} />}
        {done && <Notice>Password changed.</Notice>}
        <button type="submit" class="primary">
          Change password
        </button>
      </form>
    </section>
  );
}
