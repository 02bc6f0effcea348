"""The build's steps that macros cannot do, with their state on one object.

MkDocs calls the functions in ``hooks.py``; each hands over to the one ``Builder`` there,
which keeps what one build learns for a later step (as Material's plugins keep theirs on
the plugin instance):

- ``on_config`` reads the settings (``core/settings.py``) and stops at once if the data is
  bad or Voikko is missing.
- ``on_files`` runs the content guards once (``checks.runner.content_problems``), adds the
  pages generated from data and git history (``pages.generated.all_generated_pages``) to
  the build, replacing copies that ``python -m macros generate`` may have written to docs/,
  and points every page's edit link at its real source: ``docs/…`` or the data file.
- ``on_page_content`` marks where the page's content is in the page the theme will render;
  ``on_post_page`` and ``on_post_template`` walk each page once (``page_html.PageHtml``):
  every fix of ``html_fixes.py`` and the output allowlist (``core/safe_html.py``), whose
  findings stop the build, named by source file and line, after every page was seen. The
  page's content goes to the search index as ``on_page_content`` has it (cut into sections
  when the index is made).
- ``on_post_build`` writes /api/services.json, the brochure PDFs (setting ``pdf``), the search
  indexes and each page's last change in sitemap.xml, and saves the caches.
- ``on_serve`` rebuilds when a file in data/ is saved (never when one is read) and puts the
  handbook's parts around MkDocs' server (``served.py``: a Finnish error page while a build
  fails, a live reload the pages' Content-Security-Policy allows, the search index and the
  caches after the reload).
- ``on_page_markdown`` lets a page converted before from the same Markdown skip conversion
  (``preview.py``: a build cache); while serving, a page's theme output and the result of its
  one walk in ``on_post_page`` are kept between rebuilds too. A build that finds few
  conversions kept converts the last pages in a forked helper, started at the end of
  ``on_files``; every build renders the last pages in another, and makes the search index in a
  third (``parallel.py``).

The menu is data (``data/navigation.yml``): ``on_files`` sets MkDocs' ``nav`` from it, with
every generated page placed under its index page (``pages/navigation.py``). A project without
that file (the test fixtures) keeps ``nav`` of mkdocs.yml, and its generated pages are marked
as not in the navigation (reached from their index pages).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

from ..checks.runner import GUARDED, content_problems
from ..core import cache, safe_html
from ..core.problems import HandbookError, Problem
from ..core.settings import Settings
from ..data.site import load_site
from ..pages.brochures import write_pdfs
from ..pages.generated import DOCS_DIR, all_generated_pages, docs_pages
from ..pages.history import last_changed, read_history
from ..pages.navigation import mkdocs_nav
from ..pages.open_data import services_document
from ..search.finnish import check_available as check_voikko
from ..search.finnish import hyphenation
from ..search.index import PageText, index_files, search_keywords, sections_of, write_indexes
from .csp import meta_policy
from .output_check import SCRIPTABLE, WALKED, copied_files, sitemap_problems, traced
from .page_html import PageHtml
from .parallel import ParallelConversion, ParallelIndex, ParallelRendering
from .preview import CONVERSIONS, Conversions, Renders, ThemeListing
from .served import PreviewServer
from .sitemap import write_sitemap_dates

GENERATED_FROM = re.compile(r"^generated_from: (\S+)$", re.M)
LOG = logging.getLogger("mkdocs.hooks.handbook")
ADDRESS_NOTE = ("Huomio: käsikirjan osoite (site_url) on %s. Esitteiden osoitteet ja QR-koodit, "
                "sivujen kanoniset osoitteet ja sivukartta eivät osoita oikeaan käsikirjaan. "
                "Julkaisupalvelin käyttää omaa osoitettaan (SITE_URL palvelimen asetuksissa); "
                "paikallisesti: SITE_URL=https://… mkdocs build.")
SEARCH_BOX = "partials/search.html"
SEARCH_SCRIPT = "assets/search.js"
GUARDS_SHARE = 0.2  # the content guards with nothing kept take a fifth of the conversions' time
MATERIAL_INDEX = "search/search_index.json"


class Builder:
    """One per MkDocs process; ``mkdocs serve`` keeps it across rebuilds."""

    def __init__(self):
        self.settings: Settings | None = None
        self.own_search = True  # the theme has the handbook's search box (on_config)
        self.history: list | None = None  # this build's git history, read once in on_files
        self.keywords: dict[str, list[str]] = {}  # search keywords by page URL
        self.texts: list[PageText] = []  # every indexed page's content, for the search index
        self.sources: dict[str, str | None] = {}  # page URL → its source file, for the sitemap
        self.conversions = Conversions()
        self.converting = ParallelConversion(CONVERSIONS)  # helper processes (parallel.py)
        self.rendering = ParallelRendering(self._mark, self._collect, self._merge)
        self.indexing = ParallelIndex()
        self.renders = Renders()
        self.listing = ThemeListing()
        self.served = PreviewServer()  # mkdocs serve's rebuilds, error page and live reload
        self.address_noted = False  # the placeholder address is told once per process
        self.html = PageHtml(hyphenation, nonce=secrets.token_hex(12))  # the one walk per page
        self.refused: list[Problem] = []  # what the output allowlist found in this build
        self.copied: list[tuple[str, str]] = []  # files from docs/ a browser could run: checked
        self.dirty = False

    def startup(self, command: str, dirty: bool) -> None:
        self.dirty = dirty  # mkdocs serve --dirty: MkDocs keeps the last build's files
        self.renders.serving = self.listing.serving = command == "serve"

    def config(self, config):
        self.settings = Settings.from_config(config)
        if self.settings.placeholder_address and not self.address_noted:
            # Information, not a warning: a strict local build must not fail for it.
            LOG.info(ADDRESS_NOTE, self.settings.site_url or "asettamatta")
            self.address_noted = True
        load_site(self.settings.root)  # stop at once, before anything is built, if the data is bad
        check_voikko()  # and if the search index could not be made
        self.own_search = (Path(config.theme.custom_dir or "") / SEARCH_BOX).is_file()
        config.extra["content_security_policy"] = meta_policy()  # overrides/main.html
        config.extra["search_script"] = search_script(Path(config.docs_dir))  # SEARCH_BOX
        self.listing.attach(config)  # while serving: the installed theme listed once
        return config

    def pre_build(self, config) -> None:
        """While serving, a rebuild writes over the last one's files instead of MkDocs'
        cleaning the folder, and then deletes what it did not write (``served.py``)."""
        if self.served.installed and not self.dirty:
            self.served.prepare(config.site_dir)

    def env(self, env, config, files):
        """Compiled theme templates are kept between builds and rebuilds (Jinja compares each
        template's source checksum before using them); while serving, so is each page's
        output, by everything the theme reads (``preview.Renders``). A build renders the
        last pages in a forked helper, and another makes the search index meanwhile: every
        page's content is known (``parallel.py``)."""
        self.rendering.install(files, self._parallel)
        if self.own_search:
            self.indexing.start(list(files.documentation_pages()),
                                lambda: self._write_index(Path(config.site_dir)), self._parallel)
        return self.renders.attach(cache.THEME.attach(env), config)

    def files(self, files, config):
        root, settings = self.settings.root, self.settings
        site = load_site(root)
        self.history = read_history(root, limit=None)  # read once; post_build uses it too
        docs = docs_pages(root)
        generated = all_generated_pages(root, site, config.site_url or "", self.history, docs,
                                        settings.pdf)
        self.keywords = search_keywords(site, docs)
        self.texts, self.sources, self.refused = [], {}, []
        for file in files.documentation_pages():
            file.edit_uri = f"{DOCS_DIR}/{file.src_uri}"  # edit links are relative to the repository
            self.sources[file.url] = file.edit_uri
        placed = InclusionLevel.NOT_IN_NAV
        if site.navigation is not None:  # the editors' menu, with every page placed in it
            config.nav = mkdocs_nav(site.navigation, {**generated, **docs})
            placed = InclusionLevel.INCLUDED
        docs_dir = Path(config.docs_dir).resolve()
        self.copied = [(f"{DOCS_DIR}/{file.src_uri}", file.dest_uri) for file in files
                       if not file.is_documentation_page() and file.abs_src_path
                       and file.dest_uri.lower().endswith(SCRIPTABLE + WALKED)
                       and Path(file.abs_src_path).resolve().is_relative_to(docs_dir)]
        for src, content in generated.items():
            existing = files.get_file_from_path(src)
            if existing is not None:
                files.remove(existing)
            page = File.generated(config, src, content=content, inclusion=placed)
            source = GENERATED_FROM.search(content)
            page.edit_uri = source.group(1) if source and "/" in source.group(1) else None
            self.sources[page.url] = page.edit_uri
            files.append(page)
        # the pages are known: a first build's helper converts the last of them meanwhile
        busy = GUARDS_SHARE if GUARDED.size() == 0 else 0.0  # no guard findings kept: cold
        self.converting.start(config, files, self._parallel, busy)
        problems = content_problems(root, site, generated, docs)
        if problems:
            raise HandbookError(problems)
        return files

    @property
    def _parallel(self) -> bool:
        return self.settings.parallel and not self.renders.serving

    def page_markdown(self, markdown, page, config, files):
        """A page whose Markdown was converted before reuses that conversion (``preview.py``).
        The description is written into an attribute by Material: quotes and brackets escaped."""
        if isinstance(page.meta.get("description"), str):
            page.meta["description"] = safe_html.attribute(page.meta["description"])
        self.converting.before(page)
        self.conversions.remember(markdown, page, config, files)
        return markdown

    def page_content(self, html, page):
        """The content Markdown made, between this build's markers, for ``post_page``; the
        same content for the handbook's own search index; and Material's search plugin told to
        skip the page (its index is not used, and its HTML parser took a sixth of the build).
        The walk in ``post_page`` changes no text of the content, and a page it refuses stops
        the build."""
        search = page.meta.get("search") or {}
        if self.own_search and not search.get("exclude"):
            self.texts.append(PageText(html, page.url, page.title or ""))
            page.meta["search"] = {**search, "exclude": True}
        start, end = self.html.markers()
        return f"{start}{html}{end}"

    def post_page(self, output, page):
        """The page walked once (``page_html.PageHtml``): in its content, the first use of each
        abbreviation focusable (docs/assets/handbook.css shows it on focus), task-list
        checkboxes labelled, table alignment as a class (the Content-Security-Policy allows no
        style attributes), every phone number in the text a tel: link, each heading's
        permalink named by its heading in the page's language and, on Finnish pages, soft
        hyphens in the long words of headings and card titles; Material's own markup made
        valid and accessible (``html_fixes.theme_tag``); menu links to pages in the other
        language marked with ``lang`` (``nav_lang.py``); and every tag checked against the
        output allowlist. A refused page is not written, and the build stops after the last
        page with every finding."""
        language = page.meta.get("lang") or "fi"
        html, findings = self.renders.walk(
            output, (language, page.url),
            lambda: self.html.run(output, language, url=page.url)[:2])
        if findings:
            self.refused += traced(findings, self.sources.get(page.file.url), self.settings.root,
                                   page.url)
            return ""
        return html

    def post_template(self, output, template_name):
        """The same walk for the pages rendered from templates alone (404.html)."""
        if not template_name.endswith(".html"):
            return output
        html, findings, _ = self.html.run(output)
        if findings:
            self.refused += traced(findings, None, self.settings.root, template_name)
            return ""
        return html

    def _mark(self) -> dict:
        """Where the findings are as a rendering helper starts (``parallel.py``)."""
        return {"refused": len(self.refused)}

    def _collect(self, mark: dict) -> dict:
        """What the helper's pages added to the findings, as JSON data."""
        return {"refused": [[p.path, p.line, p.field, p.message]
                            for p in self.refused[mark["refused"]:]]}

    def _merge(self, found: dict) -> None:
        """The helper's ``_collect``, after this process's pages (the order of one process)."""
        self.refused += [Problem(*entry) for entry in found["refused"]]

    def post_build(self, config):
        """Files that are not pages: /api/services.json, the search indexes, and real
        last-modified dates in the sitemap."""
        self.rendering.uninstall()
        site_dir = Path(config.site_dir)
        self.refused += copied_files(self.html, self.settings.root, site_dir, self.copied)
        if self.refused:
            raise HandbookError(self.refused)
        site = load_site(self.settings.root)
        api = site_dir / "api" / "services.json"
        api.parent.mkdir(parents=True, exist_ok=True)
        api.write_text(json.dumps(services_document(site, config.site_url or ""),
                                  ensure_ascii=False, indent=1), encoding="utf-8")
        if self.settings.pdf:
            write_pdfs(site, config.site_url or "", site_dir)
        if self.own_search:
            (site_dir / MATERIAL_INDEX).unlink(missing_ok=True)  # empty: every page was excluded
        if self.history:
            write_sitemap_dates(site_dir, config.site_url or "", self.sources,
                                last_changed(self.history), self.history[0].day)
        refused = sitemap_problems(site_dir)
        if refused:
            raise HandbookError(refused)
        self.renders.next_rebuild()
        if self.served.installed:  # a rebuild while serving: no page waits for these
            self.served.sweep()
            if self.own_search:
                self.served.later(lambda texts=self.texts, keywords=self.keywords:
                                  search_files(texts, keywords))
            self.served.later(cache.save_all)
            return
        if self.own_search and not self.indexing.done():  # done: the helper wrote the index
            self._write_index(site_dir)
        cache.save_all()

    def _write_index(self, site_dir: Path) -> None:
        """The search indexes made from every page's content and written to the site."""
        write_indexes(site_dir, index_files(sections_of(self.texts), self.keywords))

    def build_error(self, error) -> None:
        """While serving, the preview server says what failed, in Finnish, and shows it in the
        browser (``served.py``)."""
        self.converting.stop()
        self.rendering.uninstall()
        self.indexing.stop()
        self.served.stopped(error)

    def serve(self, server):
        """Rebuild when a file in data/ is saved, created, moved or deleted, and never when one
        is only read: every build reads data/, and `check` or an editor opening a file reads it
        too. MkDocs polls its watched folders every 0.5 s; data/ is watched by the operating
        system's notifications instead (inotify), so a saved YAML file starts the rebuild at
        once. watchdog falls back to polling where notifications are not available."""
        polling = server.observer
        server.observer = changes_observer()
        try:
            server.watch(str(self.settings.root / "data"))
        finally:
            server.observer, notifying = polling, server.observer
        notifying.daemon = True
        notifying.start()
        self.served.install(server)
        return server


def search_script(docs_dir: Path) -> str:
    """search.js's address with its content's digest: a page never gets one kept in the
    browser's cache from before a change (servers keep scripts for an hour)."""
    script = docs_dir / SEARCH_SCRIPT
    if not script.is_file():
        return SEARCH_SCRIPT
    return f"{SEARCH_SCRIPT}?v={cache.digest(script.read_text(encoding='utf-8'))[:12]}"


def search_files(texts: list[PageText], keywords: dict[str, list[str]]) -> dict[str, str]:
    """The search index's files by their path in the site (served from memory while serving)."""
    return {f"search/{path}": text for files in index_files(sections_of(texts), keywords).values()
            for path, text in files.items()}


def changes_observer():
    """A watchdog observer whose watches report only writes, never reads (inotify reports an
    opened file and one closed unwritten too, and MkDocs rebuilds on any event)."""
    import watchdog.events as events  # only `mkdocs serve` needs watchdog
    import watchdog.observers

    writes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileMovedEvent,
              events.FileDeletedEvent, events.FileClosedEvent]

    class ChangesObserver(watchdog.observers.Observer):
        def schedule(self, event_handler, path, **options):
            return super().schedule(event_handler, path, **{**options, "event_filter": writes})

    return ChangesObserver()
