"""Checking the hand-written content in ``docs/`` and ``data/`` without building HTML.

``content_problems`` runs the guards on every file and checks links between pages
(hand-written and generated). The build runs it once (``Builder.files``);
``python -m macros check`` runs it too, also renders each page's macros, and lists files
git does not track (``untracked_files``), which the publishing server would not get.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml
from mkdocs.utils.meta import get_data

from ..core.cache import DataStore, code_of, digest
from ..core.files import irregular_files, regular
from ..core.problems import HandbookError, Problem
from ..data.site import Site
from ..data.sources import problem
from ..pages.editor_macros import handbook_macros
from ..pages.generated import CHANGES_SRC, DOCS_DIR, data_pages, docs_pages, undecodable_pages
from ..pages.templating import front_matter_offset, jinja_options, page_environment, render_page
from .guards import broken_links, text_problems
from .menu import menu_problems
from .rule_copies import copies_in


def content_problems(root: Path, site: Site, generated: dict[str, str] | None = None,
                     docs: dict[str, str] | None = None) -> list[Problem]:
    """Guards on every docs page and data file, and links from docs pages to all pages and
    their anchors (in Finnish, before the build writes any page; MkDocs' own validation then
    sees only generated pages' links). ``generated`` and ``docs`` are passed when the caller
    has them already (the build has)."""
    root = Path(root)
    docs = docs_pages(root) if docs is None else docs
    problems: list[Problem] = irregular_files(root) + undecodable_pages(root)
    retired = list(site.retired_names.values())
    names = repr([name.model_dump() for name in retired])  # and the rules' guards, for copies
    names += repr([(rule.id, rule.guard) for rule in site.rules.values()])
    texts = {f"{DOCS_DIR}/{src}": text for src, text in docs.items()}
    texts.update({file.relative_to(root).as_posix(): file.read_text(encoding="utf-8-sig")
                  for file in sorted((root / "data").rglob("*.yml")) if regular(file)})
    for path, text in texts.items():
        problems += _guarded(text, path, path.startswith(f"{DOCS_DIR}/"), retired, names,
                             site.rules)
    pages = {**(generated if generated is not None else data_pages(site)),
             CHANGES_SRC: "# Muutokset", **docs}
    problems += broken_links(pages, {src: f"{DOCS_DIR}/{src}" for src in docs}, docs)
    return problems + menu_problems(site, pages, docs)


# What the guards found in a file, by its path and text and the old names and rule guards
# looked for.
GUARDED = DataStore("guards", yaml.__version__,
                     code_of("checks/runner.py", "checks/guards.py", "core/problems.py",
                             "data/sources.py", "core/safe_html.py", "core/prose.py",
                             "data/page_models.py", "checks/rule_copies.py"),
                     encode=lambda found: [[p.path, p.line, p.field, p.message] for p in found],
                     decode=lambda found: [problem(fields) for fields in found])


def _guarded(text: str, path: str, markdown: bool, retired: list, names: str,
             rules: dict) -> list[Problem]:
    return GUARDED.get(digest(path, markdown, names, text),
                       lambda: text_problems(text, path, markdown, retired)
                       + copies_in(rules, path, text))


def macro_problems(root: Path, site: Site) -> list[Problem]:
    """Render the macros of every docs page as the build would, collecting the errors."""
    env = page_environment(jinja_options(root))
    problems: list[Problem] = []
    for src, source in docs_pages(Path(root)).items():
        body, meta = get_data(source)
        if meta.get("render_macros") is False:
            continue
        variables = {**meta, **handbook_macros(lambda: site, lambda src=src: src)}
        try:
            render_page(env, body, variables, f"{DOCS_DIR}/{src}", front_matter_offset(source, body))
        except HandbookError as error:
            problems += error.problems
    return problems


def untracked_files(root: Path) -> list[Problem]:
    """Data and docs files that git does not track: the editor sees them, the publishing
    server never gets them. Nothing when ``root`` is not in a git work tree (or git is
    missing): then there is no commit to leave a file out of."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard", "-z", "--", "data", DOCS_DIR],
            cwd=root, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    except OSError:
        return []
    if listed.returncode != 0:
        return []
    return [Problem(path, 0, "git", f"tiedosto ei ole mukana commitissa: git add {path}")
            for path in sorted(filter(None, listed.stdout.split("\0")))]
