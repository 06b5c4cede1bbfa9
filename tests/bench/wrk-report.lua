-- wrk: one machine-readable line at the end of a run (bench-server.sh parses it).
-- Latencies in milliseconds, of the answered requests only; non2xx counts answers
-- outside 200-399; socket_errors are connect/read/write errors and timeouts;
-- unanswered = requests sent and not answered when the run stopped. wrk's latencies
-- leave those out, so a server that lets connections wait shows here, not in p99 (a
-- fair one leaves about req/s x latency in flight, at most one per connection).
--
-- Scripts that build their own requests call sent() from request(); dofile this first.
local threads = {}
function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

sent_count = 0
function sent(req)
  sent_count = sent_count + 1
  return req
end

request = function()
  return sent(wrk.request())
end

function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("sent_count") end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f non2xx=%d socket_errors=%d unanswered=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, math.max(0, n - summary.requests)))
end
