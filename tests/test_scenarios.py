"""Fixture sites built by MkDocs: the good one builds, each kind of bad input stops the build
with a Finnish message naming file, line and field, and never a traceback."""

import pytest
from bs4 import BeautifulSoup
from sites import build, fixture_site

ALFA = "data/services/alfa.yml"
GAMMA = "data/processes/gamma.yml"

SCENARIOS = {
    "malformed YAML": (
        {ALFA: ("area: Lappi\n", "area: Lappi\n  oops: [\n")},
        "data/services/alfa.yml:12: YAML: rivi on sisennetty edellisen kentän alle"),
    "value not in the allowed list": (
        {ALFA: ("charge_type: maksuton", "charge_type: ilmainen")},
        'data/services/alfa.yml:7: charge_type: arvo "ilmainen" ei kelpaa '
        "(sallitut: maksuton, maksullinen, muu)."),
    "missing required field": (
        {ALFA: ("name: Alfapalvelu\n", "")},
        "data/services/alfa.yml:1: name: pakollinen kenttä puuttuu. Lisää se tiedostoon."),
    "wrong type": (
        {ALFA: ("languages: [fi]", "languages: fi")},
        "data/services/alfa.yml:10: languages: pitää olla luettelo"),
    "field too long": (
        {ALFA: ("short_description: Lyhyt kuvaus alfasta.", "short_description: " + "x" * 151)},
        "data/services/alfa.yml:2: short_description: teksti on liian pitkä (151 merkkiä, "
        "enintään 150). Lyhennä sitä."),
    "mistyped field name": (
        {ALFA: ("processing_time:", "procesing_time:")},
        "data/services/alfa.yml:6: procesing_time: tuntematon kenttä."),
    "unknown law": (
        {ALFA: ("  - law: asiakaslaki", "  - law: asiakas-laki")},
        'data/services/alfa.yml:16: legislation[1].law: tuntematon laki "asiakas-laki".'),
    "unknown related service": (
        {ALFA: ("  - beeta", "  - gamma")},
        'data/services/alfa.yml:22: related_services[0]: tuntematon palvelu "gamma".'),
    "duplicate id": (
        {"data/laws.yml": ("- id: asiakaslaki", "- id: shl")},
        'data/laws.yml:5: [1].id: tunnus "shl" on jo käytössä rivillä 1.'),
    "duplicate key": (
        {ALFA: ("area: Lappi\n", "area: Lappi\narea: Koko Lappi\n")},
        "data/services/alfa.yml:12: area: kenttä on tiedostossa kahteen kertaan (ensin rivillä 11)."),
    "bad date": (
        {ALFA: ("last_reviewed: 2026-01-15", "last_reviewed: 15.1.2026")},
        'data/services/alfa.yml:24: last_reviewed: päivämäärä "15.1.2026" ei kelpaa.'),
    "unknown service in a page's macro": (
        {"docs/index.md": ('service_card("alfa")', 'service_card("alpha")')},
        'docs/index.md:7: makro: tuntematon palvelu "alpha".'),
    "unknown macro in a page": (
        {"docs/index.md": ('law_link("shl", "36 §")', 'lawlink("shl")')},
        'docs/index.md:9: makro: tuntematon makro tai muuttuja "lawlink".'),
    "broken link": (
        {"docs/index.md": ("# Etusivu", "# Etusivu\n\n[Ei ole](ei-ole.md)")},
        'docs/index.md:7: linkki: sivua "ei-ole.md" ei ole.'),
    "link to a missing anchor": (
        {"docs/index.md": ("# Etusivu", "# Etusivu\n\n[Osio](#ei-ankkuria)")},
        'docs/index.md:7: linkki: sivulla index.md ei ole kohtaa "#ei-ankkuria".'),
    "process step with an unknown role": (
        {GAMMA: ("role: kasittelija", "role: kasittelia")},
        'data/processes/gamma.yml:8: steps[0].role: tuntematon rooli "kasittelia".'),
    "process step with an unknown form": (
        {GAMMA: ("documents: [hakemus]", "documents: [hakemu]")},
        'data/processes/gamma.yml:10: steps[0].documents[0]: tuntematon lomake "hakemu".'),
    "process step with an unknown system": (
        {GAMMA: ("system: atj", "system: atk")},
        'data/processes/gamma.yml:13: steps[0].records[0].system: tuntematon järjestelmä "atk".'),
    "process deadline with an unknown law": (
        {GAMMA: ("        law: shl", "        law: sh")},
        'data/processes/gamma.yml:17: steps[0].deadline.law.law: tuntematon laki "sh".'),
    "process branch to an unknown step": (
        {GAMMA: ("next: paatos", "next: paatos2")},
        'data/processes/gamma.yml:23: steps[0].decision.outcomes[0].next: tuntematon vaihe "paatos2".'),
    "personal identity code": (
        {"docs/index.md": ("# Etusivu", "# Etusivu\n\nAsiakas 131052-308T soitti.")},
        "docs/index.md:7: henkilötunnus: tekstissä on henkilötunnus (131052-****)."),
    "retired name in data": (
        {ALFA: ("Pitkä kuvaus alfasta.", "Ota yhteyttä TE-toimistoon.")},
        'data/services/alfa.yml:4: vanha nimi: "TE-toimistoon": TE-toimistot lakkasivat 1.1.2025.'),
    "old name leads to a page that does not exist": (
        {"data/retired_names.yml": ("  replaced_by: työvoimaviranomainen\n",
                                    "  replaced_by: työvoimaviranomainen\n"
                                    "  leads_to: [palvelut/ei-ole.md]\n")},
        "data/retired_names.yml:4: [0].leads_to[0]: sivua palvelut/ei-ole.md ei ole."),
    "old name with a broken pattern": (
        {"data/retired_names.yml": ("  replaced_by: työvoimaviranomainen\n",
                                    "  replaced_by: työvoimaviranomainen\n  match: TE-(toimisto\n")},
        "data/retired_names.yml:4: [0].match: lauseke ei kelpaa"),
    "image without alt text": (
        {"docs/index.md": ("# Etusivu", "# Etusivu\n\n![](kuva.png)")},
        "docs/index.md:7: kuva: kuvalta puuttuu vaihtoehtoinen teksti."),
    "malformed front matter": (
        {"docs/index.md": ("title: Etusivu", "title: [Etusivu")},
        "docs/index.md:2: sivun alku (front matter): hakasulku [ tai aaltosulku { alkaa tällä rivillä"),
    "unknown rule in data": (
        {ALFA: ('rule("kasittelyaika")', 'rule("kasitteluaika")')},
        'data/services/alfa.yml:6: processing_time: tuntematon sääntö "kasitteluaika".'),
    "unknown rule in a page": (
        {"docs/index.md": ('rule("kasittelyaika", "value")', 'rule("kasittelyaika", "arvo")')},
        'docs/index.md:11: makro: tuntematon muoto "arvo" säännölle "kasittelyaika".'),
    "rule's number copied by hand": (
        {"docs/index.md": ("# Etusivu", "# Etusivu\n\nPäätös tulee 7 arkipäivässä.")},
        'docs/index.md:7: sääntö: "7 arkipäiv" kirjoittaa käsin säännön, joka on tiedostossa '
        'data/rules.yml (kasittelyaika). Kirjoita sen tilalle {{ rule("kasittelyaika") }}'),
    "rule citing an unknown law": (
        {"data/rules.yml": ("law: shl,", "law: sh,")},
        'data/rules.yml:6: [0].law.law: tuntematon laki "sh".'),
    "channel naming an unknown contact": (
        {ALFA: ("  - type: puhelin\n    name: Neuvonta\n", "  - contact: sosiaalipaivytys\n")},
        'data/services/alfa.yml:18: channels[0].contact: tuntematon yhteystieto '
        '"sosiaalipaivytys". Yhteystiedot ovat tiedostossa data/contacts.yml'),
    "skipped heading level": (
        {"docs/index.md": ("# Etusivu", "# Etusivu\n\n### Alaotsikko")},
        "docs/index.md:7: otsikko: otsikkotaso hyppää tasolta 1 tasolle 3."),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_bad_input_stops_the_build_with_file_line_and_field(tmp_path, name):
    edits, expected = SCENARIOS[name]
    result = build(fixture_site(tmp_path, edits=edits), tmp_path / "site")
    assert result.returncode != 0, result.output
    assert expected in result.output, result.output
    assert "Traceback" not in result.output, result.output
    assert not (tmp_path / "site" / "palvelut" / "alfa" / "index.html").exists()


def test_good_fixture_site_builds_pages_from_data(tmp_path):
    result = build(fixture_site(tmp_path), tmp_path / "site")
    assert result.returncode == 0, result.output
    page = BeautifulSoup((result.site / "palvelut/alfa/index.html").read_text(), "html.parser")
    assert page.h1.get_text(strip=True).replace("\xad", "") == "Alfapalvelu"
    home = (result.site / "index.html").read_text()
    assert "Lyhyt kuvaus alfasta." in home  # the service card macro ran
    assert "Sosiaalihuoltolaki 36 § Finlexissä" in home  # the law link macro ran
    assert '<code>{{ service_card("ei-ole") }}</code>' in home  # code is shown, not run
    assert 'id="ankkuri"' in home  # {#anchor} attribute lists work
    assert "Sääntö: viimeistään seitsemäntenä arkipäivänä" in home  # the rule macro ran
    service = (result.site / "palvelut/alfa/index.html").read_text()
    assert "Päätös tehdään viimeistään seitsemäntenä arkipäivänä." in service  # rule in data
    rules = (result.site / "ammattilaisille/saannot/index.html").read_text()
    assert "Käsittelyaika" in rules and "1.11.2026" in rules  # the staff page shows the source


def test_adding_a_service_is_adding_one_file(tmp_path):
    gamma = (tmp_path / "gamma.yml")
    project = fixture_site(tmp_path, changes={
        "data/services/gamma.yml": (fixture_site(tmp_path / "src") / "data/services/beeta.yml")
        .read_text().replace("Beetapalvelu", "Gammapalvelu")})
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert not gamma.exists()
    page = BeautifulSoup((result.site / "palvelut/gamma/index.html").read_text(), "html.parser")
    assert page.h1.get_text(strip=True).replace("\xad", "") == "Gammapalvelu"
    assert 'href="gamma/"' in (result.site / "palvelut/index.html").read_text()


def test_only_a_forgotten_hand_written_page_is_reported_missing_from_the_nav(tmp_path):
    """Generated pages are reached from their index pages, not the nav: MkDocs does not list
    them; a hand-written page left out of the nav is still named."""
    project = fixture_site(tmp_path, changes={"docs/unohtunut.md": "# Unohtunut\n"})
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert 'not included in the "nav" configuration:\n  - unohtunut.md\n' in result.output
    assert "palvelut/alfa.md" not in result.output
