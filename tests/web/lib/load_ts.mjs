// Compiles one module of web/src (TypeScript) with esbuild for node, and imports it.
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SRC = path.join(ROOT, 'web', 'src');

export async function loadTs(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-web-unit-'));
  const out = path.join(dir, `${name.replace(/\//g, '_')}.mjs`);
  await build({
    entryPoints: [path.join(SRC, `${name}.ts`)],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'error',
  });
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
