// End-to-end tests of the TMF629 Customer and TMF632 Individual / Organization APIs, v4 and v5:
// every operation with every attribute of the spec's resource schema, merge patch and JSON
// Patch, 404s, and reads across versions. Bodies follow the schemas of the spec files in
// ../shared/specs/tmf (attribute names and shapes of TMF629 v4.0.0 / v5.0.1 and TMF632 v4.0.0 /
// v5.0.0).

#include <boost/json/parse.hpp>

#include "tmf_support.h"

namespace ispcloud::e2e {
namespace {

using beast_http::verb;

struct ResourceCase {
  std::string name;
  std::string base;
  std::string create;  // every attribute of the resource schema
  std::string patch;   // a merge patch touching one attribute
  std::string patched_attribute;
};

const char* kCustomerV4 = R"({
  "name": "Moon Football Club", "status": "Approved", "statusReason": "checked",
  "@type": "Customer", "@baseType": "PartyRole", "@schemaLocation": "https://schemas.example/c.json",
  "engagedParty": {"id": "9f", "href": "https://x.example/party/9f", "name": "Moon FC",
                   "role": "owner", "@referredType": "Organization"},
  "account": [{"id": "a1", "href": "https://x.example/a1", "name": "main", "description": "d",
               "@referredType": "BillingAccount"}],
  "agreement": [{"id": "ag1", "href": "https://x.example/ag1", "name": "contract",
                 "@referredType": "Agreement"}],
  "characteristic": [{"name": "vip", "valueType": "boolean", "value": true}],
  "contactMedium": [{"mediumType": "email", "preferred": true,
                     "characteristic": {"emailAddress": "club@moon.example", "contactType": "work",
                                        "city": "Oslo", "country": "NO", "faxNumber": "1",
                                        "phoneNumber": "2", "postCode": "0150",
                                        "socialNetworkId": "@moon", "stateOrProvince": "Oslo",
                                        "street1": "Main 1", "street2": "Floor 2"},
                     "validFor": {"startDateTime": "2026-01-01T00:00:00.000Z"}}],
  "creditProfile": [{"creditProfileDate": "2026-01-02T00:00:00.000Z", "creditRiskRating": 3,
                     "creditScore": 700, "validFor": {"startDateTime": "2026-01-01T00:00:00.000Z",
                                                      "endDateTime": "2027-01-01T00:00:00.000Z"}}],
  "paymentMethod": [{"id": "pm1", "href": "https://x.example/pm1", "name": "card",
                     "@referredType": "BankCard"}],
  "relatedParty": [{"id": "r1", "href": "https://x.example/r1", "name": "Bob", "role": "contact",
                    "@referredType": "Individual"}],
  "validFor": {"startDateTime": "2026-01-01T00:00:00.000Z", "endDateTime": "2030-01-01T00:00:00.000Z"}
})";

