"""Residents on a phone: the built handbook in chromium at 360 and 412 px (issue 18).

- Headings and card titles break only at the Finnish hyphenation points the build puts in them
  (soft hyphens from Voikko): chromium has no Finnish hyphenation dictionary offline, so CSS
  ``hyphens: auto`` does nothing for ``lang="fi"`` (measured here, and printed).
- The title row: the link to urgent help, the language link and the edit button never make the
  title narrower than the text column; no horizontal scroll.
- Help one tap away: every phone number in the site is a ``tel:`` link; every resident page
  links to urgent help.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from browser import site_pages
from sites import html

from macros.assemble.html_fixes import phone_links
from macros.core.phones import PHONE, tel

pytestmark = pytest.mark.browser

PAGES = {
    "front": "",
    "service": "palvelut/kuntouttava-tyotoiminta/",
    "municipality": "asukkaille/kunnat/pelkosenniemi/",
    "process": "ammattilaisille/prosessit/toimeentulotukihakemus/",
    "english": "en/",
}

# Every character of the content's headings and card titles with the top of the line it is on:
# a word split across lines is split between two characters of different lines.
LINES = """(selector) => [...document.querySelectorAll(selector)].map(element => {
    const chars = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest('.headerlink')) continue;
        for (let i = 0; i < node.data.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rects = [...range.getClientRects()].filter(r => r.width > 0);
            const rect = rects[rects.length - 1];  // not the empty one at the end of a line
            chars.push([node.data[i], rect ? Math.round(rect.top) : null]);
        }
        chars.push([' ', null]);  // text nodes end words (for this check)
    }
    return {text: element.textContent, chars};
})"""
HEADINGS = ".md-content h1, .md-content h2, .md-content h3, .md-content .hk-card-title"


def split_words(heading: dict) -> list[str]:
    """The words of a heading that are broken across lines other than after a soft hyphen,
    shown with a "|" where they break."""
    bad, word, broken = [], "", False
    previous = None
    for char, top in heading["chars"]:
        if char.isspace():
            if broken:
                bad.append(word)
            word, broken, previous = "", False, None
            continue
        if previous is not None and top is not None and previous[1] is not None \
                and top > previous[1] and previous[0] != "\u00ad":
            broken = True
            word += "|"
        word += char
        if top is not None:
            previous = (char, top)
    return bad


def hyphen_breaks(heading: dict) -> int:
    """How many times a heading's words break at a soft hyphen."""
    chars = [c for c in heading["chars"] if c[1] is not None]
    return sum(1 for a, b in zip(chars, chars[1:], strict=False) if a[0] == "\u00ad" and b[1] > a[1])


