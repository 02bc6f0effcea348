"""The web editor's configuration is made from the models (macros/cms/config.py): every model
field has a widget with a Finnish label, required, choices, limits and patterns follow the
models, and references are select lists of the ids that exist."""

from __future__ import annotations

import re
from typing import Literal

import pytest
import yaml
from pydantic import BaseModel
from sites import ROOT

from macros.cms import admin
from macros.cms.config import DATA_COLLECTIONS, REFERENCES, Generator, NoWidget
from macros.data.page_models import PageMeta
from macros.data.site import DATA_FILES, read_site


@pytest.fixture(scope="module")
def site():
    site, problems = read_site(ROOT)
    assert site is not None, problems
    return site


@pytest.fixture(scope="module")
def conf():
    return admin.config(ROOT, admin.Backend())


def schema_paths(schema: dict, defs: dict, prefix: str = "") -> set[str]:
    """Every field of a model's JSON Schema, nested fields as a.b."""
    out = set()
    for name, prop in schema.get("properties", {}).items():
        out.add(prefix + name)
        for option in prop.get("anyOf", [prop]):
            ref = option.get("$ref") or option.get("items", {}).get("$ref")
            if ref:
                out |= schema_paths(defs[ref.split("/")[-1]], defs, f"{prefix}{name}.")
    return out


def config_paths(fields: list[dict], prefix: str = "") -> set[str]:
    out = set()
    for field in fields:
        if field["name"].startswith("__"):
            continue
        out.add(prefix + field["name"])
        out |= config_paths(field.get("fields", []), f"{prefix}{field['name']}.")
    return out


def collection(conf: dict, name: str) -> dict:
    return next(c for c in conf["collections"] if c["name"] == name)


def fields_of(coll: dict) -> list[dict]:
    return coll["fields"] if "fields" in coll else coll["files"][0]["fields"][0]["fields"]


@pytest.mark.parametrize("kind", list(DATA_COLLECTIONS))
def test_every_model_field_has_an_editor_widget(conf, kind):
    model = next(k.model for k in DATA_FILES if k.field == kind)
    schema = model.model_json_schema()
    coll = collection(conf, DATA_COLLECTIONS[kind][0])
    assert config_paths(fields_of(coll)) == schema_paths(schema, schema.get("$defs", {}))


def test_every_page_field_has_a_widget_and_pages_have_their_body(conf):
    schema = PageMeta.model_json_schema()
    for coll in conf["collections"]:
        if coll["name"].startswith("sivut-"):
            assert config_paths(coll["fields"]) == schema_paths(schema, schema["$defs"]) | {"body"}
            assert coll["format"] == "kasikirja-md" and coll["folder"].startswith("docs")


def test_a_field_without_a_widget_or_a_label_fails(site):
    class Odd(BaseModel):
        name: dict[str, int]

    with pytest.raises(NoWidget, match="Odd.name"):
        Generator(site).fields(Odd.model_json_schema(), {})

    class Unnamed(BaseModel):
        zzz_unlabelled: str

    with pytest.raises(NoWidget, match="no Finnish label"):
        Generator(site).fields(Unnamed.model_json_schema(), {})

    class Picked(BaseModel):
        kind: Literal["a", "b"]

    [field] = Generator(site).fields(Picked.model_json_schema(), {})
    assert field == {"name": "kind", "label": "Tyyppi", "required": True, "widget": "select",
                     "options": ["a", "b"]}


def walk(fields: list[dict], prefix: str = ""):
    for field in fields:
        yield prefix + field["name"], field
        yield from walk(field.get("fields", []), f"{prefix}{field['name']}.")


def test_labels_and_help_are_finnish_and_required_follows_the_model(conf):
    service = dict(walk(collection(conf, "palvelut")["fields"]))
    assert service["name"]["label"] == "Palvelun nimi" and service["name"]["required"] is True
    assert service["name"]["hint"] == "Palvelun nimi, enintään 100 merkkiä."
    assert service["instructions"]["required"] is False
    assert service["charge_type"]["options"] == ["maksuton", "maksullinen", "muu"]
    assert service["languages"]["multiple"] is True and service["languages"]["min"] == 1
    assert service["brochure.number"] == {**service["brochure.number"], "widget": "number",
                                          "value_type": "int", "min": 1, "max": 99}
    assert service["last_reviewed"]["pattern"][1].startswith("päivämäärä kirjoitetaan")
    contact = dict(walk(fields_of(collection(conf, "yhteystiedot"))))
    assert re.match(contact["phone"]["pattern"][0], "040 726 6965")
    assert contact["phone"]["pattern"][1].startswith("puhelinnumero kirjoitetaan")
    english = re.compile(r"\b(the|is|of|and|field)\b")
    for coll in conf["collections"]:
        for path, field in walk(fields_of(coll)):
            if path.startswith("__"):
                continue
            assert field["label"] and not english.search(field["label"]), (coll["name"], path)
            assert not english.search(field.get("hint", "")), (coll["name"], path)


def test_references_are_select_lists_of_the_ids_that_exist(conf, site):
    service = dict(walk(collection(conf, "palvelut")["fields"]))
    assert [o["value"] for o in service["legislation.law"]["options"]] == list(site.laws)
    assert [o["value"] for o in service["related_services"]["options"]] == list(site.services)
    assert service["related_services"]["multiple"] is True
    assert [o["value"] for o in service["channels.contact"]["options"]] == list(site.contacts)
    assert [o["value"] for o in service["group"]["options"]] == list(site.service_groups)
    process = dict(walk(collection(conf, "prosessit")["fields"]))
    assert [o["value"] for o in process["steps.role"]["options"]] == list(site.roles)
    assert [o["value"] for o in process["steps.documents"]["options"]] == list(site.forms)
    situation = dict(walk(fields_of(collection(conf, "elamantilanteet"))))
    assert [o["value"] for o in situation["contacts"]["options"]] == list(site.contacts)
    assert set(REFERENCES.values()) <= set(vars(site))


def test_the_command_writes_the_editor_folder(tmp_path, capsys):
    out = tmp_path / "admin"
    assert admin.main(["--root", str(ROOT), "--out", str(out)]) == 0
    assert "11 kokoelmaa" in capsys.readouterr().out
    conf = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert conf["backend"] == {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}
    assert {"index.html", "decap-cms.js", "kasikirja-cms.mjs", "yaml-writer.mjs", "csp.txt",
            "asetukset.json"} <= {p.name for p in out.iterdir()}
    assert (out / "yaml" / "index.js").is_file()
    assert not list(out.rglob("*.map"))


def test_a_forge_gets_the_editorial_workflow_and_its_origin_in_the_csp(tmp_path):
    backend = admin.Backend("gitlab", "lapha/kasikirja", "main", "https://git.lapha.test", "abc",
                            "https://esikatselu.kasikirja.test")
    conf = admin.config(ROOT, backend)
    assert conf["publish_mode"] == "editorial_workflow"
    assert conf["backend"]["auth_type"] == "pkce" and conf["backend"]["api_root"] == \
        "https://git.lapha.test/api/v4"
    policy = admin.csp(backend)
    assert "connect-src 'self' https://git.lapha.test;" in policy and "frame-src 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
