// Browser test of examples/wasm-quote.html: the WASM core loads in headless
// Chromium (Debian's, driven by playwright-core) under a strict CSP, from URLs the
// page chooses, and the page shows the quote the native core computes.
// Usage: node tests/web/wasm_page_test.mjs [--dist build/wasm/wasm/dist]
//          [--dist-debug build/wasm/wasm/dist-debug] [--cli build/native/tools/slotpay-core]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from './static_server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return resolve(i >= 0 ? args[i + 1] : dflt); };
const dist = opt('--dist', join(root, 'build/wasm/wasm/dist'));
const distDebug = opt('--dist-debug', join(root, 'build/wasm/wasm/dist-debug'));
const cli = opt('--cli', join(root, 'build/native/tools/slotpay-core'));
const CHROMIUM = process.env.SLOTPAY_CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 20000;

// The module folders are mounted so that the test does not depend on where the
// build dir is; the page's default URL (../build/wasm/wasm/dist/) maps onto them.
const server = await startStaticServer({
  root,
  mounts: {
    '/build/wasm/wasm/dist/': dist,
    '/debug/': distDebug,
    '/cdn/elsewhere/core-v1.wasm': join(dist, 'slotpay-core.wasm'),
  },
});
const userDataDir = mkdtempSync(join(tmpdir(), 'slotpay-chromium-'));
let passed = 0, failed = 0;
const results = [];

function nativeQuote(request) {
  const r = spawnSync(cli, ['quote'], { input: JSON.stringify(request), encoding: 'utf8', timeout: TIMEOUT });
  if (r.status !== 0) throw new Error(`native quote failed: ${r.status} ${r.stdout} ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  timeout: TIMEOUT,
});

async function check(name, query, body) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  try {
    await page.goto(`${server.url}/examples/wasm-quote.html${query}`);
    await page.waitForSelector('body[data-ready]');
    const ready = await page.getAttribute('body', 'data-ready');
    if (ready !== 'true') throw new Error(`page did not start: ${await page.textContent('#error')}`);
    await body(page);
    if (problems.length) throw new Error('problems on the page');
    passed++;
    results.push(`ok   ${name}`);
  } catch (e) {
    failed++;
    results.push(`FAIL ${name}: ${e.message}${problems.length ? `\n    ${problems.join('\n    ')}` : ''}`);
  } finally {
    await page.close();
  }
}

const expectText = async (page, selector, want) => {
  const got = (await page.textContent(selector))?.trim();
  if (got !== want) throw new Error(`${selector}: want "${want}", got "${got}"`);
};

const catalog = JSON.parse(readFileSync(join(root, 'examples/demo-catalog.json'), 'utf8'));
const contract = { service: 'cut', staff: 'any', start: '2026-12-01T10:00:00-05:00', quantity: 1,
                   addons: ['wash'], coupon: 'WELCOME10', tip: 0 };

try {
  // The contract example: 53.58 USD, 10.72 due now.
  await check('release module, default URL: the contract quote', '', async (page) => {
    await expectText(page, '#total', '53.58 USD');
    await expectText(page, '#due-now', '10.72 USD');
    await expectText(page, '#due-later', '42.86 USD');
    const lines = await page.$$eval('#lines tr', (rows) => rows.map((r) => r.textContent.trim()));
    const want = ['Haircut45.00 USD', 'Wash10.00 USD', 'Coupon WELCOME10-5.50 USD', 'Tax 8.25%4.08 USD'];
    if (JSON.stringify(lines) !== JSON.stringify(want)) throw new Error(`lines ${JSON.stringify(lines)}`);
  });

  // Interaction, cross-checked with the native core.
  await check('edits requote in the page, as the native core does', '', async (page) => {
    await page.uncheck('#addons input[value="wash"]');
    await page.fill('#quantity', '2');
    await page.fill('#coupon', 'FIVEOFF');
    await page.fill('#tip', '300');
    const want = nativeQuote({ catalog, booking: { ...contract, addons: [], quantity: 2, coupon: 'FIVEOFF', tip: 300 } });
    await page.waitForFunction((t) => document.body.dataset.total === String(t), want.total);
    const cents = String(want.total).padStart(3, '0');
    await expectText(page, '#total', `${cents.slice(0, -2)}.${cents.slice(-2)} USD`);
  });

  await check('domain errors are shown, not thrown', '', async (page) => {
    await page.fill('#coupon', 'NOPE');
    await page.waitForFunction(() => document.getElementById('error').textContent.includes('unknown_coupon'));
    if (await page.isVisible('#quote')) throw new Error('quote still shown for an invalid coupon');
  });

  // The page chooses where the .wasm comes from (a "CDN" path) ...
  let before = server.requests.length;
  await check('the .wasm from a URL the page chooses', '?wasm=/cdn/elsewhere/core-v1.wasm', async (page) => {
    await expectText(page, '#total', '53.58 USD');
    const served = server.requests.slice(before);
    if (!served.includes('/cdn/elsewhere/core-v1.wasm')) throw new Error(`the chosen .wasm URL was not fetched: ${served.join(', ')}`);
    if (served.some((p) => p.endsWith('.wasm') && p !== '/cdn/elsewhere/core-v1.wasm')) throw new Error(`another .wasm was fetched: ${served.join(', ')}`);
  });
  // ... and which build: the debug one (assertions on) gives the same quote.
  before = server.requests.length;
  await check('the debug build from a URL the page chooses', '?core=/debug/slotpay-core.mjs', async (page) => {
    await expectText(page, '#total', '53.58 USD');
    await expectText(page, '#due-now', '10.72 USD');
    const served = server.requests.slice(before);
    if (!served.includes('/debug/slotpay-core.wasm')) throw new Error(`the debug .wasm was not fetched: ${served.join(', ')}`);
  });

  // A missing module is reported on the page (and is a console error, expected here).
  {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${server.url}/examples/wasm-quote.html?wasm=/nowhere.wasm`);
    await page.waitForSelector('body[data-ready]');
    const state = await page.getAttribute('body', 'data-ready');
    const msg = await page.textContent('#error');
    await page.close();
    if (state === 'failed' && msg.includes('/nowhere.wasm')) { passed++; results.push('ok   a .wasm that cannot be fetched is reported with its URL'); }
    else { failed++; results.push(`FAIL a missing .wasm: state ${state}, message "${msg}"`); }
  }
} finally {
  await context.close();
  await server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

console.log(`browser: ${CHROMIUM}; module ${relative(root, dist) || dist}`);
for (const r of results) console.log(r);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
