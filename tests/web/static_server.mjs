// A tiny static file server on 127.0.0.1 for browser tests and for looking at the
// example pages. Serves one root folder plus optional mounts (URL prefix -> file
// or folder); refuses paths outside them. The page gets a strict CSP with
// 'wasm-unsafe-eval' (WebAssembly allowed, eval and new Function not), as a
// merchant's site might have.
//   node tests/web/static_server.mjs   serves the checkout root on a free port
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.ts': 'text/plain; charset=utf-8',
};
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

function inside(base, rel) {
  const full = normalize(join(base, rel));
  return full === base || full.startsWith(base.endsWith(sep) ? base : base + sep) ? full : null;
}

// mounts: {'/mirror/core.wasm': '/abs/file', '/x/': '/abs/dir'}. Resolves to
// {server, url, requests (list of paths served or refused), close()}.
export async function startStaticServer({ root, mounts = {} }) {
  const base = resolve(root);
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    let file = null;
    for (const [prefix, target] of Object.entries(mounts)) {
      if (path === prefix) file = resolve(target);
      else if (prefix.endsWith('/') && path.startsWith(prefix)) file = inside(resolve(target), path.slice(prefix.length));
      if (file) break;
    }
    if (!file) file = inside(base, path);
    try {
      if (!file) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
                           'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { server, url, requests, close: () => new Promise((ok) => server.close(ok)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  const s = await startStaticServer({ root });
  console.log(`serving ${root} at ${s.url}/  (example: ${s.url}/examples/wasm-quote.html)`);
}
