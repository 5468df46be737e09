#!/usr/bin/env python3
"""Generates src/domain/tmf/tmf_schemas_generated.cpp from the TM Forum spec files.

Reads the TMF629 / TMF632 v4 (Swagger 2.0 JSON) and v5 (OpenAPI 3 YAML) files under
../shared/specs/tmf (or --specs DIR) and writes, for every schema reachable from the served
resources, a compact C++ description (domain/tmf/schema.h): kind, format, properties with
their required flag, array items, enum values and the @type discriminator mapping.

  allOf          -> flattened (properties and required lists merged, discriminator not inherited)
  oneOf + discriminator -> an object with no own properties whose @type selects a variant
  {} / "Any"     -> kAny;  {"type": "object"} without properties -> an open object
  format date-time -> kDateTime (validated); other formats are not checked

Usage: scripts/gen_tmf_schemas.py [--specs DIR] [--out FILE]
The output is checked in; rerun after changing the spec files or this script.
"""

import argparse
import json
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (C++ prefix, file, resources: (root schema, create schema))
SPECS = [
    ("Cm4", "TMF629-Customer-v4.0.0.swagger.json", [("Customer", "Customer_Create")]),
    ("Pm4", "TMF632-Party-v4.0.0.swagger.json",
     [("Individual", "Individual_Create"), ("Organization", "Organization_Create")]),
    ("Cm5", "TMF629-Customer_Management-v5.0.1.oas.yaml", [("Customer", "Customer_FVO")]),
    ("Pm5", "TMF632-Party_Management-v5.0.0.oas.yaml",
     [("Individual", "Individual_FVO"), ("Organization", "Organization_FVO")]),
]

# Individual status: TMF632 v4 spells "deceaded", v5 "deceased"; both are accepted everywhere
# (OPTIVA-API.md §2.2) and the domain stores "deceased".
EXTRA_ENUM = {"IndividualStateType": ["deceased", "deceaded"]}


class Spec:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f) if path.endswith(".json") else yaml.safe_load(f)
        self.defs = doc.get("definitions") or doc["components"]["schemas"]

    def resolve(self, ref):
        return self.defs[ref.rsplit("/", 1)[1]], ref.rsplit("/", 1)[1]


class Flat:
    """A flattened schema."""

    def __init__(self, name):
        self.name = name
        self.kind = "kAny"
        self.format = "kNone"
        self.props = {}  # name -> (schema ref key, required)
        self.required = set()
        self.items = None
        self.enum = []
        self.variants = []  # (type name, schema key)
        self.open = False


