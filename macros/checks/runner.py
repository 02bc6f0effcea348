"""Checking the hand-written content in ``docs/`` and ``data/`` without building HTML.

``content_problems`` runs the guards on every file and checks links between pages
(hand-written and generated). The build runs it once (``hooks.on_files``);
``python -m macros check`` runs it too, and also renders each page's macros.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import jinja2
import yaml
from mkdocs.utils.meta import get_data

from .. import handbook_macros
from ..pages.brochures import brochure_pages, pdf_enabled
from ..core.cache import PickleStore, code_of, digest
from .guards import broken_links, prose_lines, text_problems, without_history
from ..pages.history import CHANGES_SRC, Change, changes_page, read_history
from ..pages.services import generate_pages
from ..core.problems import HandbookError, Problem
from ..pages.residents import generate_resident_pages
from ..data.rules import RULES_FILE, copies
from ..pages.staff import generate_staff_pages
from ..pages.templating import JINJA_OPTIONS, front_matter_offset, render_page
from ..data.site import Site

DOCS_DIR = "docs"
GENERATED = re.compile(r"\A---\n(?:.*\n)*?generated_from: ", re.M)


def docs_pages(root: Path) -> dict[str, str]:
    """Every hand-written Markdown page in docs/ by its path there. Copies that
    `python -m macros generate` wrote are left out: they say `generated_from:`."""
    docs = root / DOCS_DIR
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8-sig")
        if not GENERATED.search(text[:2000]):
            pages[path.relative_to(docs).as_posix()] = text
    return pages


def page_title(text: str, src: str) -> str:
    """A page's title as MkDocs shows it: front matter title, else its first heading."""
    body, meta = get_data(text)
    if meta.get("title"):
        return str(meta["title"])
    heading = re.search(r"^#[ \t]+(.+?)[ \t#]*$", body, re.M)
    return heading.group(1) if heading else src


def data_pages(site: Site, site_url: str = "") -> dict[str, str]:
    """Every page made from data: services, the staff views and the residents' views."""
    return {**generate_pages(site, site_url), **generate_staff_pages(site),
            **generate_resident_pages(site), **brochure_pages(site, site_url, pdf_enabled())}


class _Titles(Mapping):
    """Page titles by docs path, each worked out only when the changes page links to it."""

    def __init__(self, pages: dict[str, str]):
        self._pages = pages

    def __getitem__(self, src: str) -> str:
        return page_title(self._pages[src], src)

    def __iter__(self):
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)


def all_generated_pages(root: Path, site: Site, site_url: str = "",
                        changes: list[Change] | None | bool = True,
                        docs: dict[str, str] | None = None) -> dict[str, str]:
    """Every page made by code: those from data and the changes page from git history
    (``changes`` and ``docs`` read by the caller, or read here)."""
    pages = data_pages(site, site_url)
    if changes is True:
        changes = read_history(root, limit=None)
    docs = docs_pages(root) if docs is None else docs
    pages[CHANGES_SRC] = changes_page(changes, _Titles({**pages, **docs}))
    return pages


def content_problems(root: Path, site: Site, generated: dict[str, str] | None = None,
                     docs: dict[str, str] | None = None) -> list[Problem]:
    """Guards on every docs page and data file, and links between all pages. ``generated``
    and ``docs`` are passed when the caller has them already (the build has)."""
    root = Path(root)
    docs = docs_pages(root) if docs is None else docs
    problems: list[Problem] = []
    retired = list(site.retired_names.values())
    names = repr([name.model_dump() for name in retired])
    texts = {f"{DOCS_DIR}/{src}": text for src, text in docs.items()}
    texts.update({file.relative_to(root).as_posix(): file.read_text(encoding="utf-8-sig")
                  for file in sorted((root / "data").rglob("*.yml"))})
    for path, text in texts.items():
        problems += _guarded(text, path, path.startswith(f"{DOCS_DIR}/"), retired, names)
    problems += rule_copies(site, texts)
    pages = {**(generated if generated is not None else data_pages(site)),
             CHANGES_SRC: "# Muutokset", **docs}
    problems += broken_links(pages, {src: f"{DOCS_DIR}/{src}" for src in docs}, sources=docs)
    return problems


def rule_copies(site: Site, texts: dict[str, str]) -> list[Problem]:
    """A legal rule's number written by hand (``texts``: docs pages and data files by path)
    instead of cited with ``{{ rule("id") }}``: each such copy could drift from data/rules.yml."""
    return [Problem(path, line, "sääntö",
                    f'"{text}" kirjoittaa käsin säännön, joka on tiedostossa {RULES_FILE} '
                    f"({ids}). Kirjoita sen tilalle " + " tai ".join(
                        f'{{{{ rule("{rule_id}") }}}}' for rule_id in ids.split(", "))
                    + ", niin luku pysyy yhdessä paikassa.")
            for path, text_of_file in texts.items() if path != RULES_FILE
            for line, text, ids in copies(prose_lines(without_history(text_of_file)), site.rules)]


# What the guards found in a file, by its path and text and the old names looked for.
GUARDED = PickleStore("guards", yaml.__version__,
                      code_of("checks/runner.py", "checks/guards.py", "core/problems.py", "data/sources.py"))


def _guarded(text: str, path: str, markdown: bool, retired: list, names: str) -> list[Problem]:
    return GUARDED.get(digest(path, markdown, names, text),
                       lambda: text_problems(text, path, markdown, retired))


def macro_problems(root: Path, site: Site) -> list[Problem]:
    """Render the macros of every docs page as the build would, collecting the errors."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, **JINJA_OPTIONS)
    problems: list[Problem] = []
    for src, source in docs_pages(Path(root)).items():
        body, meta = get_data(source)
        if meta.get("render_macros") is False:
            continue
        variables = {**handbook_macros(lambda: site, lambda src=src: src), **meta}
        try:
            render_page(env, body, variables, f"{DOCS_DIR}/{src}", front_matter_offset(source, body))
        except HandbookError as error:
            problems += error.problems
    return problems
