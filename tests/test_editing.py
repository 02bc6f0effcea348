"""The editors' commands that make and undo changes (``macros/editing.py``, issue 31, points 4
and 5): ``./kasikirja uusi-palvelu`` and the others write a blank file with every field
explained, and ``./kasikirja peru`` undoes the last publication only after showing it and
asking, and never undoes an undo unless told to in words. Real git repositories throughout."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import yaml
from sites import ENV, ROOT, fixture_site, run_cli

from macros.data.blank import KINDS, blank_file
from macros.data.messages import _inner_model

KASIKIRJA = ROOT / "kasikirja"


def fields(model):
    for name, field in model.model_fields.items():
        yield name
        inner = _inner_model(field.annotation)
        if inner is not None:
            yield from fields(inner)


def test_a_blank_file_explains_every_field_of_its_model():
    for kind, (model, _, _) in KINDS.items():
        text = blank_file(kind, date(2026, 12, 5))
        assert yaml.safe_load(text) is not None  # valid YAML
        lines = text.splitlines()
        for name in model.model_fields:  # a field of its own, under its explanation
            at = next(i for i, line in enumerate(lines) if re.match(rf"{name}:( |$)", line))
            assert lines[at - 1].startswith("# ") and len(lines[at - 1]) > 12, (kind, name)
        for name in set(fields(model)) - set(model.model_fields):  # explained in its block's
            assert re.search(rf"^#\s+{name}: \S", text, re.M), (kind, name)
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no explanation"


def test_uusi_palvelu_makes_a_file_whose_empty_required_fields_check_names(tmp_path):
    project = fixture_site(tmp_path)
    made = subprocess.run([sys.executable, "-m", "macros", "new", "palvelu", "gamma", "--root",
                           str(project), "--today", "2026-12-05"], cwd=ROOT, env=ENV,
                          capture_output=True, text=True)
    assert made.returncode == 0 and "Tehty data/services/gamma.yml" in made.stdout
    text = (project / "data/services/gamma.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/service.schema.json")
    assert "last_reviewed: 2026-12-05" in text and "next_review: 2027-12-05" in text
    checked = run_cli(project, "check")
    lines = [line for line in checked.stderr.splitlines() if line.startswith("data/services/gamma")]
    named = {line.split(": ")[1] for line in lines}
    assert {"name", "short_description", "description", "charge_type", "target_groups",
            "languages", "area", "group", "organisation", "owner"} <= named, lines
    assert all("tyhjä" in line or "vähintään" in line for line in lines), lines
    again = run_cli(project, "new", "palvelu", "gamma")
    assert again.returncode == 1 and "on jo olemassa" in again.stderr
    assert (project / "data/services/gamma.yml").read_text(encoding="utf-8") == text
    bad = run_cli(project, "new", "palvelu", "Gamma palvelu")
    assert bad.returncode == 1 and "ei kelpaa" in bad.stderr


def test_uusi_sivu_makes_a_page_that_passes_check_and_says_where_it_shows(tmp_path):
    project = fixture_site(tmp_path)
    made = run_cli(project, "new", "sivu", "palvelut/ohje")
    assert made.returncode == 0, made.stderr
    page = (project / "docs/palvelut/ohje.md").read_text(encoding="utf-8")
    assert "title: Ohje" in page and "\n# Ohje\n" in page
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)  # nothing untracked to report
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    assert run_cli(project, "check").returncode == 0


# --- copied services -------------------------------------------------------------------------

BROCHURE = "brochure:\n  number: 3\n  tagline: Apua arkeen.\n"
ENGLISH = ("en:\n  name: Alpha\n  short_description: Short.\n  description: Long.\n"
           "easy_finnish: Selkoteksti alfasta.\n")


def test_a_copied_brochure_number_and_texts_are_reported_at_the_copy(tmp_path):
    project = fixture_site(tmp_path)
    for name in ("alfa", "beeta"):
        file = project / f"data/services/{name}.yml"
        file.write_text(file.read_text(encoding="utf-8") + BROCHURE + ENGLISH, encoding="utf-8")
    checked = run_cli(project, "check")
    assert checked.returncode == 1
    said = [line for line in checked.stderr.splitlines() if line.startswith("data/")]
    assert any(line.startswith("data/services/beeta.yml:") and "brochure.number: esitteen numero "
               "3 on jo palvelulla alfa" in line for line in said), said
    assert any("beeta.yml" in line and " en: englanninkielinen teksti on sama kuin palvelulla "
               "alfa" in line for line in said), said
    assert any("beeta.yml" in line and "easy_finnish: selkokielinen teksti on sama" in line
               for line in said), said
    assert not any(line.startswith("data/services/alfa.yml") for line in said), said


# --- undo ------------------------------------------------------------------------------------

def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env=ENV).stdout.strip()


def published_clone(tmp_path: Path) -> tuple[Path, Path]:
    """A bare "julkaisu" with the fixture handbook and one published change, and a clone."""
    bare, work = tmp_path / "julkaisu.git", fixture_site(tmp_path / "src")
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(bare))
    git(work, "init", "-q", "--initial-branch=main")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "Käsikirja")
    git(work, "remote", "add", "julkaisu", str(bare))
    git(work, "push", "-q", "julkaisu", "main")
    git(work, "switch", "-q", "-c", "muutos/nimi")
    alfa = work / "data/services/alfa.yml"
    alfa.write_text(alfa.read_text(encoding="utf-8").replace("name: Alfapalvelu", "name: Alfa"),
                    encoding="utf-8")
    git(work, "commit", "-qam", "nimi")
    git(work, "switch", "-q", "main")
    git(work, "merge", "-q", "--no-ff", "-m", "Julkaistu: alfan nimi", "muutos/nimi")
    git(work, "push", "-q", "julkaisu", "main")
    return bare, work


def peru(work: Path, answer: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(work / "kasikirja"), "peru"], cwd=work, env=ENV, input=answer,
                          capture_output=True, text=True, timeout=300)


def test_peru_shows_what_it_undoes_asks_and_never_undoes_an_undo_without_palauta(tmp_path):
    _, work = published_clone(tmp_path)
    with (work / ".git/info/exclude").open("a") as exclude:  # not the editor's change
        exclude.write("/.venv\n/kasikirja\n")
    (work / ".venv").symlink_to(ROOT / ".venv")
    (work / "kasikirja").write_bytes(KASIKIRJA.read_bytes())
    (work / "kasikirja").chmod(0o755)
    alfa = work / "data/services/alfa.yml"

    no = peru(work, "\n")  # Enter alone: nothing happens
    assert no.returncode == 1 and "Viimeisin julkaistu muutos" in no.stdout
    assert "Julkaistu: alfan nimi" in no.stdout and "data/services/alfa.yml" in no.stdout
    assert "Mitään ei muutettu." in no.stdout
    assert "name: Alfa\n" in alfa.read_text(encoding="utf-8")

    yes = peru(work, "k\n")
    assert yes.returncode == 0, yes.stdout + yes.stderr
    assert "git push julkaisu main" in yes.stdout
    assert git(work, "log", "-1", "--format=%s") == "Peruttu: alfan nimi"
    assert "name: Alfapalvelu" in alfa.read_text(encoding="utf-8")
    git(work, "push", "-q", "julkaisu", "main")

    twice = peru(work, "k\n")  # the same step again: it would bring the change back
    assert twice.returncode == 1, twice.stdout
    assert "itse peruminen" in twice.stdout and "palauta" in twice.stdout
    assert git(work, "log", "-1", "--format=%s") == "Peruttu: alfan nimi"
    assert "name: Alfapalvelu" in alfa.read_text(encoding="utf-8")

    back = peru(work, "palauta\n")
    assert back.returncode == 0, back.stdout + back.stderr
    assert git(work, "log", "-1", "--format=%s") == "Palautettu: alfan nimi"
    assert "name: Alfa\n" in alfa.read_text(encoding="utf-8")


def test_peru_refuses_with_unpublished_or_unsaved_changes(tmp_path):
    _, work = published_clone(tmp_path)
    alfa = work / "data/services/alfa.yml"
    alfa.write_text(alfa.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    dirty = run_cli(work, "undo")
    assert dirty.returncode == 1 and "tallentamattomia muutoksia" in dirty.stderr
    git(work, "commit", "-qam", "paikallinen")
    ahead = run_cli(work, "undo")
    assert ahead.returncode == 1 and "ei ole julkaistu" in ahead.stderr
    assert git(work, "log", "-1", "--format=%s") == "paikallinen"


def test_a_blank_file_trips_no_guard_of_the_real_handbook():
    """The explanations are comments, but the guards read comments too: none may look like a
    hand-written legal rule or an old name (the real data's rules and names)."""
    from macros.checks.guards import text_problems
    from macros.checks.rule_copies import copies_in
    from macros.data.site import load_site
    site = load_site(ROOT)
    for kind, (_, folder, _) in KINDS.items():
        path, text = f"{folder}/uusi.yml", blank_file(kind, date(2026, 12, 5))
        found = text_problems(text, path, False, list(site.retired_names.values()))
        assert found + copies_in(site.rules, path, text) == [], kind
