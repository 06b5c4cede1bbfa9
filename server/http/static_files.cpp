#include "http/static_files.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>

#include "http/responses.hpp"
#include "http/static_policy.hpp"

namespace slotpay::server::http {
namespace {

namespace fs = std::filesystem;

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool under_root(const fs::path& real, const fs::path& root) {
  const std::string& r = root.native();
  const std::string& p = real.native();
  std::string prefix = r.back() == '/' ? r : r + "/";
  return p.size() > prefix.size() && p.compare(0, prefix.size(), prefix) == 0;
}

// The real path of root/rel when it is a regular file under root, else empty.
fs::path resolve(const fs::path& root, const std::string& rel) {
  std::error_code ec;
  fs::path real = fs::canonical(root / rel, ec);
  if (ec || !under_root(real, root) || !fs::is_regular_file(real, ec) || ec) return {};
  return real;
}

std::shared_ptr<const std::string> read_file(const fs::path& p, size_t size) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return nullptr;
  auto bytes = std::make_shared<std::string>(size, '\0');
  in.read(bytes->data(), static_cast<std::streamsize>(size));
  if (static_cast<size_t>(in.gcount()) != size) return nullptr;  // changed while reading
  return bytes;
}

HttpResponse not_found() { return error_response({"not_found", "", "no such file", nullptr}); }

}  // namespace

StaticFiles::StaticFiles(std::vector<StaticMount> mounts, BlockingPool& pool,
                         StaticFilesOptions options)
    : pool_(pool), options_(options) {
  // Longest prefix first, so "/examples/" wins over "/".
  std::stable_sort(mounts.begin(), mounts.end(),
                   [](const auto& a, const auto& b) { return a.prefix.size() > b.prefix.size(); });
  for (auto& m : mounts) {
    std::error_code ec;
    fs::path root;
    if (!m.root.empty() && fs::is_directory(m.root, ec)) root = fs::canonical(m.root, ec);
    if (ec) root.clear();
    mounts_.push_back({std::move(m), std::move(root)});
  }
}

size_t StaticFiles::cached_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cached_bytes_;
}

void StaticFiles::find(const std::string& url_path,
                       std::function<void(std::shared_ptr<const Entry>)> done) {
  for (size_t i = 0; i < mounts_.size(); ++i) {
    const Mount& mount = mounts_[i];
    const std::string& prefix = mount.config.prefix;
    if (url_path.compare(0, prefix.size(), prefix) != 0) continue;
    if (mount.root.empty()) break;
    auto rel = safe_relative_path(std::string_view(url_path).substr(prefix.size()));
    if (!rel) break;
    std::string key = std::to_string(i) + ":" + *rel;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = cache_.find(key);
      if (it != cache_.end() &&
          steady_ms() - it->second->checked_ms.load() < options_.revalidate_ms) {
        auto entry = it->second;
        return done(std::move(entry));
      }
    }
    pool_.post(
        [this, &mount, rel = *rel, key, done = std::move(done)] { done(load(mount, rel, key)); });
    return;
  }
  done(nullptr);
}

void StaticFiles::handle(const HttpRequest& req, Respond respond) {
  // `req` stays valid until respond is called.
  find(req.path, [&req, respond = std::move(respond)](std::shared_ptr<const Entry> entry) {
    respond(entry ? answer(*entry, req) : not_found());
  });
}

void StaticFiles::read(const std::string& url_path, ReadDone done) {
  find(url_path, [done = std::move(done)](std::shared_ptr<const Entry> entry) {
    done(entry ? entry->identity.bytes : nullptr);
  });
}

std::shared_ptr<const StaticFiles::Entry> StaticFiles::load(const Mount& mount,
                                                            const std::string& rel,
                                                            const std::string& key) {
  const std::string suffixes[3] = {"", ".gz", ".br"};
  fs::path real[3];
  Stamp stamps[3];
  for (int i = 0; i < 3; ++i) {
    real[i] = resolve(mount.root, rel + suffixes[i]);
    if (real[i].empty()) continue;
    std::error_code ec1, ec2;
    stamps[i].size = fs::file_size(real[i], ec1);
    stamps[i].mtime = fs::last_write_time(real[i], ec2);
    stamps[i].exists = !ec1 && !ec2 && stamps[i].size <= options_.max_file_bytes;
  }
  if (!stamps[0].exists) return nullptr;

  std::shared_ptr<const Entry> cached;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(key);
    if (it != cache_.end()) cached = it->second;
  }
  if (cached && std::equal(std::begin(stamps), std::end(stamps), std::begin(cached->stamps))) {
    cached->checked_ms.store(steady_ms());
    return cached;
  }

  auto entry = std::make_shared<Entry>();
  Variant* variants[3] = {&entry->identity, &entry->gzip, &entry->br};
  for (int i = 0; i < 3; ++i) {
    if (!stamps[i].exists) continue;
    auto bytes = read_file(real[i], stamps[i].size);
    if (!bytes) {
      if (i == 0) return nullptr;
      stamps[i] = {};
      continue;
    }
    variants[i]->etag = make_etag(*bytes);
    entry->total_bytes += bytes->size();
    variants[i]->bytes = std::move(bytes);
  }
  std::copy(std::begin(stamps), std::end(stamps), std::begin(entry->stamps));
  entry->content_type = content_type_for(rel);
  entry->cache_control = cache_control_for(rel);
  entry->public_cors = mount.config.public_cors;
  entry->checked_ms.store(steady_ms());

  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(key);
  size_t replaced = it == cache_.end() ? 0 : it->second->total_bytes;
  if (cached_bytes_ - replaced + entry->total_bytes <= options_.max_cache_bytes) {
    cached_bytes_ = cached_bytes_ - replaced + entry->total_bytes;
    cache_[key] = entry;
  } else if (it != cache_.end()) {
    cached_bytes_ -= replaced;  // stale and the new one does not fit: keep neither
    cache_.erase(it);
  }
  return entry;
}

HttpResponse StaticFiles::answer(const Entry& entry, const HttpRequest& req) {
  bool has_variants = entry.br.bytes || entry.gzip.bytes;
  Encoding enc = choose_encoding(req.header("Accept-Encoding"), entry.br.bytes != nullptr,
                                 entry.gzip.bytes != nullptr);
  const Variant& v = enc == Encoding::br     ? entry.br
                     : enc == Encoding::gzip ? entry.gzip
                                             : entry.identity;
  HttpResponse res;
  res.headers = {
      {"Content-Type", entry.content_type},
      {"X-Content-Type-Options", "nosniff"},
      {"Cache-Control", entry.cache_control},
      {"ETag", v.etag},
      {"Accept-Ranges", "none"},
  };
  if (has_variants) res.headers.emplace_back("Vary", "Accept-Encoding");
  if (enc != Encoding::identity) res.headers.emplace_back("Content-Encoding", encoding_token(enc));
  if (entry.public_cors) {
    res.headers.emplace_back("Access-Control-Allow-Origin", "*");
    res.headers.emplace_back("Cross-Origin-Resource-Policy", "cross-origin");
  }
  std::string inm = req.header("If-None-Match");
  if (!inm.empty() && etag_matches(inm, v.etag)) {
    res.status = 304;
    return res;
  }
  res.status = 200;
  res.shared_body = v.bytes;
  return res;
}

}  // namespace slotpay::server::http
