// Issue #8's attacks against the built server, over loopback. After each one the
// server's peak memory (VmHWM) has grown by less than 32 MB and it still answers.
// Each attack is bounded in bytes and time; the whole file takes ~30 s.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const MB = 1024 * 1024;
let mock, srv, port;

before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--quiet'] });
  port = Number(new URL(srv.url).port);
  // Warm up: first requests, files and the store are touched before the baseline.
  for (const p of ['/healthz', '/v1/merchants/m_e2e/catalog', '/examples/script-tag.html']) {
    assert.equal((await h.api(srv, 'GET', p)).status, 200, p);
  }
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

function peakKb(pid) {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return Number(m[1]);
}

// Runs `attack`, then checks the memory bound and that /healthz still answers. The
// growth is reported as a test diagnostic.
async function bounded(t, attack) {
  const before = peakKb(srv.child.pid);
  const result = await attack();
  const grown = (peakKb(srv.child.pid) - before) / 1024;
  t.diagnostic(`VmHWM ${(before / 1024).toFixed(1)} MB, grew by ${grown.toFixed(1)} MB`);
  assert.ok(grown < 32, `VmHWM grew by ${grown.toFixed(1)} MB`);
  const hz = await h.api(srv, 'GET', '/healthz');
  assert.equal(hz.status, 200, 'still answers');
  return result;
}

// A raw connection: `feed(write)` writes as long as it likes (await each write; false
// once the server has closed). Resolves with what came back and how much was sent.
function rawConnection({ localAddress, timeoutMs = 20000 } = {}) {
  const socket = net.connect({ host: '127.0.0.1', port, localAddress });
  const conn = { socket, received: Buffer.alloc(0), sent: 0, closed: false, error: null };
  socket.on('data', (d) => { conn.received = Buffer.concat([conn.received, d]); });
  conn.done = new Promise((resolve) => {
    const timer = setTimeout(() => { socket.destroy(); resolve(conn); }, timeoutMs);
    socket.on('close', () => { conn.closed = true; clearTimeout(timer); resolve(conn); });
    socket.on('error', (e) => { conn.error = e; });
  });
  conn.connected = new Promise((resolve) => socket.once('connect', resolve));
  // Each write waits for an event loop turn, so that answers are read while sending
  // (as a browser does): otherwise a write error can destroy the socket before node
  // reads the answer that is already there.
  conn.write = (chunk) => new Promise((resolve) => {
    if (conn.closed || socket.destroyed || conn.error) return resolve(false);
    conn.sent += chunk.length;
    socket.write(chunk, (err) => setImmediate(() => resolve(!err && !conn.closed)));
  });
  conn.text = () => conn.received.toString('latin1');
  return conn;
}

function statusOf(text) {
  const m = text.match(/^HTTP\/1\.[01] (\d{3})/);
  return m ? Number(m[1]) : null;
}

function jsonBodyOf(text) {
  const at = text.indexOf('\r\n\r\n');
  return JSON.parse(text.slice(at + 4));
}

test('a 128 MB chunked POST to the webhook: 413 after at most 512 KB read, connection closed early', async (t) => {
  const conn = await bounded(t, async () => {
    const c = rawConnection();
    await c.connected;
    await c.write('POST /v1/stripe/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
                  'Transfer-Encoding: chunked\r\n\r\n');
    const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 'a'), Buffer.from('\r\n')]);
    while (c.sent < 128 * MB && await c.write(chunk)) {}
    return c.done;
  });
  assert.equal(statusOf(conn.text()), 413, conn.text().slice(0, 200));
  assert.equal(jsonBodyOf(conn.text()).error.code, 'payload_too_large');
  assert.ok(conn.closed, 'connection closed');
  assert.ok(conn.sent < 32 * MB, `the client got to send ${(conn.sent / MB).toFixed(1)} MB`);
  t.diagnostic(`the client sent ${(conn.sent / MB).toFixed(1)} MB before the close`);
});

