"""Publishing by git push (deploy/): a real bare repository, its hooks, and real nginx.

One published handbook per module; each test pushes from a clone of it and checks what
nginx serves and what SITE_ROOT holds. The hostile pushes are in test_publish_security.py.
"""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import segno
from servers import get, nginx, nginx_published, nginx_tls
from sites import ENV, ROOT

from macros.pages.brochures import QR, QR_SVG

pytestmark = [pytest.mark.publish, pytest.mark.server]

GIT_ENV = {**ENV, "GIT_AUTHOR_NAME": "Toimittaja", "GIT_AUTHOR_EMAIL": "toimitus@example.invalid",
           "GIT_COMMITTER_NAME": "Toimittaja", "GIT_COMMITTER_EMAIL": "toimitus@example.invalid"}
SERVICE = "data/services/sosiaalineuvonta.yml"
SITE_URL = "https://kasikirja.lapha.test/"  # the server's configuration (.test: a test-only name)
PREVIEW_HOST = "esikatselu.kasikirja.lapha.test"
MAINTAINER = "yllapitaja"
PREVIEW_LOGIN = {"Authorization": "Basic " + base64.b64encode(b"esikatselu:testisalasana").decode(),
                 "Host": PREVIEW_HOST}


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(cwd), *args], env=GIT_ENV, capture_output=True,
                          text=True, check=check, stdin=subprocess.DEVNULL, timeout=300)


def project_files() -> list[str]:
    """What a clean clone of the project holds (tracked and new, not ignored)."""
    out = git(ROOT, "ls-files", "-co", "--exclude-standard").stdout.split("\n")
    return [f for f in out if f and (ROOT / f).is_file()]


