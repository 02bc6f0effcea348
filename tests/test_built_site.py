"""The real handbook, built: every service file produced its page, and the index lists them.

Expected values are read from data/ with plain PyYAML here, independently of macros/.
"""

import re
from datetime import date

import pytest
import yaml
from bs4 import BeautifulSoup
from sites import ROOT, html

SERVICE_FILES = sorted((ROOT / "data/services").glob("*.yml"))
LAWS = {law["id"]: law for law in yaml.safe_load((ROOT / "data/laws.yml").read_text())}



def fi(value: date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


def test_build_says_nothing_a_newcomer_would_take_for_a_problem(real_build):
    """Generated pages are not in the nav on purpose; MkDocs must not list them as missing."""
    assert "not included in the" not in real_build.output
    assert "WARNING" not in real_build.output
    assert "Documentation built in" in real_build.output  # the output was captured


def test_the_brief_services_are_all_there():
    assert len(SERVICE_FILES) >= 19


@pytest.mark.parametrize("file", SERVICE_FILES, ids=lambda f: f.stem)
def test_service_page_from_its_file(built_site, file):
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    page = html(built_site, f"palvelut/{file.stem}/index.html")
    assert page.h1.get_text(strip=True) == data["name"]
    links = {a.get_text(strip=True): a["href"] for a in page.select("article a[href]")}
    for ref in data.get("legislation", []):
        law = LAWS[ref["law"]]
        label = f"{law['name']} {ref['section']}" if ref.get("section") else (
            f"{law['name']} ({law['number']})")
        serial, year = law["number"].split("/")
        assert links[f"{label} Finlexissä"].endswith(f"/{year}/{year}{int(serial):04d}")
    review = page.select_one(".hk-review").get_text(" ", strip=True)
    assert f"Sivu tarkistettu {fi(data['last_reviewed'])}" in review
    assert f"Seuraava tarkistus {fi(data['next_review'])}" in review
    hrefs = [a["href"] for a in page.select("article a[href]")]
    for other in data.get("related_services", []):
        assert f"../{other}/" in hrefs


def test_index_lists_every_service_once(built_site):
    page = html(built_site, "palvelut/index.html")
    hrefs = [a["href"] for a in page.select("article li a[href]")]
    assert sorted(hrefs) == sorted(f"{f.stem}/" for f in SERVICE_FILES)


def test_top_sections_and_urgent_help_on_the_front_page(built_site):
    page = html(built_site, "index.html")
    tabs = [a.get_text(strip=True) for a in page.select(".md-tabs__link")]
    assert tabs[1:] == ["Asukkaille", "Ammattilaisille", "Tietoa käsikirjasta", "In English"]
    assert page.select(".md-tabs__link")[-1].get("lang") == "en"  # data/navigation.yml
    after_heading = page.select_one("article h1").find_next_sibling()
    assert "admonition" in after_heading["class"]  # the first thing under the page title
    text = after_heading.get_text().lower()
    assert "112" in text and "sosiaalipäivystys" in text


def test_language_and_no_third_party_assets(built_site):
    for file in built_site.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        page = BeautifulSoup(text, "html.parser")
        english = file.relative_to(built_site).parts[0] == "en"
        assert page.html["lang"] == ("en" if english else "fi"), file
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, file
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in page.find_all(tag, attrs={attr: True}):
                if "canonical" in element.get("rel", []):
                    continue  # an address of the page itself, not something the browser loads
                assert not element[attr].startswith(("http:", "https:", "//")), (file, element)


def test_page_size_does_not_carry_the_whole_navigation(built_site):
    """navigation.prune: a page links to its own section's pages (a service to the other
    services), not to every page of the menu (no municipality or process pages)."""
    page = html(built_site, "palvelut/toimeentulotuki/index.html")
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary a[href]")]
    assert any(href.endswith("/sosiaalipaivystys/") for href in nav_links)
    assert not any(re.search(r"(kunnat|prosessit)/[a-z]", href) for href in nav_links), nav_links
    assert len(nav_links) < 70  # its section (19 services), its contents, the top levels


def test_edit_links_open_the_real_source(built_site):
    def edit(path):
        return html(built_site, path).select_one("a.md-content__button[href]")["href"]
    assert edit("palvelut/toimeentulotuki/index.html").endswith("/data/services/toimeentulotuki.yml")
    assert edit("palvelut/index.html").endswith("/data/service_groups.yml")
    assert edit("asukkaille/oikeutesi/index.html").endswith("/docs/asukkaille/oikeutesi.md")


def test_changes_page_comes_from_git_history(built_site):
    subjects = [li.get_text() for li in html(built_site, "tietoa/muutokset/index.html")
                .select("article li")]
    assert subjects, "the changes page lists no commits"
    assert all(li[:1].isdigit() for li in subjects)  # each starts with its date


RULES = {r["id"]: r for r in yaml.safe_load((ROOT / "data/rules.yml").read_text())}


def _section(page, title: str) -> str:
    """The text under an h2 of the article, up to the next h2 ("" if there is no such h2)."""
    heading = next((h for h in page.select("article h2") if h.get_text(strip=True) == title), None)
    if heading is None:
        return ""
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling.get_text(" "))
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("file", SERVICE_FILES, ids=lambda f: f.stem)
def test_target_groups_are_a_list_and_appeals_are_not_under_the_price(built_site, file):
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    page = html(built_site, f"palvelut/{file.stem}/index.html")
    heading = next(h for h in page.select("article h2")
                   if h.get_text(strip=True) == "Kenelle palvelu on?")
    items = heading.find_next_sibling("ul").select("li")
    assert [li.get_text(" ", strip=True) for li in items] == data["target_groups"]
    text = page.select_one("article").get_text(" ")
    assert not re.search(r"tarkoitettu: [A-ZÅÄÖ]", text)  # no "X: Capitalised." sentence
    price = next(li for li in page.select("article li") if li.get_text().startswith("Hinta:"))
    assert "oikaisu" not in price.get_text().lower()
    appeal = _section(page, "Jos olet tyytymätön päätökseen")
    if data.get("appeal"):
        assert " ".join(RULES["oikaisuvaatimus-aika"]["text"].split()) in appeal
        headings = [h.get_text(strip=True) for h in page.select("article h2")]
        assert headings.index("Käsittely ja hinta") < headings.index(
            "Jos olet tyytymätön päätökseen") < headings.index("Yhteystiedot ja asiointi")
    else:
        assert appeal == ""


