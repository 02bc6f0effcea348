"""The scheduled registry refresh, each route: the systemd timer and its two services of the
bare-repository server run for real (deploy/sync-registries.sh: the syncs as the build user
against the local registry server, then the push account pushing to a bare repository with the
real publishing hooks, installed by setup-publish.sh; a second run with nothing new pushes
nothing and says so), and the GitHub and GitLab schedules run the same script."""

from __future__ import annotations

import configparser
import os
import pwd
import shlex
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
import registries as r
import yaml
from registries import ORGANISATION, Registry
from sites import ENV, ROOT

pytestmark = pytest.mark.publish

UNITS = ROOT / "deploy/systemd"
SITE_URL = "https://kasikirja.lapha.test/"  # as tests/test_publish.py (.test: a test-only name)
GIT_ENV = {**ENV, "GIT_AUTHOR_NAME": "Toimittaja", "GIT_AUTHOR_EMAIL": "toimitus@example.invalid",
           "GIT_COMMITTER_NAME": "Toimittaja", "GIT_COMMITTER_EMAIL": "toimitus@example.invalid"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], env=GIT_ENV, capture_output=True,
                          text=True, check=True, stdin=subprocess.DEVNULL, timeout=120).stdout


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def handbook_repository(tmp: Path, registry: Registry) -> Path:
    """The handbook as an editor has it (tracked and new files): its PTV organisation, and
    toimeentulotuki mapped to a PTV service (the registry addresses are the server's)."""
    editor = tmp / "editor"
    editor.mkdir()
    git(editor, "init", "-q", "--initial-branch=main")
    files = git(ROOT, "ls-files", "-co", "--exclude-standard").splitlines()
    for name in (f for f in files if (ROOT / f).is_file()):
        target = editor / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    settings = editor / "data/registries.yml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        .replace("ptv:\n", f"ptv:\n  organisation: {ORGANISATION}\n", 1),
                        encoding="utf-8")
    service = editor / "data/services/toimeentulotuki.yml"
    service.write_text(service.read_text(encoding="utf-8") + f"ptv: [{r.guid('ttt')}]\n",
                       encoding="utf-8")
    git(editor, "add", "-A")
    git(editor, "commit", "-qm", "Käsikirja")
    return editor


BUILD_USER = "kasikirja-build"  # setup-publish.sh's default, which makes it


def test_the_systemd_timer_and_services_are_valid_units():
    assert shutil.which("systemd-analyze"), "systemd-analyze is missing: apt-get install -y systemd"
    timer = unit("kasikirja-rekisterit.timer")
    assert timer["Timer"]["OnCalendar"] and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    fetch = unit("kasikirja-rekisterit-haku.service")["Service"]
    assert fetch["User"] == BUILD_USER and fetch["NoNewPrivileges"] == "yes"
    assert "--fetch-only" in fetch["ExecStart"] and fetch["ProtectSystem"] == "strict"
    push = unit("kasikirja-rekisterit.service")
    assert push["Service"]["Type"] == "oneshot" and push["Service"]["User"] == "git"
    assert "--push-from" in push["Service"]["ExecStart"]
    assert push["Unit"]["Wants"] == push["Unit"]["After"] == "kasikirja-rekisterit-haku.service"


def command(name: str, paths: dict[str, str]) -> list[str]:
    """A service's ExecStart as systemd would run it, with its paths moved into the test."""
    line = unit(name)["Service"]["ExecStart"]
    for old, new in paths.items():
        line = line.replace(old, new)
    return shlex.split(line)


def interpreter_reachable() -> list[str]:
    """bwrap arguments that let the build user reach this test's interpreter when it sits under
    a folder closed to others (pyenv under /root; on the server it is /opt/kasikirja/venv): the
    closed folder becomes an empty one holding only the interpreter's, read-only. Nothing else
    changes: the build user's own uid and permissions still decide what it can read."""
    assert shutil.which("bwrap"), "bubblewrap is missing: apt-get install -y bubblewrap"
    prefix = Path(os.path.realpath(sys.base_prefix))
    closed = next((p for p in reversed(prefix.parents) if not p.stat().st_mode & 0o001), None)
    if closed is None:
        return []
    inside = prefix.relative_to(closed).parts[0]
    return ["bwrap", "--dev-bind", "/", "/", "--tmpfs", str(closed),
            "--ro-bind", str(closed / inside), str(closed / inside), "--"]


