"""Every page shows where it sits (issue 28, point 9): its section's menu with the page
marked, and a path of links above the title, on a page of each kind (hand-written and each
kind generated from data), in chromium at 1280 and 360 px, served by nginx. The menu is
content (data/navigation.yml, issue 31, point 1): what it names is what the reader sees."""

from __future__ import annotations

import pytest
import yaml
from sites import ROOT

# A page of each kind → the path above its title (link texts, front page first).
KINDS = {
    "palvelut/toimeentulotuki/": ["Etusivu", "Asukkaille", "Palvelut"],  # service
    "ammattilaisille/prosessit/toimeentulotukihakemus/": ["Etusivu", "Ammattilaisille",
                                                          "Prosessit"],  # process
    "ammattilaisille/roolit/sosiaalityontekija/": ["Etusivu", "Ammattilaisille", "Roolit"],
    "asukkaille/kunnat/inari/": ["Etusivu", "Asukkaille", "Kunnat"],  # municipality
    "mista-apua/velat/": ["Etusivu", "Asukkaille", "Mistä saan apua?"],  # situation
    "esitteet/toimeentulotuki/": ["Etusivu", "Asukkaille", "Esitteet"],  # brochure
    "en/services/toimeentulotuki/": ["In English", "Services"],  # English, generated
    "asukkaille/oikeutesi/": ["Etusivu", "Asukkaille"],  # hand-written
    "tietoa/muokkaaminen/": ["Etusivu", "Tietoa käsikirjasta"],
}

WHERE = """() => {
  const visible = e => { if (!e) return false; const r = e.getBoundingClientRect();
    const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  const path = [...document.querySelectorAll('.md-path .md-path__link')];
  // The page's own entry: a link, or on narrow screens the label that opens its contents.
  const active = [...document.querySelectorAll('.md-sidebar--primary .md-nav__link--active')]
    .filter(visible);
  const h1 = document.querySelector('.md-content h1');
  const lead = h1 && h1.nextElementSibling;
  return {
    path: path.map(a => a.textContent.trim()), pathVisible: path.length > 0 && path.every(visible),
    pathAbove: path.length > 0 && h1
      && path[0].getBoundingClientRect().bottom <= h1.getBoundingClientRect().top,
    active: active.map(a => a.textContent.replace(/\u00ad/g, '').trim()),
    title: h1 ? h1.textContent.replace(/\u00ad/g, '').replace('¶', '').trim() : '',
    siblings: active.length ? active[0].closest('ul').querySelectorAll(':scope > li').length : 0,
    gap: h1 && lead ? lead.getBoundingClientRect().top - h1.getBoundingClientRect().bottom : 0,
  };
}"""


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("address", KINDS)
def test_every_kind_of_page_shows_its_path_and_its_section_menu_with_itself_marked(
        page, served_site, address, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{served_site}/{address}")
    if width < 1220:  # the menu is a drawer on narrow screens: open it as a reader does
        page.locator(".hk-menu-button").click()
        page.wait_for_timeout(300)
    found = page.evaluate(WHERE)
    assert found["path"] == KINDS[address], found
    if width >= 1220:
        assert found["pathVisible"] and found["pathAbove"], found
    # The page itself is marked in its section's menu, among its neighbours.
    assert found["active"] and found["active"][0] == found["title"], found
    assert found["siblings"] > 1, found


def test_no_empty_band_under_the_title_of_a_service_page_on_a_phone(page, served_site):
    """At 390 px the title's permalink (¶) wrapped to a line of its own: 80 px of nothing."""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{served_site}/palvelut/toimeentulotuki/")
    found = page.evaluate(WHERE)
    assert found["pathVisible"] and found["pathAbove"], found
    assert found["gap"] <= 45, found  # h1's own margin (40 px), no empty line
    page.goto(f"{served_site}/palvelut/kuntouttava-tyotoiminta-tyopaikalla/")
    assert page.evaluate(WHERE)["gap"] <= 45


def test_english_links_of_the_menu_say_they_are_english_and_finnish_ones_finnish(page, served_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{served_site}/palvelut/toimeentulotuki/")
    tab = page.locator(".md-tabs__link", has_text="In English")
    assert tab.get_attribute("lang") == "en"
    assert page.locator(".md-tabs__link", has_text="Asukkaille").get_attribute("lang") is None
    page.goto(f"{served_site}/en/services/toimeentulotuki/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".md-tabs__link", has_text="Asukkaille").get_attribute("lang") == "fi"
    english = page.locator(".md-sidebar--primary a.md-nav__link", has_text="Housing advice")
    assert english.count() and english.first.get_attribute("lang") is None
    assert page.locator(".md-path__link").first.text_content().strip() == "In English"


def test_every_page_built_is_in_the_menu(built_site):
    """No page is left out of the menu: each built page is marked in some page's menu (its
    own), so none shows an empty left column."""
    missing = []
    for file in sorted(built_site.rglob("index.html")):
        text = file.read_text(encoding="utf-8")
        if 'class="md-content"' in text and "md-nav__link--active" not in text:
            missing.append(file.parent.relative_to(built_site).as_posix())
    assert missing == [], missing


def test_the_menu_file_names_what_the_tabs_show(built_site):
    menu = yaml.safe_load((ROOT / "data/navigation.yml").read_text(encoding="utf-8"))
    html = (built_site / "index.html").read_text(encoding="utf-8")
    for item in menu:
        assert f"{item['title']}\n" in html or f">{item['title']}<" in html, item["title"]
