"""Fixes to a page's HTML that the Markdown extensions cannot make (run by hooks.on_page_content).

Pure functions from HTML to HTML.
"""

from __future__ import annotations

import re

ABBR = re.compile(r'<abbr title="([^"]*)">')


def focusable_abbreviations(html: str) -> str:
    """Add tabindex="0" to the first <abbr> of each expansion in a page's HTML."""
    seen: set[str] = set()

    def first_only(match: re.Match) -> str:
        if match.group(1) in seen:
            return match.group(0)
        seen.add(match.group(1))
        return f'<abbr tabindex="0" title="{match.group(1)}">'
    return ABBR.sub(first_only, html)


TASK_ITEM = re.compile(r'(<li class="task-list-item"><label class="task-list-control">'
                       r'<input[^>]*>\s*<span class="task-list-indicator"></span>)</label>'
                       r'((?:(?!<li|<ul|<ol).)*?)</li>', re.S)


def labelled_task_lists(html: str) -> str:
    """Move each task-list item's text into its checkbox's <label> (WCAG 1.3.1, 4.1.2):
    pymdownx.tasklist leaves the label empty."""
    return TASK_ITEM.sub(r"\1\2</label></li>", html)
