"""Build caches: results that depend only on their input, kept between builds.

Each cached result is found by everything it depends on, so a change to the input shows on
the next build; nothing is ever trusted by date or by age:

- Jinja bytecode of the theme's and the page templates (``JinjaCache``): Jinja compares the
  template source's checksum itself; the folder is named by the Jinja, MkDocs and Python
  versions and by the environment's compile options.
- Voikko analyses (``macros/finnish.py``): a word's terms, in a file named by the libvoikko
  version, the dictionary's files and the code of ``finnish.py``.
- Graphviz SVG (``macros/diagram.py``): by the DOT text and the ``dot`` program.
- Parsed data files (``macros/sources.py``) and the content guards' findings
  (``macros/content.py``): by path and text (and the old names looked for).
- QR codes of the brochures (``macros/brochures.py``): by address, segno version and options.

``configure(folder)`` (``define_env``, the first part of a build to read data) puts them in
``Settings.cache_dir``: ``<project>/.cache/handbook`` (git-ignored), or ``HANDBOOK_CACHE_DIR``
(the publishing hook keeps them in SITE_ROOT/cache, since each push is built in a new folder);
with ``HANDBOOK_CACHE=0`` everything stays in memory only, as in tests and tools that
never call ``configure``. ``mkdocs serve`` keeps the same objects in memory between rebuilds.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

_directory: list[Path | None] = [None]  # None: memory only
_stores: list = []  # every JsonStore and PickleStore made, saved together by save_all()


def configure(folder: Path | None) -> Path | None:
    """Keep this build's caches in ``folder`` (``Settings.cache_dir``); None: in memory only."""
    _directory[0] = folder
    return folder


def directory(name: str) -> Path | None:
    """This build's cache folder for one kind of result; None when caching on disk is off."""
    return None if _directory[0] is None else _directory[0] / name


def digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:32]


