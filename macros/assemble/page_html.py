"""One walk over each built page's HTML: every fix the handbook makes to it, and the output
allowlist, in one tokenization and one joining of the result.

The page is read as a browser's tokenizer would, but strictly: text, start tags whose
attributes are quoted, end tags, comments and the doctype. Anything else at a ``<`` (an
unquoted or unclosed attribute, a bogus comment, CDATA, ``<!-->``) is a finding, so that what
this walk sees as text can never be markup to a browser. Every start tag passes
``core.safe_html.tag_problem`` (verdicts are kept by the tag's text: most tags repeat on every
page), with the content rules between the markers ``Builder.page_content`` puts around what
Markdown made of the page, and the theme's rules elsewhere. A ``<script>`` must be followed
at once by its ``</script>``, so no script body can hide markup.

The fixes (``html_fixes.py``: abbreviations, task lists, table alignment, phone links, soft
hyphens, permalink names in the content; Material's markup everywhere) are edits of single
tags or of the text between two tags, collected in order and joined once; a page that needs
none comes back as it was. While joining, the theme's markup (not the content, where ``<pre>``
keeps its spaces) loses the indentation its templates leave between tags (``compact``): a
third of a service page's bytes, and more the deeper the menu, as nested levels add it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.phones import PHONE, link_numbers
from ..core.safe_html import CONTENT, THEME, tag_problem
from . import html_fixes as fixes
from .nav_lang import MenuLanguages, menu_tag

TOKEN = re.compile(
    r"<(?:(?P<open>[a-zA-Z][a-zA-Z0-9-]*+)"
    r"(?P<attrs>(?:[ \t\n\r\f]++[^\s\"'>/=]++(?:=\"[^\"]*+\"|='[^']*+')?+)*+)[ \t\n\r\f]*+/?>"
    r"|/(?P<close>[a-zA-Z][a-zA-Z0-9-]*+)>"
    r"|!--(?!-?>)(?:[^-]++|-(?!-!?>))*+-->"
    r"|(?i:!doctype html)>)"
    r"|<")
ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:=\"([^\"]*)\"|='([^']*)')?")
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
THEME_FIXED = frozenset(("label", "input", "a", "link"))
# Tags the content's walk follows: fixed, or whose text is treated apart.
NOTED = (frozenset(("a", "abbr", "th", "td", "li", "script")) | THEME_FIXED | HEADINGS
         | fixes.NOT_LINKED | fixes.NOT_HYPHENATED)
CLOSE, OPEN, OPEN_PLAIN, SELF_CLOSING = 1, 2, 3, 4  # kinds of token
# What every match of core.phones.PHONE starts with: found ten times faster (a literal start).
PHONE_HINT = re.compile(r"\+358 \d|0\d{1,3} \d|112|116 \d")
ALL_FIXES = frozenset(("abbr", "tasks", "align", "phones", "hyphens", "permalinks", "theme",
                       "menu", "compact"))
# Whitespace between two tags, longer than one character, with a line break or without: the
# first becomes one line break, the second one space (what a browser shows of either). Two
# passes of C, no callback per match; a page with neither is returned as it was.
LINE_GAP = re.compile(r">(?:[ \t\r\f]+\n[ \t\n\r\f]*|\n[ \t\n\r\f]+)<")
SPACE_GAP = re.compile(r">[ \t\r\f]{2,}<")
UNEXPECTED = ("sivun HTML:ssä on merkintä, jota selain voisi tulkita toisin kuin käsikirja "
              "(lainausmerkitön attribuutti, keskeneräinen tagi tai erikoinen kommentti). "
              "Kirjoita < muodossa &lt; tai korjaa merkintä.")
SCRIPT_BODY = ("<script>-elementissä voi olla vain JSON-tietoa ilman merkkiä <. Poista "
               "merkintä.")


@dataclass
class Finding:
    """Something on a built page the allowlist refuses: where in the page, what, and the
    text to look for in the page's source to find its line."""

    offset: int
    message: str
    needle: str
    content: bool  # in what Markdown made of the page (else in the theme's markup)


