"""The "Muutokset" page: recent changes to the handbook, from git history.

``read_history`` asks git (the project's own repository, or the one named by
``HANDBOOK_GIT_DIR`` at ``HANDBOOK_GIT_REV``, as the publishing hook does);
``changes_page`` is a pure function from those commits to Markdown.

Only main's own line of history is read (``--first-parent``): a published change is the merge
"Julkaistu: …" with every file its branch changed, or a commit made on main itself (an undo
"Peruttu: …"). The commits an editor made on a branch while working ("korjaus", "testi")
never reach the public page; the publishing message does, and the guide says so.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core.links import relative, service_src
from .render import render
from .untrusted import md_text

CHANGES_SRC = "tietoa/muutokset.md"
MAX_LINKS = 5  # pages named per change; the rest are counted


@dataclass(frozen=True)
class Change:
    day: date
    subject: str
    files: tuple[str, ...]  # paths relative to the project root


def read_history(root: Path, limit: int | None = 40) -> list[Change] | None:
    """The latest commits (all with limit=None), newest first; None without git history."""
    git_dir = os.environ.get("HANDBOOK_GIT_DIR")
    command = ["git", *(["--git-dir", git_dir] if git_dir else ["-C", str(root)]), "log",
               *([f"-{limit}"] if limit else []), "--first-parent", "--diff-merges=first-parent",
               "--date=short",
               "--pretty=format:%x1e%ad%x1f%s", "--name-only",
               os.environ.get("HANDBOOK_GIT_REV", "HEAD"), "--"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30,
                                stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    changes = []
    for record in result.stdout.split("\x1e")[1:]:
        head, _, names = record.partition("\n")
        day, _, subject = head.partition("\x1f")
        changes.append(Change(date.fromisoformat(day), subject.strip(),
                              tuple(n for n in names.split("\n") if n.strip())))
    return changes


def last_changed(changes: list[Change]) -> dict[str, date]:
    """The date each file last changed, from commits newest first."""
    out: dict[str, date] = {}
    for change in changes:
        for name in change.files:
            out.setdefault(name, change.day)
    return out


def page_of(path: str, pages: set[str]) -> str | None:
    """The docs page a changed file shows up on, if it is one."""
    if path.startswith("data/services/") and path.endswith(".yml"):
        candidate = service_src(Path(path).stem)
    elif path.startswith("docs/") and path.endswith(".md"):
        candidate = path.removeprefix("docs/")
    else:
        return None
    return candidate if candidate in pages else None


def changes_page(changes: list[Change] | None, pages: Mapping[str, str],
                 limit: int = 40) -> str:
    """Markdown of the latest ``limit`` changes; ``pages`` maps docs paths to their titles
    (a mapping that may work titles out only when asked)."""
    entries = []
    known = set(pages)
    for change in (changes or [])[:limit]:
        links = sorted({src for f in change.files if (src := page_of(f, known))})
        # A subject is an editor's text that stays in main's history for good: text, never
        # Markdown, HTML or Jinja ("<branch>" shows; a link the output allowlist refused would
        # stop every later build).
        entries.append({"day": change.day, "subject": md_text(change.subject),
                        "pages": [{"title": pages[s], "href": relative(s, CHANGES_SRC)}
                                  for s in links[:MAX_LINKS]],
                        "more": max(0, len(links) - MAX_LINKS)})
    return render("pages/changes.md", {"available": changes is not None, "entries": entries})
