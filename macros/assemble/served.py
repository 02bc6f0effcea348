"""``mkdocs serve`` as an editor uses it: the preview answers at once, also while a build fails.

MkDocs' development server (``mkdocs.livereload.LiveReloadServer``) rebuilds on every saved
file, and then:

- after a failed rebuild, every request waits until a later rebuild succeeds (the browser
  spins), and the server prints "The server will appear stuck until build errors are
  resolved", in English; its log also drops a message it printed before, so the same mistake
  made again later in the session printed only "Aborted with a BuildError!";
- its live reload is an inline ``<script>`` added to every page, which the pages' own
  Content-Security-Policy (``csp.py``, no inline script) blocks: the browser never reloaded.

``PreviewServer.install`` (the hooks' ``on_serve``) puts its own parts around that server:

- **the build**: each rebuild runs through ``build``. A failed one logs its problems in Finnish
  with what to do, every time, and from then on every page request is answered at once with a
  Finnish error page listing the problems (file:line and fix, escaped: they quote the editors'
  text) until a rebuild succeeds; the browsers are told to reload, so an open page shows it.
  MkDocs' own copy of the message is left out of the log (``_drop_told``).
- **the live reload**: a script file (``RELOAD_PATH``) instead of MkDocs' inline script, on
  every page and on the error page: it waits on MkDocs' own ``/livereload/`` address and
  reloads when a newer build is there, so the error page turns into the fixed page by itself.
- **the site folder**: a rebuild writes over the last one's files instead of MkDocs' cleaning
  the folder first (``keep_in_place``; a file written over keeps its inode, and creating one
  is slow on some file systems: a page's folder and file took 1 ms here), and then deletes
  what it did not write (``sweep``: a page deleted or moved). After a failed rebuild, the next
  one starts from an empty folder, with the old files set aside in one rename each.
- **the wait before a rebuild**: 0.03 s without a new change (``SETTLE_S``), not MkDocs'
  0.1 s: a save's events come together, and the rest of the wait only delayed the page.
- **work after the reload** (``later``): what no page needs to be shown, the search index and
  saving the build caches, runs once the rebuilt pages are served, in a thread the next
  rebuild waits for; then Python's full garbage collection, which a rebuild skips
  (``before_rebuild`` freezes what is alive before it). The search files are then served
  from memory (``files``): a search in the browser waits for them, so it never gets an old
  or half-written index.

The error page sends its own strict Content-Security-Policy (``ERROR_POLICY``): its script and
style are files of this server, nothing inline, nothing from elsewhere.
"""

from __future__ import annotations

import gc
import html
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import mkdocs.utils as mkdocs_utils

from ..core.problems import HandbookError, problems_count

LOG = logging.getLogger("mkdocs.hooks.handbook")
RELOAD_PATH = "/livereload/kasikirja.js"  # beside MkDocs' /livereload/<epoch>/<id>, never a page
STYLE_PATH = "/livereload/kasikirja.css"
ICON_PATH = "/livereload/kasikirja.svg"  # else the browser asks for /favicon.ico, which is no file
ERROR_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SHOWN = 200  # problems on the error page (the terminal lists every one)
LONGEST = 2000  # characters of one problem on the error page
WAITING = 60  # seconds a request for the search index waits for it to be made
# Seconds without a new change before a rebuild starts (MkDocs waits 0.1 s). The events of one
# save (a file written, or a temporary file renamed over it) come within a millisecond or two
# of each other, from inotify on data/; MkDocs' polling of docs/ reports its changes at once.
SETTLE_S = 0.03

FAILED_LOG = ("Esikatselu ei päivittynyt. Korjaa virhe ja tallenna tiedosto: selain näyttää "
              "siihen asti virhesivun, jossa ovat samat virheet, ja päivittyy itsestään, kun "
              "virhe on korjattu.")
WARNINGS_HEAD = "Käsikirjaa ei voitu rakentaa, koska rakennus varoitti:"
UNEXPECTED_HEAD = ("Käsikirjaa ei voitu rakentaa odottamattoman virheen vuoksi (kerro siitä "
                   "käsikirjan ylläpitäjälle):")

