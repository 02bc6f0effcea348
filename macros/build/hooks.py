"""MkDocs hooks: only what macros cannot do.

- ``on_files`` runs the content guards once (``content.content_problems``), adds the pages
  generated from data and git history (``content.all_generated_pages``) to the build, replacing
  copies that ``python -m macros generate`` may have written to docs/, and points every page's
  edit link at its real source: ``docs/…`` or, for generated pages, the data file.
- ``on_page_content`` makes the first use of each abbreviation focusable, labels task-list
  checkboxes and turns table alignment into classes (HTML, after Markdown).
- ``on_page_content`` also collects each page's sections for the search index.
- ``on_post_page`` and ``on_post_template`` make Material's own markup valid HTML
  (``html_fixes.valid_theme_html``).
- ``on_post_build`` writes /api/services.json, the brochure PDFs when HANDBOOK_PDF=1, the
  search indexes search/fi.json and search/en.json, and puts each page's last change in
  sitemap.xml.
- ``on_serve`` makes ``mkdocs serve`` rebuild when a file in data/ changes, and while serving
  ``on_page_markdown`` lets pages whose Markdown did not change skip conversion
  (``macros/preview.py``).
- ``on_env`` keeps Material's compiled templates between builds, and ``on_post_build`` saves
  what the build added to the other caches (``macros/cache.py``: parsed data, guard findings,
  Voikko terms, diagrams, QR codes, search index files, each found by everything it depends
  on; ``define_env`` puts them in .cache/handbook, since the macros read the data first).

Generated pages are marked as not in the navigation on purpose (they are reached from their
index pages), so MkDocs does not list them as pages missing from ``nav``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mkdocs.structure.files import File, InclusionLevel  # noqa: E402

from macros.core import cache  # noqa: E402
from macros.build import preview  # noqa: E402
from macros.pages.brochures import pdf_enabled, write_pdfs  # noqa: E402
from macros.checks.runner import DOCS_DIR, all_generated_pages, content_problems, docs_pages  # noqa: E402
from macros.search.finnish import check_available as check_voikko  # noqa: E402
from macros.pages.history import last_changed, read_history  # noqa: E402
from macros.build.html_fixes import (  # noqa: E402
    alignment_classes,
    focusable_abbreviations,
    labelled_task_lists,
    valid_theme_html,
)
from macros.pages.open_data import services_document  # noqa: E402
from macros.core.problems import HandbookError  # noqa: E402
from macros.search.index import Section, page_sections, search_keywords, write_indexes  # noqa: E402
from macros.build.sitemap import write_sitemap_dates  # noqa: E402
from macros.data.site import load_site  # noqa: E402

GENERATED_FROM = re.compile(r"^generated_from: (\S+)$", re.M)
_sources: dict[str, str | None] = {}  # page URL → its source file, for the sitemap's dates
_history: list = []  # this build's git history, read once in on_files
_keywords: dict[str, list[str]] = {}  # search keywords by page URL, found in on_files
_sections: list[Section] = []  # every page's sections for the search index, in on_page_content
_own_search: list[bool] = [True]  # the theme has the handbook's search box (on_config)
SEARCH_BOX = "partials/search.html"
MATERIAL_INDEX = "search/search_index.json"


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def on_startup(command, dirty):
    preview.serving[0] = command == "serve"


def on_config(config):
    load_site(_root(config))  # stop at once, before anything is built, if the data is bad
    check_voikko()  # and if the search index could not be made
    _own_search[0] = (Path(config.theme.custom_dir or "") / SEARCH_BOX).is_file()
    return config


def on_env(env, config, files):
    """Compiled theme templates are kept between builds and rebuilds (Jinja compares each
    template's source checksum before using them)."""
    return cache.THEME.attach(env)


def on_files(files, config):
    site = load_site(_root(config))
    _history[:] = [read_history(_root(config), limit=None)]  # read once; post_build uses it too
    docs = docs_pages(_root(config))
    generated = all_generated_pages(_root(config), site, config.site_url or "", _history[0], docs)
    problems = content_problems(_root(config), site, generated, docs)
    if problems:
        raise HandbookError(problems)
    _keywords.clear()
    _keywords.update(search_keywords(site, docs))
    _sections.clear()
    _sources.clear()
    for file in files.documentation_pages():
        file.edit_uri = f"{DOCS_DIR}/{file.src_uri}"  # edit links are relative to the repository
        _sources[file.url] = file.edit_uri
    for src, content in generated.items():
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
        generated = File.generated(config, src, content=content,
                                   inclusion=InclusionLevel.NOT_IN_NAV)
        source = GENERATED_FROM.search(content)
        generated.edit_uri = source.group(1) if source and "/" in source.group(1) else None
        _sources[generated.url] = generated.edit_uri
        files.append(generated)
    return files


def on_post_build(config):
    """Files that are not pages: /api/services.json, the search indexes, and real
    last-modified dates in the sitemap."""
    root, site_dir = _root(config), Path(config.site_dir)
    site = load_site(root)
    api = site_dir / "api" / "services.json"
    api.parent.mkdir(parents=True, exist_ok=True)
    api.write_text(json.dumps(services_document(site, config.site_url or ""), ensure_ascii=False,
                              indent=1), encoding="utf-8")
    if pdf_enabled():
        write_pdfs(site, config.site_url or "", site_dir)
    if _own_search[0]:
        write_indexes(site_dir, _sections, _keywords)
        (site_dir / MATERIAL_INDEX).unlink(missing_ok=True)  # empty: every page was excluded
    changes = _history[0] if _history else None
    if changes:
        write_sitemap_dates(site_dir, config.site_url or "", _sources, last_changed(changes),
                            changes[0].day)
    cache.save_all()
    preview.next_rebuild()


def on_page_markdown(markdown, page, config, files):
    """While serving, a page whose Markdown did not change reuses its last conversion."""
    preview.remember(markdown, page, config, files)
    return markdown


def on_page_content(html, page, config, files):
    """HTML fixes Markdown extensions cannot make: the first use of each abbreviation becomes
    focusable, so keyboard users get its expansion too (docs/assets/handbook.css shows it on
    focus), task-list checkboxes get their text as their label, and table alignment becomes
    a class (the Content-Security-Policy allows no style attributes). Then the page's sections
    go to the handbook's search index, and Material's search plugin is told to skip the page
    (its index is not used, and cutting pages with its HTML parser took a sixth of the build)."""
    html = alignment_classes(labelled_task_lists(focusable_abbreviations(html)))
    search = page.meta.get("search") or {}
    if _own_search[0] and not search.get("exclude"):
        _sections.extend(page_sections(html, page.url, page.title or ""))
        page.meta["search"] = {**search, "exclude": True}
    return html


def on_post_page(output, page, config):
    """Material's own markup made valid HTML (its header toggles, navigation labels, table of
    contents title): see ``html_fixes.valid_theme_html``."""
    return valid_theme_html(output)


def on_post_template(output_content, template_name, config):
    """The same for the pages rendered from templates alone (404.html)."""
    return valid_theme_html(output_content) if template_name.endswith(".html") else output_content


def on_serve(server, config, builder):
    """Rebuild when data/ changes. MkDocs polls its watched folders every 0.5 s; data/ is watched
    by the operating system's notifications instead (inotify), so a saved YAML file starts the
    rebuild at once. watchdog falls back to polling where notifications are not available."""
    import watchdog.observers  # only `mkdocs serve` needs it
    polling = server.observer
    server.observer = watchdog.observers.Observer()
    try:
        server.watch(str(_root(config) / "data"))
    finally:
        server.observer, notifying = polling, server.observer
    notifying.daemon = True
    notifying.start()
    return server
