"""The language of each link of the menu, tabs and footer (WCAG 3.1.2, language of parts).

One menu holds Finnish and English pages (``data/navigation.yml``): on a Finnish page the
English section's links are English, on an English page the Finnish sections' links are
Finnish. Material writes the titles as they are; this marks each link (and each section
title of the mobile menu) whose page is in the other language with ``lang``. A link's
language is its target's: pages under ``en/`` are English.
"""

from __future__ import annotations

import posixpath
import re

LINK = re.compile(r'<a href="(?P<href>[^"]*)" class="(?P<cls>md-(?:nav|tabs|footer)__link)\b')
TOGGLE = re.compile(r'<input class="md-nav__toggle md-toggle[^"]*" type="checkbox" '
                    r'id="(?P<id>__nav_[0-9_]+)"')
TITLE = re.compile(r'<label class="md-nav__(?P<kind>title|link)" for="(?P<id>__nav_[0-9_]+)"')


def target_lang(href: str, page_url: str) -> str:
    """'en' for a link to a page under en/, else 'fi' (relative to the page's URL)."""
    base = "/" + page_url
    if not base.endswith("/"):
        base = posixpath.dirname(base) + "/"
    path = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
    return "en" if path == "/en" or path.startswith("/en/") else "fi"


def nav_languages(output: str, page_url: str, page_lang: str) -> str:
    """``output`` with ``lang`` on every menu, tab and footer link (and mobile menu section
    title) whose page is in another language than the page."""
    # The language of each section, by its toggle's id: that of the first link after it.
    sections = {}
    for toggle in TOGGLE.finditer(output):
        link = LINK.search(output, toggle.end())
        if link:
            sections[toggle["id"]] = target_lang(link["href"], page_url)

    def link(found: re.Match) -> str:
        lang = target_lang(found["href"], page_url)
        return found[0] if lang == page_lang else f'{found[0][:2]} lang="{lang}"{found[0][2:]}'

    def title(found: re.Match) -> str:
        lang = sections.get(found["id"], page_lang)
        return found[0] if lang == page_lang else f'{found[0][:6]} lang="{lang}"{found[0][6:]}'

    return TITLE.sub(title, LINK.sub(link, output))
