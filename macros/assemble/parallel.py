"""A build on two cores: a forked helper takes the last pages of each of MkDocs' two loops.

MkDocs converts every page (``_populate_page``: macros, Markdown) and then renders every page
with the theme (``_build_page``: the template, ``on_post_page``, the file written), one page
after another in one process. Here a copy of the build, forked when a loop starts, runs the
same MkDocs step for the last pages while this process does the first ones:

- ``ParallelConversion`` (the end of ``on_files``, so that this process runs the content
  guards meanwhile), when few conversions are kept (a first build, new libraries or
  ``preview.py``): the helper makes the navigation as MkDocs would and converts; its
  conversions come back into the store ``preview.CONVERSIONS`` before this process's first
  page of the helper's, and this process's own run of the step finds them there, as a second
  build would.
- ``ParallelRendering`` (``on_env``, every ``mkdocs build``): MkDocs' ``_build_page`` is
  wrapped for this build; the helper writes its pages to the site folder, and this process
  skips them once it has taken the output allowlist's findings and the messages MkDocs logged
  for them (which show here, and fail a strict build as they would).
- ``ParallelIndex`` (``on_env`` too): the pages' search sections are all known once they are
  converted, so a third process makes the search index and writes its files while the two
  render; ``on_post_build`` takes its additions to the caches, or makes the index itself.

From each helper come, as JSON through a pipe, what it added to the build caches
(``core.cache.CACHES``: conversions, diagrams, hyphenations… each checked when read, as from a
cache file) and what the loop gives ``Builder``. Its own output goes to /dev/null. A helper
that fails, is killed or takes longer than ``LIMIT_S`` only costs its time: this process does
its pages itself. A conversion that warned is not kept (``preview._convert``): this process
converts the page again, and the warning shows once, here.

Only ``mkdocs build`` forks: one thread (``mkdocs serve`` runs a server and a watcher beside
the build, and its rebuilds reuse what the last one made), two cores or more, eight pages or
more, and a build module that has the steps (MkDocs 1.6 and ProperDocs do).
``HANDBOOK_PARALLEL=0`` (``extra.handbook.parallel``) turns it off.
"""

from __future__ import annotations

import gc
import importlib
import json
import logging
import os
import select
import signal
import threading
import time
from collections.abc import Callable

from ..core.cache import CACHES, DataStore

LOG = logging.getLogger("mkdocs.hooks.handbook")
LIMIT_S = 600.0  # a helper not done by then is killed, and its pages done here
MIN_PAGES = 8
# What a page costs to convert, in characters of its source (measured on the handbook at 100
# services: 1.8 ms a page and 0.58 µs a character), and what a page the helper converted still
# costs this process (its macros and MkDocs' step around the kept conversion, 0.45 ms).
PAGE_COST, KEPT_COST = 3100, 780


def worth_forking(pages: list, enabled: bool) -> bool:
    return (enabled and threading.active_count() == 1 and len(pages) >= MIN_PAGES
            and len(os.sched_getaffinity(0)) >= 2)