const char* kIndividualV4 = R"({
  "givenName": "Ada", "familyName": "Lovelace", "fullName": "Ada King Lovelace",
  "aristocraticTitle": "Countess", "birthDate": "1815-12-10T00:00:00.000Z",
  "countryOfBirth": "UK", "deathDate": "1852-11-27T00:00:00.000Z", "familyNamePrefix": "",
  "formattedName": "Ada Lovelace", "gender": "female", "generation": "I", "legalName": "Augusta Ada King",
  "location": "London", "maritalStatus": "married", "middleName": "King", "nationality": "British",
  "placeOfBirth": "London", "preferredGivenName": "Ada", "title": "Lady", "status": "validated",
  "@type": "Individual", "@baseType": "Party", "@schemaLocation": "https://schemas.example/i.json",
  "contactMedium": [{"mediumType": "telephone", "preferred": false,
                     "characteristic": {"phoneNumber": "+44 20 1234", "contactType": "home"}}],
  "creditRating": [{"creditAgencyName": "Agency", "creditAgencyType": "external",
                    "ratingReference": "R1", "ratingScore": 9,
                    "validFor": {"startDateTime": "2026-01-01T00:00:00.000Z"}}],
  "disability": [{"disabilityCode": "D1", "disabilityName": "none",
                  "validFor": {"startDateTime": "2026-01-01T00:00:00.000Z"}}],
  "externalReference": [{"externalReferenceType": "crm", "name": "c-1"}],
  "individualIdentification": [{"identificationId": "X123", "identificationType": "passport",
                                "issuingAuthority": "HMPO", "issuingDate": "2020-01-01T00:00:00.000Z",
                                "attachment": {"name": "scan", "mimeType": "image/png",
                                               "url": "https://x.example/scan.png",
                                               "size": {"amount": 2.5, "units": "MB"}},
                                "validFor": {"endDateTime": "2030-01-01T00:00:00.000Z"}}],
  "languageAbility": [{"isFavouriteLanguage": true, "languageCode": "en", "languageName": "English",
                       "listeningProficiency": "native", "readingProficiency": "native",
                       "speakingProficiency": "native", "writingProficiency": "native"}],
  "otherName": [{"givenName": "Augusta", "familyName": "Byron", "title": "Miss"}],
  "partyCharacteristic": [{"name": "hobby", "value": "mathematics"}],
  "relatedParty": [{"id": "p2", "role": "spouse", "@referredType": "Individual"}],
  "skill": [{"skillCode": "S1", "skillName": "analysis", "evaluatedLevel": "expert",
             "comment": "first programmer"}],
  "taxExemptionCertificate": [{"id": "t1", "taxDefinition": [{"id": "vat", "name": "VAT",
                                                              "taxType": "sales"}],
                               "validFor": {"startDateTime": "2026-01-01T00:00:00.000Z"}}]
})";

const char* kOrganizationV4 = R"({
  "tradingName": "Acme", "name": "Acme Ltd", "nameType": "Ltd", "organizationType": "company",
  "isHeadOffice": true, "isLegalEntity": true, "status": "initialized",
  "@type": "Organization", "@baseType": "Party",
  "existsDuring": {"startDateTime": "2001-01-01T00:00:00.000Z"},
  "contactMedium": [{"mediumType": "postal address",
                     "characteristic": {"street1": "1 Road", "city": "Leeds", "country": "UK"}}],
  "creditRating": [{"creditAgencyName": "Agency", "ratingScore": 5}],
  "externalReference": [{"externalReferenceType": "registry", "name": "0123"}],
  "organizationChildRelationship": [{"relationshipType": "branch",
                                     "organization": {"id": "o2", "name": "Acme North"}}],
  "organizationIdentification": [{"identificationId": "GB1", "identificationType": "VAT",
                                  "issuingAuthority": "HMRC"}],
  "organizationParentRelationship": {"relationshipType": "owner",
                                     "organization": {"id": "o0", "name": "Acme Group"}},
  "otherName": [{"name": "ACME", "nameType": "acronym", "tradingName": "ACME"}],
  "partyCharacteristic": [{"name": "employees", "value": 120}],
  "relatedParty": [{"id": "p9", "role": "ceo", "@referredType": "Individual"}],
  "taxExemptionCertificate": [{"id": "t2"}]
})";

const char* kCustomerV5 = R"({
  "@type": "Customer", "name": "Star Cafe", "description": "corner cafe", "role": "buyer",
  "status": "Approved", "statusReason": "ok",
  "engagedParty": {"@type": "PartyRef", "id": "i7", "name": "Star", "@referredType": "Individual"},
  "partyRoleSpecification": {"@type": "PartyRoleSpecificationRef", "id": "spec1"},
  "account": [{"@type": "AccountRef", "id": "a5", "name": "main"}],
  "agreement": [{"@type": "AgreementRef", "id": "ag5"}],
  "characteristic": [{"@type": "StringCharacteristic", "name": "segment", "value": "smb"},
                     {"@type": "IntegerArrayCharacteristic", "name": "codes", "value": [1, 2]}],
  "contactMedium": [{"@type": "EmailContactMedium", "preferred": true, "contactType": "work",
                     "emailAddress": "star@cafe.example"},
                    {"@type": "GeographicAddressContactMedium", "city": "Rome", "street1": "Via 1"}],
  "creditProfile": [{"@type": "CreditProfile", "creditProfileDate": "2026-02-01T00:00:00.000Z",
                     "creditRiskRating": 1, "creditScore": 810}],
  "paymentMethod": [{"@type": "PaymentMethodRef", "id": "pm5"}],
  "relatedParty": [{"@type": "RelatedPartyOrPartyRole", "role": "contact",
                    "partyOrPartyRole": {"@type": "PartyRef", "id": "i8", "name": "Eve",
                                         "@referredType": "Individual"}}],
  "validFor": {"startDateTime": "2026-02-01T00:00:00.000Z"}
})";

