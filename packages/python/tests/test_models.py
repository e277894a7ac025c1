"""The generated models agree with docs/openapi.json: every schema and every field is there, and the file is fresh."""
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from octopus_trading import __version__, models

PACKAGE = Path(__file__).resolve().parents[1]
SPEC = json.loads((PACKAGE.parent.parent / "docs" / "openapi.json").read_text(encoding="utf-8"))


def test_every_schema_field_is_in_the_models() -> None:
    missing = []
    for name, schema in SPEC["components"]["schemas"].items():
        cls = models.SCHEMAS.get(name)
        if cls is None:
            missing.append(name)
            continue
        fields = {f.name for f in dataclasses.fields(cls)}
        for prop in schema.get("properties", {}):
            if cls._renamed.get(prop, prop) not in fields:
                missing.append(f"{name}.{prop}")
    assert missing == [], f"missing from octopus_trading/models.py (run tools/generate_models.py): {missing}"


def test_generated_file_is_fresh() -> None:
    r = subprocess.run([sys.executable, str(PACKAGE / "tools" / "generate_models.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_version_follows_the_api() -> None:
    version = SPEC["info"]["version"]
    assert __version__ == version
    assert f'version = "{version}"' in (PACKAGE / "pyproject.toml").read_text(encoding="utf-8")


def test_unknown_fields_are_kept() -> None:
    q = models.Quote.from_dict({"symbol": "AAPL", "price": 1.0, "new_field": 2})
    assert q.price == 1.0 and q.extra == {"new_field": 2} and q.to_dict()["new_field"] == 2
