"""Helpers to build handbooks in tests: the real one and small fixture sites with a change."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# The forge's edit address, as CI or the publishing server sets it (mkdocs.yml has none: a build
# without it has no edit buttons); .test is a name reserved for tests.
EDIT_URL = "https://git.lapha.test/kasikirja/-/edit/main/{path}"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
       "HANDBOOK_EDIT_URL": EDIT_URL}


def require_tier(tier: str, what: str) -> None:
    """Fail a test that starts ``what`` without its tier marker (conftest.py): the fast tier
    must not run it unseen."""
    tiers = os.environ.get("HANDBOOK_TEST_TIERS")
    if tiers is not None and tier not in tiers.split(","):
        test = os.environ.get("PYTEST_CURRENT_TEST", "this test").split(" ")[0]
        raise AssertionError(f"{test} starts {what} but is not in the {tier!r} tier: add "
                             f"`pytestmark = pytest.mark.{tier}` to its module")


def is_real_handbook(project: Path) -> bool:
    """The real handbook or a copy of it (a fixture site has a service or two)."""
    return len(list((project / "data" / "services").glob("*.yml"))) > 5


@dataclass
class Build:
    returncode: int
    output: str  # stdout and stderr together, as an editor sees them
    site: Path


def handbook_copy(project: Path, history: bool = False) -> Path:
    """A copy of the real handbook to change (no virtualenvs, node_modules, tests, build output
    or caches); with ``history``, its git history linked (the changes page reads it)."""
    shutil.copytree(ROOT, project, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "node_modules", "site", "tests", ".*cache", ".benchmarks"))
    if history:
        (project / ".git").symlink_to(ROOT / ".git")
    return project


def fixture_site(tmp: Path, name: str = "minimal", changes: dict[str, str | None] | None = None,
                 edits: dict[str, tuple[str, str]] | None = None) -> Path:
    """Copy a fixture site to ``tmp`` with the real overrides/, link the real macros/ (content
    folders may hold no links: core/files.py), apply changes.

    ``changes`` maps a path to its new text (None deletes it); ``edits`` maps a path to
    (old, new) replaced once in that file, and fails if ``old`` is not there.
    """
    project = tmp / name
    shutil.copytree(FIXTURES / name, project)
    (project / "macros").symlink_to(ROOT / "macros")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    for path, text in (changes or {}).items():
        target = project / path
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    for path, (old, new) in (edits or {}).items():
        target = project / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


def build(project: Path, site: Path, config: str = "mkdocs.yml", verbose: bool = False,
          **env: str) -> Build:
    """Run a strict ``mkdocs build`` of ``project`` into ``site`` as a separate process (with
    ``verbose``, MkDocs' -v: the debug messages too)."""
    if is_real_handbook(project):
        require_tier("handbook", "a build of the real handbook")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *(["-v"] if verbose else []),
         "-f", str(project / config), "-d", str(site)],
        cwd=project, env={**ENV, **env}, capture_output=True, text=True, timeout=300,
        stdin=subprocess.DEVNULL)
    return Build(result.returncode, result.stdout + result.stderr, site)


# A build whose source checks find nothing (as if they missed it): only the output allowlist.
UNCHECKED = """import sys
sys.path.insert(0, ".")
import macros.core.safe_html as safe_html
safe_html.problems = lambda text: []
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict", *sys.argv[2:], "-d", sys.argv[1]]
cli()
"""


def build_unchecked(project: Path, site: Path, *args: str) -> tuple[int, str]:
    """A strict build of ``project`` (with MkDocs' ``args``) whose source checks find nothing:
    its exit code and output."""
    result = subprocess.run([sys.executable, "-c", UNCHECKED, str(site), *args], cwd=project,
                            env={**ENV, "HANDBOOK_CACHE": "0"}, capture_output=True, text=True,
                            timeout=300, stdin=subprocess.DEVNULL)
    return result.returncode, result.stdout + result.stderr


def differences(left: Path, right: Path) -> list[str]:
    """Every file that differs between two built sites or is in one only (gzip copies aside:
    their headers carry no content of ours)."""
    def walk(compared: filecmp.dircmp) -> list[str]:
        found = [f"{compared.left}/{name}" for name in
                 compared.diff_files + compared.left_only + compared.right_only
                 if not name.endswith(".gz")]
        for sub in compared.subdirs.values():
            found += walk(sub)
        return found
    return walk(filecmp.dircmp(left, right, ignore=[]))


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``python -m macros`` in ``project`` (the real package, found through ROOT)."""
    return subprocess.run(
        [sys.executable, "-m", "macros", *args, "--root", str(project)],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def html(site: Path, path: str):
    """A built page parsed, without its heading permalinks and the soft hyphens of its
    headings (so a heading's text is its title)."""
    from bs4 import BeautifulSoup
    page = BeautifulSoup((site / path).read_text(encoding="utf-8").replace("&shy;", ""), "html.parser")
    for permalink in page.select("a.headerlink"):
        permalink.decompose()
    return page
