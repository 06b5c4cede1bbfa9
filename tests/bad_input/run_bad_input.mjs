// The bad-input corpus through the native CLI. Every case must end with exit 0
// or 2 (never a signal, an abort or a hang) and print one JSON error document;
// where the case names the field at fault, the error must name it too.
// Cases: hand-written files in corpus/ plus mutations generated here from a
// valid request (truncations, wrong types, extreme numbers, huge and deep input).
// Usage: node run_bad_input.mjs path/to/slotpay-core tests/bad_input
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedCases } from './cases.mjs';

const [cli, dir] = process.argv.slice(2);
const cases = [];
for (const f of readdirSync(join(dir, 'corpus')).sort()) {
  if (!f.endsWith('.json')) continue;
  const c = JSON.parse(readFileSync(join(dir, 'corpus', f), 'utf8'));
  cases.push({ name: f, op: c.op, input: c.raw ?? JSON.stringify(c.request), field: c.field, code: c.code });
}
cases.push(...generatedCases(readFileSync(join(dir, '..', '..', 'examples', 'demo-catalog.json'), 'utf8')));

let passed = 0, failed = 0;
for (const c of cases) {
  const r = spawnSync(cli, [c.op], { input: c.input, encoding: 'utf8', timeout: 20000, maxBuffer: 1 << 26 });
  let problem = null;
  let doc = null;
  if (r.signal || r.error) problem = `killed by ${r.signal || r.error.code}`;
  else if (r.status !== 0 && r.status !== 2) problem = `exit ${r.status}`;
  else {
    try { doc = JSON.parse(r.stdout); } catch { problem = 'output is not JSON'; }
  }
  if (!problem) {
    const err = doc.error ?? (doc.ok === false ? doc.errors?.[0] : null);
    const all = doc.error ? [doc.error] : (doc.errors ?? []);
    if (!err || typeof err.code !== 'string' || typeof err.message !== 'string' || typeof err.field !== 'string')
      problem = `no error document: ${r.stdout.slice(0, 200)}`;
    else if (c.code && !all.some((e) => e.code === c.code)) problem = `code ${err.code}, want ${c.code}`;
    else if (c.field !== undefined && !all.some((e) => e.field === c.field || e.field.startsWith(c.field + '[')))
      problem = `field ${err.field}, want ${c.field}`;
  }
  if (problem) { failed++; console.log(`FAIL ${c.name}: ${problem}`); } else passed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed >= 100 ? 0 : 1);
