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
none comes back as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.problems import Problem
from ..core.safe_html import CONTENT, THEME, tag_problem
from . import html_fixes as fixes

TOKEN = re.compile(
    r"<(?:(?P<open>[a-zA-Z][a-zA-Z0-9-]*+)"
    r"(?P<attrs>(?:[ \t\n\r\f]++[^\s\"'>/=]++(?:=\"[^\"]*+\"|='[^']*+')?+)*+)[ \t\n\r\f]*+/?>"
    r"|/(?P<close>[a-zA-Z][a-zA-Z0-9-]*+)>"
    r"|!--(?!-?>)(?:[^-]++|-(?!-!?>))*+-->"
    r"|(?i:!doctype html)>)"
    r"|<")
ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:=\"([^\"]*)\"|='([^']*)')?")
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
FIXED = frozenset(("a", "abbr", "th", "td", "li", "label", "input", "link"))
ALL_FIXES = frozenset(("abbr", "tasks", "align", "phones", "hyphens", "permalinks", "theme"))
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

    def markers(self) -> tuple[str, str]:
        return f"<!--hk-{self.nonce}-->", f"<!--/hk-{self.nonce}-->"

    def run(self, page: str, language: str = "fi",
            content_only: bool = False) -> tuple[str, list[Finding], tuple[int, int]]:
        """``page`` with every fix made, what the allowlist refuses in it, and where the content
        is in the result. The content is between the markers (which go), or, with
        ``content_only``, the whole of ``page`` (a fragment)."""
        start_marker, end_marker = self.markers()
        if content_only:
            c_start, c_end = 0, len(page)
        else:
            c_start = page.find(start_marker)
            c_end = page.find(end_marker, c_start + 1) if c_start >= 0 else -1
            c_start, c_end = (c_start + len(start_marker), c_end) if c_end >= 0 else (-1, -1)
        walk = _Walk(self, page, c_start, c_end, language)
        walk.walk()
        edits = walk.edits
        if c_end >= 0 and not content_only:
            edits = sorted([*edits, (c_start - len(start_marker), c_start, ""),
                            (c_end, c_end + len(end_marker), "")])
        span = (_moved(edits, c_start - len(start_marker)), _moved(edits, c_end + len(end_marker)))
        return _joined(page, edits), walk.findings, span if c_end >= 0 else (0, 0)

    def verdict(self, zone: str, tag: str, name: str, attrs: str | None) -> tuple[str, str] | None:
        """``tag_problem`` of a tag (``attrs`` None: an end tag), kept by the tag's text."""
        key = (zone, tag)
        if key not in self.verdicts:
            pairs = [(n, dq if dq or not sq else sq) for n, dq, sq in ATTRIBUTE.findall(attrs or "")]
            self.verdicts[key] = tag_problem(zone, name, pairs, closing=attrs is None)
        return self.verdicts[key]


def _moved(edits: list[tuple[int, int, str]], at: int) -> int:
    """Where ``at`` of the page is once the edits before it are made."""
    return at + sum(len(text) - (end - start) for start, end, text in edits if end <= at)


def _joined(page: str, edits: list[tuple[int, int, str]]) -> str:
    if not edits:
        return page
    out, at = [], 0
    for start, end, text in edits:
        out.append(page[at:start])
        out.append(text)
        at = end
    out.append(page[at:])
    return "".join(out)


