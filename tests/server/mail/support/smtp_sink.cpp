#include "support/smtp_sink.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace slotpay::mail::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Connects to 127.0.0.1:port and, unless the server speaks TLS first, reads the
// greeting; true when aiosmtpd answers.
bool ready(int port, bool implicit_tls) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  if (ok && !implicit_tls) {
    char buf[128] = {0};
    ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
    ok = n >= 3 && std::string_view(buf, 3) == "220" &&
         std::string_view(buf).find("Python SMTP") != std::string_view::npos;
    if (ok) {
      const char quit[] = "QUIT\r\n";
      (void)!::send(fd, quit, sizeof quit - 1, MSG_NOSIGNAL);
    }
  }
  ::close(fd);
  return ok;
}

}  // namespace

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("could not bind a loopback port");
  }
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

bool run_command(const std::vector<std::string>& args, int timeout_s) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;
  auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
  int status = 0;
  while (Clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return false;
}

std::string mail_tests_dir() { return SLOTPAY_MAIL_TESTS_DIR; }

SmtpSink::SmtpSink(SinkOptions options) {
  char tmpl[] = "/tmp/slotpay-smtp-XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  // aiosmtpd's CLI takes a port, not 0: pick a free one; another process may take it
  // between the pick and the bind, so try a few.
  for (int attempt = 0; attempt < 3; ++attempt)
    if (try_start(options)) return;
  std::string why = log();
  stop();
  fs::remove_all(dir_);
  throw std::runtime_error("the SMTP sink did not start:\n" + why);
}

SmtpSink::~SmtpSink() {
  stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

bool SmtpSink::try_start(const SinkOptions& options) {
  port_ = free_loopback_port();
  std::vector<std::string> args = {
      "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port_)};
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  args.insert(args.end(), {"-c", options.handler, maildir()});
  args.insert(args.end(), options.handler_args.begin(), options.handler_args.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  // The handlers module beside these tests; no bytecode files written into the tree.
  std::vector<std::string> env = {"PYTHONPATH=" + mail_tests_dir(), "PYTHONDONTWRITEBYTECODE=1",
                                  "PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
  std::vector<char*> envp;
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  std::string log_path = dir_ + "/sink.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    throw std::runtime_error("could not start /usr/bin/python3 (python3-aiosmtpd installed?)");
  }
  auto deadline = Clock::now() + std::chrono::seconds(15);
  while (Clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;  // exited: most likely the port was taken
    }
    if (ready(port_, options.implicit_tls)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop();
  return false;
}

void SmtpSink::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  auto deadline = Clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (Clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::vector<std::string> SmtpSink::messages() const {
  std::vector<fs::path> files;
  fs::path dir = fs::path(maildir()) / "new";
  std::error_code ec;
  if (fs::is_directory(dir, ec))
    for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  // Maildir names begin with the delivery time in seconds; ties keep name order.
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const fs::path& f : files) out.push_back(read_file(f));
  return out;
}

std::string SmtpSink::log() const { return read_file(dir_ + "/sink.log"); }

}  // namespace slotpay::mail::testing
