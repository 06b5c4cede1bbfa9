// The same quote and availability workloads natively (slotpay-core --batch) and in
// WASM under node (the release module), as calls/s and the WASM/native time ratio.
// Prints figures and asserts nothing (machines are noisy); the target is WASM
// within 3x of native. Both sides run the same request texts; the WASM side
// includes the JS<->WASM string copies, as every real caller pays them.
// Usage: node wasm/bench.mjs [--dist build/wasm/wasm/dist] [--cli build/native/tools/slotpay-core]
//                            [--seconds 1] [--requests 200]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const dist = resolve(opt('--dist', join(root, 'build/wasm/wasm/dist')));
const cli = resolve(opt('--cli', join(root, 'build/native/tools/slotpay-core')));
const seconds = Number(opt('--seconds', 1));
const count = Number(opt('--requests', 200));

const { rng, randomQuote, randomAvailability } = await import(pathToFileURL(join(root, 'tests/wasm/generate.mjs')).href);
const { loadSlotpayCore } = await import(pathToFileURL(join(dist, 'slotpay-core.mjs')).href);
const core = await loadSlotpayCore({ wasmBinary: readFileSync(join(dist, 'slotpay-core.wasm')) });
const demo = JSON.parse(readFileSync(join(root, 'examples/demo-catalog.json'), 'utf8'));

function nativeRun(cases, repeat) {
  const input = cases.map((c) => `${c.op}\t${c.text}\n`).join('');
  const r = spawnSync(cli, ['--batch', '--repeat', String(repeat)], { input, maxBuffer: 1 << 30, encoding: 'utf8',
                        env: { ...process.env, SLOTPAY_BATCH_TIMING: '1' } });
  const m = r.stderr.match(/batch: (\d+) calls in ([\d.]+) s/);
  if (r.status !== 0 || !m) throw new Error(`${cli} --batch failed: ${r.stderr}`);
  return { calls: Number(m[1]), secs: Number(m[2]), out: r.stdout };
}

function wasmRun(cases, repeat) {
  const t0 = performance.now();
  let bytes = 0;
  for (let k = 0; k < repeat; k++) for (const c of cases) bytes += core.run(c.op, c.text).length;
  return { calls: repeat * cases.length, secs: (performance.now() - t0) / 1000, bytes };
}

function workload(name, make) {
  const r = rng(4242);
  const cases = Array.from({ length: count }, () => {
    const { op, request } = make(r, demo);
    return { op, text: JSON.stringify(request) };
  });
  // Same answers on both sides (the parity test proves it at scale; this keeps the
  // benchmark honest about doing the same work).
  const first = nativeRun(cases, 1);
  const wasmOut = cases.map((c) => core.run(c.op, c.text) + '\n').join('');
  if (wasmOut !== first.out) throw new Error(`${name}: native and wasm answers differ`);
  const okShare = wasmOut.split('\n').filter((l) => l && !l.startsWith('{"error"')).length / cases.length;
  // Size the repeat count to about `seconds` natively, then run both for real.
  const repeat = Math.max(1, Math.round(seconds / Math.max(first.secs, 1e-6)));
  wasmRun(cases, Math.max(1, Math.ceil(repeat / 10)));  // JIT warm-up
  const n = nativeRun(cases, repeat);
  const w = wasmRun(cases, repeat);
  const nRate = n.calls / n.secs, wRate = w.calls / w.secs;
  const avgBytes = Math.round(cases.reduce((s, c) => s + c.text.length, 0) / cases.length);
  console.log(`${name.padEnd(13)} native ${nRate.toFixed(0).padStart(8)} calls/s  wasm ${wRate.toFixed(0).padStart(8)} calls/s` +
              `  wasm/native time ${(nRate / wRate).toFixed(2)}x  (${cases.length} requests x ${repeat}, ~${avgBytes} B each, ${(100 * okShare).toFixed(0)}% ok)`);
  return nRate / wRate;
}

console.log(`slotpay-core ${core.version}: native ${cli}\n                    wasm   ${dist}`);
const ratios = [workload('quote', randomQuote), workload('availability', randomAvailability)];
const worst = Math.max(...ratios);
console.log(`worst ratio ${worst.toFixed(2)}x: ${worst <= 3 ? 'within' : 'NOT within'} the 3x target`);
