// End-to-end tests of the TMF630 query features on every TMF list (customer, individual and
// organization, v4 and v5): attribute filters with AND, comma-OR, nested paths and the
// comparison operators (dot and bracket forms), fields selection, sort, offset/limit paging with
// X-Total-Count / X-Result-Count and 206 for partial results.

#include "tmf_support.h"

namespace ispcloud::e2e {
namespace {

struct ListCase {
  std::string name;
  std::string base;
  bool v5;
  std::string label;       // a string attribute set per item
  std::string date_attr;   // a date-time attribute path (dotted) set per item
  std::string state_attr;  // an attribute with values "initialized" / "validated"
};

// Test names and failure messages show the case name, not its bytes.
void PrintTo(const ListCase& c, std::ostream* os) {
  *os << c.name;
}

const std::vector<ListCase>& ListCases() {
  static const std::vector<ListCase> kCases = {
      {"CustomerV4", "/tmf-api/customerManagement/v4/customer", false, "name",
       "validFor.startDateTime", "status"},
      {"CustomerV5", "/tmf-api/customerManagement/v5/customer", true, "name",
       "validFor.startDateTime", "status"},
      {"IndividualV4", "/tmf-api/party/v4/individual", false, "givenName", "birthDate", "status"},
      {"IndividualV5", "/tmf-api/party/v5/individual", true, "givenName", "birthDate", "status"},
      {"OrganizationV4", "/tmf-api/party/v4/organization", false, "tradingName",
       "existsDuring.startDateTime", "status"},
      {"OrganizationV5", "/tmf-api/party/v5/organization", true, "tradingName",
       "existsDuring.startDateTime", "status"},
  };
  return kCases;
}

// Sets a dotted path in `o`.
void SetPath(boost::json::object& o, const std::string& path, boost::json::value v) {
  const size_t dot = path.find('.');
  if (dot == std::string::npos) {
    o[path] = std::move(v);
    return;
  }
  boost::json::value& child = o[path.substr(0, dot)];
  if (!child.is_object()) child = boost::json::object();
  SetPath(child.as_object(), path.substr(dot + 1), std::move(v));
}

class TmfQueryE2eTest : public TmfTest, public ::testing::WithParamInterface<ListCase> {
 protected:
  // Item i (0..4): label "item<i>", date 2026-0<i+1>-01, state validated for even i,
  // related party "rp<i % 2>".
  boost::json::object Item(int i) {
    const ListCase& c = GetParam();
    boost::json::object o;
    if (c.v5) o["@type"] = c.name.substr(0, c.name.size() - 2);
    o[c.label] = "item" + std::to_string(i);
    const std::string date = "2026-0" + std::to_string(i + 1) + "-01T00:00:00.000Z";
    SetPath(o, c.date_attr, boost::json::value(date));
    o[c.state_attr] = i % 2 == 0 ? "validated" : "initialized";
    if (c.name.starts_with("Customer")) {
      o["engagedParty"] = J(R"({"id":"ep)" + std::to_string(i) + R"(","@referredType":"Individual"})");
      if (c.v5) o["engagedParty"].as_object()["@type"] = "PartyRef";
    }
    if (c.name.starts_with("Individual")) o["familyName"] = "Doe";
    if (c.name.starts_with("Organization") && c.v5) o["name"] = "Org " + std::to_string(i);
    const std::string rp = "rp" + std::to_string(i % 2);
    if (c.v5) {
      o["relatedParty"] = J(R"([{"@type":"RelatedPartyOrPartyRole","role":"contact",
                                 "partyOrPartyRole":{"@type":"PartyRef","id":")" + rp + R"("}}])");
    } else {
      o["relatedParty"] =
          J(R"([{"id":")" + rp + R"(","role":"contact","@referredType":"Individual"}])");
    }
    return o;
  }

  void SetUp() override {
    spid_ = NextSpid();
    for (int i = 0; i < 5; ++i) ids_.push_back(S(Create(GetParam().base, Item(i), Admin(), spid_).at("id")));
  }

  // The labels of a list response, in order.
  std::vector<std::string> Labels(const HttpResponse& res) {
    std::vector<std::string> out;
    auto body = JsonOf(res);
    if (!body.is_array()) {
      ADD_FAILURE() << res.body();
      return out;
    }
    for (const auto& item : body.as_array()) out.push_back(S(item.at(GetParam().label)));
    return out;
  }

  HttpResponse List(const std::string& query) {
    return Get(GetParam().base + "?" + query, Admin(), spid_);
  }

  using Labels_t = std::vector<std::string>;
  std::string spid_;
  std::vector<std::string> ids_;
};

TEST_P(TmfQueryE2eTest, DefaultOrderIsNewestFirst) {
  auto res = Get(GetParam().base, Admin(), spid_);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(Labels(res), (Labels_t{"item4", "item3", "item2", "item1", "item0"}));
  EXPECT_EQ(res["X-Total-Count"], "5");
  EXPECT_EQ(res["X-Result-Count"], "5");
}

