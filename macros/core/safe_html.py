"""What HTML content may hold: one allowlist for data text, docs pages and every built page.

Editors write Markdown, and a little HTML where Markdown has no element for it (a language:
``<span lang="se">``, text marked as history: ``<span class="hk-history">``, ``<abbr>``, a
``<div markdown>`` block). Everything else is refused where it is written (``problems``:
``check`` and the build name the file and line) and, should anything slip through, removed
when data is rendered (``clean``, with nh3, the maintained sanitizer of the Rust ammonia
library): scripts, styles, frames, objects, meta elements, event handlers, style attributes,
attribute lists setting anything but an id, a class or a language, and links to anything but
http, https, mailto, tel and addresses within the site.

The boundary is the output: every tag of every page the build writes passes ``tag_problem``
(``assemble/page_html.py`` walks each page once). What Markdown and the handbook's code make
from content (``CONTENT``) and what the theme's templates make around it (``THEME``) have one
table each; on both, no event handler, no style, no element that loads or runs anything but
the site's own files, and every address checked.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3
from markdown.extensions.attr_list import get_attrs_and_remainder

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
# What an attribute list ({: … }, {#id .class}) may set: Markdown makes the rest itself.
ATTR_LIST_KEYS = {"id", ".", "lang", "hreflang", "title"}

# Markdown's own links and images: [text](url "title"), [id]: url, and <scheme:…> autolinks.
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^\s)>]*)")
MARKDOWN_URL = re.compile(r"\]\(\s*<?([^\s)>]*)|^[ ]{0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.M)
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
CONTROL = re.compile(r"[\x00-\x20\x7f]+")
NAME = re.compile(r"^[A-Za-z_:][-\w:.]*$")  # what a browser would take for an attribute's name
# Attribute lists as Python-Markdown finds them; Jinja's {{ }}, {% %} and {## ##} are not.
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{##.*?##\}", re.S)
ATTR_LIST = re.compile(r"(?P<before>.?)\{(?P<colon>:?)[ ]*(?P<attrs>[^}\n ][^}\n]*?)[ ]*\}(?P<after>[ ]*$)?",
                       re.M)


def url_allowed(url: str, images: bool = False) -> bool:
    """A link to http, https, mailto or tel, or within the site (an image: within the site)."""
    plain = CONTROL.sub("", html.unescape(url)).lower()
    scheme = SCHEME.match(plain)
    if scheme is None:
        return not plain.startswith(("//", "\\", "/\\"))  # //host is another site
    return not images and scheme.group(1) in SCHEMES


def element_message(tag: str) -> str:
    return (f"HTML-elementti <{tag}> ei ole sallittu (sallittuja ovat mm. {ALLOWED}). Poista se "
            "tai kirjoita sisältö Markdownina.")


def attribute_message(name: str, tag: str) -> str:
    return (f"attribuutti {name} elementissä <{tag}> ei ole sallittu (tapahtumankäsittelijät ja "
            "style-attribuutit eivät ole koskaan sallittuja; attribuuttilistalla {: } voi antaa "
            "vain tunnuksen #tunnus, luokan .luokka, kielen lang tai hreflang ja otsikon title). "
            "Poista se.")


def attr_list_message(key: str) -> str:
    return (f"attribuuttilista {{: … }} ei voi antaa attribuuttia {key}: siinä voi antaa vain "
            "tunnuksen (#tunnus), luokan (.luokka), kielen (lang, hreflang) ja otsikon (title). "
            "Poista se.")


def bad_url(url: str) -> str:
    return (f'linkin osoite "{url[:40]}" ei ole sallittu. Käytä osoitetta, joka alkaa https://, '
            "http://, mailto: tai tel:, tai käsikirjan oman sivun osoitetta.")


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def _problem(self, message: str) -> None:
        self.found.append((self.getpos()[0], message))

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self._problem(element_message(tag))
            return
        for name, value in attrs:
            if name.startswith("on") or name == "style" or name not in GLOBAL | TAGS[tag]:
                self._problem(attribute_message(name, tag))
            elif name in URL_ATTRIBUTES and not url_allowed(value or "", tag == "img"):
                self._problem(bad_url(value or ""))

    handle_startendtag = handle_starttag

    def handle_decl(self, decl):
        self._problem(f"merkintä <!{decl[:20]}> ei ole sallittu. Poista se.")

    def handle_pi(self, data):
        self._problem(f"merkintä <?{data[:20]}> ei ole sallittu. Poista se.")

    def unknown_decl(self, data):
        self._problem(f"merkintä <![{data[:20]}> ei ole sallittu. Poista se.")


def attr_list_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) of every attribute list that sets more than ``ATTR_LIST_KEYS``: a
    key=value pair anywhere, a bare word where Markdown reads a list (after a link, emphasis or
    code, alone on its line, at the end of a heading, or written ``{: … }``)."""
    found = []
    plain = JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for match in ATTR_LIST.finditer(plain):
        attrs, _ = get_attrs_and_remainder(match["attrs"])
        line_start = plain.rfind("\n", 0, match.start("attrs")) + 1
        line = plain[line_start:match.start()]
        listed = bool(match["colon"] or match["before"] in (")", "*", "_", "`", "]") or (
            match["after"] is not None and (not line.strip() or line.lstrip().startswith("#"))))
        for key, value in attrs:
            if (key, value) in (("id", ""), (".", "")) or not value:
                pass
            elif (key == "id" and THEME_IDS.match(value)) or (key == "." and THEME_CLASSES.match(value)):
                found.append((text.count("\n", 0, match.start("attrs")) + 1, (
                    f'{"tunnus" if key == "id" else "luokka"} {value} on varattu sivupohjalle. '
                    "Valitse toinen.")))
                continue
            if key in ATTR_LIST_KEYS or (value is None and not (listed and NAME.match(key))):
                continue
            found.append((text.count("\n", 0, match.start("attrs")) + 1,
                          attr_list_message(key)))
            if key == "href" and value and not url_allowed(value):
                found.append((text.count("\n", 0, match.start("attrs")) + 1, bad_url(value)))
    return found


