// The wasm-quote.html page: loads the core from the URLs the page chooses and
// shows the quote of the booking in the form, recomputed on every change.
const params = new URLSearchParams(location.search);
const coreUrl = new URL(params.get('core') ?? '../build/wasm/wasm/dist/slotpay-core.mjs', location.href);
const wasmUrl = params.get('wasm') ? new URL(params.get('wasm'), location.href) : undefined;
const catalogUrl = new URL(params.get('catalog') ?? 'demo-catalog.json', location.href);

const $ = (id) => document.getElementById(id);

// Integer minor units as a decimal string, without floating point: 5358 -> "53.58".
function formatAmount(amount, exponent) {
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const text = exponent ? `${whole}.${digits.slice(-exponent)}` : whole;
  return (negative ? '-' : '') + text;
}

function lineLabel(line, catalog) {
  const service = catalog.services.find((s) => s.id === $('service').value);
  switch (line.kind) {
    case 'service': return service?.name ?? line.id;
    case 'addon': return service?.addons?.find((a) => a.id === line.id)?.name ?? line.id;
    case 'discount': return `Coupon ${line.code}`;
    case 'tax': return `Tax ${formatAmount(line.rate_bps, 2)}%${line.inclusive ? ' (included)' : ''}`;
    default: return line.kind[0].toUpperCase() + line.kind.slice(1);
  }
}

async function main() {
  const [{ loadSlotpayCore }, catalog] = await Promise.all([
    import(coreUrl.href),
    fetch(catalogUrl).then((r) => {
      if (!r.ok) throw new Error(`catalog ${catalogUrl}: HTTP ${r.status}`);
      return r.json();
    }),
  ]);
  const core = await loadSlotpayCore(wasmUrl ? { wasmUrl } : {});
  const currency = core.currency({ currency: catalog.merchant.currency });
  if ('error' in currency) throw new Error(currency.error.message);
  const money = (amount) => `${formatAmount(amount, currency.exponent)} ${currency.currency.toUpperCase()}`;

  for (const s of catalog.services) $('service').add(new Option(s.name, s.id));
  const renderAddons = () => {
    const service = catalog.services.find((s) => s.id === $('service').value);
    $('addons').replaceChildren(...(service.addons ?? []).map((a) => {
      const label = document.createElement('label');
      const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: a.id, checked: true });
      label.append(box, ` ${a.name} (+${money(a.price)})`);
      return label;
    }));
  };

  const update = () => {
    const booking = {
      service: $('service').value,
      staff: 'any',
      start: $('start').value,
      quantity: Number($('quantity').value),
      addons: [...$('addons').querySelectorAll('input:checked')].map((b) => b.value),
      tip: Number($('tip').value),
    };
    if ($('coupon').value.trim()) booking.coupon = $('coupon').value.trim();
    const q = core.quote({ catalog, booking });
    if ('error' in q) {
      $('error').textContent = `${q.error.message} (${q.error.code}${q.error.field ? ` at ${q.error.field}` : ''})`;
      $('quote').hidden = true;
      return;
    }
    $('error').textContent = '';
    $('lines').replaceChildren(...q.lines.map((line) => {
      const tr = document.createElement('tr');
      tr.className = `line ${line.kind}`;
      const name = document.createElement('td');
      name.textContent = lineLabel(line, catalog);
      const amount = document.createElement('td');
      amount.className = 'amount';
      amount.textContent = money(line.amount);
      tr.append(name, amount);
      return tr;
    }));
    $('total').textContent = money(q.total);
    $('due-now').textContent = money(q.due_now);
    $('due-later').textContent = money(q.due_later);
    $('quote').hidden = false;
    document.body.dataset.total = String(q.total);
  };

  $('service').value = 'cut';
  renderAddons();
  $('service').addEventListener('change', () => { renderAddons(); update(); });
  $('booking').addEventListener('input', update);
  $('booking').hidden = false;
  $('status').textContent = `Slotpay core ${core.version} (WebAssembly), ${catalog.merchant.name}`;
  update();
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  $('status').textContent = '';
  $('error').textContent = `Could not start: ${e.message}`;
  document.body.dataset.ready = 'failed';
  console.error(e);
});
