// Browser tests of the widget v2 (issue #15): languages (lazy catalogs, RTL), theming
// (custom properties, dark mode, ::part, Stripe Elements appearance), axe-core on every
// step, tips in the charged amount, currencies without the WASM core, and reflow at
// 320 px. Real Chromium, the real slotpay-server, the Stripe mock; loopback only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { activeInWidget, axeSource, json, startHarness, widgetPage } from './lib/harness.mjs';

let h;
let AXE;
before(async () => {
  AXE = axeSource();
  h = await startHarness();
});
after(async () => h?.stop());

const shadow = (page, fn, arg) => page.evaluate(fn, arg);
const ready = (page) => page.waitForFunction(() => window.slotpayEvents.some((e) => e.type === 'slotpay:ready'));
const events = (page) => page.evaluate(() => window.slotpayEvents);

async function chooseFirstSlot(page, service) {
  await page.locator(`button[data-service="${service}"]`).click();
  const slot = page.locator('button[data-start]').first();
  await slot.waitFor();
  const start = await slot.getAttribute('data-start');
  await slot.click();
  await page.locator(`button[data-start="${start}"][aria-selected="true"]`).waitFor();
  return start;
}

async function toDetails(page, name, email) {
  await page.locator('button[data-action=continue]:not([disabled])').click();
  await page.locator('input[name=name]').fill(name);
  await page.locator('input[name=email]').fill(email);
}

async function payEnabled(page) {
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-slotpay]').shadowRoot.querySelector('button[data-action=pay]');
    return b && !b.disabled;
  });
}

// axe-core on the widget (its shadow tree and the slotted payment form): no violation of
// WCAG 2.x A/AA or axe's best practices.
async function axe(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(
      { include: [['#w']] },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      },
    );
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' > ')).slice(0, 5),
    }));
  });
  assert.deepEqual(violations, [], `axe on step "${label}"`);
}

async function axeEveryStep(page, open, { service = 'cut', name = 'Ada Axe' } = {}) {
  await open();
  await ready(page);
  await axe(page, 'service');
  await page.locator(`button[data-service="${service}"]`).click();
  await page.locator('button[data-day]').first().waitFor();
  await page.locator('button[data-start]').first().waitFor();
  await axe(page, 'date');
  await page.locator('button[data-start]').first().click();
  await page.locator('[data-testid=total]').waitFor();
  await axe(page, 'time');
  await page.locator('button[data-action=continue]:not([disabled])').click();
  await page.locator('input[name=email]').fill('not-an-email');
  await page.locator('button[type=submit]').click();
  await page.locator('input[name=email][aria-invalid=true]').waitFor();
  await axe(page, 'details (with field errors)');
  await page.locator('input[name=name]').fill(name);
  await page.locator('input[name=email]').fill('ada@example.com');
  await page.locator('button[type=submit]').click();
  await page.locator('[data-testid=stripe-mock-card]').waitFor();
  await payEnabled(page);
  await axe(page, 'pay');
  await page.locator('[data-testid=stripe-mock-card]').selectOption('pm_card_chargeDeclined');
  await page.locator('button[data-action=pay]').click();
  await page.locator('section [role=alert]:not([hidden])').waitFor();
  await axe(page, 'pay (card declined)');
  await payEnabled(page);
  await page.locator('[data-testid=stripe-mock-card]').selectOption('pm_card_visa');
  await page.locator('button[data-action=pay]').click();
  await page.locator('[data-testid=confirmation]').waitFor();
  await axe(page, 'done');
}

test('axe: zero violations on every step (service, date, time, details, pay, done), light, English', async () => {
  const w = await widgetPage(h);
  try {
    await axeEveryStep(w.page, w.open);
    assert.deepEqual(w.offLoopback, []);
  } finally {
    await w.context.close();
  }
});

test("axe: zero violations on every step in Arabic (right to left) with the visitor's dark mode", async () => {
  const w = await widgetPage(h, { options: { locale: 'ar' }, contextOptions: { colorScheme: 'dark' } });
  try {
    await axeEveryStep(w.page, w.open, { name: 'عادل' });
  } finally {
    await w.context.close();
  }
});