const char* kIndividualV5 = R"({
  "@type": "Individual", "givenName": "Grace", "familyName": "Hopper", "name": "Grace Hopper",
  "gender": "female", "birthDate": "1906-12-09T00:00:00.000Z", "nationality": "US",
  "status": "initialized", "title": "Rear Admiral",
  "contactMedium": [{"@type": "PhoneContactMedium", "phoneNumber": "555-0100", "contactType": "mobile"}],
  "externalReference": [{"@type": "ExternalIdentifier", "owner": "navy", "externalIdentifierType": "id",
                         "id": "n-1"}],
  "individualIdentification": [{"@type": "IndividualIdentification", "identificationId": "US9",
                                "identificationType": "passport"}],
  "partyCharacteristic": [{"@type": "BooleanCharacteristic", "name": "veteran", "value": true}],
  "relatedParty": [{"@type": "RelatedPartyOrPartyRole", "role": "employer",
                    "partyOrPartyRole": {"@type": "PartyRef", "id": "o1", "@referredType": "Organization"}}],
  "skill": [{"skillCode": "COBOL"}]
})";

const char* kOrganizationV5 = R"({
  "@type": "Organization", "name": "Globex", "tradingName": "Globex", "isLegalEntity": true,
  "organizationType": "company", "status": "validated",
  "existsDuring": {"startDateTime": "1990-01-01T00:00:00.000Z"},
  "organizationIdentification": [{"@type": "OrganizationIdentification", "identificationId": "G1"}],
  "organizationParentRelationship": {"@type": "OrganizationParentRelationship",
                                     "organization": {"@type": "OrganizationRef", "id": "o0"}},
  "contactMedium": [{"@type": "SocialContactMedium", "socialNetworkId": "@globex"}]
})";

// Test names and failure messages show the case name, not its bytes.
void PrintTo(const ResourceCase& c, std::ostream* os) {
  *os << c.name;
}

const std::vector<ResourceCase>& Cases() {
  static const std::vector<ResourceCase> kCases = {
      {"CustomerV4", "/tmf-api/customerManagement/v4/customer", kCustomerV4,
       R"({"name":"Moon FC"})", "name"},
      {"IndividualV4", "/tmf-api/party/v4/individual", kIndividualV4, R"({"status":"deceaded"})",
       "status"},
      {"OrganizationV4", "/tmf-api/party/v4/organization", kOrganizationV4,
       R"({"tradingName":"Acme 2"})", "tradingName"},
      {"CustomerV5", "/tmf-api/customerManagement/v5/customer", kCustomerV5,
       R"({"name":"Star Bar"})", "name"},
      {"CustomerV5SpecPath", "/tmf-api/customer/v5/customer", kCustomerV5, R"({"status":"x"})",
       "status"},
      {"IndividualV5", "/tmf-api/party/v5/individual", kIndividualV5, R"({"gender":"f"})",
       "gender"},
      {"OrganizationV5", "/tmf-api/party/v5/organization", kOrganizationV5,
       R"({"name":"Globex Corp"})", "name"},
  };
  return kCases;
}

class TmfResourceTest : public TmfTest, public ::testing::WithParamInterface<ResourceCase> {};

