"""`mkdocs serve` as an editor uses it: the real server on a fixture site, on a loopback port.

One saved change is one rebuild; reading a file (the build itself, `check`, an editor opening
it) is none; the server settles; a build error stays the last thing in the log until it is
fixed. Rebuilds are counted from the server's log over a quiet period.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from servers import free_port, get
from sites import ENV, fixture_site, run_cli

BUILD = "Building documentation"
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


@pytest.fixture
def served(tmp_path):
    project = fixture_site(tmp_path)
    log = tmp_path / "serve.log"
    port = free_port()
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
            env=ENV, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
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


def test_one_rebuild_per_saved_change_none_for_reads(served):
    served.settle(1)  # the first build
    # Reading is not a change: opening every data file, and `check` reading them all.
    for file in sorted((served.project / "data").rglob("*.yml")):
        file.read_text(encoding="utf-8")
    assert run_cli(served.project, "check").returncode == 0
    served.settle(1)

    served.save("data/services/alfa.yml", "name: Alfapalvelu", "name: Alfapalvelu uusi")
    log = served.settle(2)
    assert "Documentation built" in log, log
    assert "Alfapalvelu uusi" in get(f"{served.url}/palvelut/alfa/")[2].decode()

    served.save("docs/index.md", "# Etusivu", "# Etusivu muutettu")
    log = served.settle(3)
    assert "Documentation built" in log, log
    assert "Etusivu muutettu" in get(f"{served.url}/")[2].decode().replace("&shy;", "")


def test_a_build_error_stays_visible_until_fixed(served):
    served.settle(1)
    served.save("data/services/alfa.yml", "charge_type: maksuton", "charge_type: ilmainen")
    log = served.settle(2)  # one failed rebuild, then quiet: the message is not scrolled away
    message = ('data/services/alfa.yml:7: charge_type: arvo "ilmainen" ei kelpaa '
               "(sallitut: maksuton, maksullinen, muu).")
    assert message in log and log.count("Aborted with a BuildError") == 1, log
    assert "Traceback" not in served.text()
    assert "Korjaa virhe ja tallenna" in log, log  # what to do, in Finnish, after the message

    served.save("data/services/alfa.yml", "charge_type: ilmainen", "charge_type: maksuton")
    log = served.settle(3)
    assert "Documentation built" in log and "ei kelpaa" not in log, log
