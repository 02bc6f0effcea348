"""Shared fixtures: the real handbook built once per test run, and the test tiers.

Tiers (markers, README "Tests"): ``browser`` (Debian's chromium), ``server`` (real nginx),
``publish`` (the publishing server: setup-publish.sh, bare repositories, the hooks) and
``handbook`` (builds of the real handbook). A test gets its tier from the fixtures it uses
(a module that runs ``deploy/setup-publish.sh`` is ``publish``), or from ``pytestmark`` where
it starts the tool itself; ``servers.py``, the ``browser`` fixture and ``sites.build`` refuse
to start for a test without its tier, so the fast tier, ``-m "not slow"`` (``slow``: any of the
four), never runs them unseen. A publishing module's tests run in order on one worker
(``xdist_group``): they build on one server's state.
"""

from __future__ import annotations

import fcntl
import json
import os

import pytest
from sites import ROOT, Build, build

TIERS = ("browser", "server", "publish", "handbook")
# Fixtures that put a test in a tier (pytest includes the fixtures fixtures use).
TIER_OF_FIXTURE = {"browser": "browser", "served_site": "server", "real_build": "handbook",
                   "properdocs_site": "handbook", "zensical_site": "handbook",
                   "material_search": "handbook", "changed_site": "handbook"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(items):
    sets_up_publishing: dict = {}
    for item in items:
        for fixture, tier in TIER_OF_FIXTURE.items():
            if fixture in item.fixturenames:
                item.add_marker(tier)
        if item.path not in sets_up_publishing:  # a module that sets up a publishing server
            sets_up_publishing[item.path] = "deploy/setup-publish.sh" in item.path.read_text("utf-8")
        if sets_up_publishing[item.path]:
            item.add_marker("publish")
        if any(item.get_closest_marker(tier) for tier in TIERS):
            item.add_marker("slow")
        if item.get_closest_marker("publish"):  # a module's tests in order, on one worker
            item.add_marker(pytest.mark.xdist_group(f"publish-{item.path.stem}"))


def pytest_runtest_setup(item):
    """The tiers of the running test, for servers.require_tier (set before any fixture)."""
    os.environ["HANDBOOK_TEST_TIERS"] = ",".join(
        tier for tier in TIERS if item.get_closest_marker(tier))


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """The real handbook, built strictly once per test run, with the brochure PDFs. With
    parallel workers (pytest-xdist) the first builds it and the others wait and read it."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    folder, record = shared / "real-handbook", shared / "real-handbook.json"
    with open(shared / "real-handbook.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if record.exists():
            saved = json.loads(record.read_text(encoding="utf-8"))
            result = Build(saved["returncode"], saved["output"], folder)
        else:
            result = build(ROOT, folder, HANDBOOK_PDF="1")
            record.write_text(json.dumps({"returncode": result.returncode, "output": result.output}),
                              encoding="utf-8")
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
    from servers import require_tier
    require_tier("browser", "chromium")
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
