// Browser benchmark of the widget's first paint, on loopback in headless Chromium:
// "services shown" (the service list with its prices, from the server's catalog answer)
// and "first price" (the WASM core loaded and pricing: the price preview is available),
// in ms after navigation start, cold (new browser context: empty cache) and warm (the
// same context, reloaded). Also the bytes transferred before Stripe.js.
//
//   node tests/web/bench_widget.mjs [--runs N]      (needs build/native and web/dist)
//
// Targets (issue #15): services shown <= 150 ms, first price <= 300 ms, cold.
import { startHarness, widgetPage } from './lib/harness.mjs';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1]) || 1) : 5;

async function measure(w, load) {
  await load();
  await w.page.waitForFunction(() => performance.getEntriesByName('slotpay:price-ready').length > 0, null, {
    timeout: 20000,
  });
  return w.page.evaluate(() => {
    const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
    const bytes = performance
      .getEntriesByType('resource')
      .filter((r) => !/\/v1\//.test(r.name))
      .reduce((sum, r) => sum + (r.transferSize || 0), 0);
    return { services: at('slotpay:services-shown'), price: at('slotpay:price-ready'), bytes };
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) =>
  `median ${median(xs).toFixed(0).padStart(4)} ms  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;

const h = await startHarness();
try {
  const cold = { services: [], price: [], bytes: [] };
  const warm = { services: [], price: [], bytes: [] };
  for (let i = 0; i < RUNS; i++) {
    const w = await widgetPage(h);
    try {
      const c = await measure(w, w.open);
      const r = await measure(w, async () => {
        await w.page.reload();
      });
      for (const [into, m] of [
        [cold, c],
        [warm, r],
      ])
        for (const k of Object.keys(into)) into[k].push(m[k]);
    } finally {
      await w.context.close();
    }
  }
  console.log(
    `widget first paint, loopback, headless Chromium, ${RUNS} runs (targets: services <= 150 ms, price <= 300 ms)`,
  );
  console.log(`  cold  services shown  ${fmt(cold.services)}`);
  console.log(`  cold  first price     ${fmt(cold.price)}`);
  console.log(`  warm  services shown  ${fmt(warm.services)}`);
  console.log(`  warm  first price     ${fmt(warm.price)}`);
  console.log(`  transferred before Stripe.js (static files, cold): ${(median(cold.bytes) / 1024).toFixed(1)} KB`);
} finally {
  await h.stop();
}
