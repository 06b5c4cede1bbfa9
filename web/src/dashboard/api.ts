// The merchant API as the dashboard calls it: same origin, the session cookie, and the
// session's CSRF token on every change (POST, PUT, PATCH, DELETE), as the server's guard
// requires (server/http/merchant_guard.hpp). Errors keep the server's shape.

export interface ApiErrorBody {
  code: string;
  field?: string;
  message: string;
  errors?: { code: string; field: string; message: string }[];
  details?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message || body.code);
  }
}

let csrf = '';
// Called when the session has ended (expired, signed out elsewhere, password changed on
// another device): the app goes back to the sign-in page instead of showing errors.
let sessionEnded: () => void = () => {};
export const onSessionEnded = (f: () => void) => {
  sessionEnded = f;
};
export const setCsrf = (token: string) => {
  csrf = token || '';
};

export async function call<T = any>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const h: Record<string, string> = { ...headers };
  if (method !== 'GET') h['x-csrf-token'] = csrf;
  if (body !== undefined) h['content-type'] = 'application/json';
  const r = await fetch(path, {
    method,
    headers: h,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!r.ok) {
    const e = data?.error ?? { code: 'http_' + r.status, message: `The server answered ${r.status}.` };
    // invalid_catalog carries every core error; keep them beside the first.
    if (Array.isArray(data?.errors)) e.errors = data.errors;
    if (Array.isArray(data?.error?.details)) e.errors = data.error.details;
    if (r.status === 401 && (e.code === 'unauthorized' || e.code === 'session_expired')) sessionEnded();
    throw new ApiError(r.status, e);
  }
  return data as T;
}

/** A fresh Idempotency-Key: one per refund the merchant asks for (a retry reuses it). */
export const idempotencyKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
