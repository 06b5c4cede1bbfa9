// Builds the widget into web/dist/ the way a CDN serves it, and checks each artifact
// against its size budget.
//
//   node web/build.mjs [--dev] [--wasm-dir DIR]
//
// web/dist/ (HASH = the first 8 hex digits of the file's SHA-256; --dev keeps plain names)
//   slotpay-loader.js            the snippet merchants paste (queues calls, loads the widget)
//   slotpay-widget.HASH.js       the script-tag widget
//   embed.html                   the iframe page, + slotpay-embed.HASH.js
//   slotpay-locale-LANG.HASH.json the other languages' messages (build-locales.mjs), fetched
//                                by the widget only when needed (English is built in)
//   slotpay-core.HASH.mjs, slotpay-core-glue.HASH.mjs, slotpay-core.HASH.wasm
//                                the WASM core, from the wasm build (build/wasm/wasm/dist),
//                                loaded at runtime from beside the widget
//   manifest.json                logical name -> file name, e.g. {"slotpay-widget.js":
//                                "slotpay-widget.1a2b3c4d.js", "slotpay-loader.js": ...}
//   X.br, X.gz                   every file above precompressed (brotli 11, gzip 9), for a
//                                server that picks them by Accept-Encoding
// The loader and the HTML page keep stable names (merchants' pages name them); everything
// they load is content-hashed, so it can be cached forever. A file that names another gets
// the hashed name at build time (esbuild `define`, or a rewrite of the reference), so the
// files are built in dependency order: wasm, glue -> core module -> widget, embed script ->
// loader, embed.html. URLs stay relative to the loader's own src, as before.
// Exit 1 when the build fails or an artifact is over budget (not checked with --dev).
import { build, transform } from 'esbuild';
import crypto from 'node:crypto';
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

// Budgets in bytes of gzip (level 9), by logical name. The WASM module has its own budget in wasm/.
const BUDGETS = {
  'slotpay-loader.js': 1024,
  'slotpay-widget.js': 20 * 1024,
  'embed.html': 1024,
  'slotpay-embed.js': 20 * 1024,
  // Issue #12: the manage page (opened from the confirmation email) and its script.
  'manage.html': 1024,
  'slotpay-manage.js': 3.5 * 1024, // 3 KB until money took Stripe's currency table (money.ts)
  // Issue #13: the merchant dashboard's script (Preact), without the WASM core.
  'dashboard/index.html': 4 * 1024,
  'slotpay-dashboard.js': 60 * 1024,
  // Issue #11 item 3: the pay-by-link page and its script (the Stripe.js loader included).
  'pay.html': 1024,
  'slotpay-pay.js': 3 * 1024,
};
const LOCALE_BUDGET = 4 * 1024; // each slotpay-locale-<lang>.json
const WASM_FILES = ['slotpay-core.mjs', 'slotpay-core-glue.mjs', 'slotpay-core.wasm'];

const hash8 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 8);
// slotpay-core-glue.mjs -> slotpay-core-glue.1a2b3c4d.mjs
const hashedName = (logical, bytes) => logical.replace(/(\.[A-Za-z0-9]+)$/, `.${hash8(bytes)}$1`);

const missingWasm = WASM_FILES.map((f) => path.join(wasmDir, f)).filter((f) => !fs.existsSync(f));
if (missingWasm.length) {
  console.error(`web build: the WASM core is missing (build it: cmake --preset wasm && cmake --build --preset wasm):\n  ${missingWasm.join('\n  ')}`);
  process.exit(1);
}

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const manifest = {};
// Writes one artifact under its final name (hashed unless --dev or `stable`).
function emit(logical, bytes, { stable = false } = {}) {
  const name = dev || stable ? logical : hashedName(logical, bytes);
  fs.writeFileSync(path.join(out, name), bytes);
  manifest[logical] = name;
  return name;
}

// Replaces every occurrence of `from` (at least one) in a file's text: a reference that
// is no longer where the build expects it must fail the build, not ship a broken name.
function rewrite(text, from, to, what) {
  if (!text.includes(from)) {
    console.error(`web build: ${what} no longer contains ${from}; update web/build.mjs`);
    process.exit(1);
  }
  return text.split(from).join(to);
}

// The WASM core: the .wasm and the Emscripten glue refer to nothing by name (the module
// gets the .wasm URL through locateFile); slotpay-core.mjs imports the glue and defaults
// to the .wasm beside it.
// Both modules are minified here (emcc's glue only has its whitespace taken out: 8.6 KB
// gzip -> 6.5; the wrapper 1.9 -> 0.9), after the names are rewritten.
const read = (f) => fs.readFileSync(path.join(wasmDir, f));
const minifyModule = async (text) =>
  dev ? text : (await transform(text, { minify: true, format: 'esm', target: 'es2020', legalComments: 'none' })).code;
const wasmName = emit('slotpay-core.wasm', read('slotpay-core.wasm'));
const glueName = emit('slotpay-core-glue.mjs', Buffer.from(await minifyModule(read('slotpay-core-glue.mjs').toString('utf8'))));
let coreText = read('slotpay-core.mjs').toString('utf8');
coreText = rewrite(coreText, "'./slotpay-core-glue.mjs'", `'./${glueName}'`, 'slotpay-core.mjs');
coreText = rewrite(coreText, "'./slotpay-core.wasm'", `'./${wasmName}'`, 'slotpay-core.mjs');
const coreName = emit('slotpay-core.mjs', Buffer.from(await minifyModule(coreText), 'utf8'));

