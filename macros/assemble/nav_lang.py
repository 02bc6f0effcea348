"""The language of each link of the menu, tabs and footer (WCAG 3.1.2, language of parts).

One menu holds Finnish and English pages (``data/navigation.yml``): on a Finnish page the
English section's links are English, on an English page the Finnish sections' links are
Finnish. Material writes the titles as they are; the page's walk (``page_html``) marks each
link (and each section title of the mobile menu) whose page is in the other language with
``lang``. A link's language is its target's: pages under ``en/`` are English; a section's is
that of the first link after its toggle.
"""

from __future__ import annotations

import posixpath
import re

LINK = re.compile(r'<a href="(?P<href>[^"]*)" class="md-(?:nav|tabs|footer)__link\b')
TOGGLE = re.compile(r'<input class="md-nav__toggle md-toggle[^"]*" type="checkbox" '
                    r'id="(?P<id>__nav_[0-9_]+)"')
TITLE = re.compile(r'<label class="md-nav__(?:title|link)" for="(?P<id>__nav_[0-9_]+)"')


def menu_tag(tag: str) -> tuple[str, str] | None:
    """("link", href), ("toggle", section id) or ("title", section id) for a tag of the
    menu, tabs or footer whose language matters; None for any other tag."""
    for kind, pattern, group in (("link", LINK, "href"), ("toggle", TOGGLE, "id"),
                                 ("title", TITLE, "id")):
        found = pattern.match(tag)
        if found:
            return kind, found[group]
    return None


def target_lang(href: str, page_url: str) -> str:
    """'en' for a link to a page under en/, else 'fi' (relative to the page's URL)."""
    base = "/" + page_url
    if not base.endswith("/"):
        base = posixpath.dirname(base) + "/"
    path = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
    return "en" if path == "/en" or path.startswith("/en/") else "fi"


def with_lang(tag: str, lang: str) -> str:
    """``tag`` (``<a …>`` or ``<label …>``) with ``lang`` after its name."""
    at = tag.index(" ")
    return f'{tag[:at]} lang="{lang}"{tag[at:]}'


class MenuLanguages:
    """One page's walk through its menu: which sections' language is known, and the section
    titles waiting for it (a title comes before its section's first link)."""

    def __init__(self, page_url: str, page_lang: str):
        self.page_url, self.page_lang = page_url, page_lang
        self.sections: dict[str, str] = {}
        self.open: list[str] = []  # toggles seen, their first link not yet
        self.waiting: dict[str, list[tuple[int, int, str, int | None]]] = {}

    def tag(self, kind: str, value: str, new: str) -> tuple[str, str | None]:
        """The tag's text (``new``: with the theme's fixes) with its ``lang``, and the section
        it waits for when its language is not known yet."""
        if kind == "toggle":
            self.open.append(value)
            return new, None
        if kind == "link":
            lang = target_lang(value, self.page_url)
            for section in self.open:
                self.sections[section] = lang
            self.open = []
            return (new if lang == self.page_lang else with_lang(new, lang)), None
        if value in self.open:
            return new, value
        lang = self.sections.get(value, self.page_lang)
        return (new if lang == self.page_lang else with_lang(new, lang)), None

    def wait(self, section: str, start: int, end: int, text: str, edit: int | None) -> None:
        self.waiting.setdefault(section, []).append((start, end, text, edit))

    def resolved(self) -> list[tuple[int, int, str, int | None]]:
        """The waiting titles whose section's language is now known and not the page's: each
        (start, end, tag with lang, index of the edit it replaces or None)."""
        out = []
        for section in [s for s in self.waiting if s in self.sections]:
            lang = self.sections[section]
            for start, end, text, edit in self.waiting.pop(section):
                if lang != self.page_lang:
                    out.append((start, end, with_lang(text, lang), edit))
        return out
