// postMessage between the iframe page and its host, penpal-style:
// outbound names the exact target origin (never "*"); inbound checks source, origin
// and the envelope's shape.

export const NS = 'slotpay';
export const V = 1;
export type MessageType = 'ready' | 'resize' | 'booked' | 'error';

export interface Envelope {
  ns: typeof NS;
  v: typeof V;
  type: string;
  payload: unknown;
}

/** An http(s) origin exactly as URL.origin spells it, or null ("*", "null", paths, junk). */
export function parseOrigin(value: string | null | undefined): string | null {
  if (!value || value.length > 2048) return null;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  // Only a bare origin is accepted: "https://shop.example" (a trailing "/" is tolerated).
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) return null;
  return u.origin;
}

export function isEnvelope(data: unknown): data is Envelope {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return (
    d.ns === NS && d.v === V && typeof d.type === 'string' && d.type.length > 0 && d.type.length <= 32 && 'payload' in d
  );
}

export function envelope(type: MessageType, payload: unknown): Envelope {
  return { ns: NS, v: V, type, payload };
}

export type ParentVerdict = { origin: string | null } | { error: 'forbidden_parent' };

/**
 * embed.html's `parent` query parameter against the origins the merchant allows (the
 * server writes them, space-separated, into the page's `slotpay-parents` meta; they are
 * the page's frame-ancestors too). No parameter: no origin (the widget works and posts
 * nothing). A parameter that is not one of those origins (or not an origin at all): an
 * error, so the page says so and posts nothing, instead of talking to a page the
 * merchant never named.
 */
export function parentVerdict(param: string | null, allowed: string | null | undefined): ParentVerdict {
  if (param === null || param === '') return { origin: null };
  const origin = parseOrigin(param);
  const list = (allowed ?? '')
    .split(/\s+/)
    .map((o) => parseOrigin(o))
    .filter((o): o is string => o !== null);
  return origin !== null && list.includes(origin) ? { origin } : { error: 'forbidden_parent' };
}
