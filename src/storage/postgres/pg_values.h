#pragma once
// Conversions between storage::Value and libpq's wire forms. Internal to the PostgreSQL driver.
//
// Parameters are typed and sent in binary: int64 -> int8, double -> float8, text -> text,
// Blob -> bytea, Null -> NULL (type left to the server). Results are read in text format and
// converted by column type: int2/int4/int8/bool -> int64, float4/float8 -> double, numeric ->
// int64 when integral and in range (sum() of BIGINT is numeric) else double, bytea -> Blob,
// anything else -> text (UTF-8).

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/db.h"

namespace ispcloud::storage::pg {

struct ResultDeleter {
  void operator()(PGresult* res) const { PQclear(res); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// `params` laid out as PQsendQueryPrepared wants them. The pointers refer to this object and to
// `params`, which must outlive it.
class PgParams {
 public:
  explicit PgParams(const Params& params);
  PgParams(const PgParams&) = delete;
  PgParams& operator=(const PgParams&) = delete;

  int size() const { return static_cast<int>(types_.size()); }
  const Oid* types() const { return types_.data(); }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }
  // One letter per parameter naming its type (n, i, d, t, b): statements are prepared per
  // signature, since a prepared statement fixes its parameter types.
  const std::string& signature() const { return signature_; }

 private:
  std::vector<Oid> types_;
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  std::vector<std::string> encoded_;  // big-endian int8 / float8 bytes
  std::string signature_;
};

// Every row of a PGRES_TUPLES_OK result, converted per column type.
// Errors: kInternal when a value does not parse as its type says (never expected).
Result<Rows> ReadRows(const PGresult* res);

// The row count of an INSERT, UPDATE, DELETE... result (0 for other statements).
int64_t AffectedRows(const PGresult* res);

}  // namespace ispcloud::storage::pg
