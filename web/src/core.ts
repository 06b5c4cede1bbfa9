// The WASM core (wasm/slotpay-core.mjs), loaded from a URL beside the widget: not
// bundled, so the widget stays small and the module is cached on its own. Types are
// the wasm module's own hand-written .d.ts (type-only: erased by esbuild).
import type { Core, LoadOptions } from '../../wasm/slotpay-core';

export type { Core, QuoteResponse, QuoteLine, ValidateResponse, CoreErrorDetail } from '../../wasm/slotpay-core';

const loads = new Map<string, Promise<Core>>();

/** A load already under way for `assetsBase` (started by the loader, in parallel with the widget). */
export function adoptCore(assetsBase: string, started: Promise<Core>): void {
  const url = new URL('slotpay-core.mjs', assetsBase).href;
  if (loads.has(url)) return;
  loads.set(url, started);
  started.catch(() => loads.delete(url));
}

export function loadCore(assetsBase: string): Promise<Core> {
  const url = new URL('slotpay-core.mjs', assetsBase).href;
  let p = loads.get(url);
  if (!p) {
    // A variable specifier keeps esbuild from bundling it: the browser imports the module.
    p = (import(url) as Promise<{ loadSlotpayCore: (o?: LoadOptions) => Promise<Core> }>).then((m) =>
      m.loadSlotpayCore({ wasmUrl: new URL('slotpay-core.wasm', assetsBase).href }),
    );
    loads.set(url, p);
    p.catch(() => loads.delete(url));
  }
  return p;
}
