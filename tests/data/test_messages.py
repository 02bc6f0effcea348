"""Editors' messages that say the fix (issue 20, point 6): "Tarkoititko" for a misspelled field,
service or law; a law written by its number; a list item that swallowed the next line; Finnish
singular and plural; `check` and the build reporting the same problems, each once.

Each message is checked as the editor reads it: through `check` or a real build of a fixture
site, or on the problems of one file where only the wording is in question.
"""

from __future__ import annotations

import re

import pytest
from sites import FIXTURES, build, fixture_site, run_cli

from macros.core.problems import HandbookError, Problem, problems_count
from macros.data.models import Service
from macros.data.site import build_model
from macros.data.sources import parse_yaml

ALFA = "data/services/alfa.yml"
PROBLEM_LINE = re.compile(r"^(?:data|docs)/\S+:\d+: .*$", re.M)


def problems_of(text: str) -> list[str]:
    source, problems = parse_yaml(text, ALFA)
    if source is not None:
        problems += build_model(Service, source)[1]
    return [str(p) for p in problems]


def check(tmp_path, edits: dict) -> tuple[int, list[str], str]:
    result = run_cli(fixture_site(tmp_path, edits=edits), "check")
    return result.returncode, PROBLEM_LINE.findall(result.stderr), result.stderr


ALFA_TEXT = (FIXTURES / "minimal" / ALFA).read_text(encoding="utf-8")


# --- Tarkoititko: fields -----------------------------------------------------------------------

def test_a_misspelled_field_gets_the_nearest_names_not_all_of_them():
    found = problems_of(ALFA_TEXT.replace("processing_time:", "procesing_time:"))
    assert found == ["data/services/alfa.yml:6: procesing_time: tuntematon kenttä. "
                     "Tarkoititko: processing_time?"]  # and no "processing_time missing"


def test_a_misspelled_required_field_is_one_problem_not_also_a_missing_one():
    found = problems_of(ALFA_TEXT.replace("charge_type:", "chargetype:"))
    assert found == ["data/services/alfa.yml:7: chargetype: tuntematon kenttä. "
                     "Tarkoititko: charge_type?"]


def test_a_misspelled_field_in_a_nested_block_is_matched_against_that_block():
    found = problems_of(ALFA_TEXT.replace("    name: Neuvonta", "    nmae: Neuvonta"))
    assert found == ["data/services/alfa.yml:19: channels[0].nmae: tuntematon kenttä. "
                     "Tarkoititko: name?"]


def test_an_unrecognisable_field_says_how_to_find_the_names_without_listing_32():
    [found] = problems_of(ALFA_TEXT.replace("owner: Testitiimi", "owner: Testitiimi\nqwxz: 1"))
    assert found.startswith("data/services/alfa.yml:24: qwxz: tuntematon kenttä. Tarkista "
                            "kirjoitusasu"), found
    assert "short_description" not in found and found.count(",") < 3


# --- Tarkoititko: services and laws ------------------------------------------------------------

def test_an_unknown_service_in_a_page_macro_suggests_the_nearest(tmp_path):
    code, lines, _ = check(tmp_path, {"docs/index.md": ('service_card("alfa")', 'service_card("alfaa")')})
    assert code == 1
    assert lines == ['docs/index.md:7: makro: tuntematon palvelu "alfaa". Palvelun tunnus on sen '
                     "tiedoston nimi kansiossa data/services (esim. toimeentulotuki). "
                     "Tarkoititko: alfa?"]


def test_an_unknown_related_service_suggests_the_nearest(tmp_path):
    code, lines, _ = check(tmp_path, {ALFA: ("  - beeta", "  - beta")})
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith('data/services/alfa.yml:22: related_services[0]: tuntematon '
                               'palvelu "beta".') and lines[0].endswith("Tarkoititko: beeta?")


