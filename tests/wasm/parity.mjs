// Native vs WASM, byte for byte. Every golden vector in tests/vectors (all ops)
// and at least 2,000 seeded random valid quote + availability requests go through
// the native CLI (one --batch process) and through the WASM module under node;
// every response must be the same bytes. Fails when:
//   - any response differs, or the WASM response differs from a vector's golden one
//   - an operation of the contract is missing from either side (unknown_operation),
//     or has no golden vector
//   - fewer random cases than asked were compared, or the generated requests are
//     mostly refused (they are meant to be valid: at least 90% must succeed)
// Usage: node parity.mjs DIST_DIR NATIVE_CLI REPO_ROOT [--random N] [--seed S]
import { join } from 'node:path';
import { listVectors } from '../vectors/list_vectors.mjs';
import { describeDiff, loadCore, nativeBatch, readJson } from './harness.mjs';
import { randomAvailability, randomQuote, rng } from './generate.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const [dist, cli, root] = args;
if (!dist || !cli || !root) {
  console.error('usage: node parity.mjs DIST_DIR NATIVE_CLI REPO_ROOT [--random N] [--seed S]');
  process.exit(2);
}
const randomCount = Number(opt('--random', 2400));
const seed = Number(opt('--seed', 20261201));
const MIN_RANDOM = 2000;
const CONTRACT_OPS = ['currency', 'quote', 'availability', 'validate', 'cancel'];

const failures = [];
const fail = (msg) => { failures.push(msg); if (failures.length <= 20) console.log(`FAIL ${msg}`); };

const core = await loadCore(dist);
console.log(`wasm module ${core.version} from ${dist}; operations: ${core.operations().join(', ')}`);

// The contract's operations exist on both sides.
for (const op of CONTRACT_OPS) {
  if (!core.operations().includes(op)) fail(`wasm: operation '${op}' missing from operations()`);
}

// Golden vectors.
const vectorDir = join(root, 'tests', 'vectors');
const vectors = listVectors(vectorDir).map((file) => {
  const v = readJson(file);
  return { name: file.slice(vectorDir.length + 1), op: v.op, text: JSON.stringify(v.request),
           want: JSON.stringify(v.response) };
});
for (const op of CONTRACT_OPS) {
  if (!vectors.some((v) => v.op === op)) fail(`no golden vector for operation '${op}' in tests/vectors`);
}

// Random cases: quote and availability alternate.
const r = rng(seed);
const demo = readJson(join(root, 'examples', 'demo-catalog.json'));
const randomCases = [];
for (let i = 0; i < randomCount; i++) {
  const { op, request } = i % 2 === 0 ? randomQuote(r, demo) : randomAvailability(r, demo);
  randomCases.push({ name: `random#${i} (seed ${seed})`, op, text: JSON.stringify(request) });
}

const all = [...vectors, ...randomCases];
const native = nativeBatch(cli, all);
const stats = new Map();  // op -> {compared, ok, codes}
let compared = 0, randomCompared = 0;
for (let i = 0; i < all.length; i++) {
  const c = all[i];
  const got = Buffer.from(core.run(c.op, c.text), 'utf8');
  const want = native[i];
  if (!want.equals(got)) {
    fail(`${c.name} [${c.op}]: ${describeDiff(want, got)}`);
    continue;
  }
  compared++;
  if (c.want !== undefined && got.toString('utf8') !== c.want)
    fail(`${c.name}: native and wasm agree but differ from the golden response\n    want ${c.want}\n    got  ${got}`);
  const doc = JSON.parse(got.toString('utf8'));
  if (doc.error?.code === 'unknown_operation') fail(`${c.name}: operation '${c.op}' is unknown to the core`);
  if (c.want === undefined) {
    randomCompared++;
    const s = stats.get(c.op) ?? { compared: 0, ok: 0, codes: new Map() };
    s.compared++;
    const code = doc.error?.code ?? (doc.ok === false ? doc.errors?.[0]?.code : null);
    if (code) s.codes.set(code, (s.codes.get(code) ?? 0) + 1); else s.ok++;
    if (doc.slots?.length > 0) s.withSlots = (s.withSlots ?? 0) + 1;
    stats.set(c.op, s);
  }
}

console.log(`golden vectors: ${vectors.length} (${CONTRACT_OPS.map((op) => `${op} ${vectors.filter((v) => v.op === op).length}`).join(', ')})`);
for (const [op, s] of stats) {
  const codes = [...s.codes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  const slots = s.withSlots !== undefined ? ` (${s.withSlots} with slots)` : '';
  console.log(`random ${op}: ${s.compared} compared, ${s.ok} succeeded${slots}${codes ? `, errors: ${codes}` : ''}`);
  if (op === 'availability' && !((s.withSlots ?? 0) >= 0.5 * s.compared))
    fail(`random availability: only ${s.withSlots ?? 0} of ${s.compared} answers have slots; the generator must make open schedules`);
  if (s.ok < 0.9 * s.compared) fail(`random ${op}: only ${s.ok} of ${s.compared} generated requests succeeded; the generator must make valid requests`);
}
for (const op of ['quote', 'availability']) {
  if (!stats.has(op)) fail(`no random ${op} case was compared`);
}
if (randomCompared < MIN_RANDOM) fail(`only ${randomCompared} random cases compared identical (at least ${MIN_RANDOM} required)`);
console.log(`parity: ${compared} of ${all.length} responses byte-identical (${randomCompared} random, seed ${seed})`);
console.log(`${compared} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
