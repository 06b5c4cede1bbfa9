-- wrk: PaymentIntent creations against the Stripe stand-in, each with its own
-- Idempotency-Key, to check what the stand-in sustains:
--   node tests/bench/stripe-standin.mjs --port 12199 &
--   wrk -t2 -c1000 -d10s --timeout 30s -s tests/bench/standin-load.lua http://127.0.0.1:12199
dofile("tests/bench/wrk-report.lua")

local n = 0
request = function()
  n = n + 1
  return sent(wrk.format("POST", "/v1/payment_intents", {
    ["Authorization"] = "Bearer sk_test_standin_load",
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Stripe-Account"] = "acct_1StandinLoad",
    ["Idempotency-Key"] = string.format("load_%d_%d", thread_index or 0, n),
  }, string.format("amount=2000&currency=usd&automatic_payment_methods[enabled]=true&metadata[booking_id]=bk_%d_%d", thread_index or 0, n)))
end