def write_atomically(path: Path, data: bytes) -> None:
    """Readers (another build at the same time) see the old file or the new one, never half.
    A cache that cannot be written (read-only checkout, full disk) only makes the next build
    slower: the build goes on."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


class JsonStore:
    """A dict kept in memory and, when a cache folder is set, in one JSON file: read on first
    use, written back by ``save`` (with whatever another build wrote meanwhile) if it grew."""

    def __init__(self, name: str, version: str):
        self.name, self.version = name, version
        _stores.append(self)
        self.data: dict = {}
        self._loaded_for: object = self  # the cache folder read (self: none yet)
        self._new = 0

    def _file(self) -> Path | None:
        folder = directory(self.name)
        return None if folder is None else folder / f"{digest(self.version)}.json"

    def _load(self) -> None:
        if self._loaded_for is not _directory[0]:  # first use, or another project's folder
            self._loaded_for = _directory[0]
            path = self._file()
            if path is not None:
                self.data = {**_read_json(path), **self.data}

    def get(self, key: str):
        self._load()
        return self.data.get(key)

    def put(self, key: str, value) -> None:
        self._load()
        self.data[key] = value
        self._new += 1

    def save(self) -> None:
        path = self._file()
        if path is None or not self._new:
            return
        merged = {**_read_json(path), **self.data}
        write_atomically(path, json.dumps(merged, ensure_ascii=False,
                                          separators=(",", ":")).encode("utf-8"))
        self._new = 0


class PickleStore:
    """Results of a pure function by a key made of its inputs, kept in memory and, when a
    cache folder is set, in one file named by ``version`` (what else the results depend on:
    library versions, the code). Kept pickled, so each use gets its own copy. A build keeps
    only the entries it used (``save``, after the build)."""

    def __init__(self, name: str, *version: object):
        self.name, self.version = name, digest(*version)
        _stores.append(self)
        self.kept: dict[str, bytes] = {}
        self.used: dict[str, bytes] = {}
        self._new = False
        self._loaded_for: object = self  # the cache folder read (self: none yet)

    def _file(self) -> Path | None:
        folder = directory(self.name)
        return None if folder is None else folder / f"{self.version}.pickle"

    def get(self, key: str, make):
        if self._loaded_for is not _directory[0]:  # a new build, or another project's folder
            self._loaded_for = _directory[0]
            self.kept = {**self.kept, **_read_pickle(self._file())}
        blob = self.used.get(key) or self.kept.get(key)
        if blob is None:
            blob, self._new = pickle.dumps(make(), pickle.HIGHEST_PROTOCOL), True
        self.used[key] = blob
        return pickle.loads(blob)

    def save(self) -> None:
        path = self._file()
        if path is not None and (self._new or self.used.keys() != self.kept.keys()):
            write_atomically(path, pickle.dumps(self.used, pickle.HIGHEST_PROTOCOL))
        self.kept, self.used, self._new = self.used, {}, False


def save_all() -> None:
    """Keep what this build added to every store for the next build (the build's
    on_post_build)."""
    for store in _stores:
        store.save()


def _read_pickle(path: Path | None) -> dict[str, bytes]:
    if path is None:
        return {}
    try:
        found = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            ImportError):
        return {}  # none yet, or unreadable: made again and rewritten
    return found if isinstance(found, dict) else {}


PACKAGE = Path(__file__).resolve().parent.parent


def code_of(*modules: str) -> str:
    """A digest of the source of the modules (paths in the package, such as
    ``checks/guards.py``) that a cached result depends on."""
    return digest(*((PACKAGE / module).read_bytes() for module in modules))


def _read_json(path: Path) -> dict:
    try:
        found = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: computed again and rewritten
    return found if isinstance(found, dict) else {}


def _compile_options(env: jinja2.Environment) -> str:
    """What Jinja's compiled code depends on besides the template source."""
    escape = env.autoescape
    if callable(escape):
        escape = [escape(name) for name in ("a.html", "a.xml", "a.md", "a.txt", None)]
    return repr((env.block_start_string, env.block_end_string, env.variable_start_string,
                 env.variable_end_string, env.comment_start_string, env.comment_end_string,
                 env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                 env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                 sorted(env.extensions), env.optimized, env.is_async, escape))


class JinjaCache(BytecodeCache):
    """Compiled templates in memory (``mkdocs serve`` makes a new theme environment for every
    rebuild) and, when a cache folder is set, on disk for the next build."""

    def __init__(self, kind: str):
        self.kind = kind
        self._memory: dict[str, tuple[str, object]] = {}

    def attach(self, env: jinja2.Environment) -> jinja2.Environment:
        try:  # MkDocs' version: its templates' compiled code; absent under Zensical
            from mkdocs import __version__ as engine
        except ImportError:
            engine = None
        self._options = digest(self.kind, jinja2.__version__, engine, sys.version_info[:3],
                               _compile_options(env))
        env.bytecode_cache = self
        return env

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return digest(self._options, name, filename)

    def _file(self, key: str) -> Path | None:
        folder = directory("jinja")
        return None if folder is None else folder / f"{key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._memory.get(bucket.key)
        if found and found[0] == bucket.checksum:
            bucket.code = found[1]
            return
        path = self._file(bucket.key)
        if path is not None and path.is_file():
            try:
                with path.open("rb") as data:
                    bucket.load_bytecode(data)  # Jinja resets it if the checksum differs
            except (OSError, ValueError, EOFError, TypeError):
                bucket.reset()  # unreadable: compiled again and rewritten
            if bucket.code is not None:
                self._memory[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._memory[bucket.key] = (bucket.checksum, bucket.code)
        path = self._file(bucket.key)
        if path is not None:
            write_atomically(path, bucket.bytecode_to_string())


THEME = JinjaCache("theme")  # MkDocs' environment, set in the on_env hook
PAGES = JinjaCache("pages")  # macros/render.py
