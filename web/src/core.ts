// The WASM core (wasm/slotpay-core.mjs), loaded from a URL beside the widget: not
// bundled, so the widget stays small and the module is cached on its own.

export interface CoreError { error: { code: string; field: string; message: string } }
export interface Core {
  currency(req: { currency: string }): { exponent: number } & Partial<CoreError>;
  quote(req: object): Record<string, any>;
  validate(req: object): Record<string, any>;
}

const loads = new Map<string, Promise<Core>>();

export function loadCore(assetsBase: string): Promise<Core> {
  const url = new URL('slotpay-core.mjs', assetsBase).href;
  let p = loads.get(url);
  if (!p) {
    // A variable specifier keeps esbuild from bundling it: the browser imports the module.
    p = (import(/* @vite-ignore */ url) as Promise<{ loadSlotpayCore: (o?: object) => Promise<Core> }>)
      .then((m) => m.loadSlotpayCore({ wasmUrl: new URL('slotpay-core.wasm', assetsBase).href }));
    loads.set(url, p);
    p.catch(() => loads.delete(url));
  }
  return p;
}