def tree_digest(path: Path) -> str:
    """A digest of every file's path and bytes under a folder (symlinks followed)."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


class Publisher:
    def __init__(self, tmp: Path, **settings: str):
        self.tmp, self.bare, self.site_root = tmp, tmp / "kasikirja.git", tmp / "www"
        self.editor, self.config = tmp / "editor", tmp / "etc"
        self.setup = self.set_up(SITE_URL=SITE_URL, **settings)
        self.editor.mkdir()
        git(self.editor, "init", "-q", "--initial-branch=main")
        for name in project_files():
            target = self.editor / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((ROOT / name).read_bytes())
            target.chmod((ROOT / name).stat().st_mode)
        git(self.editor, "add", "-A")
        git(self.editor, "commit", "-qm", "Käsikirja")
        git(self.editor, "remote", "add", "origin", str(self.bare))

    def set_up(self, **settings: str) -> subprocess.CompletedProcess:
        """deploy/setup-publish.sh with the server's settings (the tests' own CONFIG_DIR)."""
        env = {**ENV, "CONFIG_DIR": str(self.config), "MAINTAINERS": MAINTAINER,
               "PREVIEW_PASSWORD": "testisalasana", **settings}
        result = subprocess.run(["bash", str(ROOT / "deploy/setup-publish.sh"), str(self.bare),
                                 str(self.site_root), sys.executable], capture_output=True,
                                text=True, env=env, stdin=subprocess.DEVNULL)
        assert result.returncode == 0, result.stderr
        return result

    def clone(self, name: str) -> Path:
        target = self.tmp / name
        git(self.tmp, "clone", "-q", str(self.bare), str(target))
        return target

    def commit(self, repo: Path, path: str, old: str, new: str, message: str) -> str:
        file = repo / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        git(repo, "commit", "-qam", message)
        return git(repo, "rev-parse", "HEAD").stdout.strip()

    def push(self, repo: Path, pusher: str = "") -> subprocess.CompletedProcess:
        """git push as an editor, or as the named user (as git-shell-as sets it from the key)."""
        return subprocess.run(["git", "-C", str(repo), "push", "-q", "origin", "main"],
                              env={**GIT_ENV, "HANDBOOK_PUSHER": pusher}, capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=300)

    def current(self) -> str:
        return os.readlink(self.site_root / "current")

    def main(self) -> str:
        return git(self.bare, "rev-parse", "refs/heads/main").stdout.strip()


@pytest.fixture(scope="module")
def publisher(tmp_path_factory):
    publisher = Publisher(tmp_path_factory.mktemp("publish"))
    result = publisher.push(publisher.editor, MAINTAINER)  # the code too: a maintainer's push
    assert result.returncode == 0, result.stderr
    return publisher


@pytest.fixture(scope="module")
def server(publisher, tmp_path_factory):
    with nginx_published(publisher.config, tmp_path_factory.mktemp("nginx")) as url:
        yield url


def test_a_good_push_is_built_and_served(publisher, server):
    assert publisher.current() == f"releases/{os.listdir(publisher.site_root / 'releases')[0]}"
    assert publisher.current().endswith(publisher.main())
    status, _, body = get(f"{server}/palvelut/sosiaalineuvonta/")
    assert status == 200 and "<h1" in body.decode() and "Sosiaalineuvonta" in body.decode()
    new = publisher.commit(publisher.editor, SERVICE, "name: Sosiaalineuvonta",
                           "name: Sosiaalineuvonta ja ohjaus", "Nimi tarkennettu")
    result = publisher.push(publisher.editor)
    assert result.returncode == 0, result.stderr
    assert "Julkaistu" in result.stderr and f"remote: Käsikirja: {SITE_URL}" in remote_lines(result)
    assert publisher.current().endswith(new) and publisher.main() == new
    assert "Sosiaalineuvonta ja ohjaus" in get(f"{server}/palvelut/sosiaalineuvonta/")[2].decode()
    # Each push is built in a new folder; its build caches live on beside the releases.
    kept = {path.parent.name for path in (publisher.site_root / "cache/main").rglob("*") if path.is_file()}
    assert {"yaml", "guards", "search"} <= kept, kept  # data only: templates compile in memory
    # The address of the server's configuration is in the brochures (their text and QR codes),
    # the canonical links and the sitemap.
    brochure = get(f"{server}/esitteet/toimeentulotuki/")[2].decode()
    address = f"{SITE_URL}palvelut/toimeentulotuki/"
    assert address in brochure and "example.invalid" not in brochure
    qr = segno.make(address, **QR).svg_inline(**QR_SVG).split(">", 1)[1]  # its drawing
    assert qr in brochure  # the QR code says it too
    assert f'<link rel="canonical" href="{SITE_URL}palvelut/sosiaalineuvonta/">' in get(
        f"{server}/palvelut/sosiaalineuvonta/")[2].decode()
    assert f"<loc>{SITE_URL}</loc>" in get(f"{server}/sitemap.xml")[2].decode()


def test_broken_data_is_rejected_with_the_message_and_nothing_changes(publisher):
    before_link, before = publisher.current(), tree_digest(publisher.site_root / "current")
    before_main = publisher.main()
    repo = publisher.clone("broken")
    publisher.commit(repo, SERVICE, "charge_type: maksuton", "charge_type: ilmainen", "Hinta")
    result = publisher.push(repo)
    assert result.returncode != 0
    assert ("remote: data/services/sosiaalineuvonta.yml:20: charge_type: arvo \"ilmainen\" ei "
            "kelpaa (sallitut: maksuton, maksullinen, muu).") in result.stderr, result.stderr
    assert "JULKAISU HYLÄTTY" in result.stderr
    assert result.stderr.count(".yml:") == 1  # one problem, reported once
    assert publisher.current() == before_link and publisher.main() == before_main
    assert tree_digest(publisher.site_root / "current") == before


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # the process ended meanwhile
        return b""


def building(builds: Path) -> Path | None:
    """The build folder (``*.partial``) that a running ``mkdocs build`` writes to."""
    for partial in builds.glob("*.partial"):
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            found = _read(cmdline)
            if b"mkdocs\x00build" in found and str(partial).encode() in found:
                return partial
    return None


def test_a_build_killed_half_way_changes_nothing(publisher):
    before_link, before = publisher.current(), tree_digest(publisher.site_root / "current")
    before_main = publisher.main()
    repo = publisher.clone("killed")
    publisher.commit(repo, SERVICE, "Neuvonta on tarkoitettu", "Neuvonta on aina tarkoitettu", "x")
    push = subprocess.Popen(["git", "-C", str(repo), "push", "-q", "origin", "main"],
                            env=GIT_ENV, start_new_session=True, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    builds = publisher.site_root / "builds"
    deadline = time.monotonic() + 60
    while not building(builds) and time.monotonic() < deadline:
        assert push.poll() is None, "the push ended before its build started"
        time.sleep(0.02)
    partial = building(builds)
    assert partial, "no build started within a minute"
    os.killpg(push.pid, signal.SIGKILL)
    push.wait()
    assert publisher.current() == before_link and publisher.main() == before_main
    assert tree_digest(publisher.site_root / "current") == before
    # Its sandbox goes with it (--foreground, --die-with-parent); one that outlived its push
    # (a four-worker run once saw the killed build finish) is killed by the next push before it
    # builds. Planted here too: a sandbox of a work folder no push holds.
    work = Path(os.path.realpath(publisher.site_root)) / ".work.jaanyt" / "tree"
    work.mkdir(parents=True)
    orphan = subprocess.Popen(["bwrap", "--unshare-pid", "--new-session", "--ro-bind", "/", "/",
                               "--dev", "/dev", "--proc", "/proc", "--ro-bind", str(work), str(work),
                               "--", "sleep", "300"], start_new_session=True,
                              stdin=subprocess.DEVNULL)
    time.sleep(0.5)
    assert orphan.poll() is None, "the planted sandbox did not start"
    # The next push is not blocked by the killed one and cleans up after it.
    result = publisher.push(repo)
    assert result.returncode == 0, result.stderr
    assert orphan.wait(timeout=10) != 0  # killed (it would sleep on for minutes)
    assert building(builds) is None and not list(builds.glob("*.partial"))
    assert not list(publisher.site_root.glob(".work.*"))


def test_two_pushes_at_once_end_consistent(publisher):
    first, second = publisher.clone("first"), publisher.clone("second")
    publisher.commit(first, SERVICE, "Kaikki asukkaat", "Kaikki asukkaat (1)", "Yksi")
    publisher.commit(second, SERVICE, "Kaikki asukkaat", "Kaikki asukkaat (2)", "Kaksi")
    pushes = [subprocess.Popen(["git", "-C", str(repo), "push", "-q", "origin", "main"],
                               env=GIT_ENV, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True) for repo in (first, second)]
    codes = [p.wait(timeout=300) for p in pushes]
    assert sorted(codes)[0] == 0, [p.stderr.read() for p in pushes]  # at least one published
    main = publisher.main()
    assert publisher.current().endswith(main)  # what is served is what main is
    winner = "(1)" if main == git(first, "rev-parse", "HEAD").stdout.strip() else "(2)"
    page = (publisher.site_root / "current/palvelut/sosiaalineuvonta/index.html").read_text()
    assert f"Kaikki asukkaat {winner}" in page


def test_rollback_restores_the_previous_release_and_keeps_five(publisher, server):
    releases = sorted(os.listdir(publisher.site_root / "releases"))
    assert len(releases) <= 5
    now = publisher.current()
    previous = f"releases/{releases[releases.index(now.split('/')[1]) - 1]}"
    result = subprocess.run(["bash", str(ROOT / "deploy/rollback.sh"), str(publisher.site_root)],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert publisher.current() == previous
    assert tree_digest(publisher.site_root / "current") == tree_digest(
        publisher.site_root / previous)
    status, _, _ = get(f"{server}/")
    assert status == 200


def test_security_headers_compression_caching_and_finnish_404(publisher, server):
    status, headers, _ = get(f"{server}/", {"Accept-Encoding": "gzip"})
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp  # no other origin is allowed
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe" not in csp and "blob:" not in csp
    assert "Strict-Transport-Security" not in headers  # plain HTTP: browsers ignore it there
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] and headers["Permissions-Policy"]
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "no-cache"
    bundle = next((publisher.site_root / "current/assets/javascripts").glob("bundle.*.min.js"))
    _, asset_headers, _ = get(f"{server}/assets/javascripts/{bundle.name}")
    assert "immutable" in asset_headers["Cache-Control"]
    status, headers, body = get(f"{server}/ei-ole-olemassa/")
    assert status == 404 and "Sivua ei löytynyt" in body.decode()
    assert headers["Content-Security-Policy"] == csp


# --- Previews of branches -----------------------------------------------------------------------

BRANCH, SLUG = "feature/uusi-palvelu", "feature-uusi-palvelu"
PREVIEW_URL = f"https://{PREVIEW_HOST}/{SLUG}/"  # the previews' own origin (PREVIEW_URL)


def push_branch(repo: Path, *refspec: str) -> subprocess.CompletedProcess:
    return git(repo, "push", "-q", "origin", *refspec, check=False)


def remote_lines(result: subprocess.CompletedProcess) -> list[str]:
    """What the editor reads, line by line (git pads the remote's lines with spaces)."""
    return [line.rstrip() for line in result.stderr.splitlines()]


def preview(server: str, path: str):
    """GET a page of the previews' host, with the preview password."""
    return get(f"{server}/{path}", PREVIEW_LOGIN)


def test_a_branch_push_builds_a_preview_and_leaves_the_live_site(publisher, server):
    before_link, before = publisher.current(), tree_digest(publisher.site_root / "current")
    before_main = publisher.main()
    repo = publisher.clone("preview")
    git(repo, "checkout", "-qb", BRANCH)
    publisher.commit(repo, SERVICE, "name: Sosiaalineuvonta", "name: Esikatseltava Sosiaalineuvonta",
                     "Uusi nimi")
    result = push_branch(repo, BRANCH)
    assert result.returncode == 0, result.stderr
    assert f"remote: Esikatselu: {PREVIEW_URL}" in remote_lines(result)
    link = publisher.site_root / "previews" / SLUG
    assert link.is_symlink() and os.readlink(link).startswith(f"../preview-releases/{SLUG}/")
    status, headers, body = preview(server, f"{SLUG}/palvelut/sosiaalineuvonta/")
    assert status == 200 and "Esikatseltava Sosiaalineuvonta" in body.decode()
    assert f'<link rel="canonical" href="{PREVIEW_URL}palvelut/sosiaalineuvonta/">' in body.decode()
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    _, live_headers, live = get(f"{server}/palvelut/sosiaalineuvonta/")
    assert "X-Robots-Tag" not in live_headers and "Esikatseltava" not in live.decode()
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                 "Permissions-Policy", "X-Frame-Options"):  # kept: the location adds no header
        assert headers[name] == live_headers[name], name
    assert preview(server, f"{SLUG}/ei-ole/")[0] == 404
    assert get(f"{server}/previews/{SLUG}/")[0] == 404  # not on the handbook's own origin
    assert publisher.current() == before_link and publisher.main() == before_main
    assert tree_digest(publisher.site_root / "current") == before


