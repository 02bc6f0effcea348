"""`mkdocs serve` as an editor uses it: the real server on a fixture site, on a loopback port.

One saved change is one rebuild; reading a file (the build itself, `check`, an editor opening
it) is none; the server settles; a failed build is told in Finnish every time, and every page
request gets at once a Finnish error page (escaped, under a strict policy) that turns into the
fixed page by itself in chromium; the live reload runs under the pages' own
Content-Security-Policy. Rebuilds are counted from the server's log over a quiet period.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from servers import free_port, get
from sites import ENV, ROOT, fixture_site, run_cli

BUILD = "Building documentation"
# A rebuild that succeeded: MkDocs' "Documentation built in 0.31 seconds" is left out of its log
# when an earlier build took as long (its log drops repeated messages).
BUILT = "Reloading browsers"
QUIET = 4.0  # seconds without a new rebuild that count as settled (MkDocs polls docs/ every 0.5 s)


class Served:
    def __init__(self, project: Path, log: Path):
        self.project, self.log = project, log
        self.url = ""

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def builds(self) -> int:
        return self.text().count(BUILD)

    def settle(self, expected: int, timeout: float = 60) -> str:
        """Wait until the log shows ``expected`` builds, each finished, and no new one for QUIET
        seconds; return the log since the last build started."""
        deadline = time.monotonic() + timeout
        while self.builds() < expected:
            assert time.monotonic() < deadline, f"no rebuild after the change:\n{self.text()}"
            time.sleep(0.2)
        last, quiet_since = self.text(), time.monotonic()
        while time.monotonic() - quiet_since < QUIET:
            time.sleep(0.25)
            now = self.text()
            if now != last:
                last, quiet_since = now, time.monotonic()
        assert self.builds() == expected, (
            f"{self.builds() - expected + 1} rebuilds for one change; the server did not "
            f"settle:\n{self.text()[-3000:]}")
        return last[last.rindex(BUILD):]

    def save(self, path: str, old: str, new: str) -> None:
        file = self.project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")


@contextmanager
def serving(project: Path, log: Path, temporary: Path | None = None):
    """``temporary``: the server's temporary folder (TMPDIR), where it makes its site folder."""
    port = free_port()
    env = ENV if temporary is None else {**ENV, "TMPDIR": str(temporary)}
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        running = Served(project, log)
        running.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while "Serving on" not in running.text():
            assert server.poll() is None, f"mkdocs serve stopped:\n{running.text()}"
            assert time.monotonic() < deadline, f"mkdocs serve did not start:\n{running.text()}"
            time.sleep(0.2)
        yield running
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def served(tmp_path):
    with serving(fixture_site(tmp_path), tmp_path / "serve.log") as running:
        yield running


@pytest.fixture
def served_themed(tmp_path):
    """The fixture site with the handbook's theme overrides: the pages carry the
    Content-Security-Policy of deploy/nginx/headers.conf in a meta element, as the real ones."""
    theme = ("  custom_dir: overrides\n  palette:\n    scheme: default\n    primary: indigo\n"
             "    accent: indigo\n")
    project = fixture_site(tmp_path, edits={"mkdocs.yml": ("  font: false\n", f"  font: false\n{theme}")})
    shutil.copytree(ROOT / "docs/assets", project / "docs/assets")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("extra_css: [assets/handbook.css]\nextra_javascript: [assets/handbook.js]\n")
    with serving(project, tmp_path / "serve.log") as running:
        yield running


def test_one_rebuild_per_saved_change_none_for_reads(served):
    served.settle(1)  # the first build
    # Reading is not a change: opening every data file, and `check` reading them all.
    for file in sorted((served.project / "data").rglob("*.yml")):
        file.read_text(encoding="utf-8")
    assert run_cli(served.project, "check").returncode == 0
    served.settle(1)

    served.save("data/services/alfa.yml", "name: Alfapalvelu", "name: Alfapalvelu uusi")
    log = served.settle(2)
    assert BUILT in log and "ERROR" not in log, log
    assert "Alfapalvelu uusi" in get(f"{served.url}/palvelut/alfa/")[2].decode()

    served.save("docs/index.md", "# Etusivu", "# Etusivu muutettu")
    log = served.settle(3)
    assert BUILT in log and "ERROR" not in log, log
    assert "Etusivu muutettu" in get(f"{served.url}/")[2].decode().replace("&shy;", "")

    # A save as many editors make it: a temporary file written and renamed over the old one.
    data = served.project / "data/services/alfa.yml"
    temporary = data.with_name(".alfa.yml.tmp")
    temporary.write_text(data.read_text(encoding="utf-8").replace(
        "name: Alfapalvelu uusi", "name: Alfapalvelu kolmas", 1), encoding="utf-8")
    os.replace(temporary, data)
    log = served.settle(4)
    assert BUILT in log and "ERROR" not in log, log
    assert "Alfapalvelu kolmas" in get(f"{served.url}/palvelut/alfa/")[2].decode()


