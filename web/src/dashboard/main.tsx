// The merchant dashboard (issue #13): /dashboard/, one page per hash route. Signed out
// it shows sign-in/sign-up; signed in, the header's navigation and the page asked for.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, onSessionEnded, setCsrf } from './api';
import { Account, SignIn } from './auth';
import { core, setAssetsBase } from './core';
import { StripePage } from './stripe';
import { ServicesPage } from './services';
import { BookingsPage } from './bookings';
import { ReportsPage } from './reports';
import { EmbedPage } from './embed';
import type { Core } from '../core';
import type { Me } from './types';

const PAGES: [string, string][] = [
  ['stripe', 'Stripe'],
  ['services', 'Services'],
  ['bookings', 'Bookings'],
  ['reports', 'Reports'],
  ['embed', 'Embed'],
  ['account', 'Account'],
];

const pageOfHash = () => {
  const p = location.hash.replace(/^#\/?/, '').split('?')[0];
  return PAGES.some(([k]) => k === p) ? p : 'stripe';
};

function App() {
  const [me, setMe] = useState<Me | null | false>(null);
  const [page, setPage] = useState(pageOfHash());
  const [c, setCore] = useState<Core | null>(null);
  useEffect(() => {
    const onHash = () => setPage(pageOfHash());
    addEventListener('hashchange', onHash);
    onSessionEnded(() => (setCsrf(''), setMe(false)));
    call<Me>('GET', '/v1/merchant/me')
      .then((m) => (setCsrf(m.csrf_token ?? ''), setMe(m)))
      .catch(() => setMe(false));
    core().then(setCore, () => setCore(null));
    return () => removeEventListener('hashchange', onHash);
  }, []);
  // A page the merchant went to takes the focus (screen readers start reading it); the
  // first page loaded does not, so the first Tab still reaches the skip link.
  const shownPage = useRef<string | null>(null);
  useEffect(() => {
    const label = PAGES.find(([k]) => k === page)?.[1] ?? '';
    document.title = me ? `${label} · Slotpay dashboard` : 'Slotpay dashboard';
    if (!me) return;
    if (shownPage.current !== null && shownPage.current !== page) document.getElementById('main')?.focus();
    shownPage.current = page;
  }, [page, me]);

  if (me === null) return <p role="status">Loading…</p>;
  if (me === false) return <SignIn onSignedIn={setMe} />;
  async function signOut() {
    try {
      await call('POST', '/v1/merchant/signout');
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
    }
    setCsrf('');
    setMe(false);
  }
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header>
        <strong class="brand">{me.merchant.name}</strong>
        <span class="mode">{me.merchant.mode === 'live' ? 'Live' : 'Test mode'}</span>
        <nav aria-label="Dashboard">
          <ul>
            {PAGES.map(([k, label]) => (
              <li>
                <a href={`#/${k}`} aria-current={k === page ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {page === 'stripe' && (
          <StripePage onModeChanged={() => call<Me>('GET', '/v1/merchant/me').then(setMe, () => {})} />
        )}
        {page === 'services' && <ServicesPage core={c} />}
        {page === 'bookings' && <BookingsPage core={c} me={me} />}
        {page === 'reports' && <ReportsPage core={c} />}
        {page === 'embed' && <EmbedPage me={me} />}
        {page === 'account' && <Account me={me} />}
      </main>
    </>
  );
}

const script = document.currentScript as HTMLScriptElement | null;
if (script?.src) setAssetsBase(script.src);
render(<App />, document.getElementById('app') as HTMLElement);
