"""Fixes to a page's HTML that the Markdown extensions and the theme cannot make.

``focusable_abbreviations``, ``labelled_task_lists``, ``alignment_classes`` and
``named_permalinks`` run on a page's content (hooks.on_page_content); ``valid_theme_html`` and
``accessible_theme_html`` on the whole page Material rendered (hooks.on_post_page). Pure
functions from HTML to HTML.
"""

from __future__ import annotations

import html as entities
import re

from ..core.phones import PHONE, link_numbers

ABBR = re.compile(r'<abbr title="([^"]*)">|<a\b[^>]*>|</a>')


def focusable_abbreviations(html: str) -> str:
    """Add tabindex="0" to the first <abbr> of each expansion in a page's HTML.

    An abbreviation inside a link stays as it is: the link takes the focus (a focusable element
    inside <a> is invalid HTML), and handbook.css shows the expansion when the link has focus.
    The first use outside a link is the one made focusable."""
    seen: set[str] = set()
    depth = 0

    def first_only(match: re.Match) -> str:
        nonlocal depth
        tag, title = match.group(0), match.group(1)
        if title is None:  # a link opens or closes
            depth = max(depth - 1, 0) if tag == "</a>" else depth + 1
            return tag
        if depth or title in seen:
            return tag
        seen.add(title)
        return f'<abbr tabindex="0" title="{title}">'
    return ABBR.sub(first_only, html)


TASK_ITEM = re.compile(r'(<li class="task-list-item"><label class="task-list-control">'
                       r'<input[^>]*>\s*<span class="task-list-indicator"></span>)</label>'
                       r'((?:(?!<li|<ul|<ol).)*?)</li>', re.S)


def labelled_task_lists(html: str) -> str:
    """Move each task-list item's text into its checkbox's <label> (WCAG 1.3.1, 4.1.2):
    pymdownx.tasklist leaves the label empty."""
    return TASK_ITEM.sub(r"\1\2</label></li>", html)


ALIGNED_CELL = re.compile(r'<(th|td)( [^>]*?)? style="text-align: (left|center|right);"')


def alignment_classes(html: str) -> str:
    """Table column alignment (``:---:`` in Markdown) as a class instead of a style attribute:
    the Content-Security-Policy allows no inline styles (deploy/nginx/handbook.conf), and
    handbook.css aligns ``hk-align-left|center|right``."""
    return ALIGNED_CELL.sub(lambda m: f'<{m.group(1)}{m.group(2) or ""} class="hk-align-{m.group(3)}"',
                            html)


# Material 9.8's base.html and partials, fixed after rendering because the markup is outside
# any template block (an override would have to copy whole templates):
TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" '
                                 r'id="__\w+") autocomplete="off">')
EMPTY_TABINDEX = re.compile(r'(<label [^>]*?) tabindex="">')
TOC_TITLE = '<label class="md-nav__title" for="__toc">'


def valid_theme_html(html: str) -> str:
    """Material's markup made valid HTML (the Nu Html Checker, tests/test_html_valid.py):

    - its header toggles (checkboxes) carry ``autocomplete="off"``, which checkboxes may not
      have; it kept browsers from restoring them checked, which handbook.js now undoes;
    - navigation section labels get ``tabindex=""`` (an empty value means no tab stop, as
      without the attribute);
    - the table of contents' title is a ``<label for="__toc">``, but the ``__toc`` checkbox
      exists only when the page is in the navigation: elsewhere the label controls nothing,
      so it loses ``for``.
    """
    html = TOGGLE_AUTOCOMPLETE.sub(r"\1>", html)
    html = EMPTY_TABINDEX.sub(r"\1>", html)
    if 'id="__toc"' not in html:
        html = html.replace(TOC_TITLE, '<label class="md-nav__title">')
    return html


# --- Text of a page's HTML, outside some elements -----------------------------------------------

MARKUP = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][\w-]*)\b[^>]*>", re.S)


def edit_text(html: str, edit, skip: frozenset[str]) -> str:
    """``html`` with ``edit(text, following)`` applied to the text between its tags, except
    inside the elements named in ``skip`` and inside any element with a ``lang`` attribute
    when "lang" is in ``skip``. ``following`` is the HTML right after the text (to look at
    what comes next)."""
    out, inside, at = [], [], 0
    for tag in MARKUP.finditer(html):
        text = html[at:tag.start()]
        out.append(text if inside or not text.strip() else edit(text, html[tag.start():tag.start() + 120]))
        closing, name = tag.group(1), (tag.group(2) or "").lower()
        if closing and name in inside:
            del inside[len(inside) - 1 - inside[::-1].index(name):]
        elif not closing and tag.group(2) and not tag.group(0).endswith("/>") and (
                name in skip or ("lang" in skip and " lang=" in tag.group(0))):
            inside.append(name)
        out.append(tag.group(0))
        at = tag.end()
    text = html[at:]
    out.append(text if inside or not text.strip() else edit(text, ""))
    return "".join(out)


