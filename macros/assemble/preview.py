"""``mkdocs serve``: Markdown → HTML only for pages whose Markdown changed since the last rebuild.

MkDocs converts every page's Markdown again on every rebuild, though a saved file changes a
few pages. While serving, ``Conversions.remember`` (the hooks' ``on_page_markdown``) looks the
page up by everything the conversion depends on: the page's final Markdown (after its macros),
its own address, every file of the site with its address (links are checked and rewritten
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


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


class Conversions:
    """The conversions of the previous rebuild and of this one, kept while serving."""

    def __init__(self):
        self.serving = False  # set by on_startup: this process runs `mkdocs serve`
        self._previous: dict[str, dict] = {}
        self._current: dict[str, dict] = {}
        self._files, self._files_digest = None, ""  # this rebuild's Files object and its digest

    def _site_digest(self, config, files) -> str:
        if self._files is not files:
            listing = [(f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files]
            self._files = files
            self._files_digest = digest(listing, config["markdown_extensions"],
                                        config["mdx_configs"], config["use_directory_urls"],
                                        config["validation"])
        return self._files_digest

    def next_rebuild(self) -> None:
        """Keep only what this rebuild used (on_post_build)."""
        self._previous, self._current = self._current, {}
        self._files, self._files_digest = None, ""

    def remember(self, markdown: str, page, config, files) -> None:
        """Let ``page.render`` reuse the last conversion of the same Markdown, or keep this one."""
        if not self.serving:
            return
        key = digest(self._site_digest(config, files), page.file.src_uri, markdown)
        found = self._current.get(key) or self._previous.get(key)
        if found is not None:
            self._current[key] = found
            page.render = types.MethodType(_reuse(found), page)
        else:
            page.render = types.MethodType(_convert(page.render, self._current, key), page)


def _reuse(found: dict):
    def reuse(self, config, files):
        self.content = found["content"]
        self.toc = copy.deepcopy(found["toc"])
        self._title_from_render = found["title"]
        self.present_anchor_ids = set(found["anchors"])
        if found["links"] is not None:
            self.links_to_anchors = {files.get_file_from_path(src): dict(links)
                                     for src, links in found["links"].items()}
    return reuse


def _convert(original, kept: dict, key: str):
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
        kept[key] = {
            "content": self.content, "toc": copy.deepcopy(self.toc),
            "title": self._title_from_render, "anchors": set(self.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()}}
    return convert
