// The WASM core (wasm/slotpay-core.mjs), loaded from a URL beside the widget: not
// bundled, so the widget stays small and the module is cached on its own. Types are
// the wasm module's own hand-written .d.ts (type-only: erased by esbuild). The file
// names are the build's content-hashed ones (assets.d.ts).
import type { Core, LoadOptions } from '../../wasm/slotpay-core';

export type { Core, QuoteResponse, QuoteLine, ValidateResponse, CoreErrorDetail } from '../../wasm/slotpay-core';

const loads = new Map<string, Promise<Core>>();

export function loadCore(assetsBase: string): Promise<Core> {
  const url = new URL(typeof __SLOTPAY_CORE_MJS__ == 'string' ? __SLOTPAY_CORE_MJS__ : 'slotpay-core.mjs', assetsBase).href;
  let p = loads.get(url);
  if (!p) {
    // A variable specifier keeps esbuild from bundling it: the browser imports the module.
    p = (import(url) as Promise<{ loadSlotpayCore: (o?: LoadOptions) => Promise<Core> }>)
      .then((m) => m.loadSlotpayCore({ wasmUrl: new URL(typeof __SLOTPAY_CORE_WASM__ == 'string' ? __SLOTPAY_CORE_WASM__ : 'slotpay-core.wasm', assetsBase).href }));
    loads.set(url, p);
    p.catch(() => loads.delete(url));
  }
  return p;
}
