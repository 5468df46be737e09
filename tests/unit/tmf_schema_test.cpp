// Unit tests of the TMF schema validator (domain/tmf/schema.h) against the schemas generated
// from the TMF629 / TMF632 spec files, and of the version views (domain/tmf/convert.h).

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/clock.h"
#include "domain/tmf/convert.h"
#include "domain/tmf/resource.h"
#include "domain/tmf/schema.h"

namespace ispcloud::domain::tmf {
namespace {

boost::json::value J(std::string_view text) {
  return boost::json::parse(text);
}

std::vector<FieldError> Check(ResourceKind kind, ApiVersion version, std::string_view text,
                              bool create = true, bool drop = false) {
  boost::json::value doc = J(text);
  const ResourceSchema& s = SchemaOf(kind, version);
  ValidateOptions options;
  options.drop_unknown = drop;
  std::span<const std::string_view> required;
  if (create) required = s.create_required;
  return Validate(doc, *s.schema, required, options);
}

std::string Fields(const std::vector<FieldError>& errors) {
  std::string out;
  for (const FieldError& e : errors) out += e.field + ":" + e.rule + " ";
  return out;
}

TEST(TmfSchemaTest, ValidV4CustomerWithEveryAttribute) {
  auto errors = Check(ResourceKind::kCustomer, ApiVersion::kV4, R"({
    "name": "Moon Football Club", "status": "Approved", "statusReason": "ok",
    "@type": "Customer", "@baseType": "PartyRole", "@schemaLocation": "https://x/y.json",
    "engagedParty": {"id": "p1", "href": "https://h/p1", "name": "Moon", "role": "owner",
                     "@referredType": "Organization"},
    "account": [{"id": "a1", "name": "main", "description": "d", "@referredType": "BillingAccount"}],
    "agreement": [{"id": "ag1", "name": "contract"}],
    "characteristic": [{"name": "vip", "valueType": "boolean", "value": true},
                       {"name": "tags", "value": ["a", "b"]}],
    "contactMedium": [{"mediumType": "email", "preferred": true,
                       "characteristic": {"emailAddress": "a@b.c", "contactType": "work"},
                       "validFor": {"startDateTime": "2026-01-01T00:00:00Z"}}],
    "creditProfile": [{"creditProfileDate": "2026-01-02T00:00:00.000Z", "creditRiskRating": 3,
                       "creditScore": 700, "validFor": {"startDateTime": "2026-01-01"}}],
    "paymentMethod": [{"id": "pm1", "name": "card"}],
    "relatedParty": [{"id": "r1", "role": "contact", "@referredType": "Individual"}],
    "validFor": {"startDateTime": "2026-01-01T00:00:00+01:00", "endDateTime": "2027-01-01"}
  })");
  EXPECT_TRUE(errors.empty()) << Fields(errors);
}

TEST(TmfSchemaTest, ReportsEveryProblemWithItsPath) {
  auto errors = Check(ResourceKind::kCustomer, ApiVersion::kV4, R"({
    "status": 5, "nickname": "x",
    "engagedParty": {"name": "no id"},
    "creditProfile": [{"creditProfileDate": "yesterday", "creditScore": 1.5,
                       "validFor": {}}],
    "contactMedium": [{"mediumType": "email", "characteristic": {"emailAddress": 1}}],
    "validFor": "2026"
  })");
  const std::string got = Fields(errors);
  for (std::string_view want :
       {"name:presence", "status:type", "nickname:unknown", "engagedParty.id:presence",
        "engagedParty.@referredType:presence", "creditProfile[0].creditProfileDate:format",
        "creditProfile[0].creditScore:type",
        "contactMedium[0].characteristic.emailAddress:type", "validFor:type"}) {
    EXPECT_NE(got.find(want), std::string::npos) << want << " in " << got;
  }
  for (const FieldError& e : errors) {
    EXPECT_NE(e.message.find(e.field), std::string::npos) << e.message;
  }
}

TEST(TmfSchemaTest, TopLevelRequiredOnlyWhenAsked) {
  EXPECT_TRUE(Check(ResourceKind::kCustomer, ApiVersion::kV4, R"({"name":"x"})", false).empty());
  EXPECT_FALSE(Check(ResourceKind::kCustomer, ApiVersion::kV4, R"({"name":"x"})", true).empty());
}

TEST(TmfSchemaTest, DropUnknownRemovesInsteadOfReporting) {
  boost::json::value doc = J(R"({"givenName":"A","familyName":"B","shoeSize":44,
                                 "contactMedium":[{"mediumType":"email","colour":"red",
                                                   "characteristic":{"emailAddress":"a@b"}}]})");
  const ResourceSchema& s = SchemaOf(ResourceKind::kIndividual, ApiVersion::kV4);
  ValidateOptions options;
  options.drop_unknown = true;
  auto errors = Validate(doc, *s.schema, s.create_required, options);
  EXPECT_TRUE(errors.empty()) << Fields(errors);
  EXPECT_FALSE(doc.as_object().contains("shoeSize"));
  EXPECT_FALSE(doc.at("contactMedium").at(0).as_object().contains("colour"));
  EXPECT_EQ(doc.at("givenName"), "A");
}