class _Walk:
    """The state of one page's walk (``PageHtml.run``)."""

    def __init__(self, owner: PageHtml, page: str, c_start: int, c_end: int, language: str):
        self.owner, self.page, self.c_start, self.c_end = owner, page, c_start, c_end
        self.language = language
        self.do = owner.fixes
        self.edits: list[tuple[int, int, str]] = []
        self.findings: list[Finding] = []
        self.phones = ("phones" in self.do and c_end > c_start
                       and fixes.PHONE.search(page, c_start, c_end) is not None)
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

    def problem(self, offset: int, found: tuple[str, str], content: bool) -> None:
        self.findings.append(Finding(offset, found[0], found[1], content))

    def walk(self) -> None:
        page, c_start, c_end, last = self.page, self.c_start, self.c_end, 0
        for m in TOKEN.finditer(page):
            pos = m.start()
            content = c_start <= pos < c_end
            if self.script >= 0:
                if m.group("close") is None or m.group("close").lower() != "script":
                    self.problem(pos, (SCRIPT_BODY, "<script"), content)
                self.script = -1
            if pos > last and c_start <= last < c_end:
                self.text(last, min(pos, c_end))
            last = m.end()
            name = m.group("open")
            if name is not None:
                self.start_tag(m, name, content)
            elif m.group("close") is not None:
                self.end_tag(m, m.group("close"), content)
            elif m.end() - pos == 1:
                self.problem(pos, (UNEXPECTED, page[pos:pos + 30]), content)
        if self.script >= 0:
            self.problem(len(page), (SCRIPT_BODY, "<script"), False)
        if c_start <= last < c_end:
            self.text(last, c_end)

    def start_tag(self, m: re.Match, name: str, content: bool) -> None:
        tag, lower = m.group(0), name.lower()
        fixed = self.fix_start(m, tag, lower, content) if lower in FIXED else tag
        if fixed:
            found = self.owner.verdict(CONTENT if content else THEME, fixed, name,
                                       m.group("attrs") if fixed is tag else fixed[len(name) + 1:])
            if found:
                self.problem(m.start(), found, content)
        if lower == "script":
            self.script = m.end()
        if not content:
            return
        self.card = -1 if self.card != m.end() else self.card
        if tag.endswith("/>"):
            return
        if lower in fixes.NOT_LINKED:
            self.not_linked.append(lower)
        if self.heading is None and lower in HEADINGS:
            self.heading, self.heading_start, self.not_hyphenated = lower, m.end(), []
        elif self.heading and (lower in fixes.NOT_HYPHENATED or " lang=" in tag):
            self.not_hyphenated.append(lower)

    def fix_start(self, m: re.Match, tag: str, lower: str, content: bool) -> str:
        """The tag as the fixes leave it ("" when removed); an edit is kept if it changed."""
        new, do = tag, self.do
        if content:
            if (lower == "abbr" or lower == "a") and "abbr" in do:
                new = self.abbr.start(tag, lower)
            if lower == "a" and self.heading and tag.startswith(fixes.HEADERLINK_START):
                if "permalinks" in do:
                    new = fixes.named_permalink(self.page, m.start(), self.heading_start,
                                                self.heading, self.language) or new
            elif lower == "a" and self.hyphens and self.heading is None and fixes.CARD_TITLE in tag:
                self.card = m.end()
            elif lower in ("th", "td") and "align" in do:
                new = fixes.alignment_class(tag)
            elif lower == "li" and tag == fixes.TASK_ITEM_START and "tasks" in do:
                self.task = fixes.task_item(self.page, m.start()) or self.task
        if "theme" in do:
            new = fixes.theme_tag(new, lower, self.toc)
        if lower == "link" and not new:
            start = fixes.line_start(self.page, m.start())
            if start < 0:
                return tag  # not on a line of its own: left as it was
            self.edits.append((start, m.end(), ""))
        elif new is not tag:
            self.edits.append((m.start(), m.end(), new))
        return new

    def end_tag(self, m: re.Match, name: str, content: bool) -> None:
        lower = name.lower()
        found = self.owner.verdict(CONTENT if content else THEME, f"</{lower}>", lower, None)
        if found:
            self.problem(m.start(), found, content)
        if not content:
            return
        if lower == "a":
            self.abbr.end()
            if self.card >= 0:
                self.edits.append((self.card, m.start(), fixes.hyphenated(
                    self.page[self.card:m.start()], self.owner.hyphenation)))
        self.card = -1
        if self.task and m.start() == self.task[0]:
            self.edits.append((m.start(), m.end(), ""))
        elif self.task and m.start() == self.task[1]:
            self.edits.append((m.start(), m.end(), "</label></li>"))
            self.task = None
        if lower in self.not_linked:
            del self.not_linked[len(self.not_linked) - 1 - self.not_linked[::-1].index(lower):]
        if self.heading == lower:
            self.heading = None
        elif self.heading and lower in self.not_hyphenated:
            stack = self.not_hyphenated
            del stack[len(stack) - 1 - stack[::-1].index(lower):]

    def text(self, start: int, end: int) -> None:
        """The content's text between two tags: phone numbers linked outside links, code and
        headings; long words of a Finnish heading hyphenated."""
        if self.card >= 0:
            return  # a card title's text, hyphenated at its </a>
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
                new = fixes.linked_phones(text, self.page[end:end + 120])
                if new != text:
                    self.edits.append((start, end, new))


def traced(findings: list[Finding], source: str | None, root, url: str) -> list[Problem]:
    """The findings as problems naming the page's source (``docs/…``, or the data file a
    generated page comes from) and the line where the refused text is written, when it can
    be found there."""
    text = ""
    if source:
        try:
            text = (root / source).read_text(encoding="utf-8-sig").lower()
        except (OSError, UnicodeDecodeError):
            text = ""
    problems = []
    for finding in findings:
        line = 0
        for needle in (finding.needle, finding.needle.lstrip("<")):
            at = text.find(needle.lower()) if needle.strip() else -1
            if at >= 0:
                line = text.count("\n", 0, at) + 1
                break
        where = "" if finding.content else " sivupohjan osassa"
        problems.append(Problem(source or f"site/{url}", line, "HTML",
                                f"{finding.message} (valmiilla sivulla /{url}{where})"))
    return problems
