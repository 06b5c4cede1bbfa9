// The bad-input corpus (tests/bad_input: hand-written files + generated mutations)
// through the native CLI and through the WASM module: the WASM answer must be the
// native answer byte for byte, an error document, and never a trap. Every input is
// given to both as the same bytes (a Uint8Array to the module, stdin to the CLI).
// After the corpus the module must still answer a valid request correctly.
// Usage: node bad_input_parity.mjs DIST_DIR NATIVE_CLI REPO_ROOT
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedCases } from '../bad_input/cases.mjs';
import { describeDiff, loadCore, nativeOne } from './harness.mjs';

const [dist, cli, root] = process.argv.slice(2);
if (!dist || !cli || !root) {
  console.error('usage: node bad_input_parity.mjs DIST_DIR NATIVE_CLI REPO_ROOT');
  process.exit(2);
}
const badDir = join(root, 'tests', 'bad_input');
const cases = [];
for (const f of readdirSync(join(badDir, 'corpus')).sort()) {
  if (!f.endsWith('.json')) continue;
  const c = JSON.parse(readFileSync(join(badDir, 'corpus', f), 'utf8'));
  cases.push({ name: f, op: c.op, input: c.raw ?? JSON.stringify(c.request) });
}
const demoText = readFileSync(join(root, 'examples', 'demo-catalog.json'), 'utf8');
cases.push(...generatedCases(demoText));

const core = await loadCore(dist);
let passed = 0, failed = 0;
const fail = (name, msg) => { failed++; console.log(`FAIL ${name}: ${msg}`); };
for (const c of cases) {
  const bytes = Buffer.isBuffer(c.input) ? c.input : Buffer.from(c.input, 'utf8');
  const native = nativeOne(cli, c.op, bytes);
  if (native.problem) { fail(c.name, native.problem); continue; }
  const text = core.run(c.op, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  const got = Buffer.from(text, 'utf8');
  if (!native.body.equals(got)) { fail(c.name, describeDiff(native.body, got)); continue; }
  let doc;
  try { doc = JSON.parse(text); } catch { fail(c.name, 'not JSON'); continue; }
  if (!doc.error && doc.ok !== false) { fail(c.name, `not an error document: ${text.slice(0, 200)}`); continue; }
  passed++;
}

// The string path of the wrapper gives the same answer as the bytes path for text
// input, and the module is alive and right after the whole corpus.
const contract = JSON.parse(readFileSync(join(root, 'tests', 'vectors', 'quote', 'contract-example.json'), 'utf8'));
const afterwards = core.run('quote', JSON.stringify(contract.request));
if (afterwards === JSON.stringify(contract.response)) passed++;
else fail('after-corpus', `the module no longer answers the contract example: ${afterwards.slice(0, 200)}`);
const viaString = core.run('quote', '{"catalog": 1');
const viaBytes = core.run('quote', new TextEncoder().encode('{"catalog": 1'));
if (viaString === viaBytes) passed++; else fail('string-vs-bytes', `${viaString} != ${viaBytes}`);

console.log(`bad input through wasm: ${cases.length} cases`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed >= 100 ? 0 : 1);
