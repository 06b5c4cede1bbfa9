// slotpay-widget.js: the script-tag widget. Takes over window.Slotpay, runs the calls
// the loader queued, and mounts widgets. Nothing here throws at the host page:
// problems become a `slotpay:error` event, a {error} result and a console message.
import { DEFAULT_STRIPE_JS, resolveTarget, Widget, type ResolvedOptions } from './widget';
import type { MountOptions, SlotpayError } from './types';
import { tipsOption } from './tips';
import { adoptPrefetched } from './api';
import { adoptCore, type Core } from './core';

type Cmd = (command: string, options?: unknown) => void;
interface Global {
  c?: Record<string, unknown>;
  k?: unknown;
  ka?: unknown;
  (command: string, options?: unknown): void;
  q?: IArguments[];
  loaded?: boolean;
  version?: string;
}

const script = document.currentScript as HTMLScriptElement | null;
const scriptUrl =
  script?.src ||
  (document.querySelector('script[src*="slotpay-widget."]') as HTMLScriptElement | null)?.src ||
  location.href;
const assetsBase = script?.dataset.slotpayAssets || new URL('.', scriptUrl).href;
const mounted = new Map<HTMLElement, Widget>();

function report(target: HTMLElement | null, opts: Partial<MountOptions>, error: SlotpayError): void {
  console.error(`slotpay: ${error.message}`);
  target?.dispatchEvent(new CustomEvent('slotpay:error', { detail: { v: 1, error }, bubbles: true, composed: true }));
  try {
    opts.onResult?.({ error });
  } catch {}
}

// Defaults from Slotpay('config', {...}) for later mounts (e.g. stripeJs, locale, api).
const defaults: Partial<MountOptions> = {};

function defined(o: unknown): Partial<MountOptions> {
  const out: Record<string, unknown> = {};
  if (typeof o === 'object' && o !== null)
    for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out as Partial<MountOptions>;
}

function mount(raw: unknown): void {
  const opts = { ...defaults, ...defined(raw) };
  const target = resolveTarget(opts.target);
  if (!target) {
    // The target may come later in the document than the script.
    if (document.readyState === 'loading' && typeof opts.target === 'string')
      return void document.addEventListener('DOMContentLoaded', () => mount(opts), { once: true });
    return report(null, opts, {
      code: 'invalid_target',
      field: 'target',
      message: `no element matches target ${String(opts.target)}`,
    });
  }
  if (typeof opts.merchant !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(opts.merchant))
    return report(target, opts, {
      code: 'invalid_merchant',
      field: 'merchant',
      message: 'merchant must be a merchant id such as "m_demo"',
    });
  if (mounted.has(target)) mounted.get(target)!.destroy();
  let api: string;
  try {
    api = new URL(opts.api || '.', scriptUrl).origin;
  } catch {
    return report(target, opts, { code: 'invalid_api', field: 'api', message: 'api must be an http(s) URL' });
  }
  const resolved: ResolvedOptions = {
    ...opts,
    target,
    merchant: opts.merchant,
    api,
    assets: opts.assets ? new URL(opts.assets, scriptUrl).href : assetsBase,
    stripeJs: opts.stripeJs || DEFAULT_STRIPE_JS,
    theme: typeof opts.theme === 'object' && opts.theme ? opts.theme : undefined,
    tips: tipsOption(opts.tips),
  };
  const w = new Widget(target, resolved);
  mounted.set(target, w);
  w.start().catch((e) => report(target, opts, { code: 'internal_error', field: '', message: String(e?.message ?? e) }));
}

const commands: Record<string, (o: unknown) => void> = {
  mount,
  config(raw) {
    const { target: _t, merchant: _m, ...rest } = defined(raw);
    Object.assign(defaults, rest);
  },
  unmount(raw) {
    const t = resolveTarget((raw as MountOptions | undefined)?.target);
    if (t && mounted.has(t)) {
      mounted.get(t)!.destroy();
      mounted.delete(t);
    }
  },
};

const run: Cmd = (command, options) => {
  try {
    const f = commands[command];
    if (f) f(options);
    else console.error(`slotpay: unknown command ${String(command)}`);
  } catch (e) {
    console.error('slotpay: command failed', e);
  }
};

const prev = (window as unknown as { Slotpay?: Global }).Slotpay;
// What the loader started early: the catalog request(s) and the WASM core.
adoptPrefetched(prev?.c);
if (prev?.k instanceof Promise && typeof prev.ka === 'string') adoptCore(prev.ka, prev.k as Promise<Core>);
const queued = prev?.q ? Array.from(prev.q) : [];
const api: Global = Object.assign((c: string, o?: unknown) => run(c, o), { loaded: true, version: '1' });
(window as unknown as { Slotpay: Global }).Slotpay = api;
for (const args of queued) run(args[0], args[1]);
