// slotpay-loader.js: the snippet merchants paste. Defines window.Slotpay as a queue,
// turns the script tag's data-* attributes into a 'mount' call and loads the widget
// bundle (async) from beside itself. Kept tiny: it is on every merchant page.
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
    const e = d.createElement('script');
    e.async = true;
    e.src = base + 'slotpay-widget.js';
    e.dataset.slotpayAssets = base;
    (d.head || d.documentElement).appendChild(e);
  }
})(window, document);
