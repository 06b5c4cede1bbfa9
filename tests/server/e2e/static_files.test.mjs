// Static files like a CDN: build-time br/gzip variants chosen by Accept-Encoding (with
// Vary), immutable caching for content-hashed names, a short max-age plus ETag/304 for
// the loader, no-cache for HTML, HEAD, CORS for widget files, no path traversal.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, srv, dist;
const widget = 'export const widget = true;\n'.repeat(200);
const loader = '(function(){ /* loader */ })();\n'.repeat(50);

function writeWithVariants(name, text) {
  fs.writeFileSync(path.join(dist, name), text);
  fs.writeFileSync(path.join(dist, name + '.gz'), zlib.gzipSync(text));
  fs.writeFileSync(path.join(dist, name + '.br'), zlib.brotliCompressSync(text));
}

before(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-static-'));
  dist = path.join(tmp, 'dist');
  fs.mkdirSync(dist);
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'not for you');
  writeWithVariants('slotpay-widget.0123abcd.js', widget);
  writeWithVariants('slotpay-loader.js', loader);
  fs.writeFileSync(path.join(dist, 'embed.html'), '<!doctype html><title>embed</title>');
  fs.writeFileSync(path.join(dist, 'core.89abcdef.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--quiet', '--web-dist', dist] });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

// node:http, so that bodies arrive as sent (fetch would decompress them).
function get(p, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request(`${srv.url}${p}`, { method, headers, agent: false }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('br, else gzip, else identity by Accept-Encoding; Vary on every answer', async () => {
  const name = '/slotpay-widget.0123abcd.js';
  const br = await get(name, { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.status, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(zlib.brotliDecompressSync(br.body).toString(), widget);
  assert.equal(br.headers['vary'], 'Accept-Encoding');
  assert.equal(br.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(Number(br.headers['content-length']), br.body.length);

  const gz = await get(name, { 'accept-encoding': 'gzip, deflate' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(zlib.gunzipSync(gz.body).toString(), widget);
  assert.equal(gz.headers['vary'], 'Accept-Encoding');

  const refused = await get(name, { 'accept-encoding': 'br;q=0, gzip' });
  assert.equal(refused.headers['content-encoding'], 'gzip');

  const plain = await get(name);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString(), widget);
  assert.equal(plain.headers['vary'], 'Accept-Encoding');
  assert.ok(br.body.length < plain.body.length);
  assert.notEqual(br.headers.etag, plain.headers.etag, 'one ETag per encoding');
});

test('content-hashed names are immutable; the loader gets 5 minutes and an ETag answered by 304; HTML no-cache', async () => {
  const hashed = await get('/slotpay-widget.0123abcd.js', { 'accept-encoding': 'br' });
  assert.equal(hashed.headers['cache-control'], 'public, max-age=31536000, immutable');

  const first = await get('/slotpay-loader.js', { 'accept-encoding': 'gzip' });
  assert.equal(first.status, 200);
  assert.equal(first.headers['cache-control'], 'public, max-age=300');
  assert.match(first.headers.etag, /^"[0-9a-f]{32}"$/);
  const again = await get('/slotpay-loader.js', { 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal(again.headers.etag, first.headers.etag);
  assert.equal(again.headers.vary, 'Accept-Encoding');
  const otherEncoding = await get('/slotpay-loader.js', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag });
  assert.equal(otherEncoding.status, 200, 'the gzip tag does not validate the brotli bytes');

  const html = await get('/embed.html', { 'accept-encoding': 'br, gzip' });
  assert.equal(html.headers['cache-control'], 'no-cache');
  assert.equal(html.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(html.headers['vary'], undefined, 'no variants, nothing to vary');
  assert.equal(html.headers['content-encoding'], undefined, 'never compressed at request time');
  assert.ok(html.headers.etag);
});

test('HEAD: the same headers, no body', async () => {
  const g = await get('/slotpay-loader.js', { 'accept-encoding': 'br' });
  const hd = await get('/slotpay-loader.js', { 'accept-encoding': 'br' }, 'HEAD');
  assert.equal(hd.status, 200);
  assert.equal(hd.body.length, 0);
  assert.equal(hd.headers['content-length'], g.headers['content-length']);
  assert.equal(hd.headers.etag, g.headers.etag);
  assert.equal(hd.headers['content-encoding'], 'br');
});

test('widget files: CORS * and CORP cross-origin, nosniff; examples: nosniff only; wasm type', async () => {
  const w = await get('/core.89abcdef.wasm');
  assert.equal(w.headers['content-type'], 'application/wasm');
  assert.equal(w.headers['access-control-allow-origin'], '*');
  assert.equal(w.headers['cross-origin-resource-policy'], 'cross-origin');
  assert.equal(w.headers['x-content-type-options'], 'nosniff');
  const ex = await get('/examples/script-tag.html');
  assert.equal(ex.status, 200);
  assert.equal(ex.headers['access-control-allow-origin'], undefined);
  assert.equal(ex.headers['cross-origin-resource-policy'], undefined);
  assert.equal(ex.headers['x-content-type-options'], 'nosniff');
});

// Raw bytes on the wire: clients may normalise dot segments; attackers do not.
function rawGet(target) {
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(new URL(srv.url).port), '127.0.0.1', () => {
      s.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
}

test('no way out of the folder', async () => {
  for (const target of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
                        '/examples/../../secret.txt', '/.%2e/secret.txt', '/slotpay-loader.js%00.html']) {
    const text = await rawGet(target);
    assert.match(text, /^HTTP\/1\.1 (404|400)/, `${target}: ${text.slice(0, 80)}`);
    assert.ok(!text.includes('not for you'), target);
  }
  const missing = await get('/nope.js');
  assert.equal(missing.status, 404);
  assert.equal(JSON.parse(missing.body).error.code, 'not_found');
});

test('issue #9: the example pages (and the demo ?stripe= override) only with --demo', async () => {
  const prod = await h.startServer(mock, { demo: false });
  try {
    for (const p of ['/examples/script-tag.html', '/examples/', '/examples/?stripe=http://127.0.0.1:1']) {
      const r = await h.api(prod, 'GET', p);
      assert.equal(r.status, 404, `${p}: ${r.status}`);
    }
    assert.equal((await h.api(prod, 'GET', '/healthz')).status, 200);
  } finally {
    await prod.stop();
  }
  assert.equal((await h.api(srv, 'GET', '/examples/script-tag.html')).status, 200, 'served with --demo');
});
