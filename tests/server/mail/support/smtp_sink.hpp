// A local SMTP sink for the tests: `/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT
// -c HANDLER ARGS...` on a free loopback port, stopped (SIGTERM, then SIGKILL) when the
// object is destroyed. Messages land in a maildir the handler creates; messages() reads
// them back. Bounded: start() gives up after 15 s.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace slotpay::mail::testing {

struct SinkOptions {
  std::string handler = "aiosmtpd.handlers.Mailbox";
  std::vector<std::string> handler_args;  // after the maildir
  std::vector<std::string> extra_args;    // before -c (e.g. --tlscert)
  bool implicit_tls = false;              // --smtpscert: no plain greeting to wait for
};

class SmtpSink {
 public:
  // Throws std::runtime_error if the sink does not come up.
  explicit SmtpSink(SinkOptions options = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }  // a fresh temporary folder, removed after
  std::string maildir() const { return dir_ + "/mail"; }
  // The files in the maildir's new/ folder, oldest first.
  std::vector<std::string> messages() const;
  std::string log() const;  // the sink's stdout + stderr

 private:
  bool try_start(const SinkOptions& options);
  void stop();
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// A loopback port nobody listens on right now (bound to port 0, then closed).
int free_loopback_port();

// Runs argv[0] (an absolute path) with `argv`, output to /dev/null; true when it exits 0
// within `timeout_s` (it is killed otherwise).
bool run_command(const std::vector<std::string>& argv, int timeout_s);

// The folder of these tests' files (the Python handlers), from the build.
std::string mail_tests_dir();

}  // namespace slotpay::mail::testing
