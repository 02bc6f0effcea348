"""The web editor's configuration (Decap CMS ``config.yml``), generated from the data models.

Each collection is a kind of data file of ``data.site.DATA_FILES`` (or a folder of ``docs/``);
each field's widget, label, help, required flag, choices, limits and pattern come from its
model's JSON Schema (the same schema VS Code uses); a field that names another record (a law,
a service, a contact, a role…) is a select list of the ids that exist now. ``widget_for``
refuses a schema it has no widget for, so a new kind of field fails the tests, not the editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.messages import PATTERN_HINTS
from ..data.models import ID_PATTERN
from ..data.page_models import PageMeta
from ..data.site import DATA_FILES
from ..data.sources import read_yaml
from .labels import help_text, label

# Collections of data files: DATA_FILES name → (collection name, Finnish label, summary).
DATA_COLLECTIONS = {
    "services": ("palvelut", "Palvelut", "{{fields.name}}"),
    "contacts": ("yhteystiedot", "Yhteystiedot", "{{fields.name}}"),
    "life_situations": ("elamantilanteet", "Elämäntilanteet", "{{fields.name}}"),
    "municipalities": ("kunnat", "Kunnat", "{{fields.name}}"),
    "processes": ("prosessit", "Prosessit", "{{fields.name}}"),
}
# Folders of docs/ whose pages the editor lists, with their Finnish labels.
PAGE_FOLDERS = {"": "Sivut: etusivu", "asukkaille": "Sivut: asukkaille",
                "ammattilaisille": "Sivut: ammattilaisille",
                "ammattilaisille/lomakkeet": "Sivut: lomakkeet", "tietoa": "Sivut: tietoa käsikirjasta",
                "en": "Sivut: englanniksi"}
# A field naming another record: field name → the Site's dict of those records.
REFERENCES = {
    "group": "service_groups", "organisation": "organisations", "law": "laws",
    "contact": "contacts", "contacts": "contacts", "role": "roles", "system": "systems",
    "documents": "forms", "related_services": "services", "services": "services",
    "life_situations": "life_situations", "municipalities": "municipalities",
}
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
MESSAGES = {  # Finnish messages of patterns the models' messages do not name
    DATE_PATTERN: "päivämäärä kirjoitetaan muodossa VVVV-KK-PP, esimerkiksi 2026-12-31",
    "[0-9]{3}": "kuntanumerossa on kolme numeroa, esimerkiksi 698",
    "[0-9a-f]{8}": "PTV-tunnus on muotoa 0a1b2c3d-1234-5678-9abc-0123456789ab (pienet kirjaimet)",
    r"\.md$": "sivun polku docs-kansiossa, esimerkiksi ammattilaisille/dokumentointi.md",
}


def pattern_message(pattern: str) -> str:
    if pattern == ID_PATTERN:
        return PATTERN_HINTS[ID_PATTERN]
    for key, message in MESSAGES.items():
        if key in pattern:
            return message
    for key in ("§", "https", "358", "@"):
        if key in pattern:
            return PATTERN_HINTS[key]
    return PATTERN_HINTS["number"]


class NoWidget(ValueError):
    """A model field the editor has no widget for (tests/cms/test_config.py)."""


@dataclass(frozen=True)
class Record:
    name: str


def known_ids(root: Path) -> dict[str, dict[str, Record]]:
    """The ids (and names) of every kind of record as the files hold them now, also when some
    file has errors: an editor must be able to open the editor to fix them. Files that are not
    YAML are left out (``check`` names them)."""
    out: dict[str, dict[str, Record]] = {}
    for kind in DATA_FILES:
        found: dict[str, Record] = {}
        if kind.shape == "folder":
            for file in sorted((root / "data" / kind.path).glob("*.yml")):
                source, _ = read_yaml(file, root)
                data = source.data if source is not None else None
                found[file.stem] = Record(str(data.get("name", file.stem)) if isinstance(data, dict)
                                          else file.stem)
        elif kind.shape == "list" and (root / "data" / kind.path).is_file():
            source, _ = read_yaml(root / "data" / kind.path, root)
            for item in (source.data if source is not None and isinstance(source.data, list) else []):
                if isinstance(item, dict) and isinstance(item.get(kind.key), str):
                    found[item[kind.key]] = Record(str(item.get("name", item[kind.key])))
        out[kind.field] = found
    return out


@dataclass
class Generator:
    """Turns model schemas into Decap fields; ``site`` gives the ids of the select lists
    (an object with a dict of records per kind: ``known_ids`` or a ``Site``)."""

    site: object

    def options(self, kind: str) -> list[dict[str, str]]:
        records = getattr(self.site, kind) if not isinstance(self.site, dict) else self.site[kind]
        return [{"label": f"{getattr(record, 'name', key)} ({key})", "value": key}
                for key, record in records.items()]

    def fields(self, schema: dict, defs: dict, optional: bool = False) -> list[dict]:
        """The fields of a model; inside an optional block (``optional``: the English text, a
        brochure) a field the model requires is required only once the block is filled in,
        which the form cannot say: it is marked in its help and ``check`` requires it."""
        model = schema.get("title", "")
        required = set(schema.get("required", []))
        return [self.widget_for(model, name, prop, name in required, defs, optional)
                for name, prop in schema.get("properties", {}).items()]

    def widget_for(self, model: str, name: str, prop: dict, required: bool, defs: dict,
                   optional: bool = False) -> dict:
        title = label(model, name)
        if title is None:
            raise NoWidget(f"{model}.{name}: no Finnish label in macros/cms/labels.py")
        field: dict[str, Any] = {"name": name, "label": title, "required": required and not optional}
        hint = help_text(model, name, prop.get("description"))
        if required and optional:
            hint = f"{hint} Pakollinen, jos täytät tämän osan.".strip()
        if hint:
            field["hint"] = hint
        options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
        if len(options) != 1:
            raise NoWidget(f"{model}.{name}: a union the editor cannot show")
        field.update(self.widget(model, name, options[0], defs, optional or not required))
        return field

    def widget(self, model: str, name: str, prop: dict, defs: dict, optional: bool) -> dict:
        if "$ref" in prop:
            target = defs[prop["$ref"].split("/")[-1]]
            return {"widget": "object", "collapsed": True,
                    "fields": self.fields(target, defs, optional)}
        kind = prop.get("type")
        if kind == "boolean":
            return {"widget": "boolean"}
        if kind == "integer":
            out = {"widget": "number", "value_type": "int"}
            out.update({k: prop[s] for k, s in (("min", "minimum"), ("max", "maximum")) if s in prop})
            return out
        if kind == "array":
            return self.list_widget(model, name, prop, defs)
        if kind == "string" or "enum" in prop:
            return self.string_widget(name, prop)
        raise NoWidget(f"{model}.{name}: no widget for {prop}")

    def string_widget(self, name: str, prop: dict) -> dict:
        if "enum" in prop:
            return {"widget": "select", "options": list(prop["enum"])}
        if name in REFERENCES:
            return {"widget": "select", "options": self.options(REFERENCES[name])}
        if prop.get("format") == "date":
            return {"widget": "string", "pattern": [DATE_PATTERN, pattern_message(DATE_PATTERN)]}
        out: dict[str, Any] = {"widget": "string"}
        if "pattern" in prop:
            out["pattern"] = [prop["pattern"], pattern_message(prop["pattern"])]
        elif "maxLength" in prop and prop["maxLength"] <= 150:
            out["pattern"] = [f"^[\\s\\S]{{0,{prop['maxLength']}}}$",
                              f"enintään {prop['maxLength']} merkkiä"]
        elif "maxLength" not in prop:
            out["widget"] = "text"
        return out

    def list_widget(self, model: str, name: str, prop: dict, defs: dict) -> dict:
        items = prop.get("items", {})
        out: dict[str, Any] = {}
        if "minItems" in prop:
            out["min"] = prop["minItems"]
        if "maxItems" in prop:
            out["max"] = prop["maxItems"]
        if "$ref" in items:
            target = defs[items["$ref"].split("/")[-1]]
            first = next(iter(target.get("properties", {})))
            return {"widget": "list", "collapsed": True, "summary": f"{{{{fields.{first}}}}}",
                    "fields": self.fields(target, defs), **out}
        if "enum" in items or name in REFERENCES:
            choice = self.string_widget(name, items)
            return {**choice, "multiple": True, **out}
        item = self.string_widget(name, items)
        if item["widget"] == "text":
            item["widget"] = "string"
        return {"widget": "list", "field": {"name": "kohta", "label": label(model, name), **item}, **out}


def data_collection(generator: Generator, kind) -> dict:
    """One collection of data files: a folder collection (one entry per file) or a file
    collection whose one entry holds the file's list (the writer's ITEMS)."""
    name, title, summary = DATA_COLLECTIONS[kind.field]
    schema = kind.model.model_json_schema()
    fields = generator.fields(schema, schema.get("$defs", {}))
    if kind.shape == "folder":
        return {"name": name, "label": title, "folder": f"data/{kind.path.rstrip('/')}",
                "extension": "yml", "format": "kasikirja-yml", "create": True, "delete": False,
                "identifier_field": "name", "summary": summary,
                "slug": "{{slug}}", "fields": [schema_field(f"../../schemas/{kind.schema}"), *fields]}
    items = {"name": "items", "label": title, "widget": "list", "collapsed": True,
             "summary": summary, "fields": fields}
    return {"name": name, "label": title, "format": "kasikirja-yml", "extension": "yml",
            "delete": False, "files": [{"name": name, "label": title, "file": f"data/{kind.path}",
                                        "fields": [items]}]}


def schema_field(path: str) -> dict:
    """A new file's ``# yaml-language-server: $schema=…`` line (admin/yaml-writer.mjs SCHEMA)."""
    return {"name": "__kasikirja_schema", "widget": "hidden", "default": path, "required": False}


def page_collections(generator: Generator, root: Path) -> list[dict]:
    schema = PageMeta.model_json_schema()
    meta = generator.fields(schema, schema.get("$defs", {}))
    body = {"name": "body", "label": label("", "body"), "hint": help_text("", "body", None),
            "widget": "text", "required": True}
    out = []
    for folder, title in PAGE_FOLDERS.items():
        if not (root / "docs" / folder).is_dir():
            continue
        name = "sivut-" + (folder.replace("/", "-") or "etusivu")
        out.append({"name": name, "label": title, "folder": f"docs/{folder}".rstrip("/"),
                    "extension": "md", "format": "kasikirja-md", "create": True, "delete": False,
                    "identifier_field": "title", "summary": "{{filename}}",
                    "slug": "{{slug}}", "fields": [*meta, body]})
    return out


def collections(root: Path) -> list[dict]:
    generator = Generator(known_ids(root))
    kinds = {kind.field: kind for kind in DATA_FILES}
    return [data_collection(generator, kinds[name]) for name in DATA_COLLECTIONS] + \
        page_collections(generator, root)
