// The WASM core in the dashboard: the same module the widget and the server use, loaded
// from beside the dashboard's script (web/dist/), never bundled.
import { loadCore, type Core } from '../core';

let base = '';
/** Remembers where the dashboard's script came from (the core sits beside it). */
export function setAssetsBase(scriptSrc: string) {
  base = new URL('.', scriptSrc).href;
}

export const core = (): Promise<Core> => loadCore(base || new URL('/', location.href).href);

const exponents = new Map<string, number>();
/** The currency's exponent from the core (2 until the core answers). */
export function exponentOf(c: Core | null, currency: string): number {
  const key = currency.toLowerCase();
  const known = exponents.get(key);
  if (known !== undefined) return known;
  if (!c) return 2;
  const r = c.currency({ currency: key });
  const e = 'error' in r ? 2 : r.exponent;
  exponents.set(key, e);
  return e;
}
