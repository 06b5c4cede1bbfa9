// Shared by the WASM tests: load a built module under node, run the native CLI.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Loads dist/slotpay-core.mjs (release or debug) with the .wasm bytes beside it.
// The debug glue asserts that it runs in a browser (it is built for
// ENVIRONMENT=web, like the release one); under node that check needs `window`.
export async function loadCore(distDir) {
  if (/debug/.test(distDir) && typeof globalThis.window === 'undefined') globalThis.window = globalThis;
  const { loadSlotpayCore } = await import(pathToFileURL(join(distDir, 'slotpay-core.mjs')).href);
  return loadSlotpayCore({ wasmBinary: readFileSync(join(distDir, 'slotpay-core.wasm')) });
}

// Runs many requests through one native CLI process (`--batch`): returns one
// Buffer (the response bytes, without the newline) per request.
export function nativeBatch(cli, cases) {
  const input = cases.map((c) => {
    if (c.op.includes('\t') || c.op.includes('\n') || c.text.includes('\n'))
      throw new Error(`case cannot go through --batch: ${c.op}`);
    return `${c.op}\t${c.text}\n`;
  }).join('');
  const r = spawnSync(cli, ['--batch'], { input, maxBuffer: 1 << 30 });
  if (r.status !== 0 || r.signal) throw new Error(`${cli} --batch failed (${r.status ?? r.signal}): ${r.stderr}`);
  const out = r.stdout;
  const lines = [];
  let start = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === 0x0a) { lines.push(out.subarray(start, i)); start = i + 1; }
  }
  if (lines.length !== cases.length || start !== out.length)
    throw new Error(`${cli} --batch answered ${lines.length} lines for ${cases.length} requests`);
  return lines;
}

// One request through its own native CLI process, as the CLI tests run it.
export function nativeOne(cli, op, input) {
  const r = spawnSync(cli, [op], { input, timeout: 20000, maxBuffer: 1 << 26 });
  if (r.signal || r.error) return { problem: `native killed by ${r.signal ?? r.error.code}` };
  if (r.status !== 0 && r.status !== 2) return { problem: `native exit ${r.status}` };
  const out = r.stdout;
  if (out.length === 0 || out[out.length - 1] !== 0x0a) return { problem: 'native output not newline-terminated' };
  return { body: out.subarray(0, out.length - 1), status: r.status };
}

// First differing byte, for failure messages.
export function describeDiff(want, got) {
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  const ctx = (b) => JSON.stringify(b.subarray(Math.max(0, i - 40), i + 40).toString('utf8'));
  return `differs at byte ${i} (native ${want.length} bytes, wasm ${got.length} bytes)\n` +
         `    native ...${ctx(want)}...\n    wasm   ...${ctx(got)}...`;
}

export function readJson(file) { return JSON.parse(readFileSync(file, 'utf8')); }