test('axe: the error step (unknown merchant) has zero violations; no focus theft; the error is translated', async () => {
  const w = await widgetPage(h, { options: { merchant: 'm_nobody', locale: 'fr' } });
  try {
    await w.open();
    await w.page.waitForFunction(() => window.slotpayEvents.some((e) => e.type === 'slotpay:error'));
    await w.page.locator('[data-testid=failure]').waitFor();
    assert.equal(await w.page.locator('[data-testid=failure]').textContent(), 'Cet établissement est introuvable.');
    const err = (await events(w.page)).find((e) => e.type === 'slotpay:error').detail;
    assert.equal(err.error.code, 'merchant_not_found');
    assert.equal(err.stage, 'load');
    assert.equal(await w.page.locator('section:not([hidden]) h2').textContent(), 'Un problème est survenu');
    assert.equal(await activeInWidget(w.page), null, 'a widget that cannot start leaves focus where it was');
    await axe(w.page, 'failed');
  } finally {
    await w.context.close();
  }
});

test('Spanish (data-locale es): every label translated, money in Spanish format, lazy catalog, booked and paid', async () => {
  const w = await widgetPage(h, { options: { locale: 'es' } });
  const catalogs = [];
  w.page.on('request', (r) => {
    if (/slotpay-locale-/.test(r.url())) catalogs.push(new URL(r.url()).pathname);
  });
  try {
    await w.open();
    await ready(w.page);
    assert.equal(catalogs.length, 1);
    assert.match(catalogs[0], /^\/slotpay-locale-es\.[0-9a-f]{8}\.json$/);
    const p = w.page;
    const fmt = (minor) =>
      p.evaluate((m) => new Intl.NumberFormat('es', { style: 'currency', currency: 'USD' }).format(m / 100), minor);
    assert.equal(await p.locator('h2').first().textContent(), 'Reserva con Demo Salon');
    assert.equal(await p.locator('button[data-service=cut]').textContent(), `Haircut · 45 min · ${await fmt(4500)}`);
    assert.equal(await p.locator('button[data-service=consult]').textContent(), 'Free consultation · 15 min · gratis');
    assert.equal(await p.locator('legend').first().textContent(), 'Servicio');
    await chooseFirstSlot(p, 'cut');
    await p.locator('text=/Los horarios están en E[SD]T \\(America\\/New_York\\)/').waitFor();
    await p.locator('input[data-addon=wash]').check();
    await p.locator('td', { hasText: 'Wash' }).waitFor();
    assert.equal(await p.locator('[data-testid=total] td').first().textContent(), 'Total');
    assert.equal(await p.locator('[data-testid=total] td').last().textContent(), await fmt(5954));
    assert.equal(await p.locator('[data-testid=due-now] td').first().textContent(), 'A pagar ahora');
    assert.ok(await p.locator('text=Ahora se cobra un depósito; el resto se paga en la cita.').isVisible());
    await p.locator('button[data-action=continue]').click();
    assert.equal((await activeInWidget(p)).text, 'Tus datos');
    await p.locator('input[name=email]').fill('correo-malo');
    await p.locator('button[type=submit]').click();
    await p.locator('text=Introduce un correo electrónico válido.').waitFor();
    await p.locator('text=Este campo es obligatorio.').waitFor();
    await p.locator('input[name=name]').fill('Lucía');
    await p.locator('input[name=email]').fill('lucia@example.com');
    await p.locator('button[type=submit]').click();
    await p.locator('[data-testid=stripe-mock-card]').waitFor();
    await payEnabled(p);
    const dueNow = await fmt(1191);
    assert.equal(await p.locator('button[data-action=pay]').textContent(), `Pagar ${dueNow}`);
    assert.match(await p.locator('text=/Tu horario está reservado durante \\d+:\\d\\d\\./').textContent(), /reservado/);
    const opts = await p.evaluate(() => window.__STRIPE_MOCK__.elements);
    assert.equal(opts.at(-1).locale, 'es', 'Stripe Elements in Spanish too');
    await p.locator('button[data-action=pay]').click();
    await p.locator('[data-testid=confirmation]').waitFor();
    assert.equal((await activeInWidget(p)).text, 'Reserva confirmada');
    assert.match(await p.locator('[data-testid=confirmation]').textContent(), /^Haircut, .+\. Referencia bk_\w+\.$/);
    const booked = (await events(p)).find((e) => e.type === 'slotpay:booked').detail;
    assert.equal(booked.booking.amount, 1191);
  } finally {
    await w.context.close();
  }
});

