"""Does the parallel test run find what the serial one finds?

Copies the repository (tracked files) to a temporary folder, plants a failing assertion at the
start of one test in each test folder (tests/, tests/assemble/, tests/checks/, …), runs those
files once serially (``-n 0``) and once in parallel (``-n N``, as CI does), and compares the
failing tests of both runs with the planted ones. Exit 0 when all three sets are equal.

    .venv/bin/python checks/planted_failures.py [--workers 4] [--tier "not slow"]
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANTED = "assert False, 'planted failure'"


def tracked_copy(target: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for environment in (".venv", ".venv-zensical", "node_modules"):
        if (ROOT / environment).exists():
            (target / environment).symlink_to(ROOT / environment)
    (target / ".git").symlink_to(ROOT / ".git")  # the changes page and sitemap read history


def selected(project: Path, tier: str | None) -> set[str]:
    """The tests (``file::name``, parameters dropped) the tier runs."""
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             *(["-m", tier] if tier else []), "tests"],
                            cwd=project, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return {re.sub(r"\[.*", "", line) for line in result.stdout.splitlines() if "::" in line}


def plant(path: Path, relative: str, eligible: set[str]) -> str | None:
    """Insert a failing assertion as the first statement of the first test in ``path`` that
    the tier runs; its node id, or None."""
    text = path.read_text(encoding="utf-8")
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef) and f"{relative}::{node.name}" in eligible:
            lines = text.splitlines(keepends=True)
            first = node.body[0]
            lines.insert(first.lineno - 1, f"{' ' * first.col_offset}{PLANTED}\n")
            path.write_text("".join(lines), encoding="utf-8")
            return f"{relative}::{node.name}"
    return None


def failures(project: Path, files: list[str], workers: int, tier: str | None) -> set[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", "-n", str(workers),
               *(["-m", tier] if tier else []), *files]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    print(result.stdout.strip().splitlines()[-1])
    return {re.sub(r"\[.*", "", line.split()[1]) for line in result.stdout.splitlines()
            if line.startswith("FAILED ")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--tier", default="not slow", help='a -m expression ("" for every test)')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planted-") as tmp:
        project = Path(tmp) / "project"
        tracked_copy(project)
        eligible = selected(project, args.tier or None)
        planted, files = set(), []
        for folder in sorted({p.parent for p in (project / "tests").rglob("test_*.py")
                              if "fixtures" not in p.parts}):
            for path in sorted(folder.glob("test_*.py")):
                relative = path.relative_to(project).as_posix()
                node = plant(path, relative, eligible)
                if node:
                    planted.add(node)
                    files.append(relative)
                    break
        print(f"planted {len(planted)} failures:", *sorted(planted), sep="\n  ")
        serial = failures(project, files, 0, args.tier or None)
        parallel = failures(project, files, args.workers, args.tier or None)
    for label, found in (("serial", serial), (f"parallel ({args.workers} workers)", parallel)):
        print(f"{label}: {len(found)} failed; missing {sorted(planted - found)}, "
              f"unexpected {sorted(found - planted)}")
    return 0 if serial == parallel == planted else 1


if __name__ == "__main__":
    sys.exit(main())
