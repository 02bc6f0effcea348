"""The editors' guide (docs/tietoa/muokkaaminen.md) run as written.

Every fenced ``sh`` block of the guide is run in order, command by command, as a new editor
would type them: against a real bare repository with the real publishing hooks (installed by
``deploy/setup-publish.sh``, the first publication pushed to the README's remote ``julkaisu``),
in a fresh clone, with a HOME of its own (so the guide's ``git config`` is what names the
author). Between blocks the test does what the guide tells the editor to do by hand (edit a
file) and checks what the guide promises: the preview's address, the published page, the
undone change.

Two commands are not run literally:
- ``bash .ci/setup`` installs the Python environment, which CI's ``.ci/run`` has just done
  with the same script; the test first checks that ``./kasikirja`` in the fresh clone says in
  Finnish to run it, then links the installed ``.venv`` into the clone.
- ``./kasikirja esikatsele`` serves until Ctrl+C: it is started with a free loopback port
  (``-a``), the new page is fetched from it, and it is stopped.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from servers import free_port, get
from sites import ENV, ROOT

pytestmark = pytest.mark.publish

GUIDE = ROOT / "docs" / "tietoa" / "muokkaaminen.md"
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.M | re.S)
SERVICE = "data/services/velkaneuvonta.yml"
PAGE = "palvelut/velkaneuvonta/index.html"
SLUG = "muutos-velkaneuvonta"
# The server's configuration, as tests/test_publish.py sets it (.test: a test-only name).
SETTINGS = {"SITE_URL": "https://kasikirja.lapha.test/", "MAINTAINERS": "yllapitaja",
            "PREVIEW_PASSWORD": "testisalasana"}
PREVIEW_URL = f"https://esikatselu.kasikirja.lapha.test/{SLUG}/"


def guide_commands() -> list[list[str]]:
    """The guide's shell blocks, each as its list of commands."""
    text = GUIDE.read_text(encoding="utf-8")
    return [[line for line in block.splitlines() if line.strip() and not line.startswith("#")]
            for block in BLOCK.findall(text)]


def run(command: list[str] | str, cwd: Path, env: dict, check: bool = True):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            shell=isinstance(command, str), timeout=900, stdin=subprocess.DEVNULL)
    output = result.stdout + result.stderr
    assert not check or result.returncode == 0, f"{command} failed:\n{output}"
    assert "Traceback" not in output, output
    return result.returncode, output


def project_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    return [f for f in out if f and (ROOT / f).is_file()]


