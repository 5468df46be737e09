#include "http/client/beast_http_client.h"

#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <vector>

namespace ispcloud::http {
namespace {

namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Deadline = std::chrono::steady_clock::time_point;
using WireRequest = beast_http::request<beast_http::string_body>;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view kUserAgent = "ispcloud/" ISPCLOUD_VERSION;
constexpr uint32_t kMaxResponseHeaderBytes = 64 * 1024;
// 1xx responses (e.g. an unsolicited 100 Continue) skipped before the final one.
constexpr int kMaxInterimResponses = 8;

// Where a request goes, derived from its URL.
struct Target {
  bool tls = false;
  bool ip_literal = false;  // the host is an IP address (no SNI)
  std::string host;         // for resolution, SNI and certificate checks (IPv6 without brackets)
  uint16_t port = 0;
  std::string host_header;  // host as written in the URL, ":port" unless the default
  std::string path;         // origin-form request target: path and query
  std::string authority;    // "host:port", for error messages
};

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// A host name as getaddrinfo, SNI and certificate checks can take it (IDNs must be punycode).
bool IsPlainHostName(std::string_view host) {
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') {
      return false;
    }
  }
  return !host.empty();
}

Result<uint16_t> ParsePort(std::string_view digits) {
  uint32_t value = 0;
  const char* end = digits.data() + digits.size();
  auto [stop, ec] = std::from_chars(digits.data(), end, value);
  if (ec != std::errc() || stop != end || value == 0 || value > 65535) {
    return Invalid("invalid port \"" + std::string(digits) + "\" in URL");
  }
  return static_cast<uint16_t>(value);
}

Result<Target> ParseTarget(std::string_view url, bool allow_http) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return Invalid("malformed URL: " + parsed.error().message());
  const boost::urls::url_view& u = *parsed;
  Target t;
  if (u.scheme_id() == boost::urls::scheme::https) {
    t.tls = true;
  } else if (u.scheme_id() == boost::urls::scheme::http) {
    if (!allow_http) return Invalid("plain http:// URLs are not allowed here; use https://");
  } else {
    return Invalid("unsupported URL scheme \"" + std::string(u.scheme()) +
                   "\" (http or https expected)");
  }
  if (u.has_userinfo()) return Invalid("credentials in URLs are not supported");
  const auto host_type = u.host_type();
  if (host_type != boost::urls::host_type::name && host_type != boost::urls::host_type::ipv4 &&
      host_type != boost::urls::host_type::ipv6) {
    return Invalid("URL has no usable host");
  }
  t.ip_literal = host_type != boost::urls::host_type::name;
  t.host = u.host_address();
  if (!t.ip_literal && !IsPlainHostName(t.host)) return Invalid("invalid host name in URL");
  const uint16_t default_port = t.tls ? 443 : 80;
  t.port = default_port;
  if (u.has_port() && !u.port().empty()) {
    Result<uint16_t> port = ParsePort(u.port());
    if (!port) return port.error();
    t.port = *port;
  }
  const std::string host_part =
      host_type == boost::urls::host_type::ipv6 ? "[" + t.host + "]" : t.host;
  t.authority = host_part + ":" + std::to_string(t.port);
  t.host_header = t.port == default_port ? host_part : t.authority;
  t.path = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
  if (u.has_query()) {
    t.path += '?';
    t.path += u.encoded_query();
  }
  return t;
}

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 9110 field name and a value that cannot split the header block.
bool IsValidHeader(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsTokenChar(c)) return false;
  }
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

Result<WireRequest> BuildRequest(OutgoingRequest& request, const Target& t) {
  if (request.method == beast_http::verb::unknown) return Invalid("unknown HTTP method");
  if (request.method == beast_http::verb::trace && !request.body.empty()) {
    return Invalid("a TRACE request cannot have a body");
  }
  WireRequest wire{request.method, t.path, 11};
  for (const auto& [name, value] : request.headers) {
    if (!IsValidHeader(name, value)) return Invalid("invalid request header \"" + name + "\"");
    const beast_http::field field = beast_http::string_to_field(name);
    // Framing and connection handling belong to the client.
    if (field == beast_http::field::connection || field == beast_http::field::content_length ||
        field == beast_http::field::transfer_encoding) {
      continue;
    }
    wire.insert(name, value);
  }
  if (wire.find(beast_http::field::host) == wire.end()) {
    wire.set(beast_http::field::host, t.host_header);
  }
  if (wire.find(beast_http::field::user_agent) == wire.end()) {
    wire.set(beast_http::field::user_agent, kUserAgent);
  }
  wire.set(beast_http::field::connection, "close");
  wire.body() = std::move(request.body);
  wire.prepare_payload();
  return wire;
}

