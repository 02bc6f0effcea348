"""JSON Schemas of the data files, generated from the same models the build validates with.

``python -m macros schemas`` writes them to ``schemas/``; data files point to them with a
``# yaml-language-server: $schema=…`` line so VS Code's YAML extension completes and checks
fields while an editor types. ``tests/test_schemas.py`` fails when they are stale.
"""

from __future__ import annotations

import json

from pydantic import TypeAdapter

from .site import DATA_FILES

SCHEMAS_DIR = "schemas"

# schema file name → (what it describes, the type of the whole file, the data files it is for)
SCHEMAS = {kind.schema: (kind.title, list[kind.model] if kind.shape == "list" else kind.model,
                         kind.pattern) for kind in DATA_FILES}


def schema_texts() -> dict[str, str]:
    """Every schema as the JSON text kept under version control."""
    out = {}
    for name, (title, kind, _) in SCHEMAS.items():
        schema = TypeAdapter(kind).json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out