class Helper:
    """One forked helper: its process, the pipe it answers through, the pages it does (by
    source path)."""

    def __init__(self):
        self.pid: int | None = None
        self.pipe: int | None = None
        self.theirs: frozenset[str] = frozenset()

    def fork(self, theirs: list[str], work: Callable[[], None], answer: Callable[[], dict]) -> bool:
        """A helper that does ``work()`` (the pages named by source path in ``theirs``) and
        sends ``answer()`` with what it added to the caches; whether it started."""
        read, write = os.pipe()
        gc.freeze()  # the collector leaves the objects of now alone: fewer pages copied on write
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            os.close(read)
            os.close(write)
            return False
        if pid == 0:  # the helper: never returns
            os.close(read)
            gc.disable()  # a short life: no collection to copy the shared pages
            _helper(work, answer, write)
        gc.unfreeze()
        os.close(write)
        self.pid, self.pipe, self.theirs = pid, read, frozenset(theirs)
        return True

    def has(self, page) -> bool:
        """Whether the running helper does ``page``."""
        return self.pid is not None and page.file.src_uri in self.theirs

    def finish(self) -> dict | None:
        """Wait for the helper (at most ``LIMIT_S`` from now; then it is killed), reap it,
        take what it added to the caches, and return its answer (None if it failed)."""
        pid, pipe = self.pid, self.pipe
        self.pid = self.pipe = None
        if pid is None or pipe is None:
            return None
        chunks, deadline = [], time.monotonic() + LIMIT_S
        with os.fdopen(pipe, "rb", buffering=0) as stream:
            while (left := deadline - time.monotonic()) > 0 and select.select([stream], [], [], left)[0]:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            else:
                chunks = []  # out of time
        if not chunks:
            _kill(pid)
        if os.waitpid(pid, 0)[1] != 0 or not chunks:
            return None
        try:
            found = json.loads(b"".join(chunks))
        except ValueError:
            return None
        if not isinstance(found, dict):
            return None
        CACHES.adopt(found.get("caches"))
        return found

    def stop(self) -> None:
        """The build failed: a helper still running is killed and reaped."""
        if self.pid is not None:
            _kill(self.pid)
            os.waitpid(self.pid, 0)
            os.close(self.pipe)
            self.pid = self.pipe = None