def test_the_benefit_page_tells_how_to_appeal_and_who_decides(built_site):
    page = html(built_site, "palvelut/toimeentulotuki/index.html")
    appeal = _section(page, "Jos olet tyytymätön päätökseen")
    # who decides: toimeentulotuki has its own appeal section (24 §), so its own rule (#17)
    for rule_id in ("oikaisuvaatimus-aika", "ttt-muutoksenhaku", "itseoikaisu"):
        assert " ".join(RULES[rule_id]["text"].split()) in appeal, rule_id
    assert " ".join(RULES["ttt-kela-siirto"]["text"].split()) in _section(page, "Näin haet")

CONTACTS = {c["id"]: c for c in yaml.safe_load((ROOT / "data/contacts.yml").read_text())}


def test_no_built_page_says_a_number_is_missing(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "numeroa ei ole" not in text, path.relative_to(built_site)


@pytest.mark.parametrize("file", SERVICE_FILES, ids=lambda f: f.stem)
def test_service_page_links_its_county_page_and_calls_its_contacts(built_site, file):
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    page = html(built_site, f"palvelut/{file.stem}/index.html")
    hrefs = {a["href"] for a in page.select("article a[href]")}
    if data.get("county_page"):
        assert data["county_page"]["url"] in hrefs
        if data.get("brochure"):
            brochure = html(built_site, f"esitteet/{file.stem}/index.html")
            assert data["county_page"]["url"] in {a["href"] for a in brochure.select("a[href]")}
    for channel in data.get("channels", []):
        phone = channel.get("phone") or CONTACTS.get(channel.get("contact"), {}).get("phone")
        if phone:
            assert "tel:" + phone.replace(" ", "") in hrefs, phone
    headings = [h.get_text(strip=True) for h in page.select("article h2")]
    if data.get("bring"):
        assert headings.index("Mitä tarvitset mukaan") == headings.index("Näin haet") + 1
        items = [li.get_text(" ", strip=True) for li in
                 page.find("h2", string=lambda s: s and "Mitä tarvitset" in s)
                 .find_next_sibling("ul").select("li")]
        assert items == [" ".join(item.split()) for item in data["bring"]]
    else:
        assert "Mitä tarvitset mukaan" not in headings


def test_the_employment_services_hint_appears_only_under_their_own_channel(built_site):
    page = html(built_site, "palvelut/aktivointisuunnitelma/index.html")
    for heading in page.select("article h3"):
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            section.append(sibling.get_text(" ", strip=True))
        text = " ".join(section)
        employment = "työllisyyspalvelu" in heading.get_text().lower()
        assert ("Työmarkkinatori" in text) == employment, heading.get_text()