def problems(text: str) -> list[tuple[int, str]]:
    """(line within ``text``, Finnish message) of every element, attribute, attribute list
    and link address the handbook does not allow."""
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
                found.append((text.count("\n", 0, match.start()) + 1, bad_url(url)))
        for match in MARKDOWN_IMAGE.finditer(text):
            if url_allowed(match.group(1)) and not url_allowed(match.group(1), images=True):
                found.append((text.count("\n", 0, match.start()) + 1, (
                    f'kuvan osoite "{match.group(1)[:40]}" on toisella sivustolla, ja jokainen '
                    "lukija hakisi sen sieltä. Tallenna kuva docs/-kansioon ja viittaa siihen.")))
    if "{" in text:
        found += attr_list_problems(text)
    return found


# A character reference in text (``&#91;``) is kept through nh3, whose serializer would write
# the character itself: Markdown reads a "[" as syntax where "&#91;" was text
# (pages/untrusted.md_text). References inside a tag are left to nh3 to decode and judge.
REFERENCE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
KEPT = re.compile("\ue000([#A-Za-z0-9]{1,32})\ue001")
CLEAN_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')  # a tag as nh3 writes it: values in "…"
INPUT_TAG = re.compile(r"""<[^>"']*(?:"[^"]*"[^>"']*|'[^']*'[^>"']*)*>""")  # values quoted or not


def clean(text: str) -> str:
    """Data text made safe for a page: allowed elements, attributes and addresses kept,
    everything else removed (text without markup comes back unchanged, and fast). Character
    references in the text stay references."""
    if "<" not in text:
        return text
    text = text.replace("\ue000", "").replace("\ue001", "")
    parts, at = [], 0
    for tag in INPUT_TAG.finditer(text):
        parts += [REFERENCE.sub("\ue000\\1\ue001", text[at:tag.start()]), tag.group()]
        at = tag.end()
    kept = _nh3("".join(parts) + REFERENCE.sub("\ue000\\1\ue001", text[at:]))
    if any("\ue000" in tag for tag in CLEAN_TAG.findall(kept)):
        return _nh3(text)  # a reference inside a tag: nh3 decodes it to judge the address
    return KEPT.sub(r"&\1;", kept)


