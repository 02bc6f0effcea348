"""Pages converted and rendered only when what they are made of changed.

MkDocs converts every page's Markdown to HTML on every build, and ``mkdocs serve`` rebuilds the
whole site on every save, though a saved file changes a few pages. ``Conversions.remember``
(the hooks' ``on_page_markdown``) looks the page up by everything the conversion depends on:
the page's final Markdown (after its macros), its own address, every file of the site with its
address (links are checked and rewritten against them), the Markdown settings of mkdocs.yml and
the versions of MkDocs and the Markdown libraries. Found: the page takes the HTML, table of
contents, title and anchors of that conversion. Not found: MkDocs converts it and the result is
kept, unless the conversion logged a warning (it must show, and fail a strict build, every
time). The conversions are a build cache (``core/cache.py``: JSON, checked when read, in
``.cache/handbook/conversions``), so a build after a change converts only the pages it changed,
as Zensical's cache does (README, Other engines); ``HANDBOOK_CACHE=0`` keeps them in memory only.

While serving, more is kept in memory between rebuilds: each page's HTML from the theme and
the result of its one walk (``Renders``), and the installed theme's file list
(``ThemeListing``).
"""

from __future__ import annotations

import logging
import re
import types
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..core.cache import DataStore, code_of, digest


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _toc_data(links) -> list:
    return [[link.title, link.id, link.level, _toc_data(link.children)] for link in links]


def _anchor(data) -> AnchorLink:
    title, anchor_id, level, children = data
    if not (isinstance(title, str) and isinstance(anchor_id, str) and type(level) is int):
        raise ValueError("not a table of contents entry")
    link = AnchorLink(title, anchor_id, level)
    link.children = [_anchor(child) for child in children]
    return link


def _strings(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items())


# What no converted page holds (guards and the HTML allowlist refuse it in the sources; a
# service page's JSON-LD is data, not script): a cached conversion with it was not written
# by this code, and is converted again.
ACTIVE = re.compile(r'<script\b(?![^>]*\btype="application/ld\+json")'
                    r"|<(?:style|iframe|object|embed|link|meta|base|form)\b"
                    r"|\son[a-z]+\s*=|javascript:", re.I)


def _conversion(data) -> dict:
    """A conversion read from the cache, checked: anything of another shape, or with script,
    handlers or embedded documents, raises (FOREIGN) and is converted again."""
    content, title, anchors, links = data["content"], data["title"], data["anchors"], data["links"]
    if not (isinstance(content, str) and not ACTIVE.search(content)
            and (title is None or (isinstance(title, str) and not ACTIVE.search(title)))
            and isinstance(anchors, list) and all(isinstance(a, str) for a in anchors)
            and (links is None or (isinstance(links, dict)
                                   and all(_strings(v) for v in links.values())))):
        raise ValueError("not a conversion")
    for entry in data["toc"]:
        _anchor(entry)
    return data


