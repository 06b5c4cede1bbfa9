// Theming: the merchant's colours, radius, font and spacing as CSS custom properties
// (--slotpay-accent, ...), set on the page (they inherit into the Shadow DOM) or through
// the `theme` embed option; light, dark, or the visitor's preference. The same values go
// to Stripe Elements' `appearance`, so the card form matches the widget.

export type ColorScheme = 'light' | 'dark' | 'auto';

export interface ThemeOptions {
  accent?: string;
  radius?: string;
  font?: string;
  spacing?: string;
  /** Default "auto": follows prefers-color-scheme. */
  colorScheme?: ColorScheme;
}

/** The public custom properties, each with the theme option that sets it. */
export const THEME_PROPERTIES = {
  accent: '--slotpay-accent',
  radius: '--slotpay-radius',
  font: '--slotpay-font',
  spacing: '--slotpay-spacing',
} as const;

/** Inline declarations for the shadow host from the embed option (unknown keys ignored). */
export function themeDeclarations(theme: ThemeOptions | undefined): [string, string][] {
  const out: [string, string][] = [];
  if (!theme || typeof theme !== 'object') return out;
  for (const [key, prop] of Object.entries(THEME_PROPERTIES)) {
    const v = theme[key as keyof typeof THEME_PROPERTIES];
    // One declaration value, nothing that could close it or start another.
    if (typeof v === 'string' && v.length <= 200 && !/[;{}]/.test(v)) out.push([prop, v]);
  }
  return out;
}

export function colorScheme(value: unknown): ColorScheme {
  return value === 'light' || value === 'dark' ? value : 'auto';
}

/** The resolved values the widget is drawn with (read from its computed style). */
export interface ResolvedTheme {
  dark: boolean;
  accent: string;
  background: string;
  text: string;
  danger: string;
  radius: string;
  font: string;
  spacing: string;
}

/** Stripe Elements' `appearance` for a resolved theme (Stripe wants values, not var()). */
export function stripeAppearance(t: ResolvedTheme): { theme: string; variables: Record<string, string> } {
  const px = parseFloat(t.spacing);
  return {
    theme: t.dark ? 'night' : 'stripe',
    variables: {
      colorPrimary: t.accent,
      colorBackground: t.background,
      colorText: t.text,
      colorDanger: t.danger,
      fontFamily: t.font,
      borderRadius: t.radius,
      // Stripe's default unit (2px) is an eighth of our default padding (16px).
      spacingUnit: Number.isFinite(px) && px > 0 ? `${Math.max(1, Math.round(px / 8))}px` : '2px',
    },
  };
}

/**
 * Reads the theme the widget is drawn with, through a hidden probe styled with the
 * internal properties (style.ts): computed values are plain rgb()/px whatever the page
 * wrote (names, var(), em), as Stripe's appearance wants them.
 */
export function resolveTheme(probe: HTMLElement): ResolvedTheme {
  const s = getComputedStyle(probe);
  return {
    dark: s.getPropertyValue('--sp-dark').trim() === '1',
    accent: s.color,
    background: s.backgroundColor,
    text: s.borderTopColor,
    danger: s.outlineColor,
    radius: s.borderTopLeftRadius,
    font: s.fontFamily,
    spacing: s.paddingTop,
  };
}
