// Issue #11 item 4 in the widget: a service charged after the appointment with nothing due
// now answers a SetupIntent (payment.kind "setup"); the pay step offers "Save card", saves
// it with the Stripe.js double's confirmSetup, and the confirmation says what is charged
// after the appointment. The server's booking is confirmed with the card saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startHarness, widgetPage } from './lib/harness.mjs';

let h;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-web-after-'));
before(async () => {
  const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'demo-catalog.json'), 'utf8'));
  catalog.services.find((s) => s.id === 'class').charge_after_service = true;
  const file = path.join(dir, 'catalog.json');
  fs.writeFileSync(file, JSON.stringify(catalog));
  h = await startHarness({ extraArgs: ['--seed-merchant', file] });
});
after(async () => {
  await h?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('nothing due now: "Save card" saves it on a SetupIntent; the confirmation says what comes later', async () => {
  const w = await widgetPage(h);
  try {
    await w.open();
    const p = w.page;
    await p.locator('button[data-service="class"]').click();
    const slot = p.locator('button[data-start]').first();
    await slot.waitFor();
    const start = await slot.getAttribute('data-start');
    await slot.click();
    await p.locator(`button[data-start="${start}"][aria-selected="true"]`).waitFor();
    const cont = p.locator('button[data-action=continue]:not([disabled])');
    await cont.waitFor({ timeout: 15000 }).catch(async () => {
      const text = await p.evaluate(
        () => document.querySelector('[data-slotpay]').shadowRoot.querySelector('.sp').innerText,
      );
      throw new Error(`no continue button: ${text.slice(-1200)}`);
    });
    await cont.click();
    await p.locator('input[name=name]').fill('Sam Saved');
    await p.locator('input[name=email]').fill('sam@example.com');
    await p.locator('button[type=submit]').click();
    await p.locator('[data-testid=stripe-mock-card]').waitFor();
    const step = p.locator('[part=step-pay]');
    await step
      .getByText('Nothing to pay now: your card is saved and $20.00 is charged after your appointment.')
      .waitFor();
    await p.locator('button:not([disabled])', { hasText: /^Save card$/ }).click();
    await p.locator('[data-testid=confirmation]').waitFor();
    await p.getByText('Card saved, $20.00 charged after your appointment.').waitFor();
    const [b] = (await h.adminBookings()).filter((x) => x.status === 'confirmed');
    assert.ok(b, 'confirmed');
    assert.deepEqual(b.charge_after_service, { amount: 2000, card_saved: true });
    assert.equal(b.paid_amount, 0);
    assert.match(b.payment_intent, /^seti_/);
    const calls = await (
      await fetch(`${h.mock.url}/_mock/requests?path=/v1/setup_intents/${b.payment_intent}/confirm`)
    ).json();
    assert.equal(calls.data[0].key_type, 'publishable', 'confirmed by Stripe.js in the page');
    assert.deepEqual(w.consoleErrors, []);
    assert.deepEqual(w.offLoopback, []);
  } finally {
    await w.context.close();
  }
});
