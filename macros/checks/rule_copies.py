"""Hand-written copies of a legal rule: text matching a rule's ``guard`` patterns in
``data/rules.yml`` outside a ``{{ rule("id") }}`` call, so the one place cannot drift."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache
from itertools import accumulate

from ..core.problems import Problem
from ..core.prose import prose_lines, without_history
from ..data.models import Rule
from ..data.rules import CALL, RULES_FILE, guard_pattern

try:  # Python's own regular-expression parser, to find what every match must contain
    from re import _parser as sre_parse
except ImportError:  # Python before 3.11
    import sre_parse


@cache
def _needle(pattern: str) -> str:
    """The longest run of plain characters every match of ``pattern`` contains, lowercased
    ("" if there is none): a text without it cannot match, and most texts are left at that."""
    try:
        parsed = sre_parse.parse(pattern.replace(" ", r"\s+"))
    except re.error:
        return ""
    best, run = "", ""
    for op, value in parsed:
        if op is sre_parse.LITERAL:
            run += chr(value)
        else:
            best, run = max(best, run, key=len), ""
    return max(best, run, key=len).lower()


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))  # a rule call's place kept, so positions stay


def copies(lines: Iterable[tuple[int, str]], rules: dict[str, Rule]) -> list[tuple[int, str, str]]:
    """(line, matched text, rule ids) for each hand-written copy of a rule's number: text that
    matches a rule's ``guard`` outside a rule call. ``lines`` are (number, text) pairs."""
    lines = list(lines)
    # Most texts hold no rule's plain part at all: left at that, before any line is worked on
    # (a rule call only removes text, so what the whole text lacks, its prose lacks too).
    raw = "\n".join(line for _, line in lines).lower()
    patterns = [(rule.id, pattern) for rule in rules.values() for pattern in rule.guard
                if _needle(pattern) in raw]
    if not patterns:
        return []
    numbers = [number for number, _ in lines]
    parts = [CALL.sub(_blank, line) if "rule" in line else line for _, line in lines]
    starts = list(accumulate((len(part) + 1 for part in parts[:-1]), initial=0))
    text = "\n".join(parts)
    lowered = text.lower()
    hits: dict[tuple[int, str], list[str]] = {}
    for rule_id, pattern in patterns:
        if _needle(pattern) not in lowered:
            continue
        for match in guard_pattern(pattern).finditer(text):
            line = numbers[bisect_right(starts, match.start()) - 1]
            hits.setdefault((line, " ".join(match.group(0).split())), []).append(rule_id)
    return [(line, found, ", ".join(dict.fromkeys(ids))) for (line, found), ids in sorted(hits.items())]


def copies_in(rules: dict[str, Rule], path: str, text_of_file: str) -> list[Problem]:
    """A legal rule's number written by hand in one file (a docs page or data file) instead of
    cited with ``{{ rule("id") }}``: each such copy could drift from data/rules.yml."""
    return [Problem(path, line, "sääntö",
                    f'"{text}" kirjoittaa käsin säännön, joka on tiedostossa {RULES_FILE} '
                    f"({ids}). Kirjoita sen tilalle " + " tai ".join(
                        f'{{{{ rule("{rule_id}") }}}}' for rule_id in ids.split(", "))
                    + ", niin luku pysyy yhdessä paikassa.")
            for line, text, ids in (copies(prose_lines(without_history(text_of_file)), rules)
                                    if path != RULES_FILE else [])]
