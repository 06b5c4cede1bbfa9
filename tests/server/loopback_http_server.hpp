// A scripted HTTP/1.1 server on 127.0.0.1 (port 0) for the Stripe client's tests: each
// request is answered as the script says (respond, delay, never answer, reset midway,
// close), optionally over TLS. Records every request and connection. Beast stays in the
// .cpp. Starts in the constructor, stops in the destructor.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slotpay::server::testing {

struct SeenRequest {
  int connection = 0;  // 1-based accept order
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::string tls_server_name;  // SNI the client sent (TLS only; empty without)
};

struct ScriptedAnswer {
  enum class Kind {
    kRespond,
    kNeverAnswer,        // read the request, answer nothing (until the client gives up)
    kResetMidResponse,   // send the head and part of the body, then reset the connection
    kCloseWithoutAnswer  // close the connection (FIN) instead of answering
  };
  Kind kind = Kind::kRespond;
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body = R"({"id":"pi_1","object":"payment_intent"})";
  int delay_ms = 0;          // answer after this long
  bool close_after = false;  // close right after answering, while announcing keep-alive
};

// index: 0-based count of requests the server has seen before this one.
using Script = std::function<ScriptedAnswer(const SeenRequest&, int index)>;

struct TlsFiles {
  std::string cert_chain_file;  // PEM
  std::string key_file;         // PEM
};

class LoopbackHttpServer {
 public:
  explicit LoopbackHttpServer(Script script, std::optional<TlsFiles> tls = std::nullopt);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  int port() const;
  std::string base_url(const std::string& host = "127.0.0.1") const;  // scheme://host:port
  std::vector<SeenRequest> requests() const;
  int connections() const;                 // accepted so far
  int max_concurrent_connections() const;  // most open at once

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

// A throwaway CA and server certificates under a temporary directory, made with the
// openssl command line; the directory is removed by the destructor.
class TestPki {
 public:
  TestPki();
  ~TestPki();
  // A certificate signed by the CA for these subjectAltNames ("DNS:localhost",
  // "IP:127.0.0.1"); returns its files.
  TlsFiles issue(const std::string& name, const std::vector<std::string>& subject_alt_names);
  const std::string& ca_file() const { return ca_file_; }

 private:
  std::string dir_;
  std::string ca_file_;
};

}  // namespace slotpay::server::testing
