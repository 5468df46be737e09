#include "harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace ispcloud::e2e {

extern "C" char** environ;

namespace {

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (auto& a : args) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

// Current environment plus overrides.
std::vector<std::string> EnvWith(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv(*e);
    std::string key = kv.substr(0, kv.find('='));
    if (env.count(key) == 0) out.push_back(kv);
  }
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace

TempDir::TempDir() {
  char tmpl[] = "/tmp/ispcloud-e2e-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CommandResult RunIspcloud(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env,
                          const std::string& stdin_text) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<std::string> argv_s = {ISPCLOUD_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> env_s = EnvWith(env);
  std::vector<char*> argv = Argv(argv_s);
  std::vector<char*> envp = Argv(env_s);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
      close(fd);
    }
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (!stdin_text.empty()) {
    ssize_t ignored = ::write(in_pipe[1], stdin_text.data(), stdin_text.size());
    (void)ignored;
  }
  close(in_pipe[1]);
  CommandResult result;
  std::thread err_reader([&] { result.err = ReadAll(err_pipe[0]); });
  result.out = ReadAll(out_pipe[0]);
  err_reader.join();
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop(SIGKILL, std::chrono::seconds(5));
  if (reader_.joinable()) reader_.join();
}

bool ServerProcess::Start(const std::string& dir, const std::vector<std::string>& extra_args,
                          const std::map<std::string, std::string>& env, bool wait_for_schema) {
  int err_pipe[2];
  if (pipe(err_pipe) != 0) return false;
  {
    std::lock_guard lock(mu_);
    lines_.clear();  // a restarted server must not be judged by its previous run's output
  }
  port_ = 0;
  std::vector<std::string> argv_s = {ISPCLOUD_BINARY, "serve", "--listen", "127.0.0.1:0",
                                     "--threads", "2"};
  if (std::find(extra_args.begin(), extra_args.end(), "--db") == extra_args.end()) {
    argv_s.insert(argv_s.end(), {"--db", DbUrlOf(dir)});
  }
  argv_s.insert(argv_s.end(), extra_args.begin(), extra_args.end());
  std::vector<std::string> env_s = EnvWith(env);
  std::vector<char*> argv = Argv(argv_s);
  std::vector<char*> envp = Argv(env_s);
  pid_ = fork();
  if (pid_ == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(err_pipe[1], 2);
    close(err_pipe[0]);
    close(err_pipe[1]);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(err_pipe[1]);
  reader_ = std::thread([this, fd = err_pipe[0]] { ReadLoop(fd); });
  if (!WaitForLine("\"event\":\"listening\"", std::chrono::seconds(30))) return false;
  for (const std::string& line : Lines()) {
    if (line.find("\"event\":\"listening\"") == std::string::npos) continue;
    auto doc = boost::json::parse(line);
    port_ = static_cast<uint16_t>(doc.at("port").to_number<int>());
  }
  // The listening line comes before migrations; wait until the server is ready to accept.
  if (port_ == 0) return false;
  return !wait_for_schema || WaitForLine("\"event\":\"ready\"", std::chrono::seconds(30));
}

void ServerProcess::ReadLoop(int fd) {
  std::string pending;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      std::lock_guard lock(mu_);
      lines_.push_back(pending.substr(0, nl));
      pending.erase(0, nl + 1);
    }
  }
  if (!pending.empty()) {
    std::lock_guard lock(mu_);
    lines_.push_back(pending);
  }
  close(fd);
}

std::vector<std::string> ServerProcess::Lines() {
  std::lock_guard lock(mu_);
  return lines_;
}

bool ServerProcess::WaitForLine(const std::string& needle, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    for (const std::string& line : Lines()) {
      if (line.find(needle) != std::string::npos) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int ServerProcess::Stop(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

HttpClient::HttpClient(uint16_t port) : socket_(ctx_) {
  socket_.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
}

HttpResponse HttpClient::Send(beast_http::verb method, const std::string& target,
                              const std::string& body,
                              const std::map<std::string, std::string>& headers) {
  beast_http::request<beast_http::string_body> req{method, target, 11};
  req.set(beast_http::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty()) {
    if (req.find(beast_http::field::content_type) == req.end()) {
      req.set(beast_http::field::content_type, "application/json");
    }
    req.body() = body;
  }
  req.prepare_payload();
  beast_http::write(socket_, req);
  HttpResponse res;
  beast_http::response_parser<beast_http::string_body> parser;
  parser.body_limit(64 << 20);
  if (method == beast_http::verb::head) parser.skip(true);
  beast_http::read(socket_, buffer_, parser);
  return parser.release();
}

RawConnection::RawConnection(uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("connect failed");
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::Send(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

std::string RawConnection::ReadUntilClose(std::chrono::milliseconds timeout) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[8192];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

bool RawConnection::ClosedWithin(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[8192];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
}

boost::json::value JsonOf(const HttpResponse& res) {
  boost::system::error_code ec;
  auto v = boost::json::parse(res.body(), ec);
  return ec ? boost::json::value() : v;
}

std::string S(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
}

std::string PartnerAccessToken(uint16_t port, const std::string& partner,
                               const std::string& client_id, const std::string& client_secret) {
  HttpClient http(port);
  auto res = http.Send(beast_http::verb::post, "/oauth2/default/v1/token",
                       "grant_type=client_credentials&client_id=" + client_id +
                           "&client_secret=" + client_secret + "&scope=partnerId%3A" + partner +
                           "%20role%3ApartnerIdAdmin",
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
  if (res.result_int() != 200) return "";
  boost::json::value body = JsonOf(res);
  const boost::json::value* token =
      body.is_object() ? body.as_object().if_contains("access_token") : nullptr;
  return token != nullptr ? S(*token) : "";
}

int StatusOfRaw(const std::string& raw) {
  if (raw.rfind("HTTP/1.", 0) != 0 || raw.size() < 12) return 0;
  return std::atoi(raw.substr(9, 3).c_str());
}

}  // namespace ispcloud::e2e
