// Golden vectors through the native CLI: every tests/vectors/<op>/*.json file is
// {"op", "request", "response"}; the CLI's output must equal "response".
// Usage: node run_cli_vectors.mjs path/to/slotpay-core tests/vectors [--update]
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { listVectors } from './list_vectors.mjs';

const [cli, dir, flag] = process.argv.slice(2);
const update = flag === '--update';

let passed = 0, failed = 0;
for (const file of listVectors(dir)) {
  const vec = JSON.parse(readFileSync(file, 'utf8'));
  const r = spawnSync(cli, [vec.op], { input: JSON.stringify(vec.request), encoding: 'utf8' });
  const got = r.stdout.trim();
  if (update) {
    vec.response = JSON.parse(got);
    writeFileSync(file, JSON.stringify(vec, null, 1) + '\n');
  }
  const want = JSON.stringify(vec.response);
  if (r.status === 0 && got === want) passed++;
  else {
    failed++;
    console.log(`FAIL ${file} (exit ${r.status})\n  want ${want}\n  got  ${got}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