def test_a_law_written_by_its_number_names_the_law_with_that_number(tmp_path):
    """`law: 812/2000` in data and `law_link("1301/2014")` in a page: the id to write."""
    code, lines, _ = check(tmp_path, {ALFA: ("  - law: asiakaslaki", "  - law: 812/2000")})
    assert code == 1
    assert lines == ['data/services/alfa.yml:16: legislation[1].law: lain numero "812/2000" ei '
                     "käy tähän, vaan lain tunnus. Numero 812/2000 on tiedostossa data/laws.yml "
                     "lailla asiakaslaki (Laki sosiaalihuollon asiakkaan asemasta ja oikeuksista): "
                     "kirjoita asiakaslaki."]
    code, lines, _ = check(tmp_path / "page", {"docs/index.md": ('law_link("shl"', 'law_link("1301/2014"')})
    assert code == 1
    assert lines == ['docs/index.md:9: makro: lain numero "1301/2014" ei käy tähän, vaan lain '
                     "tunnus. Numero 1301/2014 on tiedostossa data/laws.yml lailla shl "
                     "(Sosiaalihuoltolaki): kirjoita shl."]


def test_an_unknown_law_id_suggests_the_nearest_ids(tmp_path):
    code, lines, _ = check(tmp_path, {ALFA: ("  - law: asiakaslaki", "  - law: asiakas-laki")})
    assert code == 1 and lines[0].endswith("Tarkoititko: asiakaslaki?"), lines


# --- a list item that swallowed the next line --------------------------------------------------

def test_a_list_item_indented_one_space_more_is_reported_as_indentation_at_its_line(tmp_path):
    """`  - beeta` then `   - alfa`: YAML reads one item "beeta - alfa". The message names
    indentation and the line of the misplaced item (23), once, not a bad id on line 22."""
    edits = {ALFA: ("related_services:\n  - beeta\n", "related_services:\n  - beeta\n   - alfa\n")}
    code, lines, _ = check(tmp_path, edits)
    assert code == 1
    assert lines == ['data/services/alfa.yml:23: related_services: luettelon kohta on sisennetty '
                     "eri tavalla kuin edellinen, joten se luettiin osaksi edellistä kohtaa "
                     '("beeta - alfa"). Poista ylimääräinen välilyönti viivan edestä, niin että '
                     "kohtien viivat ovat allekkain."]


def test_a_swallowed_item_in_a_free_text_list_is_found_too():
    """Any text is a valid target group, so only the indentation shows the mistake."""
    text = ALFA_TEXT.replace("  - Aikuiset\n", "  - Aikuiset\n   - Nuoret\n")
    assert problems_of(text) == [
        "data/services/alfa.yml:10: target_groups: luettelon kohta on sisennetty eri tavalla "
        'kuin edellinen, joten se luettiin osaksi edellistä kohtaa ("Aikuiset - Nuoret"). '
        "Poista ylimääräinen välilyönti viivan edestä, niin että kohtien viivat ovat allekkain."]


def test_dashes_inside_quoted_or_block_text_are_not_list_items():
    text = ALFA_TEXT.replace("description: |\n  Pitkä kuvaus alfasta.\n",
                             "description: |\n  Pitkä kuvaus alfasta:\n   - ensin näin\n")
    text = text.replace("instructions: Hae näin.", 'instructions: "Hae näin:\n  - verkossa"')
    assert problems_of(text) == []


# --- a field indented under a block text (issue 31, point 2) -------------------------------------

def test_a_field_indented_under_a_block_text_is_reported_at_its_line_with_the_fix():
    """``processing_time`` two spaces in, under ``description: |``: YAML reads it as the text's
    last line, and the page would show "processing_time: …" as words."""
    text = ALFA_TEXT.replace("instructions: Hae näin.\n", "").replace(
        "  Pitkä kuvaus alfasta.\n", "  Pitkä kuvaus alfasta.\n  instructions: Hae näin.\n")
    assert problems_of(text) == [
        "data/services/alfa.yml:5: instructions: rivi on sisennetty tekstin description sisään, "
        "joten se näkyisi sivulla tekstinä eikä ole kenttä. Jos instructions on oma kenttänsä, "
        "poista välilyönnit rivin alusta niin, että instructions: alkaa samasta kohdasta kuin "
        "description:."]


def test_a_required_field_under_a_block_text_is_one_message_not_also_a_missing_one():
    text = ALFA_TEXT.replace("short_description: Lyhyt kuvaus alfasta.\n", "").replace(
        "  Pitkä kuvaus alfasta.\n", "  Pitkä kuvaus alfasta.\n  short_description: Lyhyt.\n")
    said = problems_of(text)
    assert len(said) == 1 and said[0].startswith("data/services/alfa.yml:4: short_description: "
                                                 "rivi on sisennetty"), said