def _nh3(text: str) -> str:
    return nh3.clean(text, tags=set(TAGS), attributes={tag: GLOBAL | attributes
                                                       for tag, attributes in TAGS.items()},
                     url_schemes=SCHEMES, link_rel=None, strip_comments=True)


def attribute(text: str) -> str:
    """Text for inside a double-quoted HTML attribute (a page's description, its title)."""
    if not any(c in text for c in '"<>'):
        return text
    return text.replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


# --- The output: every tag of every built page (assemble/page_html.py) -------------------------

CONTENT, THEME = "content", "theme"
SVG_PAINT = {"fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap",
             "stroke-linejoin", "stroke-opacity", "fill-opacity", "opacity", "transform"}
SVG_TEXT = SVG_PAINT | {"x", "y", "dx", "dy", "text-anchor", "font-family", "font-size",
                        "font-weight", "font-style"}
SVG_TAGS = {
    "svg": {"role", "aria-labelledby", "aria-label", "aria-hidden", "focusable", "width",
            "height", "viewbox", "xmlns", "xmlns:xlink", "version", "preserveaspectratio"},
    "g": {"transform"}, "title": set(), "desc": set(), "path": SVG_PAINT | {"d"},
    "polygon": SVG_PAINT | {"points"}, "polyline": SVG_PAINT | {"points"},
    "ellipse": SVG_PAINT | {"cx", "cy", "rx", "ry"}, "circle": SVG_PAINT | {"cx", "cy", "r"},
    "rect": SVG_PAINT | {"x", "y", "width", "height", "rx", "ry"},
    "line": SVG_PAINT | {"x1", "y1", "x2", "y2"}, "text": SVG_TEXT, "tspan": SVG_TEXT,
}
NAMESPACES = {"xmlns": "http://www.w3.org/2000/svg", "xmlns:xlink": "http://www.w3.org/1999/xlink"}
# What Markdown, its extensions and the handbook's code make of content: the editors' TAGS,
# headings, lists, tables, code, task lists, details, diagrams, QR codes and JSON-LD.
CONTENT_TAGS: dict[str, set[str]] = {
    **{tag: set() for tag in ("blockquote caption dd dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr "
                              "label pre samp summary table tbody tfoot thead tr u var").split()},
    **TAGS,  # with "markdown", which md_in_html leaves on a block it did not read (inert)
    **SVG_TAGS,
    "a": {"href", "hreflang", "aria-label"}, "abbr": {"tabindex"}, "details": {"open"},
    "div": {"markdown", "role", "tabindex", "aria-label"}, "input": {"type", "checked", "disabled"},
    "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}, "script": {"type"},
}
CONTENT_GLOBAL = {"id", "class", "lang", "title"}
# Material's templates and the handbook's overrides, around the content.
THEME_TAGS: dict[str, set[str]] = {
    **{tag: set(attributes) for tag, attributes in CONTENT_TAGS.items()},
    **{tag: set() for tag in "html head body header nav main article aside footer".split()},
    "html": {"dir"}, "body": {"dir", "data-md-color-scheme", "data-md-color-primary",
                              "data-md-color-accent"},
    "meta": {"charset", "name", "content", "http-equiv"}, "link": {"rel", "href", "type", "sizes"},
    "script": {"src", "type", "data-linked"}, "form": {"name"}, "button": {"type", "disabled"},
    "input": {"type", "name", "checked", "placeholder", "autocomplete", "autocapitalize",
              "autocorrect", "spellcheck", "enterkeyhint", "required"},
    "label": {"for"}, "a": {"href", "hreflang", "rel", "target"}, "ol": {"start"},
    "div": {"data-index", "data-script", "data-base", "data-texts"},
}
THEME_GLOBAL = CONTENT_GLOBAL | {"role", "tabindex", "hidden", "dir", "hreflang"}
THEME_PREFIXES = ("aria-", "data-md-", "data-hk-")
# Attribute values with rules of their own (every other one is text to the browser).
RESOURCES = {"src", "data-script", "data-index", "data-base"}  # fetched: the site's own only
VALUES = {
    ("input", "type"): {CONTENT: {"checkbox"}, THEME: {"checkbox", "text", "search"}},
    ("button", "type"): {THEME: {"button", "reset"}},
    ("script", "type"): {CONTENT: {"application/ld+json"}, THEME: {"application/json"}},
    ("meta", "http-equiv"): {THEME: {"content-security-policy"}},
    ("link", "rel"): {THEME: {"stylesheet", "icon", "canonical", "alternate", "prev", "next"}},
    ("a", "rel"): {THEME: {"edit", "noopener", "noopener noreferrer", "noreferrer noopener"}},
    ("a", "target"): {THEME: {"_blank"}},  # Material's generator link, rel="noopener"
    ("abbr", "tabindex"): {CONTENT: {"0"}}, ("div", "tabindex"): {CONTENT: {"0"}},
}
NAVIGATION = {"canonical", "alternate"}  # link relations a browser does not fetch
THEME_CLASSES = re.compile(r"^(?:md-|hk-search|hk-(?:urgent|lang|nav-fi|footer-links|print-url)$)")
THEME_IDS = re.compile(r"^(?:__|hk-)")
TRANSFORM = re.compile(r"^(?:\s*(?:matrix|translate|scale|rotate|skewX|skewY)\([-\d.e, ]*\))+\s*$")


