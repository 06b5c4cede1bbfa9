// Start the mock as a child process from node tests (e.g. end-to-end suites):
//   import { spawnStripeMock } from '../stripe_mock/spawn.mjs';
//   const mock = await spawnStripeMock(['--webhook-url', url, '--webhook-secret', secret]);
//   ... mock.url, mock.port ...; await mock.stop();
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server.mjs');

export function spawnStripeMock(args = [], { readyTimeoutMs = 10000, env } = {}) {
  const argv = args.includes('--port') ? args : ['--port', '0', ...args];
  const child = spawn(process.execPath, [SERVER, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env: env || process.env });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`stripe-mock did not become ready; stderr: ${err}`));
    }, readyTimeoutMs);
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`stripe-mock exited (${code}) before ready; stderr: ${err}`));
    });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /stripe-mock listening on (http:\/\/[^\s]+:(\d+))\n/.exec(out);
      if (!m) return;
      clearTimeout(t);
      resolve({
        url: m[1],
        port: Number(m[2]),
        child,
        stderr: () => err,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}
