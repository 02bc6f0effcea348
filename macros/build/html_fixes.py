"""Fixes to a page's HTML that the Markdown extensions and the theme cannot make.

``focusable_abbreviations``, ``labelled_task_lists`` and ``alignment_classes`` run on a page's
content (hooks.on_page_content); ``valid_theme_html`` on the whole page Material rendered
(hooks.on_post_page). Pure functions from HTML to HTML.
"""

from __future__ import annotations

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
