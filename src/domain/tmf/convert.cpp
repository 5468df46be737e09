#include "domain/tmf/convert.h"

#include <array>
#include <boost/json/array.hpp>
#include <optional>

#include "core/strings.h"

namespace ispcloud::domain::tmf {
namespace {

namespace json = boost::json;

// The fields a v4 MediumCharacteristic and the typed v5 contact media share.
constexpr std::array<std::string_view, 10> kMediumFields = {
    "emailAddress", "phoneNumber",     "faxNumber", "socialNetworkId", "city",
    "country",      "stateOrProvince", "postCode",  "street1",         "street2"};

std::string_view StringOf(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return AsciiLower(haystack).find(needle) != std::string::npos;
}

// The v5 contact medium subtype of a v4 contact medium.
std::string_view ContactMediumType(const json::object& cm, const json::object& ch) {
  const std::string_view medium = StringOf(cm, "mediumType");
  if (Contains(medium, "email") || Contains(medium, "mail")) return "EmailContactMedium";
  if (Contains(medium, "fax")) return "FaxContactMedium";
  if (Contains(medium, "phone") || Contains(medium, "mobile") || Contains(medium, "tel")) {
    return "PhoneContactMedium";
  }
  if (Contains(medium, "social")) return "SocialContactMedium";
  if (Contains(medium, "address") || Contains(medium, "postal")) {
    return "GeographicAddressContactMedium";
  }
  if (ch.contains("emailAddress")) return "EmailContactMedium";
  if (ch.contains("phoneNumber")) return "PhoneContactMedium";
  if (ch.contains("faxNumber")) return "FaxContactMedium";
  if (ch.contains("socialNetworkId")) return "SocialContactMedium";
  for (std::string_view f : {"street1", "city", "postCode", "country", "stateOrProvince"}) {
    if (ch.contains(f)) return "GeographicAddressContactMedium";
  }
  return "ContactMedium";
}

// The v4 mediumType of a v5 contact medium subtype.
std::string_view MediumTypeOf(std::string_view type) {
  if (type == "EmailContactMedium") return "email";
  if (type == "PhoneContactMedium") return "phone";
  if (type == "FaxContactMedium") return "fax";
  if (type == "SocialContactMedium") return "socialNetwork";
  if (type == "GeographicAddressContactMedium") return "postalAddress";
  return "other";
}

json::value ContactMediumToV5(const json::object& cm) {
  static const json::object kEmpty;
  const json::value* chv = cm.if_contains("characteristic");
  const json::object& ch = chv != nullptr && chv->is_object() ? chv->get_object() : kEmpty;
  json::object out;
  for (std::string_view f : {"preferred", "validFor", "@baseType", "@schemaLocation"}) {
    if (const json::value* v = cm.if_contains(f)) out[f] = *v;
  }
  if (const json::value* v = ch.if_contains("contactType")) out["contactType"] = *v;
  for (std::string_view f : kMediumFields) {
    if (const json::value* v = ch.if_contains(f)) out[f] = *v;
  }
  const std::string_view given = StringOf(cm, "@type");
  out["@type"] = given.ends_with("ContactMedium") ? given : ContactMediumType(cm, ch);
  return out;
}

json::value ContactMediumToV4(const json::object& cm) {
  json::object out;
  json::object ch;
  for (std::string_view f : {"preferred", "validFor", "@baseType", "@schemaLocation", "@type"}) {
    if (const json::value* v = cm.if_contains(f)) out[f] = *v;
  }
  if (const json::value* v = cm.if_contains("contactType")) ch["contactType"] = *v;
  for (std::string_view f : kMediumFields) {
    if (const json::value* v = cm.if_contains(f)) ch[f] = *v;
  }
  out["mediumType"] = MediumTypeOf(StringOf(cm, "@type"));
  out["characteristic"] = std::move(ch);
  return out;
}

bool IsPartyType(std::string_view type) {
  return type.empty() || type == "Individual" || type == "Organization" || type == "Party";
}

json::value RelatedPartyToV5(const json::object& rp) {
  json::object ref;
  for (std::string_view f : {"id", "href", "name", "@referredType"}) {
    if (const json::value* v = rp.if_contains(f)) ref[f] = *v;
  }
  ref["@type"] = IsPartyType(StringOf(rp, "@referredType")) ? "PartyRef" : "PartyRoleRef";
  json::object out;
  if (const json::value* v = rp.if_contains("role")) out["role"] = *v;
  out["partyOrPartyRole"] = std::move(ref);
  out["@type"] = "RelatedPartyOrPartyRole";
  return out;
}

json::value RelatedPartyToV4(const json::object& rp) {
  json::object out;
  if (const json::value* v = rp.if_contains("role")) out["role"] = *v;
  const json::value* pv = rp.if_contains("partyOrPartyRole");
  if (pv != nullptr && pv->is_object()) {
    const json::object& party = pv->get_object();
    for (std::string_view f : {"id", "href", "name", "@referredType"}) {
      if (const json::value* v = party.if_contains(f)) out[f] = *v;
    }
    const std::string_view type = StringOf(party, "@type");
    if (!out.contains("@referredType")) {
      out["@referredType"] = type.ends_with("Ref") || type.empty() ? "Party" : type;
    }
  }
  return out;
}

// The typed v5 characteristic for a v4 one, chosen by the JSON type of its value.
std::string_view CharacteristicType(const json::value* value) {
  auto scalar = [](const json::value& v) -> std::string_view {
    if (v.is_bool()) return "Boolean";
    if (v.is_int64() || v.is_uint64()) return "Integer";
    if (v.is_double()) return "Number";
    if (v.is_object()) return "Object";
    return "String";
  };
  if (value == nullptr || value->is_null() || value->is_string()) return "StringCharacteristic";
  if (value->is_array()) {
    const json::array& a = value->get_array();
    const std::string_view item = a.empty() ? "String" : scalar(a.front());
    if (item == "Boolean") return "BooleanArrayCharacteristic";
    if (item == "Integer") return "IntegerArrayCharacteristic";
    if (item == "Number") return "NumberArrayCharacteristic";
    if (item == "Object") return "ObjectArrayCharacteristic";
    return "StringArrayCharacteristic";
  }
  const std::string_view s = scalar(*value);
  if (s == "Boolean") return "BooleanCharacteristic";
  if (s == "Integer") return "IntegerCharacteristic";
  if (s == "Number") return "NumberCharacteristic";
  if (s == "Object") return "ObjectCharacteristic";
  return "StringCharacteristic";
}

json::value CharacteristicToV5(const json::object& c) {
  json::object out = c;
  const std::string_view given = StringOf(c, "@type");
  if (!given.ends_with("Characteristic") || given == "Characteristic") {
    out["@type"] = CharacteristicType(c.if_contains("value"));
  }
  return out;
}

json::value ExternalReferenceToV5(const json::object& e) {
  json::object out;
  if (const json::value* v = e.if_contains("externalReferenceType")) {
    out["externalIdentifierType"] = *v;
  }
  if (const json::value* v = e.if_contains("name")) out["id"] = *v;
  out["@type"] = "ExternalIdentifier";
  return out;
}

json::value ExternalReferenceToV4(const json::object& e) {
  json::object out;
  if (const json::value* v = e.if_contains("externalIdentifierType")) {
    out["externalReferenceType"] = *v;
  }
  if (const json::value* v = e.if_contains("id")) out["name"] = *v;
  return out;
}

// Applies `fn` to every object element of the array member `key`.
template <typename Fn>
void MapArray(json::object& doc, std::string_view key, Fn fn) {
  json::value* v = doc.if_contains(key);
  if (v == nullptr || !v->is_array()) return;
  for (json::value& e : v->get_array()) {
    if (e.is_object()) e = fn(e.get_object());
  }
}

void ReshapeToV5(json::object& doc, ResourceKind kind) {
  MapArray(doc, "contactMedium", ContactMediumToV5);
  MapArray(doc, "relatedParty", RelatedPartyToV5);
  MapArray(doc, "characteristic", CharacteristicToV5);
  MapArray(doc, "partyCharacteristic", CharacteristicToV5);
  MapArray(doc, "externalReference", ExternalReferenceToV5);
  if (json::value* ep = doc.if_contains("engagedParty"); ep != nullptr && ep->is_object()) {
    ep->get_object()["@type"] = "PartyRef";
  }
  if (kind == ResourceKind::kIndividual && !doc.contains("name")) {
    if (const json::value* v = doc.if_contains("fullName")) {
      json::value copy = *v;  // inserting may rehash `doc`
      doc["name"] = std::move(copy);
    }
  }
}

void ReshapeToV4(json::object& doc, ResourceKind kind) {
  MapArray(doc, "contactMedium", ContactMediumToV4);
  MapArray(doc, "relatedParty", RelatedPartyToV4);
  MapArray(doc, "externalReference", ExternalReferenceToV4);
  if (json::value* ep = doc.if_contains("engagedParty"); ep != nullptr && ep->is_object()) {
    json::object& party = ep->get_object();
    if (!party.contains("@referredType")) party["@referredType"] = "Party";
  }
  if (kind == ResourceKind::kIndividual && !doc.contains("fullName")) {
    if (const json::value* v = doc.if_contains("name")) {
      json::value copy = *v;  // inserting may rehash `doc`
      doc["fullName"] = std::move(copy);
    }
  }
}

bool FitsPrimitive(const json::value& v, const Schema& s) {
  switch (s.kind) {
    case SchemaKind::kString:
      return v.is_string();
    case SchemaKind::kInteger:
      return v.is_int64() || v.is_uint64() ||
             (v.is_double() && v.get_double() == static_cast<double>(static_cast<int64_t>(
                                                    v.get_double())));
    case SchemaKind::kNumber:
      return v.is_number();
    case SchemaKind::kBoolean:
      return v.is_bool();
    default:
      return true;
  }
}

// `v` reduced to what `schema` defines; nullopt when it does not fit at all.
std::optional<json::value> Fit(const json::value& v, const Schema& schema) {
  switch (schema.kind) {
    case SchemaKind::kAny:
      return v;
    case SchemaKind::kArray: {
      if (!v.is_array()) return std::nullopt;
      json::array out;
      for (const json::value& e : v.get_array()) {
        if (std::optional<json::value> fitted = Fit(e, *schema.items)) {
          out.push_back(std::move(*fitted));
        }
      }
      return json::value(std::move(out));
    }
    case SchemaKind::kObject: {
      if (!v.is_object()) return std::nullopt;
      if (schema.open) return v;
      const json::object& in = v.get_object();
      const Schema* target = &schema;
      std::string_view chosen_type;
      if (!schema.variants.empty()) {
        const std::string_view given = StringOf(in, "@type");
        if (const Schema* s = schema.VariantFor(given)) {
          target = s;
          chosen_type = given;
        } else {
          // Not a type of this version: the base of the hierarchy (or the only type).
          chosen_type = schema.variants.front().type_name;
          target = schema.variants.front().schema;
          for (const Variant& var : schema.variants) {
            if (var.schema == &schema) {
              chosen_type = var.type_name;
              target = var.schema;
            }
          }
        }
      }
      json::object out;
      for (const auto& member : in) {
        const Property* p = target->Find(member.key());
        if (p == nullptr) continue;
        if (std::optional<json::value> fitted = Fit(member.value(), *p->schema)) {
          out[member.key()] = std::move(*fitted);
        }
      }
      if (!chosen_type.empty()) {
        out["@type"] = chosen_type;
      } else if (const Property* type = target->Find("@type");
                 type != nullptr && type->required && !out.contains("@type")) {
        out["@type"] = target->name;
      }
      return json::value(std::move(out));
    }
    default:
      if (!FitsPrimitive(v, schema)) return std::nullopt;
      if (!schema.enum_values.empty()) {
        bool allowed = false;
        for (std::string_view e : schema.enum_values) allowed = allowed || v.get_string() == e;
        if (!allowed) return std::nullopt;
      }
      return v;
  }
}

}  // namespace

boost::json::object ViewAs(const boost::json::object& stored, ResourceKind kind, ApiVersion from,
                           ApiVersion to) {
  json::object doc = stored;
  if (from == ApiVersion::kV4 && to == ApiVersion::kV5) ReshapeToV5(doc, kind);
  if (from == ApiVersion::kV5 && to == ApiVersion::kV4) ReshapeToV4(doc, kind);
  const Schema& schema = *SchemaOf(kind, to).schema;
  std::optional<json::value> fitted = Fit(json::value(std::move(doc)), schema);
  json::object out =
      fitted && fitted->is_object() ? std::move(fitted->get_object()) : json::object();
  out["@type"] = TypeName(kind);
  return out;
}

void PreserveForeignMembers(const boost::json::object& stored, boost::json::object& updated,
                            ResourceKind kind, ApiVersion from, ApiVersion to) {
  if (from == to) return;
  const Schema& own = *SchemaOf(kind, to).schema;
  const Schema& foreign = *SchemaOf(kind, from).schema;
  for (const auto& member : stored) {
    if (own.Find(member.key()) == nullptr && foreign.Find(member.key()) != nullptr &&
        !updated.contains(member.key())) {
      updated[member.key()] = member.value();
    }
  }
}

}  // namespace ispcloud::domain::tmf
