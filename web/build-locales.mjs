// The widget's non-English message catalogs (src/i18n/<lang>.ts) as JSON files beside
// it, named by content hash (slotpay-locale-<lang>.<hash8>.json: cacheable for ever).
// The widget learns the names at build time (esbuild define __SLOTPAY_LOCALE_FILES__)
// and fetches one only when the customer's language needs it.
import { build } from 'esbuild';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const SKIP = new Set(['en.ts', 'index.ts']);

/** Writes the catalogs into `outDir`; resolves to {lang: file name}. */
export async function buildLocales(srcDir, outDir) {
  const files = {};
  for (const f of fs
    .readdirSync(srcDir)
    .filter((n) => n.endsWith('.ts') && !SKIP.has(n))
    .sort()) {
    const lang = f.slice(0, -3);
    const r = await build({
      entryPoints: [path.join(srcDir, f)],
      bundle: true,
      format: 'esm',
      write: false,
      logLevel: 'warning',
    });
    const mod = await import(`data:text/javascript;base64,${Buffer.from(r.outputFiles[0].text).toString('base64')}`);
    const messages = Object.values(mod)[0];
    const json = JSON.stringify(messages);
    const hash = crypto.createHash('sha256').update(json).digest('hex').slice(0, 8);
    const name = `slotpay-locale-${lang}.${hash}.json`;
    fs.writeFileSync(path.join(outDir, name), json);
    files[lang] = name;
  }
  return files;
}
