"""Build caches: results that depend only on their input, kept between builds.

Every cache on disk is data, never code: JSON files, each value checked when it is read
(a corrupt, foreign or planted file, or a value of the wrong shape, is ignored and the
result made again). Nothing is ever unpickled, unmarshalled or loaded as bytecode from a
cache folder, which a preview build may have written. Each cached result is found by
everything it depends on, so a change to the input shows on the next build; nothing is
ever trusted by date or by age:

- Compiled templates of the theme and the page templates (``JinjaCache``): in memory only
  (``mkdocs serve`` keeps them between rebuilds); Jinja compares each template's checksum.
- Voikko analyses (``search/finnish.py``): a word's terms, in a file named by the libvoikko
  version, the dictionary's files and the code of ``finnish.py``.
- Graphviz SVG (``pages/diagram.py``): by the DOT text and the ``dot`` program; an SVG with
  script, links or handlers is never taken from the folder (``inert_svg``).
- Parsed data files (``data/sources.py``), the content guards' findings
  (``checks/runner.py``) and the search index files (``search/index.py``): by path and text.
- QR codes of the brochures (``pages/brochures.py``): by address, segno version and options.

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
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache


class Caches:
    """Where this build's caches are, and every store, saved together by ``save_all``."""

    def __init__(self):
        self.folder: Path | None = None  # None: memory only
        self.stores: list = []

    def configure(self, folder: Path | None) -> Path | None:
        """Keep this build's caches in ``folder`` (``Settings.cache_dir``); None: in memory."""
        self.folder = folder
        return folder

    def directory(self, name: str) -> Path | None:
        """This build's folder for one kind of result; None when caching on disk is off."""
        return None if self.folder is None else self.folder / name

    def save_all(self) -> None:
        """Keep what this build added to every store for the next build (on_post_build)."""
        for store in self.stores:
            store.save()

    # A forked helper of a build (assemble/parallel.py) sends back what it added to the stores.

    def mark(self) -> dict[str, set[str]]:
        """Every store's keys now (the helper, as it starts)."""
        return {store.label: store.keys() for store in self.stores}

    def additions(self, mark: dict[str, set[str]]) -> dict[str, dict]:
        """What each store got since ``mark``, as JSON data (the helper, as it ends)."""
        found = {}
        for store in self.stores:
            new = {k: v for k, v in store.entries().items() if k not in mark.get(store.label, ())}
            if new:
                found[store.label] = new
        return found

    def adopt(self, additions: object) -> None:
        """The helper's ``additions``, into this build's stores: written by ``save_all`` and
        checked, as anything from a cache file, when a value is read."""
        if not isinstance(additions, dict):
            return
        stores = {store.label: store for store in self.stores}
        for label, entries in additions.items():
            if label in stores and isinstance(entries, dict):
                stores[label].merge(entries)


CACHES = Caches()
configure, directory, save_all = CACHES.configure, CACHES.directory, CACHES.save_all


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


def read_json_file(path: Path | None) -> dict:
    """A cache file's entries; none if it is missing, unreadable, not JSON or not an object,
    or not a regular file (a symlink planted in the cache folder is not followed)."""
    if path is None:
        return {}
    try:
        if not path.is_file() or path.is_symlink():
            return {}
        found = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}  # none yet, or unreadable: computed again and rewritten
    return found if isinstance(found, dict) else {}


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# What a value read from a cache file may fail with when it is not what this code wrote.
FOREIGN = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


class JsonStore:
    """A dict kept in memory and, when a cache folder is set, in one JSON file: read on first
    use, written back by ``save`` (with whatever another build wrote meanwhile) if it grew.
    ``valid`` says whether a value read from the file is of the shape this code writes; other
    entries are ignored (and made again by the caller)."""

    def __init__(self, name: str, version: str, valid: Callable[[object], bool]):
        self.name, self.version, self.valid = name, version, valid
        self.label = f"{name}/{digest(version)}"
        CACHES.stores.append(self)
        self.data: dict = {}
        self._loaded_for: object = self  # the cache folder read (self: none yet)
        self._new = 0

    def _file(self) -> Path | None:
        folder = directory(self.name)
        return None if folder is None else folder / f"{digest(self.version)}.json"

    def _read(self) -> dict:
        found = {}
        for key, value in read_json_file(self._file()).items():
            try:
                if self.valid(value):
                    found[key] = value
            except FOREIGN:
                pass
        return found

    def _load(self) -> None:
        if self._loaded_for is not CACHES.folder:  # first use, or another project's folder
            self._loaded_for = CACHES.folder
            self.data = {**self._read(), **self.data}

    def get(self, key: str):
        self._load()
        return self.data.get(key)

    def put(self, key: str, value) -> None:
        self._load()
        self.data[key] = value
        self._new += 1

    def keys(self) -> set[str]:
        self._load()
        return set(self.data)

    def entries(self) -> dict:
        return self.data

    def merge(self, entries: dict) -> None:
        """Values another process of this build made, taken if of the right shape."""
        self._load()
        for key, value in entries.items():
            try:
                if isinstance(key, str) and self.data.get(key) != value and self.valid(value):
                    self.data[key] = value
                    self._new += 1
            except FOREIGN:
                pass

    def save(self) -> None:
        path = self._file()
        if path is None or not self._new:
            return
        write_atomically(path, _dumps({**self._read(), **self.data}).encode("utf-8"))
        self._new = 0


