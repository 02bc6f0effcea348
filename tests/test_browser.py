"""Every built page in a real browser: WCAG 2.1 A/AA by axe-core, no request leaves loopback,
no horizontal scrolling at 320 CSS px or at 200 % zoom, keyboard and print behaviour."""

from urllib.parse import urlparse

import pytest
from browser import open_search, run_axe, site_pages

pytestmark = pytest.mark.browser
# The every-page tests run in shares, so parallel workers (pytest-xdist) take one share each.
SHARES = 4


@pytest.fixture(scope="module")
def pages(built_site):
    found = site_pages(built_site)
    assert len(found) > 20
    return found


@pytest.mark.parametrize("share", range(SHARES))
def test_every_page_passes_axe_and_stays_on_loopback(browser, served_site, pages, share):
    context = browser.new_context(bypass_csp=True)
    outside: list[str] = []

    def route(route_):
        host = urlparse(route_.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route_.request.url.startswith(("data:", "blob:")):
            route_.continue_()
        else:
            outside.append(route_.request.url)
            route_.abort()

    context.route("**/*", route)
    page = context.new_page()
    failures = {}
    for path in pages[share::SHARES]:
        page.goto(f"{served_site}/{path}", wait_until="networkidle")
        violations = run_axe(page)
        if violations:
            failures[path] = violations
    context.close()
    assert not failures, failures
    assert not outside, f"requests left loopback: {sorted(set(outside))}"


@pytest.mark.parametrize("share", range(SHARES))
@pytest.mark.parametrize("width,scale", [(320, 1), (640, 2)], ids=["320px", "200%-zoom"])
def test_no_page_scrolls_horizontally(browser, served_site, pages, width, scale, share):
    """200 % zoom of a 1280 px window is a 640 CSS px layout."""
    context = browser.new_context(viewport={"width": width, "height": 800},
                                  device_scale_factor=scale)
    page = context.new_page()
    wide = []
    for path in pages[share::SHARES]:
        page.goto(f"{served_site}/{path}", wait_until="load")
        overflow = page.evaluate("document.documentElement.scrollWidth - "
                                 "document.documentElement.clientWidth")
        if overflow > 0:
            wide.append((path, overflow))
    context.close()
    assert not wide, wide


def test_skip_link_moves_focus_to_the_content_and_focus_is_visible(page, served_site):
    page.goto(f"{served_site}/palvelut/toimeentulotuki/")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent.trim()")
    assert skip == "Hyppää sisältöön"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    in_content = page.evaluate("!!document.activeElement.closest('.md-content')")
    assert in_content, page.evaluate("document.activeElement.outerHTML")


def test_search_opens_and_returns_results_by_keyboard(page, served_site):
    page.goto(f"{served_site}/")
    open_search(page)
    page.keyboard.type("asumisneuvonta")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/palvelut/asumisneuvonta/**", timeout=10000)


def test_service_page_prints_without_navigation_and_with_its_address(page, served_site):
    page.goto(f"{served_site}/palvelut/toimeentulotuki/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-tabs',
        '.md-footer'].map(s => document.querySelector(s))
        .filter(e => e && getComputedStyle(e).display !== 'none' && e.offsetHeight > 0)
        .map(e => e.className)""")
    assert hidden == []
    address = page.locator(".hk-print-url")
    assert address.is_visible() and "/palvelut/toimeentulotuki/" in address.inner_text()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_form_page_prints_to_pdf_without_the_navigation(page, served_site):
    from io import BytesIO

    from pypdf import PdfReader
    page.goto(f"{served_site}/ammattilaisille/lomakkeet/ktt-arviointi/")
    reader = PdfReader(BytesIO(page.pdf(format="A4", print_background=True)))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    # Chromium's PDF text breaks headings at their soft hyphens ("Kun tout ta van…").
    joined = "".join(text.split()).replace("\u2010", "")
    assert "Kuntouttavantyötoiminnanarviointilomake" in joined
    assert "Asiakkaanitsearviointi" in joined and "Työtoimintapaikanarvio" in joined
    for navigation in ("Siirry sisältöön", "Hyppää sisältöön", "Tietoa käsikirjasta",
                       "Sisällysluettelo", "Ammattilaisille"):
        assert navigation not in text, navigation
    assert len(reader.pages) <= 3


def test_abbreviation_shows_its_expansion_on_focus(page, served_site):
    page.goto(f"{served_site}/ammattilaisille/sanasto/")
    abbr = page.locator("abbr[tabindex='0']").first
    title = abbr.get_attribute("title")
    abbr.focus()
    shown = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert title in shown


def test_brochure_prints_on_one_a4_page_without_navigation(page, served_site):
    from io import BytesIO

    from pypdf import PdfReader
    page.goto(f"{served_site}/esitteet/toimeentulotuki/")
    reader = PdfReader(BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert len(reader.pages) == 1  # every brochure: tests/test_accessibility.py
    assert "Kun rahat eivät riitä" in text and "Tietoa käsikirjasta" not in text


def test_header_toggles_are_closed_again_after_back(page, served_site):
    """Material's drawer and search checkboxes lost their (invalid) autocomplete="off";
    handbook.js unchecks them when the browser restores them on Back."""
    page.goto(f"{served_site}/palvelut/")
    page.evaluate("['__drawer', '__search'].forEach(id => document.getElementById(id).checked = true)")
    page.goto(f"{served_site}/palvelut/toimeentulotuki/")
    page.go_back(wait_until="load")
    page.wait_for_function("document.readyState === 'complete'")
    page.wait_for_timeout(200)  # chromium restores form state just before pageshow
    assert page.evaluate("location.pathname").endswith("/palvelut/")
    assert page.evaluate("[document.getElementById('__drawer').checked, "
                         "document.getElementById('__search').checked]") == [False, False]
