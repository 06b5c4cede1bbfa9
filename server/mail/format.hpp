// Money, dates and the cancellation policy written out for people, in one language's
// words (strings.hpp). Money comes from integer amounts and the core's currency facts,
// never floating point; dates from the core's zone rules. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mail/strings.hpp"
#include "slotpay/catalog.hpp"
#include "slotpay/currency.hpp"
#include "slotpay/time.hpp"
#include "slotpay/timezone.hpp"

namespace slotpay::mail {

// "$1,234.50", "¥1,235", "ISK 1,234", "KWD 1.250". Decimal places follow the currency's
// exponent, except for currencies charged in whole units but written in hundredths
// (ISK, UGX), which show none when the amount is whole (as the widget shows them).
// Negative amounts get a leading "-".
std::string format_money(int64_t amount, const Currency& currency, const MailStrings& s);

// "Sunday, March 8, 2026".
std::string format_date(const LocalDate& d, const MailStrings& s);
// "Sun Mar 8", "dim. 8 mars", "3月8日(日)" (subjects).
std::string format_date_short(const LocalDate& d, const MailStrings& s);
// "9:00 AM" / "09:00" / "9:00" (the table's clock).
std::string format_time(const LocalDateTime& t, const MailStrings& s);
// "UTC-04:00", "UTC+05:45", "UTC" for zero.
std::string format_utc_offset(int offset_seconds);
// "Sunday, March 8, 2026, 9:00 AM" in `zone`.
std::string format_instant(Instant t, const TimeZone& zone, const MailStrings& s);
// "Sunday, March 8, 2026, 9:00 AM – 10:00 AM (America/New_York time, UTC-04:00)"; the end
// gets its own date when it falls on another local day, and the offset is the start's.
std::string format_span(Instant start, Instant end, const TimeZone& zone, const MailStrings& s);

// The cancellation policy as sentences, computed with the core's cancellation_outcome
// for `paid` (what was charged online) at the edges of each window, so the words say
// exactly what a cancellation would refund. Empty when the policy cannot be evaluated
// (an amount that is not chargeable: nothing is promised then).
std::vector<std::string> policy_sentences(const CancellationPolicy& policy, int64_t paid,
                                          const Currency& currency, bool paid_is_deposit,
                                          Instant start, const TimeZone& zone,
                                          const MailStrings& s);

}  // namespace slotpay::mail
