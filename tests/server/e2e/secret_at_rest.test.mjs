// Issue #9 item 7: the PaymentIntent's client_secret is not stored in plaintext. The
// database holds it sealed (AES-256-GCM, key derived from the Stripe secret key); the
// token holder still gets it while the booking awaits payment (create and status).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, srv;

before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--quiet'] });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

const dbBytes = () =>
  Buffer.concat(['', '-wal'].filter((s) => fs.existsSync(srv.db + s)).map((s) => fs.readFileSync(srv.db + s)));

test('the database holds the client secret sealed; the token holder still gets it', async () => {
  const created = await h.book(srv, 'cut', h.slotStart(23, '10:00'));
  assert.equal(created.status, 201, created.text);
  const secret = created.body.booking.payment.client_secret;
  assert.match(secret, /^pi_.*_secret_/);
  const status = await h.bookingStatus(srv, created.body);
  assert.equal(status.payment.client_secret, secret, 'opened for the token holder');

  const stored = execFileSync('sqlite3', [srv.db, `SELECT client_secret FROM bookings WHERE id = '${created.body.booking.id}'`], {
    encoding: 'utf8',
  }).trim();
  assert.match(stored, /^sb1\.[0-9a-f]+$/, stored);
  assert.ok(!stored.includes('secret'));
  // Nowhere in the file or its write-ahead log.
  assert.equal(dbBytes().includes(Buffer.from(secret)), false, 'the plaintext is not on disk');
  assert.equal(dbBytes().includes(Buffer.from(secret.split('_secret_')[1])), false);
});

test('a restart with the same Stripe key still opens it', async () => {
  const created = await h.book(srv, 'cut', h.slotStart(23, '11:00'));
  assert.equal(created.status, 201, created.text);
  await srv.stop();
  srv = await h.startServer(mock, { db: srv.db, args: ['--quiet'] });
  const status = await h.bookingStatus(srv, created.body);
  assert.equal(status.status, 'awaiting_payment');
  assert.equal(status.payment.client_secret, created.body.booking.payment.client_secret);
});
