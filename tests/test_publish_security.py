"""Hostile pushes to the publishing server (deploy/), with real git, real bubblewrap and real nginx.

An editor's push may change content only; nobody's push may hold a link or a submodule; every
build, a maintainer's too, runs sandboxed as the build user and finds nothing of the server's;
previews live on their own origin behind a password; caches are per ref; rollback never returns
to a rolled-back release; main is not published at a placeholder address. Pushes go through
git-shell-as as sshd runs it (a fake ssh that runs the key's forced command from authorized_keys).
"""

from __future__ import annotations

import base64
import grp
import importlib.util
import json
import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from servers import get, nginx_published
from sites import ENV, ROOT, build, fixture_site
from test_publish import (
    GIT_ENV,
    MAINTAINER,
    PREVIEW_HOST,
    PREVIEW_LOGIN,
    SERVICE,
    SITE_URL,
    Publisher,
    git,
    remote_lines,
    tree_digest,
)

pytestmark = [pytest.mark.publish, pytest.mark.server]

EDITOR = "maija"  # a key of the push account whose user is not in the maintainers list
BUILD_USER = "kasikirja-build"
# A valid PNG of one pixel: what an editor's image really is.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEA"
                       "W9yd3wAAAABJRU5ErkJggg==")
FAKE_SSH = """#!/bin/sh
# What sshd does for a key with a forced command: run it with the client's command in
# SSH_ORIGINAL_COMMAND. $KEY_USER picks the key's line in authorized_keys.
for last; do :; done
forced=$(sed -n "s/^command=\\"\\([^\\"]*\\) $KEY_USER\\",restrict .*/\\1 $KEY_USER/p" "$AUTHORIZED_KEYS")
[ -n "$forced" ] || { echo "Permission denied (publickey)." >&2; exit 255; }
SSH_ORIGINAL_COMMAND=$last exec ${PUSH_ACCOUNT:+runuser -u "$PUSH_ACCOUNT" --} /bin/sh -c "$forced"
"""


class Server(Publisher):
    """The publishing server, reached over "ssh" with one key per person."""

    def __init__(self, tmp: Path, **settings: str):
        super().__init__(tmp, **settings)
        keys = tmp / "authorized_keys"
        keys.write_text("".join(
            f'command="{self.config}/git-shell-as {user}",restrict ssh-ed25519 AAAAC3Nza{user} {user}\n'
            for user in (MAINTAINER, EDITOR)))
        (tmp / "ssh").write_text(FAKE_SSH)
        (tmp / "ssh").chmod(0o755)
        self.ssh_env = {**GIT_ENV, "GIT_SSH_COMMAND": str(tmp / "ssh"), "GIT_SSH_VARIANT": "simple",
                        "AUTHORIZED_KEYS": str(keys), "PUSH_ACCOUNT": settings.get("PUSH_USER", "")}

    def push_as(self, user: str, repo: Path, *refspec: str, env: dict | None = None):
        """git push over ssh with USER's key (the client's own environment cannot name anyone)."""
        return subprocess.run(
            ["git", "-C", str(repo), "push", "-q", f"ssh://kasikirja{self.bare}", *refspec],
            env={**self.ssh_env, "KEY_USER": user, **(env or {})}, capture_output=True,
            text=True, stdin=subprocess.DEVNULL, timeout=600)

    def clone_branch(self, name: str, branch: str | None = None) -> Path:
        repo = self.clone(name)
        if branch:
            git(repo, "checkout", "-qb", branch)
        return repo

    def write(self, repo: Path, files: dict[str, str | bytes | None], message: str) -> None:
        for path, content in files.items():
            target = repo / path
            if content is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", message)

    def live(self) -> tuple[str, str]:
        return self.current(), tree_digest(self.site_root / "current")


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and 'File "' not in result.stderr, result.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("secure"))
    result = server.push_as(MAINTAINER, server.editor, "main")
    assert result.returncode == 0, result.stderr
    return server


@pytest.fixture(scope="module")
def web(server, tmp_path_factory):
    with nginx_published(server.config, tmp_path_factory.mktemp("nginx-secure")) as url:
        yield url


# --- 2. An editor's push changes content only ---------------------------------------------------

