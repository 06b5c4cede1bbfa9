// BookingService's face for pay-by-link (issue #11 item 3; pay_by_link.hpp): each call
// counted in flight (tracked) like the other use cases.
#include "app/booking_service.hpp"
#include "app/pay_by_link.hpp"

namespace slotpay::server {

void BookingService::phone_booking(const BookingScope& scope, const nlohmann::json& body,
                                   Reply reply) {
  phone_booking_use_case(ctx_, sync_, scope, body, tracked(std::move(reply)));
}

void BookingService::pay_link(const BookingScope& scope, bool send_email, Reply reply) {
  merchant_pay_link_use_case(ctx_, scope, send_email, tracked(std::move(reply)));
}

void BookingService::pay_view(const std::string& token, Reply reply) {
  pay_view_use_case(ctx_, token, tracked(std::move(reply)));
}

void BookingService::pay_intent(const std::string& token, Reply reply) {
  pay_intent_use_case(ctx_, sync_, token, tracked(std::move(reply)));
}

}  // namespace slotpay::server
