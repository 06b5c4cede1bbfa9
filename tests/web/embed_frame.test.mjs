// Issue #9 item 4 in a real browser: embed.html may be framed only by the merchant's
// allowed origins (CSP frame-ancestors from slotpay-server), and its `parent` parameter
// must be one of them or the page shows an error and posts nothing. The server runs
// without --demo: the production policy. Three loopback ports = three origins: the
// server, a merchant site it allows, a foreign site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startStripeMock } from '../stripe_mock/server.mjs';
import { spawnSlotpayServer } from '../server/e2e/harness.mjs';
import { ROOT, SERVER_BIN, DIST, sleep } from './lib/harness.mjs';

const CATALOG = path.join(ROOT, 'examples', 'demo-catalog.json');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SK = 'sk_test_embed_frame_platform_51Wb';
const PK = 'pk_test_embed_frame_platform_51Wb';
const WHSEC = 'whsec_embed_frame_secret_3c9d';
const ADMIN = 'admin_embed_frame_token_4b2a_0123456789ab';
const ACCOUNT = 'acct_1EmbedFrameSalon';

let tmp, mock, server, browser, allowed, foreign;

// A site that frames embed.html?merchant=m_demo&parent=<?parent, default its own origin>
// and records every message from the frame.
function startSite() {
  const s = http.createServer((req, res) => {
    const q = new URL(req.url, 'http://x').searchParams;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>site</title><script>
  window.got = [];
  window.addEventListener('message', function (ev) { got.push({ origin: ev.origin, data: ev.data }); });
  var parent = ${JSON.stringify(q.get('parent'))} || location.origin;
  var f = document.createElement('iframe');
  f.src = ${JSON.stringify(q.get('widget'))} + '/embed.html?merchant=m_demo&parent=' + encodeURIComponent(parent);
  f.style.height = '600px';
  f.onload = function () { window.frameLoaded = true; };
  document.documentElement.appendChild(f);
</script>`);
  });
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve({ server: s, url: `http://127.0.0.1:${s.address().port}` })),
  );
}

before(async () => {
  for (const [what, p] of [
    ['slotpay-server', SERVER_BIN],
    ['chromium', CHROMIUM],
    ['web/dist (node web/build.mjs)', path.join(DIST, 'manifest.json')],
  ])
    if (!fs.existsSync(p)) throw new Error(`missing ${what}: ${p}`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-embed-frame-'));
  mock = await startStripeMock({
    host: '127.0.0.1',
    port: 0,
    webhookSecret: WHSEC,
    secretKeys: [SK],
    publishableKeys: [PK],
    quiet: true,
  });
  allowed = await startSite();
  foreign = await startSite();
  server = await spawnSlotpayServer(
    [
      '--listen',
      '127.0.0.1:0',
      '--db',
      path.join(tmp, 'slotpay.db'),
      '--stripe-api-base',
      mock.url,
      '--seed-merchant',
      CATALOG,
      '--stripe-account',
      ACCOUNT,
      '--web-dist',
      DIST,
      '--allowed-origin',
      allowed.url,
      '--read-rate',
      '0',
      '--quiet',
    ],
    { STRIPE_SECRET_KEY: SK, STRIPE_PUBLISHABLE_KEY: PK, STRIPE_WEBHOOK_SECRET: WHSEC, ADMIN_TOKEN: ADMIN },
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: 30000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close().catch(() => {});
  if (server?.child && server.child.exitCode === null) {
    const done = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await Promise.race([done, sleep(5000).then(() => server.child.kill('SIGKILL'))]);
  }
  await mock?.close().catch(() => {});
  for (const s of [allowed, foreign]) s?.server.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// A page whose frames record what they post: `parent` is [Replaceable], so an init script
// (it runs in every frame before the page's scripts) swaps in a recorder that forwards.
async function newPage() {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    if (window === window.top) return;
    const real = window.parent;
    const posted = (window.__posted = []);
    window.parent = {
      postMessage(data, origin) {
        posted.push({ data, origin });
        real.postMessage(data, origin);
      },
    };
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const refused = [];
  page.on('console', (m) => {
    if (/frame-ancestors/.test(m.text())) refused.push(m.text());
  });
  return { context, page, refused };
}

const siteUrl = (site, parent) =>
  `${site.url}/?widget=${encodeURIComponent(server.url)}${parent ? `&parent=${encodeURIComponent(parent)}` : ''}`;

test('an allowed origin frames embed.html: the widget renders and talks to its page', async () => {
  const { context, page, refused } = await newPage();
  try {
    await page.goto(siteUrl(allowed));
    const frame = page.frameLocator('iframe');
    await frame.locator('button[data-service=cut]').waitFor();
    await page.waitForFunction(() => window.got.some((m) => m.data && m.data.type === 'ready'));
    const got = await page.evaluate(() => window.got);
    for (const m of got) assert.equal(m.origin, server.url);
    assert.deepEqual(refused, []);
  } finally {
    await context.close();
  }
});

test('a foreign origin cannot frame it: the frame does not render, nothing is posted', async () => {
  const { context, page, refused } = await newPage();
  try {
    await page.goto(siteUrl(foreign));
    await page.waitForFunction(() => window.frameLoaded === true);
    await sleep(1500); // time enough for the widget to render and post, were it allowed to
    const child = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(child, 'the iframe element exists');
    assert.ok(!child.url().startsWith(server.url), `blocked frame, not the page: ${child.url()}`);
    const rendered = await child
      .evaluate(() => !!document.querySelector('[data-slotpay], #slotpay'))
      .catch(() => false);
    assert.equal(rendered, false);
    assert.deepEqual(await page.evaluate(() => window.got), []);
    assert.ok(refused.length > 0, 'Chromium reports the frame-ancestors refusal');
  } finally {
    await context.close();
  }
});

test('a foreign parent: the page shows an error, the widget does not start, nothing is posted', async () => {
  const { context, page } = await newPage();
  try {
    // Framed by the allowed site (frame-ancestors lets it render) but naming another parent.
    await page.goto(siteUrl(allowed, foreign.url));
    await page.waitForFunction(() => window.frameLoaded === true);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await frame.waitForSelector('#slotpay[data-error=forbidden_parent]');
    assert.match(await frame.locator('#slotpay').textContent(), /cannot be shown on this site/);
    await sleep(1500);
    assert.equal(await frame.evaluate(() => !!document.querySelector('[data-slotpay]')), false, 'no widget');
    assert.deepEqual(await frame.evaluate(() => window.__posted), [], 'postMessage never called');
    assert.deepEqual(await page.evaluate(() => window.got), []);
  } finally {
    await context.close();
  }
});

test('the recorder sees the posts of an allowed parent (the check above can fail)', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(siteUrl(allowed));
    await page.waitForFunction(() => window.frameLoaded === true);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await frame.waitForFunction(() => window.__posted.some((p) => p.data.type === 'ready'));
    const posted = await frame.evaluate(() => window.__posted);
    for (const p of posted) assert.equal(p.origin, allowed.url);
  } finally {
    await context.close();
  }
});