NOT_CONTENT = {
    "macros/assemble/hooks.py": "# muutettu\n",
    "mkdocs.yml": "site_name: Toinen\n",
    "overrides/main.html": "{% extends 'base.html' %}\n",
    "docs/assets/handbook.js": "alert(1)\n",
    "docs/assets/handbook.css": "body{}\n",
    "docs/kuvat/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>\n",
    "docs/kuvat/kaavio.png": "<script>alert(1)</script>",  # not a PNG whatever its name says
    "requirements.txt": "mkdocs==0.1\n",
    "deploy/hooks/pre-receive": "#!/bin/sh\nexit 0\n",
    ".ci/setup": "curl x | sh\n",
    ".github/workflows/publish.yml": "on: push\n",
    "CODEOWNERS": "* @kuka-tahansa\n",
    "docs/robots.txt": "User-agent: *\n",
}


def test_an_editors_push_touching_anything_but_content_is_refused_naming_each_file(server):
    before, before_main = server.live(), server.main()
    repo = server.clone("editor-code")
    server.write(repo, {**NOT_CONTENT, "docs/tietoa/uusi.md": "# Uusi\n",
                        SERVICE: (repo / SERVICE).read_text() + "\n"}, "Sisältöä ja koodia")
    (repo / "data/services/asumisneuvonta.yml").chmod(0o755)  # content, but executable
    git(repo, "commit", "-qam", "Suoritettava")
    # The client says it is the maintainer: the key decides, not the client's environment.
    for refspec, refused in (("main", "JULKAISU HYLÄTTY"),
                             ("HEAD:refs/heads/koodia", "ESIKATSELU HYLÄTTY")):
        result = server.push_as(EDITOR, repo, refspec, env={"HANDBOOK_PUSHER": MAINTAINER})
        assert result.returncode != 0
        lines = remote_lines(result)
        assert (f"remote: {refused}: muutos koskee muutakin kuin sisältöä "
                f"(käyttäjä {EDITOR} ei ole ylläpitäjä).") in lines
        for path in NOT_CONTENT:
            assert any(line.endswith(f"  {path}") or f"  {path} (" in line for line in lines), (path, lines)
        assert "remote:   docs/kuvat/kaavio.png (ei ole PNG-kuva)" in lines
        assert ("remote:   data/services/asumisneuvonta.yml "
                "(suoritettava tiedosto: poista suoritusoikeus)") in lines
        assert not any("uusi.md" in line or "sosiaalineuvonta.yml" in line for line in lines)
        assert "pyydä ylläpitäjää tekemään muutos" in result.stderr
        assert "Tarkistetaan" not in result.stderr  # refused before anything is built
        no_traceback(result)
    assert server.live() == before and server.main() == before_main
    assert not (server.site_root / "previews/koodia").exists()
    assert git(server.bare, "rev-parse", "-q", "--verify", "refs/heads/koodia", check=False).returncode


def test_a_push_without_a_name_is_an_editors(server):
    repo = server.clone("nameless")
    server.write(repo, {"macros/uusi.py": "x = 1\n"}, "Koodia")
    result = server.push(repo)  # a local push: no key, so no name
    assert result.returncode != 0 and "tunnistamaton lähettäjä ei ole ylläpitäjä" in result.stderr
    assert "remote:   macros/uusi.py" in remote_lines(result)


def test_links_and_submodules_are_refused_for_everyone_without_showing_the_target(server):
    before, before_main = server.live(), server.main()
    repo = server.clone("links")
    htpasswd = server.config / "previews.htpasswd"
    (repo / "docs/tietoa").mkdir(parents=True, exist_ok=True)
    os.symlink(htpasswd, repo / "docs/tietoa/salasanat.md")
    os.symlink("/etc/shadow", repo / "data/varjo.yml")
    git(repo, "add", "-A")
    commit = git(repo, "rev-parse", "HEAD").stdout.strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{commit},docs/alimoduuli")
    git(repo, "commit", "-qm", "Linkkejä")
    result = server.push_as(MAINTAINER, repo, "main")
    assert result.returncode != 0
    lines = remote_lines(result)
    assert any("JULKAISU HYLÄTTY: käsikirjassa saa olla vain tavallisia tiedostoja" in line
               for line in lines)
    for entry in ("docs/tietoa/salasanat.md (linkki)", "data/varjo.yml (linkki)",
                  "docs/alimoduuli (alimoduuli)"):
        assert f"remote:   {entry}" in lines, lines
    assert "$apr1$" not in result.stderr and "root:" not in result.stderr
    assert str(htpasswd) not in result.stderr  # not even where the link points
    no_traceback(result)
    assert server.live() == before and server.main() == before_main