// Every attribute sent on create comes back, as sent, from create, retrieve and list.
void ExpectAllAttributes(const boost::json::object& sent, const boost::json::object& got) {
  for (const auto& m : sent) {
    ASSERT_TRUE(got.contains(m.key())) << m.key();
    EXPECT_EQ(got.at(m.key()), m.value()) << m.key();
  }
}

TEST_P(TmfResourceTest, CreateRetrieveListPatchDelete) {
  const ResourceCase& c = GetParam();
  const std::string spid = NextSpid();
  const boost::json::object sent = J(c.create).as_object();

  auto res = Post(c.base, sent, Admin(), spid);
  ASSERT_EQ(res.result_int(), 201u) << res.body();
  auto created = JsonOf(res).as_object();
  const std::string id = S(created.at("id"));
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(S(created.at("href")), BaseUrl() + c.base + "/" + id);
  EXPECT_EQ(res[beast_http::field::location], S(created.at("href")));
  EXPECT_TRUE(created.contains("@type"));
  ExpectAllAttributes(sent, created);

  auto got = Get(c.base + "/" + id, Admin(), spid);
  ASSERT_EQ(got.result_int(), 200u) << got.body();
  EXPECT_EQ(JsonOf(got).as_object(), created);

  auto list = Get(c.base, Admin(), spid);
  ASSERT_EQ(list.result_int(), 200u) << list.body();
  ASSERT_EQ(JsonOf(list).as_array().size(), 1u);
  EXPECT_EQ(JsonOf(list).at(0).as_object(), created);
  EXPECT_EQ(list["X-Total-Count"], "1");
  EXPECT_EQ(list["X-Result-Count"], "1");

  // Merge patch: only the patched attribute changes.
  const boost::json::object patch = J(c.patch).as_object();
  auto patched = Patch(c.base + "/" + id, patch, Admin(), spid);
  ASSERT_EQ(patched.result_int(), 200u) << patched.body();
  auto after = JsonOf(patched).as_object();
  std::string expected = S(patch.at(c.patched_attribute));
  if (expected == "deceaded") expected = "deceased";  // stored with the v5 spelling
  EXPECT_EQ(S(after.at(c.patched_attribute)), expected);
  for (const auto& m : created) {
    if (m.key() != c.patched_attribute) {
      EXPECT_EQ(after.at(m.key()), m.value()) << m.key();
    }
  }
  EXPECT_EQ(JsonOf(Get(c.base + "/" + id, Admin(), spid)).as_object(), after);

  // Plain application/json is a merge patch too; null removes an attribute.
  auto plain = Patch(c.base + "/" + id, J(R"({"@baseType":"X"})"), Admin(), spid,
                     "application/json");
  ASSERT_EQ(plain.result_int(), 200u) << plain.body();
  EXPECT_EQ(JsonOf(plain).at("@baseType"), "X");
  auto removed = Patch(c.base + "/" + id, J(R"({"@baseType":null})"), Admin(), spid);
  ASSERT_EQ(removed.result_int(), 200u) << removed.body();
  EXPECT_FALSE(JsonOf(removed).as_object().contains("@baseType"));

  auto deleted = Delete(c.base + "/" + id, Admin(), spid);
  EXPECT_EQ(deleted.result_int(), 204u);
  EXPECT_TRUE(deleted.body().empty());
  ExpectError(Get(c.base + "/" + id, Admin(), spid), 404, "ERCRT1003");
  ExpectError(Delete(c.base + "/" + id, Admin(), spid), 404, "ERCRT1003");
  ExpectError(Patch(c.base + "/" + id, patch, Admin(), spid), 404, "ERCRT1003");
  EXPECT_EQ(Get(c.base, Admin(), spid)["X-Total-Count"], "0");
}

TEST_P(TmfResourceTest, UnknownIdIs404) {
  const ResourceCase& c = GetParam();
  auto body = ExpectError(Get(c.base + "/000000000000000000000000", Admin(), "1"), 404,
                          "ERCRT1003");
  EXPECT_EQ(S(body.at("reason")), "Not Found");
}

