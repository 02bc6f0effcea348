"""A reminder for editors: where (file and line), what, and the action in Finnish. Made by
``report.py`` and ``registries.py``, printed by ``check --kaikki`` grouped by action."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    path: str
    line: int  # 0: the file as a whole
    what: str  # the item: an id, a name, a date ("" when the action says it all)
    action: str  # what is wrong and what to do; notes with the same action go together

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path