def run_job(paths: dict[str, str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, ...]:
    """The timer's run: the -haku half as the build user, then the push half (as this test's
    push account, root, as setup-publish.sh's default PUSH_USER)."""
    build = pwd.getpwnam(BUILD_USER)
    fetch = subprocess.run([*interpreter_reachable(), "setpriv", f"--reuid={build.pw_uid}",
                            f"--regid={build.pw_gid}", "--clear-groups", "env", *(
        f"{k}={v}" for k, v in {**env, "HOME": "/nonexistent", "USER": BUILD_USER}.items()),
        *command("kasikirja-rekisterit-haku.service", paths)], capture_output=True, text=True,
        timeout=600, stdin=subprocess.DEVNULL, env={"PATH": os.environ["PATH"]})
    results = Path(paths["/var/lib/kasikirja-rekisterit"]) / "tulos"
    owners = {p.name: p.stat().st_uid for p in results.iterdir()} if results.is_dir() else {}
    assert owners and set(owners.values()) == {build.pw_uid}, (owners, fetch.stdout + fetch.stderr)
    push = subprocess.run(command("kasikirja-rekisterit.service", paths), capture_output=True,
                          text=True, timeout=600, env={**ENV, **env}, stdin=subprocess.DEVNULL)
    return fetch, push


@pytest.fixture
def shared():
    """A folder the build user can reach (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="registries-schedule-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_scheduled_job_reaches_a_preview_through_the_publishing_hooks(tmp_path, shared):
    with Registry() as registry:
        registry.services = [r.service("ttt", "Toimeentulotuki", channels=("neuvonta",))]
        registry.channels = [r.phone_channel("neuvonta", "Toimeentulotuen neuvonta (PTV)",
                                             "400000999", municipalities=("698",))]
        registry.statutes = {"1997/1412": r.statute("1412/1997", "Laki toimeentulotuesta",
                                                    {"14": "Päätös viivytyksettä."})}
        editor = handbook_repository(tmp_path, registry)
        bare, site_root, work = shared / "kasikirja.git", tmp_path / "www", shared / "sync"
        state = shared / "state"
        subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(bare)],
                       check=True)
        git(editor, "push", "-q", str(bare), "main")  # main is there before the hooks
        setup = subprocess.run(["bash", str(ROOT / "deploy/setup-publish.sh"), str(bare),
                                str(site_root), sys.executable], capture_output=True, text=True,
                               env={**ENV, "CONFIG_DIR": str(tmp_path / "etc"),
                                    "SITE_URL": SITE_URL, "PREVIEW_PASSWORD": "testisalasana"},
                               stdin=subprocess.DEVNULL, timeout=300)
        assert setup.returncode == 0, setup.stderr
        git(tmp_path, "clone", "-q", str(bare), str(work))  # the clone the push account owns
        subprocess.run(["chmod", "-R", "a+rX", str(work), str(bare)], check=True)
        state.mkdir()
        shutil.chown(state, BUILD_USER, BUILD_USER)  # systemd's StateDirectory=

        # The units, with their paths moved into this test's folders, verified by systemd.
        paths = {"/srv/kasikirja-sync": str(work), "/var/lib/kasikirja-rekisterit": str(state),
                 "/srv/git/kasikirja.git": str(bare),
                 "/opt/kasikirja/venv/bin/python": sys.executable,
                 "/etc/kasikirja": str(tmp_path / "etc")}
        (tmp_path / "units").mkdir()
        for name in ("kasikirja-rekisterit.service", "kasikirja-rekisterit-haku.service"):
            text = (UNITS / name).read_text(encoding="utf-8")
            for old, new in paths.items():
                text = text.replace(old, new)
            (tmp_path / "units" / name).write_text(text, encoding="utf-8")
        shutil.copy(UNITS / "kasikirja-rekisterit.timer", tmp_path / "units")
        verify = subprocess.run(["systemd-analyze", "verify", "--man=no",
                                 *map(str, sorted((tmp_path / "units").iterdir()))],
                                capture_output=True, text=True, timeout=60)
        assert verify.returncode == 0 and "kasikirja-rekisterit" not in verify.stderr, verify.stderr

        env = {"HANDBOOK_PYTHON": sys.executable, **registry.env()}
        fetch, push = run_job(paths, env)
        output = fetch.stdout + fetch.stderr + push.stdout + push.stderr
        assert fetch.returncode == 0 and push.returncode == 0, output
        assert "ensimmäinen tilannekuva" in fetch.stdout

        branch = f"paivitys/rekisterit-{date.today().isoformat()}"
        slug = f"paivitys-rekisterit-{date.today().isoformat()}"
        assert f"remote: Esikatselu: https://esikatselu.kasikirja.lapha.test/{slug}/" in output
        changed = git(bare, "diff", "--name-only", "main", branch).split()
        assert changed == ["data/finlex.json", "data/ptv.json"]  # the job commits nothing else
        preview = (site_root / "previews" / slug / "palvelut/toimeentulotuki/index.html")
        page = preview.read_text(encoding="utf-8")
        assert "Toimeentulotuen neuvonta" in page and 'href="tel:+358400000999"' in page
        assert "040 000 0999" in page
        assert not (site_root / "current").exists()  # main is not published by the job

        # The next run, with nothing new in either registry: nothing pushed, and it says so.
        tip = git(bare, "rev-parse", branch)
        fetch, push = run_job(paths, env)
        assert fetch.returncode == 0 and push.returncode == 0, fetch.stderr + push.stderr
        assert "ei muutoksia" in (push.stdout + push.stderr).lower()
        assert "remote:" not in push.stdout + push.stderr and git(bare, "rev-parse", branch) == tip


def test_a_link_in_the_fetch_results_is_never_followed(tmp_path):
    """A build user that is not what it should be links its result to a file only the push
    account can read: the push half refuses it, and pushes nothing."""
    bare, work, results = tmp_path / "kasikirja.git", tmp_path / "sync", tmp_path / "tulos"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(bare)], check=True)
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "-q", "--initial-branch=main")
    (seed / "data").mkdir()
    (seed / "data/ptv.json").write_text("{}\n", encoding="utf-8")
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "Käsikirja")
    git(seed, "push", "-q", str(bare), "main")
    git(tmp_path, "clone", "-q", str(bare), str(work))
    results.mkdir()
    (tmp_path / "salaisuus").write_text("push-tilin salaisuus\n", encoding="utf-8")
    (results / "ptv.json").symlink_to(tmp_path / "salaisuus")
    (results / "status").write_text(f"status=0\nday={date.today().isoformat()}\n", encoding="utf-8")
    result = subprocess.run(["bash", str(ROOT / "deploy/sync-registries.sh"), "--push-from",
                             str(results), str(work), str(bare)], capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL, env=GIT_ENV)
    assert result.returncode == 1 and "ei ole tavallinen" in result.stderr, result.stderr
    assert git(bare, "branch", "--list", "paivitys/*") == ""
    assert "salaisuus" not in (work / "data/ptv.json").read_text(encoding="utf-8")


def test_without_todays_fetch_nothing_is_pushed(tmp_path):
    (tmp_path / "tulos").mkdir()
    (tmp_path / "tulos/status").write_text("status=0\nday=2000-01-01\n", encoding="utf-8")
    result = subprocess.run(["bash", str(ROOT / "deploy/sync-registries.sh"), "--push-from",
                             str(tmp_path / "tulos"), str(tmp_path), str(tmp_path / "none.git")],
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and "Tämän päivän hakua ei ole" in result.stderr


def test_github_and_gitlab_schedules_run_the_same_job():
    flow = yaml.safe_load((ROOT / ".github/workflows/registries.yml").read_text(encoding="utf-8"))
    assert flow[True]["schedule"][0]["cron"]  # YAML 1.1 reads the key `on` as True
    steps = flow["jobs"]["sync"]["steps"]
    assert any("deploy/sync-registries.sh" in s.get("run", "") for s in steps)
    assert any("gh pr create" in s.get("run", "") for s in steps)
    assert flow["permissions"] == {"contents": "write", "pull-requests": "write"}
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    job = pipeline["registries"]
    assert any("deploy/sync-registries.sh" in line for line in job["script"])
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule" && $REGISTRY_SYNC == "1"'}]
    assert "merge_request.create" in job["variables"]["SYNC_PUSH_OPTIONS"]
    assert "schedule" not in str(pipeline["check"].get("rules"))  # a branch's pipeline checks it
    assert '$REGISTRY_SYNC != "1"' in pipeline["pages"]["rules"][0]["if"]  # no publish on sync