def test_a_broken_branch_is_rejected_and_gets_no_preview(publisher, server):
    repo = publisher.clone("broken-preview")
    git(repo, "checkout", "-qb", "korjaus/hinta")
    publisher.commit(repo, SERVICE, "charge_type: maksuton", "charge_type: ilmainen", "Hinta")
    result = push_branch(repo, "korjaus/hinta")
    assert result.returncode != 0
    assert "remote: data/services/sosiaalineuvonta.yml:20: charge_type:" in result.stderr
    assert "ESIKATSELU HYLÄTTY" in result.stderr and "Esikatselu:" not in result.stderr
    assert git(publisher.bare, "rev-parse", "-q", "--verify", "refs/heads/korjaus/hinta",
               check=False).returncode != 0
    assert not (publisher.site_root / "previews/korjaus-hinta").exists()
    assert not list((publisher.site_root / "preview-releases").glob("korjaus-hinta/*"))
    assert preview(server, "korjaus-hinta/")[0] == 404


def test_branch_names_become_safe_path_segments(publisher):
    def slug(name: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-c", 'source "$0"; preview_slug "$1"',
                               str(publisher.bare / "hooks/publish-lib.sh"), name],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
    for name, expected in (("feature/uusi-palvelu", "feature-uusi-palvelu"), ("a//b", "a-b"),
                           ("Päivitys/Öljy_ÅSA", "paivitys-oljy-asa"), ("v1.2", "v1-2")):
        assert slug(name).stdout == f"{expected}\n", name
    for name in ("../../etc", "..", "€", "--", "-/-", "x" * 64):
        assert slug(name).returncode != 0 and slug(name).stdout == "", name
    # Pushed: a name with no usable character is refused before anything is built.
    result = push_branch(publisher.editor, "HEAD:refs/heads/€€")
    assert result.returncode != 0 and "ESIKATSELU HYLÄTTY" in result.stderr
    assert "Tarkistetaan" not in result.stderr
    # Two branches may not share an address.
    result = push_branch(publisher.editor, "HEAD:refs/heads/Feature/Uusi-Palvelu")
    assert result.returncode != 0 and f'haaralla "{BRANCH}" on jo esikatselu' in result.stderr