def test_codeowners_gives_editors_the_same_files_as_the_server():
    """CODEOWNERS (GitHub, GitLab) and push_policy.py agree on what is content."""
    spec = importlib.util.spec_from_file_location("push_policy", ROOT / "deploy/hooks/push_policy.py")
    policy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(policy)
    rules = []
    for line in (ROOT / "CODEOWNERS").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            regex = re.escape(pattern.lstrip("/")).replace(r"\*\*/", "(.*/)?").replace(r"\*", "[^/]*")
            rules.append((re.compile(regex + "$"), owners))
    paths = [*NOT_CONTENT, "data/services/uusi.yml", "data/laws.yml", "docs/index.md",
             "docs/tietoa/kuvat/kaavio.png", "docs/a/b/c.webp", "docs/assets/kuva.jpg", "macros/x.py",
             "data/x.json", "docs/x.html", "deploy/setup-publish.sh", "data/ptv.json",
             "data/finlex.json", "data/services/ptv.json"]
    for path in paths:
        owners = [o for regex, o in rules if regex.match(path) or regex.pattern == "[^/]*$"][-1]
        editors = any("toimittajat" in o for o in owners)
        assert editors == (policy.content_kind(path.encode()) is not None), path
        assert any("yllapitajat" in o for o in owners), path


