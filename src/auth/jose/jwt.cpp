#include "auth/jose/jwt.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdio>
#include <optional>

#include "auth/jose/base64url.h"

namespace ispcloud::auth::jose {
namespace {

// Header parameters that point at key material outside our trust store (RFC 8725 §3.10).
constexpr std::string_view kForbiddenHeaders[] = {"jku", "x5u", "jwk", "x5c"};
// Latest epoch second FormatIso8601Millis can render without overflowing nanoseconds.
constexpr double kMaxFormattableEpoch = 9.0e9;

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kUnauthenticated, std::move(message), std::string(kInvalidTokenCode));
}

// A compact JWS split and decoded; views point into the token.
struct Compact {
  std::string_view signing_input;  // "header.payload", exactly as received
  std::string payload_json;
  std::string signature;
  boost::json::object header;
};

Result<boost::json::object> ParseObject(std::string_view json, std::string_view what) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec) return Invalid(std::string(what) + " is not valid JSON: " + ec.message());
  if (!v.is_object()) return Invalid(std::string(what) + " is not a JSON object");
  return std::move(v.get_object());
}

Result<std::string> DecodePart(std::string_view part, std::string_view what) {
  if (part.empty()) return Invalid(std::string(what) + " is empty");
  std::optional<std::string> bytes = Base64UrlDecode(part);
  if (!bytes) return Invalid(std::string(what) + " is not strict unpadded base64url");
  return std::move(*bytes);
}

Result<Compact> ParseCompact(std::string_view token, size_t max_bytes) {
  if (token.empty()) return Invalid("token is empty");
  if (token.size() > max_bytes) {
    return Invalid("token is " + std::to_string(token.size()) + " bytes, over the limit of " +
                   std::to_string(max_bytes));
  }
  size_t first = token.find('.');
  size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Invalid("token does not have exactly three dot-separated parts");
  }
  Compact c;
  c.signing_input = token.substr(0, second);
  Result<std::string> header = DecodePart(token.substr(0, first), "header");
  if (!header) return header.error();
  Result<std::string> payload = DecodePart(token.substr(first + 1, second - first - 1), "payload");
  if (!payload) return payload.error();
  Result<std::string> signature = DecodePart(token.substr(second + 1), "signature");
  if (!signature) return signature.error();
  Result<boost::json::object> header_obj = ParseObject(*header, "header");
  if (!header_obj) return header_obj.error();
  c.header = std::move(*header_obj);
  c.payload_json = std::move(*payload);
  c.signature = std::move(*signature);
  return c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// RFC 7515 §4.1.9: "application/" may be omitted from a typ media type.
bool TypAllowed(std::string_view typ, const std::vector<std::string>& allowed) {
  constexpr std::string_view kPrefix = "application/";
  if (typ.size() > kPrefix.size() && EqualsIgnoreCase(typ.substr(0, kPrefix.size()), kPrefix)) {
    typ.remove_prefix(kPrefix.size());
  }
  for (const std::string& a : allowed) {
    if (EqualsIgnoreCase(typ, a)) return true;
  }
  return false;
}

std::string_view View(const boost::json::string& s) {
  return {s.data(), s.size()};
}

Status CheckHeader(const boost::json::object& header, const VerifyOptions& options) {
  const boost::json::value* alg = header.if_contains("alg");
  if (alg == nullptr) return Invalid("header has no alg");
  if (!alg->is_string()) return Invalid("header alg is not a string");
  if (!ParseAlg(View(alg->get_string()))) {
    return Invalid("header alg \"" + std::string(View(alg->get_string())) + "\" is not accepted");
  }
  const boost::json::value* kid = header.if_contains("kid");
  if (kid == nullptr) return Invalid("header has no kid");
  if (!kid->is_string() || kid->get_string().empty()) {
    return Invalid("header kid is not a non-empty string");
  }
  for (std::string_view name : kForbiddenHeaders) {
    if (header.contains(name)) {
      return Invalid("header carries \"" + std::string(name) + "\", which is never accepted");
    }
  }
  if (header.contains("crit")) return Invalid("header carries crit; no extension is understood");
  const boost::json::value* typ = header.if_contains("typ");
  if (typ == nullptr) {
    if (options.typ_required) return Invalid("header has no typ");
  } else if (!typ->is_string()) {
    return Invalid("header typ is not a string");
  } else if (!TypAllowed(View(typ->get_string()), options.allowed_typ)) {
    return Invalid("header typ \"" + std::string(View(typ->get_string())) + "\" is not accepted");
  }
  return Ok();
}

