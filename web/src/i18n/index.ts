// Which language the widget speaks, and its messages. English is bundled; the other
// catalogs are JSON files beside the widget (built from ./<lang>.ts), fetched only when
// chosen, in parallel with the merchant's catalog, so the English bundle stays small.
import type { SlotpayError } from '../types';
import { en, type Message, type MessageKey, type Messages } from './en';
import { numberFormat, pluralRules } from '../intl';

export type { MessageKey, Messages };

export const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt-BR', 'ja', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];
const RTL: readonly string[] = ['ar'];

/** File names of the lazily loaded catalogs, injected by web/build.mjs (content-hashed). */
declare const __SLOTPAY_LOCALE_FILES__: Record<string, string> | undefined;
const FILES: Record<string, string> = typeof __SLOTPAY_LOCALE_FILES__ === 'object' ? __SLOTPAY_LOCALE_FILES__ : {};

export interface LocaleChoice {
  /** The catalog spoken. */
  lang: Language;
  /** The BCP 47 tag Intl formats dates, numbers and money with (e.g. "de-AT" with lang "de"). */
  intl: string;
}

function canonical(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

/** The catalog for one BCP 47 tag: exact ("pt-BR"), else by language ("pt-PT" -> pt-BR, "es-MX" -> es). */
export function languageOf(tag: string): Language | null {
  const c = canonical(tag);
  if (!c) return null;
  const exact = LANGUAGES.find((l) => l.toLowerCase() === c.toLowerCase());
  if (exact) return exact;
  const base = c.split('-')[0].toLowerCase();
  return LANGUAGES.find((l) => l.split('-')[0] === base) ?? null;
}

/**
 * The first candidate the widget speaks (the embed option or data-locale first, then
 * the browser's languages); English when none. Dates and money follow that candidate's
 * own tag, so "en-GB" gets English words with British dates.
 */
export function resolveLocale(candidates: readonly (string | null | undefined)[]): LocaleChoice {
  for (const c of candidates) {
    if (!c) continue;
    const lang = languageOf(c);
    if (lang) return { lang, intl: canonical(c) ?? lang };
  }
  return { lang: 'en', intl: 'en' };
}

export class I18n {
  constructor(
    readonly choice: LocaleChoice,
    private readonly messages: Messages = en,
  ) {}

  get locale(): string {
    return this.choice.intl;
  }

  get dir(): 'rtl' | 'ltr' {
    return RTL.includes(this.choice.lang) ? 'rtl' : 'ltr';
  }

  /** The message `key` with {params} filled in; a plural message is chosen by `count`. */
  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    const { intl } = this.choice;
    return format(this.messages[key] ?? en[key], params, pluralRules(intl), numberFormat(intl), this.dir === 'rtl');
  }

  /** An error for the customer, by code; the server's own (English) text only in English. */
  error(e: SlotpayError): string {
    const key = `e_${e.code}` as MessageKey;
    if (key in en) return this.t(key);
    return this.choice.lang === 'en' && e.message ? e.message : this.t('e_generic');
  }
}

/**
 * Fills a message. In a right-to-left language each parameter is isolated (FSI ... PDI,
 * invisible), so a Latin name or "US$ 45.00" keeps its own order inside Arabic text.
 */
export function format(
  m: Message,
  params: Record<string, string | number>,
  plurals: Intl.PluralRules,
  numbers: Intl.NumberFormat,
  isolate = false,
): string {
  let text: string;
  if (typeof m === 'string') text = m;
  else {
    const count = Number(params.count ?? 0);
    text = m[plurals.select(count) as keyof typeof m] ?? m.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    const out = typeof v === 'number' ? numbers.format(v) : v;
    return isolate ? `\u2068${out}\u2069` : out;
  });
}

const TIMEOUT_MS = 8000;

/**
 * The messages for a choice: English at once; another catalog is fetched from beside the
 * widget. Never fails: a catalog that cannot be loaded (offline, blocked) falls back to
 * English, dates and numbers included, so a page never mixes two languages.
 */
export async function loadMessages(choice: LocaleChoice, assetsBase: string): Promise<I18n> {
  const file = FILES[choice.lang];
  if (choice.lang === 'en' || !file) return new I18n(choice.lang === 'en' ? choice : { lang: 'en', intl: 'en' });
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  try {
    const r = await fetch(new URL(file, assetsBase).href, { signal: ctl.signal, credentials: 'omit' });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    const loaded = (await r.json()) as Partial<Messages>;
    // A key missing from a stale file falls back to English, message by message.
    return new I18n(choice, { ...en, ...loaded } as Messages);
  } catch (e) {
    console.warn(`slotpay: messages for ${choice.lang} could not be loaded (${(e as Error).message}); using English`);
    return new I18n({ lang: 'en', intl: 'en' });
  } finally {
    clearTimeout(timer);
  }
}
