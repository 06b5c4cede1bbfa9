// Inside the Shadow DOM: the host page's styles do not reach in, ours do not leak out.
// Only custom properties inherit in: the public --slotpay-* ones (theme.ts) feed the
// internal --sp-* ones. Logical properties (inline-start/end) so that dir="rtl" mirrors
// the layout; no fixed heights or widths, so it reflows at 320 px and 200% zoom.
const DARK =
  '--sp-bg:var(--slotpay-background-dark,#17181c);--sp-text:var(--slotpay-text-dark,#eceef3);' +
  '--sp-accent:var(--slotpay-accent-dark,var(--slotpay-accent,#3b5bdb));--sp-muted:#aeb2bd;--sp-border:#6a6e7a;' +
  '--sp-line:#34363f;--sp-danger:#ff8f94;--sp-ok:#74d493;--sp-dark:1;color-scheme:dark';

export const CSS = `
:host{all:initial;display:block;--sp-accent:var(--slotpay-accent,#2a4bd7);--sp-on-accent:var(--slotpay-accent-text,#fff);
--sp-radius:var(--slotpay-radius,8px);--sp-font:var(--slotpay-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);
--sp-space:var(--slotpay-spacing,16px);--sp-bg:var(--slotpay-background,#fff);--sp-text:var(--slotpay-text,#1c1d21);
--sp-muted:#575b66;--sp-border:#8d919c;--sp-line:#e4e6eb;--sp-danger:#b3242b;--sp-ok:#1b6f35;--sp-dark:0;color-scheme:light}
:host([data-color-scheme=dark]){${DARK}}
@media (prefers-color-scheme:dark){:host([data-color-scheme=auto]){${DARK}}}
.sp{font:15px/1.45 var(--sp-font);color:var(--sp-text);background:var(--sp-bg);border:1px solid var(--sp-line);
border-radius:var(--sp-radius);padding:var(--sp-space);max-width:560px;box-sizing:border-box;overflow-wrap:anywhere}
.sp *{box-sizing:border-box}
.probe{color:var(--sp-accent);background:var(--sp-bg);border:1px solid var(--sp-text);outline:1px solid var(--sp-danger);
border-radius:var(--sp-radius);font-family:var(--sp-font);padding:var(--sp-space) 0 0;display:none}
h2{font-size:1.2em;margin:0 0 calc(var(--sp-space)*.75)}
h3{font-size:1em;margin:var(--sp-space) 0 6px}
h2:focus,h3:focus{outline:none}
h2:focus-visible,h3:focus-visible{outline:3px solid var(--sp-accent);outline-offset:2px}
fieldset{border:0;margin:0 0 8px;padding:0;min-width:0}
legend{font-weight:600;margin:12px 0 6px;padding:0}
.opts{display:flex;flex-wrap:wrap;gap:6px}
button,input,select{font:inherit;color:inherit}
.opt{border:1px solid var(--sp-border);background:var(--sp-bg);border-radius:calc(var(--sp-radius)*.75);padding:6px 10px;
cursor:pointer;text-align:start;max-width:100%}
.opt[aria-pressed=true],.opt[aria-selected=true]{background:var(--sp-accent);border-color:var(--sp-accent);color:var(--sp-on-accent)}
.opt:disabled{opacity:.5;cursor:default}
button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--sp-accent);outline-offset:1px}
label{display:block;margin:8px 0 2px}
input[type=text],input[type=email],input[type=tel],input[type=number],select{width:100%;padding:7px 9px;
border:1px solid var(--sp-border);border-radius:calc(var(--sp-radius)*.75);background:var(--sp-bg)}
input[aria-invalid=true]{border-color:var(--sp-danger)}
.chk{display:flex;gap:6px;align-items:center;margin:4px 0}
.chk label{margin:0}
.err{color:var(--sp-danger);font-size:.9em;margin:2px 0 0}
.err:empty{display:none}
.note{color:var(--sp-muted);font-size:.9em}
.price{border-top:1px solid var(--sp-line);margin-top:12px;padding-top:8px}
.price table{width:100%;border-collapse:collapse}
.price td{padding:2px 0}.price td:last-child{text-align:end;font-variant-numeric:tabular-nums;white-space:nowrap;padding-inline-start:8px}
.price .total td{font-weight:700;border-top:1px solid var(--sp-line)}
.primary{margin-top:14px;width:100%;padding:10px;border:0;border-radius:var(--sp-radius);background:var(--sp-accent);
color:var(--sp-on-accent);font-weight:600;cursor:pointer}
.primary:disabled{opacity:.55;cursor:default}
.link{background:none;border:0;padding:4px 0;color:inherit;text-decoration:underline;cursor:pointer}
.alert{color:var(--sp-danger);margin:8px 0}
.ok{color:var(--sp-ok)}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
[hidden]{display:none!important}
`;
