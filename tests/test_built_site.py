"""The real handbook, built: every service file produced its page, and the index lists them.

Expected values are read from data/ with plain PyYAML here, independently of macros/.
"""

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
        assert links[f"{label} (Finlex)"].endswith(f"/{year}/{year}{int(serial):04d}")
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
    assert tabs[1:] == ["Asukkaille", "Ammattilaisille", "Tietoa käsikirjasta"]
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
    """navigation.prune: a page links to its own section's pages, not to all 19 services."""
    page = html(built_site, "palvelut/toimeentulotuki/index.html")
    nav_links = page.select("nav.md-nav--primary a[href]")
    assert len(nav_links) < 25


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