def _installed(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


# Conversions by everything they depend on (the key) and the libraries that make them.
CONVERSIONS = DataStore("conversions", code_of("assemble/preview.py"),
                        *map(_installed, ("mkdocs", "properdocs", "markdown", "pymdown-extensions")),
                        decode=_conversion)


class Conversions:
    """Each page's Markdown → HTML by its inputs, from the build cache."""

    def __init__(self):
        self._files, self._files_digest = None, ""  # this build's Files object and its digest

    def _site_digest(self, config, files) -> str:
        if self._files is not files:
            listing = [(f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files]
            self._files = files
            self._files_digest = digest(listing, config["markdown_extensions"],
                                        config["mdx_configs"], config["use_directory_urls"],
                                        config["validation"])
        return self._files_digest

    def remember(self, markdown: str, page, config, files) -> None:
        """Let ``page.render`` reuse the conversion of the same Markdown, or keep this one."""
        key = digest(self._site_digest(config, files), page.file.src_uri, markdown)
        found = CONVERSIONS.find(key)
        if found is not None:
            page.render = types.MethodType(_reuse(found), page)
        else:
            page.render = types.MethodType(_convert(page.render, key), page)


def _reuse(found: dict):
    def reuse(self, config, files):
        self.content = found["content"]
        links = [_anchor(entry) for entry in found["toc"]]
        if links:
            links[0].active = True  # as MkDocs' get_toc marks the first entry
        self.toc = TableOfContents(links)
        self._title_from_render = found["title"]
        self.present_anchor_ids = set(found["anchors"])
        if found["links"] is not None:
            self.links_to_anchors = {files.get_file_from_path(src): dict(links)
                                     for src, links in found["links"].items()}
    return reuse


def _convert(original, key: str):
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
        CONVERSIONS.put(key, {
            "content": self.content, "toc": _toc_data(self.toc), "title": self._title_from_render,
            "anchors": sorted(self.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()}})
    return convert


class _Generations:
    """Values made in this rebuild and in the last one, by key: the next rebuild reuses them
    and keeps only what it used or made."""

    def __init__(self):
        self._this, self._last = {}, {}

    def get(self, key: str, make):
        found = self._this.get(key) or self._last.get(key)
        if found is None:
            found = make()
        self._this[key] = found
        return found

    def next_rebuild(self) -> None:
        self._this, self._last = {}, self._this


class Renders:
    """The theme's HTML of every page of the previous rebuild and of this one, kept while
    serving, by everything the theme reads: the page (its HTML, table of contents, title, front
    matter, addresses, neighbours and parents), the navigation's shape and the titles the
    page's menu shows (every title, unless the menu is pruned: then the titles of the levels
    the page shows), the config (its file and its values) and the theme's own files in
    ``custom_dir``. A saved file that changes a few pages' HTML renders those pages again, and
    a page's new title only the pages whose menu shows it; the theme takes the other pages'
    output from the last rebuild, and ``on_post_page`` their walk (``walk``)."""

    def __init__(self):
        self.serving = False
        self._outputs = _Generations()  # the theme's output of each page
        self._walks = _Generations()  # each page's walk
        # this rebuild's nav, its digest, and whether each page's menu is pruned
        self._site: tuple[object, str, bool] | None = None

    def attach(self, env, config):
        """Wrap ``env.get_template`` for MkDocs' own calls (a page's template): Jinja passes
        the including template as ``parent`` for {% extends %}, {% include %} and {% import %},
        and those get the template itself."""
        if not self.serving:
            return env
        theme = _theme_digest(config)
        real = env.get_template

        def get_template(name, parent=None, globals=None):
            template = real(name, parent, globals)
            return template if parent is not None else _Reusing(template, self, theme)

        env.get_template = get_template
        return env

    def next_rebuild(self) -> None:
        """Keep only what this rebuild rendered and walked (on_post_build)."""
        self._outputs.next_rebuild()
        self._walks.next_rebuild()
        self._site = None

    def walk(self, output: str, key: tuple, make):
        """``make()``, the one walk of a page (``page_html``), kept while serving by the
        theme's output and ``key`` (the page's language and address): the walk is pure, so a
        page whose output is the last rebuild's takes that rebuild's result."""
        return self._walks.get(digest(output, *key), make) if self.serving else make()

    def render(self, template, context: dict, theme: str) -> str:
        key = self._key(context, theme)
        if key is None:
            return template.render(context)
        return self._outputs.get(key, lambda: template.render(context))

    def _key(self, context: dict, theme: str) -> str | None:
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None:
            return None  # 404.html, sitemap.xml: rendered every time
        if self._site is None or self._site[0] is not nav:
            pages = [(f.src_uri, f.url) for f in context.get("pages") or ()]
            pruned = _pruned(context["config"])
            homepage = (nav.homepage.url, nav.homepage.title) if nav.homepage else None
            self._site = (nav, digest(theme, _config_digest(context["config"]),
                                      _nav(nav.items, titles=not pruned), homepage, pages),
                          pruned)
        parts: list = [self._site[1], _page_digest(page)]
        if self._site[2]:  # the titles this page's pruned menu shows
            parts.append(_shown(nav.items))
        for name, value in sorted(context.items()):
            if name in ("page", "nav", "config", "pages", "build_date_utc"):
                continue  # above; build_date_utc: read by no template of the theme or overrides/
            if not _is_plain(value):
                return None  # something a plugin added: rendered every time
            parts.append((name, repr(value)))
        return digest(*parts)


class _Reusing:
    """A page's template as MkDocs sees it: ``render`` goes through ``Renders``."""

    def __init__(self, template, renders: Renders, theme: str):
        self._template, self._renders, self._theme = template, renders, theme

    def render(self, context) -> str:
        return self._renders.render(self._template, context, self._theme)

    def __getattr__(self, name):
        return getattr(self._template, name)


def _is_plain(value) -> bool:
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, (list, tuple)):
        return all(map(_is_plain, value))
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


def _theme_digest(config) -> str:
    """The theme's folders and every file of the project's own (``custom_dir``): the installed
    theme does not change while serving."""
    parts: list = [config.theme.dirs]
    if config.theme.custom_dir:
        folder = Path(config.theme.custom_dir)
        parts += [(path.relative_to(folder).as_posix(), path.read_bytes())
                  for path in sorted(folder.rglob("*")) if path.is_file()]
    return digest(*parts)


def _config_digest(config) -> str:
    """The config file and every plain value of the config (plugins may change values on
    on_config: the Content-Security-Policy in ``extra``); other objects come from the file."""
    path = Path(config.config_file_path or "")
    source = path.read_bytes() if path.is_file() else b""
    values = [(name, _lenient(value)) for name, value in config.items()
              if name != "nav"]  # the menu the hooks set: digested as the theme reads it (_nav)
    return digest(source, values)


def _lenient(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict) or hasattr(value, "items"):
        return sorted((str(k), _lenient(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_lenient(v) for v in value]
    return type(value).__name__


def _pruned(config) -> bool:
    """Whether Material renders each page's menu pruned: every item's title, but the children
    only of the sections on the page's own path (``navigation.prune``; ``navigation.sections``
    and ``navigation.expand`` render more)."""
    features = set(config.theme.get("features") or ())
    return ("navigation.prune" in features
            and not features & {"navigation.sections", "navigation.expand"})


def _nav(items, titles: bool) -> list:
    """The menu's shape (kinds, addresses, nesting), what front matter adds to its links
    (icon, subtitle, status, read wherever an item is shown) and, unless each page's menu is
    pruned (``_shown``), every title."""
    return [(type(item).__name__, getattr(item, "url", None), _link_meta(item),
             item.title if titles else None,
             _nav(item.children, titles) if getattr(item, "children", None) else None)
            for item in items]


def _shown(items) -> list:
    """The titles a page's pruned menu shows: every item's at each level shown, and below the
    sections that are on the page's path (MkDocs marks them active while the page is built)."""
    return [(item.title, _shown(item.children)
             if getattr(item, "children", None) and item.active else None) for item in items]


def _link_meta(item) -> tuple | None:
    meta = getattr(item, "meta", None)
    if not isinstance(meta, dict):
        return None
    return tuple(repr(meta.get(name)) for name in ("icon", "subtitle", "status"))


def _toc(links) -> list:
    return [(link.title, link.id, link.level, _toc(link.children)) for link in links]


def _page_digest(page) -> str:
    neighbours = [(p.url, p.title) if p is not None else None
                  for p in (page.previous_page, page.next_page)]
    parents = [(parent.title, getattr(parent, "url", None)) for parent in page.ancestors]
    return digest(page.url, page.title, page.content, _toc(page.toc), repr(page.meta),
                  page.edit_url, page.canonical_url, page.abs_url, page.is_homepage,
                  page.file.src_uri, neighbours, parents)


class ThemeListing:
    """While serving, the theme's file list without walking the installed theme again.

    Every build, MkDocs lists every file of the theme's folders to find its static files
    (``Files.add_files_from_theme``): Material's folder holds 14,000 icons under ``.icons``,
    which its filter then drops (hidden folders are never static files). The installed theme's
    list is made once per process, without hidden entries; the project's ``custom_dir`` is
    listed again every rebuild. Templates are still read from the folders as before."""

    def __init__(self):
        self.serving = False
        self._installed: dict[str, list[str]] = {}

    def attach(self, config) -> None:
        if not self.serving:
            return
        theme, make_env = config.theme, config.theme.get_env
        own = Path(theme.custom_dir).resolve() if theme.custom_dir else None

        def get_env():
            env = make_env()
            env.list_templates = lambda extensions=None, filter_func=None: _filtered(
                self._names(theme.dirs, own), extensions, filter_func)
            return env

        theme.get_env = get_env

    def _names(self, dirs: list[str], own: Path | None) -> list[str]:
        names: set[str] = set()
        for folder in dirs:
            if own is not None and Path(folder).resolve() == own:
                names.update(_visible(folder))
            else:
                if folder not in self._installed:
                    self._installed[folder] = _visible(folder)
                names.update(self._installed[folder])
        return sorted(names)


def _visible(folder: str) -> list[str]:
    import jinja2
    return [name for name in jinja2.FileSystemLoader(folder).list_templates()
            if not any(part.startswith(".") for part in name.split("/"))]


def _filtered(names: list[str], extensions, filter_func) -> list[str]:
    """Jinja's ``Environment.list_templates`` on a list already made."""
    if extensions is not None:
        def filter_func(name):  # noqa: F811 - as Jinja does
            return "." in name and name.rsplit(".", 1)[1] in extensions
    return [name for name in names if filter_func(name)] if filter_func is not None else names
