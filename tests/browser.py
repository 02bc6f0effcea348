"""Debian's chromium driven by Playwright, against the built site served by real nginx."""

from __future__ import annotations

from pathlib import Path

from sites import ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules/axe-core/axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require_tools() -> None:
    assert CHROMIUM.exists(), "chromium is missing: apt-get install -y chromium (bash .ci/setup --browser)"
    assert AXE.exists(), "axe-core is missing: npm ci (bash .ci/setup --browser)"


def site_pages(site: Path) -> list[str]:
    """The address of every built page, relative to the site root ('' for the front page)."""
    pages = []
    for file in sorted(site.rglob("index.html")):
        folder = file.parent.relative_to(site).as_posix()
        pages.append("" if folder == "." else f"{folder}/")
    return pages


def run_axe(page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the loaded page."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""", WCAG_TAGS)


def open_search(page) -> None:
    """Open the search as a reader does, with no shortcut key: the search button on narrow
    screens, else a click in the header's search box. Focus is then in the box."""
    button = page.locator(".hk-search-button")
    if button.count() and button.is_visible():
        button.click()
    else:
        page.locator("#hk-search-input").click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'hk-search-input'")
