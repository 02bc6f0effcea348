"""Problems found in the handbook's sources, and the error that carries them.

Every problem names a file, a line and a field, and says in Finnish what is
wrong and how to fix it: ``path:line: field: what is wrong. How to fix it.``
"""

from __future__ import annotations

from dataclasses import dataclass

try:
    from mkdocs.exceptions import PluginError
except ImportError:  # an engine without MkDocs (Zensical) running the macros
    PluginError = Exception


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of one file."""

    path: str  # relative to the project root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    field: str  # dotted path of the field, or what the problem is about
    message: str  # Finnish: what is wrong, then how to fix it

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


def count_fi(count: int, one: str, many: str) -> str:
    """A count with the Finnish noun in the right number: "1 virhe", "2 virhettä"."""
    return f"{count} {one if count == 1 else many}"


def problems_count(count: int) -> str:
    return count_fi(count, "virhe", "virhettä")


class HandbookError(PluginError):
    """Raised with every problem found, so the build stops with all of them at once.

    A ``PluginError`` makes MkDocs print the message and stop without a traceback.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        head = f"Käsikirjan lähteissä on {problems_count(len(self.problems))}:"
        super().__init__("\n".join([head, *map(str, self.problems)]))