@pytest.fixture(scope="module", params=[360, 412])
def phone(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 800}, locale="fi-FI",
                                  is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_headings_break_only_at_hyphenation_points_and_nothing_scrolls_sideways(phone, served_site,
                                                                                 kind):
    phone.goto(f"{served_site}/{PAGES[kind]}", wait_until="networkidle")
    width = phone.viewport_size["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= width, "horizontal scroll"
    headings = phone.evaluate(LINES, HEADINGS)
    assert headings, "no headings measured"
    for heading in headings:
        assert not split_words(heading), (f"{width} px, {PAGES[kind]}: {heading['text']!r} "
                                          f"broken inside a word: {split_words(heading)}")
    hyphens = phone.content().count("&shy;") + phone.content().count("\u00ad")
    if kind == "english":  # English rules: no Finnish soft hyphens
        assert hyphens == 0
    else:
        assert hyphens > 0


@pytest.mark.parametrize("kind", PAGES)
def test_the_title_is_as_wide_as_the_text_column(phone, served_site, kind):
    """The urgent-help link, the language link and the edit button sit above the title, never
    beside it: the title's first line starts at the column's left edge and may use its width."""
    phone.goto(f"{served_site}/{PAGES[kind]}", wait_until="networkidle")
    layout = phone.evaluate("""() => {
        const column = document.querySelector('.md-content__inner').getBoundingClientRect();
        const title = document.querySelector('.md-content__inner h1');
        const box = title.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(title);
        const first = range.getClientRects()[0];
        const row = [...document.querySelectorAll('.hk-urgent, .hk-lang, .md-content__button')]
            .filter(e => e.offsetParent).map(e => [e.className, e.getBoundingClientRect().bottom]);
        return {column: [column.left, column.width], title: [box.left, box.width, box.top],
                first: first.left, row};
    }""")
    column_left, column_width = layout["column"]
    left, width, top = layout["title"]
    assert abs(left - column_left) < 1 and abs(width - column_width) < 1, layout
    assert abs(layout["first"] - column_left) < 2, layout
    assert layout["row"], "the language link is missing"
    for name, bottom in layout["row"]:
        assert bottom <= top + 1, f"{name} beside the title: {layout}"


def test_chromium_hyphenates_finnish_only_at_soft_hyphens(browser):
    """Why the build puts soft hyphens in: ``hyphens: auto`` breaks no Finnish word in this
    chromium (no hyphenation dictionary offline); soft hyphens do, only where they are."""
    page = browser.new_page()
    measured = {}
    for name, word in (("hyphens: auto", "aikuissosiaalityön"),
                       ("soft hyphens", "ai\u00adkuis\u00adso\u00adsiaa\u00adli\u00adtyön")):
        page.set_content(f'<p lang="fi" style="hyphens:auto;width:90px;font:20px sans-serif;'
                         f'overflow-wrap:normal"><span>{word}</span></p>')
        measured[name] = page.evaluate("document.querySelector('span').getClientRects().length")
    page.close()
    print(f"\nlines of 'aikuissosiaalityön' in 90 px: {measured} (chromium)")
    assert measured["soft hyphens"] >= 2


def test_a_narrow_title_breaks_at_a_soft_hyphen(phone, served_site):
    """The front page's title in a card-narrow box breaks its long words at Voikko's points."""
    phone.goto(f"{served_site}/", wait_until="networkidle")
    phone.evaluate("document.querySelector('.md-content h1').style.width = '150px'")
    heading = phone.evaluate(LINES, ".md-content h1")[0]
    assert not split_words(heading), split_words(heading)
    assert hyphen_breaks(heading) >= 1


# --- Help one tap away -----------------------------------------------------------------------

RESIDENT = re.compile(r"^(?!ammattilaisille/|tietoa/)")


def test_every_phone_number_in_the_site_is_a_tel_link(built_site):
    """The build's step links every number it recognises; nothing is left for it in any page
    (numbers in headings and a contact's name followed by its link aside)."""
    left = [path for path in site_pages(built_site)
            if phone_links(text := (built_site / path / "index.html").read_text(encoding="utf-8"))
            != text]
    assert not left, left


@pytest.mark.parametrize("path", ["", "mista-apua/", "en/", "asukkaille/kiireellinen-apu/"])
def test_112_is_a_tel_link(built_site, path):
    assert html(built_site, f"{path}index.html").select('article a[href="tel:112"]')


@pytest.mark.parametrize("municipality", ["sodankyla", "rovaniemi"])
def test_numbers_in_a_municipality_pages_text_are_tel_links(built_site, municipality):
    """Each number in the text of a paragraph or list item is a link inside it (text written
    in the template, in data texts and contacts alike)."""
    page = html(built_site, f"asukkaille/kunnat/{municipality}/index.html")
    seen = 0
    for block in page.select("article p, article li"):
        links = {a["href"] for a in block.select('a[href^="tel:"]')}
        for number in PHONE.findall(block.get_text()):
            seen += 1
            assert tel(number) in links, (number, block)
    assert seen >= 3


def test_urgent_help_is_one_tap_from_every_resident_page(built_site):
    urgent = html(built_site, "asukkaille/kiireellinen-apu/index.html")
    assert urgent.select('article a[href="tel:112"]')
    assert urgent.select('article a[href^="tel:040"]'), "the emergency social services' number"
    for path in site_pages(built_site):
        link = html(built_site, f"{path}index.html").select_one("a.hk-urgent")
        if path in ("", "en/", "asukkaille/kiireellinen-apu/", "en/help/kriisi/") or \
                not RESIDENT.match(path):
            assert link is None, path
            continue
        assert link is not None, f"{path}: no link to urgent help"
        target = "en/help/kriisi/" if path.startswith("en/") else "asukkaille/kiireellinen-apu/"
        assert urljoin(f"/{path}", link["href"]) == f"/{target}", (path, link["href"])
