#include "auth/jose/openssl_util.h"

#include <openssl/err.h>

namespace ispcloud::auth::jose::detail {

std::string DrainOpensslErrors(std::string_view what) {
  std::string out(what);
  bool first = true;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    out += first ? ": " : "; ";
    out += buf;
    first = false;
  }
  return out;
}

void ClearOpensslErrors() {
  ERR_clear_error();
}

std::string BnToBytes(const BIGNUM* bn) {
  int len = BN_num_bytes(bn);
  if (len <= 0) return std::string(1, '\0');
  std::string out(static_cast<size_t>(len), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

BnPtr BytesToBn(std::string_view bytes) {
  return BnPtr(BN_bin2bn(Uchars(bytes), static_cast<int>(bytes.size()), nullptr));
}

}  // namespace ispcloud::auth::jose::detail