def test_a_rebuild_writes_over_the_last_ones_files_and_deletes_what_it_did_not_write(tmp_path):
    """A page unchanged by a save keeps its file (its inode: creating files is slow on some
    file systems); a deleted page's file and folder go before the browsers reload, and the
    search files, now served from memory, too; after a failed rebuild the next one starts
    from an empty folder."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    project = fixture_site(tmp_path, changes={
        "docs/tietoa/poistuva.md": "# Poistuva\n\nTämä sivu poistetaan.\n"})
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("not_in_nav: |\n  tietoa/poistuva.md\n")
    with serving(project, tmp_path / "serve.log", temporary) as served:
        served.settle(1)
        [site] = temporary.glob("mkdocs_*")
        (site / ".piilotettu").write_text("MkDocs' cleaning leaves hidden files", encoding="utf-8")
        (site / ".kansio").mkdir()
        (site / ".kansio/tiedosto").write_text("and hidden folders", encoding="utf-8")
        kept, gone = site / "palvelut/beeta/index.html", site / "tietoa/poistuva/index.html"
        inode = kept.stat().st_ino
        assert gone.is_file() and list((site / "search").rglob("*.json"))

        served.save("data/services/alfa.yml", "name: Alfapalvelu", "name: Alfapalvelu uusi")
        log = served.settle(2)
        assert BUILT in log and "ERROR" not in log, log
        assert "Alfapalvelu uusi" in get(f"{served.url}/palvelut/alfa/")[2].decode()
        assert kept.stat().st_ino == inode and "Beetapalvelu" in kept.read_text(encoding="utf-8")
        assert not list((site / "search").rglob("*.json"))  # served from memory
        assert get(f"{served.url}/search/fi.json")[0] == 200

        (project / "docs/tietoa/poistuva.md").unlink()
        log = served.settle(3)
        assert BUILT in log and "ERROR" not in log, log
        assert not gone.parent.exists() and get(f"{served.url}/tietoa/poistuva/")[0] == 404
        assert kept.stat().st_ino == inode and (site / ".piilotettu").is_file()
        assert (site / ".kansio/tiedosto").is_file()

        served.save("data/services/alfa.yml", *BROKEN)
        served.settle(4)
        served.save("data/services/alfa.yml", *reversed(BROKEN))
        log = served.settle(5)
        assert BUILT in log and "ERROR" not in log, log
        assert kept.stat().st_ino != inode and "Beetapalvelu" in kept.read_text(encoding="utf-8")


BROKEN = ("charge_type: maksuton", "charge_type: ilmainen")
MESSAGE = ('data/services/alfa.yml:7: charge_type: arvo "ilmainen" ei kelpaa '
           "(sallitut: maksuton, maksullinen, muu).")
TOLD = "Esikatselu ei päivittynyt. Korjaa virhe ja tallenna tiedosto"


def timed_get(url: str) -> tuple[float, int, dict, str]:
    start = time.monotonic()
    status, headers, body = get(url)
    return time.monotonic() - start, status, headers, body.decode()


def test_a_failed_build_is_told_every_time_and_every_page_answers_at_once(served):
    served.settle(1)
    served.save("data/services/alfa.yml", *BROKEN)
    log = served.settle(2)  # one failed rebuild, then quiet
    assert MESSAGE in log and TOLD in log, log
    for english in ("Aborted with a BuildError", "appear stuck", "Traceback"):
        assert english not in served.text(), served.text()
    assert served.text().count(MESSAGE) == 1, served.text()  # MkDocs' own copy left out

    for path in ("/palvelut/alfa/", "/", "/palvelut/beeta/", "/ei/ole/olemassa/"):
        seconds, status, headers, body = timed_get(f"{served.url}{path}")
        assert seconds < 5 and status == 200, (path, seconds, status)  # not stuck until fixed
        assert "<h1>Esikatselu ei päivittynyt</h1>" in body and '<html lang="fi">' in body
        assert "<code>data/services/alfa.yml:7</code>" in body, body
        assert "charge_type: arvo &quot;ilmainen&quot; ei kelpaa" in body, body
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Cache-Control"] == "no-store"
    assert get(f"{served.url}/livereload/kasikirja.js")[0] == 200

    served.save("data/services/alfa.yml", *reversed(BROKEN))
    log = served.settle(3)
    assert BUILT in log and "ERROR" not in log and "ei kelpaa" not in log, log
    assert "Alfapalvelu" in get(f"{served.url}/palvelut/alfa/")[2].decode().replace("&shy;", "")

    # The same mistake again later in the session: told again (MkDocs' log dropped repeats).
    served.save("data/services/alfa.yml", *BROKEN)
    log = served.settle(4)
    assert MESSAGE in log and TOLD in log, log
    assert served.text().count(MESSAGE) == 2 and served.text().count(TOLD) == 2
    assert "Esikatselu ei päivittynyt" in timed_get(f"{served.url}/palvelut/alfa/")[3]

    served.save("data/services/alfa.yml", *reversed(BROKEN))
    log = served.settle(5)
    assert BUILT in log and "ERROR" not in log, log


def test_the_error_page_shows_hostile_text_as_text(served):
    """A problem quotes what the editor wrote: markup in it is shown, never run."""
    served.settle(1)
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    served.save("data/services/alfa.yml", "charge_type: maksuton", f"charge_type: '{hostile}'")
    served.settle(2)
    _, status, headers, body = timed_get(f"{served.url}/palvelut/alfa/")
    assert status == 200 and "Esikatselu ei päivittynyt" in body
    assert hostile not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in body
    scripts = [part.split(">", 1)[0] for part in body.split("<script")[1:]]
    assert scripts == [' src="/livereload/kasikirja.js" data-epoch="' + scripts[0].split('"')[3] + '"']
    assert "style=" not in body and "<style" not in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def wait_for(page, script: str, wanted, timeout: float = 60) -> None:
    """Poll ``script`` in the page until it returns ``wanted`` (Playwright's wait_for_function
    evaluates a string, which the pages' policy forbids). A reload in between is retried."""
    deadline, found = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            found = page.evaluate(script)
        except Exception:  # noqa: BLE001 - the page is reloading
            found = None
        if found == wanted:
            return
        time.sleep(0.2)
    raise AssertionError(f"{script} is {found!r}, not {wanted!r}, after {timeout} s")


HEADING = "() => (document.querySelector('h1') || {textContent: ''}).textContent.replace(/\u00ad|¶/g, '')"


def test_the_preview_reloads_by_itself_under_the_pages_policy(served_themed, csp_page):
    """In chromium with the pages' own Content-Security-Policy (meta element; no bypass): a save
    reloads the open page, a failed build turns it into the error page (hostile text inert),
    and the fix turns it back, with no policy violation and no script error."""
    served = served_themed
    served.settle(1)
    page = csp_page
    page.goto(f"{served.url}/palvelut/alfa/")
    assert 'http-equiv="Content-Security-Policy"' in page.content()  # the pages' policy is on
    wait_for(page, HEADING, "Alfapalvelu")

    served.save("data/services/alfa.yml", "name: Alfapalvelu", "name: Alfapalvelu uusi")
    wait_for(page, HEADING, "Alfapalvelu uusi")

    hostile = "<img src=x onerror=window.__ran=1>"
    served.save("data/services/alfa.yml", "charge_type: maksuton", f"charge_type: '{hostile}'")
    wait_for(page, "() => document.title", "Virhe: esikatselu ei päivittynyt")
    text = page.locator("main").inner_text()
    assert "data/services/alfa.yml:7" in text and hostile in text, text
    assert page.evaluate("() => window.__ran") is None
    assert page.locator("main img").count() == 0

    served.save("data/services/alfa.yml", f"charge_type: '{hostile}'", "charge_type: maksuton")
    wait_for(page, HEADING, "Alfapalvelu uusi")
    assert " code 404" not in served.text(), served.text()
    assert page.evaluate("() => window.__csp") == [] and page.problems == [], page.problems
