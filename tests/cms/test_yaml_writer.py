"""The web editor's YAML writer (admin/yaml-writer.mjs), run for real in node: files stay ours.

Every data file and every docs page is read and written back as the editor does; the bytes must
be the same. A change touches only its own lines, and PyYAML (what the build reads with) reads
back exactly the values the form held.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess

import pytest
import yaml
from sites import ROOT

DRIVER = ROOT / "tests" / "cms" / "writer.mjs"


def run(jobs: list[dict]) -> list[dict]:
    assert shutil.which("node"), "node is missing: apt-get install -y nodejs (bash .ci/setup)"
    assert (ROOT / "node_modules" / "yaml").is_dir(), "the yaml package is missing: npm ci"
    result = subprocess.run(["node", str(DRIVER)], input=json.dumps(jobs), capture_output=True,
                            text=True, cwd=ROOT, check=True)
    return json.loads(result.stdout)


def changed_lines(old: str, new: str) -> list[str]:
    return [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def data_files() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.yml"))


def test_every_data_file_and_page_saved_unchanged_is_the_same_bytes():
    pages = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md"))
    jobs = [{"path": f, "kind": "yml"} for f in data_files()] + [{"path": p, "kind": "md"} for p in pages]
    assert len(jobs) > 40
    results = run(jobs)
    differ = [job["path"] for job, result in zip(jobs, results, strict=True)
              if result.get("text") != (ROOT / job["path"]).read_text(encoding="utf-8")]
    assert differ == []


def change(path: str, sets: list, order: list[str] | None = None) -> tuple[str, str]:
    [result] = run([{"path": path, "kind": "yml", "set": sets, "sortedKeys": order or []}])
    assert "error" not in result, result.get("error")
    return (ROOT / path).read_text(encoding="utf-8"), result["text"]


def test_a_changed_phone_number_is_one_changed_line():
    old, new = change("data/contacts.yml", [[["items", 1, "phone"], "040 123 4567"]])
    assert changed_lines(old, new) == ["-  phone: 040 726 6965", "+  phone: 040 123 4567"]
    assert new.startswith("# yaml-language-server: $schema=../schemas/contacts.schema.json\n")
    assert yaml.safe_load(new)[1]["phone"] == "040 123 4567"


@pytest.mark.parametrize("value, written", [
    ("0401234567", '"0401234567"'),  # PyYAML would read an octal number
    ("yes", '"yes"'), ("9:30", '"9:30"'), ("1.5", '"1.5"'),  # a boolean, sexagesimal, a float
    ("Aukioloajat: ma–pe", '"Aukioloajat: ma–pe"'), ("a #b", '"a #b"'),
    ("Koko Lappi", "Koko Lappi"), ("2026-12-31", "2026-12-31"),
])
def test_a_written_string_is_read_back_as_the_same_string_by_pyyaml(value, written):
    old, new = change("data/contacts.yml", [[["items", 1, "hours"], value]])
    assert changed_lines(old, new) == ["-  hours: Aina, vuorokauden ympäri", f"+  hours: {written}"]
    assert str(yaml.safe_load(new)[1]["hours"]) == value


def test_a_new_optional_field_goes_where_the_model_puts_it_and_a_cleared_one_goes_away():
    order = ["items", "items.id", "items.kind", "items.name", "items.description", "items.phone",
             "items.email", "items.hours"]
    old, new = change("data/contacts.yml", [[["items", 1, "email"], "paivystys@lapha.fi"]], order)
    assert changed_lines(old, new) == ["+  email: paivystys@lapha.fi"]
    assert new.splitlines().index("  email: paivystys@lapha.fi") == \
        new.splitlines().index("  phone: 040 726 6965") + 1
    old, new = change("data/contacts.yml", [[["items", 1, "hours"], ""]])
    assert changed_lines(old, new) == ["-  hours: Aina, vuorokauden ympäri"]


def test_folded_and_literal_text_keep_their_style():
    step = "Soita 112. " * 12 + "Loppu."
    old, new = change("data/life_situations.yml", [[["items", 0, "first_step"], step]])
    lines = changed_lines(old, new)
    assert all(len(line) <= 97 for line in lines) and "+  first_step: >-" not in lines  # header kept
    assert yaml.safe_load(new)[0]["first_step"] == step
    text = "Ensimmäinen kappale.\n\n- kohta\n- toinen {{ rule(\"oikaisuvaatimus-aika\") }}\n"
    old, new = change("data/services/toimeentulotuki.yml", [[["requirements"], text]])
    assert yaml.safe_load(new)["requirements"] == text
    assert "requirements: |" in new and set(changed_lines(old, new)) <= {
        *(f"-{line}" for line in old.splitlines()), *(f"+{line}" for line in new.splitlines())}


def test_list_items_added_and_removed_touch_only_their_lines():
    old, new = change("data/services/toimeentulotuki.yml", [[["legislation", 1], None]])
    assert changed_lines(old, new) == ["-  - law: toimeentulotukilaki", "-    section: 7 b §"]
    old, new = change("data/services/toimeentulotuki.yml", [[["languages"], ["fi", "sv"]]])
    assert changed_lines(old, new) == ["-languages: [fi]", "+languages: [fi, sv]"]
    old, new = change("data/services/toimeentulotuki.yml", [[["bring", 2], "Henkilöllisyystodistus"]])
    assert changed_lines(old, new) == ["+  - Henkilöllisyystodistus"]


def test_a_flow_record_stays_on_its_line_unless_it_gets_a_block():
    old, new = change("data/municipalities.yml", [[["items", 0, "name"], "Kemijärvi"]])
    assert old == new
    office = {"name": "Sosiaalitoimisto", "address": "Katu 1", "source": "https://lapha.fi/a",
              "checked": "2026-12-06"}
    old, new = change("data/municipalities.yml", [[["items", 0, "office"], office]])
    assert yaml.safe_load(new)[0]["office"]["name"] == "Sosiaalitoimisto"
    assert len(changed_lines(old, new)) == 11  # the one record, now in block style


def test_a_new_file_gets_the_schema_comment_and_the_models_order():
    data = {"__kasikirja_schema": "../../schemas/service.schema.json", "owner": "Tiimi",
            "name": "Uusi palvelu", "languages": ["fi"], "description": "Rivi.\n\nToinen.\n"}
    [result] = run([{"kind": "yml", "text": "", "new": data, "sortedKeys": ["name", "description",
                                                                              "languages", "owner"]}])
    assert result["text"] == ("# yaml-language-server: $schema=../../schemas/service.schema.json\n"
                              "name: Uusi palvelu\ndescription: |\n  Rivi.\n\n  Toinen.\n"
                              "languages: [fi]\nowner: Tiimi\n")


def test_a_page_keeps_its_body_and_front_matter():
    path = next(p for p in sorted((ROOT / "docs").rglob("*.md")) if p.read_text().startswith("---\n"))
    rel = path.relative_to(ROOT).as_posix()
    [result] = run([{"path": rel, "kind": "md", "set": [[["body"], "# Uusi\n\nTeksti.\n"]]}])
    old = path.read_text(encoding="utf-8")
    front = old[: old.index("\n---\n", 4) + 5]
    assert result["text"] == front + "# Uusi\n\nTeksti.\n"
