"""Where a Markdown page's prose is: the one scanner of fenced code blocks and inline code
spans that the content guards (``prose_lines``) and the macro renderer
(``pages.templating.protect_code``) share, so both agree on what is code.

A fence is what pymdownx.superfences (the build's fences) takes for one: its own preprocessor
finds them (``_fences``), so a block closed by a longer or other fence, an unclosed one, or a
fence whose options it refuses is prose here as it is HTML to Markdown, and its markup meets
the source checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import markdown

INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
HISTORY = re.compile(r'<(span|div)\b[^>]*class="[^"]*\bhk-history\b[^"]*"[^>]*>.*?</\1>', re.S)
MAYBE_FENCE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})", re.M)

PROSE, OPEN, CODE, CLOSE = "prose", "open", "code", "close"


@cache
def _finder() -> tuple[markdown.Markdown, list[tuple[int, int]]]:
    """Python-Markdown with superfences whose preprocessor records the line ranges of the
    fenced blocks it finds instead of storing them."""
    md = markdown.Markdown(extensions=["pymdownx.superfences"])
    found: list[tuple[int, int]] = []
    fences = md.preprocessors["fenced_code_block"]
    fences._store = lambda source, code, start, end: found.append((start, end))
    return md, found


def _fences(text: str) -> list[tuple[int, int]]:
    """(first, last) 0-based line of every fenced block, opening and closing fence included."""
    if not MAYBE_FENCE.search(text):
        return []
    md, found = _finder()
    md.reset()
    found.clear()
    lines = md.preprocessors["normalize_whitespace"].run(text.split("\n"))
    md.preprocessors["fenced_code_block"].run(lines)
    return [(start, end - 1) for start, end in found]


def scan(text: str) -> Iterator[tuple[int, str, str]]:
    """(line number, line, kind) of every line: ``PROSE``, or a fenced block's ``OPEN``,
    ``CODE`` and ``CLOSE`` lines, as superfences reads them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kinds: dict[int, str] = {}
    for first, last in _fences(text):
        kinds.update({index: CODE for index in range(first + 1, last)})
        kinds[first], kinds[last] = OPEN, CLOSE
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, line, kinds.get(number - 1, PROSE)


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of every line outside code, with inline code blanked out."""
    return [(number, INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line))
            for number, line, kind in scan(text) if kind == PROSE]


def without_history(text: str) -> str:
    """Blank out text marked as history, keeping every line where it was."""
    return HISTORY.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
