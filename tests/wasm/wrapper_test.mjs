// The ES-module wrapper (wasm/slotpay-core.mjs) over the release build: loading
// from bytes and from a URL the caller chooses, memoisation, typed wrappers, and
// results as values (never an exception for a domain error).
// Env: SLOTPAY_WASM_DIST (the built dist/ folder), SLOTPAY_ROOT (the checkout).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

const dist = process.env.SLOTPAY_WASM_DIST;
const root = process.env.SLOTPAY_ROOT;
assert.ok(dist && root, 'SLOTPAY_WASM_DIST and SLOTPAY_ROOT must be set');
const { loadSlotpayCore } = await import(pathToFileURL(join(dist, 'slotpay-core.mjs')).href);
const { loadSlotpayCoreFromFile } = await import(pathToFileURL(join(dist, 'node.mjs')).href);
const wasmBytes = readFileSync(join(dist, 'slotpay-core.wasm'));
const contract = JSON.parse(readFileSync(join(root, 'tests/vectors/quote/contract-example.json'), 'utf8'));

let server, base, requests = 0;
before(async () => {
  server = createServer((req, res) => {
    requests++;
    if (req.url === '/assets/core.wasm') {
      res.writeHead(200, { 'Content-Type': 'application/wasm' });
      res.end(wasmBytes);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

test('typed wrappers return the response objects', async () => {
  const core = await loadSlotpayCore({ wasmBinary: wasmBytes });
  assert.deepEqual(core.quote(contract.request), contract.response);
  assert.equal(core.quote(contract.request).total, 5358);
  assert.deepEqual(core.currency({ currency: 'jpy' }),
                   JSON.parse(core.run('currency', '{"currency":"jpy"}')));
  assert.equal(core.currency({ currency: 'jpy' }).min_charge, 50);
  assert.match(core.version, /^\d+\.\d+\.\d+$/);
  assert.deepEqual(core.operations().slice(0, 2), ['currency', 'quote']);
  for (const op of ['currency', 'quote', 'availability', 'validate', 'cancel'])
    assert.equal(typeof core[op], 'function', op);
});

test('domain errors and malformed input are values, not exceptions', async () => {
  const core = await loadSlotpayCore({ wasmBinary: new Uint8Array(wasmBytes) });
  assert.deepEqual(core.quote({}).error.code, 'missing_field');
  assert.equal(core.currency({ currency: 'xxx' }).error.code, 'unknown_currency');
  assert.equal(core.quote(undefined).error.code, 'invalid_json');
  assert.equal(core.quote(null).error.code, 'invalid_json');  // "null" is not an object
  const cyclic = {};
  cyclic.self = cyclic;
  assert.equal(core.quote(cyclic).error.code, 'invalid_json');
  assert.equal(core.quote({ big: 1n }).error.code, 'invalid_json');
  assert.equal(JSON.parse(core.run('refund_everything', '{}')).error.code, 'unknown_operation');
  assert.equal(JSON.parse(core.run('quote', '{"catalog":')).error.code, 'invalid_json');
  assert.equal(JSON.parse(core.run('quote', 42)).error.code, 'invalid_json');
  // Still alive and right afterwards.
  assert.deepEqual(core.quote(contract.request), contract.response);
});

test('loads from a URL the caller chooses, once per URL', async () => {
  const before = requests;
  const url = `${base}/assets/core.wasm`;
  const p1 = loadSlotpayCore({ wasmUrl: url });
  const p2 = loadSlotpayCore({ wasmUrl: new URL(url) });
  assert.equal(p1, p2, 'one memoised load per URL');
  const core = await p1;
  assert.deepEqual(core.quote(contract.request), contract.response);
  assert.ok(requests > before, 'the module was fetched from the chosen URL');
});

test('a failed load rejects with the URL and is retried next time', async () => {
  const url = `${base}/missing.wasm`;
  const origWarn = console.warn;
  console.warn = () => {};  // the glue reports the failed fetch before rejecting
  try {
    await assert.rejects(loadSlotpayCore({ wasmUrl: url }), (e) => e instanceof Error && e.message.includes(url));
    const before = requests;
    await assert.rejects(loadSlotpayCore({ wasmUrl: url }));
    assert.ok(requests > before, 'the failed load was not memoised');
  } finally {
    console.warn = origWarn;
  }
});

test('node helper loads the .wasm beside the wrapper', async () => {
  const core = await loadSlotpayCoreFromFile();
  assert.deepEqual(core.quote(contract.request), contract.response);
});

test('wasmBinary of the wrong type is refused (a rejected promise)', async () => {
  await assert.rejects(loadSlotpayCore({ wasmBinary: 'nope' }), TypeError);
});
