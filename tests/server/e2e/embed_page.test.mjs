// Issue #9 item 4: embed.html is served per merchant (GET /embed.html?merchant=ID) with
// the Content-Security-Policy as a header: frame-ancestors = the merchant's allowed
// origins ('none' for an unknown one), the same origins in the page's slotpay-parents
// meta, and no loopback source unless --demo. (The browser side: tests/web/embed_frame.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const MARKER = '<meta name="slotpay-parents" content="" />';
const PAGE = `<!doctype html><html><head>${MARKER}<title>embed</title></head><body></body></html>`;
const admin = { authorization: `Bearer ${h.ADMIN}` };
let mock, prod, demo, dist;

before(async () => {
  dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-embed-')), 'dist');
  fs.mkdirSync(dist);
  fs.writeFileSync(path.join(dist, 'embed.html'), PAGE);
  mock = await h.startMock();
  const args = ['--quiet', '--web-dist', dist];
  prod = await h.startServer(mock, { demo: false, args });
  demo = await h.startServer(mock, { demo: true, args });
});
after(async () => {
  await prod?.stop();
  await demo?.stop();
  await mock?.close();
});

const directive = (csp, name) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(name + ' '));

test('production: frame-ancestors = the allowed origins, no loopback source, the origins in the page', async () => {
  const r = await h.api(prod, 'GET', '/embed.html?merchant=m_e2e');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  const csp = r.headers.get('content-security-policy');
  assert.equal(directive(csp, 'frame-ancestors'), 'frame-ancestors https://salon.example');
  assert.ok(!csp.includes('127.0.0.1'), csp);
  assert.equal(directive(csp, 'default-src'), "default-src 'none'");
  assert.equal(
    directive(csp, 'script-src'),
    "script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com https://*.js.stripe.com",
  );
  assert.ok(r.text.includes('<meta name="slotpay-parents" content="https://salon.example" />'), r.text);
  assert.ok(!r.text.includes(MARKER));
});

test("an unknown, missing or malformed merchant: frame-ancestors 'none' and no parents", async () => {
  for (const q of ['?merchant=m_nobody', '', '?merchant=', '?merchant=..%2Fm_e2e', '?merchant=m_e2e%3B']) {
    const r = await h.api(prod, 'GET', `/embed.html${q}`);
    assert.equal(r.status, 200, q);
    assert.equal(directive(r.headers.get('content-security-policy'), 'frame-ancestors'), "frame-ancestors 'none'", q);
    assert.ok(r.text.includes(MARKER), q);
  }
});

test('no way around the route: an encoded path, HEAD and the ETag all carry the policy', async () => {
  const enc = await h.api(prod, 'GET', '/embed%2Ehtml?merchant=m_e2e');
  assert.equal(enc.status, 200);
  assert.equal(directive(enc.headers.get('content-security-policy'), 'frame-ancestors'), 'frame-ancestors https://salon.example');
  const head = await h.api(prod, 'HEAD', '/embed.html?merchant=m_e2e');
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  assert.equal(head.headers.get('content-security-policy'), enc.headers.get('content-security-policy'));
  const again = await h.api(prod, 'GET', '/embed.html?merchant=m_e2e', { headers: { 'if-none-match': enc.headers.get('etag') } });
  assert.equal(again.status, 304);
  // Another merchant's page is another answer: its ETag does not validate this one.
  const other = await h.api(prod, 'GET', '/embed.html?merchant=m_nobody', { headers: { 'if-none-match': enc.headers.get('etag') } });
  assert.equal(other.status, 200);
});

test('--demo adds the local Stripe.js double (http://127.0.0.1:*) to script-src and connect-src only', async () => {
  const r = await h.api(demo, 'GET', '/embed.html?merchant=m_e2e');
  const csp = r.headers.get('content-security-policy');
  assert.ok(directive(csp, 'script-src').endsWith(' http://127.0.0.1:*'), csp);
  assert.ok(directive(csp, 'connect-src').endsWith(' http://127.0.0.1:*'), csp);
  assert.equal(directive(csp, 'frame-ancestors'), 'frame-ancestors https://salon.example');
});

test('the page follows the merchant: new origins at once, hostile entries dropped', async () => {
  const catalog = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  const put = await h.api(prod, 'PUT', '/v1/admin/merchants/m_e2e', {
    body: {
      catalog,
      stripe_account: h.ACCOUNT,
      allowed_origins: ['https://salon.example', "https://x.example; script-src 'unsafe-inline'", 'https://book.salon.example:8443', '*'],
    },
    headers: admin,
  });
  assert.equal(put.status, 200, put.text);
  const r = await h.api(prod, 'GET', '/embed.html?merchant=m_e2e');
  const csp = r.headers.get('content-security-policy');
  assert.equal(directive(csp, 'frame-ancestors'), 'frame-ancestors https://salon.example https://book.salon.example:8443');
  assert.ok(!csp.includes('x.example'), csp);
  assert.equal(csp.match(/'unsafe-inline'/g).length, 1, 'only style-src has it');
  assert.ok(r.text.includes('content="https://salon.example https://book.salon.example:8443"'), r.text);
});
