// A real SMTP server for the e2e suites: aiosmtpd (Debian python3-aiosmtpd) on a free
// loopback port with tests/server/mail/sink_handlers.py's Refusing handler (the first
// `refusals` messages get `reply`, the rest are stored in MAILDIR/new), and the stored
// messages parsed by Python's email package (mail_parse.py).
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT, waitFor } from './harness.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts the sink storing into `maildir`; resolves once it accepts connections.
export async function startSink(maildir, { refusals = 0, reply = '451 4.3.0 Try again later' } = {}) {
  const port = await freePort();
  const child = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`,
                                           '-c', 'sink_handlers.Refusing', maildir, String(refusals), reply],
                      { env: { ...process.env, PYTHONPATH: path.join(ROOT, 'tests/server/mail') },
                        stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  child.stdout.on('data', (d) => { logs += d; });
  child.stderr.on('data', (d) => { logs += d; });
  const up = await waitFor(() => new Promise((r) => {
    const c = net.connect(port, '127.0.0.1', () => { c.destroy(); r(true); });
    c.on('error', () => r(false));
  }), { timeoutMs: 10000, stepMs: 100 });
  assert.ok(up, 'aiosmtpd did not start: ' + logs);
  return { port, child, maildir, logs: () => logs, stop: () => new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  }) };
}

// Every message stored in `maildir`, parsed: {to, subject, text, html, calendar, defects, ...}.
export function delivered(maildir) {
  const dir = path.join(maildir, 'new');
  if (!fs.existsSync(dir)) return [];
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
  if (files.length === 0) return [];
  return JSON.parse(execFileSync('/usr/bin/python3', [path.join(ROOT, 'tests/server/e2e/mail_parse.py'), ...files],
                                 { encoding: 'utf8', timeout: 20000 }));
}
