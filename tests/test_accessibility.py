"""What axe does not check, on the built handbook (issue #21): every page's title is its own,
permalinks are named, the edit button is named and visible enough, process diagrams stay
legible at 320 px in a scrollable named region, forced colours (screenshots) keep diagrams,
icons and the search visible, and a brochure prints on one A4 sheet. Keyboard use is in
tests/test_keyboard.py."""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from sites import ROOT

SITE_NAME = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(), re.M).group(1)


def pages(site):
    return {path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for path in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def built_pages(built_site):
    found = pages(built_site)
    assert len(found) > 100
    return found


# --- Built HTML -----------------------------------------------------------------------------

def test_every_page_has_a_title_of_its_own(built_pages):
    titles = {path: page.head.title.get_text() for path, page in built_pages.items()}
    repeated = {title: [p for p, t in titles.items() if t == title]
                for title, count in Counter(titles.values()).items() if count > 1}
    assert repeated == {}
    assert titles["index.html"] == SITE_NAME  # not "name - name"
    assert titles["ammattilaisille/prosessit/kuntouttava-tyotoiminta/index.html"].startswith(
        "Prosessi: Kuntouttava työtoiminta - ")


def test_every_permalink_is_named_by_its_heading(built_pages):
    unnamed, count = [], 0
    for path, page in built_pages.items():
        prefix = "Link to this section" if page.html.get("lang") == "en" else "Linkki tähän kohtaan"
        for link in page.select("a.headerlink"):
            count += 1
            heading = " ".join(link.parent.get_text().replace("\u00b6", "").replace("\xad", "").split())
            if link.get("aria-label") != f"{prefix}: {heading}":
                unnamed.append(f"{path}: {link}")
    assert count > 500
    assert unnamed[:5] == []


def test_the_edit_button_is_named_and_no_page_offers_single_key_page_turns(built_pages):
    edit = [page.select_one("a.md-content__button[rel=edit]") for page in built_pages.values()]
    edit = [button for button in edit if button is not None]
    assert len(edit) > 100
    assert all(button.get("aria-label") == button.get("title") != "" for button in edit)
    # Material's "p", ",", "n" and "." follow these (WCAG 2.1.4).
    assert [p for p, page in built_pages.items() if page.select("link[rel=prev], link[rel=next]")] == []


def test_the_search_box_is_not_a_dialog(built_pages):
    box = built_pages["index.html"].select_one("[data-hk-search]")
    assert box.get("role") is None and box.select_one("[role=search]") is not None
    assert [p for p, page in built_pages.items() if page.select("[role=dialog]")] == []


def test_process_diagrams_scroll_in_a_named_region_at_their_natural_size(built_pages):
    processes = {p: page for p, page in built_pages.items()
                 if p.startswith("ammattilaisille/prosessit/") and page.select_one("figure.hk-diagram")}
    assert len(processes) >= 5
    for path, page in processes.items():
        region = page.select_one("figure.hk-diagram > .hk-diagram-scroll")
        assert region["tabindex"] == "0" and region["role"] == "region", path
        name = page.h1.get_text(strip=True).rstrip("\u00b6").replace("\xad", "")
        assert region["aria-label"] == f"Prosessikaavio: {name}", path
        svg = region.select_one("svg[role=img]")
        assert int(svg["width"]) > 100 and int(svg["height"]) > 100, path


# --- In chromium ----------------------------------------------------------------------------

def contrast(first: tuple, second: tuple) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.browser
def test_the_edit_button_has_contrast(page, served_site):
    page.goto(f"{served_site}/palvelut/toimeentulotuki/")
    button = page.locator("a.md-content__button[rel=edit]")
    colour = button.evaluate("""e => { const c = getComputedStyle(e).color.match(/[\\d.]+/g).map(Number);
        const a = c.length > 3 ? c[3] : 1; return c.slice(0, 3).map(v => v * a + 255 * (1 - a)); }""")
    assert contrast(tuple(colour), (255, 255, 255)) >= 3  # WCAG 1.4.11, on the white page


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 360])
def test_a_wide_diagram_scrolls_by_keyboard_and_keeps_its_text_legible(browser, served_site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{served_site}/ammattilaisille/prosessit/toimeentulotukihakemus/")
    region = page.locator(".hk-diagram-scroll")
    sizes = region.evaluate("""r => ({wide: r.scrollWidth - r.clientWidth,
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        text: Math.min(...[...r.querySelectorAll('text')].map(t => t.getBoundingClientRect().height))})""")
    assert sizes["wide"] > 50 and sizes["page"] == 0  # the region scrolls, not the page
    assert sizes["text"] >= 9, sizes  # px of the smallest label (it was about 5)
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.hk-diagram-scroll').scrollLeft > 0")
    context.close()


# Forced colours as a dark Windows contrast theme shows them (the issue saw text vanish on black).
FORCED = {"forced_colors": "active", "color_scheme": "dark"}
SYSTEM = """() => { const probe = document.createElement('div');
    probe.style.cssText = 'color: CanvasText; background-color: Canvas';
    document.body.append(probe);
    const s = getComputedStyle(probe), rgb = v => v.match(/\\d+/g).slice(0, 3).map(Number);
    const out = {text: rgb(s.color), canvas: rgb(s.backgroundColor)}; probe.remove(); return out; }"""


def pixels_like(png: bytes, rgb, tolerance: int = 60) -> int:
    """How many pixels of a screenshot are close to a colour."""
    from PIL import Image
    image = Image.open(BytesIO(png)).convert("RGB")
    return sum(1 for pixel in image.get_flattened_data()
               if sum(abs(a - b) for a, b in zip(pixel, rgb, strict=True)) <= tolerance)


@pytest.fixture
def forced(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, **FORCED)
    page = context.new_page()
    yield page, tmp_path
    context.close()


@pytest.mark.browser
def test_forced_colours_draw_the_diagram_text_and_lines_in_canvastext(forced, served_site):
    page, folder = forced
    page.goto(f"{served_site}/ammattilaisille/prosessit/kuntouttava-tyotoiminta/")
    system = page.evaluate(SYSTEM)
    assert system["text"] != system["canvas"]
    painted = page.evaluate("""() => { const rgb = v => (v.match(/\\d+/g) || []).slice(0, 3).map(Number);
        const svg = document.querySelector('.hk-diagram svg');
        return {text: [...svg.querySelectorAll('text')].map(t => rgb(getComputedStyle(t).fill)),
                lines: [...svg.querySelectorAll('.edge path')].map(p => rgb(getComputedStyle(p).stroke)),
                heads: [...svg.querySelectorAll('.edge polygon')].map(p => rgb(getComputedStyle(p).fill))};
        }""")
    assert len(painted["text"]) > 10 and len(painted["lines"]) > 5
    for kind, colours in painted.items():
        assert all(colour == system["text"] for colour in colours), kind
    # The screenshot: a branch label and an arrow, on the system's background, in its text colour.
    figure = page.locator("figure.hk-diagram")
    figure.scroll_into_view_if_needed()
    whole = figure.screenshot(path=str(folder / "diagram-forced-colours.png"))
    assert pixels_like(whole, system["text"]) > 2000
    label = page.locator(".hk-diagram .edge text").first
    assert pixels_like(label.screenshot(), system["text"]) > 20  # "Kyllä, arvioidaan…"
    arrow = page.locator(".hk-diagram .edge polygon").first
    assert pixels_like(arrow.screenshot(), system["text"]) > 10
    print(f"\nscreenshot: {folder / 'diagram-forced-colours.png'}")


@pytest.mark.browser
def test_forced_colours_keep_admonition_icons_and_the_search_visible(forced, served_site):
    page, folder = forced
    page.goto(f"{served_site}/")
    system = page.evaluate(SYSTEM)
    # The icon of the front page's "Tarvitsetko apua heti?" box: its ::before, a mask.
    box = page.locator(".admonition-title").first.evaluate("""t => {
        const r = t.getBoundingClientRect(), s = getComputedStyle(t, '::before');
        return {x: r.left + parseFloat(s.left), y: r.top + parseFloat(s.top),
                width: parseFloat(s.width), height: parseFloat(s.height)}; }""")
    icon = page.screenshot(clip=box, path=str(folder / "icon-forced-colours.png"))
    assert pixels_like(icon, system["text"]) > 20
    # The search field's edges, and a focused result.
    page.locator("#hk-search-input").click()
    page.keyboard.type("toimeentulotuki")
    page.wait_for_function("() => /osuma/.test(document.getElementById('hk-search-status').textContent)")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(500)
    page.screenshot(path=str(folder / "search-forced-colours.png"))
    form = page.locator(".md-search__form").bounding_box()
    edge = page.screenshot(clip={"x": form["x"] + 20, "y": form["y"] - 1, "width": form["width"] - 40,
                                 "height": 2})
    assert pixels_like(edge, system["text"]) > form["width"] - 60  # its top edge, drawn
    result = page.locator(".md-search-result__link:focus").bounding_box()
    left = page.screenshot(clip={"x": result["x"], "y": result["y"] + 5, "width": 2,
                                 "height": result["height"] - 10})
    assert pixels_like(left, system["canvas"]) == 0  # an outline, not the background
    print(f"\nscreenshots: {folder}")


@pytest.mark.browser
def test_every_brochure_prints_on_one_a4_sheet(page, served_site, built_site):
    from pypdf import PdfReader
    brochures = sorted(p.parent.name for p in (built_site / "esitteet").glob("*/index.html"))
    assert len(brochures) >= 10
    sheets = {}
    for brochure in brochures:
        page.goto(f"{served_site}/esitteet/{brochure}/")
        sheets[brochure] = len(PdfReader(BytesIO(page.pdf(format="A4"))).pages)
    assert sheets == dict.fromkeys(brochures, 1)


# --- Language of parts (WCAG 3.1.2) ---------------------------------------------------------

# Every run of text in the page's body that a reader meets, seen or for screen readers, with
# the language it is in for the browser (its nearest lang), after the page's scripts ran.
# Code is not a human language and is left out.
TEXTS = """() => {
  const out = [], skip = 'script, style, template, [hidden], svg, code, pre, kbd, samp';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.data.replace(/\\s+/g, ' ').trim();
    if (!text || n.parentElement.closest(skip)) continue;
    const owner = n.parentElement.closest('[lang]');
    out.push([text, owner ? owner.getAttribute('lang').split('-')[0] : '']);
  }
  return out;
}"""
SAMI_LETTERS = re.compile("[âčđŋŧǩǯʒǥǧõʹ]")
SAMI_NAMES = {"Davvisámegiella": "se", "Anarâškielâ": "smn", "Nuõrttsääʹmǩiõll": "sms"}
# Proper names, which WCAG 3.1.2 leaves in the page's language: the handbook's and the
# county's names.
PROPER_NAMES = {SITE_NAME, "Lapin hyvinvointialue"}
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def finnish_share(text: str, voikko) -> float | None:
    """The share of a text's words Voikko knows as Finnish; None for fewer than two words."""
    text = re.sub(r"\S*\w[./@]\w\S*", " ", text)  # addresses are no language
    words = [w for w in WORD.findall(text) if len(w) > 1]
    return sum(map(voikko.spell, words)) / len(words) if len(words) >= 2 else None


def wrong_language(texts: list, page_lang: str, voikko) -> list[str]:
    """Texts in a language other than the one the browser takes them to be in: Sámi (its
    letters or a language's name) outside lang="se", "smn" or "sms"; on an English page,
    English outside lang="en" and Finnish outside lang="fi"; on a Finnish page, English
    outside lang="en". Addresses and proper names are no language."""
    wrong = []
    for text, lang in texts:
        clean = text.replace("\xad", "")
        if clean in SAMI_NAMES or SAMI_LETTERS.search(clean):
            if lang != SAMI_NAMES.get(clean, lang if lang in ("se", "smn", "sms") else "se"):
                wrong.append(f"Sámi in lang={lang!r}: {clean!r}")
            continue
        if clean in PROPER_NAMES:
            continue
        share = finnish_share(clean, voikko)
        if share is None:
            continue
        if share <= 0.25 and lang != "en" and (page_lang == "en" or len(WORD.findall(clean)) >= 3):
            wrong.append(f"English in lang={lang!r}: {clean!r}")
        elif share >= 0.75 and lang != "fi" and page_lang == "en":
            wrong.append(f"Finnish in lang={lang!r}: {clean!r}")
    return wrong


@pytest.mark.browser
def test_every_english_and_sami_text_is_in_its_language(browser, served_site, built_pages):
    """On every English page, every residents' and staff page with English or Sámi in it, and
    the front page: the table of contents of English pages in English (it was inside the
    Finnish navigation's lang="fi"), the Sámi language names in the Sámi page's contents in
    their own lang, and no English, Finnish or Sámi text in another language's lang.
    Editors' pages (tietoa/) are left out: their change list quotes commit messages as
    written, in English or Finnish."""
    import libvoikko
    voikko = libvoikko.Voikko("fi")
    english = [p for p, page in built_pages.items() if page.html.get("lang") == "en"
               and p.endswith("index.html")]
    mixed = [p for p, page in built_pages.items() if page.html.get("lang") != "en"
             and p.endswith("index.html") and not p.startswith(("tietoa/", "esitteet/"))
             and (page.select_one("[lang=en], [lang=se], [lang=smn], [lang=sms]")
                  or SAMI_LETTERS.search(page.get_text()))]
    assert len(english) >= 30 and "asukkaille/saamen-kieli/index.html" in mixed
    context = browser.new_context()
    page = context.new_page()
    problems = {}
    for path in [*english, *mixed, "index.html"]:
        page.goto(f"{served_site}/{path.removesuffix('index.html')}", wait_until="load")
        page_lang = page.evaluate("document.documentElement.lang")
        if page_lang == "en":  # the table of contents, wherever Material puts it
            tocs = page.eval_on_selector_all(".md-nav--secondary",
                                             "ns => ns.map(n => n.closest('[lang]').lang)")
            assert tocs and set(tocs) == {"en"}, (path, tocs)
        if wrong := wrong_language(page.evaluate(TEXTS), page_lang, voikko):
            problems[path] = wrong[:5]
    sami = {}
    page.goto(f"{served_site}/asukkaille/saamen-kieli/")
    for link in page.locator(".md-nav--secondary a.md-nav__link").all():
        name = link.text_content().strip()
        if name in SAMI_NAMES:
            sami[name] = link.evaluate("a => a.closest('[lang]').lang")
    context.close()
    assert sami == SAMI_NAMES
    assert problems == {}
