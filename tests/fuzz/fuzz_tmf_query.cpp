// libFuzzer target: TMF630 list query parsing (fields, filters with operators and bracket forms,
// nested attributes, sort, offset, limit) and filter evaluation on a fixed resource.

#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/tmf/query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ispcloud::domain::tmf;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  static const boost::json::object kDoc =
      boost::json::parse(
          R"({"id":"1","name":"Ada","status":"Approved","engagedParty":{"id":"p1"},
              "contactMedium":[{"mediumType":"email","characteristic":{"emailAddress":"a@b"}}],
              "validFor":{"startDateTime":"2026-01-01T00:00:00Z"},"creditScore":700})")
          .as_object();
  auto query = ParseListQuery(raw, {"spid"});
  if (query) {
    (void)MatchesAll(kDoc, query->filters);
    if (query->fields) (void)SelectFields(kDoc, *query->fields);
  }
  (void)FindQueryParam(raw, "fields");
  (void)ParseFieldsParam(raw);
  return 0;
}
