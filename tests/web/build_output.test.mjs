// Checks web/dist as node web/build.mjs leaves it (a production build): every hashed
// name is its content's hash, every file another one loads is there under the name it
// is asked for, each .br/.gz sibling is its original compressed, and manifest.json
// lists every artifact. Run after the build (tools/scripts/test.d/40-widget-browser.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');
const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'manifest.json'), 'utf8'));
const read = (name) => fs.readFileSync(path.join(DIST, name));
const text = (name) => read(name).toString('utf8');
const exists = (name) => fs.existsSync(path.join(DIST, name));

const STABLE = ['slotpay-loader.js', 'embed.html', 'manage.html', 'pay.html', 'dashboard/index.html'];
const HASHED = ['slotpay-widget.js', 'slotpay-embed.js', 'slotpay-core.mjs', 'slotpay-core-glue.mjs', 'slotpay-core.wasm',
                'slotpay-manage.js', 'slotpay-pay.js', 'slotpay-dashboard.js'];
// Files at any depth (the dashboard is dashboard/index.html), as paths relative to DIST.
const allFiles = fs.readdirSync(DIST, { recursive: true }).filter((f) => fs.statSync(path.join(DIST, f)).isFile());
const artifacts = allFiles.filter((f) => !/\.(br|gz)$/.test(f) && f !== 'manifest.json');

test('manifest.json maps every logical name to a file that exists, and lists every artifact', () => {
  for (const logical of [...STABLE, ...HASHED]) assert.ok(logical in manifest, `${logical} is not in the manifest`);
  for (const [logical, name] of Object.entries(manifest)) assert.ok(exists(name), `${logical} -> ${name} is missing`);
  assert.deepEqual(artifacts.sort(), Object.values(manifest).sort(), 'web/dist holds exactly the manifest\'s files');
});

test('the loader and the HTML page keep their names; everything else is named by its content hash', () => {
  for (const logical of STABLE) assert.equal(manifest[logical], logical);
  // Any other artifact a build adds (e.g. message catalogs) is hashed as well.
  for (const [logical, name] of Object.entries(manifest).filter(([l]) => !STABLE.includes(l))) {
    const m = /^(.+)\.([0-9a-f]{8})(\.[a-z]+)$/.exec(name);
    assert.ok(m, `${name} has no hash segment`);
    assert.equal(m[1] + m[3], logical, `${name} is not a hashed ${logical}`);
    const sha = crypto.createHash('sha256').update(read(name)).digest('hex');
    assert.equal(m[2], sha.slice(0, 8), `${name}: the name's hash is not its content's`);
  }
});

test('the loader appends the hashed widget from its own directory', () => {
  // The loader run against a minimal DOM: where does it point the widget's <script>?
  const appended = [];
  const el = () => ({ dataset: {}, after() {} });
  const currentScript = { src: 'https://cdn.example/some/path/slotpay-loader.js?v=1', dataset: { merchant: 'm_demo', target: '#w' }, after() {} };
  const document = { currentScript, createElement: el, head: { appendChild: (e) => appended.push(e) } };
  const window = {};
  const timers = [];
  vm.runInNewContext(text('slotpay-loader.js'), { window, document, setTimeout: (f) => timers.push(f) });
  // The widget's <script>, and a preload of the hashed .wasm (the loader starts the core early).
  const script = appended.find((e) => e.src);
  assert.equal(script.src, `https://cdn.example/some/path/${manifest['slotpay-widget.js']}`);
  assert.equal(script.dataset.slotpayAssets, 'https://cdn.example/some/path/');
  const preload = appended.find((e) => e.rel === 'preload');
  assert.equal(preload.href, `https://cdn.example/some/path/${manifest['slotpay-core.wasm']}`);
  assert.equal(appended.length, 2);
  assert.equal(window.Slotpay.q.length, 1, 'the data-* mount was queued');
  // One timer: ICU's number formatting set up while the widget downloads (it runs without throwing).
  assert.equal(timers.length, 1);
  timers[0]();
});

test('manage.html (issue #12) loads the hashed manage script', () => {
  assert.ok(text('manage.html').includes(`src="${manifest['slotpay-manage.js']}"`));
  assert.ok(!text('manage.html').includes('src="slotpay-manage.js"'));
});