TEST_P(TmfQueryE2eTest, AttributeFilters) {
  const ListCase& c = GetParam();
  EXPECT_EQ(Labels(List(c.label + "=item2")), (Labels_t{"item2"}));
  EXPECT_EQ(Labels(List(c.label + "=item1,item3")), (Labels_t{"item3", "item1"}));
  EXPECT_EQ(Labels(List(c.state_attr + "=validated")), (Labels_t{"item4", "item2", "item0"}));
  EXPECT_EQ(Labels(List(c.state_attr + "=validated&" + c.label + "=item2,item3")),
            (Labels_t{"item2"}));
  EXPECT_TRUE(Labels(List(c.label + "=nobody")).empty());
  EXPECT_TRUE(Labels(List("noSuchAttribute=1")).empty());
  auto none = List(c.label + "=nobody");
  EXPECT_EQ(none.result_int(), 200u);
  EXPECT_EQ(none["X-Total-Count"], "0");
  // Nested attribute inside an array of objects.
  const std::string rp = c.v5 ? "relatedParty.partyOrPartyRole.id" : "relatedParty.id";
  EXPECT_EQ(Labels(List(rp + "=rp1")), (Labels_t{"item3", "item1"}));
  if (c.name.starts_with("Customer")) {
    EXPECT_EQ(Labels(List("engagedParty.id=ep4")), (Labels_t{"item4"}));
  }
}

TEST_P(TmfQueryE2eTest, ComparisonOperators) {
  const std::string& d = GetParam().date_attr;
  EXPECT_EQ(Labels(List(d + ".gt=2026-03-01T00:00:00.000Z")), (Labels_t{"item4", "item3"}));
  EXPECT_EQ(Labels(List(d + ".gte=2026-03-01")), (Labels_t{"item4", "item3", "item2"}));
  EXPECT_EQ(Labels(List(d + ".lt=2026-02-01T00:00:00Z")), (Labels_t{"item0"}));
  EXPECT_EQ(Labels(List(d + ".lte=2026-02-01")), (Labels_t{"item1", "item0"}));
  EXPECT_EQ(Labels(List(d + ".eq=2026-02-01T00:00:00.000Z")), (Labels_t{"item1"}));
  EXPECT_EQ(Labels(List(d + "%5Bgte%5D=2026-02-01&" + d + "%5Blt%5D=2026-04-01")),
            (Labels_t{"item2", "item1"}));
  EXPECT_EQ(Labels(List(d + "[gt]=2026-04-15")), (Labels_t{"item4"}));
  auto bad = ExpectError(List(d + "[near]=2026-01-01"), 400, "ERCRT1001");
  EXPECT_TRUE(NamesField(bad, d + "[near]"));
}

TEST_P(TmfQueryE2eTest, FieldsSelection) {
  const ListCase& c = GetParam();
  auto res = List("fields=" + c.state_attr + "&" + c.label + "=item0");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto item = JsonOf(res).at(0).as_object();
  EXPECT_EQ(item.size(), 4u) << res.body();  // id, href, @type + the selected attribute
  EXPECT_TRUE(item.contains("id"));
  EXPECT_TRUE(item.contains("href"));
  EXPECT_TRUE(item.contains("@type"));
  EXPECT_EQ(item.at(c.state_attr), "validated");
  // On a single resource too.
  auto one = Get(c.base + "/" + ids_[0] + "?fields=" + c.label, Admin(), spid_);
  ASSERT_EQ(one.result_int(), 200u);
  auto doc = JsonOf(one).as_object();
  EXPECT_EQ(doc.size(), 4u) << one.body();
  EXPECT_EQ(doc.at(c.label), "item0");
  EXPECT_EQ(S(doc.at("id")), ids_[0]);
}

TEST_P(TmfQueryE2eTest, PagingAndSort) {
  const ListCase& c = GetParam();
  auto page = List("offset=1&limit=2");
  EXPECT_EQ(page.result_int(), 206u);
  EXPECT_EQ(Labels(page), (Labels_t{"item3", "item2"}));
  EXPECT_EQ(page["X-Total-Count"], "5");
  EXPECT_EQ(page["X-Result-Count"], "2");
  auto last = List("offset=4&limit=2");
  EXPECT_EQ(last.result_int(), 206u);
  EXPECT_EQ(Labels(last), (Labels_t{"item0"}));
  auto beyond = List("offset=9");
  EXPECT_EQ(beyond.result_int(), 206u);
  EXPECT_TRUE(Labels(beyond).empty());
  EXPECT_EQ(beyond["X-Result-Count"], "0");
  auto all = List("limit=5");
  EXPECT_EQ(all.result_int(), 200u);
  EXPECT_EQ(Labels(List("sort=" + c.label)),
            (Labels_t{"item0", "item1", "item2", "item3", "item4"}));
  EXPECT_EQ(Labels(List("sort=-" + c.date_attr + "&limit=2")), (Labels_t{"item4", "item3"}));
  auto filtered_page = List(c.state_attr + "=validated&limit=1&offset=1");
  EXPECT_EQ(Labels(filtered_page), (Labels_t{"item2"}));
  EXPECT_EQ(filtered_page["X-Total-Count"], "3");
  EXPECT_TRUE(NamesField(ExpectError(List("limit=501"), 400, "ERCRT1001"), "limit"));
  EXPECT_TRUE(NamesField(ExpectError(List("offset=-1"), 400, "ERCRT1001"), "offset"));
}

INSTANTIATE_TEST_SUITE_P(AllLists, TmfQueryE2eTest, ::testing::ValuesIn(ListCases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ispcloud::e2e
