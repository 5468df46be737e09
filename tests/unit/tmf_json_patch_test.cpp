// Unit tests of JSON Merge Patch (RFC 7386) and JSON Patch (RFC 6902), domain/tmf/json_patch.h.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "domain/tmf/json_patch.h"

namespace ispcloud::domain::tmf {
namespace {

boost::json::value J(std::string_view text) {
  return boost::json::parse(text);
}

TEST(TmfMergePatchTest, Rfc7386Examples) {
  struct Case {
    std::string_view target, patch, result;
  };
  // The examples of RFC 7386 appendix A.
  const std::vector<Case> cases = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const Case& c : cases) {
    boost::json::value target = J(c.target);
    ApplyMergePatch(target, J(c.patch));
    EXPECT_EQ(target, J(c.result)) << c.target << " + " << c.patch;
  }
}

TEST(TmfJsonPatchTest, Operations) {
  boost::json::value doc = J(R"({"name":"a","list":[1,2],"obj":{"x":1}})");
  Status st = ApplyJsonPatch(doc, J(R"([
      {"op":"replace","path":"/name","value":"b"},
      {"op":"add","path":"/list/-","value":3},
      {"op":"add","path":"/list/0","value":0},
      {"op":"remove","path":"/obj/x"},
      {"op":"copy","from":"/name","path":"/copy"},
      {"op":"move","from":"/copy","path":"/obj/moved"},
      {"op":"test","path":"/list/3","value":3},
      {"op":"add","path":"/a~1b","value":true}])"));
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(doc, J(R"({"name":"b","list":[0,1,2,3],"obj":{"moved":"b"},"a/b":true})"));
}

TEST(TmfJsonPatchTest, FailuresLeaveTheDocumentUnchanged) {
  const boost::json::value original = J(R"({"name":"a","list":[1]})");
  struct Case {
    std::string_view ops;
    ErrorCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {R"([{"op":"replace","path":"/name","value":"b"},{"op":"remove","path":"/nope"}])",
       ErrorCode::kInvalidArgument, "[1].path"},
      {R"([{"op":"add","path":"/list/5","value":1}])", ErrorCode::kInvalidArgument, "[0].path"},
      {R"([{"op":"jump","path":"/name"}])", ErrorCode::kInvalidArgument, "[0].op"},
      {R"([{"op":"add","path":"/x"}])", ErrorCode::kInvalidArgument, "[0].value"},
      {R"([{"op":"add","path":"x","value":1}])", ErrorCode::kInvalidArgument, "[0].path"},
      {R"([{"op":"test","path":"/name","value":"z"}])", ErrorCode::kConflict, ""},
      {R"({"op":"add"})", ErrorCode::kInvalidArgument, "body"},
  };
  for (const Case& c : cases) {
    boost::json::value doc = original;
    Status st = ApplyJsonPatch(doc, J(c.ops));
    ASSERT_FALSE(st) << c.ops;
    EXPECT_EQ(st.error().code, c.code) << c.ops;
    if (!c.field.empty()) {
      ASSERT_EQ(st.error().fields.size(), 1u) << c.ops;
      EXPECT_EQ(st.error().fields[0].field, c.field) << c.ops;
    }
    EXPECT_EQ(doc, original) << c.ops;
  }
}

}  // namespace
}  // namespace ispcloud::domain::tmf
