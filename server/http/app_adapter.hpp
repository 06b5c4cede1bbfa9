// THE ADAPTER between the HTTP handlers and today's synchronous app.
//
// BookingService and the store behind it block (SQLite on disk, Stripe over the
// network), and handlers run on io threads, which must never block. Until the app is
// asynchronous (issue #8, branch `app`: use cases that take a Reply), every handler puts
// its app work in one `call_app` job: the job runs on a small blocking pool, returns the
// whole HTTP answer, and `respond` is called from the pool thread. An exception from the
// job becomes a generic 500 (detail logged only).
//
// To go asynchronous: replace each call_app(...) with the use case's direct call, whose
// Reply builds the response (result_response) and calls respond; then delete this file.
#pragma once

#include <functional>

#include "http/blocking_pool.hpp"
#include "http/message.hpp"

namespace slotpay::server::http {

using AppJob = std::function<HttpResponse()>;

void call_app(BlockingPool& pool, AppJob job, Respond respond);

}  // namespace slotpay::server::http
