// Inside the Shadow DOM: the host page's styles do not reach in, ours do not leak out.
export const CSS = `
:host{all:initial;display:block}
.sp{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c1d21;background:#fff;border:1px solid #d9dbe1;border-radius:10px;padding:16px;max-width:560px;box-sizing:border-box}
.sp *{box-sizing:border-box}
h2{font-size:1.2em;margin:0 0 12px}
h3{font-size:1em;margin:16px 0 6px}
fieldset{border:0;margin:0 0 8px;padding:0}
legend{font-weight:600;margin:12px 0 6px;padding:0}
.opts{display:flex;flex-wrap:wrap;gap:6px}
button,input,select{font:inherit}
.opt{border:1px solid #b9bcc6;background:#fff;border-radius:6px;padding:6px 10px;cursor:pointer;color:inherit}
.opt[aria-pressed=true]{background:#2a4bd7;border-color:#2a4bd7;color:#fff}
.opt:disabled{opacity:.45;cursor:default}
button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #8da2fb;outline-offset:1px}
label{display:block;margin:8px 0 2px}
input[type=text],input[type=email],input[type=tel],input[type=number],select{width:100%;padding:7px 9px;border:1px solid #b9bcc6;border-radius:6px}
input[aria-invalid=true]{border-color:#c0262d}
.chk{display:flex;gap:6px;align-items:center;margin:4px 0}
.err{color:#c0262d;font-size:.9em;min-height:0;margin:2px 0 0}
.note{color:#5b5f6b;font-size:.9em}
.price{border-top:1px solid #e4e6eb;margin-top:12px;padding-top:8px}
.price table{width:100%;border-collapse:collapse}
.price td{padding:2px 0}.price td:last-child{text-align:right;font-variant-numeric:tabular-nums}
.price .total td{font-weight:700;border-top:1px solid #e4e6eb}
.primary{margin-top:14px;width:100%;padding:10px;border:0;border-radius:8px;background:#2a4bd7;color:#fff;font-weight:600;cursor:pointer}
.primary:disabled{background:#9aa6d9;cursor:default}
.alert{color:#c0262d;margin:8px 0}
.ok{color:#1d7a3a}
[hidden]{display:none!important}
`;
