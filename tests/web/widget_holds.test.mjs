// Issue #9 in the widget: the short first hold is extended when the Payment Element is
// shown (POST /v1/bookings/{id}/extend-hold with the booking's token), and the seats
// input is capped at the service's max_per_booking. The server's first hold is 3 s here
// (--first-hold-seconds 3) of a 600 s hold, so a widget that does not extend loses it.
// A free booking of a merchant that wants emails confirmed ends on "Check your email to
// confirm" (pending_confirmation).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN, ROOT, json, sleep, startHarness, widgetPage } from './lib/harness.mjs';

let h;
before(async () => {
  h = await startHarness({ extraArgs: ['--first-hold-seconds', '3'] });
});
after(async () => h?.stop());

async function chooseFirstSlot(page, service) {
  await page.locator(`button[data-service="${service}"]`).click();
  const slot = page.locator('button[data-start]').first();
  await slot.waitFor();
  const start = await slot.getAttribute('data-start');
  await slot.click();
  await page.locator(`button[data-start="${start}"][aria-selected="true"]`).waitFor();
  return start;
}

test('the pay step extends the short first hold: the booking outlives it and is paid', async () => {
  const w = await widgetPage(h);
  const extendCalls = [];
  w.page.on('request', (r) => {
    if (/\/v1\/bookings\/[^/]+\/extend-hold$/.test(new URL(r.url()).pathname))
      extendCalls.push({ method: r.method(), auth: r.headers().authorization ?? '' });
  });
  try {
    await w.open();
    const p = w.page;
    await chooseFirstSlot(p, 'cut');
    await p.locator('button[data-action=continue]:not([disabled])').click();
    await p.locator('input[name=name]').fill('Hal Hold');
    await p.locator('input[name=email]').fill('hal@example.com');
    await p.locator('button[type=submit]').click();
    await p.locator('[data-testid=stripe-mock-card]').waitFor();
    // The countdown moves from the first hold (0:03) to the full one once the server agrees.
    await p.waitForFunction(() => {
      const text = document.querySelector('[data-slotpay]').shadowRoot.querySelector('[part=step-pay]').textContent;
      return /\b9:\d\d\b/.test(text);
    });
    assert.equal(extendCalls.length, 1, JSON.stringify(extendCalls));
    assert.equal(extendCalls[0].method, 'POST');
    assert.match(extendCalls[0].auth, /^Bearer [0-9a-f]{64}$/);
    await sleep(4500); // past the 3 s first hold and an expiry pass (250 ms)
    const held = (await h.adminBookings()).filter((b) => b.status === 'awaiting_payment');
    assert.equal(held.length, 1, 'the extended hold is still there');
    const payBtn = p.locator('button:not([disabled])', { hasText: /^Pay \$/ });
    await payBtn.click();
    await p.locator('[data-testid=confirmation]').waitFor();
    const booked = (await p.evaluate(() => window.slotpayEvents)).find((e) => e.type === 'slotpay:booked');
    assert.equal(booked.detail.booking.status, 'confirmed');
    assert.deepEqual(w.consoleErrors, []);
    assert.deepEqual(w.offLoopback, []);
  } finally {
    await w.context.close();
  }
});

test('the seats input is capped at max_per_booking: 12 seats, at most 10 per booking', async () => {
  const w = await widgetPage(h);
  try {
    await w.open();
    const p = w.page;
    await p.locator('button[data-service="class"]').click();
    const qty = p.locator('input[name=quantity]');
    await qty.waitFor();
    assert.equal(await qty.getAttribute('max'), '10');
    // Typing past the cap brings the number down to it (the max attribute alone would not).
    await qty.fill('12');
    await qty.press('Tab');
    assert.equal(await qty.inputValue(), '10');
    await chooseFirstSlot(p, 'class');
    await qty.fill('11');
    await qty.press('Tab');
    assert.equal(await qty.inputValue(), '10');
    await p.locator('td', { hasText: 'Yoga class × 10' }).waitFor();
    await qty.fill('0');
    await qty.press('Tab');
    assert.equal(await qty.inputValue(), '1');
    assert.deepEqual(w.consoleErrors, []);
  } finally {
    await w.context.close();
  }
});

test('a free booking waiting for its email confirmation: "Check your email to confirm"', async () => {
  const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'demo-catalog.json'), 'utf8'));
  catalog.merchant.accept_unconfirmed = false;
  const put = await json(`${h.server.url}/v1/admin/merchants/m_demo`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ catalog, stripe_account: 'acct_1WebV2DemoSalon', allowed_origins: [] }),
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const w = await widgetPage(h);
  try {
    await w.open();
    const p = w.page;
    await chooseFirstSlot(p, 'consult');
    await p.locator('button[data-action=continue]:not([disabled])').click();
    await p.locator('input[name=name]').fill('Pat Pending');
    await p.locator('input[name=email]').fill('pat@example.com');
    await p.locator('button[type=submit]').click();
    await p.locator('[data-testid=confirm-pending]').waitFor();
    assert.equal(await p.locator('[part~=step-done] h2').textContent(), 'Check your email to confirm');
    assert.match(await p.locator('[data-testid=confirm-pending]').textContent(), /pat@example\.com/);
    const booked = (await p.evaluate(() => window.slotpayEvents)).find((e) => e.type === 'slotpay:booked');
    assert.equal(booked.detail.booking.status, 'pending_confirmation');
    const stored = (await h.adminBookings()).find((b) => b.id === booked.detail.booking.id);
    assert.equal(stored.status, 'pending_confirmation');
    assert.deepEqual(w.consoleErrors, []);
  } finally {
    await w.context.close();
  }
});
