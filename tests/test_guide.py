"""The editors' guide (docs/tietoa/muokkaaminen.md) run as written.

Every fenced ``sh`` block of the guide is run in order, command by command, as a new editor
would type them: against a real bare repository with the real publishing hooks (installed by
``deploy/setup-publish.sh``, the first publication pushed to the README's remote ``julkaisu``),
in a fresh clone, with a HOME of its own (so the guide's ``git config`` is what names the
author). Between blocks the test does what the guide tells the editor to do by hand (edit a
file) and checks what the guide promises: the preview's address, the published page, the
undone change.

Between blocks the editor also makes the mistakes editors make, and the test reads what
``./kasikirja tarkista`` says about them (a field indented under a text, an English text left
from the copied service, an image without its alternative text), changes the menu
(``data/navigation.yml``), adds a page with an image, and looks at a brochure's PDF.

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
import struct
import subprocess
import sys
import time
import zlib
from html import unescape
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
MENU = "data/navigation.yml"
RENAMED = "Apua heti"  # a menu entry renamed by the editor
PAGE_TITLE = "Velat ja maksuvaikeudet"  # the new page's name in the menu
# The server's configuration, as tests/test_publish.py sets it (.test: a test-only name).
SETTINGS = {"SITE_URL": "https://kasikirja.lapha.test/", "MAINTAINERS": "yllapitaja",
            "PREVIEW_PASSWORD": "testisalasana"}
PREVIEW_URL = f"https://esikatselu.kasikirja.lapha.test/{SLUG}/"


def guide_commands() -> list[list[str]]:
    """The guide's shell blocks, each as its list of commands."""
    text = GUIDE.read_text(encoding="utf-8")
    return [[line for line in block.splitlines() if line.strip() and not line.startswith("#")]
            for block in BLOCK.findall(text)]


def run(command: list[str] | str, cwd: Path, env: dict, check: bool = True, answer: str | None = None):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            shell=isinstance(command, str), timeout=900, input=answer,
                            stdin=subprocess.DEVNULL if answer is None else None)
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


# What the editor writes into the blank file of `./kasikirja uusi-palvelu velkaneuvonta`.
FILLED = {
    "name:": "name: Velkaneuvonta",
    "short_description:": "short_description: Apua velkojen ja maksuvaikeuksien kanssa.",
    "description: |": "description: |\n  Velkaneuvonnassa saat apua, kun velat ja laskut kasvavat.",
    "charge_type:": "charge_type: maksuton",
    "target_groups: []": "target_groups:\n  - Aikuiset",
    "languages: []": "languages: [fi]",
    "area:": "area: Koko Lappi",
    "group:": "group: neuvonta-ja-tuki",
    "organisation:": "organisation: lapin-hyvinvointialue",
    "owner:": "owner: Aikuissosiaalityö",
    # A mistake: the processing time indented under the requirements' text.
    "processing_time:": "",
    "requirements:": "requirements: |\n  Kaikille, joilla on velkaa.\n  processing_time: Heti.",
}


def fill_blank_service(clone: Path) -> None:
    """Step 3 by hand: the editor writes the required fields (and one mistake), and copies the
    English text of another service (a second mistake)."""
    file = clone / SERVICE
    text = file.read_text(encoding="utf-8")
    assert "# Palvelun nimi" in text  # every field is explained above it
    for blank, written in FILLED.items():
        text, count = re.subn(rf"^{re.escape(blank)}$", written, text, count=1, flags=re.M)
        assert count == 1, blank
    old = (clone / "data/services/sosiaalineuvonta.yml").read_text(encoding="utf-8")
    english = re.search(r"^en:\n(?:  .*\n|\n)+", old, re.M).group(0)
    file.write_text(text.replace("\nen:\n", "\n" + english), encoding="utf-8")


def mistakes_found_and_fixed(clone: Path, env: dict) -> None:
    """`./kasikirja tarkista` names each mistake at its line with the fix, in Finnish; the
    editor fixes them as told. First a tab typed at the start of a line (the file cannot be
    read at all), then a field indented under a text and an English text left from a copy."""
    file = clone / SERVICE
    fine = file.read_text(encoding="utf-8")
    file.write_text(fine.replace("\narea: Koko Lappi", "\n\tarea: Koko Lappi"), encoding="utf-8")
    code, said = run("./kasikirja tarkista", clone, env, check=False)
    tab = fine.split("\n").index("area: Koko Lappi") + 1
    assert code == 1 and f"{SERVICE}:{tab}: YAML: rivin alussa on sarkainmerkki (Tab)" in said, said
    assert "found" not in said and "mapping" not in said, said  # no parser English
    file.write_text(fine, encoding="utf-8")
    code, said = run("./kasikirja tarkista", clone, env, check=False)
    assert code == 1, said
    lines = (clone / SERVICE).read_text(encoding="utf-8").split("\n")
    indented = lines.index("  processing_time: Heti.") + 1
    assert (f"{SERVICE}:{indented}: processing_time: rivi on sisennetty tekstin requirements "
            "sisään") in said, said
    assert "englanninkielinen teksti on sama kuin palvelulla sosiaalineuvonta" in said, said
    text = "\n".join(lines).replace("  processing_time: Heti.", "processing_time: Heti.")
    text = re.sub(r"^en:\n(?:  .*\n|\n)+", "", text, count=1, flags=re.M)
    (clone / SERVICE).write_text(text, encoding="utf-8")


