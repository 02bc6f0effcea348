"""The menu (``data/navigation.yml``) against the pages there are: every page it names exists
(with the nearest paths as suggestions), no page is named twice, every entry has a page or
pages under it, and every hand-written page has a place (named, or under its folder's front
page). Problems name the file, the line and the fix in Finnish, like every data file's."""

from __future__ import annotations

import difflib

from ..core.problems import Problem
from ..data.menu_models import MenuItem
from ..data.site import Site
from ..pages.navigation import placements

MENU = "data/navigation.yml"


def _walk(items: list[MenuItem], loc: tuple = ()):
    for index, item in enumerate(items):
        yield (*loc, index), item
        yield from _walk(item.pages, (*loc, index, "pages"))


def _unknown(page: str, pages: set[str]) -> str:
    close = difflib.get_close_matches(page, sorted(pages), n=3, cutoff=0.6)
    hint = f" Tarkoititko: {', '.join(close)}?" if close else ""
    return (f'sivua "{page}" ei ole. Kirjoita sivun tiedoston polku kansiossa docs ilman '
            f"docs/-alkua (esim. asukkaille/oikeutesi.md) tai tiedoista tehdyn sivun polku "
            f"(esim. palvelut/index.md).{hint}")


def menu_problems(site: Site, pages: dict[str, str], docs: dict[str, str]) -> list[Problem]:
    """Problems of the menu, given every page of the build (``pages``) and the hand-written
    ones (``docs``). Nothing when the project has no menu file (mkdocs.yml's nav is used)."""
    if site.navigation is None:
        return []
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for loc, item in _walk(site.navigation):
        line = site.line(MENU, (*loc, "page")) or site.line(MENU, loc)
        if item.page is None and not item.pages:
            problems.append(Problem(MENU, line, "page", f'kohdalla "{item.title}" ei ole sivua '
                                    "(page) eikä alasivuja (pages). Lisää toinen tai poista kohta."))
        if item.page is None:
            continue
        if item.page not in pages:
            problems.append(Problem(MENU, line, "page", _unknown(item.page, set(pages))))
        elif item.page in first:
            problems.append(Problem(MENU, line, "page", f"sivu {item.page} on valikossa jo "
                                    f"rivillä {first[item.page]}. Poista toinen kohta."))
        first.setdefault(item.page, line)
    _, homeless = placements(site.navigation, pages)
    problems += [Problem(f"docs/{src}", 1, "valikko",
                         f"sivu ei ole valikossa, eikä sen kansion etusivu ole siellä. Lisää se "
                         f"tiedostoon {MENU}: - title: Sivun nimi ja page: {src} sen kohdan "
                         "pages-luetteloon, jonka alle se kuuluu.")
                 for src in homeless if src in docs]
    return problems
