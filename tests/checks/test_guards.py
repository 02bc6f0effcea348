"""Content guards (macros/guards.py) on hard cases."""

from sites import ROOT

from macros.checks.guards import (
    anchors,
    broken_links,
    images_without_alt,
    personal_ids,
    retired_names,
    skipped_headings,
)
from macros.data.site import load_site

RETIRED = list(load_site(ROOT).retired_names.values())  # the real list in data/retired_names.yml


def ids(text):
    return [p.line for p in personal_ids(text, "x.md")]


def test_valid_personal_ids_are_found_in_every_century():
    assert ids("a 131052-308T b") == [1]
    assert ids("\n131052A308T") == [2]
    assert ids("010594Y9032") == [1]  # the new century markers of 2023
    assert ids("(131052+308T)") == [1]


def test_no_false_alarms_on_dates_phones_law_numbers_or_bad_check_characters():
    text = ("1.1.2026 ja 2026-01-01, puh. 040 123 4567 tai 040-1234567, laki 1301/2014, "
            "131052-308U, 311399-123A, asiakasnumero 123456-7890, postinumero 96100")
    assert ids(text) == []


def test_the_message_does_not_repeat_the_code():
    message = str(personal_ids("131052-308T", "docs/a.md")[0])
    assert "131052-308T" not in message and "131052-****" in message


def test_retired_names_inflected_and_exempt_when_marked_or_in_code():
    text = ("Soita TE-toimistoon.\nAVI:n ohje ja Valviran lupa.\nELY-keskuksen tuki.\n"
            '<span class="hk-history">Ennen TE-toimisto hoiti tämän.</span>\n'
            "`sosiaaliasiamies` koodissa\nNAVI ja AVIA eivät ole nimiä.\nsosiaaliasiamiehen luona")
    found = [(p.line, p.message.split('"')[1]) for p in retired_names(text, "x.md", RETIRED)]
    assert found == [(1, "TE-toimistoon"), (2, "AVI"), (2, "Valviran"), (3, "ELY-keskuksen"),
                     (7, "sosiaaliasiamiehen")]


def test_history_marking_may_span_lines():
    text = '<div class="hk-history" markdown>\nValvira valvoi.\n</div>\nValvira'
    assert [p.line for p in retired_names(text, "x.md", RETIRED)] == [4]


def test_skipped_heading_levels_outside_code():
    text = "# A\n## B\n#### D\n```\n###### not a heading\n```\n## E\n### F"
    assert [p.line for p in skipped_headings(text, "x.md")] == [3]


def test_images_without_alt():
    text = '![](a.png)\n![Kartta](b.png)\n<img src="c.png">\n<img src="d.png" alt="">'
    assert [p.line for p in images_without_alt(text, "x.md")] == [1, 3]


def test_anchors_follow_markdown_slugify_and_explicit_ids():
    assert anchors("# Mitä aikuissosiaalityö on?\n## Lait {#lait-ja-asetukset}") == {
        "mita-aikuissosiaalityo-on", "lait-ja-asetukset"}


def test_links_to_pages_anchors_and_folders():
    pages = {"index.md": "# A\n## Osio", "b/index.md": "# B", "b/c.md": "# C"}
    source = {"index.md": "[x](b/c.md) [y](b/) [z](b/c.md#ei) [w](#osio) [v](puuttuu.md) "
                          "[u](https://example.org) [t](b/c)"}
    found = [p.message for p in broken_links(pages, {"index.md": "docs/index.md"}, source)]
    assert found == [
        'sivulla b/c.md ei ole kohtaa "#ei". Tarkista otsikon kirjoitusasu.',
        'sivua "puuttuu.md" ei ole. Tarkista tiedoston nimi ja kansio; polku lasketaan tämän '
        "sivun kansiosta.",
        'sivua "b/c" ei ole. Linkitä .md-tiedostoon, esimerkiksi ../palvelut/toimeentulotuki.md.']
