"""Finnish words to the terms search indexes them by, with Voikko (build time only).

Voikko (Debian: ``libvoikko1`` and ``voikko-fi``; Python: ``libvoikko``) is the Finnish
morphology that LibreOffice's spell checking uses. It knows consonant gradation, -nen and -s
stems and compounds, and it splits compounds it has never seen (toimeentulotuesta →
toimeentulotuki = toimeen + tulo + tuki). The browser does not run Voikko: the index lists, for
each term, the forms the handbook uses, and ``docs/assets/search.js`` matches a reader's other
forms to those terms by their stems.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.cache import JsonStore, digest
from ..core.problems import HandbookError, Problem

INSTALL = ("Asenna suomen kielen sanasto: apt-get install libvoikko1 voikko-fi "
           "(tai aja bash .ci/setup), ja Python-paketti: pip install -r requirements.txt.")
MAX_PARTS = 5  # longer "compounds" are Voikko guessing; index the word as it is


@dataclass(frozen=True)
class Terms:
    """What one written word is indexed by: its base forms and, for a compound, its parts."""

    lemmas: tuple[str, ...]
    parts: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _voikko():
    try:
        import libvoikko
    except ImportError as error:
        raise _missing(error) from None
    try:
        return libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException) as error:
        raise _missing(error) from None


# Where libvoikko looks for dictionaries (besides VOIKKO_DICTIONARY_PATH), most specific first.
DICTIONARY_FOLDERS = ("~/.voikko", "/etc/voikko", "/usr/local/lib/voikko", "/usr/local/share/voikko",
                      "/usr/lib/voikko", "/usr/share/voikko")


def voikko_version() -> str | None:
    """The libvoikko version and the identity (path, size, time) of every Finnish dictionary
    file it may load; None when no dictionary file is found where libvoikko looks (then
    analyses are not kept between builds)."""
    try:
        import libvoikko
    except ImportError:
        return None  # analyse() says what to install
    folders = [*os.environ.get("VOIKKO_DICTIONARY_PATH", "").split(os.pathsep), *DICTIONARY_FOLDERS]
    files = []
    for folder in filter(None, folders):
        for path in sorted(Path(folder).expanduser().glob("*/mor-*/*")):
            stat = path.stat()
            files.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return f"{libvoikko.Voikko.getVersion()} {' '.join(files)}" if files else None


@lru_cache(maxsize=1)
def _store() -> JsonStore | None:
    """Terms of the words analysed by earlier builds with this Voikko and this module's code
    (a change to either starts a new store)."""
    version = voikko_version()
    if version is None:
        return None
    return JsonStore("voikko", f"{version} {digest(Path(__file__).read_bytes())}")


def _missing(error: Exception) -> HandbookError:
    return HandbookError([Problem("mkdocs.yml", 0, "haku", f"hakua ei voi rakentaa, koska "
                                  f"suomen kielen Voikko puuttuu ({error}). " + INSTALL)])


def _split(word: str, structure: str) -> list[str]:
    """A word cut where Voikko's STRUCTURE says a new part begins ("=pppp=pppp")."""
    parts, current, letters = [], "", iter(word)
    for mark in structure:
        if mark == "=":
            if current:
                parts.append(current)
            current = ""
        else:
            current += next(letters, "")
    if current:
        parts.append(current)
    return parts


def compound_parts(word: str, lemma: str, structure: str) -> list[str]:
    """Parts of a compound as a reader might search for them: each part as written, the last one
    in its base form, and the runs of parts at either end (toimeentulotuki → toimeen, tulo, tuki,
    toimeentulo, tulotuki). Pure: Voikko's analysis comes in as strings."""
    pieces = [p.replace("-", "") for p in _split(word.lower(), structure)]
    pieces = [p for p in pieces if p]
    if not 2 <= len(pieces) <= MAX_PARTS:
        return []
    head, base = "".join(pieces[:-1]), lemma.lower().replace("-", "")
    if not base.startswith(head):
        return []
    tail = base[len(head):]
    found = pieces[:-1] + [tail]
    for n in range(2, len(pieces)):
        found.append("".join(pieces[:n]))  # runs from the start, as written
        found.append("".join(pieces[-n:-1]) + tail)  # runs to the end, in base form
    return [p for p in dict.fromkeys(found) if len(p) >= 3]


@lru_cache(maxsize=200_000)
def analyse(word: str) -> Terms:
    """The base forms of a Finnish word and its compound parts; an unknown word is its own
    base form (names, abbreviations, typos). Kept between builds (``_store``)."""
    store = _store()
    found = store.get(word) if store is not None else None
    if found is not None:
        return Terms(tuple(found[0]), tuple(found[1]))
    terms = _analyse(word)
    if store is not None:
        store.put(word, [terms.lemmas, terms.parts])
    return terms


def _analyse(word: str) -> Terms:
    lower = word.lower()
    lemmas: list[str] = []
    parts: list[str] = []
    for analysis in _voikko().analyze(word)[:4]:
        base = (analysis.get("BASEFORM") or lower).lower()
        lemmas.append(base)
        parts += compound_parts(word, base, analysis.get("STRUCTURE", ""))
    if not lemmas and "-" in lower.strip("-"):  # "TE-toimistoon": the last half inflects
        head, _, last = lower.strip("-").rpartition("-")
        last_lemmas = analyse(last).lemmas
        lemmas = [f"{head}-{lemma}" for lemma in last_lemmas]
        parts += [head, *last_lemmas]
    if not lemmas:
        lemmas = [lower]
    lemmas = list(dict.fromkeys(lemmas))
    return Terms(tuple(lemmas), tuple(p for p in dict.fromkeys(parts) if p not in lemmas))


def check_available() -> None:
    """Stop with the install instructions if Voikko or its Finnish dictionary is missing."""
    _voikko()