# MkDocs' live reload script (mkdocs/livereload/__init__.py), as a file: the epoch comes from
# the script element's data-epoch attribute.
RELOAD_SCRIPT = b"""\
(function () {
  "use strict";
  var epoch = Number(document.currentScript.getAttribute("data-epoch")), id = Date.now();
  var request, timer;
  function poll() {
    request = new XMLHttpRequest();
    request.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timer = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    request.open("GET", "/livereload/" + epoch + "/" + id);
    request.send();
  }
  function stop() {
    if (request) { request.abort(); }
    if (timer) { clearTimeout(timer); }
    request = timer = undefined;
  }
  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") { poll(); }
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { poll(); } else { stop(); }
  });
  window.addEventListener("beforeunload", stop);
})();
"""
ERROR_ICON = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
              b'<circle cx="8" cy="8" r="8" fill="#8b0000"/></svg>')
ERROR_STYLE = b"""\
body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; color: #1d1d1d; background: #fff; }
main { max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; color: #8b0000; }
li { margin: 0.75rem 0; overflow-wrap: anywhere; }
code { font-family: ui-monospace, monospace; background: #f2f2f2; padding: 0 0.2em; }
"""


def reload_tag(epoch: int) -> bytes:
    return b'<script src="%s" data-epoch="%d"></script>' % (RELOAD_PATH.encode(), epoch)


def error_page(head: str, lines: list[str], epoch: int) -> bytes:
    """The Finnish page every page request gets while the build fails. ``lines`` quote the
    editors' text: everything is escaped, and the page has no inline script or style."""
    shown = [line if len(line) <= LONGEST else f"{line[:LONGEST]}…" for line in lines[:SHOWN]]
    items = []
    for line in shown:
        where, colon, rest = line.partition(": ")
        where_html = f"<code>{html.escape(where)}</code>{colon}" if colon else html.escape(where)
        items.append(f"<li>{where_html}{html.escape(rest)}</li>")
    if len(lines) > SHOWN:
        items.append(f"<li>… ja {len(lines) - SHOWN} muuta (kaikki näkyvät pääteikkunassa)</li>")
    body = "\n".join(items)
    return (f"""<!doctype html>
<html lang="fi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Virhe: esikatselu ei päivittynyt</title>
<link rel="icon" href="{ICON_PATH}" type="image/svg+xml">
<link rel="stylesheet" href="{STYLE_PATH}">
</head>
<body>
<main>
<h1>Esikatselu ei päivittynyt</h1>
<p>{html.escape(head)}</p>
<ol>
{body}
</ol>
<p>Korjaa virhe ja tallenna tiedosto. Tämä sivu päivittyy itsestään, kun virhe on korjattu.
Samat virheet näkyvät myös pääteikkunassa, jossa esikatselu on käynnissä.</p>
</main>
""".encode() + reload_tag(epoch) + b"\n</body>\n</html>\n")


