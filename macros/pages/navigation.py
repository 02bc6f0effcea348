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
# A page's side menu lists the pages beside it: a folder of more placed pages than LIMIT (a
# thousand services) is cut into ranges of RANGE pages ("A–K", "L–Ö"), nested again when the
# ranges are too many, so a page's menu grows with the logarithm of the section, not the
# section (bench/run.py's page growth).
LIMIT, RANGE = 30, 10


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
    return {parent: ranges([(titles[s], s) for s in sorted(
                found, key=lambda s: (titles[s].lower().translate(FINNISH_ORDER), s))])
            for parent, found in children.items()}, sorted(homeless)


def ranges(entries: list[tuple[str, str]]) -> list[dict]:
    """Sorted (title, page) pairs as nav entries: as they are up to LIMIT, else in ranges of
    RANGE named by their first and last titles, as far as needed to tell them apart."""
    nodes = [({title: src}, title, title) for title, src in entries]
    while len(nodes) > LIMIT:
        groups = [nodes[i:i + RANGE] for i in range(0, len(nodes), RANGE)]
        nodes = [({_range_name(groups, i): [entry for entry, _, _ in group]},
                  group[0][1], group[-1][2]) for i, group in enumerate(groups)]
    return [entry for entry, _, _ in nodes]


def _range_name(groups: list[list[tuple]], i: int) -> str:
    """"A–K": the first and last titles of a range, both cut at the length that tells the
    range from its neighbours (at least one letter)."""
    first, last = groups[i][0][1], groups[i][-1][2]
    before = groups[i - 1][-1][2] if i else ""
    after = groups[i + 1][0][1] if i + 1 < len(groups) else ""
    length = max(_shared(first, before), _shared(last, after)) + 1
    start, end = first[:length].strip(), last[:length].strip()
    return start if start == end else f"{start}–{end}"


def _shared(a: str, b: str) -> int:
    """How many first letters two titles share (case aside)."""
    a, b = a.lower(), b.lower()
    return next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


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
