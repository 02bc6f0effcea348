"""What a hostile file, page or site can do to the web editor, which runs in editors' browsers
with their credentials: nothing. Hostile text in data files and pages (a pushed branch can hold
any text) shows as text in the forms, the lists and the preview, and runs nothing; the editor's
CSP forbids inline script, other origins and framing; the local backend answers only its own
page on the loopback address and writes only data files, pages and images."""

from __future__ import annotations

import json
import socket
import subprocess
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest
import yaml
from muokkain import make_clone, muokkain
from sites import ROOT

from macros.cms.config import Generator

pytestmark = pytest.mark.server  # nginx serves the editor

CANARY = "window.top.__pwned = (window.top.__pwned || []).concat"
HOSTILE = {
    "name": f'<img src=x onerror="{CANARY}([\'name\'])">',
    "script": f"<script>{CANARY}(['script'])</script>",
    "link": '[klikkaa](javascript:window.top.__pwned=["link"])',
    "svg": f'<svg onload="{CANARY}([\'svg\'])"></svg>',
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    clone = make_clone(tmp_path_factory.mktemp("vihamielinen"))
    contacts = clone / "data/contacts.yml"
    text = contacts.read_text(encoding="utf-8")
    text = text.replace("  name: Hätänumero 112\n", f"  name: {json.dumps(HOSTILE['name'])}\n", 1)
    text = text.replace("  hours: Aina, vuorokauden ympäri\n",
                        f"  hours: {json.dumps(HOSTILE['script'] + HOSTILE['svg'])}\n", 1)
    contacts.write_text(text, encoding="utf-8")
    service = clone / "data/services/toimeentulotuki.yml"
    service.write_text(service.read_text(encoding="utf-8").replace(
        "description: |\n", f"description: |\n  {HOSTILE['script']} {HOSTILE['link']}\n", 1),
        encoding="utf-8")
    page = clone / "docs/asukkaille/index.md"
    if page.exists():
        page.write_text(page.read_text(encoding="utf-8") + "\n" + HOSTILE["script"] + HOSTILE["name"] + "\n",
                        encoding="utf-8")
    with muokkain(clone, built=False) as running:
        yield running


# Opens every list item: the first button of each item's top bar.
EXPAND = """() => document.querySelectorAll('[class*="listControlItem"] > div > button:first-child')
    .forEach(b => b.click())"""


def visit(browser, url: str, routes: list[str]):
    context = browser.new_context(locale="fi-FI", viewport={"width": 1400, "height": 1000})
    context.add_init_script("""window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));""")
    page = context.new_page()
    page.goto(url)
    page.get_by_role("button", name="Kirjaudu").click()
    page.get_by_text("Kokoelmat").first.wait_for()
    for route in routes:
        page.goto(f"{url}#/collections/{route}")
        page.reload()
        page.wait_for_timeout(3000)
        page.evaluate(EXPAND)
        page.wait_for_timeout(1500)
    return context, page


def test_hostile_text_in_data_and_pages_shows_as_text_and_runs_nothing(browser, hostile):
    context, page = visit(browser, hostile.admin, ["yhteystiedot", "sivut-asukkaille/entries/index",
                                                   "palvelut/entries/toimeentulotuki"])
    try:
        values = page.evaluate("() => [...document.querySelectorAll('input, textarea')].map(i => i.value)")
        assert any(HOSTILE["script"] in value and HOSTILE["link"] in value for value in values)
        page.goto(f"{hostile.admin}#/collections/yhteystiedot/entries/yhteystiedot")
        page.reload()
        page.wait_for_timeout(3000)
        page.evaluate(EXPAND)
        page.wait_for_timeout(1500)
        assert page.evaluate("window.__pwned") is None
        values = page.evaluate("() => [...document.querySelectorAll('input, textarea')].map(i => i.value)")
        assert HOSTILE["name"] in values  # shown to the editor as the text it is
        assert HOSTILE["script"] + HOSTILE["svg"] in values
        assert page.get_by_text(HOSTILE["name"]).count() >= 1  # the list item's summary, as text
        assert page.locator("img[src=x], svg[onload]").count() == 0
        for frame in page.frames:
            assert frame.evaluate(
                "() => window.__pwned === undefined && !document.querySelector('img[src=x]')")
    finally:
        context.close()


def test_the_editors_csp_forbids_inline_script_other_origins_and_frames(browser, hostile):
    context, page = visit(browser, hostile.admin, [])
    try:
        header = urllib.request.urlopen(hostile.admin).headers["Content-Security-Policy"]
        assert "script-src 'self' 'unsafe-eval';" in header and "frame-ancestors 'none'" in header
        page.evaluate("""async () => {
            const s = document.createElement('script'); s.textContent = "window.__inline = 1";
            document.body.append(s);
            const f = document.createElement('iframe'); f.src = 'http://127.0.0.2:9/';
            document.body.append(f);
            try { await fetch('http://127.0.0.2:9/'); } catch (e) {}
            const i = document.createElement('img'); i.src = 'http://127.0.0.2:9/x.png';
            document.body.append(i);
        }""")
        page.wait_for_timeout(1000)
        assert page.evaluate("window.__inline") is None
        blocked = set(page.evaluate("window.__csp"))
        assert {"script-src-elem", "frame-src", "connect-src", "img-src"} <= blocked
    finally:
        context.close()


def post(url: str, body: dict, headers: dict) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_local_backend_answers_only_its_own_page_and_writes_only_content(hostile):
    base = hostile.admin.removesuffix("/admin/")
    api = base + "/api/v1"
    origin = {"Origin": base}
    port = int(base.rsplit(":", 1)[1])

    def persist(path: str) -> dict:
        entry = {"slug": "x", "path": path, "raw": "#!/bin/sh\ntouch /tmp/pwned\n"}
        options = {"commitMessage": "x", "collectionName": "x", "useWorkflow": False, "status": "draft"}
        return {"action": "persistEntry",
                "params": {"branch": "main", "entry": entry, "assets": [], "options": options}}
    for path in (".git/hooks/pre-commit", "macros/__init__.py", "kasikirja", "docs/assets/handbook.js",
                 "data/../.git/config", "admin/server.mjs"):
        assert post(api, persist(path), origin) == 403, path
        assert not (hostile.clone / path).exists() or "touch /tmp/pwned" not in \
            (hostile.clone / path).read_text(errors="replace")
    assert post(api, {"action": "info"}, {"Origin": "http://127.0.0.1:1"}) == 403
    assert post(api, {"action": "info"}, {}) == 403  # no Origin: not a page of this editor
    assert post(api, {"action": "info"}, {**origin, "Host": f"kasikirja.example.test:{port}"}) == 421
    assert post(api, persist("data/uusi.yml"), origin) == 200  # the control: content is written
    assert (hostile.clone / "data/uusi.yml").read_text().startswith("#!/bin/sh")
    (hostile.clone / "data/uusi.yml").unlink()
    with pytest.raises(OSError):  # loopback 127.0.0.1 only, not the other loopback addresses
        socket.create_connection(("127.0.0.2", port), timeout=2)


def test_names_in_the_select_lists_cannot_change_the_configuration():
    evil = 'Nimi"\n- name: x\n  widget: hidden\n{{ config }} <script>alert(1)</script>'
    site = SimpleNamespace(contacts={"evil": SimpleNamespace(name=evil)})
    options = Generator(site).options("contacts")
    text = yaml.safe_dump({"options": options}, allow_unicode=True)
    assert yaml.safe_load(text) == {"options": [{"label": f"{evil} (evil)", "value": "evil"}]}


def test_nginx_serves_the_editor_only_on_the_previews_host_with_its_own_csp(tmp_path, built_admin):
    """deploy/nginx/handbook.conf with real nginx: /admin/ on the previews' host, behind the
    preview password, with the editor's policy and the server's other headers; the handbook's
    host has no editor."""
    from servers import _handbook_conf, _nginx
    workdir = tmp_path / "nginx"
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>x</title>")
    conf = _handbook_conf(site, workdir).replace("/srv/kasikirja/admin", str(built_admin))
    password = subprocess.run(["openssl", "passwd", "-apr1", "salasana"], capture_output=True,
                              text=True, check=True).stdout.strip()
    (workdir / "etc" / "previews.htpasswd").write_text(f"esikatselu:{password}\n")
    with _nginx(conf, workdir, tls=False) as (url, _):
        def get(path, host, auth=True):
            headers = {"Host": host}
            if auth:
                headers["Authorization"] = "Basic ZXNpa2F0c2VsdTpzYWxhc2FuYQ=="  # esikatselu:salasana
            try:
                with urllib.request.urlopen(urllib.request.Request(url + path, headers=headers)) as r:
                    return r.status, r.headers, r.read()
            except urllib.error.HTTPError as error:
                return error.code, error.headers, b""
        status, headers, body = get("/admin/", "esikatselu.kasikirja.example.invalid")
        assert status == 200 and b"decap-cms.js" in body
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self' 'unsafe-eval';" in policy and "frame-ancestors 'none'" in policy
        assert headers["X-Robots-Tag"] == "noindex, nofollow" and headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert get("/admin/", "esikatselu.kasikirja.example.invalid", auth=False)[0] == 401
        assert get("/admin/decap-cms.js", "esikatselu.kasikirja.example.invalid")[0] == 200
        assert get("/admin/", "kasikirja.example.invalid")[0] == 404
        assert get("/admin/../etc/previews.htpasswd", "esikatselu.kasikirja.example.invalid")[0] in (400, 404)


@pytest.fixture(scope="module")
def built_admin(tmp_path_factory):
    from macros.cms import admin
    out = tmp_path_factory.mktemp("admin") / "admin"
    admin.write(ROOT, out, admin.Backend("gitlab", "lapha/kasikirja", "main", "https://git.example.invalid",
                                         "id", "https://esikatselu.kasikirja.example.invalid"))
    return out


def test_the_editor_is_never_part_of_the_public_site():
    """A static file in docs/ or the theme folder (overrides/) would be copied into the site:
    the editor lives in admin/, and only the previews' server serves it."""
    assert not (ROOT / "docs" / "admin").exists() and not (ROOT / "overrides" / "admin").exists()
    conf = (ROOT / "deploy/nginx/handbook.conf").read_text()
    handbook, previews = conf.split("# Previews of branches")
    assert "/admin/" not in handbook.split("server {", 1)[1]
    assert "location /admin/" in previews
