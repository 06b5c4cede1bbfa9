// The command line: the ready line, seeding, state file, SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { call, control, webhookReceiver } from './helpers.mjs';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server.mjs');

function start(args) {
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const ready = new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ready line; stderr: ${err}`)), 5000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^stripe-mock listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ url: m[1], port: Number(m[2]) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`exited ${code}: ${err}`));
    });
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })));
  return { child, ready, exited, output: () => out };
}

test('CLI: ready line, seeded account, webhook flags, SIGTERM exits 0 with a single stdout line', async () => {
  const rx = await webhookReceiver();
  const p = start(['--port', '0', '--host', '127.0.0.1', '--seed-account', 'acct_demoSalon1:express:onboarded', '--webhook-url', rx.url, '--webhook-secret', 'whsec_cli', '--secret-key', 'sk_test_cli']);
  try {
    const { url } = await p.ready;
    const acct = await call(url, 'GET', '/v1/accounts/acct_demoSalon1', { key: 'sk_test_cli' });
    assert.equal(acct.status, 200);
    assert.equal(acct.body.type, 'express');
    assert.equal(acct.body.charges_enabled, true);
    assert.equal((await call(url, 'GET', '/v1/accounts/acct_demoSalon1', { key: 'sk_test_other' })).status, 401);
    await call(url, 'POST', '/v1/payment_intents', { key: 'sk_test_cli', account: 'acct_demoSalon1', params: { amount: 1000, currency: 'usd' } });
    await control(url, 'POST', '/_mock/webhooks/flush', {});
    assert.equal(rx.received.length, 1);
  } finally {
    p.child.kill('SIGTERM');
    const { code, out } = await p.exited;
    await rx.close();
    assert.equal(code, 0);
    assert.equal(out.split('\n').filter(Boolean).length, 1);
  }
});

test('CLI: --state-file keeps objects across restarts', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stripe-mock-'));
  const file = path.join(dir, 'state.json');
  try {
    const a = start(['--port', '0', '--state-file', file]);
    const { url } = await a.ready;
    const acct = await control(url, 'POST', '/_mock/accounts', { type: 'standard', onboarded: true });
    const pi = (await call(url, 'POST', '/v1/payment_intents', { account: acct.id, idem: 'persist-1', params: { amount: 1000, currency: 'usd' } })).body;
    a.child.kill('SIGTERM');
    await a.exited;
    assert.ok(existsSync(file));
    const b = start(['--port', '0', '--state-file', file]);
    const { url: url2 } = await b.ready;
    try {
      const got = await call(url2, 'GET', `/v1/payment_intents/${pi.id}`, { account: acct.id });
      assert.equal(got.status, 200);
      const replay = await call(url2, 'POST', '/v1/payment_intents', { account: acct.id, idem: 'persist-1', params: { amount: 1000, currency: 'usd' } });
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.body.id, pi.id);
    } finally {
      b.child.kill('SIGTERM');
      await b.exited;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('spawnStripeMock helper', async () => {
  const { spawnStripeMock } = await import('./spawn.mjs');
  const mock = await spawnStripeMock(['--seed-account', 'acct_spawned1']);
  try {
    const r = await call(mock.url, 'GET', '/v1/accounts/acct_spawned1');
    assert.equal(r.status, 200);
    assert.equal(r.body.charges_enabled, false);
  } finally {
    const { code } = await mock.stop();
    assert.equal(code, 0);
  }
  await assert.rejects(spawnStripeMock(['--nope']), /exited \(2\)/);
});

test('CLI: bad arguments exit 2', async () => {
  const p = start(['--bogus']);
  p.ready.catch(() => {});
  const { code, err } = await p.exited;
  assert.equal(code, 2);
  assert.match(err, /unknown argument/);
});
