"""Open data from the built site: /api/services.json against its schema, JSON-LD on every
service page, and sitemap dates from git (macros/open_data.py, macros/sitemap.py)."""

import json
import subprocess
from datetime import date

import jsonschema
import yaml
from bs4 import BeautifulSoup
from sites import ROOT

from macros.assemble.sitemap import sitemap_with_dates

SERVICES = {f.stem: yaml.safe_load(f.read_text(encoding="utf-8"))
            for f in sorted((ROOT / "data/services").glob("*.yml"))}


def test_services_json_is_valid_and_complete(built_site):
    document = json.loads((built_site / "api/services.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas/api/services.schema.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        document)
    assert sorted(s["id"] for s in document["services"]) == sorted(SERVICES)
    for record in document["services"]:
        data = SERVICES[record["id"]]
        assert record["name"]["fi"] == data["name"]
        assert ("en" in record["name"]) == ("en" in data)
        assert [ref["law"] for ref in record["legislation"]] == [
            ref["law"] for ref in data.get("legislation", [])]
    cited = {ref["law"] for d in SERVICES.values() for ref in d.get("legislation", [])}
    assert {law["id"] for law in document["laws"]} == cited
    situations = {x for d in SERVICES.values() for x in d.get("life_situations", [])}
    assert {s["id"] for s in document["lifeSituations"]} == situations


def test_schema_rejects_a_renamed_field():
    schema = json.loads((ROOT / "schemas/api/services.schema.json").read_text())
    bad = {"apiVersion": "1.0", "services": [], "laws": [], "lifeSituations": [], "extra": 1}
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("an unknown top-level field passed the schema")


def test_every_service_page_has_government_service_json_ld(built_site):
    for service_id, data in SERVICES.items():
        page = BeautifulSoup((built_site / f"palvelut/{service_id}/index.html").read_text(),
                             "html.parser")
        script = page.find("script", type="application/ld+json")
        ld = json.loads(script.string)
        assert ld["@type"] == "GovernmentService" and ld["name"] == data["name"]
        assert ld["url"].endswith(f"/palvelut/{service_id}/")
        assert ld["provider"]["@type"] == "GovernmentOrganization"


def test_sitemap_dates_are_the_last_change_of_each_source(built_site):
    xml = (built_site / "sitemap.xml").read_text()
    for service_id in ("toimeentulotuki", "sosiaalineuvonta"):
        day = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ad", "--date=short",
                              "--", f"data/services/{service_id}.yml"],
                             capture_output=True, text=True).stdout.strip()
        assert day, "the project has no git history"
        entry = xml.split(f"/palvelut/{service_id}/</loc>")[1].split("</lastmod>")[0]
        assert entry.strip().endswith(day)


def test_sitemap_dates_pure():
    xml = ("<urlset><url>\n<loc>https://x/a/</loc>\n<lastmod>2026-01-01</lastmod>\n</url>"
           "<url><loc>https://x/b/</loc><lastmod>2026-01-01</lastmod></url></urlset>")
    out = sitemap_with_dates(xml, "https://x/", {"a/": "docs/a.md", "b/": None},
                             {"docs/a.md": date(2025, 3, 4)}, date(2026, 2, 2))
    assert "<lastmod>2025-03-04</lastmod>" in out and "<lastmod>2026-02-02</lastmod>" in out
