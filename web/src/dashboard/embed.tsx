// Page 6: where the widget may run (allowed origins), the two ways to embed it (script
// tag, iframe) with a live preview, the calendar feed URLs, and the merchant webhook
// endpoints with their delivery log (webhooks.tsx).
import { useEffect, useState } from 'preact/hooks';
import { call } from './api';
import type { Me } from './types';
import { Field, Notice, Problem, Select } from './ui';
import { Webhooks } from './webhooks';

// GET /v1/merchant/feeds: the merchant's feed and one per staff member (secret URLs).
interface Feeds {
  merchant: string;
  staff: { id: string; name?: string; url: string }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function scriptSnippet(host: string, merchant: string, opts: { locale: string; scheme: string }): string {
  const extra =
    (opts.locale ? `\n        data-locale="${esc(opts.locale)}"` : '') +
    (opts.scheme !== 'auto' ? `\n        data-color-scheme="${esc(opts.scheme)}"` : '');
  return `<div id="slotpay-widget"></div>
<script async src="${esc(host)}/slotpay-loader.js"
        data-merchant="${esc(merchant)}"
        data-target="#slotpay-widget"${extra}></script>`;
}

export function iframeSnippet(host: string, merchant: string, parent: string): string {
  const q = `merchant=${encodeURIComponent(merchant)}&parent=${encodeURIComponent(parent || 'https://YOUR-SITE')}`;
  return `<iframe src="${esc(host)}/embed.html?${esc(q)}" allow="payment" title="Book online"
        style="width:100%;min-height:640px;border:0"></iframe>`;
}

export function EmbedPage({ me }: { me: Me }) {
  const host = location.origin;
  // null until loaded: the form is not shown before, so nothing typed is overwritten.
  const [origins, setOrigins] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [feeds, setFeeds] = useState<Feeds | null>(null);
  const [locale, setLocale] = useState('');
  const [scheme, setScheme] = useState('auto');
  const [copied, setCopied] = useState('');
  useEffect(() => {
    call<{ allowed_origins: string[] }>('GET', '/v1/merchant/origins').then(
      (r) => setOrigins(r.allowed_origins.join('\n')),
      setError,
    );
    call<Feeds>('GET', '/v1/merchant/feeds').then(setFeeds, () => setFeeds(null));
  }, []);
  async function save(ev: Event) {
    ev.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const list = (origins ?? '')
        .split(/\s+/)
        .map((s) => s.trim())
        .filter(Boolean);
      const r = await call<{ allowed_origins: string[] }>('PUT', '/v1/merchant/origins', { allowed_origins: list });
      setOrigins(r.allowed_origins.join('\n'));
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  }
  const firstOrigin = (origins ?? '').split(/\s+/).find(Boolean) ?? '';
  const script = scriptSnippet(host, me.merchant.id, { locale, scheme });
  const iframe = iframeSnippet(host, me.merchant.id, firstOrigin);
  // The preview runs the script-tag snippet in a frame of this page's origin (the same
  // server), so the widget reaches the API without any allowed origin.
  const preview = `<!doctype html><html lang="en"><title>Preview</title><body style="margin:8px">${script.replace(
    'data-target="#slotpay-widget"',
    `data-target="#slotpay-widget" data-api="${esc(host)}"`,
  )}</body></html>`;
  async function copy(what: string, text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied('');
    }
  }
  return (
    <section aria-labelledby="embed-h">
      <h1 id="embed-h">Embed</h1>
      {origins === null ? (
        <Problem error={error} />
      ) : (
        <form onSubmit={save} aria-label="Allowed origins">
          <h2>Allowed origins</h2>
          <div class="field">
            <label for="origins">Sites that may show your widget (one a line, e.g. https://shop.example)</label>
            <textarea
              id="origins"
              rows={4}
              value={origins}
              onInput={(e) => setOrigins((e.target as HTMLTextAreaElement).value)}
            />
          </div>
          <Problem error={error} />
          {saved && <Notice>Origins saved.</Notice>}
          <button type="submit" class="primary">
            Save origins
          </button>
        </form>
      )}
      <h2>Script tag</h2>
      <div class="row">
        <Field
          id="emb-locale"
          label="Language (e.g. de, fr; empty: the visitor's)"
          value={locale}
          onInput={setLocale}
        />
        <Select
          id="emb-scheme"
          label="Colours"
          value={scheme}
          options={[
            ['auto', 'Follow the visitor'],
            ['light', 'Light'],
            ['dark', 'Dark'],
          ]}
          onChange={setScheme}
        />
      </div>
      <pre tabIndex={0} aria-label="Script tag snippet" data-testid="script-snippet">
        <code>{script}</code>
      </pre>
      <button type="button" onClick={() => copy('script', script)}>
        Copy script tag
      </button>
      <h2>Iframe</h2>
      <pre tabIndex={0} aria-label="Iframe snippet" data-testid="iframe-snippet">
        <code>{iframe}</code>
      </pre>
      <button type="button" onClick={() => copy('iframe', iframe)}>
        Copy iframe
      </button>
      {copied && <Notice>Copied the {copied} snippet.</Notice>}
      <h2>Live preview</h2>
      <iframe class="preview-frame" title="Widget preview" srcdoc={preview} data-testid="preview" />
      <h2>Calendar feeds</h2>
      {feeds ? (
        <ul data-testid="feeds">
          <li>
            All bookings: <code>{feeds.merchant}</code>
          </li>
          {feeds.staff.map((f) => (
            <li>
              {f.name || f.id}: <code>{f.url}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p>Calendar feeds are not available.</p>
      )}
      <p class="hint">Subscribe to a feed URL in your calendar app; keep it private: it shows your bookings.</p>
      <Webhooks canChange={me.role !== 'staff'} />
    </section>
  );
}
