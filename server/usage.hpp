// slotpay-server's --help text: every flag and environment variable, in one place.
#pragma once

namespace slotpay::server {

const char* server_usage();

}  // namespace slotpay::server