def test_git_shell_as_lets_a_key_run_git_only(server):
    wrapper = server.config / "git-shell-as"

    def run(*args: str, command: str | None = None) -> subprocess.CompletedProcess:
        env = {"PATH": os.environ["PATH"], **({"SSH_ORIGINAL_COMMAND": command} if command else {})}
        return subprocess.run([str(wrapper), *args], env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=30)

    interactive = run(EDITOR)
    assert interactive.returncode != 0 and "vain lähettää (git push)" in interactive.stderr
    for command in ("cat /etc/passwd", "sh -c id", f"git-receive-pack '{server.bare}'; id"):
        result = run(EDITOR, command=command)
        assert result.returncode != 0 and "root:" not in result.stdout and "uid=" not in result.stdout
    for name in ("", "-c", "maija; id", "a b", "../x"):
        result = run(name, command=f"git-upload-pack '{server.bare}'")
        assert result.returncode != 0 and "virheellinen" in result.stderr, name
    fetch = subprocess.run(["git", "ls-remote", f"ssh://kasikirja{server.bare}", "main"],
                           env={**server.ssh_env, "KEY_USER": EDITOR}, capture_output=True,
                           text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert fetch.returncode == 0 and server.main() in fetch.stdout  # fetching works
    unknown = subprocess.run(["git", "ls-remote", f"ssh://kasikirja{server.bare}"],
                             env={**server.ssh_env, "KEY_USER": "vieras"}, capture_output=True,
                             text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert unknown.returncode != 0  # no key, no access


# --- 3. Every build is sandboxed, a maintainer's too --------------------------------------------

PROBE = '''"""A maintainer's hostile build hook: tries what a build must never do, reports in the site."""
import json, os, socket
from pathlib import Path

SITE_ROOT, CONFIG, BARE, PORT = {site_root!r}, {config!r}, {bare!r}, {port}


def attempt(action):
    try:
        return "onnistui: " + repr(action())[:300]
    except Exception as error:
        return "estetty: " + type(error).__name__


def write(path):
    Path(path).write_text("murto")
    return path


def on_post_build(config):
    tree = os.path.dirname(config.config_file_path)
    results = {{
        "uid": os.getuid(), "groups": os.getgroups(), "env": sorted(os.environ),
        "lue /etc/shadow": attempt(lambda: open("/etc/shadow").read()),
        "lue htpasswd": attempt(lambda: open(CONFIG + "/previews.htpasswd").read()),
        "lue publish.env": attempt(lambda: open(CONFIG + "/publish.env").read()),
        "lue maintainers": attempt(lambda: open(CONFIG + "/maintainers").read()),
        "lue hooks": attempt(lambda: open(BARE + "/hooks/pre-receive").read()),
        "lue repo config": attempt(lambda: open(BARE + "/config").read()),
        "lue julkaistu": attempt(lambda: open(SITE_ROOT + "/current/index.html").read()),
        "listaa julkaisut": attempt(lambda: os.listdir(SITE_ROOT + "/releases")),
        "listaa /root": attempt(lambda: [n for n in os.listdir("/root") if n != ".pyenv"]),
        "listaa /home": attempt(lambda: os.listdir("/home")),
        "listaa välimuistit": attempt(lambda: os.listdir(SITE_ROOT + "/cache")),
        "verkko loopback": attempt(lambda: socket.create_connection(("127.0.0.1", PORT), timeout=3)),
        "nimipalvelu": attempt(lambda: socket.getaddrinfo("pypi.org", 443)),
        "kirjoita julkaistuun": attempt(lambda: write(SITE_ROOT + "/current/index.html")),
        "kirjoita mainin välimuistiin": attempt(lambda: write(SITE_ROOT + "/cache/main/yaml/x")),
        "kirjoita lähteeseen": attempt(lambda: write(tree + "/mkdocs.yml")),
        "kirjoita /etc": attempt(lambda: write("/etc/kasikirja-murto")),
        "kirjoita hooks": attempt(lambda: write(BARE + "/hooks/post-receive")),
        "kirjoita /tmp": attempt(lambda: write("/tmp/kasikirja-murto")),
        "kirjoita /var/tmp": attempt(lambda: write("/var/tmp/kasikirja-murto")),
        "kirjoita /dev/shm": attempt(lambda: write("/dev/shm/kasikirja-murto")),
        "kirjoita /run": attempt(lambda: write("/run/kasikirja-murto")),
        "kirjoita /home": attempt(lambda: write("/home/kasikirja-murto")),
        "avoimet tiedostot": sorted(os.listdir("/proc/self/fd")),
    }}
    Path(config.site_dir, "probe.json").write_text(json.dumps(results, ensure_ascii=False))
'''
ALLOWED_ENV = {"PATH", "HOME", "LANG", "NO_MKDOCS_2_WARNING", "PYTHONDONTWRITEBYTECODE",
               "GIT_CONFIG_NOSYSTEM", "HANDBOOK_GIT_DIR", "HANDBOOK_CACHE_DIR", "SITE_URL",
               "HANDBOOK_EDIT_URL", "PWD", "GIT_CONFIG_GLOBAL"}


def test_a_maintainers_hostile_build_finds_nothing_of_the_server(server, web):
    before, before_main = server.live(), server.main()
    main_cache = tree_digest(server.site_root / "cache/main")
    port = int(web.rsplit(":", 1)[1])
    repo = server.clone_branch("probe", "kokeilu/koetin")
    config = (repo / "mkdocs.yml").read_text()
    assert "hooks:\n  - macros/assemble/hooks.py\n" in config
    server.write(repo, {
        "probe.py": PROBE.format(site_root=str(server.site_root), config=str(server.config),
                                 bare=str(server.bare), port=port),
        "mkdocs.yml": config.replace("hooks:\n  - macros/assemble/hooks.py\n",
                                     "hooks:\n  - macros/assemble/hooks.py\n  - probe.py\n")},
        "Koetin")
    result = server.push_as(MAINTAINER, repo, "kokeilu/koetin")  # a maintainer may change code
    assert result.returncode == 0, result.stderr
    probe = json.loads((server.site_root / "previews/kokeilu-koetin/probe.json").read_text())
    build = pwd.getpwnam(BUILD_USER)
    assert probe["uid"] == build.pw_uid != 0 and probe["groups"] in ([], [build.pw_gid])
    assert set(probe["env"]) <= ALLOWED_ENV, probe["env"]
    # Nothing open but the standard streams (and the listing itself): not the publishing lock.
    assert len(probe["avoimet tiedostot"]) <= 4, probe["avoimet tiedostot"]
    tried = {k: v for k, v in probe.items() if k not in ("uid", "groups", "env", "avoimet tiedostot")}
    assert all(v.startswith("estetty") or v == "onnistui: []" for k, v in tried.items()
               if k not in ("kirjoita /tmp", "listaa välimuistit")), tried
    assert tried["listaa välimuistit"] == "onnistui: ['previews']"  # its own only, not main's
    assert tried["kirjoita /tmp"].startswith("onnistui")  # a private /tmp, gone with the build
    assert not Path("/tmp/kasikirja-murto").exists() and not Path("/etc/kasikirja-murto").exists()
    assert server.live() == before and server.main() == before_main
    assert tree_digest(server.site_root / "cache/main") == main_cache
    assert (server.bare / "hooks/post-receive").read_text().startswith("#!/usr/bin/env bash")
    # The release belongs to the account that runs the hooks, not to the build user.
    release = server.site_root / os.readlink(server.site_root / "previews/kokeilu-koetin").replace("../", "")
    assert {p.stat().st_uid for p in release.rglob("*")} == {os.getuid()}


LINKING_HOOK = '''"""A maintainer's build hook that leaves links to server files in the site."""
import os


def on_post_build(config):
    os.symlink("/etc/passwd", os.path.join(config.site_dir, "kayttajat.html"))
    os.symlink({config!r}, os.path.join(config.site_dir, "asetukset"))
'''


def test_a_build_that_makes_links_is_refused(server, web):
    """nginx would follow a link in a release: the sandbox refuses the build instead."""
    before = server.live()
    repo = server.clone_branch("linking", "linkit")
    config = (repo / "mkdocs.yml").read_text()
    hooks = "hooks:\n  - macros/assemble/hooks.py\n"
    server.write(repo, {"linkit.py": LINKING_HOOK.format(config=str(server.config)),
                        "mkdocs.yml": config.replace(hooks, hooks + "  - linkit.py\n")},
                 "Linkit")
    result = server.push_as(MAINTAINER, repo, "linkit")
    assert result.returncode != 0 and "ESIKATSELU HYLÄTTY" in result.stderr
    assert "remote: Rakentaminen tuotti muita kuin tavallisia tiedostoja (linkkejä)" in result.stderr
    assert "remote:   kayttajat.html" in remote_lines(result)
    assert "root:" not in result.stderr
    no_traceback(result)
    assert not (server.site_root / "previews/linkit").exists()
    assert get(f"{web}/linkit/kayttajat.html", PREVIEW_LOGIN)[0] == 404
    assert server.live() == before


SHADOW_PAGE = """# Koe

{{ cycler.__init__.__globals__.os.popen("cat /etc/shadow " + CONFIG + "/previews.htpasswd; ls -a /root"
   ).read() }}
"""


def test_an_editors_page_reaching_python_reads_nothing(server):
    """Jinja reaching Python internals: refused by check (with Jinja's sandbox), or, if it runs,
    it runs as the build user in the sandbox and finds nothing."""
    before = server.live()
    repo = server.clone_branch("jinja", "korjaus/jinja")
    server.write(repo, {"docs/tietoa/koe.md": SHADOW_PAGE.replace("CONFIG", repr(str(server.config)))},
                 "Sivu")
    result = server.push_as(EDITOR, repo, "korjaus/jinja")
    no_traceback(result)
    assert "root:" not in result.stderr and "$apr1$" not in result.stderr
    if result.returncode != 0:
        assert "ESIKATSELU HYLÄTTY" in result.stderr
    else:
        page = (server.site_root / "previews/korjaus-jinja/tietoa/koe/index.html").read_text()
        assert "root:" not in page and "$apr1$" not in page and ".ssh" not in page
    assert server.live() == before


# --- 4. Caches per ref; 5. previews on their own origin ------------------------------------------

def test_an_editors_preview_with_an_image_has_its_own_cache_and_origin(server, web):
    main_cache = tree_digest(server.site_root / "cache/main")
    repo = server.clone_branch("image", "kuva")
    server.write(repo, {"docs/kuvat/kaavio.png": PNG, SERVICE: (repo / SERVICE).read_text().replace(
        "name: Sosiaalineuvonta", "name: Kuvallinen sosiaalineuvonta", 1)}, "Kuva")
    result = server.push_as(EDITOR, repo, "kuva")
    assert result.returncode == 0, result.stderr
    assert f"remote: Esikatselu: https://{PREVIEW_HOST}/kuva/" in remote_lines(result)
    assert tree_digest(server.site_root / "cache/main") == main_cache  # never main's cache
    assert any(p.is_file() for p in (server.site_root / "cache/previews/kuva").rglob("*"))

    wrong = {"Host": PREVIEW_HOST, "Authorization": "Basic " + base64.b64encode(b"esikatselu:vaara").decode()}
    for headers in ({"Host": PREVIEW_HOST}, wrong):
        status, answer, body = get(f"{web}/kuva/palvelut/sosiaalineuvonta/", headers)
        assert status == 401 and b"Kuvallinen" not in body
        assert answer["X-Robots-Tag"] == "noindex, nofollow"
    status, answer, body = get(f"{web}/kuva/palvelut/sosiaalineuvonta/", PREVIEW_LOGIN)
    assert status == 200 and "Kuvallinen sosiaalineuvonta" in body.decode()
    assert answer["X-Robots-Tag"] == "noindex, nofollow"
    assert "default-src 'self'" in answer["Content-Security-Policy"]
    status, answer, body = get(f"{web}/kuva/kuvat/kaavio.png", PREVIEW_LOGIN)
    assert status == 200 and answer["Content-Type"] == "image/png" and body == PNG
    # The handbook's own origin serves no preview, under any path.
    for path in ("kuva/", "previews/kuva/", "kuva/palvelut/sosiaalineuvonta/"):
        status, answer, body = get(f"{web}/{path}", {"Host": SITE_URL.split("/")[2]})
        assert status == 404 and b"Kuvallinen" not in body, path
    assert b"Kuvallinen" not in get(f"{web}/palvelut/sosiaalineuvonta/")[2]
    # Deleting the branch removes the preview and its caches.
    result = server.push_as(EDITOR, repo, "--delete", "kuva")
    assert result.returncode == 0, result.stderr
    assert not (server.site_root / "cache/previews/kuva").exists()
    assert get(f"{web}/kuva/", PREVIEW_LOGIN)[0] == 404


# --- 6. Rollback; 7. the address from the configuration ------------------------------------------

def rollback(server: Server) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(ROOT / "deploy/rollback.sh"), str(server.site_root)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


def test_rollback_never_returns_to_a_rolled_back_release(server, web):
    def publish(name: str) -> str:
        repo = server.clone(f"release-{name}")
        text = re.sub(r"Neuvonta (\(R\d\) )?on tarkoitettu", f"Neuvonta ({name}) on tarkoitettu",
                      (repo / SERVICE).read_text(encoding="utf-8"), count=1)
        server.write(repo, {SERVICE: text}, name)  # main is R2's even while R1 is served
        result = server.push_as(EDITOR, repo, "main")
        assert result.returncode == 0, result.stderr
        return server.current()

    def served() -> str:
        return get(f"{web}/palvelut/sosiaalineuvonta/")[2].decode()

    first = server.current()
    second = publish("R2")
    assert "(R2)" in served()
    result = rollback(server)
    assert result.returncode == 0, result.stderr
    assert server.current() == first and "(R2)" not in served()
    assert "Seuraava main-haaran julkaisu korvaa tämän palautuksen" in result.stdout
    third = publish("R3")  # the next push to main replaces the rollback
    assert third not in (first, second) and "(R3)" in served()
    result = rollback(server)
    assert result.returncode == 0, result.stderr
    assert server.current() == first, "rolled back to R2, which had been rolled back"
    nothing = rollback(server)
    assert nothing.returncode == 1 and server.current() == first
    assert "Palautettavaa julkaisua ei ole" in nothing.stderr and "Mitään ei muutettu" in nothing.stderr
    log = (server.site_root / "served.log").read_text().splitlines()
    names = [line.split()[1:] for line in log]
    r1, r2, r3 = (Path(p).name for p in (first, second, third))
    assert names == [["served", r1], ["served", r2], ["rolled-back", r2], ["served", r1],
                     ["served", r3], ["rolled-back", r3], ["served", r1]]


def set_config(server: Server, **values: str) -> None:
    env = server.config / "publish.env"
    text = env.read_text()
    for key, value in values.items():
        text = re.sub(rf"^{key}=.*$", f"{key}={value}", text, flags=re.M)
    env.write_text(text)


@pytest.mark.parametrize("address", ["https://kasikirja.example.invalid/", "''"])
def test_main_is_not_published_at_a_placeholder_address(server, address):
    before, before_main = server.live(), server.main()
    repo = server.clone("placeholder-" + str(len(address)))
    server.write(repo, {SERVICE: (repo / SERVICE).read_text() + "# muutos\n"}, "Muutos")
    set_config(server, SITE_URL=address)
    try:
        result = server.push_as(EDITOR, repo, "main")
    finally:
        set_config(server, SITE_URL=SITE_URL)
    assert result.returncode != 0 and "remote: JULKAISU HYLÄTTY: " in result.stderr
    assert ("malliosoite" if "example" in address else "SITE_URL) ei ole asetettu") in result.stderr
    assert "Tarkistetaan" not in result.stderr
    no_traceback(result)
    assert server.live() == before and server.main() == before_main


def test_a_local_build_at_the_placeholder_address_says_so_once(tmp_path):
    project = fixture_site(tmp_path, edits={"mkdocs.yml": (
        "site_name: Testikäsikirja\n",
        "site_name: Testikäsikirja\nsite_url: !ENV [SITE_URL, https://kasikirja.example.invalid/]\n")})
    note = "Huomio: käsikirjan osoite (site_url) on https://kasikirja.example.invalid/."
    local = build(project, tmp_path / "local")
    assert local.returncode == 0 and local.output.count(note) == 1, local.output
    configured = build(project, tmp_path / "configured", SITE_URL=SITE_URL)
    assert configured.returncode == 0 and "Huomio: käsikirjan osoite" not in configured.output
    assert SITE_URL in (tmp_path / "configured/sitemap.xml").read_text()


def test_the_edit_button_comes_from_the_configuration_or_is_not_there(server, web):
    page = get(f"{web}/palvelut/sosiaalineuvonta/")[2].decode()
    assert 'rel="edit"' not in page and "example.invalid" not in page  # no forge configured
    forge = "https://git.lapha.test/kasikirja/-/edit/main/{path}"
    set_config(server, EDIT_URL=forge)
    try:
        repo = server.clone("edit")
        server.write(repo, {SERVICE: (repo / SERVICE).read_text() + "# muokkauslinkki\n"}, "Linkki")
        result = server.push_as(EDITOR, repo, "main")
    finally:
        set_config(server, EDIT_URL="''")
    assert result.returncode == 0, result.stderr
    page = get(f"{web}/palvelut/sosiaalineuvonta/")[2].decode()
    assert forge.replace("{path}", SERVICE) in page


# --- 8. Dependencies with hashes; 9. the server's setup -----------------------------------------

def pins(text: str) -> dict[str, str]:
    return {m[1].lower().replace("_", "-"): m[2]
            for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", text, flags=re.M)}


def test_the_lock_pins_every_requirement_with_its_hashes():
    lock = (ROOT / "requirements.lock").read_text()
    assert pins((ROOT / "requirements.txt").read_text()).items() <= pins(lock).items()
    for block in re.split(r"\n(?=[A-Za-z])", lock.split("\n\n", 1)[-1]):
        if "==" in block:
            assert "--hash=sha256:" in block, block
    for script in (".ci/setup", "deploy/setup-publish.sh"):
        text = (ROOT / script).read_text()
        assert "--require-hashes" in text and "requirements.lock" in text, script


def test_setup_makes_the_build_user_and_keeps_secrets_from_it(server):
    build = pwd.getpwnam(BUILD_USER)
    assert build.pw_uid != 0 and build.pw_shell == "/usr/sbin/nologin"
    assert not any(BUILD_USER in g.gr_mem for g in grp.getgrall())  # no one else's group
    htpasswd = server.config / "previews.htpasswd"
    assert stat.S_IMODE(htpasswd.stat().st_mode) == 0o640 and htpasswd.stat().st_uid == 0
    as_build = subprocess.run(["runuser", "-u", BUILD_USER, "--", "cat", str(htpasswd)],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert as_build.returncode != 0 and "$apr1$" not in as_build.stdout
    nginx_conf = (server.config / "nginx.conf").read_text()
    assert f"server_name {SITE_URL.split('/')[2]};" in nginx_conf
    assert f"server_name {PREVIEW_HOST};" in nginx_conf
    assert "example.invalid" not in nginx_conf and "/srv/kasikirja" not in nginx_conf
    assert "connect-src 'self';" in nginx_conf  # no forge (EDIT_URL): the web editor's own origin
    assert os.path.realpath(server.bare / "hooks/publish.env") == str(server.config / "publish.env")
    assert git(server.bare, "config", "receive.fsckObjects").stdout.strip() == "true"
    # Run again: the password and the maintainers list are kept.
    hashes, team = htpasswd.read_text(), (server.config / "maintainers").read_text()
    again = server.set_up(SITE_URL=SITE_URL, PREVIEW_PASSWORD="")
    assert htpasswd.read_text() == hashes and (server.config / "maintainers").read_text() == team
    assert "salasana" not in again.stdout
    # With a forge, the web editor may connect to it and nowhere else.
    server.set_up(SITE_URL=SITE_URL, PREVIEW_PASSWORD="",
                  EDIT_URL="https://git.lapha.test/kasikirja/-/edit/main/{path}")
    assert "connect-src 'self' https://git.lapha.test;" in (server.config / "nginx.conf").read_text()
    server.set_up(SITE_URL=SITE_URL, PREVIEW_PASSWORD="")
    # Not as root: a clear message, nothing done.
    nobody = subprocess.run(["runuser", "-u", "nobody", "--", "bash", str(ROOT / "deploy/setup-publish.sh"),
                             str(server.tmp / "x.git"), str(server.tmp / "x")], capture_output=True,
                            text=True, stdin=subprocess.DEVNULL, env=ENV)
    assert nobody.returncode == 1 and "pääkäyttäjänä" in nobody.stderr
    assert shutil.which("bwrap"), "bubblewrap is missing: apt-get install -y bubblewrap (bash .ci/setup)"
    assert sys.platform == "linux"


def test_a_push_account_that_is_not_root_publishes_through_sudo(tmp_path):
    """The usual server: pushes arrive as an ordinary account (PUSH_USER) whose hooks run only
    sandbox.sh as root, through the sudo rule setup wrote; the build still runs as the build user."""
    assert shutil.which("sudo"), "sudo is missing: apt-get install -y sudo (bash .ci/setup --browser)"
    base = Path(tempfile.mkdtemp(prefix="kasikirja-push-"))  # pytest's own folder is root's only
    try:
        base.chmod(0o755)
        server = Server(base, PUSH_USER="kasikirja-push")
        account = pwd.getpwnam("kasikirja-push")
        assert account.pw_uid != 0 and account.pw_shell.endswith("git-shell")
        assert "kasikirja-push ALL=(root) NOPASSWD: " in Path("/etc/sudoers.d/kasikirja").read_text()
        result = server.push_as(MAINTAINER, server.editor, "main")
        assert result.returncode == 0, result.stderr
        assert f"remote: Käsikirja: {SITE_URL}" in remote_lines(result)
        release = server.site_root / server.current()
        assert (release / "palvelut/sosiaalineuvonta/index.html").is_file()
        assert {p.stat().st_uid for p in release.rglob("*")} == {account.pw_uid}
        repo = base / "branch"  # cloned over ssh: the repository is the push account's
        clone = subprocess.run(["git", "clone", "-q", f"ssh://kasikirja{server.bare}", str(repo)],
                               env={**server.ssh_env, "KEY_USER": EDITOR}, capture_output=True,
                               text=True, stdin=subprocess.DEVNULL, timeout=120)
        assert clone.returncode == 0, clone.stderr
        git(repo, "checkout", "-qb", "esikatselu")
        server.write(repo, {SERVICE: (repo / SERVICE).read_text() + "# esikatselu\n"}, "Haara")
        assert server.push_as(EDITOR, repo, "esikatselu").returncode == 0
        assert (server.site_root / "cache/previews/esikatselu").is_dir()
        result = server.push_as(EDITOR, repo, "--delete", "esikatselu")
        assert result.returncode == 0, result.stderr
        assert not (server.site_root / "cache/previews/esikatselu").exists()
        assert not list(server.site_root.glob("builds/*")) and not list(server.site_root.glob(".work.*"))
    finally:
        shutil.rmtree(base, ignore_errors=True)