def png(width: int = 4, height: int = 3) -> bytes:
    """A small real PNG image (the publishing server checks an image's bytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


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
        if server.poll() is None:
            os.killpg(server.pid, 15)
        server.wait(timeout=30)


def test_a_new_editor_follows_the_guide_add_preview_publish_undo(tmp_path):
    blocks = guide_commands()
    commands = [command for block in blocks for command in block]
    # The guide's steps, in order (each is one block of commands).
    firsts = [block[0] for block in blocks]
    assert firsts[0].startswith("git clone --origin julkaisu OSOITE")
    assert "./kasikirja esikatsele" in firsts
    assert commands.index("./kasikirja esikatsele") < commands.index("git status") < \
        commands.index("git diff") < commands.index("git add -A") < \
        commands.index("./kasikirja tarkista") < next(
            i for i, c in enumerate(commands) if c.startswith("git commit"))
    assert not any(c.startswith("cp data/services/") for c in commands)  # uusi-palvelu instead
    assert not any(c.startswith("git revert") for c in commands)  # ./kasikirja peru instead
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
    checked: list[str] = []
    outputs: dict[str, str] = {}
    for block in blocks:
        if "git add -A" in block:
            adds += 1
            if adds == 2:  # the further change after the preview: link it from another
                # service, and give a page another name in the menu (data/navigation.yml)
                edit(clone / "data/services/sosiaalineuvonta.yml",
                     "related_services:\n", "related_services:\n  - velkaneuvonta\n")
                edit(clone / MENU, "- title: Kiireellinen apu\n", f"- title: {RENAMED}\n")
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
            answer = "k\n" if command == "./kasikirja peru" else None  # the editor says yes
            _, outputs[command] = run(command.replace("OSOITE", shlex.quote(str(server.bare))),
                                      cwd, env, answer=answer)
        if block[0].startswith("./kasikirja uusi-palvelu"):  # step 3, by hand: fill it in,
            fill_blank_service(clone)  # with two mistakes, which the check names
            mistakes_found_and_fixed(clone, env)
        checked += after(block, outputs, server, clone, env)

    assert checked == ["looked", "preview", "looked", "preview", "published",
                                         "preview deleted", "undone", "page added",
                                         "brochure"], checked
    # The undone change: the page is gone from the live site, the link too.
    assert server.live(PAGE) is None
    assert "velkaneuvonta" not in server.live("palvelut/sosiaalineuvonta/index.html")
    assert server.preview(PAGE) is None  # the preview was deleted with its branch


def after(block: list[str], outputs: dict[str, str], server: Server, clone: Path,
          env: dict) -> list[str]:
    """What the guide promises after each step; returns which promises were checked."""
    last = block[-1]
    done = []
    if block[0] == "git status":  # step 5: the editor looked at what changed
        looked(outputs, clone, env)
        done.append("looked")
    found = promise(block, outputs, server, clone, env, outputs.get(last, ""), last)
    return done + ([found] if found else [])


def looked(outputs: dict[str, str], clone: Path, env: dict) -> None:
    """Step 5: ``git status`` and ``git diff`` showed what the editor changed; the reminders
    are grouped, with lines, and in the editor's words."""
    status, diff = outputs["git status"], outputs["git diff"]
    if "Untracked files" in status:  # the first round: a new file, nothing changed yet
        assert SERVICE in status and diff == "", (status, diff)
    else:  # the second: a link added, a menu entry renamed, line by line
        assert "modified:   data/services/sosiaalineuvonta.yml" in status, status
        assert "+  - velkaneuvonta" in diff and f"+    - title: {RENAMED}" in diff, diff
        assert "-    - title: Kiireellinen apu" in diff, diff
    reminders = run("./kasikirja tarkista --kaikki", clone, env)[1]
    assert "rivit" in reminders and "].verified" not in reminders, reminders
    assert "python -m macros" not in reminders and "README" not in reminders, reminders