const common = {
  bundle: true, format: 'iife', target: ['es2020'], platform: 'browser', write: false,
  minify: !dev, sourcemap: dev ? 'inline' : false, legalComments: 'none', logLevel: 'warning',
};
// The names the bundles refer to, as web/src/assets.d.ts declares them.
const names = (extra) => ({
  'process.env.NODE_ENV': dev ? '"development"' : '"production"',
  ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, JSON.stringify(v)])),
});
async function bundle(entry, define) {
  try {
    const r = await build({ ...common, entryPoints: [path.join(here, 'src', entry)], outfile: 'out.js', define: names(define) });
    return r.outputFiles[0].contents;
  } catch (e) {
    console.error('web build failed:', e.message);
    process.exit(1);
  }
}
// The message catalogs: {lang: file name} for the widget.
const localeFiles = {};
for (const l of await buildLocales(path.join(here, 'src/i18n'))) localeFiles[l.lang] = emit(l.logical, l.bytes);
const coreNames = { __SLOTPAY_CORE_MJS__: coreName, __SLOTPAY_CORE_WASM__: wasmName };
const widgetNames = { ...coreNames, __SLOTPAY_LOCALE_FILES__: localeFiles };
const [widget, embed] = await Promise.all([bundle('main.ts', widgetNames), bundle('embed.ts', widgetNames)]);
const widgetName = emit('slotpay-widget.js', widget);
const embedName = emit('slotpay-embed.js', embed);
// The loader also starts the core (module, glue, .wasm) while the widget downloads.
const loaderNames = { __SLOTPAY_WIDGET_JS__: widgetName, ...coreNames, __SLOTPAY_CORE_GLUE_MJS__: glueName };
emit('slotpay-loader.js', await bundle('loader.ts', loaderNames), { stable: true });
let html = fs.readFileSync(path.join(here, 'src/embed.html'), 'utf8');
html = rewrite(html, 'src="slotpay-embed.js"', `src="${embedName}"`, 'embed.html');
html = rewrite(html, 'href="slotpay-core.mjs"', `href="${coreName}"`, 'embed.html');
html = rewrite(html, 'href="slotpay-core-glue.mjs"', `href="${glueName}"`, 'embed.html');
html = rewrite(html, 'href="slotpay-core.wasm"', `href="${wasmName}"`, 'embed.html');
emit('embed.html', Buffer.from(html, 'utf8'), { stable: true });
// The manage page: a stable name (the emails link to /manage.html), its script hashed.
const manageName = emit('slotpay-manage.js', await bundle('manage.ts', {}));
let manageHtml = fs.readFileSync(path.join(here, 'src/manage.html'), 'utf8');
manageHtml = rewrite(manageHtml, 'src="slotpay-manage.js"', `src="${manageName}"`, 'manage.html');
emit('manage.html', Buffer.from(manageHtml, 'utf8'), { stable: true });
// The merchant dashboard: /dashboard/ is dashboard/index.html (a stable name; Stripe's
// onboarding returns there); its script is hashed and sits beside the core, which it
// loads from its own directory as the widget does.
const dashboardName = emit('slotpay-dashboard.js', await bundle('dashboard/main.tsx', coreNames));
fs.mkdirSync(path.join(out, 'dashboard'), { recursive: true });
let dashboardHtml = fs.readFileSync(path.join(here, 'src/dashboard.html'), 'utf8');
dashboardHtml = rewrite(dashboardHtml, 'src="../slotpay-dashboard.js"', `src="../${dashboardName}"`, 'dashboard.html');
emit('dashboard/index.html', Buffer.from(dashboardHtml, 'utf8'), { stable: true });
// The pay-by-link page: a stable name (links point at /pay.html), its script hashed.
const payName = emit('slotpay-pay.js', await bundle('pay.ts', {}));
let payHtml = fs.readFileSync(path.join(here, 'src/pay.html'), 'utf8');
payHtml = rewrite(payHtml, 'src="slotpay-pay.js"', `src="${payName}"`, 'pay.html');
emit('pay.html', Buffer.from(payHtml, 'utf8'), { stable: true });
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

// Precompressed siblings: every artifact here is text or wasm, all of which compress.
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let over = false;
const files = fs
  .readdirSync(out, { recursive: true })
  .filter((f) => fs.statSync(path.join(out, f)).isFile())
  .sort();
const logicalOf = Object.fromEntries(Object.entries(manifest).map(([l, n]) => [n, l]));
console.log(`${'web/dist'.padEnd(34)}      raw       gzip     brotli   budget (gzip)`);
for (const f of files) {
  const bytes = fs.readFileSync(path.join(out, f));
  const gz = zlib.gzipSync(bytes, { level: 9 });
  const br = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [zlib.constants.BROTLI_PARAM_MODE]: f.endsWith('.wasm') ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
    },
  });
  fs.writeFileSync(path.join(out, `${f}.gz`), gz);
  fs.writeFileSync(path.join(out, `${f}.br`), br);
  const logical = logicalOf[f] ?? '';
  const budget = BUDGETS[logical] ?? (logical.startsWith('slotpay-locale-') ? LOCALE_BUDGET : undefined);
  const bad = budget !== undefined && gz.length > budget;
  over ||= bad;
  const note = budget ? kb(budget) : f === 'manifest.json' ? '' : '(wasm budget)';
  console.log(`${f.padEnd(34)}${kb(bytes.length).padStart(9)}${kb(gz.length).padStart(11)}${kb(br.length).padStart(11)}   ${note}${bad ? '  OVER BUDGET' : ''}`);
}
if (over && dev) {
  console.error('web build: over the size budget (a --dev build is unminified with source maps: not checked)');
} else if (over) {
  console.error('web build: over the size budget');
  process.exit(1);
}