test('a chunked JSON body over 64 KB to the booking API: 413', async (t) => {
  const conn = await bounded(t, async () => {
    const c = rawConnection();
    await c.connected;
    await c.write('POST /v1/merchants/m_e2e/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
                  'Transfer-Encoding: chunked\r\n\r\n');
    const chunk = Buffer.concat([Buffer.from('4000\r\n'), Buffer.alloc(0x4000, ' '), Buffer.from('\r\n')]);
    for (let i = 0; i < 8 && await c.write(chunk); i++) {}  // 128 KB
    await c.write('0\r\n\r\n');
    return c.done;
  });
  assert.equal(statusOf(conn.text()), 413, conn.text().slice(0, 200));
  assert.equal(jsonBodyOf(conn.text()).error.code, 'payload_too_large');
});

test('64 MB of header lines: 431 with the JSON error shape, connection closed', async (t) => {
  const conn = await bounded(t, async () => {
    const c = rawConnection();
    await c.connected;
    await c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const lines = Buffer.from(Array.from({ length: 64 }, (_, i) => `X-Pad-${i}: ${'p'.repeat(1000)}\r\n`).join(''));
    while (c.sent < 64 * MB && await c.write(lines)) {}
    return c.done;
  });
  assert.ok([431, 400].includes(statusOf(conn.text())), conn.text().slice(0, 200));
  const body = jsonBodyOf(conn.text());
  assert.equal(body.error.code, 'header_too_large');
  assert.equal(typeof body.error.field, 'string');
  assert.equal(typeof body.error.message, 'string');
  assert.ok(conn.closed);
  assert.ok(conn.sent < 32 * MB, `the client got to send ${(conn.sent / MB).toFixed(1)} MB`);
  t.diagnostic(`the client sent ${(conn.sent / MB).toFixed(1)} MB before the close`);
});

test('a 59 KB gzip body that inflates to 60 MB: 415, never inflated', async (t) => {
  const bomb = zlib.gzipSync(Buffer.alloc(60 * MB, ' '), { level: 9 });
  assert.ok(bomb.length < 64 * 1024, `bomb is ${bomb.length} bytes`);
  for (const p of ['/v1/merchants/m_e2e/bookings', '/v1/stripe/webhook']) {
    const r = await bounded(t, () => h.api(srv, 'POST', p, {
      raw: bomb, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    }));
    assert.equal(r.status, 415, r.text);
    assert.equal(r.body.error.code, 'unsupported_content_encoding');
    assert.equal(r.body.error.field, 'Content-Encoding');
  }
});

test('1,500 overlapping Ranges on a static file: the file once, 200', async (t) => {
  const file = fs.readFileSync(new URL('../../../examples/script-tag.html', import.meta.url));
  const range = 'bytes=' + Array.from({ length: 1500 }, (_, i) => `${i % 7}-`).join(',');
  const r = await bounded(t, () => new Promise((resolve, reject) => {
    const req = http.get(`${srv.url}/examples/script-tag.html`, { headers: { range }, agent: false }, (res) => {
      let size = 0;
      res.on('data', (d) => { size += d.length; });
      res.on('end', () => resolve({ status: res.statusCode, size, headers: res.headers }));
    });
    req.on('error', reject);
  }));
  assert.equal(r.status, 200);
  assert.equal(r.size, file.length, 'the whole file, once');
  assert.equal(r.headers['accept-ranges'], 'none');
});