def _value_problem(zone: str, tag: str, name: str, value: str,
                   attributes: dict[str, str]) -> tuple[str, str] | None:
    allowed = VALUES.get((tag, name), {}).get(zone)
    if allowed is not None and value.strip().lower() not in allowed:
        return (f'arvo {name}="{value[:40]}" elementissä <{tag}> ei ole sallittu. Poista se.',
                value or name)
    if name == "href" or name in RESOURCES:
        fetched = name in RESOURCES or (tag == "link" and attributes.get("rel") not in NAVIGATION)
        if not url_allowed(value, images=fetched):
            return bad_url(value), value
    elif name in NAMESPACES and value != NAMESPACES[name]:
        return attribute_message(name, tag), name
    elif tag in SVG_TAGS and ("(" in value and not (name == "transform" and TRANSFORM.match(value))):
        return attribute_message(name, tag), value
    elif zone == CONTENT and name == "class":
        theirs = [word for word in value.split() if THEME_CLASSES.match(word)]
        if theirs:
            return (f"luokka {theirs[0]} kuuluu sivupohjalle, eikä sitä voi käyttää sisällössä. "
                    "Poista se.", theirs[0])
    elif zone == CONTENT and name == "id" and THEME_IDS.match(value):
        return (f'tunnus "{value}" on varattu sivupohjalle (tunnukset, jotka alkavat __ tai hk-). '
                "Valitse toinen.", value)
    return None


def tag_problem(zone: str, tag: str, attributes: list[tuple[str, str]],
                closing: bool = False) -> tuple[str, str] | None:
    """Why one start tag of a built page is not allowed, and the text that shows where it came
    from (``None``: allowed). ``zone`` is ``CONTENT`` or ``THEME``; ``attributes`` are the
    tag's (name, value) pairs as written, entities not decoded; names in any case. An end tag
    (``closing``) is checked by its name alone."""
    table, common = (CONTENT_TAGS, CONTENT_GLOBAL) if zone == CONTENT else (THEME_TAGS, THEME_GLOBAL)
    tag = tag.lower()
    allowed = table.get(tag)
    if allowed is None:
        return element_message(tag), f"<{tag}"
    if closing:
        return None
    values = {name.lower(): html.unescape(value) for name, value in attributes}
    if len(values) < len(attributes):
        return f"elementillä <{tag}> on sama attribuutti kahdesti. Poista toinen.", f"<{tag}"
    for name, value in values.items():
        if not (name in allowed or name in common
                or (zone == THEME and name.startswith(THEME_PREFIXES))):
            return attribute_message(name, tag), name
        found = _value_problem(zone, tag, name, value, values)
        if found:
            return found
    if tag == "script" and "src" not in values and "type" not in values:
        return element_message(tag), "<script"
    return None