class Server:
    """The administrator's side: the bare repository with its hooks, and the first publication."""

    def __init__(self, tmp: Path, env: dict):
        self.bare, self.site_root = tmp / "kasikirja.git", tmp / "www"
        run(["bash", str(ROOT / "deploy/setup-publish.sh"), str(self.bare), str(self.site_root),
             sys.executable], ROOT, {**env, **SETTINGS, "CONFIG_DIR": str(tmp / "etc")})
        admin = tmp / "admin"
        for name in project_files():
            target = admin / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((ROOT / name).read_bytes())
            target.chmod((ROOT / name).stat().st_mode)
        for command in (["git", "init", "-q", "--initial-branch=main"], ["git", "add", "-A"],
                        ["git", "-c", "user.name=Ylläpitäjä", "-c", "user.email=yllapito@example.invalid",
                         "commit", "-qm", "Käsikirja"],
                        ["git", "remote", "add", "julkaisu", str(self.bare)],
                        ["git", "push", "-q", "julkaisu", "main"]):
            # The first publication holds the code too: a maintainer's push (as git-shell-as
            # names the pusher from the key); the editor's pushes below are an editor's.
            run(command, admin, {**env, "HANDBOOK_PUSHER": SETTINGS["MAINTAINERS"]})

    def live(self, path: str) -> str | None:
        file = self.site_root / "current" / path
        return file.read_text(encoding="utf-8") if file.is_file() else None

    def preview(self, path: str) -> str | None:
        file = self.site_root / "previews" / SLUG / path
        return file.read_text(encoding="utf-8") if file.is_file() else None


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def preview_locally(clone: Path, command: str, env: dict) -> None:
    """``./kasikirja esikatsele`` on a free port: the new service page is served, then stop."""
    port = free_port()
    log = clone.parent / "esikatselu.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen([*shlex.split(command), "-a", f"127.0.0.1:{port}"], cwd=clone,
                                  env=env, stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while "Serving on" not in log.read_text(encoding="utf-8"):
            assert server.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.5)
        status, _, body = get(f"http://127.0.0.1:{port}/palvelut/velkaneuvonta/")
        assert status == 200 and "Velkaneuvonta" in body.decode(), status
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def test_a_new_editor_follows_the_guide_add_preview_publish_undo(tmp_path):
    blocks = guide_commands()
    commands = [command for block in blocks for command in block]
    # The guide's steps, in order (each is one block of commands).
    firsts = [block[0] for block in blocks]
    assert firsts[0].startswith("git clone --origin julkaisu OSOITE")
    assert "git add -A" in firsts and "./kasikirja esikatsele" in firsts
    assert commands.index("./kasikirja esikatsele") < commands.index("git add -A") < \
        commands.index("./kasikirja tarkista") < next(
            i for i, c in enumerate(commands) if c.startswith("git commit"))
    assert not any(c.startswith("git commit -a") for c in commands)  # it leaves new files out

    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in ENV.items()
           if not k.startswith(("GIT_AUTHOR", "GIT_COMMITTER", "HANDBOOK_PUSHER"))}
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", LANG="C.UTF-8")
    server = Server(tmp_path, env)
    assert server.live(PAGE) is None

    cwd = tmp_path / "tyo"
    cwd.mkdir()
    clone = cwd / "kasikirja"
    adds = 0
    checked: list[str | None] = []
    outputs: dict[str, str] = {}
    for block in blocks:
        if block[0] == "git add -A":
            adds += 1
            if adds == 2:  # the further change after the preview: link it from another service
                edit(clone / "data/services/sosiaalineuvonta.yml",
                     "related_services:\n", "related_services:\n  - velkaneuvonta\n")
        for command in block:
            if command.startswith("cd "):
                cwd = cwd / command[3:]
                continue
            if command == "bash .ci/setup":
                code, said = run("./kasikirja tarkista", cwd, env, check=False)
                assert code == 1 and "bash .ci/setup" in said and "ei ole vielä asennettu" in said
                (cwd / ".venv").symlink_to(ROOT / ".venv")
                continue
            if command.startswith("./kasikirja esikatsele"):
                preview_locally(cwd, command, env)
                continue
            _, outputs[command] = run(command.replace("OSOITE", shlex.quote(str(server.bare))),
                                      cwd, env)
        if block[0].startswith("cp data/services/"):  # step 3, by hand: the copy is edited
            edit(clone / SERVICE, "name: Sosiaalineuvonta", "name: Velkaneuvonta")
        checked.append(after(block, outputs, server, clone, env))

    assert [c for c in checked if c] == ["preview", "preview", "published", "preview deleted",
                                         "undone"], checked
    # The undone change: the page is gone from the live site, the link too.
    assert server.live(PAGE) is None
    assert "velkaneuvonta" not in server.live("palvelut/sosiaalineuvonta/index.html")
    assert server.preview(PAGE) is None  # the preview was deleted with its branch


def after(block: list[str], outputs: dict[str, str], server: Server, clone: Path,
          env: dict) -> str | None:
    """What the guide promises after each step; returns which promise was checked."""
    last = block[-1]
    said = outputs.get(last, "")
    if last == "git push julkaisu muutos/velkaneuvonta":
        assert f"remote: Esikatselu: {PREVIEW_URL}" in said, said
        assert "Velkaneuvonta" in server.preview(PAGE)
        assert server.live(PAGE) is None  # the live handbook did not change
        return "preview"
    elif block[0] == "git switch main" and "git merge" in " ".join(block):
        assert "Julkaistu" in said and f"remote: Käsikirja: {SETTINGS['SITE_URL']}" in said, said
        assert "Velkaneuvonta" in server.live(PAGE)
        assert "velkaneuvonta" in server.live("palvelut/sosiaalineuvonta/index.html")
        return "published"
    elif block[0].startswith("git push julkaisu --delete"):
        assert server.preview(PAGE) is None
        return "preview deleted"
    elif "git revert" in " ".join(block):
        assert "Julkaistu" in said, said
        rollback_then_next_push(server, clone, env)
        return "undone"
    return None


def rollback_then_next_push(server: Server, clone: Path, env: dict) -> None:
    """The guide's word on a rollback: it switches the live site to the previous release, and
    the next publication from main replaces it."""
    assert server.live(PAGE) is None
    run(["bash", str(ROOT / "deploy/rollback.sh"), str(server.site_root)], ROOT, env)
    assert "Velkaneuvonta" in server.live(PAGE)  # the release before the undo is back
    edit(clone / "data/services/sosiaalineuvonta.yml", "name: Sosiaalineuvonta",
         "name: Sosiaalineuvonta ja ohjaus")
    for command in ("git add -A", "git commit -m Tarkennettu", "git push julkaisu main"):
        run(command, clone, env)
    assert server.live(PAGE) is None  # main as it is, the undo included
