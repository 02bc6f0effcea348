"""Where a Markdown page's prose is: the one scanner of fenced code blocks and inline code
spans that the content guards (``prose_lines``) and the macro renderer
(``pages.templating.protect_code``) share, so both agree on what is code."""

from __future__ import annotations

import re
from collections.abc import Iterator

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
HISTORY = re.compile(r'<(span|div)\b[^>]*class="[^"]*\bhk-history\b[^"]*"[^>]*>.*?</\1>', re.S)

PROSE, OPEN, CODE, CLOSE = "prose", "open", "code", "close"


def scan(text: str) -> Iterator[tuple[int, str, str]]:
    """(line number, line, kind) of every line: ``PROSE``, or a fenced block's ``OPEN``,
    ``CODE`` and ``CLOSE`` lines. An unclosed fence runs to the end, as in Markdown."""
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match["fence"]
            yield number, line, OPEN
        elif fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
                yield number, line, CLOSE
            else:
                yield number, line, CODE
        else:
            yield number, line, PROSE


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of every line outside code, with inline code blanked out."""
    return [(number, INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line))
            for number, line, kind in scan(text) if kind == PROSE]


def without_history(text: str) -> str:
    """Blank out text marked as history, keeping every line where it was."""
    return HISTORY.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