@dataclass
class PageHtml:
    """The walk, with what it keeps between pages: verdicts by tag text, and the content
    markers of this build (``marker(…)``), which no page can know beforehand."""

    hyphenation: Callable[[str], tuple[int, ...]]
    nonce: str = "content"
    fixes: frozenset[str] = ALL_FIXES
    verdicts: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict)
    theme_entries: dict[str, tuple] = field(default_factory=dict)  # tag text → (verdict, fix)
    content_entries: dict[str, tuple] = field(default_factory=dict)  # → (verdict, name, kind)

    def markers(self) -> tuple[str, str]:
        return f"<!--hk-{self.nonce}-->", f"<!--/hk-{self.nonce}-->"

    def run(self, page: str, language: str = "fi", content_only: bool = False,
            url: str | None = None) -> tuple[str, list[Finding], tuple[int, int]]:
        """``page`` with every fix made, what the allowlist refuses in it, and where the content
        is in the result. The content is between the markers (which go), or, with
        ``content_only``, the whole of ``page`` (a fragment). With the page's ``url``, the
        menu's links to pages in the other language get their ``lang`` (``nav_lang.py``)."""
        start_marker, end_marker = self.markers()
        if content_only:
            c_start, c_end = 0, len(page)
        else:
            c_start = page.find(start_marker)
            c_end = page.find(end_marker, c_start + 1) if c_start >= 0 else -1
            c_start, c_end = (c_start + len(start_marker), c_end) if c_end >= 0 else (-1, -1)
        walk = _Walk(self, page, c_start, c_end, language)
        if url is not None and "menu" in self.fixes:
            walk.menu = MenuLanguages(url, language)
        walk.walk()
        edits = sorted(walk.edits)  # a menu title's lang is known only at its section's first link
        compact = _compact if "compact" in self.fixes else _as_is
        if content_only:
            html = _joined(page, edits, 0, len(page))
            return html, walk.findings, (0, len(html))
        if c_end < 0:
            return compact(_joined(page, edits, 0, len(page))), walk.findings, (0, 0)
        head_end, tail_start = c_start - len(start_marker), c_end + len(end_marker)
        parts = ([e for e in edits if e[1] <= head_end],
                 [e for e in edits if e[0] >= c_start and e[1] <= c_end],
                 [e for e in edits if e[0] >= tail_start])
        if sum(map(len, parts)) != len(edits):
            raise ValueError("an edit crosses the content's markers")
        head = compact(_joined(page, parts[0], 0, head_end))
        content = _joined(page, parts[1], c_start, c_end)
        tail = compact(_joined(page, parts[2], tail_start, len(page)))
        return head + content + tail, walk.findings, (len(head), len(head) + len(content))

    def theme_entry(self, tag: str, m: re.Match) -> tuple:
        """What the theme's walk needs of a tag: its verdict, "script" or the name of a tag the
        theme's fixes may change, and what it is in the menu (``nav_lang.menu_tag``)."""
        name = (m.group("open") or m.group("close") or "").lower()
        found = (UNEXPECTED, "") if tag == "<" else None
        if name:
            found = self.verdict(THEME, tag, name, m.group("attrs") if m.group("open") else None)
        action = ""
        if name == "script":
            action = "script" if m.group("open") else "/script"
        elif (m.group("open") and name in THEME_FIXED and "theme" in self.fixes
              and fixes.theme_tag(tag, name, False) != tag):
            action = name
        menu = menu_tag(tag) if m.group("open") and name in THEME_FIXED else None
        self.theme_entries[tag] = (found, action, menu)
        return found, action, menu

    def content_entry(self, tag: str, m: re.Match) -> tuple:
        """What the content's walk needs of a tag: its verdict, its name, and its kind."""
        name = (m.group("open") or m.group("close") or "").lower()
        found = (UNEXPECTED, "") if tag == "<" else None
        kind = 0
        if m.group("close"):
            kind = CLOSE
        elif m.group("open"):
            kind = SELF_CLOSING if tag.endswith("/>") else OPEN
            if kind == OPEN and name not in NOTED and " lang=" not in tag:
                kind = OPEN_PLAIN
        if name:
            found = self.verdict(CONTENT, tag, name, m.group("attrs") if m.group("open") else None)
        self.content_entries[tag] = (found, name, kind)
        return found, name, kind

    def verdict(self, zone: str, tag: str, name: str, attrs: str | None) -> tuple[str, str] | None:
        """``tag_problem`` of a tag (``attrs`` None: an end tag), kept by the tag's text."""
        key = (zone, tag)
        if key not in self.verdicts:
            pairs = [(n, dq if dq or not sq else sq) for n, dq, sq in ATTRIBUTE.findall(attrs or "")]
            self.verdicts[key] = tag_problem(zone, name, pairs, closing=attrs is None)
        return self.verdicts[key]


