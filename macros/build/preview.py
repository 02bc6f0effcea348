"""``mkdocs serve``: Markdown → HTML only for pages whose Markdown changed since the last rebuild.

MkDocs converts every page's Markdown again on every rebuild, though a saved file changes a
few pages. While serving, ``remember`` (the hooks' ``on_page_markdown``) looks the page up
by everything the conversion depends on: the page's final Markdown (after its macros), its
own address, every file of the site with its address (links are checked and rewritten
against them) and the Markdown settings of mkdocs.yml. Found: the page takes the HTML, table
of contents, title and anchors of the last conversion. Not found: MkDocs converts it and the
result is kept, unless the conversion logged a warning (it must show, and fail a strict build,
every time). The theme still renders every page: navigation and titles may have changed.

A plain ``mkdocs build`` never uses this (``serving`` stays False).
"""

from __future__ import annotations

import copy
import logging
import types

from ..core.cache import digest

serving = [False]  # set by on_startup: this process runs `mkdocs serve`
_previous: dict[str, dict] = {}  # conversions of the previous rebuild
_current: dict[str, dict] = {}  # conversions of this rebuild
_site: list = [None, ""]  # this rebuild's Files object and its digest


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _site_digest(config, files) -> str:
    if _site[0] is not files:
        listing = [(f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files]
        _site[:] = [files, digest(listing, config["markdown_extensions"], config["mdx_configs"],
                                  config["use_directory_urls"], config["validation"])]
    return _site[1]


def next_rebuild() -> None:
    """Keep only what this rebuild used (on_post_build)."""
    _previous.clear()
    _previous.update(_current)
    _current.clear()
    _site[:] = [None, ""]


def remember(markdown: str, page, config, files) -> None:
    """Let ``page.render`` reuse the last conversion of the same Markdown, or keep this one."""
    if not serving[0]:
        return
    key = digest(_site_digest(config, files), page.file.src_uri, markdown)
    found = _current.get(key) or _previous.get(key)
    original = page.render
    if found is not None:
        _current[key] = found

        def reuse(self, config, files):
            self.content = found["content"]
            self.toc = copy.deepcopy(found["toc"])
            self._title_from_render = found["title"]
            self.present_anchor_ids = set(found["anchors"])
            if found["links"] is not None:
                self.links_to_anchors = {files.get_file_from_path(src): dict(links)
                                         for src, links in found["links"].items()}
        page.render = types.MethodType(reuse, page)
        return

    def convert(self, config, files):
        counter = _Warnings()
        loggers = (logging.getLogger("mkdocs"), logging.getLogger())
        for logger in loggers:
            logger.addHandler(counter)
        try:
            original(config, files)
        finally:
            for logger in loggers:
                logger.removeHandler(counter)
        if counter.count:
            return
        links = self.links_to_anchors
        _current[key] = {
            "content": self.content, "toc": copy.deepcopy(self.toc),
            "title": self._title_from_render, "anchors": set(self.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()}}
    page.render = types.MethodType(convert, page)
