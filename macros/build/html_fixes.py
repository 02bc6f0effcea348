"""Fixes to a page's HTML that the Markdown extensions and the theme cannot make.

``focusable_abbreviations``, ``labelled_task_lists``, ``alignment_classes`` and
``named_permalinks`` run on a page's content (hooks.on_page_content); ``valid_theme_html`` and
``accessible_theme_html`` on the whole page Material rendered (hooks.on_post_page). Pure
functions from HTML to HTML.
"""

from __future__ import annotations

import html as entities
import re

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
PREVIOUS_NEXT = re.compile(r'\s*<link rel="(?:prev|next)" href="[^"]*">')


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
