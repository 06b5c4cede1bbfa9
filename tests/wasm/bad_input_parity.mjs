// The bad-input corpus (tests/bad_input: hand-written files + generated mutations)
// through the native CLI and through the WASM module: the WASM answer must be the
// native answer byte for byte, an error document, and never a trap. Every input is
// given to both as the same bytes (a Uint8Array to the module, stdin to the CLI).
// Then seeded mutations of every golden vector (all five operations: wrong types,
// extreme numbers, odd strings, missing and misspelt members), compared through
// one native --batch process. After all that the module must still answer a valid
// request correctly.
// Usage: node bad_input_parity.mjs DIST_DIR NATIVE_CLI REPO_ROOT
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedCases } from '../bad_input/cases.mjs';
import { describeDiff, loadCore, nativeBatch, nativeOne, readJson } from './harness.mjs';
import { mutations } from './mutate.mjs';
import { listVectors } from '../vectors/list_vectors.mjs';

const MUTATIONS_PER_VECTOR = 30;

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

// Mutated golden vectors.
const mutated = [];
for (const file of listVectors(join(root, 'tests', 'vectors'))) {
  const v = readJson(file);
  const seed = [...file.slice(root.length)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  for (const text of mutations(v.request, MUTATIONS_PER_VECTOR, seed))
    mutated.push({ name: `mutated ${file.slice(root.length + 1)}`, op: v.op, text });
}
const mutatedNative = nativeBatch(cli, mutated);
const mutatedOps = new Set();
for (let i = 0; i < mutated.length; i++) {
  const got = Buffer.from(core.run(mutated[i].op, mutated[i].text), 'utf8');
  if (!mutatedNative[i].equals(got)) fail(mutated[i].name, `${describeDiff(mutatedNative[i], got)}\n    input ${mutated[i].text.slice(0, 300)}`);
  else { passed++; mutatedOps.add(mutated[i].op); }
}
for (const op of ['currency', 'quote', 'availability', 'validate', 'cancel'])
  if (!mutatedOps.has(op)) fail(`mutations of ${op}`, 'no mutated request of this operation was compared');

// The string path of the wrapper gives the same answer as the bytes path for text
// input, and the module is alive and right after the whole corpus.
const contract = JSON.parse(readFileSync(join(root, 'tests', 'vectors', 'quote', 'contract-example.json'), 'utf8'));
const afterwards = core.run('quote', JSON.stringify(contract.request));
if (afterwards === JSON.stringify(contract.response)) passed++;
else fail('after-corpus', `the module no longer answers the contract example: ${afterwards.slice(0, 200)}`);
const viaString = core.run('quote', '{"catalog": 1');
const viaBytes = core.run('quote', new TextEncoder().encode('{"catalog": 1'));
if (viaString === viaBytes) passed++; else fail('string-vs-bytes', `${viaString} != ${viaBytes}`);

console.log(`bad input through wasm: ${cases.length} corpus cases, ${mutated.length} mutated vectors (${[...mutatedOps].join(', ')})`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed >= 100 ? 0 : 1);
