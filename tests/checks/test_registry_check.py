"""`python -m macros sync finlex` on a copy of the handbook against the local registry server,
and what `check` and the laws index then say: a changed section flagged against the rule that
cites it, a changed title, the latest amendment."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
import registries as r
from bs4 import BeautifulSoup
from registries import Registry
from sites import ROOT, run_cli

from macros.data.site import read_site
from macros.sync.finlex import section_keys
from macros.sync.run import cited_sections


def serve_laws(registry: Registry, project: Path, changed: str = "", title: str = "") -> None:
    """Every law of data/laws.yml but the amending act 815/2015, with every cited section;
    ``changed`` (law id) gets a new 14 a § text, ``title`` (law id) a new title."""
    site, problems = read_site(project)
    assert not problems
    cited = cited_sections(site, project)
    registry.statutes = {}
    for law_id, law in site.laws.items():
        if law.number == "815/2015":
            continue
        sections = {key[4:]: f"{law.name}, {key}." for label in sorted(cited.get(law_id, ()))
                    for key in section_keys(label)}
        if law_id == changed:
            sections["14a"] = "Päätös on tehtävä viipymättä ja viimeistään kuudentena arkipäivänä."
        serial, year = law.number.split("/")
        registry.statutes[f"{year}/{serial}"] = r.statute(
            law.number, f"{law.name} ja sen soveltaminen" if law_id == title else law.name,
            sections, chapters=law_id == "sosiaalihuoltolaki",
            amendments=(("1/2020", "2020-01-01"), ("790/2022&lt;script&gt;x&lt;/script&gt;", "2023-01-01")))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    with Registry() as registry:
        project = tmp_path_factory.mktemp("finlex") / "project"
        shutil.copytree(ROOT, project, symlinks=True, ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "site", "tests", ".*cache", ".benchmarks"))
        settings = project / "data/registries.yml"
        settings.write_text(settings.read_text(encoding="utf-8").replace(
            "https://opendata.finlex.fi/finlex/avoindata/v1", registry.finlex), encoding="utf-8")
        serve_laws(registry, project)
        first = run_cli(project, "sync", "finlex")
        assert first.returncode == 0, first.stderr
        laws = len(read_site(project)[0].laws)
        assert f"Finlex: {laws - 1}/{laws} lakia" in first.stdout and "0 muuttui" in first.stdout
        first_check = run_cli(project, "check", "--kaikki").stdout
        serve_laws(registry, project, changed="toimeentulotukilaki", title="asiakaslaki")
        second = run_cli(project, "sync", "finlex")
        assert second.returncode == 0, second.stderr
        assert "1 muuttui tällä haulla" in second.stdout
        yield SimpleNamespace(root=project, first_check=first_check)


def test_a_changed_section_is_flagged_against_the_rules_citing_it(project):
    assert "Finlexin muutokset" not in project.first_check
    out = run_cli(project.root, "check", "--kaikki").stdout
    flagged = [line for line in out.splitlines() if "muuttui Finlexissä" in line]
    assert flagged, out
    assert all("Laki toimeentulotuesta 14 a §" in line for line in flagged)
    assert any("(ttt-kasittelyaika): Laki toimeentulotuesta 14 a § muuttui Finlexissä" in line
               and "sääntö tarkistettu 26.11.2026" in line for line in flagged)


def test_a_changed_title_is_reported(project):
    out = run_cli(project.root, "check", "--kaikki").stdout
    assert ('data/laws.yml: [1].name (asiakaslaki): Finlexin otsikko on "Laki sosiaalihuollon '
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