// `phase` completes "timed out while ..." and "failed while ...".
Error Unavailable(const Target& t, std::string_view phase, const beast::error_code& ec,
                  std::chrono::milliseconds timeout) {
  std::string message = "HTTP request to " + t.authority;
  if (ec == beast::error::timeout) {
    message += " timed out after " + std::to_string(timeout.count()) + " ms while ";
    message += phase;
  } else {
    message += " failed while ";
    message += phase;
    message += ": " + ec.message();
  }
  return MakeError(ErrorCode::kUnavailable, std::move(message));
}

// Name resolution raced against the deadline. getaddrinfo cannot be cancelled, so on timeout
// the lookup is abandoned: it completes later into this shared state, which nobody reads.
struct PendingResolve {
  explicit PendingResolve(const asio::any_io_executor& executor)
      : resolver(executor), timer(executor) {}
  tcp::resolver resolver;
  asio::steady_timer timer;
  std::atomic<bool> done{false};
  beast::error_code error;
  std::vector<tcp::endpoint> endpoints;
};

asio::awaitable<Result<std::vector<tcp::endpoint>>> Resolve(const Target& t, Deadline deadline,
                                                            std::chrono::milliseconds timeout) {
  const std::string_view phase = "resolving the host name";
  if (t.ip_literal) {
    beast::error_code parse_error;
    const asio::ip::address address = asio::ip::make_address(t.host, parse_error);
    if (parse_error) co_return Invalid("invalid IP address in URL");
    std::vector<tcp::endpoint> endpoints{tcp::endpoint(address, t.port)};
    co_return std::move(endpoints);
  }
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  auto pending = std::make_shared<PendingResolve>(executor);
  pending->timer.expires_at(deadline);
  auto on_resolved = [pending](const beast::error_code& ec, tcp::resolver::results_type results) {
    pending->error = ec;
    for (const auto& entry : results) pending->endpoints.push_back(entry.endpoint());
    pending->done.store(true, std::memory_order_release);
    pending->timer.cancel();
  };
  const std::string service = std::to_string(t.port);
  pending->resolver.async_resolve(t.host, service, tcp::resolver::numeric_service,
                                  asio::bind_executor(executor, std::move(on_resolved)));
  co_await pending->timer.async_wait(kTuple);
  if (!pending->done.load(std::memory_order_acquire)) {
    pending->resolver.cancel();
    const beast::error_code timed_out = beast::error::timeout;
    co_return Unavailable(t, phase, timed_out, timeout);
  }
  if (pending->error) co_return Unavailable(t, phase, pending->error, timeout);
  if (pending->endpoints.empty()) {
    co_return MakeError(ErrorCode::kUnavailable,
                        "HTTP request to " + t.authority + ": the host name has no address");
  }
  co_return std::move(pending->endpoints);
}

