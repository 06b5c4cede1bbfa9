// PostgreSQL end-to-end helpers: the throwaway cluster that
// tools/scripts/test.d/60-postgres.sh started (PG_DIR, PG_PORT, PG_URL, PG_BIN in the
// environment), a fresh database per test, psql, a cluster restart, and slotpay-server
// instances on one database (the e2e harness's server, with --db set to its URL).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import crypto from 'node:crypto';
import assert from 'node:assert/strict';
import * as h from '../e2e/harness.mjs';

const { PG_DIR, PG_PORT, PG_URL } = process.env;
const PG_BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';
assert.ok(PG_DIR && PG_PORT && PG_URL,
  'PG_DIR, PG_PORT and PG_URL are not set: run tools/scripts/test.d/60-postgres.sh (it starts the cluster)');

// Runs SQL as the superuser on `db` (default: the script's database); rows as arrays
// of strings (tab-separated psql output).
export function sql(query, db = 'slotpay') {
  const out = execFileSync(`${PG_BIN}/psql`, ['-h', PG_DIR, '-p', PG_PORT, '-U', 'postgres', '-X', '-qAt',
                                              '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query, db],
                           { encoding: 'utf8', timeout: 30000 });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

// A new empty database on the cluster; its URL and name.
export function freshDatabase() {
  const name = 'e2e_' + crypto.randomBytes(6).toString('hex');
  sql(`CREATE DATABASE ${name}`, 'postgres');
  return { name, url: PG_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`) };
}

// Asynchronous: the Stripe mock runs in this process, and a pg_ctl that blocked the
// event loop for seconds would time out the servers' Stripe calls (503
// stripe_unavailable in a test about the database).
async function pgCtl(...args) {
  const cmd = [`${PG_BIN}/pg_ctl`, '-D', `${PG_DIR}/data`, ...args];
  const [file, argv] = process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', ...cmd]] : [cmd[0], cmd.slice(1)];
  await promisify(execFile)(file, argv, { timeout: 60000 });
}

// Stops the cluster (fast: open connections are closed), keeps it down for downMs,
// starts it again on the same port and data.
export async function restartCluster(downMs = 1000) {
  await pgCtl('-m', 'fast', '-w', '-t', '30', 'stop');
  await h.sleep(downMs);
  await pgCtl('-l', `${PG_DIR}/log`, '-w', '-t', '30', 'start');
}

// slotpay-server on `db.url`, named `instance` in work claims.
export async function startInstance(mock, db, instance, args = [], env = {}) {
  const srv = await h.startServer(mock, {
    db: db.url,
    // A 15 s Stripe deadline, not the harness's 1.5 s: the Stripe stand-in shares this
    // process's event loop with up to 120 concurrent test clients, and on a loaded CI
    // machine one of its answers took longer than 1.5 s three times in 10,000 (503
    // stripe_unavailable). These tests are about the database, not Stripe's latency.
    args: ['--instance-id', instance, '--booking-rate', '0', '--quiet', '--stripe-timeout-ms', '15000', ...args],
    env,
  });
  srv.instance = instance;
  return srv;
}

// Runs `fn(i)` for i in [0, n) with at most `concurrency` calls in flight.
export async function pool(n, concurrency, fn) {
  const results = new Array(n);
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      results[i] = await fn(i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, worker));
  return results;
}

// The answer of a request, or {status: 0, error} when the connection failed.
export async function attempt(fn) {
  try {
    return await fn();
  } catch (e) {
    return { status: 0, error: String(e && (e.cause?.code || e.message)) };
  }
}
