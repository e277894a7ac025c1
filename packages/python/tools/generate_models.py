#!/usr/bin/env python3
"""Generates octopus_trading/models.py from docs/openapi.json (components.schemas).

Usage: python3 tools/generate_models.py [--check]   (--check: exit 1 when models.py is stale)

One dataclass per schema, named without the `Dto` suffix (`QuoteDto` -> `Quote`; `Error` -> `ErrorBody`).
Required fields come first (no default), optional ones default to None. Nested `$ref`s, arrays of them and
`anyOf: [$ref, null]` are converted by `Model.from_dict` through the `_refs` table written here.
"""
import json
import keyword
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
SPEC = PACKAGE.parent.parent / "docs" / "openapi.json"
TARGET = PACKAGE / "octopus_trading" / "models.py"


def class_name(schema: str) -> str:
    if schema == "Error":
        return "ErrorBody"
    return schema[:-3] if schema.endswith("Dto") and len(schema) > 3 else schema


def ref_name(ref: str) -> str:
    return class_name(ref.rsplit("/", 1)[-1])


def py_type(prop: Dict[str, Any]) -> Tuple[str, Optional[Tuple[str, str]]]:
    """The annotation for a property and, for nested models, ("one" | "list", class name)."""
    if "$ref" in prop:
        name = ref_name(prop["$ref"])
        return f'"{name}"', ("one", name)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in prop:
            refs = [p for p in prop[key] if "$ref" in p]
            if len(refs) == 1:
                name = ref_name(refs[0]["$ref"])
                return f'"{name}"', ("one", name)
            return "Any", None
    t = prop.get("type")
    if t == "array":
        item = prop.get("items", {})
        inner, nested = py_type(item)
        if nested:
            return f"List[{inner}]", ("list", nested[1])
        return f"List[{inner}]", None
    if t == "string":
        return "str", None
    if t == "number":
        return "float", None
    if t == "integer":
        return "int", None
    if t == "boolean":
        return "bool", None
    if t == "object":
        return "Dict[str, Any]", None
    return "Any", None


def field_name(prop: str) -> str:
    name = prop if prop.isidentifier() else "".join(c if c.isalnum() else "_" for c in prop)
    return name + "_" if keyword.iskeyword(name) or name in ("extra",) else name


def generate(spec: Dict[str, Any]) -> str:
    schemas: Dict[str, Any] = spec["components"]["schemas"]
    out: List[str] = [
        '"""Models generated from docs/openapi.json by tools/generate_models.py. Do not edit."""',
        "# API version " + spec["info"]["version"],
        "from dataclasses import dataclass",
        "from typing import Any, Dict, List, Optional",
        "",
        "from ._model import Model",
        "",
    ]
    names: List[str] = []
    for schema_name in sorted(schemas):
        schema = schemas[schema_name]
        cname = class_name(schema_name)
        names.append(cname)
        props: Dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        out.append("")
        out.append("@dataclass")
        out.append(f"class {cname}(Model):")
        doc = (schema.get("description") or f"The `{schema_name}` schema.").split("\n")[0].replace('"""', "'")
        out.append(f'    """{doc}"""')
        out.append("")
        out.append(f'    _schema = "{schema_name}"')
        refs: Dict[str, Tuple[str, str]] = {}
        renamed: Dict[str, str] = {}
        lines_required: List[str] = []
        lines_optional: List[str] = []
        for prop_name, prop in props.items():
            fname = field_name(prop_name)
            if fname != prop_name:
                renamed[prop_name] = fname
            annotation, nested = py_type(prop)
            if nested:
                refs[fname] = nested
            nullable = prop.get("nullable") or any(p.get("nullable") or p.get("type") == "null" for p in prop.get("anyOf", []))
            if prop_name in required:
                ann = f"Optional[{annotation}]" if nullable else annotation
                lines_required.append(f"    {fname}: {ann}")
            else:
                lines_optional.append(f"    {fname}: Optional[{annotation}] = None")
        out.append(f"    _refs = {refs!r}")
        out.append(f"    _renamed = {renamed!r}")
        out.extend(lines_required + lines_optional)
        if not props:
            out.append("    pass")
        out.append("")
    out.append("")
    out.append("SCHEMAS: Dict[str, Any] = {")
    for schema_name in sorted(schemas):
        out.append(f'    "{schema_name}": {class_name(schema_name)},')
    out.append("}")
    out.append("MODELS: Dict[str, Any] = {cls.__name__: cls for cls in SCHEMAS.values()}")
    out.append("Model._registry = MODELS")
    out.append("")
    out.append("__all__ = [" + ", ".join(f'"{n}"' for n in sorted(names)) + ', "SCHEMAS", "MODELS"]')
    return "\n".join(out) + "\n"


def main() -> int:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    text = generate(spec)
    if "--check" in sys.argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is stale: run python3 {Path(__file__).relative_to(PACKAGE.parent.parent)}")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(spec['components']['schemas'])} schemas)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
