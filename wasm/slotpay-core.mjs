// slotpay-core.mjs: the Slotpay core (C++, compiled to WebAssembly) as an ES module.
//
//   import { loadSlotpayCore } from './slotpay-core.mjs';
//   const core = await loadSlotpayCore({ wasmUrl: '/static/slotpay-core.wasm' });
//   const q = core.quote({ catalog, booking });   // {...quote} | {error: {...}}
//
// The module answers exactly what the native core answers (byte for byte: see
// tests/wasm/parity.mjs). This file only loads it and converts between JSON text
// and objects; it makes no decision of its own. Types: slotpay-core.d.ts.
import createSlotpayCoreModule from './slotpay-core-glue.mjs';

const OPS = ['currency', 'quote', 'availability', 'validate', 'cancel'];

// One memoised load per wasm URL: every caller shares it, and a failed load is
// forgotten so that the next call tries again.
const loads = new Map();

/**
 * Loads the module. Options:
 *   wasmUrl    where to fetch slotpay-core.wasm (string or URL); default: beside
 *              this file (new URL('./slotpay-core.wasm', import.meta.url))
 *   wasmBinary the module's bytes (ArrayBuffer or a typed array); when given,
 *              nothing is fetched (node; pages that fetched the bytes themselves)
 * Resolves to a Core; rejects (an Error) only when the module cannot be loaded.
 */
export function loadSlotpayCore(options = {}) {
  const { wasmBinary } = options;
  if (wasmBinary !== undefined) {
    try {
      return instantiate(undefined, toArrayBuffer(wasmBinary));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  const url = String(options.wasmUrl ?? new URL('./slotpay-core.wasm', import.meta.url));
  let load = loads.get(url);
  if (load === undefined) {
    load = instantiate(url, undefined);
    loads.set(url, load);
    load.catch(() => loads.delete(url));
  }
  return load;
}

function toArrayBuffer(bytes) {
  if (bytes instanceof ArrayBuffer) return bytes;
  if (ArrayBuffer.isView(bytes))
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  throw new TypeError('wasmBinary must be an ArrayBuffer or a typed array');
}

async function instantiate(url, wasmBinary) {
  let abortReason = null;
  const moduleArgs = {
    // The core never prints; anything printed is a runtime message worth seeing.
    print: (text) => console.log(`slotpay-core: ${text}`),
    printErr: (text) => console.warn(`slotpay-core: ${text}`),
    onAbort: (what) => { abortReason = String(what); },
  };
  if (wasmBinary !== undefined) moduleArgs.wasmBinary = wasmBinary;
  else moduleArgs.locateFile = (path) => (path.endsWith('.wasm') ? url : path);
  let mod;
  try {
    mod = await createSlotpayCoreModule(moduleArgs);
  } catch (e) {
    // Emscripten rejects with the abort reason (a string or a RuntimeError).
    throw new Error(`slotpay-core: could not load the WebAssembly module` +
                    `${url ? ` from ${url}` : ''}: ${e?.message ?? e}`);
  }
  return makeCore(mod, () => abortReason);
}

// A trap inside the module is a core bug, never a domain error: the instance is
// unusable afterwards. Callers still get an error document rather than an
// exception, and every later call gets it too.
function internalError(message) {
  return JSON.stringify({ error: { code: 'internal_error', field: '', message } });
}

// Requests cross into the module as UTF-8 bytes: TextEncoder is native and many
// times faster than the glue's per-character JS encoder (measured: 1.5 KB quote
// request, 77 us -> 2 us). Lone surrogates become U+FFFD, as in node's Buffer.
const encoder = new TextEncoder();

function makeCore(mod, abortReason) {
  let dead = null;
  const run = (op, request) => {
    if (dead !== null) return dead;
    try {
      const bytes = request instanceof Uint8Array ? request : encoder.encode(String(request));
      return mod.run(String(op), bytes);
    } catch (e) {
      dead = internalError(`slotpay-core stopped: ${abortReason() ?? e?.message ?? e}`);
      console.error(`slotpay-core: the module trapped running '${op}': ${e?.stack ?? e}`);
      return dead;
    }
  };
  const call = (op) => (request) => {
    let text;
    try {
      text = JSON.stringify(request) ?? '';
    } catch (e) {
      // Cyclic structures and BigInts cannot be sent; the core's own code for it.
      return { error: { code: 'invalid_json', field: '',
                        message: `request cannot be serialised as JSON: ${e.message}` } };
    }
    return JSON.parse(run(op, text));
  };
  const core = {
    run,
    operations: () => mod.operations(),
    version: mod.version(),
  };
  for (const op of OPS) core[op] = call(op);
  return Object.freeze(core);
}
