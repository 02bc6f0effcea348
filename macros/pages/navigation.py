"""The menu (``data/navigation.yml``) as MkDocs' ``nav``, with every page in it.

Editors name the pages that need a name or a place of their own. Every other page, the
hand-written ones and those made from data (services, processes, roles, municipalities,
situations, brochures, English pages), goes under the nearest page of the menu that is the
front page of its folder (``palvelut/index.md`` for ``palvelut/toimeentulotuki.md``), after
the named ones, in the order of their titles. So every page shows its section's menu with
itself marked, and a new service needs no menu entry.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from mkdocs.utils.meta import get_data

from ..data.menu_models import MenuItem
from .generated import page_title

FINNISH_ORDER = str.maketrans({"å": "z{", "ä": "z|", "ö": "z}", "Å": "z{", "Ä": "z|", "Ö": "z}"})


def menu_title(text: str, src: str) -> str:
    """A placed page's name in the menu: its heading (the front matter title may say what the
    section says already: "Prosessi: …" under Prosessit), else its title."""
    heading = re.search(r"^#[ \t]+(.+?)[ \t#]*$", get_data(text)[0], re.M)
    return heading.group(1) if heading else page_title(text, src)


def named_pages(menu: list[MenuItem]) -> list[str]:
    """Every page the menu names, in its order (a page named twice is there twice)."""
    out = []
    for item in menu:
        out += ([item.page] if item.page else []) + named_pages(item.pages)
    return out


def folder_index(src: str, indexes: set[str]) -> str | None:
    """The nearest front page in ``indexes`` of the folders above ``src``: ``a/b/index.md`` or
    ``a/b.md`` for ``a/b/c.md``, then ``a/index.md`` or ``a.md``."""
    path = PurePosixPath(src)
    folder = path.parent if path.name != "index.md" else path.parent.parent
    while folder != PurePosixPath("."):
        for candidate in (f"{folder}/index.md", f"{folder}.md"):
            if candidate in indexes and candidate != src:
                return candidate
        folder = folder.parent
    return None


def placements(menu: list[MenuItem], pages: dict[str, str]) -> tuple[dict[str, list], list[str]]:
    """Pages not named in the menu by the menu page they go under, as MkDocs' nav entries
    (``{title: path}``, in title order), and the pages that have no such place."""
    named = set(named_pages(menu))
    children: dict[str, list[str]] = {}
    homeless = []
    for src in pages:
        if src in named:
            continue
        parent = folder_index(src, named)
        if parent is None:
            homeless.append(src)
        else:
            children.setdefault(parent, []).append(src)
    titles = {src: menu_title(pages[src], src) for found in children.values() for src in found}
    return {parent: [{titles[s]: s} for s in sorted(
                found, key=lambda s: (titles[s].lower().translate(FINNISH_ORDER), s))]
            for parent, found in children.items()}, sorted(homeless)


def mkdocs_nav(menu: list[MenuItem], pages: dict[str, str]) -> list:
    """MkDocs' ``nav`` from the menu and every page of the build (path → Markdown)."""
    children, _ = placements(menu, pages)

    def entry(item: MenuItem):
        below = [entry(child) for child in item.pages]
        below += children.get(item.page, []) if item.page else []
        if not below:
            return {item.title: item.page}
        return {item.title: ([item.page] if item.page else []) + below}

    return [entry(item) for item in menu]
