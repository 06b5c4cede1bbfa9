// Issue #9 item 7: --metrics-listen ADDR serves /metrics on an address of its own,
// without the admin token; the public listener then does not serve it at all, and the
// metrics listener serves nothing else.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, srv, metricsUrl;

before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--quiet', '--metrics-listen', '127.0.0.1:0'] });
  const line = srv.logs.split('\n').find((l) => l.includes('"msg":"listening"'));
  const port = JSON.parse(line).metrics_port;
  assert.ok(port > 0 && port !== Number(new URL(srv.url).port), line);
  metricsUrl = `http://127.0.0.1:${port}`;
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

test('the metrics listener answers /metrics without a token', async () => {
  assert.equal((await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog')).status, 200);
  const r = await h.api({ url: metricsUrl }, 'GET', '/metrics');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  assert.match(r.text, /slotpay_http_requests_total\{[^}]*route="\/v1\/merchants\/\{id\}\/catalog"/);
});

test('the public listener does not serve /metrics, not even with the admin token', async () => {
  for (const headers of [{}, { authorization: `Bearer ${h.ADMIN}` }]) {
    const r = await h.api(srv, 'GET', '/metrics', { headers });
    assert.equal(r.status, 404, r.text);
    assert.ok(!r.text.includes('slotpay_'), r.text);
  }
});

test('the metrics listener serves nothing but /metrics', async () => {
  for (const p of ['/healthz', '/v1/merchants/m_e2e/catalog', '/embed.html?merchant=m_e2e', '/slotpay-loader.js']) {
    const r = await h.api({ url: metricsUrl }, 'GET', p);
    assert.equal(r.status, 404, p);
  }
  const post = await h.api({ url: metricsUrl }, 'POST', '/v1/merchants/m_e2e/bookings', { body: {} });
  assert.equal(post.status, 404);
});
