// The language tables other than English, one file each (strings_<tag>.cpp), gathered by
// strings.cpp into the table list. Internal to server/mail: callers use mail_strings().
// Each is constant-initialized (string literals and constant arrays only), so the list
// can be read from any thread at any time.
#pragma once

#include "mail/strings.hpp"

namespace slotpay::mail {

extern const MailStrings kSpanish;           // es (strings_es.cpp)
extern const MailStrings kFrench;            // fr (strings_fr.cpp)
extern const MailStrings kGerman;            // de (strings_de.cpp)
extern const MailStrings kPortugueseBrazil;  // pt-BR (strings_pt_br.cpp)
extern const MailStrings kJapanese;          // ja (strings_ja.cpp)
extern const MailStrings kArabic;            // ar (strings_ar.cpp)

}  // namespace slotpay::mail