def promise(block: list[str], outputs: dict[str, str], server: Server, clone: Path, env: dict,
            said: str, last: str) -> str | None:
    """What the guide promises after a step other than looking at the changes."""
    if last == "git push julkaisu muutos/velkaneuvonta":
        assert f"remote: Esikatselu: {PREVIEW_URL}" in said, said
        assert "Velkaneuvonta" in server.preview(PAGE)
        assert server.live(PAGE) is None  # the live handbook did not change
        return "preview"
    elif block[0] == "git switch main" and "git merge" in " ".join(block):
        assert "Julkaistu" in said and f"remote: Käsikirja: {SETTINGS['SITE_URL']}" in said, said
        page = server.live(PAGE)
        assert "Velkaneuvonta" in page
        # In the menu without a menu entry: under Palvelut, marked, with a path above it.
        path = re.search(r'<nav class="md-path".*?</nav>', page, re.S)
        assert path and "Palvelut" in path.group(0), "no path of links above the title"
        assert re.search(r'md-nav__link--active">\s*<span class="md-ellipsis">\s*Velkaneuvonta',
                         page), "the new service is not marked in its menu"
        assert "velkaneuvonta" in server.live("palvelut/sosiaalineuvonta/index.html")
        assert RENAMED in server.live("asukkaille/index.html")  # the menu is content
        changes = unescape(server.live("tietoa/muutokset/index.html"))  # subjects are text
        assert "Julkaistu: velkaneuvonta" in changes
        assert "Velkaneuvonta sosiaalineuvonnan" not in changes
        return "published"
    elif block[0].startswith("git push julkaisu --delete"):
        assert server.preview(PAGE) is None
        return "preview deleted"
    elif "./kasikirja peru" in block:
        assert "Julkaistu" in said, said
        shown = outputs["./kasikirja peru"]
        assert "Viimeisin julkaistu muutos" in shown and "data/services/velkaneuvonta.yml" in shown
        assert RENAMED not in server.live("asukkaille/index.html")
        # The same step again would undo the undo: it refuses, and nothing changes.
        code, again = run("./kasikirja peru", clone, env, check=False, answer="k\n")
        assert code == 1 and "itse peruminen" in again and "Mitään ei muutettu" in again, again
        assert run("git log -1 --format=%s", clone, env)[1].strip() == "Peruttu: velkaneuvonta"
        rollback_then_next_push(server, clone, env)
        return "undone"
    elif block[0].startswith("./kasikirja uusi-sivu"):
        add_page_with_image(server, clone, env, block[0].split()[-1])
        return "page added"
    elif block[0].startswith("./kasikirja esite"):
        service = block[0].split()[-1]
        pdf = clone / f"esite-{service}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF"), said
        assert pdf.name not in run("git status --porcelain", clone, env)[1]  # never published
        return "brochure"
    return None


def add_page_with_image(server: Server, clone: Path, env: dict, name: str) -> None:
    """The guide's new page, written as its sections say: text and an image in kuvat/ (first
    without its alternative text, which the check refuses), a place and name in the menu;
    then saved and published as in steps 5 and 7."""
    page = clone / "docs" / f"{name}.md"
    assert page.is_file()
    (page.parent / "kuvat").mkdir(exist_ok=True)
    (page.parent / "kuvat" / "velat.png").write_bytes(png())
    with page.open("a", encoding="utf-8") as out:
        out.write("\nVelkaneuvonta auttaa, kun laskut kasvavat.\n\n![](kuvat/velat.png)\n")
    edit(clone / MENU, "    - title: Kiireellinen apu\n", f"    - title: {PAGE_TITLE}\n      page: "
         f"{name}.md\n    - title: Kiireellinen apu\n")
    run("git add -A", clone, env)
    code, said = run("./kasikirja tarkista", clone, env, check=False)
    assert code == 1 and f"docs/{name}.md:" in said and "vaihtoehtoinen teksti" in said, said
    edit(page, "![](kuvat/velat.png)", "![Laskupino keittiön pöydällä](kuvat/velat.png)")
    for command in ("git add -A", "./kasikirja tarkista", "git commit -m Velat",
                    "git push julkaisu main"):
        run(command, clone, env)
    live = server.live(f"{name}/index.html")
    assert live and 'alt="Laskupino keittiön pöydällä"' in live
    assert re.search(rf'md-nav__link--active">\s*<span class="md-ellipsis">\s*{PAGE_TITLE}', live)
    assert (server.site_root / "current" / Path(name).parent / "kuvat/velat.png").is_file()


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
