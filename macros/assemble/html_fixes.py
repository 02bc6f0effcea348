"""Fixes to a page's HTML that the Markdown extensions and the theme cannot make, as edits of
one tag or of the text between two tags; ``page_html.PageHtml`` makes them all in its one walk
over each page. ``only`` runs that walk with one fix, on a fragment or a page (tests).

In the content (what Markdown made): the first use of each abbreviation focusable, task-list
checkboxes labelled, table alignment as a class, phone numbers as ``tel:`` links, each
permalink named by its heading, soft hyphens in Finnish headings and card titles. Everywhere:
Material's own markup made valid and accessible (``theme_tag``).
"""

from __future__ import annotations

import html as entities
import re

# --- Abbreviations --------------------------------------------------------------------------------

ABBR = re.compile(r'<abbr title="([^"]*)">')


class Abbreviations:
    """Add tabindex="0" to the first <abbr> of each expansion in a page's content.

    An abbreviation inside a link stays as it is: the link takes the focus (a focusable element
    inside <a> is invalid HTML), and handbook.css shows the expansion when the link has focus.
    The first use outside a link is the one made focusable."""

    def __init__(self):
        self.seen: set[str] = set()
        self.depth = 0  # links open around this point

    def start(self, tag: str, name: str) -> str:
        if name == "a":
            self.depth += 1
            return tag
        match = ABBR.fullmatch(tag)
        if match is None or self.depth or match.group(1) in self.seen:
            return tag
        self.seen.add(match.group(1))
        return f'<abbr tabindex="0" title="{match.group(1)}">'

    def end(self) -> None:
        self.depth = max(self.depth - 1, 0)


# --- Task lists, table alignment ---------------------------------------------------------------

TASK_ITEM_START = '<li class="task-list-item">'
TASK_ITEM = re.compile(r'<li class="task-list-item"><label class="task-list-control">'
                       r'<input[^>]*>\s*<span class="task-list-indicator"></span>(</label>)'
                       r'(?:(?!<li|<ul|<ol).)*?(</li>)', re.S)


def task_item(page: str, at: int) -> tuple[int, int] | None:
    """Where the task-list item at ``at`` has its checkbox's </label> and its </li>: the label
    moves to wrap the item's text (WCAG 1.3.1, 4.1.2), as pymdownx.tasklist leaves it empty."""
    match = TASK_ITEM.match(page, at)
    return (match.start(1), match.start(2)) if match else None


ALIGNED_CELL = re.compile(r'<(th|td)( [^>]*?)? style="text-align: (left|center|right);"')


def alignment_class(tag: str) -> str:
    """Table column alignment (``:---:`` in Markdown) as a class instead of a style attribute:
    the Content-Security-Policy allows no inline styles (deploy/nginx/handbook.conf), and
    handbook.css aligns ``hk-align-left|center|right``."""
    if 'style="' not in tag:
        return tag
    return ALIGNED_CELL.sub(lambda m: f'<{m.group(1)}{m.group(2) or ""} class="hk-align-{m.group(3)}"',
                            tag)


# --- Material's markup ---------------------------------------------------------------------------

# Material 9.8's base.html and partials, fixed after rendering because the markup is outside
# any template block (an override would have to copy whole templates):
TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" '
                                 r'id="__\w+") autocomplete="off">')
EMPTY_TABINDEX = re.compile(r'(<label [^>]*?) tabindex="">')
TOC_TITLE = '<label class="md-nav__title" for="__toc">'
EDIT_BUTTON = re.compile(r'<a href="([^"]*)" title="([^"]*)" class="md-content__button md-icon" '
                         r'rel="edit">')
PREVIOUS_NEXT = re.compile(r'<link rel="(?:prev|next)" href="[^"]*">')


