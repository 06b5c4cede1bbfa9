// Prints the raw and gzip sizes of the WASM artifacts and fails (exit 1) when one
// is above its budget. Gzip at level 9, as a web server would serve it.
// Usage: node size-report.mjs FILE[=BUDGET_KB_GZIP] ...
//   FILE=60   checked: gzip size must be at most 60 KB (1 KB = 1024 bytes)
//   FILE      printed only
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: node size-report.mjs FILE[=BUDGET_KB_GZIP] ...');
  process.exit(2);
}
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + ' KB';
let over = 0;
console.log(`${'artifact'.padEnd(40)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}  budget (gzip)`);
for (const arg of args) {
  const eq = arg.lastIndexOf('=');
  const file = eq > 0 ? arg.slice(0, eq) : arg;
  const budgetKb = eq > 0 ? Number(arg.slice(eq + 1)) : null;
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    console.log(`MISSING ${file}: ${e.message}`);
    over++;
    continue;
  }
  const gz = gzipSync(bytes, { level: 9 }).length;
  const name = `${basename(dirname(file))}/${basename(file)}`;
  let verdict = '';
  if (budgetKb !== null) {
    const ok = gz <= budgetKb * 1024;
    if (!ok) over++;
    verdict = `${ok ? 'ok  ' : 'OVER'} <= ${budgetKb} KB (${((100 * gz) / (budgetKb * 1024)).toFixed(0)}%)`;
  }
  console.log(`${name.padEnd(40)} ${kb(bytes.length)} ${kb(gz)}  ${verdict}`);
}
if (over > 0) {
  console.log(`size budget: ${over} artifact(s) over budget or missing`);
  process.exit(1);
}
console.log('size budget: ok');
