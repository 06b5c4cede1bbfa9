// Builds the widget into web/dist/ and checks each artifact against its size budget.
//
//   node web/build.mjs [--dev] [--wasm-dir DIR]
//
// web/dist/
//   slotpay-loader.js     the snippet merchants paste (queues calls, loads the widget)
//   slotpay-widget.js     the script-tag widget
//   embed.html            the iframe page, + slotpay-embed.js
//   slotpay-core.mjs, slotpay-core-glue.mjs, slotpay-core.wasm   the WASM core, copied
//                         from the wasm build (build/wasm/wasm/dist), loaded at runtime
// Exit 1 when the build fails or an artifact is over budget.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { buildLocales } from './build-locales.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const out = path.join(here, 'dist');
const args = process.argv.slice(2);
const dev = args.includes('--dev');
const wasmDirArg = args.indexOf('--wasm-dir');
const wasmDir = wasmDirArg >= 0 ? path.resolve(args[wasmDirArg + 1]) : path.join(root, 'build', 'wasm', 'wasm', 'dist');

// Budgets in bytes of gzip (level 9). The WASM module has its own budget in wasm/.
const BUDGETS = {
  'slotpay-loader.js': 1024,
  'slotpay-widget.js': 20 * 1024,
  'embed.html': 1024,
  'slotpay-embed.js': 20 * 1024,
};
const LOCALE_BUDGET = 4 * 1024; // each slotpay-locale-<lang>.<hash>.json
const WASM_FILES = ['slotpay-core.mjs', 'slotpay-core-glue.mjs', 'slotpay-core.wasm'];

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const common = {
  bundle: true, format: 'iife', target: ['es2020'], platform: 'browser',
  minify: !dev, sourcemap: dev ? 'inline' : false, legalComments: 'none', logLevel: 'warning',
  define: { 'process.env.NODE_ENV': dev ? '"development"' : '"production"' },
};
let localeFiles;
try {
  localeFiles = await buildLocales(path.join(here, 'src/i18n'), out);
  common.define = { ...common.define, __SLOTPAY_LOCALE_FILES__: JSON.stringify(localeFiles) };
  await Promise.all([
    build({ ...common, entryPoints: [path.join(here, 'src/loader.ts')], outfile: path.join(out, 'slotpay-loader.js') }),
    build({ ...common, entryPoints: [path.join(here, 'src/main.ts')], outfile: path.join(out, 'slotpay-widget.js') }),
    build({ ...common, entryPoints: [path.join(here, 'src/embed.ts')], outfile: path.join(out, 'slotpay-embed.js') }),
  ]);
} catch (e) {
  console.error('web build failed:', e.message);
  process.exit(1);
}
fs.copyFileSync(path.join(here, 'src/embed.html'), path.join(out, 'embed.html'));

let missingWasm = [];
for (const f of WASM_FILES) {
  const src = path.join(wasmDir, f);
  if (fs.existsSync(src)) fs.copyFileSync(src, path.join(out, f));
  else missingWasm.push(src);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let over = false;
console.log('web/dist                    raw        gzip      budget (gzip)');
for (const f of fs.readdirSync(out).sort()) {
  const bytes = fs.readFileSync(path.join(out, f));
  const gz = zlib.gzipSync(bytes, { level: 9 }).length;
  const budget = BUDGETS[f] ?? (f.startsWith('slotpay-locale-') ? LOCALE_BUDGET : undefined);
  const bad = budget !== undefined && gz > budget;
  over ||= bad;
  console.log(`${f.padEnd(26)}${kb(bytes.length).padStart(9)}${kb(gz).padStart(11)}   ${budget ? kb(budget) : '(wasm budget)'}${bad ? '  OVER BUDGET' : ''}`);
}
if (missingWasm.length) {
  console.error(`web build: the WASM core is missing (build it: cmake --preset wasm && cmake --build --preset wasm):\n  ${missingWasm.join('\n  ')}`);
  process.exit(1);
}
if (over) {
  console.error('web build: over the size budget');
  process.exit(1);
}
