// What the customer (status, create and cancel answers) and the operator (admin list)
// see of a booking. The JSON shapes are the API's; the values come from the typed record.
// The customer's view is written as JSON text (json_text.hpp): it is on the path of
// every booking created.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/catalog_cache.hpp"
#include "app/client_secret_box.hpp"
#include "store/booking_store.hpp"

namespace slotpay::server {

// The customer's view as JSON text: id, merchant_id, status, booking (service, staff,
// start, end, quantity in the merchant's zone), customer, quote, amounts, and the
// payment block for online payments (the client secret only while payment is
// possible). `catalog` is the booking's catalog version (for its zone; UTC offsets when
// it is unavailable); `merchant` may be null.
std::string booking_view(const BookingRecord& b, const CatalogEntry* catalog,
                         const Merchant* merchant, const std::string& publishable_key);

// The record with its stored client_secret opened (it is stored sealed), for the answers
// that show it to the token holder (create, status, extend-hold). A secret that does not
// open (sealed under another key) becomes empty: not shown.
BookingRecord with_secret_opened(const BookingRecord& b, const ClientSecretBox& box);

// The operator's row (admin list).
nlohmann::ordered_json admin_booking_row(const BookingRecord& b, const CatalogEntry* catalog);

// {"service","staff","start","end","quantity"} of a booking as JSON text, as the core
// writes it.
std::string booked_slot(const BookingRecord& b, const CatalogEntry* catalog);

}  // namespace slotpay::server
