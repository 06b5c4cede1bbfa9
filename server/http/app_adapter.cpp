#include "http/app_adapter.hpp"

#include "app/log.hpp"
#include "http/responses.hpp"

namespace slotpay::server::http {

void call_app(BlockingPool& pool, AppJob job, Respond respond) {
  pool.post([job = std::move(job), respond = std::move(respond)] {
    HttpResponse res;
    try {
      res = job();
    } catch (const std::exception& e) {
      log_error("unhandled error", {{"error", e.what()}});
      res = error_response({"internal_error", "", "internal error", nullptr});
    }
    respond(std::move(res));
  });
}

}  // namespace slotpay::server::http
