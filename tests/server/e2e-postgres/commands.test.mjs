// `slotpay-server migrate` and `slotpay-server check-db`: one JSON line each; check-db
// exits 0 for a reachable, current database, 1 for a schema behind this build, 2 for
// a database it cannot reach (its password never printed).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import * as h from '../e2e/harness.mjs';
import * as pg from './pg.mjs';

function run(...args) {
  const r = spawnSync(h.SERVER_BIN, args, { encoding: 'utf8', timeout: 30000, env: { ...process.env, SLOTPAY_DATABASE_URL: '' } });
  return { code: r.status, out: JSON.parse(r.stdout.trim()), raw: r.stdout + r.stderr };
}

test('migrate and check-db on PostgreSQL and SQLite', () => {
  const db = pg.freshDatabase();
  const before = run('check-db', '--db', db.url);
  assert.equal(before.code, 1, before.raw);
  assert.equal(before.out.schema_version, 0);
  assert.equal(before.out.store, 'postgresql');
  const migrated = run('migrate', '--db', db.url);
  assert.equal(migrated.code, 0, migrated.raw);
  assert.equal(migrated.out.schema_version, migrated.out.latest_version);
  const again = run('migrate', '--db', db.url);  // nothing left to do
  assert.equal(again.code, 0, again.raw);
  const ok = run('check-db', '--db', db.url);
  assert.equal(ok.code, 0, ok.raw);
  assert.equal(ok.out.ok, true);
  const versions = pg.sql('SELECT COUNT(*) FROM schema_migrations', db.name);
  assert.equal(Number(versions[0][0]), ok.out.latest_version);

  const away = run('check-db', '--db', 'postgresql://slotpay:s3cret@127.0.0.1:1/none');
  assert.equal(away.code, 2, away.raw);
  assert.equal(away.out.ok, false);
  assert.ok(!away.raw.includes('s3cret'), away.raw);

  const file = h.tempDb();
  const missing = run('check-db', '--db', file);
  assert.equal(missing.code, 2, missing.raw);
  assert.ok(!fs.existsSync(file), 'check-db does not create the file');
  assert.equal(run('migrate', '--db', file).code, 0);
  const sqlite = run('check-db', '--db', file);
  assert.equal(sqlite.code, 0, sqlite.raw);
  assert.equal(sqlite.out.store, 'sqlite');
});
