"""Shared fixtures: the real handbook built once per test session."""

from __future__ import annotations

import pytest
from sites import ROOT, build


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """The real handbook, built strictly once per session, with the brochure PDFs."""
    result = build(ROOT, tmp_path_factory.mktemp("site") / "site", HANDBOOK_PDF="1")
    assert result.returncode == 0, f"the handbook does not build:\n{result.output}"
    return result


@pytest.fixture(scope="session")
def built_site(real_build):
    return real_build.site


@pytest.fixture(scope="session")
def served_site(built_site, tmp_path_factory):
    """The built handbook served by nginx with the production config, on a loopback port."""
    from servers import nginx
    with nginx(built_site, tmp_path_factory.mktemp("nginx-site")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, through Playwright (never a downloaded browser)."""
    from browser import CHROMIUM, CHROMIUM_ARGS, require_tools
    from playwright.sync_api import sync_playwright
    require_tools()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page; CSP bypassed only so the test can inject axe-core."""
    context = browser.new_context(bypass_csp=True, locale="fi-FI")
    yield context.new_page()
    context.close()


# Collects every Content-Security-Policy violation of a page (tests/test_csp*.py).
COLLECT = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    [e.violatedDirective, e.blockedURI, e.sourceFile + ':' + e.lineNumber, e.sample].join(' | ')));"""


@pytest.fixture
def csp_page(browser):
    """A page with the production headers enforced (no bypass_csp) and its problems collected."""
    context = browser.new_context(locale="fi-FI")
    context.add_init_script(COLLECT)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"error: {e}"))
    yield page
    context.close()
