// BookingService's face for the merchant's Stripe connection (stripe_connect.hpp): each
// call counted in flight (tracked) like the other use cases.
#include "app/booking_service.hpp"

namespace slotpay::server {

void BookingService::stripe_connect(const ConnectRequest& req, Reply reply) {
  stripe_connect_use_case(ctx_, req, tracked(std::move(reply)));
}

void BookingService::stripe_return(const std::string& merchant_id, Reply reply) {
  stripe_return_use_case(ctx_, merchant_id, tracked(std::move(reply)));
}

void BookingService::stripe_status(const std::string& merchant_id, const std::string& webhook_url,
                                   Reply reply) {
  stripe_status_use_case(ctx_, merchant_id, webhook_url, tracked(std::move(reply)));
}

void BookingService::stripe_dashboard_link(const std::string& merchant_id, Reply reply) {
  stripe_dashboard_link_use_case(ctx_, merchant_id, tracked(std::move(reply)));
}

void BookingService::stripe_keys_save(const KeysRequest& req, Reply reply) {
  stripe_keys_save_use_case(ctx_, req, tracked(std::move(reply)));
}

void BookingService::stripe_keys_delete(const std::string& merchant_id, const std::string& mode,
                                        Reply reply) {
  stripe_keys_delete_use_case(ctx_, merchant_id, mode, tracked(std::move(reply)));
}

void BookingService::payment_domains(const std::string& merchant_id, Reply reply) {
  payment_domains_use_case(ctx_, merchant_id, tracked(std::move(reply)));
}

void BookingService::sync_payment_domains(const std::string& merchant_id,
                                          const std::string& server_origin, Reply reply) {
  sync_payment_domains_use_case(ctx_, merchant_id, server_origin, tracked(std::move(reply)));
}

void BookingService::merchant_webhook(const std::string& merchant_id, const std::string& raw_body,
                                      const std::string& signature_header, Reply reply) {
  merchant_webhook_use_case(ctx_, sync_, merchant_id, raw_body, signature_header,
                            tracked(std::move(reply)));
}

}  // namespace slotpay::server
