"""Validation of data files into typed models (macros/validate.py, macros/models.py)."""

import shutil

import pytest
from sites import FIXTURES

from macros.core.problems import HandbookError
from macros.data.models import Law, Service
from macros.data.site import build_model, load_site, read_site
from macros.data.sources import parse_yaml

GOOD = """\
name: Palvelu
short_description: Lyhyt.
description: Pitkä.
charge_type: maksuton
target_groups: [Aikuiset]
languages: [fi]
area: Lappi
group: raha
organisation: hva
owner: Tiimi
last_reviewed: 2026-01-01
next_review: 2027-01-01
"""


def problems_of(text: str, model=Service) -> list[str]:
    source, problems = parse_yaml(text, "data/services/x.yml")
    assert problems == []
    _, problems = build_model(model, source)
    return [str(p) for p in problems]


def test_good_service_has_no_problems():
    assert problems_of(GOOD) == []


def test_bad_choice_names_line_field_and_allowed_values():
    text = GOOD.replace("charge_type: maksuton", "charge_type: ilmainen")
    assert problems_of(text) == [
        'data/services/x.yml:4: charge_type: arvo "ilmainen" ei kelpaa '
        "(sallitut: maksuton, maksullinen, muu)."]


def test_missing_required_field():
    text = GOOD.replace("owner: Tiimi\n", "")
    assert problems_of(text) == [
        "data/services/x.yml:1: owner: pakollinen kenttä puuttuu. Lisää se tiedostoon."]


def test_too_long_name_says_length_and_limit():
    text = GOOD.replace("name: Palvelu", "name: " + "a" * 101)
    assert problems_of(text) == [
        "data/services/x.yml:1: name: teksti on liian pitkä (101 merkkiä, enintään 100). "
        "Lyhennä sitä."]


def test_short_description_limit_is_150():
    ok = GOOD.replace("short_description: Lyhyt.", "short_description: " + "b" * 150)
    assert problems_of(ok) == []
    assert "enintään 150" in problems_of(ok.replace("b" * 150, "b" * 151))[0]


def test_wrong_type_and_unknown_field():
    text = GOOD.replace("target_groups: [Aikuiset]", "target_groups: Aikuiset") + "colour: red\n"
    found = problems_of(text)
    assert found[0].startswith("data/services/x.yml:5: target_groups: pitää olla luettelo")
    assert found[1].startswith("data/services/x.yml:13: colour: tuntematon kenttä.")


def test_bad_date_and_bad_language():
    text = GOOD.replace("2027-01-01", "1.1.2027").replace("[fi]", "[fi, klingon]")
    assert problems_of(text) == [
        'data/services/x.yml:6: languages[1]: arvo "klingon" ei kelpaa (sallitut: fi, sv, en, se, '
        "smn, sms, ru, ar, so, uk, selkokieli).",
        'data/services/x.yml:12: next_review: päivämäärä "1.1.2027" ei kelpaa. Kirjoita se '
        "muodossa VVVV-KK-PP, esimerkiksi 2026-09-01."]


def test_law_number_format():
    source, _ = parse_yaml("id: shl\nname: Sosiaalihuoltolaki\nnumber: 1301-2014\n", "data/laws.yml")
    _, problems = build_model(Law, source)
    assert "numero/vuosi" in str(problems[0]) and str(problems[0]).startswith("data/laws.yml:3: number")


@pytest.fixture
def project(tmp_path):
    target = tmp_path / "p"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


def test_fixture_site_reads_clean(project):
    site, problems = read_site(project)
    assert problems == []
    assert list(site.services) == ["alfa", "beeta"]
    assert site.laws["shl"].number == "1301/2014"


def test_unknown_references_suggest_the_closest_id(project):
    path = project / "data/services/alfa.yml"
    path.write_text(path.read_text().replace("law: shl", "law: shll").replace("- beeta", "- betaa"))
    _, problems = read_site(project)
    assert [str(p) for p in problems] == [
        'data/services/alfa.yml:14: legislation[0].law: tuntematon laki "shll". Lisää laki '
        "tiedostoon data/laws.yml tai korjaa tunnus. Tarkoititko: shl?",
        'data/services/alfa.yml:22: related_services[0]: tuntematon palvelu "betaa". Palvelun '
        "tunnus on sen tiedoston nimi kansiossa data/services. Tarkoititko: beeta?"]


