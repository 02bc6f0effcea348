"""What HTML content may hold: one allowlist for data text, docs pages and rendering.

Editors write Markdown, and a little HTML where Markdown has no element for it (a language:
``<span lang="se">``, text marked as history: ``<span class="hk-history">``, ``<abbr>``, a
``<div markdown>`` block). Everything else is refused where it is written (``problems``:
``check`` and the build name the file and line) and, should anything slip through, removed
when pages are rendered (``clean``, with nh3, the maintained sanitizer of the Rust ammonia
library): scripts, styles, frames, objects, meta elements, event handlers, style attributes,
and links to anything but http, https, mailto, tel and addresses within the site.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

GLOBAL = {"lang", "title", "class"}
TAGS: dict[str, set[str]] = {
    "a": {"href", "hreflang"}, "abbr": set(), "b": set(), "br": set(), "cite": set(),
    "code": set(), "del": set(), "dfn": set(), "div": {"markdown"}, "em": set(), "i": set(),
    "img": {"src", "alt", "width", "height"}, "ins": set(), "kbd": set(), "li": set(),
    "mark": set(), "ol": {"start"}, "p": set(), "q": set(), "s": set(), "small": set(),
    "span": {"markdown"}, "strong": set(), "sub": set(), "sup": set(), "time": {"datetime"},
    "ul": set(), "wbr": set(),
}
URL_ATTRIBUTES = {"href", "src"}
SCHEMES = {"http", "https", "mailto", "tel"}
ALLOWED = ", ".join(f"<{tag}>" for tag in ("span", "div", "abbr", "a", "strong", "em", "br"))

# Markdown's own links and images: [text](url "title"), [id]: url, and <scheme:…> autolinks.
MARKDOWN_URL = re.compile(r"\]\(\s*<?([^\s)>]*)|^[ ]{0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.M)
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def url_allowed(url: str, images: bool = False) -> bool:
    """A link to http, https, mailto or tel, or within the site (an image: within the site)."""
    plain = CONTROL.sub("", html.unescape(url)).lower()
    scheme = SCHEME.match(plain)
    if scheme is None:
        return not plain.startswith("//")  # //host is another site
    return not images and scheme.group(1) in SCHEMES


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def _problem(self, message: str) -> None:
        self.found.append((self.getpos()[0], message))

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self._problem(f"HTML-elementti <{tag}> ei ole sallittu (sallittuja ovat mm. "
                          f"{ALLOWED}). Poista se tai kirjoita sisältö Markdownina.")
            return
        for name, value in attrs:
            if name.startswith("on") or name == "style" or name not in GLOBAL | TAGS[tag]:
                self._problem(f"attribuutti {name} elementissä <{tag}> ei ole sallittu "
                              "(tapahtumankäsittelijät ja style-attribuutit eivät ole koskaan "
                              "sallittuja). Poista se.")
            elif name in URL_ATTRIBUTES and not url_allowed(value or "", tag == "img"):
                self._problem(_bad_url(value or ""))

    handle_startendtag = handle_starttag

    def handle_decl(self, decl):
        self._problem(f"merkintä <!{decl[:20]}> ei ole sallittu. Poista se.")

    def handle_pi(self, data):
        self._problem(f"merkintä <?{data[:20]}> ei ole sallittu. Poista se.")

    def unknown_decl(self, data):
        self._problem(f"merkintä <![{data[:20]}> ei ole sallittu. Poista se.")


def _bad_url(url: str) -> str:
    return (f'linkin osoite "{url[:40]}" ei ole sallittu. Käytä osoitetta, joka alkaa https://, '
            "http://, mailto: tai tel:, tai käsikirjan oman sivun osoitetta.")


def problems(text: str) -> list[tuple[int, str]]:
    """(line within ``text``, Finnish message) of every element, attribute and link address
    the handbook does not allow."""
    found: list[tuple[int, str]] = []
    if "<" in text:
        finder = _Finder()
        finder.feed(text)
        finder.close()
        found += finder.found
    if "](" in text or "]:" in text:
        for match in MARKDOWN_URL.finditer(text):
            url = match.group(1) if match.group(1) is not None else match.group(2)
            if url and not url_allowed(url):
                found.append((text.count("\n", 0, match.start()) + 1, _bad_url(url)))
    return found


def clean(text: str) -> str:
    """Data text made safe for a page: allowed elements, attributes and addresses kept,
    everything else removed (text without markup comes back unchanged, and fast)."""
    if "<" not in text:
        return text
    return nh3.clean(text, tags=set(TAGS), attributes={tag: GLOBAL | attributes
                                                       for tag, attributes in TAGS.items()},
                     url_schemes=SCHEMES, link_rel=None, strip_comments=True)


def attribute(text: str) -> str:
    """Text for inside a double-quoted HTML attribute (a page's description, its title)."""
    if not any(c in text for c in '"<>'):
        return text
    return text.replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
