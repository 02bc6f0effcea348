"""MkDocs hooks: only what macros cannot do.

- ``on_files`` runs the content guards once (``content.content_problems``), adds the pages
  generated from data and git history (``content.all_generated_pages``) to the build, replacing
  copies that ``python -m macros generate`` may have written to docs/, and points every page's
  edit link at its real source: ``docs/…`` or, for generated pages, the data file.
- ``on_page_content`` makes the first use of each abbreviation focusable and labels task-list
  checkboxes (HTML, after Markdown).
- ``on_serve`` makes ``mkdocs serve`` rebuild when a file in data/ changes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.structure.files import File  # noqa: E402

from macros.content import DOCS_DIR, all_generated_pages, content_problems  # noqa: E402
from macros.problems import HandbookError  # noqa: E402
from macros.templating import focusable_abbreviations, labelled_task_lists  # noqa: E402
from macros.validate import load_site  # noqa: E402


GENERATED_FROM = re.compile(r"^generated_from: (\S+)$", re.M)


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
    for file in files.documentation_pages():
        file.edit_uri = f"{DOCS_DIR}/{file.src_uri}"  # edit links are relative to the repository
    for src, content in all_generated_pages(_root(config), site, config.site_url or "").items():
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
        generated = File.generated(config, src, content=content)
        source = GENERATED_FROM.search(content)
        generated.edit_uri = source.group(1) if source and "/" in source.group(1) else None
        files.append(generated)
    return files


def on_page_content(html, page, config, files):
    """HTML fixes Markdown extensions cannot make: the first use of each abbreviation becomes
    focusable, so keyboard users get its expansion too (docs/assets/handbook.css shows it on
    focus), and task-list checkboxes get their text as their label."""
    return labelled_task_lists(focusable_abbreviations(html))


def on_serve(server, config, builder):
    server.watch(str(_root(config) / "data"))
    return server
