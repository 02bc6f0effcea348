"""Snapshots in ``data/``: JSON that reads well in a diff, written atomically.

Keys sorted, two-space indent, one value per line, UTF-8 as is (ä stays ä), a final newline:
the same facts always give the same bytes, and a change shows as the lines that changed. A
snapshot the build would refuse (its model in ``data/registry_models.py``) is never written. A new
snapshot is written to a temporary file beside the old one and renamed over it, so a reader
(or a crash) sees the old snapshot or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import SyncError


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def read(path: Path) -> dict | None:
    """The previous snapshot, or None when there is none or it cannot be read (the new one
    then starts from nothing)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def write(path: Path, data: Any, model: type[BaseModel]) -> bool:
    """Write ``data`` to ``path`` atomically, if the build will accept it (``model``, the one
    ``read_site`` reads it with); False when the file already holds exactly that."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        found = "; ".join(f"{'.'.join(map(str, e['loc']))}: {str(e.get('input'))[:60]!r}"
                          for e in error.errors(include_url=False)[:5])
        raise SyncError(f"rekisterin vastauksessa on arvoja, joita käsikirja ei hyväksy "
                        f"({error.error_count()} kpl, esim. {found}). Korjaa ne rekisterissä; "
                        "tilannekuvaa ei kirjoitettu.") from None
    text = dumps(data)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError as error:
        raise SyncError(f"{path}: tiedostoa ei voitu kirjoittaa ({error.strerror}); "
                        "vanha tilannekuva jäi ennalleen.") from None
    return True
