#include "api/oauth/form.h"

#include <openssl/evp.h>

#include <boost/url/decode_view.hpp>
#include <boost/url/parse_query.hpp>
#include <vector>

#include "core/strings.h"

namespace ispcloud::api::oauth {
namespace {

Error InvalidRequest(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), "invalid_request");
}

std::optional<std::string> Base64Decode(std::string_view in) {
  if (in.empty() || in.size() % 4 != 0 || in.size() > 4096) return std::nullopt;
  std::vector<unsigned char> out(in.size() / 4 * 3);
  int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  size_t len = static_cast<size_t>(n);
  if (in.back() == '=') --len;  // EVP_DecodeBlock keeps the padding bytes
  if (in.size() > 1 && in[in.size() - 2] == '=') --len;
  return std::string(reinterpret_cast<const char*>(out.data()), len);
}

std::optional<std::string> FormDecode(std::string_view s) {
  std::string plus_fixed(s);
  for (char& c : plus_fixed) {
    if (c == '+') c = ' ';
  }
  auto view = boost::urls::make_pct_string_view(plus_fixed);
  if (!view) return std::nullopt;
  std::string out;
  out.reserve(view->decoded_size());
  for (char c : **view) out.push_back(c);
  return out;
}

}  // namespace

bool IsFormContentType(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return IEquals(media, "application/x-www-form-urlencoded");
}

Result<FormFields> ParseForm(std::string_view body) {
  FormFields fields;
  size_t pos = 0;
  while (pos <= body.size() && !body.empty()) {
    size_t end = body.find('&', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(pos, end - pos);
    pos = end + 1;
    if (pair.empty()) {
      if (end == body.size()) break;
      continue;
    }
    size_t eq = pair.find('=');
    auto name = FormDecode(pair.substr(0, eq));
    auto value = FormDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!name || !value) return InvalidRequest("malformed form encoding");
    if (!fields.emplace(std::move(*name), std::move(*value)).second) {
      return InvalidRequest("parameter given more than once");
    }
    if (end == body.size()) break;
  }
  return fields;
}

Result<std::optional<BasicCredentials>> ParseBasicAuthorization(std::string_view header) {
  constexpr std::string_view kBasic = "Basic ";
  if (!IStartsWith(header, kBasic)) return std::optional<BasicCredentials>();
  auto decoded = Base64Decode(header.substr(kBasic.size()));
  if (!decoded) return InvalidRequest("malformed Basic authorization header");
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return InvalidRequest("malformed Basic authorization header");
  auto id = FormDecode(std::string_view(*decoded).substr(0, colon));
  auto secret = FormDecode(std::string_view(*decoded).substr(colon + 1));
  if (!id || !secret) return InvalidRequest("malformed Basic authorization header");
  return std::optional<BasicCredentials>(BasicCredentials{std::move(*id), std::move(*secret)});
}

}  // namespace ispcloud::api::oauth
