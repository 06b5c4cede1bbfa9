// slotpay-loader.js: the snippet merchants paste. Defines window.Slotpay as a queue,
// turns the script tag's data-* attributes into a 'mount' call and loads the widget
// bundle (async) from beside itself (its content-hashed name is built in: see assets.d.ts).
// Kept tiny: it is on every merchant page.
//
// It also starts, in parallel with the widget's own download, what the widget needs
// first: the merchant's catalog (Slotpay.c, by URL) and the WASM core (Slotpay.k), so
// the first render waits for the slowest of them, not for their sum.
(function (w: any, d: Document) {
  const s = d.currentScript as HTMLScriptElement | null;
  const q = (w.Slotpay =
    w.Slotpay ||
    function () {
      (q.q = q.q || []).push(arguments);
    });
  if (!s) return;
  const base = s.src.replace(/[^/]*$/, '');
  const ds = s.dataset;
  const quiet = (p: Promise<unknown>) => (p.catch(() => 0), p); // the widget reports failures, not us
  const prefetch = (o: any) => {
    try {
      if (!/^[\w-]{1,64}$/.test(o?.merchant)) return;
      const u = `${new URL(o.api || '.', s.src).origin}/v1/merchants/${encodeURIComponent(o.merchant)}/catalog`;
      const c = (q.c = q.c || {});
      c[u] = c[u] || quiet(fetch(u, { credentials: 'omit', cache: 'no-store' }));
    } catch {}
  };
  if (ds.merchant) {
    let target: string | Element | null = ds.target || null;
    if (!target) {
      target = d.createElement('div');
      s.after(target);
    }
    q('mount', {
      target,
      merchant: ds.merchant,
      api: ds.api,
      stripeJs: ds.stripeJs,
      assets: ds.assets,
      locale: ds.locale,
      theme: ds.colorScheme && { colorScheme: ds.colorScheme },
      tips: ds.tips,
    });
  }
  if (!q.l && !q.loaded) {
    q.l = 1;
    // First the request the first render waits for longest (the widget, 17 KB), then the
    // catalog, then the core (needed only for the price preview). The widget's script runs
    // after this one, so it finds Slotpay.c and Slotpay.k whatever the order.
    const e = d.createElement('script');
    e.async = true;
    e.src = base + (typeof __SLOTPAY_WIDGET_JS__ == 'string' ? __SLOTPAY_WIDGET_JS__ : 'slotpay-widget.js');
    e.dataset.slotpayAssets = base;
    (d.head || d.documentElement).appendChild(e);
    for (const a of q.q || []) if (a[0] === 'mount') prefetch(a[1]);
    const assets = ds.assets ? new URL(ds.assets, s.src).href : base;
    // The build's file names (content-hashed: assets.d.ts), plain ones in a bare build.
    const coreMjs = typeof __SLOTPAY_CORE_MJS__ == 'string' ? __SLOTPAY_CORE_MJS__ : 'slotpay-core.mjs';
    const glue = typeof __SLOTPAY_CORE_GLUE_MJS__ == 'string' ? __SLOTPAY_CORE_GLUE_MJS__ : 'slotpay-core-glue.mjs';
    const wasm = assets + (typeof __SLOTPAY_CORE_WASM__ == 'string' ? __SLOTPAY_CORE_WASM__ : 'slotpay-core.wasm');
    q.k = quiet(import(assets + coreMjs).then((m) => m.loadSlotpayCore({ wasmUrl: wasm })));
    q.ka = assets;
    // Its glue and its .wasm too, at once rather than one after the other.
    quiet(import(assets + glue));
    const pre = d.createElement('link');
    pre.rel = 'preload';
    pre.as = 'fetch';
    pre.crossOrigin = 'anonymous'; // what the glue's fetch() asks for: one download, not two
    pre.href = wasm;
    (d.head || d.documentElement).appendChild(pre);
    // The first Intl.NumberFormat of a page sets up ICU's number data: 10-30 ms of this
    // thread, which the widget's first render (prices, counts) would otherwise spend
    // after its download. Done now, it overlaps the downloads started above.
    setTimeout(() => new Intl.NumberFormat().format(1));
  }
})(window, document);