TEST(TmfSchemaTest, EnumsAndBothDeceasedSpellings) {
  for (ApiVersion v : {ApiVersion::kV4, ApiVersion::kV5}) {
    EXPECT_TRUE(Check(ResourceKind::kIndividual, v, R"({"status":"deceaded"})", false).empty());
    EXPECT_TRUE(Check(ResourceKind::kIndividual, v, R"({"status":"deceased"})", false).empty());
    auto bad = Check(ResourceKind::kIndividual, v, R"({"status":"alive"})", false);
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0].field, "status");
    EXPECT_EQ(bad[0].rule, "inclusion");
  }
  auto org = Check(ResourceKind::kOrganization, ApiVersion::kV4, R"({"status":"closed"})", false);
  EXPECT_TRUE(org.empty()) << Fields(org);
}

TEST(TmfSchemaTest, V5DiscriminatorSelectsTheSubtype) {
  auto ok = Check(ResourceKind::kCustomer, ApiVersion::kV5, R"({
    "@type": "Customer", "name": "n",
    "engagedParty": {"id": "p1", "@referredType": "Individual"},
    "contactMedium": [{"@type": "EmailContactMedium", "emailAddress": "a@b.c"},
                      {"@type": "PhoneContactMedium", "phoneNumber": "555"}],
    "characteristic": [{"@type": "IntegerCharacteristic", "name": "n", "value": 3}],
    "relatedParty": [{"role": "contact",
                      "partyOrPartyRole": {"@type": "PartyRef", "id": "x"}}]
  })");
  EXPECT_TRUE(ok.empty()) << Fields(ok);
  auto bad = Check(ResourceKind::kCustomer, ApiVersion::kV5, R"({
    "@type": "Customer", "name": "n", "engagedParty": {"id": "p1"},
    "contactMedium": [{"@type": "EmailContactMedium", "phoneNumber": "555"},
                      {"@type": "PigeonContactMedium"}, {"emailAddress": "a@b"}],
    "characteristic": [{"@type": "IntegerCharacteristic", "name": "n", "value": "3"}]
  })");
  const std::string got = Fields(bad);
  for (std::string_view want :
       {"contactMedium[0].phoneNumber:unknown", "contactMedium[1].@type:inclusion",
        "contactMedium[2].@type:presence", "characteristic[0].value:type"}) {
    EXPECT_NE(got.find(want), std::string::npos) << want << " in " << got;
  }
}

TEST(TmfSchemaTest, V5FillsTheOnlyPossibleType) {
  boost::json::value doc = J(R"({"@type":"Customer","name":"n","engagedParty":{"id":"p1"}})");
  const ResourceSchema& s = SchemaOf(ResourceKind::kCustomer, ApiVersion::kV5);
  auto errors = Validate(doc, *s.schema, s.create_required, ValidateOptions{});
  EXPECT_TRUE(errors.empty()) << Fields(errors);
  EXPECT_EQ(doc.at("engagedParty").at("@type"), "PartyRef");
}

TEST(TmfSchemaTest, DateTimeText) {
  for (std::string_view ok : {"2026-11-23", "2026-11-23T10:15:30Z", "2026-11-23T10:15:30.123Z",
                              "2026-11-23T10:15:30+05:30", "2024-02-29T00:00:00"}) {
    EXPECT_TRUE(IsDateTimeText(ok)) << ok;
  }
  for (std::string_view bad : {"2026-13-01", "2026-02-30", "2026-11-23T25:00:00Z", "23/11/2026",
                               "2026-11-23T10:15Z", "", "2026-11-23T10:15:30.Z"}) {
    EXPECT_FALSE(IsDateTimeText(bad)) << bad;
  }
  EXPECT_EQ(*ParseIso8601Micros("1970-01-02"), 86400LL * 1000000);
  EXPECT_EQ(*ParseIso8601Micros("2026-01-01T01:00:00+01:00"), *ParseIso8601Micros("2026-01-01"));
}

