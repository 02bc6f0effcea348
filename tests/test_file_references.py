"""The README and the comments of mkdocs.yml name files that exist: a file moved or renamed
must take its mentions with it (a comment once named macros/search_index.py long after it
had gone)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sites import ROOT

# A path: a folder of the repository (or of the package, or of tests/, as the README's tables
# write them) and at least one more part.
FOLDERS = (r"\.ci|\.github|macros|docs|data|overrides|deploy|tests|bench|checks|schemas"
           r"|core|pages|search|assemble|sync")
PATH = re.compile(rf"(?<![\w/.$-])((?:{FOLDERS})/[\w./<>*{{}}…-]*[\w>*}}…])")
# Written with a placeholder (<id>, *, {path}, …): a pattern, not one file.
PLACEHOLDER = re.compile(r"[<>*{}…]")
# Paths that are not files of the repository, and why.
NOT_IN_REPOSITORY = {
    "data/ptv.json": "written by `python -m macros sync ptv`; not there until a sync has run",
    "data/finlex.json": "written by `python -m macros sync finlex`",
    "search/search_index.json": "Material's index in the built site",
    "search/fi.json": "the handbook's index root in the built site",
    "search/en.json": "the handbook's index root in the built site",
}
# Where a path written without the repository's folder may live (the README's tables name
# modules relative to macros/ and tests relative to tests/).
BASES = (ROOT, ROOT / "macros", ROOT / "tests")


def mentions(path: Path, comments_only: bool) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if comments_only:
            if "#" not in line:
                continue
            line = line[line.index("#"):]
        for match in PATH.finditer(line):
            text = match.group(1).rstrip(".")
            if PLACEHOLDER.search(text):
                continue
            found.append((number, text))
    return found


def missing(path: Path, comments_only: bool) -> list[str]:
    return [f"{path.name}:{number}: {text}" for number, text in mentions(path, comments_only)
            if text not in NOT_IN_REPOSITORY
            and not any((base / text).exists() for base in BASES)]


@pytest.mark.parametrize("name, comments_only", [("mkdocs.yml", True), ("README.md", False)])
def test_named_files_exist(name, comments_only):
    assert mentions(ROOT / name, comments_only), f"no paths found in {name}: the pattern is broken"
    assert missing(ROOT / name, comments_only) == []


def test_a_stale_name_is_found(tmp_path):
    stale = tmp_path / "mkdocs.yml"
    stale.write_text("plugins:\n  # built by macros/search_index.py and macros/search/index.py\n"
                     "  - search  # not a comment: macros/gone.py is in a comment too\n"
                     "nav: macros/other_gone.py\n")
    assert missing(stale, comments_only=True) == ["mkdocs.yml:2: macros/search_index.py",
                                                  "mkdocs.yml:3: macros/gone.py"]