NOT_LINKED = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "svg",
                        "h1", "h2", "h3", "h4", "h5", "h6"})


def phone_links(html: str) -> str:
    """Every phone number in a page's text becomes a ``tel:`` link, so a phone calls it with one
    tap: numbers written in Markdown and in data texts alike (a contact from data/contacts.yml
    is a link already, by its template). Not in headings (a contact's name, "Hätänumero 112",
    is followed by its number as a link), code or links, nor a number whose link follows it
    at once ("Hätänumero 112: 112", the contact's name and its number)."""
    if not PHONE.search(html):
        return html  # most pages: no number at all, so no need to walk the markup

    return edit_text(html, link_numbers, NOT_LINKED)


# --- Soft hyphens in Finnish headings -------------------------------------------------------------

HEADING_OR_CARD = re.compile(r'(<h([1-6])\b[^>]*>)(.*?)(</h\2>)'
                             r'|(<a\b[^>]*\bclass="hk-card-title"[^>]*>)([^<]*)(</a>)', re.S)
LETTERS = re.compile(r"(?<![&#\w])[^\W\d_]+")
NOT_HYPHENATED = frozenset({"a", "code", "kbd", "samp", "lang"})


def soft_hyphens(html: str, hyphenation) -> str:
    """Soft hyphens (``&shy;``) in the long words of a Finnish page's headings and card titles,
    where ``hyphenation(word)`` (Voikko's, ``search.finnish.hyphenation``) says a word may
    break: chromium has no Finnish hyphenation dictionary, so without them a narrow screen cuts
    a compound between any two letters. Not inside links in a heading (its permalink), code or
    text in another language; ``hyphenation`` leaves names and numbers whole."""
    def words(text: str, following: str) -> str:
        def one(match: re.Match) -> str:
            word, points = match.group(0), hyphenation(match.group(0))
            if not points:
                return word
            cuts = [0, *points, len(word)]
            return "&shy;".join(word[a:b] for a, b in zip(cuts, cuts[1:], strict=False))
        return LETTERS.sub(one, text)

    def heading(match: re.Match) -> str:
        if match.group(1):
            start, inner, end = match.group(1, 3, 4)
            return start + edit_text(inner, words, NOT_HYPHENATED) + end
        start, inner, end = match.group(5, 6, 7)
        return start + words(inner, "") + end
    return HEADING_OR_CARD.sub(heading, html)


PERMALINK = re.compile(r'(<h([1-6])\b[^>]*>)(.*?)<a class="headerlink" href="([^"]*)" title="[^"]*">'
                       r'(&para;|\u00b6)</a>(</h\2>)', re.S)
TAG = re.compile(r"<[^>]+>")
PERMALINK_TITLE = {"fi": "Linkki tähän kohtaan", "en": "Link to this section"}


def named_permalinks(html: str, language: str = "fi") -> str:
    """Each heading's permalink ("¶", from the toc extension) named by its heading (WCAG 2.4.4,
    2.4.6): "Linkki tähän kohtaan: Näin haet", in the page's language. Without a name, a
    screen reader's list of links reads "¶" once per heading."""
    title = PERMALINK_TITLE.get(language, PERMALINK_TITLE["fi"])

    def name(match: re.Match) -> str:
        heading = " ".join(entities.unescape(TAG.sub("", match.group(3))).split())
        label = entities.escape(f"{title}: {heading}")
        return (f'{match.group(1)}{match.group(3)}<a class="headerlink" href="{match.group(4)}" '
                f'title="{title}" aria-label="{label}">{match.group(5)}</a>{match.group(6)}')
    return PERMALINK.sub(name, html)


EDIT_BUTTON = re.compile(r'<a href="([^"]*)" title="([^"]*)" class="md-content__button md-icon" '
                         r'rel="edit">')
# From the line break before it: a pattern starting with "\s*" is tried at every position of
# the page's indentation (a third of the build's post-processing).
PREVIOUS_NEXT = re.compile(r'\n[ \t]*<link rel="(?:prev|next)" href="[^"]*">')


def accessible_theme_html(html: str) -> str:
    """Material's page made accessible where axe cannot tell (issue #21):

    - the edit button, an icon, is named only by its ``title``: it gets the same text as
      ``aria-label``, which every assistive technology reads;
    - Material's keyboard shortcuts "p", ",", "n" and "." follow the page's ``<link rel="prev">``
      and ``<link rel="next">``: single-key shortcuts that cannot be turned off (WCAG 2.1.4,
      a speech-input user's word can trigger them). Browsers make no other use of these links
      (the footer's own previous and next links stay), so they are removed and the keys do
      nothing.
    """
    html = EDIT_BUTTON.sub(r'<a href="\1" title="\2" aria-label="\2" class="md-content__button md-icon" '
                           r'rel="edit">', html)
    return PREVIOUS_NEXT.sub("", html)
