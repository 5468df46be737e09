#pragma once
// A tiny HTTP/1.1 server (plain or TLS) for tests of the outgoing HTTP client: 127.0.0.1 only,
// port 0, its own io_context on a background thread, one request per connection.
//
// Routes: /hello (200, X-Test: yes, "hello world"), /echo (201, echoes the body and
// Content-Type), /status/404, /redirect (302 to /hello), /big and /big-chunked (4096 bytes with
// Content-Length or chunked), /eof (body delimited by closing the connection), /hang (reads the
// request and never answers), /interim (100 Continue, then /hello). HEAD gets GET's headers.
// SetRoute adds or replaces a route with a fixed answer (e.g. a JWKS document a test changes).

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/types.h"

namespace ispcloud::http::test_support {

namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct TestCertificate {
  std::string cert_pem;
  std::string key_pem;
};

// A self-signed P-256 certificate valid from an hour ago for a day, for `subject_alt_names` in
// OpenSSL syntax (e.g. "DNS:localhost,IP:127.0.0.1"). Throws on failure.
inline TestCertificate MakeSelfSignedCertificate(const std::string& subject_alt_names) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
  if (!key || !cert) throw std::runtime_error("cannot create a test key or certificate");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto* common_name = reinterpret_cast<const unsigned char*>("ispcloud test");
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, common_name, -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, subject_alt_names.c_str());
  if (san == nullptr) throw std::runtime_error("bad subjectAltName " + subject_alt_names);
  X509_add_ext(cert.get(), san, -1);
  X509_EXTENSION_free(san);
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    throw std::runtime_error("cannot sign the test certificate");
  }
  auto to_pem = [](auto write) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    write(bio.get());
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(size));
  };
  TestCertificate out;
  out.cert_pem = to_pem([&](BIO* bio) { PEM_write_bio_X509(bio, cert.get()); });
  out.key_pem = to_pem([&](BIO* bio) {
    PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  return out;
}

// What the server received: the request and, over TLS, the SNI name ("" when none was sent).
struct ReceivedRequest {
  Request request;
  std::string server_name;
};

class TestHttpServer {
 public:
  // Starts serving at once; with `certificate`, every connection must speak TLS.
  explicit TestHttpServer(const TestCertificate* certificate = nullptr) {
    if (certificate != nullptr) {
      tls_ = std::make_unique<ssl::context>(ssl::context::tls_server);
      tls_->use_certificate_chain(asio::buffer(certificate->cert_pem));
      tls_->use_private_key(asio::buffer(certificate->key_pem), ssl::context::pem);
    }
    tcp::acceptor acceptor(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port_ = acceptor.local_endpoint().port();
    asio::co_spawn(ioc_, Accept(std::move(acceptor)), asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  // Stops at once: hanging and in-flight connections are dropped.
  ~TestHttpServer() {
    ioc_.stop();
    thread_.join();
  }
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  uint16_t port() const { return port_; }
  // "http(s)://HOST:PORT" + path.
  std::string Url(std::string_view path, std::string_view host = "127.0.0.1") const {
    std::string url = tls_ ? "https://" : "http://";
    url += host;
    url += ":" + std::to_string(port_);
    url += path;
    return url;
  }
  // Every complete request received so far, in arrival order.
  std::vector<ReceivedRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  // From now on, answers requests for exactly `target` with `status`, `content_type` and
  // `body` (Content-Length set). Thread-safe.
  void SetRoute(std::string target, int status, std::string content_type, std::string body) {
    std::lock_guard lock(mu_);
    routes_[std::move(target)] = FixedRoute{status, std::move(content_type), std::move(body)};
  }
  // How many complete requests for exactly `target` arrived so far.
  int CountRequests(std::string_view target) const {
    std::lock_guard lock(mu_);
    int count = 0;
    for (const ReceivedRequest& r : requests_) count += r.request.target() == target ? 1 : 0;
    return count;
  }

 private:
  static constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

  asio::awaitable<void> Accept(tcp::acceptor acceptor) {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(kTuple);
      if (ec) co_return;
      asio::co_spawn(ioc_, Serve(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> Serve(tcp::socket socket) {
    beast::tcp_stream transport(std::move(socket));
    transport.expires_after(std::chrono::seconds(10));
    if (!tls_) {
      std::string no_server_name;
      co_await Converse(transport, std::move(no_server_name));
    } else {
      beast::ssl_stream<beast::tcp_stream> stream(std::move(transport), *tls_);
      auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kTuple);
      if (ec) co_return;
      const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
      const std::string server_name = sni != nullptr ? sni : "";
      co_await Converse(stream, server_name);
    }
  }

  template <class Stream>
  asio::awaitable<void> Converse(Stream& stream, std::string server_name) {
    beast::flat_buffer buffer;
    Request request;
    auto [read_error, read] = co_await beast_http::async_read(stream, buffer, request, kTuple);
    if (read_error) co_return;
    {
      std::lock_guard lock(mu_);
      requests_.push_back(ReceivedRequest{request, server_name});
    }
    if (request.target() == "/hang") {
      asio::steady_timer forever(stream.get_executor(), std::chrono::hours(1));
      co_await forever.async_wait(kTuple);
      co_return;
    }
    if (request.target() == "/interim") {
      beast_http::response<beast_http::empty_body> interim{beast_http::status::continue_, 11};
      co_await beast_http::async_write(stream, interim, kTuple);
      request.target("/hello");
    }
    Response response = MakeResponse(request);
    if (request.method() == beast_http::verb::head) response.body().clear();  // keeps the length
    co_await beast_http::async_write(stream, response, kTuple);
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  struct FixedRoute {
    int status = 200;
    std::string content_type;
    std::string body;
  };

  Response MakeResponse(const Request& request) const {
    const std::string_view target = request.target();
    Response res{beast_http::status::ok, 11};
    res.keep_alive(false);
    {
      std::lock_guard lock(mu_);
      if (auto it = routes_.find(target); it != routes_.end()) {
        res.result(static_cast<unsigned>(it->second.status));
        res.set(beast_http::field::content_type, it->second.content_type);
        res.body() = it->second.body;
        res.prepare_payload();
        return res;
      }
    }
    if (target == "/hello") {
      res.set(beast_http::field::content_type, "text/plain");
      res.set("X-Test", "yes");
      res.body() = "hello world";
    } else if (target.starts_with("/echo")) {
      res.result(beast_http::status::created);
      res.set(beast_http::field::content_type, request[beast_http::field::content_type]);
      res.body() = request.body();
    } else if (target == "/status/404") {
      res.result(beast_http::status::not_found);
      res.body() = "not here";
    } else if (target == "/redirect") {
      res.result(beast_http::status::found);
      res.set(beast_http::field::location, "/hello");
    } else if (target == "/big" || target == "/big-chunked") {
      res.body() = std::string(4096, 'x');
      if (target == "/big-chunked") {
        res.chunked(true);
        return res;
      }
    } else if (target == "/eof") {
      res.body() = "until close";
      return res;  // no Content-Length: the body ends when the connection closes
    } else {
      res.result(beast_http::status::not_found);
    }
    res.prepare_payload();
    return res;
  }

  // Declared before ioc_: its destructor destroys suspended sessions, which use these.
  std::unique_ptr<ssl::context> tls_;
  mutable std::mutex mu_;
  std::vector<ReceivedRequest> requests_;
  std::map<std::string, FixedRoute, std::less<>> routes_;
  asio::io_context ioc_;
  uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace ispcloud::http::test_support
