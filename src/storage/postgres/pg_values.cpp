#include "storage/postgres/pg_values.h"

#include <bit>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <type_traits>

namespace ispcloud::storage::pg {

namespace {

// Type oids of the built-in types we send or convert (pg_type.dat).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

constexpr int kTextFormat = 0;
constexpr int kBinaryFormat = 1;

// The 8 bytes of `bits`, most significant first (the binary wire form of int8 and float8).
std::string BigEndian(uint64_t bits) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>(bits & 0xff);
    bits >>= 8;
  }
  return out;
}

Error BadValue(int column, const char* type) {
  return MakeError(ErrorCode::kInternal, "postgres: column " + std::to_string(column) +
                                             " does not hold a valid " + type + " value");
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// bytea text output: hex format "\x0a1b..." (the default), or the older escape format.
Result<Value> ParseBytea(const char* text, int length, int column) {
  Blob out;
  if (length >= 2 && text[0] == '\\' && text[1] == 'x') {
    if ((length - 2) % 2 != 0) return BadValue(column, "bytea");
    out.reserve(static_cast<size_t>(length - 2) / 2);
    for (int i = 2; i < length; i += 2) {
      int hi = HexDigit(text[i]);
      int lo = HexDigit(text[i + 1]);
      if (hi < 0 || lo < 0) return BadValue(column, "bytea");
      out.push_back(static_cast<uint8_t>(hi * 16 + lo));
    }
    return Value(std::move(out));
  }
  size_t size = 0;
  unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
  if (raw == nullptr) return BadValue(column, "bytea");
  out.assign(raw, raw + size);
  PQfreemem(raw);
  return Value(std::move(out));
}

Result<Value> ParseInt(const char* text, int length, int column) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text, text + length, n);
  if (ec != std::errc() || end != text + length) return BadValue(column, "integer");
  return Value(n);
}

Result<Value> ParseReal(const char* text, int length, int column) {
  // strtod accepts PostgreSQL's "NaN", "Infinity" and "-Infinity" as well as numbers.
  std::string copy(text, static_cast<size_t>(length));
  char* end = nullptr;
  double d = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return BadValue(column, "floating point");
  return Value(d);
}

// numeric: an integral value that fits is an integer (sum() and friends of BIGINT columns
// return numeric, where SQLite returns an integer); anything else is a double.
Result<Value> ParseNumeric(const char* text, int length, int column) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text, text + length, n);
  if (ec == std::errc() && end == text + length) return Value(n);
  return ParseReal(text, length, column);
}

Result<Value> ConvertColumn(Oid type, const char* text, int length, int column) {
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
      return ParseInt(text, length, column);
    case kBoolOid:
      return Value(int64_t{length > 0 && text[0] == 't' ? 1 : 0});
    case kFloat4Oid:
    case kFloat8Oid:
      return ParseReal(text, length, column);
    case kNumericOid:
      return ParseNumeric(text, length, column);
    case kByteaOid:
      return ParseBytea(text, length, column);
    default:
      return Value(std::string(text, static_cast<size_t>(length)));
  }
}

}  // namespace

PgParams::PgParams(const Params& params) {
  const size_t n = params.size();
  types_.reserve(n);
  values_.reserve(n);
  lengths_.reserve(n);
  formats_.reserve(n);
  encoded_.reserve(n);
  signature_.reserve(n);
  for (const Value& v : params) {
    if (const auto* i = std::get_if<int64_t>(&v)) {
      encoded_.push_back(BigEndian(static_cast<uint64_t>(*i)));
      types_.push_back(kInt8Oid);
      values_.push_back(encoded_.back().data());
      lengths_.push_back(8);
      signature_ += 'i';
    } else if (const auto* d = std::get_if<double>(&v)) {
      encoded_.push_back(BigEndian(std::bit_cast<uint64_t>(*d)));
      types_.push_back(kFloat8Oid);
      values_.push_back(encoded_.back().data());
      lengths_.push_back(8);
      signature_ += 'd';
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      // Binary text is the raw bytes: the server checks the encoding and refuses NUL.
      types_.push_back(kTextOid);
      values_.push_back(s->data());
      lengths_.push_back(static_cast<int>(s->size()));
      signature_ += 't';
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      types_.push_back(kByteaOid);
      // An empty vector may have no storage; a null pointer would mean NULL.
      values_.push_back(b->empty() ? "" : reinterpret_cast<const char*>(b->data()));
      lengths_.push_back(static_cast<int>(b->size()));
      signature_ += 'b';
    } else {
      types_.push_back(0);  // NULL: the server infers the type from the statement
      values_.push_back(nullptr);
      lengths_.push_back(0);
      signature_ += 'n';
    }
    formats_.push_back(kBinaryFormat);
  }
}

Result<Rows> ReadRows(const PGresult* res) {
  Rows out;
  const int columns = PQnfields(res);
  const int rows = PQntuples(res);
  out.columns.reserve(static_cast<size_t>(columns));
  std::vector<Oid> types;
  types.reserve(static_cast<size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    out.columns.emplace_back(PQfname(res, c));
    types.push_back(PQftype(res, c));
    if (PQfformat(res, c) != kTextFormat) {
      return MakeError(ErrorCode::kInternal, "postgres: unexpected binary result column");
    }
  }
  out.rows.reserve(static_cast<size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    Row row;
    row.values.reserve(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(res, r, c)) {
        row.values.emplace_back(Null{});
        continue;
      }
      Result<Value> v = ConvertColumn(types[static_cast<size_t>(c)], PQgetvalue(res, r, c),
                                      PQgetlength(res, r, c), c);
      if (!v) return std::move(v).error();
      row.values.push_back(std::move(*v));
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

int64_t AffectedRows(const PGresult* res) {
  const char* tuples = PQcmdTuples(const_cast<PGresult*>(res));
  if (tuples == nullptr || *tuples == '\0') return 0;
  int64_t n = 0;
  std::from_chars(tuples, tuples + std::strlen(tuples), n);
  return n;
}

}  // namespace ispcloud::storage::pg
