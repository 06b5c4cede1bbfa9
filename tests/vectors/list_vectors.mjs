// The golden vectors' files: tests/vectors/<op>/*.json, sorted. Shared by the native and WASM runners.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function listVectors(root) {
  const out = [];
  for (const op of readdirSync(root).sort()) {
    const sub = join(root, op);
    if (!statSync(sub).isDirectory()) continue;
    for (const f of readdirSync(sub).sort()) if (f.endsWith('.json')) out.push(join(sub, f));
  }
  return out;
}
