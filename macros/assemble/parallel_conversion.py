"""A first build converts its pages on two cores.

Converting Markdown is most of a build that finds no conversions kept (``preview.py``): a new
clone, a new version of the Markdown libraries or of ``preview.py``. Then, once MkDocs has its
list of pages (``on_nav``), the build forks: the copy (the helper) runs MkDocs' own step for
the second half of the pages (macros, Markdown, ``on_page_markdown``, which keeps each
conversion in ``CONVERSIONS``) while this process does the first half. Before its first page
of the second half, the build takes the helper's conversions from a pipe, as JSON text, into
``CONVERSIONS`` (``DataStore.adopt``), where each is checked when it is read, as one from the
cache folder is; its own run of the step then finds them, as a second build would.

Nothing else comes back: the helper's output goes to /dev/null, its warnings, errors and every
other result with it. A page whose conversion warned is not kept (``preview._convert``), so
this process converts it again and the warning shows here; a helper that fails, is killed or
is slow only costs its time, since this process converts whatever did not come back.

Only ``mkdocs build`` forks (one thread; ``mkdocs serve`` runs a server and a watcher beside
the build, and its rebuilds find the conversions kept anyway), on a machine with two cores or
more, and when MkDocs' build module has the step (``_populate_page``; ProperDocs' has it too).
``HANDBOOK_PARALLEL=0`` (``extra.handbook.parallel``) turns it off.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import select
import signal
import threading
import time

from ..core.cache import DataStore

LOG = logging.getLogger("mkdocs.hooks.handbook")
LIMIT_S = 600.0  # a helper not done by then is not waited for
# What a page costs to convert, in characters of its source (measured on the handbook at 100
# services: 1.8 ms a page and 0.58 µs a character), and what a page the helper converted still
# costs this process (its macros and MkDocs' step around the kept conversion, 0.45 ms).
PAGE_COST, KEPT_COST = 3100, 780


class ParallelConversion:
    """The helper of one build: its process, the pipe its conversions come through, and the
    pages it converts (by source path)."""

    def __init__(self, store: DataStore):
        self.store = store
        self.pid: int | None = None
        self.pipe: int | None = None
        self.theirs: frozenset[str] = frozenset()

    def start(self, config, files, enabled: bool = True) -> bool:
        """Fork the helper when it pays (see the module's docstring); whether it started."""
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        step = _populate_step(pages[0]) if pages else None
        if (not enabled or step is None or threading.active_count() > 1
                or len(os.sched_getaffinity(0)) < 2 or len(pages) < 8
                or self.store.size() >= len(pages) // 2):
            return False
        return self.fork(pages[_split(pages):], lambda page: step(page, config, files))

    def fork(self, theirs: list, step) -> bool:
        """A helper that runs ``step`` on each of ``theirs`` (pages) and sends what the store
        made; whether it started."""
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return False
        if pid == 0:  # the helper: never returns
            os.close(read)
            _helper(step, theirs, self.store, write)
        os.close(write)
        self.pid, self.pipe = pid, read
        self.theirs = frozenset(page.file.src_uri for page in theirs)
        LOG.debug("a helper process converts %d pages", len(theirs))
        return True

    def before(self, page) -> None:
        """Called for each page before its conversion is looked up: the first of the helper's
        pages waits for the helper and takes its conversions."""
        if self.pid is not None and page.file.src_uri in self.theirs:
            self.finish()

    def finish(self) -> None:
        """Read what the helper sent, reap it, and adopt its conversions (if it finished in
        ``LIMIT_S``; else it is killed)."""
        pid, pipe = self.pid, self.pipe
        self.pid = self.pipe = None
        if pid is None or pipe is None:
            return
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
            return
        try:
            found = json.loads(b"".join(chunks))
        except ValueError:
            return
        if isinstance(found, dict):
            self.store.adopt(found)
            LOG.debug("the helper process converted %d pages", len(found))

    def stop(self) -> None:
        """The build failed: the helper, if it still runs, is killed and reaped."""
        if self.pid is not None:
            _kill(self.pid)
            os.waitpid(self.pid, 0)
            os.close(self.pipe)
            self.pid = self.pipe = None


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _split(pages: list) -> int:
    """Where the helper's pages start: the last pages, as many as make its work as long as
    this process's (which also takes the helper's pages through MkDocs' step, converted)."""
    costs = [PAGE_COST + (len(page.file.content_string) if page.file.abs_src_path is None
                          else os.path.getsize(page.file.abs_src_path)) for page in pages]
    mine, theirs, start = sum(costs), 0, len(pages)
    while start > 1:
        cost = costs[start - 1]
        if theirs + cost > mine - cost + KEPT_COST * (len(pages) - start + 1):
            break
        start -= 1
        theirs, mine = theirs + cost, mine - cost
    return start


def _populate_step(page):
    """MkDocs' (or ProperDocs') step that reads, renders and converts one page, or None."""
    package = type(page).__module__.split(".", 1)[0]
    try:
        module = importlib.import_module(f"{package}.commands.build")
    except ImportError:
        return None
    return getattr(module, "_populate_page", None)


def _helper(step, pages, store: DataStore, write: int) -> None:
    """The forked process: convert ``pages``, send what ``store`` made, exit."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        for page in pages:
            step(page)
        with os.fdopen(write, "wb") as stream:
            stream.write(json.dumps(store.made()).encode("utf-8"))
        code = 0
    except BaseException:  # noqa: BLE001 - the build itself reports every error
        pass
    finally:
        os._exit(code)