def test_a_new_push_to_the_branch_switches_its_preview_to_a_new_release(publisher, server):
    link = publisher.site_root / "previews" / SLUG
    before = os.readlink(link)
    repo = publisher.tmp / "preview"
    publisher.commit(repo, SERVICE, "Esikatseltava", "Toinen esikatselu", "Toinen")
    result = push_branch(repo, BRANCH)
    assert result.returncode == 0, result.stderr
    assert os.readlink(link) != before and os.readlink(link).endswith(
        git(repo, "rev-parse", "HEAD").stdout.strip())
    assert [name for name in os.listdir(publisher.site_root / "preview-releases" / SLUG)
            if not name.startswith(".")] == [Path(os.readlink(link)).name]
    body = preview(server, f"{SLUG}/palvelut/sosiaalineuvonta/")[2].decode()
    assert "Toinen esikatselu" in body


def test_deleting_the_branch_removes_its_preview(publisher, server):
    assert preview(server, f"{SLUG}/")[0] == 200
    live = publisher.current()
    result = push_branch(publisher.editor, "--delete", BRANCH)
    assert result.returncode == 0, result.stderr
    assert f"remote: Esikatselu poistettu: {PREVIEW_URL}" in remote_lines(result)
    assert preview(server, f"{SLUG}/")[0] == 404
    assert not os.path.lexists(publisher.site_root / "previews" / SLUG)
    assert not (publisher.site_root / "preview-releases" / SLUG).exists()
    assert not (publisher.site_root / "cache/previews" / SLUG).exists()  # its caches too
    assert publisher.current() == live  # the live site is still there
    assert get(f"{server}/")[0] == 200

def test_the_tls_example_serves_hsts_and_the_same_headers_and_redirects_http(tmp_path):
    """deploy/nginx/handbook.conf's "TLS:" lines uncommented, with a self-signed certificate."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>Käsikirja</title>", encoding="utf-8")
    with nginx(site, tmp_path / "plain") as plain:
        _, plain_headers, _ = get(f"{plain}/")
    with nginx_tls(site, tmp_path / "tls") as (http, https):
        status, headers, body = get(f"{https}/")
        assert status == 200 and b"K\xc3\xa4sikirja" in body
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                     "Permissions-Policy", "X-Frame-Options"):
            assert headers[name] == plain_headers[name], name
        status, headers, _ = get(f"{https}/ei-ole/")
        assert status == 404 and headers["Strict-Transport-Security"]
        status, headers, _ = get(f"{http}/palvelut/?q=1", follow=False)
        assert status == 301
        assert headers["Location"] == "https://127.0.0.1/palvelut/?q=1"  # port 443 in production
