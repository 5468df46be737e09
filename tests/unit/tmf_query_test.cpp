// Unit tests of the TMF630 query features (domain/tmf/query.h): parameter parsing, filter
// evaluation with the comparison operators, fields selection and sorting.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "domain/tmf/query.h"

namespace ispcloud::domain::tmf {
namespace {

boost::json::object Doc(std::string_view text) {
  return boost::json::parse(text).as_object();
}

ListQuery Parse(std::string_view query) {
  auto q = ParseListQuery(query, {"spid"});
  EXPECT_TRUE(q) << (q ? "" : q.error().message);
  return q ? *q : ListQuery{};
}

bool Match(std::string_view doc, std::string_view query) {
  return MatchesAll(Doc(doc), Parse(query).filters);
}

TEST(TmfQueryTest, ReservedParametersAreNotFilters) {
  ListQuery q = Parse("fields=name,status&offset=5&limit=7&sort=-name&spid=3&name=Ada");
  ASSERT_TRUE(q.fields);
  EXPECT_EQ(*q.fields, (std::vector<std::string>{"name", "status"}));
  EXPECT_EQ(q.offset, 5);
  EXPECT_EQ(q.limit, 7);
  ASSERT_EQ(q.sort.size(), 1u);
  EXPECT_TRUE(q.sort[0].descending);
  EXPECT_EQ(q.sort[0].path, (std::vector<std::string>{"name"}));
  ASSERT_EQ(q.filters.size(), 1u);
  EXPECT_EQ(q.filters[0].path, (std::vector<std::string>{"name"}));
  EXPECT_EQ(q.filters[0].op, CompareOp::kEq);
}

TEST(TmfQueryTest, DefaultsAndLimits) {
  ListQuery q = Parse("");
  EXPECT_FALSE(q.fields);
  EXPECT_EQ(q.offset, 0);
  EXPECT_EQ(q.limit, kDefaultLimit);
  EXPECT_TRUE(Parse("limit=500").limit == 500);
  for (std::string_view bad : {"limit=501", "limit=-1", "limit=x", "offset=-2", "offset=",
                               "offset=1.5"}) {
    auto q2 = ParseListQuery(bad, {});
    ASSERT_FALSE(q2) << bad;
    EXPECT_EQ(q2.error().code, ErrorCode::kInvalidArgument);
    ASSERT_EQ(q2.error().fields.size(), 1u);
    EXPECT_EQ(q2.error().fields[0].field, bad.substr(0, bad.find('=')));
  }
}

TEST(TmfQueryTest, OperatorForms) {
  struct Case {
    std::string_view query;
    std::vector<std::string> path;
    CompareOp op;
    std::string value;
  };
  const std::vector<Case> cases = {
      {"validFor.startDateTime.gte=2026-01-01", {"validFor", "startDateTime"}, CompareOp::kGte,
       "2026-01-01"},
      {"validFor.startDateTime%5Bgt%5D=2026", {"validFor", "startDateTime"}, CompareOp::kGt,
       "2026"},
      {"creditScore[lt]=5", {"creditScore"}, CompareOp::kLt, "5"},
      {"creditScore.lte=5", {"creditScore"}, CompareOp::kLte, "5"},
      {"engagedParty.id.eq=42", {"engagedParty", "id"}, CompareOp::kEq, "42"},
      {"score%3E=3", {"score"}, CompareOp::kGte, "3"},
      {"score<=3", {"score"}, CompareOp::kLte, "3"},
      {"score>3", {"score"}, CompareOp::kGt, "3"},
      {"score<3", {"score"}, CompareOp::kLt, "3"},
  };
  for (const Case& c : cases) {
    ListQuery q = Parse(c.query);
    ASSERT_EQ(q.filters.size(), 1u) << c.query;
    EXPECT_EQ(q.filters[0].path, c.path) << c.query;
    EXPECT_EQ(q.filters[0].op, c.op) << c.query;
    EXPECT_EQ(q.filters[0].values.front(), c.value) << c.query;
  }
  auto bad = ParseListQuery("name[like]=x", {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields[0].field, "name[like]");
  EXPECT_FALSE(ParseListQuery("a..b=1", {}));
}

TEST(TmfQueryTest, EqualityOnStringsNumbersAndBooleans) {
  const std::string_view doc =
      R"({"name":"Ada Lovelace","status":"Approved","score":7,"vip":true,"ratio":0.5})";
  EXPECT_TRUE(Match(doc, "name=Ada%20Lovelace"));
  EXPECT_TRUE(Match(doc, "name=Ada+Lovelace"));
  EXPECT_FALSE(Match(doc, "name=ada%20lovelace"));  // case-sensitive
  EXPECT_TRUE(Match(doc, "score=7"));
  EXPECT_TRUE(Match(doc, "score=7.0"));
  EXPECT_FALSE(Match(doc, "score=8"));
  EXPECT_TRUE(Match(doc, "vip=true"));
  EXPECT_FALSE(Match(doc, "vip=false"));
  EXPECT_TRUE(Match(doc, "ratio=0.5"));
  EXPECT_TRUE(Match(doc, "status=Rejected,Approved"));  // comma = OR
  EXPECT_FALSE(Match(doc, "status=Rejected,Pending"));
  EXPECT_TRUE(Match(doc, "name=Ada%20Lovelace&status=Approved"));  // AND
  EXPECT_FALSE(Match(doc, "name=Ada%20Lovelace&status=Rejected"));
  EXPECT_FALSE(Match(doc, "nickname=Ada"));  // attribute the document does not have
}

TEST(TmfQueryTest, ValueWithACommaMatchesWhole) {
  EXPECT_TRUE(Match(R"({"name":"Smith, John"})", "name=Smith,%20John"));
}

TEST(TmfQueryTest, NestedPathsSearchArrays) {
  const std::string_view doc = R"({
    "engagedParty": {"id": "p1", "@referredType": "Individual"},
    "contactMedium": [
      {"mediumType": "email", "characteristic": {"emailAddress": "a@b.c"}},
      {"mediumType": "phone", "characteristic": {"phoneNumber": "555"}}
    ]})";
  EXPECT_TRUE(Match(doc, "engagedParty.id=p1"));
  EXPECT_FALSE(Match(doc, "engagedParty.id=p2"));
  EXPECT_TRUE(Match(doc, "contactMedium.characteristic.phoneNumber=555"));
  EXPECT_TRUE(Match(doc, "contactMedium.mediumType=email"));
  EXPECT_FALSE(Match(doc, "contactMedium.characteristic.phoneNumber=556"));
  EXPECT_FALSE(Match(doc, "engagedParty=p1"));  // an object is not a value
}

TEST(TmfQueryTest, OrderingOperatorsOnDatesAndNumbers) {
  const std::string_view doc =
      R"({"validFor":{"startDateTime":"2026-03-01T10:00:00.000Z"},"creditScore":700})";
  EXPECT_TRUE(Match(doc, "validFor.startDateTime.gt=2026-02-28"));
  EXPECT_TRUE(Match(doc, "validFor.startDateTime[gte]=2026-03-01T10:00:00Z"));
  EXPECT_TRUE(Match(doc, "validFor.startDateTime.lte=2026-03-01T11:00:00%2B01:00"));
  EXPECT_FALSE(Match(doc, "validFor.startDateTime.lt=2026-03-01T11:00:00%2B01:00"));
  EXPECT_FALSE(Match(doc, "validFor.startDateTime.lt=2026-03-01"));
  EXPECT_TRUE(Match(doc, "creditScore.gt=699"));
  EXPECT_FALSE(Match(doc, "creditScore.gt=700"));
  EXPECT_TRUE(Match(doc, "creditScore.gte=700&creditScore.lte=700"));
  EXPECT_TRUE(Match(doc, "creditScore.lt=1000"));  // numeric, not text order
  EXPECT_FALSE(Match(doc, "creditScore.lt=abc"));  // does not compare
}

TEST(TmfQueryTest, FieldsSelectionKeepsIdHrefAndType) {
  auto doc = Doc(R"({"id":"1","href":"h","@type":"Customer","name":"n","status":"s",
                     "engagedParty":{"id":"p","name":"q"},
                     "contactMedium":[{"mediumType":"email","preferred":true},{"mediumType":"fax"}]})");
  auto out = SelectFields(doc, {"name", "engagedParty.id", "contactMedium.mediumType", "nope"});
  EXPECT_EQ(out, Doc(R"({"id":"1","href":"h","@type":"Customer","name":"n",
                         "engagedParty":{"id":"p"},
                         "contactMedium":[{"mediumType":"email"},{"mediumType":"fax"}]})"));
  EXPECT_EQ(SelectFields(doc, {}), Doc(R"({"id":"1","href":"h","@type":"Customer"})"));
}

TEST(TmfQueryTest, FieldsParamAlone) {
  auto none = ParseFieldsParam("spid=1");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto some = ParseFieldsParam("fields=givenName,%20familyName");
  ASSERT_TRUE(some && *some);
  EXPECT_EQ(**some, (std::vector<std::string>{"givenName", "familyName"}));
}

TEST(TmfQueryTest, SortByKeysMissingLast) {
  std::vector<boost::json::object> docs = {Doc(R"({"id":"a","name":"b","n":2})"),
                                           Doc(R"({"id":"b","n":1})"),
                                           Doc(R"({"id":"c","name":"a","n":2})")};
  SortDocuments(docs, Parse("sort=name").sort);
  EXPECT_EQ(docs[0].at("id"), "c");
  EXPECT_EQ(docs[1].at("id"), "a");
  EXPECT_EQ(docs[2].at("id"), "b");
  SortDocuments(docs, Parse("sort=-n,name").sort);
  EXPECT_EQ(docs[0].at("id"), "c");
  EXPECT_EQ(docs[1].at("id"), "a");
  EXPECT_EQ(docs[2].at("id"), "b");
}

}  // namespace
}  // namespace ispcloud::domain::tmf