// A JSON number as seconds since the epoch; nullopt for anything else (strings, bool, null).
std::optional<double> NumericDate(const boost::json::value& v) {
  double d = 0;
  if (v.is_int64()) {
    d = static_cast<double>(v.get_int64());
  } else if (v.is_uint64()) {
    d = static_cast<double>(v.get_uint64());
  } else if (v.is_double()) {
    d = v.get_double();
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}

std::string FormatEpoch(double seconds) {
  if (seconds >= 0 && seconds < kMaxFormattableEpoch) {
    auto ms = std::chrono::milliseconds(static_cast<int64_t>(std::floor(seconds * 1000)));
    return FormatIso8601Millis(TimePoint(std::chrono::duration_cast<TimePoint::duration>(ms)));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "epoch second %.15g", seconds);
  return buf;
}

Status CheckTimes(const boost::json::object& claims, const VerifyOptions& options) {
  const double now = std::chrono::duration<double>(options.now.time_since_epoch()).count();
  const double leeway = static_cast<double>(options.leeway.count());
  const std::string now_text =
      " (now " + FormatEpoch(now) + ", leeway " + std::to_string(options.leeway.count()) + " s)";

  const boost::json::value* exp_v = claims.if_contains("exp");
  if (exp_v == nullptr) return Invalid("claim exp is missing");
  std::optional<double> exp = NumericDate(*exp_v);
  if (!exp) return Invalid("claim exp is not a number");
  if (!(now < *exp + leeway)) return Invalid("token expired at " + FormatEpoch(*exp) + now_text);

  if (const boost::json::value* nbf_v = claims.if_contains("nbf")) {
    std::optional<double> nbf = NumericDate(*nbf_v);
    if (!nbf) return Invalid("claim nbf is not a number");
    if (now < *nbf - leeway) {
      return Invalid("token not valid before " + FormatEpoch(*nbf) + now_text);
    }
  }
  if (const boost::json::value* iat_v = claims.if_contains("iat")) {
    std::optional<double> iat = NumericDate(*iat_v);
    if (!iat) return Invalid("claim iat is not a number");
    if (*iat > now + leeway) {
      return Invalid("token issued in the future at " + FormatEpoch(*iat) + now_text);
    }
  }
  return Ok();
}

Status CheckAudience(const boost::json::value* aud, const std::vector<std::string>& audiences) {
  auto wanted = [&](std::string_view a) {
    for (const std::string& w : audiences) {
      if (a == w) return true;
    }
    return false;
  };
  if (aud == nullptr) return Invalid("claim aud is missing");
  if (aud->is_string()) {
    if (wanted(View(aud->get_string()))) return Ok();
    return Invalid("claim aud \"" + std::string(View(aud->get_string())) +
                   "\" is not an accepted audience");
  }
  if (!aud->is_array()) return Invalid("claim aud is neither a string nor an array");
  bool found = false;
  for (const boost::json::value& a : aud->get_array()) {
    if (!a.is_string()) return Invalid("claim aud holds a non-string element");
    found = found || wanted(View(a.get_string()));
  }
  if (!found)
    return Invalid("claim aud " + boost::json::serialize(*aud) + " has no accepted audience");
  return Ok();
}

Status CheckClaims(const boost::json::object& claims, const VerifyOptions& options) {
  if (Status st = CheckTimes(claims, options); !st) return st;
  const boost::json::value* iss = claims.if_contains("iss");
  if (iss == nullptr) return Invalid("claim iss is missing");
  if (!iss->is_string()) return Invalid("claim iss is not a string");
  if (View(iss->get_string()) != options.issuer) {
    return Invalid("claim iss \"" + std::string(View(iss->get_string())) + "\" is not \"" +
                   options.issuer + "\"");
  }
  if (Status st = CheckAudience(claims.if_contains("aud"), options.audiences); !st) return st;
  if (const boost::json::value* typ = claims.if_contains("typ")) {
    if (!typ->is_string()) return Invalid("claim typ is not a string");
    if (!TypAllowed(View(typ->get_string()), options.allowed_typ)) {
      return Invalid("claim typ \"" + std::string(View(typ->get_string())) + "\" is not accepted");
    }
  }
  return Ok();
}

Status CheckOptions(const VerifyOptions& options) {
  if (options.issuer.empty()) return Invalid("VerifyOptions.issuer is empty; refusing every token");
  if (options.audiences.empty()) {
    return Invalid("VerifyOptions.audiences is empty; refusing every token");
  }
  if (options.now == TimePoint())
    return Invalid("VerifyOptions.now is unset; refusing every token");
  if (options.leeway.count() < 0 || options.leeway > kMaxLeeway) {
    return Invalid("VerifyOptions.leeway must be 0..60 s; refusing every token");
  }
  return Ok();
}

}  // namespace