TEST(TmfConvertTest, V4CustomerSeenThroughV5) {
  auto v4 = J(R"({"@type":"Customer","name":"n","status":"Approved",
    "engagedParty":{"id":"p1","role":"owner","@referredType":"Individual"},
    "contactMedium":[{"mediumType":"email","preferred":true,
                      "characteristic":{"emailAddress":"a@b.c","contactType":"work"}},
                     {"mediumType":"postal address",
                      "characteristic":{"street1":"Main 1","city":"Oslo","phoneNumber":"1"}}],
    "characteristic":[{"name":"vip","value":true},{"name":"n","value":2},{"name":"s","value":"x"}],
    "relatedParty":[{"id":"r1","role":"contact","name":"Bob","@referredType":"Individual"}]})")
                .as_object();
  auto v5 = ViewAs(v4, ResourceKind::kCustomer, ApiVersion::kV4, ApiVersion::kV5);
  EXPECT_EQ(v5.at("@type"), "Customer");
  EXPECT_EQ(v5.at("engagedParty"), J(R"({"id":"p1","@referredType":"Individual","@type":"PartyRef"})"));
  EXPECT_EQ(v5.at("contactMedium").at(0),
            J(R"({"preferred":true,"contactType":"work","emailAddress":"a@b.c",
                  "@type":"EmailContactMedium"})"));
  EXPECT_EQ(v5.at("contactMedium").at(1),
            J(R"({"street1":"Main 1","city":"Oslo","@type":"GeographicAddressContactMedium"})"));
  EXPECT_EQ(v5.at("characteristic").at(0).at("@type"), "BooleanCharacteristic");
  EXPECT_EQ(v5.at("characteristic").at(1).at("@type"), "IntegerCharacteristic");
  EXPECT_EQ(v5.at("characteristic").at(2).at("@type"), "StringCharacteristic");
  EXPECT_EQ(v5.at("relatedParty").at(0),
            J(R"({"role":"contact","partyOrPartyRole":{"id":"r1","name":"Bob",
                  "@referredType":"Individual","@type":"PartyRef"},
                  "@type":"RelatedPartyOrPartyRole"})"));
  // The view is valid v5.
  boost::json::value doc = v5;
  const ResourceSchema& s = SchemaOf(ResourceKind::kCustomer, ApiVersion::kV5);
  auto errors = Validate(doc, *s.schema, s.create_required, ValidateOptions{});
  EXPECT_TRUE(errors.empty()) << Fields(errors);
}

TEST(TmfConvertTest, V5IndividualSeenThroughV4AndBack) {
  auto v5 = J(R"({"@type":"Individual","givenName":"Ada","familyName":"L","name":"Ada L",
    "contactMedium":[{"@type":"PhoneContactMedium","phoneNumber":"555","contactType":"mobile"}],
    "externalReference":[{"@type":"ExternalIdentifier","externalIdentifierType":"crm","id":"c9"}],
    "relatedParty":[{"@type":"RelatedPartyOrPartyRole","role":"guardian",
                     "partyOrPartyRole":{"@type":"Individual","id":"i2"}}]})")
                .as_object();
  auto v4 = ViewAs(v5, ResourceKind::kIndividual, ApiVersion::kV5, ApiVersion::kV4);
  EXPECT_EQ(v4.at("fullName"), "Ada L");
  EXPECT_FALSE(v4.contains("name"));
  EXPECT_EQ(v4.at("contactMedium").at(0).at("mediumType"), "phone");
  EXPECT_EQ(v4.at("contactMedium").at(0).at("characteristic"),
            J(R"({"contactType":"mobile","phoneNumber":"555"})"));
  EXPECT_EQ(v4.at("externalReference").at(0),
            J(R"({"externalReferenceType":"crm","name":"c9"})"));
  EXPECT_EQ(v4.at("relatedParty").at(0),
            J(R"({"role":"guardian","id":"i2","@referredType":"Individual"})"));
  boost::json::value doc = v4;
  const ResourceSchema& s4 = SchemaOf(ResourceKind::kIndividual, ApiVersion::kV4);
  auto errors = Validate(doc, *s4.schema, s4.create_required, ValidateOptions{});
  EXPECT_TRUE(errors.empty()) << Fields(errors);
  // Back to v5: the typed contact medium survives through its @type.
  auto again = ViewAs(v4, ResourceKind::kIndividual, ApiVersion::kV4, ApiVersion::kV5);
  EXPECT_EQ(again.at("contactMedium").at(0),
            J(R"({"contactType":"mobile","phoneNumber":"555","@type":"PhoneContactMedium"})"));
  EXPECT_EQ(again.at("name"), "Ada L");
}

TEST(TmfConvertTest, ForeignTopLevelMembersArePreservedButNotShown) {
  auto stored = J(R"({"@type":"Customer","name":"n","description":"v5 only",
                      "engagedParty":{"id":"p","@type":"PartyRef"}})").as_object();
  auto updated = J(R"({"@type":"Customer","name":"m",
                       "engagedParty":{"id":"p","@referredType":"Party"}})").as_object();
  PreserveForeignMembers(stored, updated, ResourceKind::kCustomer, ApiVersion::kV5,
                         ApiVersion::kV4);
  EXPECT_EQ(updated.at("description"), "v5 only");
  auto v4 = ViewAs(updated, ResourceKind::kCustomer, ApiVersion::kV4, ApiVersion::kV4);
  EXPECT_FALSE(v4.contains("description"));
  auto v5 = ViewAs(updated, ResourceKind::kCustomer, ApiVersion::kV4, ApiVersion::kV5);
  EXPECT_EQ(v5.at("description"), "v5 only");
  EXPECT_EQ(v5.at("name"), "m");
}

}  // namespace
}  // namespace ispcloud::domain::tmf
