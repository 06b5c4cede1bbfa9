// Form decoding the way Stripe's API reads application/x-www-form-urlencoded bodies and
// query strings: nested keys `a[b][c]=v`, arrays `a[]=v` (curl style) and `a[0]=v`
// (stripe-node style, indexed like qs). Values stay strings; the OpenAPI validator coerces.

function decodeComponent(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw Object.assign(new Error(`Invalid URL encoding: ${s}`), { formError: true });
  }
}

// "a[b][]" -> ["a", "b", ""]
function splitKey(key) {
  const first = key.indexOf('[');
  if (first <= 0) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  re.lastIndex = first;
  let m;
  let end = first;
  while ((m = re.exec(key)) !== null) {
    if (m.index !== end) break;
    parts.push(m[1]);
    end = re.lastIndex;
  }
  if (end !== key.length) return [key]; // malformed brackets: treat as a flat (unknown) key
  return parts;
}

const ARRAY = Symbol('array-candidate');

export function parseForm(input) {
  const root = {};
  if (!input) return root;
  for (const pair of String(input).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawVal = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decodeComponent(rawKey);
    const val = decodeComponent(rawVal);
    const parts = splitKey(key);
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      let seg = parts[i];
      const last = i === parts.length - 1;
      if (seg === '' && i > 0) {
        // a[]: append; a[][x]=..: append a new object unless the last one lacks x
        const n = Object.keys(node).length;
        if (!last) {
          const prev = node[String(n - 1)];
          const nextSeg = parts[i + 1];
          if (prev && typeof prev === 'object' && !(nextSeg in prev)) seg = String(n - 1);
          else seg = String(n);
        } else seg = String(n);
        node[ARRAY] = true;
      } else if (/^\d+$/.test(seg) && i > 0) {
        if (node[ARRAY] === undefined) node[ARRAY] = true;
      } else if (i > 0) {
        node[ARRAY] = false;
      }
      if (last) {
        node[seg] = val;
      } else {
        if (typeof node[seg] !== 'object' || node[seg] === null) node[seg] = {};
        node = node[seg];
      }
    }
  }
  return finalize(root);
}

function finalize(node) {
  if (typeof node !== 'object' || node === null) return node;
  const keys = Object.keys(node);
  const isArray = node[ARRAY] === true && keys.every((k) => /^\d+$/.test(k));
  if (isArray) {
    return keys
      .map((k) => [Number(k), k])
      .sort((a, b) => a[0] - b[0])
      .map(([, k]) => finalize(node[k]));
  }
  const out = {};
  for (const k of keys) out[k] = finalize(node[k]);
  return out;
}

// Flatten back to "a[b][0]" style names, for logging / idempotency comparison.
export function flattenParams(obj, prefix = '', out = {}) {
  if (Array.isArray(obj)) {
    obj.forEach((v, i) => flattenParams(v, `${prefix}[${i}]`, out));
  } else if (obj && typeof obj === 'object') {
    const keys = Object.keys(obj).sort();
    if (keys.length === 0 && prefix) out[prefix] = '';
    for (const k of keys) flattenParams(obj[k], prefix ? `${prefix}[${k}]` : k, out);
  } else {
    out[prefix] = obj === null || obj === undefined ? '' : String(obj);
  }
  return out;
}
