"""The search index in fragments, as Pagefind does: ``split_index`` cuts the index that
``index.build_index`` makes into a small root and files by the first two letters of each word,
so that a first search fetches tens of kilobytes however large the handbook grows
(docs/assets/search.js fetches them)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from itertools import accumulate

from .audience import audience

VERSION_SPLIT = 4
PREFIX = 2  # a word's fragment is named by its first two letters
MAX_POSTINGS = 500  # a term keeps its best sections (at most); the handbook's commonest has ~420
POSTINGS_BYTES = 3000  # postings files hold consecutive terms up to about this much JSON
WORDS_BYTES = 2000  # words files hold the entries of consecutive prefixes up to about this much
PAGES_PER_FILE = 2  # the titles, anchors and snippets of this many pages per file
SECTIONS_PER_PAGE = 4096  # SECTIONS in search.js


def prefix(word: str) -> str:
    """The fragment a word or term is looked up in; search.js cuts the same way."""
    return word[:PREFIX]


def split_index(index: dict) -> dict[str, str]:
    """``build_index``'s index as the files the browser fetches one by one: {path under
    search/: JSON text}.

    - ``<lang>.json``, the root: the prefixes that have words, in the groups of the words
      files (``words``: file n holds group n), the folder id, and the editors' pages with the
      terms that ask for them (``editors``);
    - ``<lang>/<id>/w<n>.json``, words file of the n-th group of consecutive prefixes (one
      file, or several small ones up to ``WORDS_BYTES``: a file each made a site of a thousand
      files where most held a word or two): for each prefix its terms, each with the number of
      its postings file, its inflected forms → terms (``refs``: the postings file of a term of
      another prefix a form leads to). A query word's exact, stem, prefix and typo candidates
      start with the same two letters, so one words file answers most words;
    - ``<lang>/<id>/p<n>.json``: postings of consecutive terms, each term's at most
      ``MAX_POSTINGS`` best sections as flat triples [gap to the page number, section number in
      the page, weight];
    - ``<lang>/<id>/s<n>.json``: pages n × ``PAGES_PER_FILE`` onwards: [url, title,
      [[anchor, section title, snippet], …], audience], fetched only for the results shown.

    The id is a hash of the whole index: a new build writes a new folder, so a browser never
    mixes a root with fragments of another build, and fragments can be cached."""
    _check_sections_per_page(index["docs"])
    postings = _postings(index)
    chunks, chunk_of = _postings_chunks(postings)
    editors = index.get("editors", {})
    words = _words_files(postings, index["forms"], chunk_of, set(editors.get("only", ())))
    groups = _runs({key: len(dump(words[key])) for key in sorted(words)}, WORDS_BYTES)
    fragments = {
        **{f"w{n}.json": dump({key: words[key] for key in group}) for n, group in enumerate(groups)},
        **{f"p{n}.json": dump(chunk) for n, chunk in enumerate(chunks)},
        **_sections_files(index),
    }
    folder = f"{index['lang']}/{_digest(fragments)}"
    files = {f"{folder}/{name}": text for name, text in fragments.items()}
    files[f"{index['lang']}.json"] = dump({
        "version": VERSION_SPLIT, "lang": index["lang"], "folder": folder, "prefix": PREFIX,
        "pagesPerFile": PAGES_PER_FILE, "words": groups,
        "editors": {"pages": editors.get("pages", []), "terms": editors.get("terms", [])}})
    return files


def _check_sections_per_page(docs: list) -> None:
    """search.js numbers a section page × SECTIONS_PER_PAGE + its number in the page."""
    most = max(Counter(doc[0] for doc in docs).values(), default=0)
    if most > SECTIONS_PER_PAGE:
        raise ValueError(f"a page has {most} sections; search.js takes {SECTIONS_PER_PAGE}")


def _postings(index: dict) -> dict[str, list[int]]:
    """Each term's best sections (at most ``MAX_POSTINGS``, in section order) as flat triples
    [gap to the page number, section number in the page, weight]."""
    page_of = [doc[0] for doc in index["docs"]]
    first_doc = [0] * len(index["pages"])
    for n in range(len(page_of) - 1, -1, -1):
        first_doc[page_of[n]] = n
    postings = {}
    for term, flat in index["terms"].items():
        numbers, weights = _best(list(accumulate(flat[0::2])), flat[1::2])
        in_page = [page_of[n] for n in numbers]
        triples = [0] * (3 * len(numbers))
        triples[0::3] = [b - a for a, b in zip([0, *in_page], in_page, strict=False)]
        triples[1::3] = [n - first_doc[page] for n, page in zip(numbers, in_page, strict=True)]
        triples[2::3] = weights
        postings[term] = triples
    return postings


def _best(numbers: list[int], weights: list[int]) -> tuple[list[int], list[int]]:
    """The ``MAX_POSTINGS`` best sections of a term, in section order (earlier first among
    equals)."""
    if len(numbers) <= MAX_POSTINGS:
        return numbers, weights
    keep = sorted(sorted(range(len(numbers)), key=weights.__getitem__, reverse=True)[:MAX_POSTINGS])
    return [numbers[i] for i in keep], [weights[i] for i in keep]


def _postings_chunks(postings: dict[str, list[int]]) -> tuple[list[dict], dict[str, int]]:
    """Postings of consecutive terms in files of about ``POSTINGS_BYTES``: the files, and each
    term's file number."""
    runs = _runs({term: len(term) + 4 + len(str(found)) - len(found)  # JSON without spaces
                  for term, found in sorted(postings.items())}, POSTINGS_BYTES) or [[]]
    return ([{term: postings[term] for term in run} for run in runs],
            {term: n for n, run in enumerate(runs) for term in run})


