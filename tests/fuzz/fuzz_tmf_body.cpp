// libFuzzer target: TMF request bodies. The first byte picks the resource (Customer,
// Individual, Organization), the API version (v4, v5) and the options; the rest is a JSON
// document that goes through what a POST or PATCH does with it: schema validation (in place,
// unknown members reported or dropped), the views in both versions, a JSON Merge Patch onto a
// copy and, when it is an array, a JSON Patch.

#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/tmf/convert.h"
#include "domain/tmf/json_patch.h"
#include "domain/tmf/resource.h"
#include "domain/tmf/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ispcloud::domain::tmf;
  if (size == 0) return 0;
  const uint8_t pick = data[0];
  const auto kind = static_cast<ResourceKind>(pick % 3);
  const ApiVersion version = (pick & 0x04) != 0 ? ApiVersion::kV5 : ApiVersion::kV4;
  const ApiVersion other = version == ApiVersion::kV4 ? ApiVersion::kV5 : ApiVersion::kV4;
  ValidateOptions options;
  options.drop_unknown = (pick & 0x08) != 0;
  options.fill_single_type = (pick & 0x10) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(text, ec);
  if (ec) return 0;
  const ResourceSchema& schema = SchemaOf(kind, version);
  boost::json::value original = doc;
  (void)Validate(doc, *schema.schema, schema.create_required, options);
  if (doc.is_object()) {
    const boost::json::object& stored = doc.as_object();
    boost::json::object view = ViewAs(stored, kind, version, other);
    boost::json::object back = ViewAs(view, kind, other, version);
    PreserveForeignMembers(stored, back, kind, version, other);
    (void)ChangedMembers(stored, back);
  }
  boost::json::value merged = doc;
  ApplyMergePatch(merged, original);
  if (original.is_array()) {
    boost::json::value target = boost::json::object{{"id", "1"}, {"name", "x"}};
    (void)ApplyJsonPatch(target, original);
  }
  return 0;
}