TEST_P(TmfResourceTest, CreateIgnoresIdAndHref) {
  const ResourceCase& c = GetParam();
  boost::json::object sent = J(c.create).as_object();
  sent["id"] = "chosen-by-client";
  sent["href"] = "https://elsewhere.example/x";
  auto created = Create(c.base, sent, Admin(), NextSpid());
  EXPECT_NE(S(created.at("id")), "chosen-by-client");
  EXPECT_EQ(S(created.at("href")).rfind(BaseUrl() + c.base + "/", 0), 0u);
}

INSTANTIATE_TEST_SUITE_P(AllResources, TmfResourceTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param.name; });

TEST_F(TmfTest, PatchDoesNotRequireTheUpdateRequiredFields) {
  // TMF629 v4 Customer_Update lists engagedParty as required; the conformance kit patches only
  // the name.
  const std::string base = "/tmf-api/customerManagement/v4/customer";
  auto created = Create(base, J(kCustomerV4), Admin(), "1");
  auto res = Patch(base + "/" + S(created.at("id")), J(R"({"name":"Renamed"})"), Admin(), "1",
                   "application/json");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(JsonOf(res).at("name"), "Renamed");
  EXPECT_EQ(JsonOf(res).at("engagedParty"), created.at("engagedParty"));
}

TEST_F(TmfTest, PatchValidatesTheResult) {
  const std::string base = "/tmf-api/party/v4/individual";
  auto created = Create(base, J(kIndividualV4), Admin(), "1");
  const std::string item = base + "/" + S(created.at("id"));
  auto bad = ExpectError(Patch(item, J(R"({"gender":5,"shoeSize":44,"id":"other",
                                          "contactMedium":[{"preferred":"yes"}]})"),
                               Admin(), "1"),
                         400, "ERCRT1001");
  EXPECT_TRUE(NamesField(bad, "gender"));
  EXPECT_TRUE(NamesField(bad, "shoeSize"));
  EXPECT_TRUE(NamesField(bad, "id"));
  EXPECT_TRUE(NamesField(bad, "contactMedium[0].preferred"));
  auto removal = ExpectError(Patch(item, J(R"({"givenName":null})"), Admin(), "1"), 400,
                             "ERCRT1001");
  EXPECT_TRUE(NamesField(removal, "givenName"));
  // Nothing was changed.
  EXPECT_EQ(JsonOf(Get(item, Admin(), "1")).as_object(), created);
  // Unchanged id is fine.
  auto same = Patch(item, J(R"({"id":")" + S(created.at("id")) + R"(","title":"Dr"})"), Admin(),
                    "1");
  EXPECT_EQ(same.result_int(), 200u) << same.body();
}

TEST_F(TmfTest, JsonPatchOnV5) {
  const std::string base = "/tmf-api/customerManagement/v5/customer";
  auto created = Create(base, J(kCustomerV5), Admin(), "1");
  const std::string item = base + "/" + S(created.at("id"));
  auto res = Patch(item, J(R"([{"op":"replace","path":"/name","value":"Moon Bar"},
                             {"op":"add","path":"/contactMedium/-",
                              "value":{"@type":"PhoneContactMedium","phoneNumber":"1"}},
                             {"op":"remove","path":"/description"}])"),
                   Admin(), "1", "application/json-patch+json");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto doc = JsonOf(res).as_object();
  EXPECT_EQ(doc.at("name"), "Moon Bar");
  EXPECT_EQ(doc.at("contactMedium").as_array().size(), 3u);
  EXPECT_FALSE(doc.contains("description"));
  auto failed_test = Patch(item, J(R"([{"op":"test","path":"/name","value":"nope"}])"), Admin(),
                           "1", "application/json-patch+json");
  ExpectError(failed_test, 409, "ERCRT1004");
  auto bad_path = ExpectError(Patch(item, J(R"([{"op":"remove","path":"/nothing"}])"), Admin(),
                                    "1", "application/json-patch+json"),
                              400, "ERCRT1001");
  EXPECT_TRUE(NamesField(bad_path, "[0].path"));
  auto bad_type = ExpectError(Patch(item, J(R"([{"op":"replace","path":"/name","value":1}])"),
                                    Admin(), "1", "application/json-patch+json"),
                              400, "ERCRT1001");
  EXPECT_TRUE(NamesField(bad_type, "name"));
  // v4 does not list JSON Patch: 415.
  auto v4 = Create("/tmf-api/customerManagement/v4/customer", J(kCustomerV4), Admin(), "1");
  ExpectError(Patch("/tmf-api/customerManagement/v4/customer/" + S(v4.at("id")),
                    J(R"([{"op":"replace","path":"/name","value":"x"}])"), Admin(), "1",
                    "application/json-patch+json"),
              415, "ERCRT1017");
}

