"""Every page made by code, and the hand-written pages they sit beside.

``all_generated_pages`` is the list the build adds to MkDocs' files (``build/hooks.py``),
``python -m macros generate`` writes to disk and ``check`` checks links against: the pages
from data (services, staff views, residents' views, brochures) and the changes page from git.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from mkdocs.utils.meta import get_data

from ..core.files import regular
from ..core.problems import Problem
from ..data.site import Site
from .brochures import brochure_pages
from .history import CHANGES_SRC, Change, changes_page, read_history
from .residents import generate_resident_pages
from .services import generate_pages
from .staff import generate_staff_pages

DOCS_DIR = "docs"


def is_generated(text: str) -> bool:
    """Whether a page is a copy ``python -m macros generate`` wrote: its front matter (not
    its text: a code example may show the key) has ``generated_from``."""
    if not text.startswith("---"):
        return False
    return "generated_from" in get_data(text)[1]


def read_page(path: Path) -> str | None:
    """A docs page's text, or None when it is not UTF-8 (``undecodable_pages`` says so)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None


def _markdown_files(root: Path):
    docs = root / DOCS_DIR
    for path in sorted(docs.rglob("*.md")):
        if regular(path):  # a link: refused by the guards (core/files.py), never read
            yield path.relative_to(docs).as_posix(), path


def docs_pages(root: Path) -> dict[str, str]:
    """Every hand-written Markdown page in docs/ by its path there. Copies that
    `python -m macros generate` wrote are left out (``is_generated``), and so are pages that
    are not UTF-8 (reported by ``undecodable_pages``)."""
    pages = {}
    for src, path in _markdown_files(root):
        text = read_page(path)
        if text is not None and not is_generated(text):
            pages[src] = text
    return pages


def undecodable_pages(root: Path) -> list[Problem]:
    """Docs pages saved in another character set than UTF-8 (Latin-1 from an old editor),
    at the line of the first character that is not UTF-8."""
    found = []
    for src, path in _markdown_files(root):
        data = path.read_bytes()
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            found.append(Problem(
                f"{DOCS_DIR}/{src}", data[:error.start].count(b"\n") + 1, "merkistö",
                "sivu ei ole UTF-8-muodossa (ä, ö tai jokin muu merkki on tallennettu toisella "
                "merkistöllä). Tallenna se uudelleen UTF-8-merkistöllä: VS Codessa napsauta "
                'alapalkin merkistön nimeä ja valitse "Save with Encoding" ja "UTF-8".'))
    return found


def page_title(text: str, src: str) -> str:
    """A page's title as MkDocs shows it: front matter title, else its first heading."""
    body, meta = get_data(text)
    if meta.get("title"):
        return str(meta["title"])
    heading = re.search(r"^#[ \t]+(.+?)[ \t#]*$", body, re.M)
    return heading.group(1) if heading else src


def data_pages(site: Site, site_url: str = "", pdf: bool = False) -> dict[str, str]:
    """Every page made from data: services, the staff views and the residents' views, and the
    brochures (which link their PDFs when ``pdf``)."""
    return {**generate_pages(site, site_url), **generate_staff_pages(site),
            **generate_resident_pages(site), **brochure_pages(site, site_url, pdf)}


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
                        docs: dict[str, str] | None = None, pdf: bool = False) -> dict[str, str]:
    """Every page made by code: those from data and the changes page from git history
    (``changes`` and ``docs`` read by the caller, or read here)."""
    pages = data_pages(site, site_url, pdf)
    if changes is True:
        changes = read_history(root, limit=None)
    docs = docs_pages(root) if docs is None else docs
    pages[CHANGES_SRC] = changes_page(changes, _Titles({**pages, **docs}))
    return pages
