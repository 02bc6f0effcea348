"""Only regular files are content: a symlink or a special file (a FIFO, a device) anywhere in
``docs/``, ``data/`` or ``overrides/`` stops ``check`` and the build before anything is read,
so that a link to a server file never reaches a page or a message."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .problems import Problem

CONTENT_FOLDERS = ("docs", "data", "overrides")


def regular(path: Path) -> bool:
    """A regular file itself, not a link to one."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def irregular_files(root: Path, folders: tuple[str, ...] = CONTENT_FOLDERS) -> list[Problem]:
    """Every symlink and special file under ``folders`` of ``root``, the folders themselves
    included (links are not followed)."""
    root = Path(root)
    found = []
    for folder in folders:
        top = root / folder
        if not os.path.lexists(top):
            continue
        paths = [top]
        if not top.is_symlink():
            for parent, directories, files in os.walk(top):
                paths += [Path(parent) / name for name in (*directories, *files)]
        found += filter(None, (_irregular(path, root) for path in paths))
    return found


def _irregular(path: Path, root: Path) -> Problem | None:
    mode = os.lstat(path).st_mode
    where = path.relative_to(root).as_posix()
    if stat.S_ISLNK(mode):
        return Problem(where, 0, "tiedosto", "on symbolinen linkki, ei tiedosto tai kansio. "
                       "Poista linkki ja lisää sen tilalle itse tiedosto (git add).")
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return Problem(where, 0, "tiedosto", "ei ole tavallinen tiedosto. Poista se.")
    return None