def test_words_with_a_colon_in_a_block_text_are_text_when_they_are_not_fields():
    text = ALFA_TEXT.replace("  Pitkä kuvaus alfasta.\n",
                             "  Pitkä kuvaus alfasta.\n  huom: tämä on tekstiä\n  Note: too\n")
    assert problems_of(text) == []


# --- one mistake, one message, parse cache cold or warm (issue 31, point 7) ---------------------

def test_one_mistake_is_one_message_with_the_parse_cache_cold_or_warm(tmp_path):
    """The parse cache keeps which values were reported already (a swallowed list item), so
    a rebuild of ``mkdocs serve`` says the same one thing as the first build."""
    from macros.core import cache
    from macros.data.site import read_site
    project = fixture_site(tmp_path, edits={ALFA: ("related_services:\n  - beeta\n",
                                                   "related_services:\n  - beeta\n   - alfa\n")})
    cache.CACHES.configure(None)  # in memory: each use decodes its own copy, as from disk
    cold = [str(p) for p in read_site(project)[1]]
    warm = [str(p) for p in read_site(project)[1]]
    assert len(cold) == 1 and "luettelon kohta on sisennetty" in cold[0], cold
    assert warm == cold


# --- singular and plural -----------------------------------------------------------------------

def test_one_virhe_two_virhetta():
    assert problems_count(1) == "1 virhe" and problems_count(2) == "2 virhettä"
    one = HandbookError([Problem(ALFA, 1, "name", "x.")])
    assert str(one).startswith("Käsikirjan lähteissä on 1 virhe:")
    assert str(HandbookError([Problem(ALFA, 1, "a", "x."), Problem(ALFA, 2, "b", "y.")])
               ).startswith("Käsikirjan lähteissä on 2 virhettä:")


def test_check_counts_in_finnish(tmp_path):
    _, _, one = check(tmp_path / "one", {ALFA: ("charge_type: maksuton", "charge_type: ilmainen")})
    assert "\n1 virhe. Korjaa se, niin käsikirja voidaan julkaista." in one
    _, _, two = check(tmp_path / "two", {ALFA: ("charge_type: maksuton", "charge_type: ilmainen"),
                                         "data/services/beeta.yml": ("group: neuvonta", "group: x")})
    assert "\n2 virhettä. Korjaa ne, niin käsikirja voidaan julkaista." in two


# --- check and the build: the same problems, once each -----------------------------------------

SAME = {
    "bad value": {ALFA: ("charge_type: maksuton", "charge_type: ilmainen")},
    "misspelled required field": {ALFA: ("charge_type:", "chargetype:")},
    "swallowed list item": {ALFA: ("related_services:\n  - beeta\n",
                                   "related_services:\n  - beeta\n   - alfa\n")},
    "law by number": {ALFA: ("  - law: asiakaslaki", "  - law: 812/2000")},
    "field under a block text": {ALFA: ("  Pitkä kuvaus alfasta.\ninstructions:",
                                        "  Pitkä kuvaus alfasta.\n  instructions:")},
    "yaml mistake": {ALFA: ("owner: Testitiimi", "owner: Testi: tiimi")},
    "two files wrong": {ALFA: ("charge_type: maksuton", "charge_type: ilmainen"),
                        "data/services/beeta.yml": ("group: neuvonta", "group: neuvo")},
    "unknown service in a page": {"docs/index.md": ('service_card("alfa")', 'service_card("alf")')},
}


@pytest.mark.parametrize("name", SAME)
def test_check_and_the_build_report_the_same_problems_once_each(tmp_path, name):
    project = fixture_site(tmp_path, edits=SAME[name])
    checked = run_cli(project, "check")
    built = build(project, tmp_path / "site")
    assert checked.returncode == 1 and built.returncode != 0
    from_check = PROBLEM_LINE.findall(checked.stderr)
    from_build = PROBLEM_LINE.findall(built.output)
    assert from_check, checked.stderr
    assert len(set(from_check)) == len(from_check), from_check  # each once
    # MkDocs prints the error message twice (logged, then as the reason it aborted).
    assert sorted(set(from_build)) == sorted(from_check), built.output
    count = problems_count(len(from_check))
    assert f"\n{count}. Korjaa" in checked.stderr
    assert f"Käsikirjan lähteissä on {count}:" in built.output
