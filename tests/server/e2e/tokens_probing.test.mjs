// Issue #9, item 6 end to end: the access token only in Authorization; booking routes
// answer the same whether an id exists or not (preflights by origin alone, refusals
// with the same status, body and CORS headers); client_secret only while awaiting
// payment.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, srv;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock);
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

const corsOf = (r) => [r.status, r.headers.get('access-control-allow-origin'), r.headers.get('access-control-allow-methods')];

test('the token in a query string is refused, in Authorization accepted', async () => {
  const r = await h.book(srv, 'class', h.slotStart(23, '10:00'));
  assert.equal(r.status, 201, r.text);
  const q = await h.api(srv, 'GET', `/v1/bookings/${r.body.booking.id}?access_token=${r.body.access_token}`);
  assert.equal(q.status, 400, q.text);
  assert.equal(q.body.error.code, 'token_in_query');
  assert.ok(!q.text.includes(r.body.access_token), 'the token is not echoed');
  const ok = await h.api(srv, 'GET', `/v1/bookings/${r.body.booking.id}`, { token: r.body.access_token });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(typeof ok.body.booking.payment.client_secret, 'string', 'awaiting payment: the secret');
});

test('preflights and refusals do not tell whether a booking exists', async () => {
  const r = await h.book(srv, 'class', h.slotStart(23, '11:00'));
  assert.equal(r.status, 201, r.text);
  const real = r.body.booking.id;
  const fake = 'bk_000000000000000000000000';
  for (const origin of ['https://salon.example', 'https://evil.example']) {
    const headers = { origin, 'access-control-request-method': 'POST' };
    for (const suffix of ['', '/cancel']) {
      const a = await h.api(srv, 'OPTIONS', `/v1/bookings/${real}${suffix}`, { headers });
      const b = await h.api(srv, 'OPTIONS', `/v1/bookings/${fake}${suffix}`, { headers });
      assert.deepEqual(corsOf(a), corsOf(b), `OPTIONS ${suffix} from ${origin}`);
      assert.equal(a.status, 204);
    }
    const wrong = 'f'.repeat(64);
    const sa = await h.api(srv, 'GET', `/v1/bookings/${real}`, { token: wrong, headers: { origin } });
    const sb = await h.api(srv, 'GET', `/v1/bookings/${fake}`, { token: wrong, headers: { origin } });
    assert.deepEqual([...corsOf(sa), sa.text], [...corsOf(sb), sb.text], `status from ${origin}`);
    assert.equal(sa.status, 404);
    const ca = await h.api(srv, 'POST', `/v1/bookings/${real}/cancel`, { token: wrong, headers: { origin } });
    const cb = await h.api(srv, 'POST', `/v1/bookings/${fake}/cancel`, { token: wrong, headers: { origin } });
    assert.deepEqual([...corsOf(ca), ca.text], [...corsOf(cb), cb.text], `cancel from ${origin}`);
    assert.equal(ca.status, 404);
  }
  // The right token from a foreign origin cannot cancel either (and says the same).
  const foreign = await h.api(srv, 'POST', `/v1/bookings/${real}/cancel`, {
    token: r.body.access_token, headers: { origin: 'https://evil.example' },
  });
  assert.equal(foreign.status, 404, foreign.text);
  const still = await h.api(srv, 'GET', `/v1/bookings/${real}`, { token: r.body.access_token });
  assert.equal(still.body.booking.status, 'awaiting_payment');
});

test('client_secret is not returned once the booking no longer awaits payment', async () => {
  const r = await h.book(srv, 'class', h.slotStart(23, '12:00'));
  assert.equal(r.status, 201, r.text);
  const c = await h.api(srv, 'POST', `/v1/bookings/${r.body.booking.id}/cancel`, { token: r.body.access_token });
  assert.equal(c.status, 200, c.text);
  const s = await h.api(srv, 'GET', `/v1/bookings/${r.body.booking.id}`, { token: r.body.access_token });
  assert.equal(s.status, 200);
  assert.equal(s.body.booking.payment.client_secret, undefined);
});
