"""JSON Schemas of the data files, generated from the same models the build validates with.

``python -m macros schemas`` writes them to ``schemas/``; data files point to them with a
``# yaml-language-server: $schema=…`` line so VS Code's YAML extension completes and checks
fields while an editor types. ``tests/test_schemas.py`` fails when they are stale.
"""

from __future__ import annotations

import json

from pydantic import TypeAdapter

from .models import (
    AccessibilityStatement,
    ChecklistGroup,
    Form,
    Law,
    LifeSituation,
    Municipality,
    OnboardingPath,
    Organisation,
    Process,
    Role,
    Service,
    ServiceGroup,
    System,
    Term,
)

SCHEMAS_DIR = "schemas"

# schema file name → (what it describes, the type of the whole file, the data files it is for)
SCHEMAS = {
    "service.schema.json": ("Palvelu", Service, "data/services/*.yml"),
    "laws.schema.json": ("Lakirekisteri", list[Law], "data/laws.yml"),
    "organisations.schema.json": ("Organisaatiot", list[Organisation], "data/organisations.yml"),
    "service_groups.schema.json": ("Palveluryhmät", list[ServiceGroup], "data/service_groups.yml"),
    "process.schema.json": ("Prosessi", Process, "data/processes/*.yml"),
    "roles.schema.json": ("Roolit", list[Role], "data/roles.yml"),
    "systems.schema.json": ("Tietojärjestelmät", list[System], "data/systems.yml"),
    "forms.schema.json": ("Lomakkeet ja asiakirjat", list[Form], "data/forms.yml"),
    "glossary.schema.json": ("Sanasto", list[Term], "data/glossary.yml"),
    "checklists.schema.json": ("Etuuskäsittelyn muistilista", list[ChecklistGroup],
                               "data/checklists.yml"),
    "onboarding.schema.json": ("Perehdytyspolut", list[OnboardingPath], "data/onboarding.yml"),
    "life_situations.schema.json": ("Elämäntilanteet", list[LifeSituation],
                                    "data/life_situations.yml"),
    "municipalities.schema.json": ("Kunnat", list[Municipality], "data/municipalities.yml"),
    "accessibility.schema.json": ("Saavutettavuusseloste", AccessibilityStatement,
                                  "data/accessibility.yml"),
}


def schema_texts() -> dict[str, str]:
    """Every schema as the JSON text kept under version control."""
    out = {}
    for name, (title, kind, _) in SCHEMAS.items():
        schema = TypeAdapter(kind).json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out
