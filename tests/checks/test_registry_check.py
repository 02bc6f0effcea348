"""`python -m macros sync finlex` on a copy of the handbook against the local registry server,
and what `check` and the laws index then say: a changed section flagged against every place
that cites it (a rule against its `verified` date; a service, a process and a page until
`reviewed.finlex`), a law Finlex does not know reported once, a changed title, the latest
amendment."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
import registries as r
from bs4 import BeautifulSoup
from registries import Registry
from sites import handbook_copy, run_cli

from macros.data.citations import cited_sections
from macros.data.site import read_site
from macros.sync.finlex import section_keys


def serve_laws(registry: Registry, project: Path, changed: tuple = (), title: str = "") -> None:
    """Every law of data/laws.yml but the amending act 815/2015, with every cited section;
    each (law id, section) of ``changed`` gets a new text, ``title`` (law id) a new title."""
    site, problems = read_site(project)
    assert not problems
    cited = cited_sections(site)
    registry.statutes = {}
    for law_id, law in site.laws.items():
        if law.number == "815/2015":
            continue
        sections = {key[4:]: f"{law.name}, {key}." for label in sorted(cited.get(law_id, ()))
                    for key in section_keys(label)}
        for changed_law, key in changed:
            if law_id == changed_law:
                sections[key] = "Teksti muuttui: päätös on tehtävä viipymättä."
        serial, year = law.number.split("/")
        registry.statutes[f"{year}/{serial}"] = r.statute(
            law.number, f"{law.name} ja sen soveltaminen" if law_id == title else law.name,
            sections, chapters=law_id == "sosiaalihuoltolaki",
            amendments=(("1/2020", "2020-01-01"), ("790/2022&lt;script&gt;x&lt;/script&gt;", "2023-01-01")))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    with Registry() as registry:
        project = tmp_path_factory.mktemp("finlex") / "project"
        handbook_copy(project)
        serve_laws(registry, project)
        first = registry.sync(project, "finlex")
        assert first.returncode == 0, first.stderr
        laws = len(read_site(project)[0].laws)
        assert f"Finlex: {laws - 1}/{laws} lakia" in first.stdout and "0 muuttui" in first.stdout
        first_check = run_cli(project, "check", "--kaikki").stdout
        serve_laws(registry, project, changed=(("toimeentulotukilaki", "14a"),
                                               ("sosiaalihuoltolaki", "35")), title="asiakaslaki")
        second = registry.sync(project, "finlex")
        assert second.returncode == 0, second.stderr
        assert "2 muuttui tällä haulla" in second.stdout
        third = registry.sync(project, "finlex")  # the same day, nothing new
        assert third.returncode == 0, third.stderr
        assert "0 muuttui tällä haulla. Ei muutoksia edelliseen hakuun" in third.stdout
        yield SimpleNamespace(root=project, first_check=first_check)


def test_a_changed_section_is_flagged_against_the_rules_citing_it(project):
    assert "muuttui Finlexissä" not in project.first_check
    out = run_cli(project.root, "check", "--kaikki").stdout
    flagged = [line for line in out.splitlines() if "muuttui Finlexissä" in line]
    assert flagged, out
    assert all("Laki toimeentulotuesta 14 a §" in line or "Sosiaalihuoltolaki 35 §" in line
               for line in flagged)
    assert any(line.startswith("  data/rules.yml:") and "ttt-kasittelyaika: Laki toimeentulotuesta "
               "14 a § muuttui Finlexissä" in line and "sääntö tarkistettu 26.11.2026" in line
               for line in flagged)


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(start))


def finlex_changes(out: str) -> str:
    """The "Finlexin muutokset" part of `check --kaikki`: each action once, then its places."""
    return out.split("Finlexin muutokset", 1)[1] if "Finlexin muutokset" in out else ""


def places(part: str, action: str) -> str:
    """The files listed under a grouped action (up to the next line that is not a place)."""
    lines = part.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith(action)), None)
    if start is None:
        return ""
    listed = []
    for line in lines[start + 1:]:
        if not line.startswith("    "):
            break
        listed.append(line.strip())
    return " ".join(listed)


def test_a_changed_section_is_flagged_wherever_it_is_cited_until_reviewed(project):
    out = run_cli(project.root, "check", "--kaikki").stdout
    part = finlex_changes(out)
    for where, cite in (("data/services/toimeentulotuki.yml", "Laki toimeentulotuesta 14 a §"),
                        ("data/processes/toimeentulotukihakemus.yml",
                         "Laki toimeentulotuesta 14 a §"),
                        ("data/processes/yhteydenotto-sosiaalihuoltoon.yml", "Sosiaalihuoltolaki 35 §"),
                        ("docs/ammattilaisille/dokumentointi.md", "Sosiaalihuoltolaki 35 §")):
        assert where in places(part, f"{cite} muuttui Finlexissä (havaittu"), (where, out)
    day = next(line for line in out.splitlines() if "kirjoita reviewed: finlex:" in line)
    day = day.split("reviewed: finlex: ")[1].split(",")[0]
    settings = project.root / "data/registries.yml"
    before = settings.read_text(encoding="utf-8")
    try:
        settings.write_text(before + f"reviewed:\n  finlex: {day}\n", encoding="utf-8")
        part = finlex_changes(run_cli(project.root, "check", "--kaikki").stdout)
        assert "toimeentulotuki.yml" not in part and "dokumentointi.md" not in part, part
        assert "ttt-kasittelyaika: Laki toimeentulotuesta 14 a § muuttui Finlexissä" in part
    finally:
        settings.write_text(before, encoding="utf-8")


def test_a_law_finlex_does_not_know_is_reported_once(project):
    out = run_cli(project.root, "check", "--kaikki").stdout
    lines = [line for line in out.splitlines() if "Finlex ei tunne lakia" in line]
    assert len(lines) == 1, lines
    line = line_of(project.root / "data/laws.yml", "  number: 815/2015")
    assert f"data/laws.yml:{line}: kela-siirtolaki, 815/2015: Finlex ei tunne lakia" in lines[0]


def test_a_changed_title_is_reported(project):
    out = run_cli(project.root, "check", "--kaikki").stdout
    line = line_of(project.root / "data/laws.yml", "  name: Laki sosiaalihuollon asiakkaan asemasta")
    assert (f'data/laws.yml:{line}: asiakaslaki: Finlexin otsikko on "Laki sosiaalihuollon '
            'asiakkaan asemasta ja oikeuksista ja sen soveltaminen" (ennen "Laki sosiaalihuollon '
            'asiakkaan asemasta ja oikeuksista", muuttui') in out


def test_the_laws_index_shows_the_latest_amendment_escaped(project, tmp_path):
    result = run_cli(project.root, "generate", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "ammattilaisille/lait.md").read_text(encoding="utf-8")
    assert "<script>" not in index
    note = next(line for line in index.splitlines() if line.startswith("Finlexin"))
    shown = BeautifulSoup(markdown.markdown(note), "html.parser")
    assert shown.find("script") is None
    assert shown.get_text() == ("Finlexin ajantasainen teksti: ajantasaistettu 1.1.2026, viimeisin "
                                "muutos 790/2022<script>x</script> (voimassa 1.1.2023 alkaen).")
