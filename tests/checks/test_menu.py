"""The menu as content (``data/navigation.yml``, issue 31, point 1): its mistakes are named with
file, line and fix in Finnish by ``check`` and the build; what it names is what the built menu
shows, and pages it does not name sit under their folder's front page."""

from __future__ import annotations

from sites import build, fixture_site, html, run_cli

MENU = """\
- title: Etusivu
  page: index.md
- title: Palvelut
  page: palvelut/index.md
"""


def problems(project) -> list[str]:
    result = run_cli(project, "check")
    return [line for line in result.stderr.splitlines() if line.startswith(("data/", "docs/"))]


def test_a_good_menu_passes_and_places_every_service_under_its_index(tmp_path):
    project = fixture_site(tmp_path, changes={"data/navigation.yml": MENU})
    assert problems(project) == []
    built = build(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    page = html(built.site, "palvelut/alfa/index.html")
    active = page.select_one(".md-sidebar--primary a.md-nav__link--active")
    assert active is not None and "Alfapalvelu" in active.get_text()


def test_menu_mistakes_are_named_with_line_and_fix(tmp_path):
    menu = MENU + """\
- title: Palvelut taas
  page: palvelut/index.md
- title: Ohjeet
  page: palvelut/alfaa.md
- title: Ei mitään
"""
    project = fixture_site(tmp_path, changes={"data/navigation.yml": menu,
                                               "docs/irrallinen.md": "# Irrallinen\n"})
    said = problems(project)
    assert "data/navigation.yml:6: page: sivu palvelut/index.md on valikossa jo rivillä 4. " \
           "Poista toinen kohta." in said, said
    assert any(line.startswith('data/navigation.yml:8: page: sivua "palvelut/alfaa.md" ei ole.')
               and "Tarkoititko: palvelut/alfa.md" in line for line in said), said
    assert any(line.startswith("data/navigation.yml:9: ") and "Ei mitään" in line
               and "(page) eikä alasivuja (pages)" in line for line in said), said
    assert any(line.startswith("docs/irrallinen.md:1: valikko: sivu ei ole valikossa")
               and "data/navigation.yml" in line for line in said), said


def test_a_yaml_mistake_in_the_menu_is_finnish_too(tmp_path):
    project = fixture_site(tmp_path, changes={"data/navigation.yml": MENU.replace(
        "- title: Palvelut", "- title: Palvelut: kaikki")})
    said = problems(project)
    assert said == ['data/navigation.yml:3: YAML: arvossa on kaksoispiste ja välilyönti (": "), ja '
                    'YAML luulee sen aloittavan uuden kentän. Kirjoita koko arvo lainausmerkkeihin: '
                    '- title: "Palvelut: kaikki"'], said


def test_a_misspelled_field_of_the_menu_gets_the_right_name(tmp_path):
    project = fixture_site(tmp_path, changes={"data/navigation.yml": MENU + "- titel: Tyhjä\n"
                                                                           "  page: index.md\n"})
    assert problems(project) == ["data/navigation.yml:5: [2].titel: tuntematon kenttä. "
                                 "Tarkoititko: title?"]