// Writes the request and reads the final response on a connected (and handshaken) stream whose
// deadline is already set.
template <class Stream>
asio::awaitable<Result<OutgoingResponse>> Exchange(Stream& stream, WireRequest& request,
                                                   const Target& t, size_t max_body_bytes,
                                                   std::chrono::milliseconds timeout) {
  auto [write_error, written] = co_await beast_http::async_write(stream, request, kTuple);
  if (write_error) co_return Unavailable(t, "sending the request", write_error, timeout);
  beast::flat_buffer buffer;
  for (int interim = 0;; ++interim) {
    beast_http::response_parser<beast_http::string_body> parser;
    parser.header_limit(kMaxResponseHeaderBytes);
    parser.body_limit(static_cast<uint64_t>(max_body_bytes));
    if (request.method() == beast_http::verb::head) parser.skip(true);
    auto [read_error, read] = co_await beast_http::async_read(stream, buffer, parser, kTuple);
    if (read_error == beast_http::error::body_limit) {
      co_return MakeError(ErrorCode::kUnavailable, "HTTP request to " + t.authority +
                                                       " failed: response too large (over " +
                                                       std::to_string(max_body_bytes) + " bytes)");
    }
    if (read_error) co_return Unavailable(t, "reading the response", read_error, timeout);
    auto& message = parser.get();
    const int status = message.result_int();
    if (status >= 100 && status < 200 && status != 101 && interim < kMaxInterimResponses) {
      continue;
    }
    OutgoingResponse response;
    response.status = status;
    for (const auto& field : message) {
      response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    response.body = std::move(message.body());
    co_return std::move(response);
  }
}

void Close(tcp::socket& socket) {
  beast::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

}  // namespace

Result<std::unique_ptr<BeastHttpClient>> BeastHttpClient::Create(BeastHttpClientOptions options) {
  std::unique_ptr<ssl::context> tls;
  try {
    tls = std::make_unique<ssl::context>(ssl::context::tls_client);
  } catch (const boost::system::system_error& e) {
    return MakeError(ErrorCode::kInternal, std::string("cannot create a TLS context: ") + e.what());
  }
  beast::error_code ec;
  tls->set_default_verify_paths(ec);
  if (ec) {
    return MakeError(ErrorCode::kInternal, "cannot load the system CA store: " + ec.message());
  }
  if (!options.ca_file.empty()) {
    tls->load_verify_file(options.ca_file, ec);
    if (ec) return Invalid("cannot load CA file " + options.ca_file + ": " + ec.message());
  }
  tls->set_verify_mode(ssl::verify_peer, ec);
  if (ec) return MakeError(ErrorCode::kInternal, "cannot enable TLS peer verification");
  if (SSL_CTX_set_min_proto_version(tls->native_handle(), TLS1_2_VERSION) != 1) {
    return MakeError(ErrorCode::kInternal, "cannot require TLS 1.2");
  }
  return std::unique_ptr<BeastHttpClient>(new BeastHttpClient(std::move(options), std::move(tls)));
}

BeastHttpClient::BeastHttpClient(BeastHttpClientOptions options,
                                 std::unique_ptr<asio::ssl::context> tls)
    : options_(std::move(options)), tls_(std::move(tls)) {}

BeastHttpClient::~BeastHttpClient() = default;

asio::awaitable<Result<OutgoingResponse>> BeastHttpClient::Send(OutgoingRequest request) {
  Result<Target> parsed = ParseTarget(request.url, options_.allow_http);
  if (!parsed) co_return std::move(parsed).error();
  const Target& target = *parsed;
  Result<WireRequest> built = BuildRequest(request, target);
  if (!built) co_return std::move(built).error();
  WireRequest& wire = *built;
  const std::chrono::milliseconds timeout = request.timeout;
  const size_t max_body_bytes = request.max_response_bytes;
  const Deadline deadline = std::chrono::steady_clock::now() + timeout;
  const asio::any_io_executor executor = co_await asio::this_coro::executor;

  Result<std::vector<tcp::endpoint>> resolved = co_await Resolve(target, deadline, timeout);
  if (!resolved) co_return std::move(resolved).error();
  const std::vector<tcp::endpoint>& endpoints = *resolved;

  if (!target.tls) {
    beast::tcp_stream stream(executor);
    stream.expires_at(deadline);
    auto [connect_error, peer] = co_await stream.async_connect(endpoints, kTuple);
    if (connect_error) co_return Unavailable(target, "connecting", connect_error, timeout);
    Result<OutgoingResponse> response =
        co_await Exchange(stream, wire, target, max_body_bytes, timeout);
    Close(stream.socket());
    co_return std::move(response);
  }

  beast::ssl_stream<beast::tcp_stream> stream(executor, *tls_);
  if (!target.ip_literal &&
      SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str()) != 1) {
    co_return MakeError(ErrorCode::kInternal, "cannot set TLS server name " + target.host);
  }
  beast::error_code verify_error;
  stream.set_verify_callback(ssl::host_name_verification(target.host), verify_error);
  if (verify_error) co_return MakeError(ErrorCode::kInternal, "cannot set TLS host verification");
  beast::tcp_stream& transport = beast::get_lowest_layer(stream);
  transport.expires_at(deadline);
  auto [connect_error, peer] = co_await transport.async_connect(endpoints, kTuple);
  if (connect_error) co_return Unavailable(target, "connecting", connect_error, timeout);
  auto [handshake_error] = co_await stream.async_handshake(ssl::stream_base::client, kTuple);
  if (handshake_error) {
    co_return Unavailable(target, "performing the TLS handshake", handshake_error, timeout);
  }
  Result<OutgoingResponse> response =
      co_await Exchange(stream, wire, target, max_body_bytes, timeout);
  // No TLS close_notify exchange: the response is complete and the connection is not reused.
  Close(transport.socket());
  co_return std::move(response);
}

}  // namespace ispcloud::http
