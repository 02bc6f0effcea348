"""Does a change alter the built site? Builds the handbook with the code of two commits and
compares the two sites file by file (a refactoring must leave every byte as it was).

    .venv/bin/python bench/same_output.py --base c906bc7 [--head HEAD]

Both builds run in one temporary clone checked out at ``--head``, so git history, and with
it the changes page, sitemap dates and the search index, is the same for both; for the
second build every file is put back as it was at ``--base`` (files added since are removed).
Caches are off (``HANDBOOK_CACHE=0``). Prints the files that differ; exits 1 if any do.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def build(project: Path, site: Path) -> None:
    env = {**os.environ, "HANDBOOK_CACHE": "0", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"build failed in {project}:\n{result.stdout}{result.stderr}")


def differences(compared: filecmp.dircmp, prefix: str = "") -> list[str]:
    found = [f"{prefix}{name}" for name in (*compared.left_only, *compared.right_only,
                                            *compared.diff_files, *compared.funny_files)]
    for name, sub in compared.subdirs.items():
        found += differences(sub, f"{prefix}{name}/")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the commit before the change")
    parser.add_argument("--head", default="HEAD", help="the commit after it (default HEAD)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        clone = Path(temporary) / "clone"
        subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(clone)], check=True)
        git("checkout", "-q", "--detach", git("rev-parse", args.head, cwd=ROOT).strip(), cwd=clone)
        build(clone, Path(temporary) / "head")
        base = git("rev-parse", args.base, cwd=ROOT).strip()
        for added in git("diff", "--name-only", "--diff-filter=A", base, "HEAD", cwd=clone).split():
            (clone / added).unlink()
        git("checkout", "-q", base, "--", ".", cwd=clone)
        build(clone, Path(temporary) / "base")
        found = differences(filecmp.dircmp(Path(temporary) / "base", Path(temporary) / "head",
                                           ignore=[]))
    print("\n".join(found) if found else "same output: every file of the two builds is identical")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