def _runs(costs: dict[str, int], limit: int) -> list[list[str]]:
    """Consecutive keys (in ``costs``' order) in runs of about ``limit``: a key as large alone
    is a run of its own."""
    runs: list[list[str]] = []
    size = 0
    for key, cost in costs.items():
        if not runs or size + cost > limit:
            runs.append([])
            size = 0
        runs[-1].append(key)
        size += cost
    return runs


def _words_files(postings: dict, forms: dict[str, str], chunk_of: dict[str, int],
                 editor_only: set[str]) -> dict[str, dict]:
    """The words file of each prefix: its terms → postings file, its forms → terms, ``refs``,
    the postings files of other prefixes' terms its forms lead to, and ``editors``, those of
    its terms and refs that only the editors' pages use."""
    words: dict[str, dict] = defaultdict(lambda: {"terms": {}, "forms": {}, "refs": {}})
    for term in sorted(postings):
        words[prefix(term)]["terms"][term] = chunk_of[term]
    for form, targets in sorted(forms.items()):
        entry = words[prefix(form)]
        entry["forms"][form] = targets
        for term in targets.split():
            if term in chunk_of and prefix(term) != prefix(form):
                entry["refs"][term] = chunk_of[term]
    for entry in words.values():
        entry["editors"] = sorted(editor_only.intersection({*entry["terms"], *entry["refs"]}))
    return {key: {name: value for name, value in entry.items() if value}
            for key, entry in words.items()}


def _sections_files(index: dict) -> dict[str, str]:
    """s<n>.json: the titles, anchors, snippets and audience of ``PAGES_PER_FILE`` pages."""
    pages = index["pages"]
    sections: list[list] = [[url, title, [], audience(url)] for url, title in pages]
    for page, anchor, title, snippet in index["docs"]:
        sections[page][2].append([anchor, title, snippet])
    return {f"s{n // PAGES_PER_FILE}.json": dump({"pages": sections[n:n + PAGES_PER_FILE]})
            for n in range(0, len(pages), PAGES_PER_FILE)}


def _digest(fragments: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name, text in fragments.items():
        digest.update(f"{name}\n{text}\n".encode())
    return digest.hexdigest()[:12]


def dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
