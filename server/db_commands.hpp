// `slotpay-server migrate` and `slotpay-server check-db`: the database chores an
// operator runs before or beside the servers.
//   migrate   applies the migrations this build knows (under the migration lock, so it
//             is safe while other instances start) and prints the schema version;
//   check-db  connects, makes one round trip and compares the schema version with this
//             build's: exit 0 when reachable and current, 1 when the schema is behind
//             or ahead, 2 when the database cannot be reached or opened.
// Both take --db (or SLOTPAY_DATABASE_URL / SLOTPAY_DB) like the server, and print
// one JSON line on stdout.
#pragma once

#include <string>

namespace slotpay::server {

bool is_db_command(const std::string& arg);
// argv[1] is the command; returns the process exit code.
int run_db_command(int argc, char** argv);

}  // namespace slotpay::server
