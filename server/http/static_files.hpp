// Static files served like a CDN: folders mounted at URL prefixes (web/dist at "/",
// examples/ at "/examples/"), build-time precompressed variants (X.br, X.gz beside X)
// chosen by Accept-Encoding with Vary, long immutable caching for content-hashed names,
// short caching plus a strong ETag (304 on If-None-Match) for the rest. `Range` is
// ignored (always the whole file, 200). Nothing is compressed at request time.
//
// Files are read from disk on the blocking pool, never on an io thread, and kept in
// memory (up to max_cache_bytes in all); a cached file is checked against the disk
// (size and mtime of it and its variants) at most every revalidate_ms, also on the pool.
// Paths cannot leave a mount: hidden and ".." segments are refused, and the resolved
// file (symlinks followed) must lie under the mount's resolved root. Thread-safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/blocking_pool.hpp"
#include "http/message.hpp"

namespace slotpay::server::http {

struct StaticMount {
  std::string prefix;  // URL prefix ending in '/': "/", "/examples/"
  std::string root;    // folder on disk; a missing folder serves nothing
  // Public widget assets: Access-Control-Allow-Origin: * and
  // Cross-Origin-Resource-Policy: cross-origin (merchant pages on any origin load them).
  bool public_cors = false;
};

struct StaticFilesOptions {
  size_t max_file_bytes = 32u << 20;    // larger files are not served (404)
  size_t max_cache_bytes = 128u << 20;  // beyond it files are read per request, not kept
  int64_t revalidate_ms = 1000;         // how stale a cached file's disk check may be
};

class StaticFiles {
 public:
  StaticFiles(std::vector<StaticMount> mounts, BlockingPool& pool, StaticFilesOptions options = {});

  // The router's fallback for GET and HEAD: the file, 304, or 404 not_found.
  void handle(const HttpRequest& req, Respond respond);

  // The bytes of the file `url_path` names (identity encoding), as handle() would serve
  // them, or null when there is none. `done` is called once: at once for a fresh cache
  // entry, else on the pool. For routes that build a page from a file (embed.html).
  using ReadDone = std::function<void(std::shared_ptr<const std::string>)>;
  void read(const std::string& url_path, ReadDone done);

  size_t cached_bytes() const;

 private:
  struct Variant {
    std::shared_ptr<const std::string> bytes;  // null: no such variant
    std::string etag;
  };
  struct Stamp {
    bool exists = false;
    uintmax_t size = 0;
    std::filesystem::file_time_type mtime{};
    bool operator==(const Stamp&) const = default;
  };
  struct Entry {
    Variant identity, gzip, br;
    Stamp stamps[3];  // identity, gzip, br
    std::string content_type, cache_control;
    bool public_cors = false;
    size_t total_bytes = 0;
    mutable std::atomic<int64_t> checked_ms{0};
  };
  struct Mount {
    StaticMount config;
    std::filesystem::path root;  // canonical; empty when the folder is missing
  };

  // On the pool: the cached entry if the disk still agrees, else a fresh one (cached
  // when it fits), or null when there is no servable file.
  std::shared_ptr<const Entry> load(const Mount& mount, const std::string& rel,
                                    const std::string& key);
  static HttpResponse answer(const Entry& entry, const HttpRequest& req);
  // Finds the entry for `url_path`: calls done(entry or null) at once when the cache is
  // fresh or the path names no file, else from the pool.
  void find(const std::string& url_path, std::function<void(std::shared_ptr<const Entry>)> done);

  std::vector<Mount> mounts_;
  BlockingPool& pool_;
  StaticFilesOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> cache_;
  size_t cached_bytes_ = 0;
};

}  // namespace slotpay::server::http
