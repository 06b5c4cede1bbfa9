// Intl formatters, made once per locale and options and then reused. Constructing one
// is the expensive part (a NumberFormat or DateTimeFormat takes 0.1-1 ms each, the first
// of a page far more while ICU sets up), formatting with one is cheap; the widget formats
// every price, day and slot time it draws.
const cache = new Map<string, unknown>();

function memo<T>(kind: string, locale: string | undefined, options: object, make: () => T): T {
  const key = `${kind}|${locale ?? ''}|${JSON.stringify(options)}`;
  let f = cache.get(key) as T | undefined;
  if (f === undefined) {
    f = make(); // a RangeError (unknown currency, zone or tag) is thrown, not cached
    cache.set(key, f);
  }
  return f;
}

export const numberFormat = (locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat =>
  memo('n', locale, options, () => new Intl.NumberFormat(locale, options));

export const dateTimeFormat = (
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions = {},
): Intl.DateTimeFormat => memo('d', locale, options, () => new Intl.DateTimeFormat(locale, options));

export const pluralRules = (locale: string | undefined): Intl.PluralRules =>
  memo('p', locale, {}, () => new Intl.PluralRules(locale));
