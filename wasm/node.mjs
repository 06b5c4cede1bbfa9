// Node helper: loads the module from the .wasm file beside this one (node's fetch
// cannot read file: URLs, so the bytes are passed as wasmBinary). Kept apart from
// slotpay-core.mjs so that the browser wrapper imports nothing from node.
//
//   import { loadSlotpayCoreFromFile } from './node.mjs';
//   const core = await loadSlotpayCoreFromFile();          // ./slotpay-core.wasm
import { readFile } from 'node:fs/promises';
import { loadSlotpayCore } from './slotpay-core.mjs';

export async function loadSlotpayCoreFromFile(path = new URL('./slotpay-core.wasm', import.meta.url)) {
  return loadSlotpayCore({ wasmBinary: await readFile(path) });
}