def _joined(page: str, edits: list[tuple[int, int, str]], start: int, end: int) -> str:
    """``page[start:end]`` with ``edits`` (sorted, all within) made."""
    if not edits:
        return page[start:end]
    out, at = [], start
    for edit_start, edit_end, text in edits:
        out.append(page[at:edit_start])
        out.append(text)
        at = edit_end
    out.append(page[at:end])
    return "".join(out)


def _compact(html: str) -> str:
    return SPACE_GAP.sub("> <", LINE_GAP.sub(">\n<", html))


def _as_is(html: str) -> str:
    return html


class _Walk:
    """The state of one page's walk (``PageHtml.run``)."""

    def __init__(self, owner: PageHtml, page: str, c_start: int, c_end: int, language: str):
        self.owner, self.page, self.c_start, self.c_end = owner, page, c_start, c_end
        self.language = language
        self.do = owner.fixes
        self.edits: list[tuple[int, int, str]] = []
        self.findings: list[Finding] = []
        self.phones = ("phones" in self.do and c_end > c_start
                       and PHONE_HINT.search(page, c_start, c_end) is not None
                       and PHONE.search(page, c_start, c_end) is not None)
        self.hyphens = "hyphens" in self.do and language == "fi"
        self.toc = 'id="__toc"' in page
        self.abbr = fixes.Abbreviations()
        self.task: tuple[int, int] | None = None  # (where its </label> is, where its </li> is)
        self.not_linked: list[str] = []  # open elements whose text gets no phone links
        self.heading: str | None = None  # the open heading (h1…h6) of the content
        self.heading_start = 0
        self.not_hyphenated: list[str] = []
        self.card = -1  # where a card title's text starts
        self.script = -1  # where an open <script> ended: the next token must close it
        self.menu: MenuLanguages | None = None  # with the page's URL: the menu's languages

    def problem(self, offset: int, found: tuple[str, str], content: bool) -> None:
        if found[0] == UNEXPECTED:
            found = (UNEXPECTED, self.page[offset:offset + 30])
        self.findings.append(Finding(offset, found[0], found[1], content))

    def walk(self) -> None:
        if self.c_end < 0:
            self.theme(0, len(self.page))
        else:
            self.theme(0, self.c_start)
            self.content(self.c_start, self.c_end)
            self.theme(self.c_end, len(self.page))
        if self.script >= 0:
            self.problem(len(self.page), (SCRIPT_BODY, "<script"), False)

    def closes_script(self, tag: str, at: int) -> None:
        if tag.lower() != "</script>":
            self.problem(at, (SCRIPT_BODY, "<script"), True)
        self.script = -1

    def theme(self, start: int, end: int) -> None:
        """The theme's markup: each tag's verdict and what the theme's fixes do with it, kept
        by the tag's text (the same tags come on every page)."""
        page, entries, entry = self.page, self.owner.theme_entries, self.owner.theme_entry
        script = self.script >= 0
        for m in TOKEN.finditer(page, start, end):
            tag = m.group()
            found, action, menu = entries.get(tag) or entry(tag, m)
            if script:
                script = False
                if action != "/script":
                    self.problem(m.start(), (SCRIPT_BODY, "<script"), False)
            if found:
                self.problem(m.start(), found, False)
            if action == "script":
                script = True
            elif (action and action != "/script") or (menu and self.menu):
                self.theme_fix(m, tag, action, menu)
        self.script = 0 if script else -1

    def theme_fix(self, m: re.Match, tag: str, name: str, menu: tuple[str, str] | None) -> None:
        new = fixes.theme_tag(tag, name, self.toc) if name else tag
        if name == "link" and not new:
            start = fixes.line_start(self.page, m.start())
            if start >= 0:  # on a line of its own, which goes with it
                self.edits.append((start, m.end(), ""))
            return
        waits = None
        if menu and self.menu:
            new, waits = self.menu.tag(*menu, new)
        if new is not tag:
            self.edits.append((m.start(), m.end(), new))
        if waits:
            self.menu.wait(waits, m.start(), m.end(), new, len(self.edits) - 1 if new is not tag
                           else None)
        elif menu and menu[0] == "link":
            for start, end, text, edit in self.menu.resolved():
                if edit is None:
                    self.edits.append((start, end, text))
                else:
                    self.edits[edit] = (start, end, text)

    def content(self, start: int, end: int) -> None:
        """What Markdown made of the page: the content's fixes, which follow which elements are
        open, and each tag's verdict."""
        page, entries, entry = self.page, self.owner.content_entries, self.owner.content_entry
        last = start
        for m in TOKEN.finditer(page, start, end):
            pos = m.start()
            if pos > last and (self.heading or self.phones) and self.card < 0:
                self.text(last, pos)
            last = m.end()
            tag = m.group()
            found, name, kind = entries.get(tag) or entry(tag, m)
            if self.script >= 0:
                self.closes_script(tag, pos)
            if kind == CLOSE:
                self.end_tag(m, name)
            elif kind:
                new = self.start_tag(m, tag, name, kind)
                if new is not tag and new:
                    found = self.owner.verdict(CONTENT, new, name, new[len(name) + 1:])
            if found:
                self.problem(pos, found, True)
        if last < end and (self.heading or self.phones) and self.card < 0:
            self.text(last, end)

    def start_tag(self, m: re.Match, tag: str, name: str, kind: int) -> str:
        self.card = -1
        new, do = tag, self.do
        if kind == OPEN_PLAIN:
            return tag
        if name == "script":
            self.script = m.end()
        if name in fixes.NOT_LINKED and kind != SELF_CLOSING:
            self.not_linked.append(name)
        if name == "abbr" or name == "a":
            if "abbr" in do:
                new = self.abbr.start(tag, name)
            if name == "a" and self.heading and tag.startswith(fixes.HEADERLINK_START):
                if "permalinks" in do:
                    new = fixes.named_permalink(self.page, m.start(), self.heading_start,
                                                self.heading, self.language) or new
            elif name == "a" and self.hyphens and self.heading is None and fixes.CARD_TITLE in tag:
                self.card = m.end()
        elif name in ("th", "td") and "align" in do:
            new = fixes.alignment_class(tag)
        elif name == "li" and tag == fixes.TASK_ITEM_START and "tasks" in do:
            self.task = fixes.task_item(self.page, m.start()) or self.task
        elif name in THEME_FIXED and "theme" in do:
            new = fixes.theme_tag(tag, name, self.toc)
        if new is not tag:
            self.edits.append((m.start(), m.end(), new))
        if kind == SELF_CLOSING:
            return new
        if self.heading is None and name in HEADINGS:
            self.heading, self.heading_start, self.not_hyphenated = name, m.end(), []
        elif self.heading and (name in fixes.NOT_HYPHENATED or " lang=" in tag):
            self.not_hyphenated.append(name)
        return new

    def end_tag(self, m: re.Match, name: str) -> None:
        if name == "a":
            self.abbr.end()
            if self.card >= 0:
                text = self.page[self.card:m.start()]
                new = fixes.hyphenated(text, self.owner.hyphenation)
                if new != text:
                    self.edits.append((self.card, m.start(), new))
        self.card = -1
        if self.task and m.start() == self.task[0]:
            self.edits.append((m.start(), m.end(), ""))
        elif self.task and m.start() == self.task[1]:
            self.edits.append((m.start(), m.end(), "</label></li>"))
            self.task = None
        if name in self.not_linked:
            del self.not_linked[len(self.not_linked) - 1 - self.not_linked[::-1].index(name):]
        if self.heading == name:
            self.heading = None
        elif self.heading and name in self.not_hyphenated:
            stack = self.not_hyphenated
            del stack[len(stack) - 1 - stack[::-1].index(name):]

    def text(self, start: int, end: int) -> None:
        """The content's text between two tags: phone numbers linked outside links, code and
        headings; long words of a Finnish heading hyphenated."""
        if self.heading:
            if self.hyphens and not self.not_hyphenated:
                text = self.page[start:end]
                if text.strip():
                    new = fixes.hyphenated(text, self.owner.hyphenation)
                    if new != text:
                        self.edits.append((start, end, new))
            return
        if self.phones and not self.not_linked:
            text = self.page[start:end]
            if text.strip():
                new = link_numbers(text, self.page[end:end + 120])
                if new != text:
                    self.edits.append((start, end, new))