def test_duplicate_law_id(project):
    path = project / "data/laws.yml"
    path.write_text(path.read_text() + "- id: shl\n  name: Toinen\n  number: 1/2020\n")
    _, problems = read_site(project)
    assert [str(p) for p in problems] == [
        'data/laws.yml:8: [2].id: tunnus "shl" on jo käytössä rivillä 1. Anna jokaiselle kohdalle '
        "oma tunnus."]


def test_bad_file_name_and_review_order(project):
    (project / "data/services/Iso Nimi.yml").write_text("name: x\n")
    path = project / "data/services/beeta.yml"
    path.write_text(path.read_text().replace("next_review: 2026-08-01", "next_review: 2025-08-01"))
    _, problems = read_site(project)
    texts = [str(p) for p in problems]
    assert texts[0].startswith("data/services/Iso Nimi.yml: tiedostonimi: tiedostonimi on")
    assert texts[1].startswith("data/services/beeta.yml:12: next_review: seuraavan tarkistuksen")


def test_load_site_parses_once_until_a_file_changes(project):
    first = load_site(project)
    assert load_site(project) is first
    path = project / "data/services/beeta.yml"
    path.write_text(path.read_text().replace("Beetapalvelu", "Beetapalvelu 2"))
    second = load_site(project)
    assert second is not first and second.services["beeta"].name == "Beetapalvelu 2"


def test_load_site_raises_one_error_listing_every_problem(project):
    (project / "data/services/alfa.yml").write_text("name: [\n")
    (project / "data/laws.yml").write_text("- id: shl\n  name: SHL\n")
    with pytest.raises(HandbookError) as caught:
        load_site(project)
    message = str(caught.value)
    assert message.startswith("Käsikirjan lähteissä on ")
    assert "data/laws.yml:1: [0].number: pakollinen kenttä puuttuu" in message
    assert "data/services/alfa.yml:1: YAML: hakasulku [ tai aaltosulku { alkaa tällä" in message


def test_a_broken_service_is_reported_once_not_by_every_service_linking_to_it(project):
    path = project / "data/services/beeta.yml"
    path.write_text(path.read_text().replace("charge_type: maksullinen", "charge_type: ilmainen"))
    _, problems = read_site(project)
    assert [p.path for p in problems] == ["data/services/beeta.yml"]  # alfa links to beeta


CONTACTS = """\
- id: paivystys
  kind: puhelin
  name: Sosiaalipäivystys
  phone: 040 726 6965
  municipalities: [kittila]
  organisation: hva
  source: https://example.fi/lahde
  checked: 2026-11-26
"""


def test_unknown_contact_municipality_and_organisation_name_file_and_line(project):
    (project / "data/contacts.yml").write_text(
        CONTACTS.replace("[kittila]", "[kittilax]").replace("organisation: hva",
                                                             "organisation: hvaa"))
    path = project / "data/services/alfa.yml"
    path.write_text(path.read_text().replace("  - type: puhelin\n    name: Neuvonta\n",
                                             "  - contact: paivystys\n  - name: Ilman tyyppiä\n"))
    _, problems = read_site(project)
    texts = [str(p) for p in problems]
    assert any(t.startswith("data/services/alfa.yml:19: channels[1]: kanavalta puuttuu tyyppi.")
               for t in texts), texts
    assert any(t.startswith('data/contacts.yml:5: [0].municipalities[0]: tuntematon kunta '
                            '"kittilax".') for t in texts), texts
    assert any(t.startswith('data/contacts.yml:6: [0].organisation: tuntematon organisaatio '
                            '"hvaa".') for t in texts), texts


def test_channel_fills_in_its_contact_and_keeps_its_own_fields(project):
    (project / "data/contacts.yml").write_text(CONTACTS.replace("  municipalities: [kittila]\n", ""))
    path = project / "data/services/alfa.yml"
    path.write_text(path.read_text().replace(
        "  - type: puhelin\n    name: Neuvonta\n",
        "  - contact: paivystys\n    hours: Aina\n"))
    site, problems = read_site(project)
    assert problems == []
    channel = site.channel(site.services["alfa"].channels[0])
    assert (channel.type, channel.name, channel.phone, channel.hours) == (
        "puhelin", "Sosiaalipäivystys", "040 726 6965", "Aina")


def test_what_to_bring_needs_a_source(project):
    path = project / "data/services/alfa.yml"
    path.write_text(path.read_text().replace("charge_type: maksuton",
                                             "bring: [Kelan päätös]\ncharge_type: maksuton"))
    _, problems = read_site(project)
    assert [str(p) for p in problems][0].startswith(
        "data/services/alfa.yml:7: bring: luettelolle puuttuu lähde.")
