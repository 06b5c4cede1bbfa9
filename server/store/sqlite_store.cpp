#include "store/sqlite_store.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "app/log.hpp"
#include "store/callback_runner.hpp"
#include "store/sqlite_connection.hpp"
#include "store/sqlite_schema.hpp"
#include "store/sqlite_session.hpp"

namespace slotpay::server {

struct WriteItem {
  BookingStore::WriteJob job;
  BookingStore::WriteDone done;
};

class SqliteStore::Impl {
 public:
  Impl(const std::string& path, SqliteStoreOptions options) : options_(options) {
    if (path == ":memory:" || path.empty()) options_.readers = 0;
    if (options_.max_batch < 1) options_.max_batch = 1;
    writer_ = std::make_unique<sqlite::Connection>(path, false);
    writer_->exec("PRAGMA journal_mode=WAL");
    // WAL + NORMAL survives a process crash (SIGKILL): committed transactions are in
    // the WAL file before COMMIT returns; only an OS crash could lose the last ones.
    writer_->exec("PRAGMA synchronous=NORMAL");
    if (options_.migrate) sqlite::migrate(*writer_);
    version_ = sqlite::schema_version(*writer_);
    for (int i = 0; i < options_.readers; ++i)
      readers_.push_back(std::make_unique<sqlite::Connection>(path, true));
    writer_thread_ = std::thread([this] { write_loop(); });
    for (auto& conn : readers_)
      reader_threads_.emplace_back([this, c = conn.get()] { read_loop(*c); });
  }

  ~Impl() { shutdown(); }

  int version() const { return version_; }

  void read(ReadJob job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!stopping_) {
        reads_.push_back(std::move(job));
        (options_.readers > 0 ? read_cv_ : write_cv_).notify_one();
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
    if (done) done(WriteResult{false, "store stopped"});
  }

  void shutdown() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    write_cv_.notify_all();
    read_cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
    for (auto& t : reader_threads_)
      if (t.joinable()) t.join();
    callbacks_.stop();
  }

  Stats stats() const { return Stats{commits_.load(), write_jobs_.load()}; }

 private:
  // One read transaction per job: everything it reads comes from one snapshot.
  static void run_read(const ReadJob& job, sqlite::Connection& conn, bool own_transaction) {
    sqlite::Session session(conn);
    if (own_transaction) {
      try {
        conn.query("BEGIN").step();
      } catch (const std::exception& e) {
        // The job still runs once (booking_store.hpp): its reads fail.
        UnavailableReader unavailable(e.what());
        try {
          job(unavailable);
        } catch (...) {
          log_error("store read job failed", {{"error", e.what()}});
        }
        return;
      }
    }
    try {
      job(session);
    } catch (const std::exception& e) {
      log_error("store read job failed", {{"error", e.what()}});
    } catch (...) {
      log_error("store read job failed");
    }
    if (own_transaction) {
      try {
        conn.query("COMMIT").step();
      } catch (...) {
        conn.exec("ROLLBACK");
      }
    }
  }

  void read_loop(sqlite::Connection& conn) {
    for (;;) {
      ReadJob job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        read_cv_.wait(lock, [&] { return stopping_ || !reads_.empty(); });
        if (reads_.empty()) return;  // stopping, nothing left
        job = std::move(reads_.front());
        reads_.pop_front();
      }
      run_read(job, conn, true);
    }
  }

  void write_loop() {
    for (;;) {
      std::vector<WriteItem> batch;
      std::deque<ReadJob> reads;  // only without read threads
      {
        std::unique_lock<std::mutex> lock(mu_);
        write_cv_.wait(lock, [&] {
          return stopping_ || !writes_.empty() || (options_.readers == 0 && !reads_.empty());
        });
        if (options_.readers == 0) reads.swap(reads_);
        while (!writes_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
          batch.push_back(std::move(writes_.front()));
          writes_.pop_front();
        }
        if (batch.empty() && reads.empty() && stopping_) return;
      }
      for (const auto& job : reads) run_read(job, *writer_, true);
      if (!batch.empty()) run_batch(batch);
    }
  }

  // One transaction for the whole batch; each job in its own savepoint.
  void run_batch(std::vector<WriteItem>& batch) {
    std::vector<WriteResult> results(batch.size());
    sqlite::Session session(*writer_);
    auto run = [&](const char* sql) { writer_->query(sql).step(); };  // prepared once
    try {
      run("BEGIN IMMEDIATE");
      bool any = false;
      for (size_t i = 0; i < batch.size(); ++i) {
        run("SAVEPOINT job");
        bool keep = false;
        try {
          keep = batch[i].job(session);
        } catch (const std::exception& e) {
          results[i].error = e.what();
        } catch (...) {
          results[i].error = "write job failed";
        }
        if (keep) {
          run("RELEASE job");
          results[i].committed = true;
          any = true;
        } else {
          run("ROLLBACK TO job");
          run("RELEASE job");
        }
      }
      run(any ? "COMMIT" : "ROLLBACK");
      if (any) commits_++;
    } catch (const std::exception& e) {
      // BEGIN, a savepoint or COMMIT failed (disk full, I/O error): nothing is kept.
      try {
        writer_->exec("ROLLBACK");
      } catch (...) {
      }
      for (auto& r : results) {
        r.committed = false;
        if (r.error.empty()) r.error = e.what();
      }
      log_error("store write failed", {{"error", e.what()}});
    }
    write_jobs_ += batch.size();
    std::vector<std::function<void()>> callbacks;
    for (size_t i = 0; i < batch.size(); ++i)
      if (batch[i].done)
        callbacks.push_back(
            [done = std::move(batch[i].done), r = std::move(results[i])] { done(r); });
    callbacks_.post_all(std::move(callbacks));
  }

  SqliteStoreOptions options_;
  std::unique_ptr<sqlite::Connection> writer_;
  std::vector<std::unique_ptr<sqlite::Connection>> readers_;
  int version_ = 0;

  std::mutex mu_;
  std::condition_variable write_cv_, read_cv_;
  std::deque<WriteItem> writes_;
  std::deque<ReadJob> reads_;
  bool stopping_ = false;
  std::thread writer_thread_;
  std::vector<std::thread> reader_threads_;
  std::atomic<uint64_t> commits_{0}, write_jobs_{0};
  // Write callbacks run here, not on the writer thread, which does store work only.
  CallbackRunner callbacks_{options_.callback_threads};
};

SqliteStore::SqliteStore(const std::string& path, SqliteStoreOptions options)
    : impl_(std::make_unique<Impl>(path, options)) {}

SqliteStore::~SqliteStore() = default;

int SqliteStore::schema_version() const { return impl_->version(); }
void SqliteStore::read(ReadJob job) { impl_->read(std::move(job)); }
void SqliteStore::write(WriteJob job, WriteDone done) {
  impl_->write(std::move(job), std::move(done));
}
void SqliteStore::shutdown() { impl_->shutdown(); }
SqliteStore::Stats SqliteStore::stats() const { return impl_->stats(); }

}  // namespace slotpay::server
