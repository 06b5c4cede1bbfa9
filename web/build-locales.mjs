// The widget's non-English message catalogs (src/i18n/<lang>.ts) as JSON files beside
// it (slotpay-locale-<lang>.json, content-hashed by build.mjs like every artifact). The
// widget learns their names at build time (esbuild define __SLOTPAY_LOCALE_FILES__) and
// fetches one only when the customer's language needs it.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const SKIP = new Set(['en.ts', 'index.ts']);

/** Resolves to [{lang, logical: "slotpay-locale-<lang>.json", bytes}], by language. */
export async function buildLocales(srcDir) {
  const out = [];
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
    out.push({ lang, logical: `slotpay-locale-${lang}.json`, bytes: Buffer.from(JSON.stringify(messages), 'utf8') });
  }
  return out;
}
