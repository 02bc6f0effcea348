"""The residents' side as built: life situations, municipalities, Sámi, easy Finnish, English,
the language switcher and the accessibility statement. Expectations come from data/ via PyYAML."""

import posixpath

import pytest
import yaml
from browser import site_pages
from sites import ROOT, html

from macros.data.site import load_site


def load(path: str):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


SERVICES = {f.stem: yaml.safe_load(f.read_text(encoding="utf-8"))
            for f in sorted((ROOT / "data/services").glob("*.yml"))}
SITUATIONS = load("data/life_situations.yml")
MUNICIPALITIES = load("data/municipalities.yml")
STATEMENT = load("data/accessibility.yml")
CONTACTS = {c["id"]: c for c in load("data/contacts.yml")}



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
    fi, en = (" ".join(text.split()) for text in (fi, en))
    assert len(STATEMENT["browser_checks"]) >= 5  # what browser tests check beyond axe
    for check in STATEMENT["browser_checks"]:
        assert " ".join(check["what"].split()) in fi and " ".join(check["en_what"].split()) in en
    assert "Itsearviointi" in fi and "22.11.2026" in fi
    assert "14 päivän kuluessa" in fi and "within 14 days" in en
    assert STATEMENT["supervisor"] in fi and "saavutettavuusvaatimukset.fi" in en


@pytest.mark.parametrize("municipality", MUNICIPALITIES, ids=lambda m: m["id"])
def test_every_municipality_has_a_page_linked_from_the_municipalities_page(built_site,
                                                                            municipality):
    index = html(built_site, "asukkaille/kunnat/index.html")
    link = index.find("a", string=municipality["name"])
    assert link is not None and link["href"] == f"{municipality['id']}/"
    page = html(built_site, f"asukkaille/kunnat/{municipality['id']}/index.html")
    assert page.h1.get_text(strip=True) == municipality["name"]
    text = " ".join(page.select_one("article").get_text(" ").split())
    assert municipality["subregion"] in text and municipality["service_area"] in text
    office = page.find("h2", string=lambda s: s and "Sosiaalitoimisto" in s)
    assert office is not None
    if municipality.get("office"):
        assert municipality["office"]["address"] in text
    hrefs = {a["href"] for a in page.select("article a[href]")}
    assert {"tel:112", "tel:" + CONTACTS["sosiaalipaivystys"]["phone"].replace(" ", "")} <= hrefs
    for contact in CONTACTS.values():
        if municipality["id"] in contact.get("municipalities", []):
            assert contact["name"] in text, contact["id"]


def test_new_situations_exist():
    assert {"vakivalta", "asunnoton", "velat", "paihteet-ja-mielenterveys"} <= {
        s["id"] for s in SITUATIONS}


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s["id"])
def test_situation_page_starts_with_its_first_step_and_calls_its_contacts(built_site, situation):
    for lang, path, step in (("fi", f"mista-apua/{situation['id']}/index.html",
                              situation["first_step"]),
                             ("en", f"en/help/{situation['id']}/index.html",
                              situation["en"].get("first_step", situation["first_step"]))):
        page = html(built_site, path)
        box = page.select_one("article .admonition.tip")
        assert box is not None, (lang, path)
        assert " ".join(step.split()) in " ".join(box.get_text().split())
        first_h2 = page.select_one("article h2")
        assert first_h2 is None or box.sourceline < first_h2.sourceline
        hrefs = {a["href"] for a in page.select("article a[href]")}
        for contact_id in situation.get("contacts", []):
            contact = CONTACTS[contact_id]
            if contact.get("phone"):
                assert "tel:" + contact["phone"].replace(" ", "") in hrefs, contact_id
            if contact.get("url"):
                assert contact["url"] in hrefs, contact_id
