"""The residents' side as built: life situations, municipalities, Sámi, easy Finnish, English,
the language switcher and the accessibility statement. Expectations come from data/ via PyYAML."""

import posixpath

import pytest
import yaml
from browser import site_pages
from sites import ROOT, html

from macros.validate import load_site


def load(path: str):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


SERVICES = {f.stem: yaml.safe_load(f.read_text(encoding="utf-8"))
            for f in sorted((ROOT / "data/services").glob("*.yml"))}
SITUATIONS = load("data/life_situations.yml")
MUNICIPALITIES = load("data/municipalities.yml")
STATEMENT = load("data/accessibility.yml")



def test_at_least_the_seven_life_situations():
    assert {"raha", "asuminen", "tyo-ja-arki", "paihteet-ja-mielenterveys", "perhe", "terveys",
            "kriisi"} <= {s["id"] for s in SITUATIONS}


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s["id"])
def test_situation_page_lists_exactly_the_services_that_name_it(built_site, situation):
    expected = {f"../../palvelut/{i}/" for i, s in SERVICES.items()
                if situation["id"] in s.get("life_situations", [])}
    page = html(built_site, f"mista-apua/{situation['id']}/index.html")
    assert page.h1.get_text(strip=True) == situation["name"]
    found = {a["href"] for a in page.select("article li a[href*='palvelut/']")}
    assert found == expected
    english = html(built_site, f"en/help/{situation['id']}/index.html")
    assert english.html["lang"] == "en" and english.h1.get_text(strip=True) == situation["en"]["name"]
    assert {a["href"] for a in english.select("article li a[href*='services/']")} == {
        f"../../services/{i}/" for i, s in SERVICES.items()
        if situation["id"] in s.get("life_situations", [])}


def test_front_page_leads_to_situations_municipalities_and_sami(built_site):
    hrefs = [a["href"] for a in html(built_site, "index.html").select("article a[href]")]
    for target in ("mista-apua/", "asukkaille/kunnat/", "asukkaille/saamen-kieli/"):
        assert target in hrefs


def test_municipalities_page_has_all_21_by_sub_region(built_site):
    assert len(MUNICIPALITIES) == 21
    page = html(built_site, "asukkaille/kunnat/index.html")
    regions = {h.get_text(strip=True): h for h in page.select("article h2")}
    for municipality in MUNICIPALITIES:
        region = regions[municipality["subregion"]]
        names = [b.get_text() for b in region.find_next_sibling("ul").select("li > strong")]
        assert municipality["name"] in names
    text = page.get_text()
    assert "112" in text and "lapha.fi" in text


def test_sami_page_is_in_finnish_with_language_marked_headings(built_site):
    page = html(built_site, "asukkaille/saamen-kieli/index.html")
    assert page.html["lang"] == "fi"
    assert {span["lang"] for span in page.select("article span[lang]")} == {"se", "smn", "sms"}
    assert "Enontekiön" in page.get_text() and "Utsjoen" in page.get_text()


@pytest.mark.parametrize("service_id", list(SERVICES))
def test_every_service_has_an_easy_finnish_box(built_site, service_id):
    page = html(built_site, f"palvelut/{service_id}/index.html")
    box = page.select_one(".admonition.info")
    assert box.select_one(".admonition-title").get_text(strip=True) == "Selkokielellä"
    easy = load_site(ROOT).services[service_id].easy_finnish  # rule calls expanded
    assert " ".join(easy.split()) in " ".join(box.get_text().split())


@pytest.mark.parametrize("service_id", list(SERVICES))
def test_english_service_page_translation_or_finnish_with_a_note(built_site, service_id):
    data = SERVICES[service_id]
    page = html(built_site, f"en/services/{service_id}/index.html")
    assert page.html["lang"] == "en"
    if data.get("en"):
        assert page.h1.get_text(strip=True) == data["en"]["name"]
        assert page.select_one("article div[lang=fi]") is None
    else:
        note = page.select_one(".admonition.note")
        assert "in Finnish" in note.get_text()
        assert page.select_one("article div[lang=fi] h1").get_text(strip=True) == data["name"]
    switcher = page.select_one("nav.hk-lang a[lang=fi]")
    assert switcher["href"] == f"../../../palvelut/{service_id}/"


def test_every_page_has_a_language_switcher_and_the_statement_in_its_footer(built_site):
    for path in site_pages(built_site):
        page = html(built_site, f"{path}index.html")
        english = path.startswith("en/")
        switch = page.select_one("nav.hk-lang a[href]")
        assert switch is not None and switch["lang"] == ("fi" if english else "en"), path
        footer = page.select_one("nav.hk-footer-links a[href]")
        target = posixpath.normpath(posixpath.join(path or ".", footer["href"]))
        assert target == ("en/accessibility" if english else "saavutettavuus"), path


def test_accessibility_statement_has_what_the_law_requires(built_site):
    fi = html(built_site, "saavutettavuus/index.html").select_one("article").get_text(" ")
    en = html(built_site, "en/accessibility/index.html").select_one("article").get_text(" ")
    assert "täyttää osittain" in fi and "partially complies with" in en
    for gap in STATEMENT["gaps"]:
        assert gap["what"] in fi and gap["en_what"] in en
    assert "Itsearviointi" in fi and "22.11.2026" in fi
    assert "14 päivän kuluessa" in fi and "within 14 days" in en
    assert STATEMENT["supervisor"] in fi and "saavutettavuusvaatimukset.fi" in en
