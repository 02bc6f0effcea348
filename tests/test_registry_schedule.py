"""The scheduled registry refresh, each route: the systemd timer and service of the bare-
repository server run for real (deploy/sync-registries.sh against the local registry server,
pushing to a bare repository with the real publishing hooks, installed by setup-publish.sh),
and the GitHub and GitLab schedules run the same script."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
import sys
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
    """The handbook as an editor has it (tracked and new files), set up for the test server:
    its PTV organisation and addresses, and toimeentulotuki mapped to a PTV service."""
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
                        .replace("https://api.palvelutietovaranto.suomi.fi/api/v11",
                                 f"{registry.ptv}\n  organisation: {ORGANISATION}")
                        .replace("https://opendata.finlex.fi/finlex/avoindata/v1", registry.finlex),
                        encoding="utf-8")
    service = editor / "data/services/toimeentulotuki.yml"
    service.write_text(service.read_text(encoding="utf-8") + f"ptv: [{r.guid('ttt')}]\n",
                       encoding="utf-8")
    git(editor, "add", "-A")
    git(editor, "commit", "-qm", "Käsikirja")
    return editor


def test_the_systemd_timer_and_service_are_valid_units():
    assert shutil.which("systemd-analyze"), "systemd-analyze is missing: apt-get install -y systemd"
    timer = unit("kasikirja-rekisterit.timer")
    assert timer["Timer"]["OnCalendar"] and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    service = unit("kasikirja-rekisterit.service")
    assert service["Service"]["Type"] == "oneshot" and service["Service"]["User"]
    assert "deploy/sync-registries.sh" in service["Service"]["ExecStart"]


def test_the_scheduled_job_reaches_a_preview_through_the_publishing_hooks(tmp_path):
    with Registry() as registry:
        registry.services = [r.service("ttt", "Toimeentulotuki", channels=("neuvonta",))]
        registry.channels = [r.phone_channel("neuvonta", "Toimeentulotuen neuvonta (PTV)",
                                             "400000999", municipalities=("698",))]
        registry.statutes = {"1997/1412": r.statute("1412/1997", "Laki toimeentulotuesta",
                                                    {"14": "Päätös viivytyksettä."})}
        editor = handbook_repository(tmp_path, registry)
        bare, site_root, work = tmp_path / "kasikirja.git", tmp_path / "www", tmp_path / "sync"
        subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(bare)],
                       check=True)
        git(editor, "push", "-q", str(bare), "main")  # main is there before the hooks
        setup = subprocess.run(["bash", str(ROOT / "deploy/setup-publish.sh"), str(bare),
                                str(site_root), sys.executable], capture_output=True, text=True,
                               env={**ENV, "CONFIG_DIR": str(tmp_path / "etc"),
                                    "SITE_URL": SITE_URL, "PREVIEW_PASSWORD": "testisalasana"},
                               stdin=subprocess.DEVNULL, timeout=300)
        assert setup.returncode == 0, setup.stderr
        git(tmp_path, "clone", "-q", str(bare), str(work))  # the clone the service owns

        # The service, with its paths moved into this test's folder, verified by systemd.
        text = (UNITS / "kasikirja-rekisterit.service").read_text(encoding="utf-8")
        text = (text.replace("/srv/kasikirja-sync", str(work))
                .replace("/opt/kasikirja/venv/bin/python", sys.executable)
                .replace("/etc/kasikirja", str(tmp_path / "etc")))
        (tmp_path / "units").mkdir()
        (tmp_path / "units/kasikirja-rekisterit.service").write_text(text, encoding="utf-8")
        shutil.copy(UNITS / "kasikirja-rekisterit.timer", tmp_path / "units")
        verify = subprocess.run(["systemd-analyze", "verify", "--man=no",
                                 *map(str, sorted((tmp_path / "units").iterdir()))],
                                capture_output=True, text=True, timeout=60)
        assert verify.returncode == 0 and "kasikirja-rekisterit" not in verify.stderr, verify.stderr

        service = unit("kasikirja-rekisterit.service")  # what systemd would run
        command = shlex.split(service["Service"]["ExecStart"].replace("/srv/kasikirja-sync", str(work)))
        run = subprocess.run(command, capture_output=True, text=True, timeout=600,
                             env={**ENV, "HANDBOOK_PYTHON": sys.executable},
                             stdin=subprocess.DEVNULL)
        output = run.stdout + run.stderr
        assert run.returncode == 0, output

    branch = f"paivitys/rekisterit-{date.today().isoformat()}"
    slug = f"paivitys-rekisterit-{date.today().isoformat()}"
    assert f"remote: Esikatselu: https://esikatselu.kasikirja.lapha.test/{slug}/" in output
    changed = git(bare, "diff", "--name-only", "main", branch).split()
    assert changed == ["data/finlex.json", "data/ptv.json"]  # the job commits nothing else
    preview = (site_root / "previews" / slug / "palvelut/toimeentulotuki/index.html")
    page = preview.read_text(encoding="utf-8")
    assert "Toimeentulotuen neuvonta" in page and 'href="tel:+358400000999"' in page
    assert not (site_root / "current").exists()  # main is not published by the job


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
