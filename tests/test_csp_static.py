"""Static hosts (GitHub/GitLab Pages) send no headers: every page carries the policy of
deploy/nginx/headers.conf in a <meta http-equiv="Content-Security-Policy">, and it holds in
chromium when the site is served by a plain static server that sends no CSP header."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest
from servers import NGINX_CONF, free_port
from test_csp import violations

from macros.assemble.csp import meta_policy

pytestmark = pytest.mark.server

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


@contextmanager
def static_server(folder):
    """Python's http.server on loopback: files only, no headers of ours."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                               "127.0.0.1", "--directory", str(folder)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_every_page_carries_the_nginx_policy_first_in_head(built_site):
    headers = (NGINX_CONF.parent / "headers.conf").read_text()
    header = re.search(r'Content-Security-Policy "([^"]+)"', headers).group(1)
    expected = "; ".join(d.strip() for d in header.split(";") if "frame-ancestors" not in d)
    assert meta_policy() == expected and "frame-ancestors" not in expected
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    wrong = []
    for file in pages:
        html = file.read_text(encoding="utf-8")
        found = META.search(html)
        head = html[:html.find("</head>")]
        if (not found or found.group(1) != expected or found.start() > head.find("<meta charset")
                or head.find("<script") < found.start() or head.find("<link") < found.start()):
            wrong.append(str(file.relative_to(built_site)))
    assert not wrong, wrong[:20]


def test_the_site_works_under_the_meta_policy_from_a_plain_static_server(csp_page, built_site):
    with static_server(built_site) as url:
        for path in ("", "palvelut/toimeentulotuki/", "ammattilaisille/prosessit/toimeentulotukihakemus/",
                     "en/services/toimeentulotuki/"):
            response = csp_page.goto(f"{url}/{path}", wait_until="networkidle")
            assert response.status == 200 and "content-security-policy" not in response.headers
            assert csp_page.evaluate("!document.documentElement.classList.contains('no-js')")
            csp_page.locator("#hk-search-input").click()
            csp_page.keyboard.type("toimeentulotuki")
            csp_page.wait_for_selector(".md-search-result__item", timeout=10000)
            assert violations(csp_page) == [], path


INJECTED = ('<script>window.__ran = "script"</script>'
            '<img src="x.png" alt="" onerror="window.__ran = \'handler\'">'
            '<a id="hk-bad" href="javascript:window.__ran=\'link\'">x</a>')


@pytest.mark.browser
def test_an_injected_inline_script_does_not_run_without_the_header(csp_page, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "palvelut/toimeentulotuki/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", INJECTED + "</article>", 1),
                    encoding="utf-8")
    with static_server(site) as url:
        response = csp_page.goto(f"{url}/palvelut/toimeentulotuki/", wait_until="networkidle")
        assert "content-security-policy" not in response.headers
        csp_page.locator("#hk-bad").click()
        csp_page.wait_for_timeout(300)
        assert csp_page.evaluate("window.__ran") is None
        found = csp_page.evaluate("window.__csp")
        assert len([v for v in found if v.startswith("script-src")]) >= 3, found