test('400 slow connections dripping a header line every 2 s: /healthz answers in < 1 s; the head deadline closes them', async (t) => {
  const slow = [];
  const drips = [];
  const startedAt = Date.now();
  let healthMs = [];
  await bounded(t, async () => {
    for (let i = 0; i < 400; i++) {
      const c = rawConnection({ timeoutMs: 25000 });
      slow.push(c);
      c.connected.then(() => {
        c.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n`);
        drips.push(setInterval(() => c.write(`X-Drip-${Date.now()}: 1\r\n`), 2000));
      });
    }
    await Promise.all(slow.map((c) => c.connected));
    await h.sleep(2500);  // every slow connection is in the middle of its head
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      const status = await new Promise((resolve, reject) => {
        http.get(`${srv.url}/healthz`, { agent: false }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); })
          .on('error', reject);
      });
      healthMs.push(Date.now() - t0);
      assert.equal(status, 200);
      await h.sleep(300);
    }
    assert.ok(slow.every((c) => !c.closed), 'the slow heads are still being read');
    await Promise.all(slow.map((c) => c.done));
    drips.forEach(clearInterval);
  });
  const elapsed = Date.now() - startedAt;
  t.diagnostic(`healthz ${healthMs.join(', ')} ms; all 400 closed after ${elapsed} ms`);
  assert.ok(Math.max(...healthMs) < 1000, `healthz took ${healthMs.join(', ')} ms`);
  assert.ok(slow.every((c) => c.closed), 'every slow connection was closed');
  assert.ok(slow.every((c) => c.received.length === 0), 'closed without an answer');
  assert.ok(elapsed < 16000, `the head deadline took ${elapsed} ms`);
});

test('connection caps: per client address and in all; over a cap 503 or closed, nothing else affected', async () => {
  const capped = await h.startServer(mock, { args: ['--quiet', '--max-client-connections', '8', '--max-connections', '12',
                                                    '--idle-timeout-ms', '400'] });
  const cport = Number(new URL(capped.url).port);
  const open = (localAddress) => {
    const socket = net.connect({ host: '127.0.0.1', port: cport, localAddress });
    const c = { socket, data: '', closed: false };
    socket.on('data', (d) => { c.data += d; });
    c.closedP = new Promise((r) => socket.on('close', () => { c.closed = true; r(); }));
    socket.on('error', () => {});
    c.connected = new Promise((r) => socket.once('connect', r));
    return c;
  };
  const health = (localAddress) => new Promise((resolve) => {
    const req = http.get(`${capped.url}/healthz`, { agent: false, localAddress, timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (e) => resolve({ status: 0, error: e.code }));
    req.on('timeout', () => req.destroy());
  });
  const refused = (r) => r.status === 503 || r.status === 0;
  try {
    const mine = Array.from({ length: 8 }, () => open('127.0.0.1'));
    await Promise.all(mine.map((c) => c.connected));
    await h.sleep(200);
    const over = await health('127.0.0.1');
    assert.ok(refused(over), JSON.stringify(over));
    if (over.status === 503) assert.equal(JSON.parse(over.body).error.code, 'too_many_connections');
    assert.ok(mine.every((c) => !c.closed), 'the held connections are unaffected');
    assert.equal((await health('127.0.0.2')).status, 200, 'another address is served');
    await h.sleep(100);  // that connection's slot is given back once it has closed

    const others = Array.from({ length: 4 }, () => open('127.0.0.2'));
    await Promise.all(others.map((c) => c.connected));
    await h.sleep(200);
    assert.ok(refused(await health('127.0.0.3')), 'the total cap holds');

    mine[0].socket.destroy();
    await mine[0].closedP;
    const again = await h.waitFor(async () => {
      const r = await health('127.0.0.1');
      return r.status === 200 ? r : null;
    }, { timeoutMs: 3000, stepMs: 100 });
    assert.equal(again?.status, 200, 'a freed slot is usable again');
    [...mine, ...others].forEach((c) => c.socket.destroy());

    // Keep-alive: an idle connection is closed after --idle-timeout-ms.
    const ka = open('127.0.0.4');
    await ka.connected;
    ka.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await h.waitFor(() => ka.data.includes('"ok":true'), { timeoutMs: 3000, stepMs: 20 });
    assert.match(ka.data, /^HTTP\/1\.1 200/);
    const t0 = Date.now();
    await Promise.race([ka.closedP, h.sleep(3000)]);
    assert.ok(ka.closed, 'idle keep-alive connection closed');
    assert.ok(Date.now() - t0 < 2000);
  } finally {
    await capped.stop();
  }
});