class DataStore:
    """Results of a pure function by a key made of its inputs, kept in memory and, when a
    cache folder is set, in one JSON file named by ``version`` (what else the results depend
    on: library versions, the code). ``encode`` makes a result JSON data; ``decode`` makes it
    again from what the file holds (read with ``hook``, json's object_hook), raising
    (``FOREIGN``) on anything of the wrong shape, which is then made again. Each use decodes
    its own copy. A build keeps only the entries it used."""

    def __init__(self, name: str, *version: object, encode: Callable = lambda value: value,
                 decode: Callable = lambda data: data, hook: Callable | None = None):
        self.name, self.version = name, digest(*version)
        self.label = f"{name}/{self.version}"
        self.encode, self.decode, self.hook = encode, decode, hook  # hook: json's object_hook
        CACHES.stores.append(self)
        self.kept: dict[str, str] = {}  # key → JSON text of the encoded result
        self.used: dict[str, str] = {}
        self._new = False
        self._loaded_for: object = self  # the cache folder read (self: none yet)

    def _file(self) -> Path | None:
        folder = directory(self.name)
        return None if folder is None else folder / f"{self.version}.json"

    def _load(self) -> None:
        if self._loaded_for != CACHES.folder:  # first use, or another project's folder (mkdocs
            self._loaded_for = CACHES.folder  # serve reads its own file once, not every rebuild)
            read = read_json_file(self._file())
            self.kept = {**self.kept, **{k: v for k, v in read.items() if isinstance(v, str)}}

    def size(self) -> int:
        """How many results are kept (from the folder, or by an earlier build in memory)."""
        self._load()
        return len(self.kept)

    def keys(self) -> set[str]:
        return set(self.kept) | set(self.used)  # not loaded for this: what is read later is kept

    def entries(self) -> dict[str, str]:
        return self.used

    def merge(self, entries: dict) -> None:
        """Results another process of this build made (key → JSON text): used, so saved, and
        each checked when it is found."""
        new = {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, str)}
        self.used.update(new)
        self._new = self._new or bool(new)

    def find(self, key: str):
        """The kept result for ``key``, or None (none kept, or not valid)."""
        self._load()
        text = self.used.get(key) or self.kept.get(key)
        if text is None:
            return None
        try:
            value = self.decode(json.loads(text, object_hook=self.hook))
        except FOREIGN:
            self.kept.pop(key, None)
            return None
        self.used[key] = text
        return value

    def put(self, key: str, value) -> None:
        try:
            self.used[key] = _dumps(self.encode(value))
        except FOREIGN:
            return  # not plain data (a YAML tag PyYAML maps to another type): not kept
        self._new = True

    def get(self, key: str, make):
        value = self.find(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def save(self) -> None:
        path = self._file()
        if path is not None and (self._new or self.used.keys() != self.kept.keys()):
            write_atomically(path, _dumps(self.used).encode("utf-8"))
        self.kept, self.used, self._new = self.used, {}, False


def of_strings(data, shape: type = dict):
    """``data`` if it is a dict of strings (or a list, ``shape=list``); else ValueError."""
    values = data.values() if isinstance(data, dict) else data
    if not isinstance(data, shape) or not all(isinstance(v, str) for v in values):
        raise ValueError("not strings")
    return data


ACTIVE_SVG = re.compile(r"<(?:script|foreignobject|iframe|object|embed|a[\s>])|\bon[a-z]+\s*="
                        r"|href|javascript:|data:|<!entity", re.I)


def inert_svg(text: object) -> bool:
    """Whether an SVG read from a cache folder is plain drawing: no script, handler or link."""
    return (isinstance(text, str) and text.lstrip().startswith(("<?xml", "<svg"))
            and text.rstrip().endswith("</svg>") and not ACTIVE_SVG.search(text))


PACKAGE = Path(__file__).resolve().parent.parent


def code_of(*modules: str) -> str:
    """A digest of the source of the modules (paths in the package, such as
    ``checks/guards.py``) that a cached result depends on."""
    return digest(*((PACKAGE / module).read_bytes() for module in modules))


class JinjaCache(BytecodeCache):
    """Compiled templates in memory only (``mkdocs serve`` makes a new theme environment for
    every rebuild): compiled code is never written to or read from a cache folder."""

    def __init__(self):
        self._memory: dict[str, tuple[str, object]] = {}

    def attach(self, env: jinja2.Environment) -> jinja2.Environment:
        env.bytecode_cache = self
        return env

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return digest(name, filename)

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._memory.get(bucket.key)
        if found and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._memory[bucket.key] = (bucket.checksum, bucket.code)


THEME = JinjaCache()  # MkDocs' environment, set in the on_env hook
PAGES = JinjaCache()  # pages/render.py
