// The WASM core (wasm/slotpay-core.mjs), loaded from a URL beside the widget: not
// bundled, so the widget stays small and the module is cached on its own. Types are
// the wasm module's own hand-written .d.ts (type-only: erased by esbuild).
import type { Core, LoadOptions } from '../../wasm/slotpay-core';

export type { Core, QuoteResponse, QuoteLine, ValidateResponse, CoreErrorDetail } from '../../wasm/slotpay-core';

const loads = new Map<string, Promise<Core>>();

// The build's file names (content-hashed: assets.d.ts), plain ones in a bare build.
const coreUrl = (assetsBase: string) =>
  new URL(typeof __SLOTPAY_CORE_MJS__ == 'string' ? __SLOTPAY_CORE_MJS__ : 'slotpay-core.mjs', assetsBase).href;
const wasmUrl = (assetsBase: string) =>
  new URL(typeof __SLOTPAY_CORE_WASM__ == 'string' ? __SLOTPAY_CORE_WASM__ : 'slotpay-core.wasm', assetsBase).href;

/** A load already under way for `assetsBase` (started by the loader, in parallel with the widget). */
export function adoptCore(assetsBase: string, started: Promise<Core>): void {
  const url = coreUrl(assetsBase);
  if (loads.has(url)) return;
  loads.set(url, started);
  started.catch(() => loads.delete(url));
}

export function loadCore(assetsBase: string): Promise<Core> {
  const url = coreUrl(assetsBase);
  let p = loads.get(url);
  if (!p) {
    // A variable specifier keeps esbuild from bundling it: the browser imports the module.
    p = (import(url) as Promise<{ loadSlotpayCore: (o?: LoadOptions) => Promise<Core> }>).then((m) =>
      m.loadSlotpayCore({ wasmUrl: wasmUrl(assetsBase) }),
    );
    loads.set(url, p);
    p.catch(() => loads.delete(url));
  }
  return p;
}