test('embed.html loads the hashed embed script and preloads the hashed core', () => {
  const srcs = [...text('embed.html').matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(srcs, [manifest['slotpay-embed.js']]);
  const preloads = [...text('embed.html').matchAll(/<link[^>]*\shref="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(preloads, [manifest['slotpay-core.mjs'], manifest['slotpay-core-glue.mjs'], manifest['slotpay-core.wasm']]);
});

test('embed.html has no CSP of its own (the server sends it) and the empty slotpay-parents marker the server fills', () => {
  const html = text('embed.html');
  assert.ok(!/http-equiv="Content-Security-Policy"/i.test(html));
  assert.ok(!html.includes('127.0.0.1'));
  // server/http/embed_policy.hpp kEmbedParentsMarker: exactly this text.
  assert.equal(html.split('<meta name="slotpay-parents" content="" />').length, 2);
});

test('the widget and the embed script name the hashed core module and .wasm, and no plain name', () => {
  for (const bundle of ['slotpay-widget.js', 'slotpay-embed.js']) {
    const js = text(manifest[bundle]);
    for (const logical of ['slotpay-core.mjs', 'slotpay-core.wasm']) {
      assert.ok(js.includes(JSON.stringify(manifest[logical])), `${bundle} does not name ${manifest[logical]}`);
      assert.ok(!js.includes(logical), `${bundle} still names ${logical}`);
    }
  }
});

test('the core module imports the hashed glue, defaults to the hashed .wasm, and runs', async () => {
  const core = text(manifest['slotpay-core.mjs']);
  // The module is minified (either quote, no spaces): what it imports and the .wasm it defaults to.
  const imports = [...core.matchAll(/\bimport\s*[\w{}, ]*\s*from\s*["']([^"']+)["']/g)].map((m) => m[1]);
  assert.deepEqual(imports, [`./${manifest['slotpay-core-glue.mjs']}`]);
  const wasmUrl = new RegExp(`new URL\\(["']\\./${manifest['slotpay-core.wasm'].replace(/\./g, '\\.')}["'],\\s*import\\.meta\\.url\\)`);
  assert.ok(wasmUrl.test(core), 'default .wasm URL');
  const code = core.split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l)).join('\n');  // not the doc comments
  assert.ok(!/["']\.\/slotpay-core(-glue)?\.(mjs|wasm)["']/.test(code), 'a plain name is left');
  // Importing it resolves the glue by its hashed name; the hashed .wasm instantiates.
  const { loadSlotpayCore } = await import(pathToFileURL(path.join(DIST, manifest['slotpay-core.mjs'])).href);
  const c = await loadSlotpayCore({ wasmBinary: read(manifest['slotpay-core.wasm']) });
  assert.equal(c.currency({ currency: 'usd' }).exponent, 2);
});

test('every artifact has .br and .gz siblings that decompress to it', () => {
  for (const name of [...artifacts, 'manifest.json']) {
    const raw = read(name);
    assert.ok(zlib.gunzipSync(read(`${name}.gz`)).equals(raw), `${name}.gz`);
    assert.ok(zlib.brotliDecompressSync(read(`${name}.br`)).equals(raw), `${name}.br`);
    assert.ok(read(`${name}.br`).length < raw.length || raw.length < 1024, `${name}.br is not smaller`);
  }
  const stray = allFiles.filter((f) => /\.(br|gz)$/.test(f) && !exists(f.replace(/\.(br|gz)$/, '')));
  assert.deepEqual(stray, [], 'a compressed file without its original');
});

test('the widget and the embed script name every language catalog by its hashed file, and each is JSON', () => {
  const locales = Object.keys(manifest).filter((l) => /^slotpay-locale-[\w-]+\.json$/.test(l));
  assert.deepEqual(locales.map((l) => l.slice(15, -5)).sort(), ['ar', 'de', 'es', 'fr', 'ja', 'pt-BR']);
  for (const bundle of ['slotpay-widget.js', 'slotpay-embed.js'])
    for (const l of locales) assert.ok(text(manifest[bundle]).includes(manifest[l]), `${bundle} does not name ${manifest[l]}`);
  for (const l of locales) assert.equal(typeof JSON.parse(text(manifest[l])).book, 'string');
});

test('the dashboard (issue #13): dashboard/index.html loads the hashed dashboard script from the folder above', () => {
  const html = text('dashboard/index.html');
  assert.ok(html.includes(`src="../${manifest['slotpay-dashboard.js']}"`), 'the hashed dashboard script');
  assert.ok(!html.includes('src="../slotpay-dashboard.js"'), 'no plain name left');
  // It loads the WASM core itself: the core's hashed names are built into the bundle.
  const js = text(manifest['slotpay-dashboard.js']);
  assert.ok(js.includes(manifest['slotpay-core.mjs']) && js.includes(manifest['slotpay-core.wasm']));
  assert.ok(zlib.gzipSync(read(manifest['slotpay-dashboard.js']), { level: 9 }).length <= 60 * 1024, 'the 60 KB budget');
});