Result<std::string> SignJwt(const Key& key, const boost::json::object& claims,
                            std::string_view typ) {
  boost::json::object header;
  header["alg"] = AlgName(key.alg());
  header["kid"] = key.kid();
  if (!typ.empty()) header["typ"] = typ;
  std::string input = Base64UrlEncode(boost::json::serialize(header));
  input += '.';
  input += Base64UrlEncode(boost::json::serialize(claims));
  Result<std::string> signature = key.Sign(input);
  if (!signature) return signature.error();
  input += '.';
  input += Base64UrlEncode(*signature);
  return input;
}

Result<VerifiedJwt> VerifyJwt(std::string_view token, const KeyLookup& keys,
                              const VerifyOptions& options) {
  if (Status st = CheckOptions(options); !st) return st.error();
  Result<Compact> compact = ParseCompact(token, options.max_token_bytes);
  if (!compact) return compact.error();
  if (Status st = CheckHeader(compact->header, options); !st) return st.error();

  std::string kid(View(compact->header.at("kid").get_string()));
  const Key* key = keys ? keys(kid) : nullptr;
  if (key == nullptr) {
    return MakeError(ErrorCode::kUnauthenticated, "no key with kid \"" + kid + "\"",
                     std::string(kUnknownKidCode));
  }
  std::string_view alg = View(compact->header.at("alg").get_string());
  if (ParseAlg(alg) != key->alg()) {
    return Invalid("header alg \"" + std::string(alg) + "\" does not match key \"" + kid +
                   "\", pinned to " + std::string(AlgName(key->alg())));
  }
  if (!key->Verify(compact->signing_input, compact->signature)) {
    return Invalid("signature does not verify with key \"" + kid + "\" (" +
                   std::string(AlgName(key->alg())) + ")");
  }
  Result<boost::json::object> claims = ParseObject(compact->payload_json, "payload");
  if (!claims) return claims.error();
  if (Status st = CheckClaims(*claims, options); !st) return st.error();
  return VerifiedJwt{std::move(compact->header), std::move(*claims), std::move(kid)};
}

Result<boost::json::object> PeekJwtHeader(std::string_view token, size_t max_bytes) {
  Result<Compact> compact = ParseCompact(token, max_bytes);
  if (!compact) return compact.error();
  return std::move(compact->header);
}

Result<boost::json::object> PeekJwtClaims(std::string_view token, size_t max_bytes) {
  Result<Compact> compact = ParseCompact(token, max_bytes);
  if (!compact) return compact.error();
  return ParseObject(compact->payload_json, "payload");
}

}  // namespace ispcloud::auth::jose