test('Japanese from navigator.language, Arabic right to left: translated strings, plurals and money', async () => {
  // No locale option: the browser's language decides.
  const ja = await widgetPage(h, { contextOptions: { locale: 'ja-JP' } });
  try {
    await ja.open();
    await ready(ja.page);
    const p = ja.page;
    assert.equal(await p.locator('h2').first().textContent(), 'Demo Salon を予約');
    const yen = await p.evaluate(() =>
      new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'USD' }).format(20),
    );
    assert.equal(await p.locator('button[data-service=class]').textContent(), `Yoga class · 60分 · ${yen}`);
    await chooseFirstSlot(p, 'class');
    assert.match(await p.locator('button[data-start]').first().textContent(), /^\d\d:\d\d · 残り12席$/);
    assert.equal(await p.locator('[data-testid=total] td').first().textContent(), '合計');
    assert.equal(
      await p.evaluate(() => document.querySelector('[data-slotpay]').shadowRoot.querySelector('.sp').lang),
      'ja',
    );
  } finally {
    await ja.context.close();
  }
  const ar = await widgetPage(h, { options: { locale: 'ar' } });
  try {
    await ar.open();
    await ready(ar.page);
    const p = ar.page;
    const frame = await p.evaluate(() => {
      const sp = document.querySelector('[data-slotpay]').shadowRoot.querySelector('.sp');
      return { dir: sp.dir, lang: sp.lang, direction: getComputedStyle(sp).direction };
    });
    assert.deepEqual(frame, { dir: 'rtl', lang: 'ar', direction: 'rtl' });
    // Parameters are bidi-isolated (FSI ... PDI) inside right-to-left text.
    const iso = (x) => `\u2068${x}\u2069`;
    assert.equal(await p.locator('h2').first().textContent(), `احجز لدى ${iso('Demo Salon')}`);
    const money = await p.evaluate(() =>
      new Intl.NumberFormat('ar', { style: 'currency', currency: 'USD' }).format(45),
    );
    const num = (n) => p.evaluate((x) => new Intl.NumberFormat('ar').format(x), n);
    assert.equal(
      await p.locator('button[data-service=cut]').textContent(),
      `${iso('Haircut')} · ${iso(`${iso(await num(45))} دقيقة`)} · ${iso(money)}`,
    );
    await chooseFirstSlot(p, 'class');
    // Arabic plural: 12 -> "many"
    assert.ok(
      (await p.locator('button[data-start]').first().textContent()).endsWith(` · تبقى ${iso(await num(12))} مكانًا`),
    );
    assert.equal(await p.locator('[data-testid=total] td').first().textContent(), 'الإجمالي');
    // Right to left: the amount column sits on the left of the label column.
    const [label, amount] = await p
      .locator('[data-testid=total] td')
      .evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().left));
    assert.ok(amount < label, 'amounts on the left in RTL');
    // In RTL, ArrowLeft moves forward in the listbox.
    const first = await p.locator('button[data-start]').first().getAttribute('data-start');
    await p.locator(`button[data-start="${first}"]`).focus();
    await p.keyboard.press('ArrowLeft');
    const moved = await activeInWidget(p);
    assert.notEqual(moved.start, first);
  } finally {
    await ar.context.close();
  }
});

test('English needs no catalog download; an unknown language falls back to English', async () => {
  const w = await widgetPage(h, { options: { locale: 'it-IT' } });
  const catalogs = [];
  w.page.on('request', (r) => {
    if (/slotpay-locale-/.test(r.url())) catalogs.push(r.url());
  });
  try {
    await w.open();
    await ready(w.page);
    assert.deepEqual(catalogs, []);
    assert.equal(await w.page.locator('h2').first().textContent(), 'Book with Demo Salon');
  } finally {
    await w.context.close();
  }
});

