#include "store/postgres/postgres_store.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "app/log.hpp"
#include "store/callback_runner.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_schema.hpp"
#include "store/postgres/pg_session.hpp"

namespace slotpay::server {
namespace {

struct WriteItem {
  BookingStore::WriteJob job;
  BookingStore::WriteDone done;
};

}  // namespace

class PostgresStore::Impl {
 public:
  explicit Impl(PostgresStoreOptions options) : options_(std::move(options)) {
    conn_options_.url = options_.url;
    conn_options_.connect_timeout_s = options_.connect_timeout_s;
    conn_options_.statement_timeout_ms = options_.statement_timeout_ms;
    conn_options_.application_name = options_.application_name;
    {
      // Migrations may take longer than a request's statement timeout.
      pg::ConnectionOptions migrate_options = conn_options_;
      migrate_options.statement_timeout_ms = 0;
      migrate_options.application_name = "slotpay-server migrate";
      pg::Connection conn(migrate_options);
      connections_++;
      version_ = options_.migrate ? pg::migrate(conn) : pg::schema_version(conn);
    }
    for (int i = 0; i < std::max(1, options_.write_connections); ++i)
      write_threads_.emplace_back([this] { write_loop(); });
    for (int i = 0; i < std::max(1, options_.read_connections); ++i)
      read_threads_.emplace_back([this] { read_loop(); });
  }

  ~Impl() { shutdown(); }

  int version() const { return version_; }

  void read(ReadJob job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!stopping_) {
        reads_.push_back(std::move(job));
        read_cv_.notify_one();
        return;
      }
    }
    log_error("store stopped: read dropped");
  }

  void write(WriteJob job, WriteDone done) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!stopping_) {
        writes_.push_back({std::move(job), std::move(done)});
        write_cv_.notify_one();
        return;
      }
    }
    if (done) done(WriteResult{false, "store stopped", false});
  }

  void shutdown() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    write_cv_.notify_all();
    read_cv_.notify_all();
    for (auto* pool : {&write_threads_, &read_threads_})
      for (auto& t : *pool)
        if (t.joinable()) t.join();
    callbacks_.stop();
  }

  Stats stats() const { return Stats{commits_.load(), write_jobs_.load(), connections_.load()}; }

 private:
  // Opens `conn` when it has none and runs `begin`. A connection that was open but
  // turns out dead (the database restarted while it sat idle) is replaced once.
  void begin(std::unique_ptr<pg::Connection>& conn, const char* begin_sql) {
    for (bool retried = false;; retried = true) {
      bool fresh = !conn;
      try {
        if (fresh) {
          conn = std::make_unique<pg::Connection>(conn_options_);
          connections_++;
        }
        conn->exec(begin_sql);
        return;
      } catch (const StoreUnavailable&) {
        conn.reset();
        if (fresh || retried) throw;
      }
    }
  }

  // Ends the transaction when the job left it open (the job threw); drops a
  // connection that is no longer usable.
  static void finish(std::unique_ptr<pg::Connection>& conn, bool rollback) {
    if (!conn) return;
    if (rollback && conn->ok()) {
      try {
        conn->exec("ROLLBACK");
      } catch (const StoreError&) {
      }
    }
    if (!conn->ok()) conn.reset();
  }

  void read_loop() {
    std::unique_ptr<pg::Connection> conn;
    for (;;) {
      ReadJob job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        read_cv_.wait(lock, [&] { return stopping_ || !reads_.empty(); });
        if (reads_.empty()) return;
        job = std::move(reads_.front());
        reads_.pop_front();
      }
      run_read(job, conn);
    }
  }

  void run_read(const ReadJob& job, std::unique_ptr<pg::Connection>& conn) {
    try {
      begin(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    } catch (const StoreError& e) {
      UnavailableReader unavailable(e.what());
      run_guarded(job, unavailable);
      return;
    }
    pg::Session session(*conn, false);
    run_guarded(job, session);
    finish(conn, true);  // read-only: ROLLBACK ends it as well as COMMIT would
  }

  static void run_guarded(const ReadJob& job, StoreReader& reader) {
    try {
      job(reader);
    } catch (const std::exception& e) {
      log_error("store read job failed", {{"error", e.what()}});
    } catch (...) {
      log_error("store read job failed");
    }
  }

  void write_loop() {
    std::unique_ptr<pg::Connection> conn;
    for (;;) {
      WriteItem item;
      {
        std::unique_lock<std::mutex> lock(mu_);
        write_cv_.wait(lock, [&] { return stopping_ || !writes_.empty(); });
        if (writes_.empty()) return;
        item = std::move(writes_.front());
        writes_.pop_front();
      }
      WriteResult result = run_write(item.job, conn);
      write_jobs_++;
      if (item.done)
        callbacks_.post([done = std::move(item.done), r = std::move(result)] { done(r); });
    }
  }

  WriteResult run_write(const WriteJob& job, std::unique_ptr<pg::Connection>& conn) {
    WriteResult result;
    try {
      begin(conn, "BEGIN");
    } catch (const StoreError& e) {
      result.error = e.what();
      result.unavailable = dynamic_cast<const StoreUnavailable*>(&e) != nullptr;
      return result;
    }
    bool keep = false;
    try {
      pg::Session session(*conn, true);
      keep = job(session);
    } catch (const StoreUnavailable& e) {
      result.error = e.what();
      result.unavailable = true;
    } catch (const std::exception& e) {
      result.error = e.what();
    } catch (...) {
      result.error = "write job failed";
    }
    if (keep && result.error.empty()) {
      try {
        conn->commit();
        result.committed = true;
        commits_++;
      } catch (const StoreUnavailable& e) {
        result.error = e.what();
        result.unavailable = true;
      } catch (const StoreError& e) {
        result.error = e.what();  // rolled back by the server (a failed statement)
      }
      finish(conn, false);
    } else {
      finish(conn, true);
    }
    if (!result.error.empty() && !result.unavailable)
      log_error("store write failed", {{"error", result.error}});
    return result;
  }

  PostgresStoreOptions options_;
  pg::ConnectionOptions conn_options_;
  int version_ = 0;

  std::mutex mu_;
  std::condition_variable write_cv_, read_cv_;
  std::deque<WriteItem> writes_;
  std::deque<ReadJob> reads_;
  bool stopping_ = false;
  std::vector<std::thread> write_threads_, read_threads_;
  std::atomic<uint64_t> commits_{0}, write_jobs_{0}, connections_{0};
  // Write callbacks run here, not on the connections' threads.
  CallbackRunner callbacks_{options_.callback_threads};
};

PostgresStore::PostgresStore(PostgresStoreOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

PostgresStore::~PostgresStore() = default;

int PostgresStore::schema_version() const { return impl_->version(); }
void PostgresStore::read(ReadJob job) { impl_->read(std::move(job)); }
void PostgresStore::write(WriteJob job, WriteDone done) {
  impl_->write(std::move(job), std::move(done));
}
void PostgresStore::shutdown() { impl_->shutdown(); }
PostgresStore::Stats PostgresStore::stats() const { return impl_->stats(); }

}  // namespace slotpay::server