class Generator:
    def __init__(self, prefix, spec):
        self.prefix = prefix
        self.spec = spec
        self.schemas = {}  # key -> Flat
        self.order = []
        self.anon = 0

    def key_for_named(self, name):
        key = self.prefix + "_" + name.replace("-", "_")
        if key not in self.schemas:
            flat = Flat(name)
            self.schemas[key] = flat
            self.order.append(key)
            self.fill(flat, self.spec.defs[name], name)
        return key

    def primitive(self, node):
        t = node.get("type")
        if t == "string" and not node.get("enum"):
            return "kDateTimeSchema" if node.get("format") == "date-time" else "kStringSchema"
        if t == "integer":
            return "kIntegerSchema"
        if t == "number":
            return "kNumberSchema"
        if t == "boolean":
            return "kBooleanSchema"
        if not node or (set(node.keys()) <= {"description", "example"}):
            return "kAnySchema"
        return None

    def key_for_node(self, node, hint):
        if "$ref" in node:
            _, name = self.spec.resolve(node["$ref"])
            return self.key_for_named(name)
        prim = self.primitive(node)
        if prim:
            return prim
        if node.get("type") == "array" and "$ref" in node.get("items", {}):
            item = self.key_for_node(node["items"], hint)
            key = "%s_ArrayOf_%s" % (self.prefix, item[len(self.prefix) + 1:])
            if key not in self.schemas:
                flat = Flat("array")
                flat.kind = "kArray"
                flat.items = item
                self.schemas[key] = flat
                self.order.append(key)
            return key
        self.anon += 1
        key = "%s_%s_%d" % (self.prefix, hint.replace("@", "").replace("-", "_"), self.anon)
        flat = Flat(hint)
        self.schemas[key] = flat
        self.order.append(key)
        self.fill(flat, node, hint)
        return key

    def merge(self, flat, node, hint):
        """Merges the object parts of `node` (and its allOf) into `flat`."""
        if "$ref" in node:
            target, name = self.spec.resolve(node["$ref"])
            self.merge(flat, target, name)
            return
        for part in node.get("allOf", []):
            self.merge(flat, part, hint)
        for pname, pnode in (node.get("properties") or {}).items():
            flat.props[pname] = self.key_for_node(pnode, hint + "_" + pname)
        flat.required |= set(node.get("required") or [])

    def fill(self, flat, node, hint):
        t = node.get("type")
        if t == "array":
            flat.kind = "kArray"
            flat.items = self.key_for_node(node["items"], hint + "_item")
            return
        if t in ("string", "integer", "number", "boolean") or node.get("enum"):
            flat.kind = {"string": "kString", "integer": "kInteger", "number": "kNumber",
                         "boolean": "kBoolean"}.get(t, "kString")
            if node.get("format") == "date-time":
                flat.format = "kDateTime"
            enum = list(node.get("enum") or [])
            for extra in EXTRA_ENUM.get(flat.name, []):
                if extra not in enum:
                    enum.append(extra)
            flat.enum = enum
            return
        if not node or set(node.keys()) <= {"description", "example"}:
            flat.kind = "kAny"
            return
        flat.kind = "kObject"
        self.merge(flat, node, hint)
        disc = node.get("discriminator")
        if disc and disc.get("propertyName") == "@type":
            for tname, ref in disc.get("mapping", {}).items():
                _, target = self.spec.resolve(ref)
                flat.variants.append((tname, self.key_for_named(target)))
        if not flat.props and not flat.variants and "allOf" not in node and "oneOf" not in node:
            flat.open = True

    def cpp_ref(self, key):
        return "&" + ("k" + key if not key.startswith("k") or key in self.schemas else key)

    def emit(self, out):
        for key in self.order:
            out.append("extern const Schema k%s;" % key)
        out.append("")
        for key in self.order:
            f = self.schemas[key]
            props = "{}"
            if f.props:
                rows = []
                for pname in sorted(f.props):
                    pkey = f.props[pname]
                    ref = "&" + (("k" + pkey) if pkey in self.schemas else pkey)
                    rows.append('    {"%s", %s, %s},' % (pname, ref,
                                                          "true" if pname in f.required else "false"))
                out.append("const Property k%s_props[] = {\n%s\n};" % (key, "\n".join(rows)))
                props = "k%s_props" % key
            enum = "{}"
            if f.enum:
                out.append("const std::string_view k%s_enum[] = {%s};" %
                           (key, ", ".join('"%s"' % e for e in f.enum)))
                enum = "k%s_enum" % key
            variants = "{}"
            if f.variants:
                rows = ['    {"%s", &k%s},' % (t, k) for t, k in f.variants]
                out.append("const Variant k%s_variants[] = {\n%s\n};" % (key, "\n".join(rows)))
                variants = "k%s_variants" % key
            items = "nullptr"
            if f.items:
                items = "&" + (("k" + f.items) if f.items in self.schemas else f.items)
            out.append('const Schema k%s{"%s", SchemaKind::%s, SchemaFormat::%s, %s, %s, %s, %s, %s};'
                       % (key, f.name, f.kind, f.format, items, props, enum, variants,
                          "true" if f.open else "false"))
            out.append("")


def collect_required(spec, node):
    """The required member names of an object schema, through $ref and allOf."""
    if "$ref" in node:
        return collect_required(spec, spec.resolve(node["$ref"])[0])
    out = set(node.get("required") or [])
    for part in node.get("allOf", []):
        out |= collect_required(spec, part)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--specs", default=os.path.join(ROOT, "..", "shared", "specs", "tmf"))
    ap.add_argument("--out", default=os.path.join(ROOT, "src", "domain", "tmf",
                                                  "tmf_schemas_generated.cpp"))
    args = ap.parse_args()

    out = [
        "// GENERATED by scripts/gen_tmf_schemas.py from the TM Forum spec files in",
        "// ../shared/specs/tmf; do not edit by hand. Schema descriptions of domain/tmf/schema.h.",
        "// NOLINTBEGIN",
        "#include \"domain/tmf/tmf_schemas.h\"",
        "",
        "namespace ispcloud::domain::tmf {",
        "namespace {",
        "",
    ]
    accessors = []
    for prefix, filename, resources in SPECS:
        spec = Spec(os.path.join(args.specs, filename))
        gen = Generator(prefix, spec)
        out.append("// ---- %s (%s)" % (filename, prefix))
        roots = []
        for root, create in resources:
            key = gen.key_for_named(root)
            required = collect_required(spec, spec.defs[create])
            roots.append((root, key, sorted(required - {"id", "href"})))
        gen.emit(out)
        for root, key, required in roots:
            out.append("const std::string_view k%s_create_required[] = {%s};" %
                       (key, ", ".join('"%s"' % r for r in required)))
            accessors.append((prefix, root, key))
        out.append("")
    out.append("}  // namespace")
    out.append("")
    out.append("const ResourceSchema* FindResourceSchema(std::string_view spec, std::string_view resource) {")
    for prefix, root, key in accessors:
        out.append("  if (spec == \"%s\" && resource == \"%s\") {" % (prefix, root))
        out.append("    static const ResourceSchema kSchema{&k%s, k%s_create_required};" % (key, key))
        out.append("    return &kSchema;")
        out.append("  }")
    out.append("  return nullptr;")
    out.append("}")
    out.append("")
    out.append("}  // namespace ispcloud::domain::tmf")
    out.append("// NOLINTEND")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("wrote", args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