test("theme: custom properties from the page, dark option, ::part hooks; the same values in Stripe Elements' appearance", async () => {
  const css = `#w { --slotpay-accent: rgb(190, 18, 60); --slotpay-font: Georgia, serif; }
#w [data-slotpay]::part(button-primary) { text-transform: uppercase; }`;
  const w = await widgetPage(h, { css, options: { theme: { radius: '3px', colorScheme: 'dark' } } });
  try {
    await w.open();
    await ready(w.page);
    const p = w.page;
    await chooseFirstSlot(p, 'cut');
    const look = await p.evaluate(() => {
      const root = document.querySelector('[data-slotpay]').shadowRoot;
      const s = (el) => getComputedStyle(el);
      return {
        chosen: s(root.querySelector('button[data-service=cut]')).backgroundColor,
        frame: s(root.querySelector('.sp')).backgroundColor,
        text: s(root.querySelector('.sp')).color,
        font: s(root.querySelector('.sp')).fontFamily,
        radius: s(root.querySelector('.sp')).borderTopLeftRadius,
        part: s(root.querySelector('button[data-action=continue]')).textTransform,
      };
    });
    assert.deepEqual(look, {
      chosen: 'rgb(190, 18, 60)',
      frame: 'rgb(23, 24, 28)',
      text: 'rgb(236, 238, 243)',
      font: 'Georgia, serif',
      radius: '3px',
      part: 'uppercase',
    });
    await toDetails(p, 'Thea Theme', 'thea@example.com');
    await p.locator('button[type=submit]').click();
    await p.locator('[data-testid=stripe-mock-card]').waitFor();
    const opts = (await p.evaluate(() => window.__STRIPE_MOCK__.elements)).at(-1);
    assert.equal(opts.locale, 'en');
    assert.deepEqual(opts.appearance, {
      theme: 'night',
      variables: {
        colorPrimary: 'rgb(190, 18, 60)',
        colorBackground: 'rgb(23, 24, 28)',
        colorText: 'rgb(236, 238, 243)',
        colorDanger: 'rgb(255, 143, 148)',
        fontFamily: 'Georgia, serif',
        borderRadius: '3px',
        spacingUnit: '2px',
      },
    });
    // The double draws its form with them, as Stripe would.
    const box = await p
      .locator('[data-testid=stripe-mock-payment-element]')
      .evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.equal(box, 'rgb(23, 24, 28)');
    await p.screenshot({
      path: process.env.SLOTPAY_SCREENSHOTS ? `${process.env.SLOTPAY_SCREENSHOTS}/theme-dark-pay.png` : undefined,
    });
  } finally {
    await w.context.close();
  }
});

test('theme: light by default, dark when the visitor prefers it ("auto"), light when the merchant says so', async () => {
  for (const [scheme, option, expect, stripeTheme] of [
    ['light', undefined, 'rgb(255, 255, 255)', 'stripe'],
    ['dark', undefined, 'rgb(23, 24, 28)', 'night'],
    ['dark', 'light', 'rgb(255, 255, 255)', 'stripe'],
  ]) {
    const w = await widgetPage(h, {
      options: option ? { theme: { colorScheme: option } } : {},
      contextOptions: { colorScheme: scheme },
    });
    try {
      await w.open();
      await ready(w.page);
      const bg = await w.page.evaluate(
        () =>
          getComputedStyle(document.querySelector('[data-slotpay]').shadowRoot.querySelector('.sp')).backgroundColor,
      );
      assert.equal(bg, expect, `${scheme} visitor, option ${option}`);
      await chooseFirstSlot(w.page, 'cut');
      await toDetails(w.page, 'Li Light', 'li@example.com');
      await w.page.locator('button[type=submit]').click();
      await w.page.locator('[data-testid=stripe-mock-card]').waitFor();
      assert.equal((await w.page.evaluate(() => window.__STRIPE_MOCK__.elements)).at(-1).appearance.theme, stripeTheme);
    } finally {
      await w.context.close();
    }
  }
});

