// Seeded mutations of valid requests: wrong types, extreme numbers, missing and
// unknown members, strings with odd characters. Used to compare native and WASM on
// malformed input for every operation (the golden vectors are the seeds).
import { rng } from './generate.mjs';

const ODD_VALUES = [null, true, false, 0, -1, 1.5, -0.0, 1e300, -1e300, 2 ** 53, -(2 ** 63),
  9223372036854775807n, 18446744073709551616n, '', ' ', 'x'.repeat(300), '\u0000', '\u00e9\u4e2d\ud83d\ude00',
  '2026-02-30', '2026-03-08T02:30:00-05:00', '24:00', '25:61', '-00:00', 'any', [], {}, [[]], [['09:00', '08:00']]];

function paths(value, prefix = [], out = []) {
  out.push(prefix);
  if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

// JSON text of `value` with BigInts written as bare integers (beyond int64 too).
export function toJsonText(value) {
  return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `__BIG__${v}` : v))
    .replace(/"__BIG__(-?\d+)"/g, '$1');
}

export function mutations(request, count, seed) {
  const r = rng(seed);
  const all = paths(request).filter((p) => p.length > 0);
  const out = [];
  for (let i = 0; i < count; i++) {
    const copy = structuredClone(request);
    const edits = r.int(1, 3);
    for (let e = 0; e < edits; e++) {
      const path = r.pick(all);
      let parent = copy;
      for (const k of path.slice(0, -1)) parent = parent?.[k];
      if (parent === null || typeof parent !== 'object') continue;
      const key = path.at(-1);
      const roll = r.next();
      if (roll < 0.2) delete parent[key];
      else if (roll < 0.3) parent[`${key}_typo`] = parent[key];
      else parent[key] = structuredClone(r.pick(ODD_VALUES));
    }
    out.push(toJsonText(copy));
  }
  return out;
}