TEST_F(TmfTest, V4CustomerReadThroughV5) {
  const std::string spid = NextSpid();
  auto created = Create("/tmf-api/customerManagement/v4/customer", J(kCustomerV4), Admin(), spid);
  const std::string id = S(created.at("id"));
  for (const std::string base :
       {"/tmf-api/customerManagement/v5/customer", "/tmf-api/customer/v5/customer"}) {
    auto res = Get(base + "/" + id, Admin(), spid);
    ASSERT_EQ(res.result_int(), 200u) << res.body();
    auto v5 = JsonOf(res).as_object();
    EXPECT_EQ(S(v5.at("href")), BaseUrl() + base + "/" + id);
    EXPECT_EQ(v5.at("@type"), "Customer");
    EXPECT_EQ(v5.at("name"), created.at("name"));
    EXPECT_EQ(v5.at("engagedParty").at("@type"), "PartyRef");
    EXPECT_EQ(v5.at("engagedParty").at("id"), "9f");
    EXPECT_EQ(v5.at("contactMedium").at(0).at("@type"), "EmailContactMedium");
    EXPECT_EQ(v5.at("contactMedium").at(0).at("emailAddress"), "club@moon.example");
    EXPECT_EQ(v5.at("relatedParty").at(0).at("partyOrPartyRole").at("id"), "r1");
    EXPECT_EQ(v5.at("characteristic").at(0).at("@type"), "BooleanCharacteristic");
    EXPECT_EQ(Get(base, Admin(), spid)["X-Total-Count"], "1");
  }
  // A v5 patch keeps the resource readable through v4, with the change.
  auto res = Patch("/tmf-api/customerManagement/v5/customer/" + id,
                   J(R"({"description":"from v5","status":"Suspended"})"), Admin(), spid);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto v4 = JsonOf(Get("/tmf-api/customerManagement/v4/customer/" + id, Admin(), spid));
  EXPECT_EQ(v4.at("status"), "Suspended");
  EXPECT_FALSE(v4.as_object().contains("description"));
  EXPECT_EQ(v4.at("engagedParty").at("id"), "9f");
  EXPECT_EQ(v4.at("contactMedium").at(0).at("characteristic").at("emailAddress"),
            "club@moon.example");
  // ... and a v4 patch keeps the v5-only description.
  Patch("/tmf-api/customerManagement/v4/customer/" + id, J(R"({"name":"Moon 2"})"), Admin(), spid);
  auto v5 = JsonOf(Get("/tmf-api/customerManagement/v5/customer/" + id, Admin(), spid));
  EXPECT_EQ(v5.at("description"), "from v5");
  EXPECT_EQ(v5.at("name"), "Moon 2");
}