def theme_tag(tag: str, name: str, toc: bool) -> str:
    """One tag of Material's markup made valid HTML (the Nu Html Checker) and accessible where
    axe cannot tell (issue #21); "" when it goes. ``toc``: the page has the ``__toc`` checkbox.

    - its header toggles (checkboxes) carry ``autocomplete="off"``, which checkboxes may not
      have; it kept browsers from restoring them checked, which handbook.js now undoes;
    - navigation section labels get ``tabindex=""`` (an empty value means no tab stop, as
      without the attribute);
    - the table of contents' title is a ``<label for="__toc">``, but the ``__toc`` checkbox
      exists only when the page is in the navigation: elsewhere the label controls nothing,
      so it loses ``for``;
    - the edit button, an icon, is named only by its ``title``: it gets the same text as
      ``aria-label``, which every assistive technology reads;
    - Material's keyboard shortcuts "p", ",", "n" and "." follow the page's ``<link rel="prev">``
      and ``<link rel="next">``: single-key shortcuts that cannot be turned off (WCAG 2.1.4,
      a speech-input user's word can trigger them). Browsers make no other use of these links
      (the footer's own previous and next links stay), so they are removed and the keys do
      nothing.
    """
    if name == "input" and tag.endswith(' autocomplete="off">'):
        return TOGGLE_AUTOCOMPLETE.sub(r"\1>", tag)
    if name == "label":
        if tag.endswith(' tabindex="">'):
            return EMPTY_TABINDEX.sub(r"\1>", tag)
        return '<label class="md-nav__title">' if tag == TOC_TITLE and not toc else tag
    if name == "a" and tag.endswith('rel="edit">'):
        return EDIT_BUTTON.sub(r'<a href="\1" title="\2" aria-label="\2" '
                               r'class="md-content__button md-icon" rel="edit">', tag)
    if name == "link" and PREVIOUS_NEXT.fullmatch(tag):
        return ""
    return tag


def line_start(page: str, at: int) -> int:
    """Where the line break before ``at`` is, if only spaces and tabs lie between (-1: none)."""
    start = at
    while start > 0 and page[start - 1] in " \t":
        start -= 1
    return start - 1 if start > 0 and page[start - 1] == "\n" else -1


# --- Phone numbers as tel: links ---------------------------------------------------------------

NOT_LINKED = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "svg",
                        "h1", "h2", "h3", "h4", "h5", "h6"})


# --- Soft hyphens in Finnish headings, permalink names ------------------------------------------

CARD_TITLE = 'class="hk-card-title"'
LETTERS = re.compile(r"(?<![&#\w])[^\W\d_]+")
NOT_HYPHENATED = frozenset({"a", "code", "kbd", "samp", "lang"})


def hyphenated(text: str, hyphenation) -> str:
    """Soft hyphens (``&shy;``) in the long words of a text of a Finnish page's heading or card
    title, where ``hyphenation(word)`` (Voikko's, ``search.finnish.hyphenation``) says a word
    may break: chromium has no Finnish hyphenation dictionary, so without them a narrow screen
    cuts a compound between any two letters. ``hyphenation`` leaves names and numbers whole;
    the walk leaves links in a heading (its permalink), code and other languages alone."""
    def one(match: re.Match) -> str:
        word, points = match.group(0), hyphenation(match.group(0))
        if not points:
            return word
        cuts = [0, *points, len(word)]
        return "&shy;".join(word[a:b] for a, b in zip(cuts, cuts[1:], strict=False))
    return LETTERS.sub(one, text)


HEADERLINK_START = '<a class="headerlink" href="'
HEADERLINK = re.compile(r'<a class="headerlink" href="([^"]*)" title="[^"]*">(?:&para;|\u00b6)</a>'
                        r'</(h[1-6])>')
TAG = re.compile(r"<[^>]+>")
PERMALINK_TITLE = {"fi": "Linkki tähän kohtaan", "en": "Link to this section"}


def named_permalink(page: str, at: int, heading_start: int, heading: str, language: str) -> str | None:
    """The heading's permalink ("¶", from the toc extension) at ``at``, named by its heading
    (WCAG 2.4.4, 2.4.6): "Linkki tähän kohtaan: Näin haet", in the page's language. Without a
    name, a screen reader's list of links reads "¶" once per heading."""
    match = HEADERLINK.match(page, at)
    if match is None or match.group(2) != heading:
        return None
    title = PERMALINK_TITLE.get(language, PERMALINK_TITLE["fi"])
    text = " ".join(entities.unescape(TAG.sub("", page[heading_start:at])).split())
    label = entities.escape(f"{title}: {text}")
    return f'<a class="headerlink" href="{match.group(1)}" title="{title}" aria-label="{label}">'


# --- Each fix alone, through the walk ----------------------------------------------------------

def only(html: str, fix: str, hyphenation=None, language: str = "fi", page: bool = False) -> str:
    """``html`` with one fix of the walk made (``page_html.ALL_FIXES``): in a fragment of
    content, or with ``page``, in a whole page's theme markup. Tests use it, one fix at a time."""
    from .page_html import PageHtml  # the walk uses this module's fixes
    walk = PageHtml(hyphenation or (lambda word: ()), fixes=frozenset({fix}))
    return walk.run(html, language, content_only=not page)[0]


def phone_links(html: str) -> str:
    """Every phone number in the text of ``html`` as a tel: link (tests/test_phone.py checks
    that the built pages have none left)."""
    return only(html, "phones")