class ParallelConversion:
    """The first loop's helper, when the store keeps conversions for fewer than half of the
    pages. It starts at the end of ``on_files``, so that it converts while this process runs
    the content guards, and then does what MkDocs does next: the navigation, ``on_nav``, and
    MkDocs' step on its pages."""

    def __init__(self, store: DataStore):
        self.store, self.helper = store, Helper()

    def start(self, config, files, enabled: bool = True, busy: float = 0.0) -> bool:
        """``busy``: this process's work meanwhile (the content guards), as a share of the
        pages' conversion; the helper takes that much more."""
        docs = list(files.documentation_pages())
        module = _module(docs[0]) if docs else None
        if (module is None or not worth_forking(docs, enabled)
                or self.store.size() >= len(docs) // 2):
            return False
        theirs = [file.src_uri for file in docs[_split(docs, busy):]]

        def work():
            wanted = set(theirs)
            module.set_exclusions(files, config)
            nav = module.get_navigation(files, config)
            config.plugins.on_nav(nav, config=config, files=files)
            for file in files.documentation_pages(inclusion=module.InclusionLevel.is_included):
                if file.src_uri in wanted:
                    if file.page is None:
                        module.Page(None, file, config)
                    module._populate_page(file.page, config, files)

        if not self.helper.fork(theirs, work, dict):
            return False
        LOG.debug("a helper process converts %d pages", len(theirs))
        return True

    def before(self, page) -> None:
        """Before a page's conversion is looked up: at the helper's first page, its
        conversions are taken."""
        if self.helper.has(page):
            found = self.helper.finish()
            if found is not None:
                LOG.debug("the helper process converted %d pages", len(self.helper.theirs))

    def stop(self) -> None:
        self.helper.stop()


class ParallelRendering:
    """The second loop's helper. ``Builder`` says what it learns of pages: ``mark()`` where
    its lists are as the helper starts, ``collect(mark)`` what the helper's pages added to
    them, and ``merge(found)`` adds that to this process's."""

    def __init__(self, mark: Callable[[], dict], collect: Callable[[dict], dict],
                 merge: Callable[[dict], None]):
        self.mark, self.collect, self.merge = mark, collect, merge
        self.helper = Helper()
        self._module, self._original = None, None

    def install(self, files, enabled: bool = True) -> bool:
        """Wrap MkDocs' ``_build_page`` for this build (``uninstall`` puts it back)."""
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        module = _module(pages[0]) if pages else None
        if module is None or not worth_forking(pages, enabled):
            return False
        self._module, self._original = module, module._build_page
        state = {"forked": False, "skip": False}
        original = self._original

        def build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
            if not state["forked"]:
                state["forked"] = True
                theirs = [file.page for file in doc_files][len(doc_files) // 2:]

                def work():
                    for other in theirs:
                        original(other, config, doc_files, nav, env, dirty,
                                 excluded=other.file.inclusion.is_excluded())

                mark = self.mark()
                names = [other.file.src_uri for other in theirs]
                if self.helper.fork(names, work, lambda: self.collect(mark)):
                    LOG.debug("a helper process renders %d pages", len(theirs))
            if self.helper.has(page):
                found = self.helper.finish()
                state["skip"] = found is not None
                if found is not None:
                    relog(found.get("messages"))
                    self.merge(found)
                    LOG.debug("the helper process rendered %d pages", len(self.helper.theirs))
            if state["skip"] and page.file.src_uri in self.helper.theirs:
                return None
            return original(page, config, doc_files, nav, env, dirty, excluded)

        module._build_page = build_page
        return True

    def uninstall(self) -> None:
        self.helper.stop()
        if self._module is not None:
            self._module._build_page = self._original
            self._module = self._original = None


class ParallelIndex:
    """The search index's helper: ``work()`` (the index made and written) beside the pages'
    rendering, from the sections this process has when it forks."""

    def __init__(self):
        self.helper = Helper()

    def start(self, pages: list, work: Callable[[], None], enabled: bool = True) -> bool:
        if not worth_forking(pages, enabled) or not self.helper.fork([], work, dict):
            return False
        LOG.debug("a helper process writes the search index")
        return True

    def done(self) -> bool:
        """Whether the helper did its work (then its additions to the caches are taken)."""
        if self.helper.finish() is None:
            return False
        LOG.debug("the helper process wrote the search index")
        return True

    def stop(self) -> None:
        self.helper.stop()


# What the helpers use of MkDocs' (or ProperDocs') build module: its two steps and what MkDocs
# calls between on_files and the first step.
NEEDED = ("_populate_page", "_build_page", "set_exclusions", "get_navigation", "Page",
          "InclusionLevel")


def _module(thing):
    """The build module of the engine that made ``thing`` (a File or a Page), if it has all
    that the helpers use."""
    package = type(thing).__module__.split(".", 1)[0]
    try:
        module = importlib.import_module(f"{package}.commands.build")
    except ImportError:
        return None
    return module if all(hasattr(module, name) for name in NEEDED) else None


def _split(files: list, busy: float = 0.0) -> int:
    """Where the helper's conversions start: the last pages, as many as make its work as long
    as this process's (which also takes the helper's pages through MkDocs' step, converted,
    and is ``busy`` a share of the conversions' time with other work)."""
    costs = [PAGE_COST + (len(file.content_string) if file.abs_src_path is None
                          else os.path.getsize(file.abs_src_path)) for file in files]
    mine, theirs, start = sum(costs) * (1 + busy), 0, len(files)
    while start > 1:
        cost = costs[start - 1]
        if theirs + cost > mine - cost + KEPT_COST * (len(files) - start + 1):
            break
        start -= 1
        theirs, mine = theirs + cost, mine - cost
    return start


class _Messages(logging.Handler):
    """What the helper's pages log (information and up), to be logged again by the build."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[list] = []

    def emit(self, record):
        self.records.append([record.name, record.levelno, record.getMessage()])


def _helper(work: Callable[[], None], answer: Callable[[], dict], write: int) -> None:
    """The forked process: the work, then the answer and the caches' additions through the
    pipe; exits."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        mark = CACHES.mark()
        messages = _Messages()
        logging.getLogger("mkdocs").addHandler(messages)
        work()
        found = {**answer(), "caches": CACHES.additions(mark), "messages": messages.records}
        with os.fdopen(write, "wb") as stream:
            stream.write(json.dumps(found).encode("utf-8"))
        code = 0
    except BaseException:  # noqa: BLE001 - this process does the pages again, and reports
        pass
    finally:
        os._exit(code)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def relog(messages: object) -> None:
    """Log again, in this process, what the helper's pages logged."""
    for entry in messages if isinstance(messages, list) else ():
        if (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)
                and type(entry[1]) is int and isinstance(entry[2], str)):
            # the text itself as the message, no arguments: MkDocs' DuplicateFilter compares
            # messages before formatting ("%s" would hide every one after the first)
            logging.getLogger(entry[0]).log(entry[1], entry[2])