test('tips: 15% (and another amount) priced by the core, shown, and charged by the server', async () => {
  const w = await widgetPage(h, { options: { tips: ['cut'] } });
  try {
    await w.open();
    await ready(w.page);
    const p = w.page;
    // A service that takes no tips shows no tip choices.
    await chooseFirstSlot(p, 'class');
    await p.locator('button[data-action=continue]').click();
    assert.ok(await p.locator('input[data-tip]').first().isHidden());
    await p.locator('button[data-action=back]').click();
    await chooseFirstSlot(p, 'cut');
    const noTipTotal = (await p.locator('[data-testid=total] td').last().textContent()).trim();
    assert.equal(noTipTotal, '$48.71'); // 4500 + 8.25% tax
    await toDetails(p, 'Tia Tip', 'tia@example.com');
    assert.deepEqual(await p.locator('input[data-tip] + label').allTextContents(), [
      'No tip',
      '10%',
      '15%',
      '20%',
      'Other amount',
    ]);
    // Another amount: typed in dollars; an unreadable one is refused beside the input.
    await p.locator('label', { hasText: 'Other amount' }).click();
    await p.locator('input[name=tip]').fill('2,50');
    await p.locator('input[name=tip]').press('Tab');
    await p.locator('td', { hasText: 'Tip' }).waitFor();
    assert.equal(await p.locator('tr', { hasText: 'Tip' }).locator('td').last().textContent(), '$2.50');
    await p.locator('input[name=tip]').fill('two dollars');
    await p.locator('input[name=tip]').press('Tab');
    await p.locator('input[name=tip][aria-invalid=true]').waitFor();
    assert.ok(await p.locator('button[type=submit]').isDisabled());
    // 15% of the services after discount, before tax: 15% of $45.00 = $6.75.
    await p.locator('label', { hasText: '15%' }).click();
    await p.locator('tr', { hasText: 'Tip' }).locator('td', { hasText: '$6.75' }).waitFor();
    const total = (await p.locator('[data-testid=total] td').last().textContent()).trim();
    const dueNow = (await p.locator('[data-testid=due-now] td').last().textContent()).trim();
    assert.equal(total, '$55.46');
    assert.equal(dueNow, '$16.49', '20% deposit of $48.71 ($9.74) + the whole tip');
    await p.locator('button[type=submit]').click();
    await p.locator('[data-testid=stripe-mock-card]').waitFor();
    await payEnabled(p);
    assert.equal(await p.locator('button[data-action=pay]').textContent(), `Pay ${dueNow}`);
    await p.locator('button[data-action=pay]').click();
    await p.locator('[data-testid=confirmation]').waitFor();
    const booked = (await events(p)).find((e) => e.type === 'slotpay:booked').detail.booking;
    const rec = (await h.adminBookings()).find((b) => b.id === booked.id);
    assert.equal(rec.amount, 1649, 'the server charged the tip');
    assert.equal(booked.total, 5546);
    const pi = await json(`${h.mock.url}/_mock/objects/${rec.payment_intent}`);
    assert.equal(pi.body.obj.amount, 1649);
    assert.equal(pi.body.obj.status, 'succeeded');
  } finally {
    await w.context.close();
  }
});

// The merchant's catalog in another currency: the server's answer rewritten in the
// browser (prices x100 for ISK/UGX, "currency" facts added as the server v2 sends them, or
// not), with the WASM core blocked, so no amount can come from it.
async function currencyPage(code, factsFromServer) {
  const w = await widgetPage(h);
  await w.page.route('**/slotpay-core*', (route) => route.abort());
  await w.page.route('**/v1/merchants/m_demo/catalog', async (route) => {
    const r = await route.fetch();
    const body = await r.json();
    const scale = code === 'huf' ? 1 : 100;
    body.catalog.merchant.currency = code;
    for (const s of body.catalog.services) {
      s.price *= scale;
      for (const a of s.addons ?? []) a.price *= scale;
    }
    if (factsFromServer) body.currency = factsFromServer;
    await route.fulfill({ response: r, json: body });
  });
  return w;
}

