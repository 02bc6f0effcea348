"""MkDocs hooks: only what macros cannot do.

- ``on_files`` runs the content guards once (``content.content_problems``) and adds the pages
  generated from data (``pages.generate_pages``) to the build, replacing copies that
  ``python -m macros generate`` may have written to docs/.
- ``on_serve`` makes ``mkdocs serve`` rebuild when a file in data/ changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.structure.files import File  # noqa: E402

from macros.content import content_problems  # noqa: E402
from macros.pages import generate_pages  # noqa: E402
from macros.problems import HandbookError  # noqa: E402
from macros.validate import load_site  # noqa: E402


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def on_config(config):
    load_site(_root(config))  # stop at once, before anything is built, if the data is bad
    return config


def on_files(files, config):
    site = load_site(_root(config))
    problems = content_problems(_root(config), site)
    if problems:
        raise HandbookError(problems)
    for src, content in generate_pages(site).items():
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src, content=content))
    return files


def on_serve(server, config, builder):
    server.watch(str(_root(config) / "data"))
    return server