class _Records(logging.Handler):
    """The warnings and errors MkDocs logs during one build (strict mode stops on warnings)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        if not record.name.startswith("mkdocs.hooks.handbook"):
            self.messages.append(record.getMessage())


class PreviewServer:
    """Installed on MkDocs' server by ``on_serve``; one per ``mkdocs serve`` process."""

    def __init__(self):
        self.installed = False
        self.error: Exception | None = None  # the error of the build being stopped (on_build_error)
        self.failure: tuple[str, list[str]] | None = None  # the last build's problems, if it failed
        self.files: dict[str, bytes] = {}  # made after the reload and served from memory, by URL path
        self._server = None
        self._build: Callable[[], None] = lambda: None
        self._app: Callable = lambda environ, start_response: []
        self._later: list[Callable[[], dict[str, str] | None]] = []
        self._old: list[Path] = []  # the last build's files, set aside (set_aside)
        self._kept: tuple[Path, int] | None = None  # the folder written over, and since when
        self._clean_next = False  # the last rebuild failed: the next one starts empty
        self._worker: threading.Thread | None = None
        self._ready = threading.Event()
        self._ready.set()

    def install(self, server) -> None:
        self._server = server
        self._build, server.builder = server.builder, self.build
        server.build_delay = SETTLE_S
        self._app = server.get_app()
        server.set_app(self.app)
        server._inject_js_into_html = self._inject
        logging.getLogger("mkdocs.commands.build").addFilter(self._drop_told)
        self.own_cleaning()
        self.installed = True

    def own_cleaning(self) -> None:
        """MkDocs' cleaning of the site folder skips a folder kept in place (``keep_in_place``)."""
        clean = mkdocs_utils.clean_directory  # MkDocs' build calls it through the module

        def clean_directory(directory: str) -> None:
            if self._kept is None or Path(directory) != self._kept[0]:
                clean(directory)

        mkdocs_utils.clean_directory = clean_directory

    # --- the build ---------------------------------------------------------------------------

    def later(self, work: Callable[[], dict[str, str] | None]) -> None:
        """Run ``work`` after this rebuild's pages are served; a dict it returns (URL path →
        text) is served from memory from then on."""
        self._later.append(work)

    def prepare(self, site_dir: str) -> None:
        """Before MkDocs cleans the site folder: written over (``keep_in_place``), or, after a
        failed rebuild, emptied (``set_aside``)."""
        if self._clean_next:
            self._clean_next = False
            self.set_aside(site_dir)
        else:
            self.keep_in_place(site_dir)

    def keep_in_place(self, site_dir: str) -> None:
        """This rebuild writes over the last one's files: MkDocs' cleaning leaves the folder
        alone (``install``), and ``sweep`` deletes what the rebuild did not write."""
        folder = Path(site_dir)
        if folder.is_dir():
            with tempfile.TemporaryFile(dir=folder) as probe:  # the file system's clock
                self._kept = (folder, os.fstat(probe.fileno()).st_mtime_ns)

    def sweep(self) -> None:
        """After a rebuild that wrote over the last one's files: delete those it did not
        write, older than it (a page deleted or moved, the search files now served from
        memory), and the folders left empty. Hidden entries of the folder stay, as MkDocs'
        cleaning leaves them."""
        if self._kept is None:
            return
        (folder, since), self._kept = self._kept, None
        for parent, folders, files in os.walk(folder, topdown=False):
            inside = Path(parent).relative_to(folder).parts
            if inside and inside[0].startswith("."):
                continue  # in a hidden folder of the site folder
            if not inside:
                files = [name for name in files if not name.startswith(".")]
                folders = [name for name in folders if not name.startswith(".")]
            for name in files:
                path = os.path.join(parent, name)
                if os.lstat(path).st_mtime_ns < since:
                    os.unlink(path)
            for name in folders:
                path = os.path.join(parent, name)
                if not os.path.islink(path) and not os.listdir(path):
                    os.rmdir(path)

    def set_aside(self, site_dir: str) -> None:
        """Move the last build's files out of the site folder (one rename each, into a folder
        beside it), so that MkDocs' cleaning of the folder finds nothing to delete: they are
        deleted after the reload. Hidden entries stay, as MkDocs' cleaning leaves them."""
        folder = Path(site_dir)
        entries = [entry for entry in folder.iterdir() if not entry.name.startswith(".")]
        if not entries:
            return
        old = Path(tempfile.mkdtemp(prefix=f"{folder.name}-vanha-", dir=folder.parent))
        self._old.append(old)
        for entry in entries:
            entry.rename(old / entry.name)

    def stopped(self, error: Exception) -> None:
        """on_build_error: the error MkDocs is about to log and turn into its own Abort. The
        folder may hold what this build wrote and the last one's files: the next starts empty."""
        self.error = error
        self._kept, self._clean_next = None, True

    def before_rebuild(self) -> None:
        """The last rebuild's work after the reload done; then every object alive now (the
        caches, the last rebuild's pages) frozen for Python's collector: its collections
        during the rebuild look only at what the rebuild makes (a full one took 60–90 ms of a
        save here). The work after the reload unfreezes and collects (``_collect``)."""
        self._wait_for_later()
        gc.freeze()

    def build(self) -> None:
        """One rebuild (MkDocs' builder), then the work that waits until pages are served."""
        self.before_rebuild()
        self._ready.clear()  # a search asked for meanwhile waits for this build's index
        self.error, records = None, _Records()
        logging.getLogger("mkdocs").addHandler(records)
        try:
            self._build()
        except Exception as error:  # noqa: BLE001 - every failure gets the Finnish page
            self._later.clear()
            self._failed(self.error or error, records.messages)
            self._start_later()  # deletes what was set aside
            return  # MkDocs then tells the browsers to reload: they get the error page
        finally:
            logging.getLogger("mkdocs").removeHandler(records)
        self.failure = None
        self._start_later()

    def _failed(self, error: Exception, warnings: list[str]) -> None:
        if isinstance(error, HandbookError):
            head = f"Käsikirjan lähteissä on {problems_count(len(error.problems))}:"
            lines = [str(problem) for problem in error.problems]
            LOG.error("%s\n%s", error, FAILED_LOG)
        elif warnings:
            head, lines = WARNINGS_HEAD, warnings
            LOG.error("%s\n%s\n%s", head, "\n".join(lines), FAILED_LOG)
        else:
            head, lines = UNEXPECTED_HEAD, [f"{type(error).__name__}: {error}"]
            LOG.error("%s %s\n%s", head, lines[0], FAILED_LOG, exc_info=error)
        self.failure = (head, lines)

    def _drop_told(self, record: logging.LogRecord) -> bool:
        """MkDocs logs a HandbookError's text once per session (its log drops repeats): the
        build's own Finnish message (``_failed``) says it every time, with what to do."""
        return not (isinstance(self.error, HandbookError) and record.levelno >= logging.ERROR
                    and record.getMessage() == str(self.error))

    def _start_later(self) -> None:
        work, self._later = self._later, []
        old, self._old = self._old, []
        work += [lambda folder=folder: shutil.rmtree(folder, ignore_errors=True) for folder in old]
        self._worker = threading.Thread(target=self._run_later, args=(work,), daemon=True,
                                        name="handbook-after-reload")
        self._worker.start()

    def _run_later(self, work: list[Callable[[], dict[str, str] | None]]) -> None:
        try:
            for step in work:
                made = step()
                if made:
                    self.files = {**self.files, **{path: text.encode("utf-8")
                                                   for path, text in made.items()}}
        except Exception:  # noqa: BLE001 - the preview goes on; the terminal shows what failed
            LOG.exception("Esikatselun haku tai välimuisti jäi päivittämättä.")
        finally:
            self._ready.set()
            _collect()

    def _wait_for_later(self) -> None:
        if self._worker is not None:
            self._worker.join()
            self._worker = None

    # --- the server --------------------------------------------------------------------------

    def _epoch(self) -> int:
        return getattr(self._server, "_visible_epoch", 0)

    def _inject(self, content: bytes, epoch: int) -> bytes:
        """The live reload as a script file (MkDocs adds an inline script, which the pages'
        Content-Security-Policy blocks)."""
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + reload_tag(epoch) + content[end:]

    def app(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == RELOAD_PATH:
            return _respond(start_response, "200 OK", "application/javascript", RELOAD_SCRIPT)
        if path == STYLE_PATH:
            return _respond(start_response, "200 OK", "text/css", ERROR_STYLE)
        if path == ICON_PATH:
            return _respond(start_response, "200 OK", "image/svg+xml", ERROR_ICON)
        failure = self.failure
        if failure is not None and (path.endswith("/") or path.endswith(".html")):
            # 200: MkDocs logs every other status as an English warning in the editor's terminal.
            return _respond(start_response, "200 OK", "text/html; charset=utf-8",
                            error_page(*failure, self._epoch()),
                            [("Content-Security-Policy", ERROR_POLICY)])
        mount = getattr(self._server, "mount_path", "/")
        if path.startswith(f"{mount}search/"):
            self._ready.wait(WAITING)
            found = self.files.get(path[len(mount):])
            if found is not None:
                kind = "application/json" if path.endswith(".json") else "application/octet-stream"
                return _respond(start_response, "200 OK", kind, found)
        return self._app(environ, start_response)


def _collect() -> None:
    """What ``before_rebuild`` froze looked at again, and the last rebuilds' garbage freed."""
    gc.unfreeze()
    gc.collect()


def _respond(start_response, status: str, kind: str, body: bytes,
             headers: list[tuple[str, str]] = ()) -> list[bytes]:
    start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"),
                            *headers])
    return [body]