test("ISK, UGX and HUF with the WASM core blocked: amounts right (from the server's facts or Stripe's table), never Intl's", async () => {
  const cases = [
    [
      'isk',
      { currency: 'isk', exponent: 2, amount_multiple_of: 100, min_charge: 10000, max_amount: 9999999900 },
      'ISK 4,500',
      'ISK 1,000',
    ],
    ['ugx', null, 'UGX 4,500', 'UGX 1,000'],
    ['huf', null, 'HUF 45.00', 'HUF 10.00'],
  ];
  for (const [code, facts, cut, wash] of cases) {
    const w = await currencyPage(code, facts);
    try {
      await w.open();
      await ready(w.page);
      const detail = (await events(w.page)).find((e) => e.type === 'slotpay:ready').detail;
      assert.equal(detail.price_preview, false, 'the core was blocked');
      const nbsp = (s) => s.replace(/\s/g, ' ');
      assert.equal(nbsp(await w.page.locator('button[data-service=cut]').textContent()), `Haircut · 45 min · ${cut}`);
      await chooseFirstSlot(w.page, 'cut');
      assert.equal(nbsp(await w.page.locator('label', { hasText: 'Wash' }).textContent()), `Wash (+${wash})`);
      await w.page.locator('[data-testid=no-preview]').waitFor();
    } finally {
      await w.context.close();
    }
  }
});

test('320 px wide (= 200% zoom of 640 px): nothing overflows sideways, every step usable', async () => {
  const w = await widgetPage(h, {
    contextOptions: { viewport: { width: 320, height: 640 } },
    options: { locale: 'de' },
  });
  const overflow = () =>
    w.page.evaluate(() => {
      const root = document.querySelector('[data-slotpay]').shadowRoot;
      const wide = [...root.querySelectorAll('*')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.right > window.innerWidth + 0.5 || r.left < -0.5);
        })
        .map((el) => el.tagName + (el.className ? `.${el.className}` : ''));
      return { page: document.documentElement.scrollWidth, wide };
    });
  try {
    await w.open();
    await ready(w.page);
    assert.deepEqual(await overflow(), { page: 320, wide: [] });
    await chooseFirstSlot(w.page, 'cut');
    await w.page.locator('input[data-addon=wash]').check();
    assert.deepEqual(await overflow(), { page: 320, wide: [] });
    await toDetails(w.page, 'Zoe Zoom', 'zoe@example.com');
    assert.deepEqual(await overflow(), { page: 320, wide: [] });
    await w.page.locator('button[type=submit]').click();
    await w.page.locator('[data-testid=stripe-mock-card]').waitFor();
    assert.deepEqual(await overflow(), { page: 320, wide: [] });
    if (process.env.SLOTPAY_SCREENSHOTS)
      await w.page.screenshot({ path: `${process.env.SLOTPAY_SCREENSHOTS}/320-pay.png`, fullPage: true });
  } finally {
    await w.context.close();
  }
});

test('iframe page: language, dark scheme and accent from the query reach the widget and Stripe Elements; no CSP errors', async () => {
  const w = await widgetPage(h);
  try {
    const q = new URLSearchParams({
      merchant: 'm_demo',
      locale: 'ar',
      color_scheme: 'dark',
      accent: '#be123c',
      stripe_js: `${h.mock.url}/v3/`,
    });
    await w.page.goto(`${h.server.url}/embed.html?${q}`);
    const p = w.page;
    await p.locator('button[data-service=cut]').waitFor();
    const frame = await p.evaluate(() => {
      const sp = document.querySelector('[data-slotpay]').shadowRoot.querySelector('.sp');
      return { dir: sp.dir, bg: getComputedStyle(sp).backgroundColor };
    });
    assert.deepEqual(frame, { dir: 'rtl', bg: 'rgb(23, 24, 28)' });
    await chooseFirstSlot(p, 'cut');
    await toDetails(p, 'سلمى', 'salma@example.com');
    await p.locator('button[type=submit]').click();
    await p.locator('[data-testid=stripe-mock-card]').waitFor();
    const opts = (await p.evaluate(() => window.__STRIPE_MOCK__.elements)).at(-1);
    assert.equal(opts.locale, 'ar');
    assert.equal(opts.appearance.theme, 'night');
    assert.equal(opts.appearance.variables.colorPrimary, 'rgb(190, 18, 60)');
    // The core's files were preloaded and fetched once each.
    const fetched = await p.evaluate(() =>
      performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname),
    );
    assert.equal(fetched.filter((f) => /^\/slotpay-core(\.[0-9a-f]{8})?\.wasm$/.test(f)).length, 1);
    assert.deepEqual(w.consoleErrors, []);
    assert.deepEqual(w.offLoopback, []);
  } finally {
    await w.context.close();
  }
});