TEST_F(TmfTest, V5PartiesReadThroughV4AndTheGateway) {
  const std::string spid = NextSpid();
  auto ind = Create("/tmf-api/party/v5/individual", J(kIndividualV5), Admin(), spid);
  const std::string id = S(ind.at("id"));
  auto v4 = JsonOf(Get("/tmf-api/party/v4/individual/" + id, Admin(), spid)).as_object();
  EXPECT_EQ(v4.at("givenName"), "Grace");
  EXPECT_EQ(v4.at("fullName"), "Grace Hopper");
  EXPECT_EQ(v4.at("@type"), "Individual");
  EXPECT_EQ(v4.at("contactMedium").at(0).at("mediumType"), "phone");
  EXPECT_EQ(v4.at("contactMedium").at(0).at("characteristic").at("phoneNumber"), "555-0100");
  EXPECT_EQ(v4.at("relatedParty").at(0).at("id"), "o1");
  EXPECT_EQ(v4.at("relatedParty").at(0).at("@referredType"), "Organization");
  auto gw = JsonOf(Get("/api/individual/" + id, Admin(), spid)).as_object();
  EXPECT_EQ(S(gw.at("href")), BaseUrl() + "/api/individual/" + id);
  EXPECT_EQ(gw.at("familyName"), "Hopper");

  auto org = Create("/tmf-api/party/v5/organization", J(kOrganizationV5), Admin(), spid);
  auto org4 = JsonOf(Get("/tmf-api/party/v4/organization/" + S(org.at("id")), Admin(), spid));
  EXPECT_EQ(org4.at("name"), "Globex");
  EXPECT_EQ(org4.at("organizationParentRelationship").at("organization").at("id"), "o0");
  EXPECT_EQ(org4.at("contactMedium").at(0).at("characteristic").at("socialNetworkId"), "@globex");
}

TEST_F(TmfTest, V4PartiesReadThroughV5) {
  const std::string spid = NextSpid();
  auto ind = Create("/tmf-api/party/v4/individual", J(kIndividualV4), Admin(), spid);
  auto v5 = JsonOf(Get("/tmf-api/party/v5/individual/" + S(ind.at("id")), Admin(), spid));
  EXPECT_EQ(v5.at("@type"), "Individual");
  EXPECT_EQ(v5.at("name"), "Ada King Lovelace");
  EXPECT_EQ(v5.at("contactMedium").at(0).at("@type"), "PhoneContactMedium");
  EXPECT_EQ(v5.at("externalReference").at(0).at("externalIdentifierType"), "crm");
  EXPECT_EQ(v5.at("partyCharacteristic").at(0).at("@type"), "StringCharacteristic");
  EXPECT_EQ(v5.at("individualIdentification").at(0).at("@type"), "IndividualIdentification");
  auto org = Create("/tmf-api/party/v4/organization", J(kOrganizationV4), Admin(), spid);
  auto org5 = JsonOf(Get("/tmf-api/party/v5/organization/" + S(org.at("id")), Admin(), spid));
  EXPECT_EQ(org5.at("@type"), "Organization");
  EXPECT_EQ(org5.at("tradingName"), "Acme");
  EXPECT_EQ(org5.at("partyCharacteristic").at(0).at("@type"), "IntegerCharacteristic");
  EXPECT_EQ(org5.at("contactMedium").at(0).at("@type"), "GeographicAddressContactMedium");
}

TEST_F(TmfTest, CreateDefaults) {
  auto cust = Create("/tmf-api/customerManagement/v4/customer",
                     J(R"({"name":"n","engagedParty":{"id":"1","@referredType":"Individual"}})"),
                     Admin(), "1");
  EXPECT_EQ(cust.at("status"), "Approved");
  EXPECT_EQ(cust.at("@type"), "Customer");
  auto ind = Create("/tmf-api/party/v4/individual", J(R"({"givenName":"A","familyName":"B"})"),
                    Admin(), "1");
  EXPECT_EQ(ind.at("status"), "initialized");
  EXPECT_EQ(ind.at("fullName"), "A B");
  EXPECT_EQ(ind.at("@type"), "Individual");
  auto ind5 = Create("/tmf-api/party/v5/individual",
                     J(R"({"@type":"Individual","givenName":"A","familyName":"B"})"), Admin(),
                     "1");
  EXPECT_EQ(ind5.at("name"), "A B");
}

}  // namespace
}  // namespace ispcloud::e2e
