"""The handbook's own search index: one small JSON file per language, made at build time.

Material's search plugin already cuts every page into sections (``search/search_index.json``:
location, title, text). ``build_index`` turns those sections, and each page's search keywords,
into what ``docs/assets/search.js`` needs in the browser:

- ``pages`` and ``docs`` (sections) to show as results;
- ``terms``: each term → the sections it occurs in, with a precomputed weight (BM25 on the text,
  plus the section title, the page title and the page's keywords), as a flat list
  [gap to the section number, weight, …];
- ``forms``: each inflected form the handbook uses → its terms, so that the reader's query
  "toimeentulotuesta" meets the term "toimeentulotuki" even where the text says "tukea".

Finnish terms are base forms and compound parts from Voikko (``finnish.analyse``); English
terms are the words as written (the browser stems them). Pure: the analyser comes in as a
function, so tests pass their own.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.meta import get_data

from .finnish import Terms, analyse
from .links import service_src, url_of
from .validate import Site

VERSION = 1
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
TAG = re.compile(r"<[^>]+>")
SNIPPET = 160
K1, B = 1.2, 0.75
PART = 0.5  # a compound's part counts half as much as the word itself
SECTION_TITLE, PAGE_TITLE, KEYWORD = 2.0, 1.5, 3.0
# Residents' pages first: staff and editors' pages weigh a little less, and printable brochures,
# which repeat their service page, less still (by the start of the page's URL).
PAGE_WEIGHTS = (("esitteet/", 0.5), ("tietoa/", 0.6), ("ammattilaisille/", 0.85))
SCALE = 10  # weights are stored as whole numbers: score × idf × SCALE

Analyser = Callable[[str], Terms]


@dataclass(frozen=True)
class Section:
    """One entry of Material's search index."""

    location: str  # "palvelut/toimeentulotuki/#hakeminen"
    title: str
    text: str  # HTML

    @property
    def page(self) -> str:
        return self.location.split("#", 1)[0]


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", text))).strip()


def words(text: str) -> list[str]:
    return WORD.findall(text)


def english(word: str) -> Terms:
    return Terms((word.lower(),))


def page_language(location: str) -> str:
    return "en" if location == "en/" or location.startswith("en/") else "fi"


def _bag(text: str, analyser: Analyser, forms: dict[str, set[str]]) -> Counter:
    """Term counts of a text: base forms count 1, compound parts ``PART``."""
    bag: Counter = Counter()
    for word in words(text):
        terms = analyser(word)
        lower = word.lower()
        for lemma in terms.lemmas:
            bag[lemma] += 1
            if lower != lemma:
                forms[lower].add(lemma)
        for part in terms.parts:
            bag[part] += PART
    return bag


def build_index(sections: Iterable[Section], keywords: dict[str, list[str]], lang: str,
                analyser: Analyser) -> dict:
    """The search index of one language's pages. ``keywords`` maps a page's URL to the words
    that should find it though its text may not use them (everyday words, old names)."""
    sections = [s for s in sections if page_language(s.location) == lang]
    forms: dict[str, set[str]] = defaultdict(set)
    page_titles = {s.page: s.title for s in sections if "#" not in s.location}
    pages = list(dict.fromkeys(s.page for s in sections))
    page_number = {url: n for n, url in enumerate(pages)}
    bags = [_bag(plain(s.text), analyser, forms) for s in sections]
    title_bags = [_bag(s.title, analyser, forms) for s in sections]
    page_bags = {url: _bag(title, analyser, forms) for url, title in page_titles.items()}
    keyword_bags = {url: _bag(" ".join(words_), analyser, forms) for url, words_ in keywords.items()}
    lengths = [sum(bag.values()) or 1 for bag in bags]
    average = sum(lengths) / max(len(lengths), 1)

    weights: dict[str, dict[int, float]] = defaultdict(dict)
    for n, section in enumerate(sections):
        norm = K1 * (1 - B + B * lengths[n] / average)
        scores: dict[str, float] = defaultdict(float)
        for term, tf in bags[n].items():
            scores[term] += tf * (K1 + 1) / (tf + norm)
        for term, tf in title_bags[n].items():
            scores[term] += SECTION_TITLE * min(tf, 1)
        for term, tf in page_bags.get(section.page, {}).items():
            scores[term] += PAGE_TITLE * min(tf, 1)
        if "#" not in section.location:
            for term, tf in keyword_bags.get(section.page, {}).items():
                scores[term] += KEYWORD * min(tf, 1)
        prior = next((w for start, w in PAGE_WEIGHTS if section.page.startswith(start)), 1.0)
        for term, score in scores.items():
            weights[term][n] = score * prior

    count = max(len(sections), 1)
    terms = {}
    for term in sorted(weights):
        postings = weights[term]
        idf = math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
        flat, previous = [], 0
        for n, score in sorted(postings.items()):  # section numbers as gaps: smaller files
            flat += [n - previous, max(1, round(SCALE * score * idf))]
            previous = n
        terms[term] = flat

    return {
        "version": VERSION,
        "lang": lang,
        "pages": [[url, page_titles.get(url, url)] for url in pages],
        "docs": [[page_number[s.page], s.location.partition("#")[2], s.title,
                  _snippet(plain(s.text))] for s in sections],
        "terms": terms,
        "forms": {form: " ".join(sorted(lemmas)) for form, lemmas in sorted(forms.items())
                  if form not in weights or lemmas - {form}},
    }


def _snippet(text: str) -> str:
    if len(text) <= SNIPPET:
        return text
    cut = text.rfind(" ", 0, SNIPPET)
    return text[:cut if cut > 0 else SNIPPET] + " …"


# --- what the build writes -------------------------------------------------------------------

ANALYSERS: dict[str, Analyser] = {"fi": analyse, "en": english}
MATERIAL_INDEX = "search/search_index.json"  # written by Material's search plugin


def search_keywords(site: Site, docs: dict[str, str]) -> dict[str, list[str]]:
    """Words that find a page besides its text, by page URL: a service's ``keywords``, a docs
    page's front matter ``keywords``, and the old names whose ``leads_to`` lists the page."""
    found: dict[str, list[str]] = defaultdict(list)
    for service_id, service in site.services.items():
        found[url_of(service_src(service_id))] += service.keywords
    for src, text in docs.items():
        keywords = get_data(text)[1].get("keywords") or []
        found[url_of(src)] += [keywords] if isinstance(keywords, str) else [str(k) for k in keywords]
    for retired in site.retired_names.values():
        for page in retired.leads_to:
            found[url_of(page)].append(retired.name)
    return dict(found)


def write_indexes(site_dir: Path, keywords: dict[str, list[str]]) -> list[Path]:
    """search/fi.json and search/en.json from Material's sections of the built site."""
    material = site_dir / MATERIAL_INDEX
    if not material.exists():  # Material's search plugin is off: there is no search box either
        return []
    sections = [Section(d["location"], d["title"], d["text"])
                for d in json.loads(material.read_text(encoding="utf-8"))["docs"]]
    written = []
    for lang, analyser in ANALYSERS.items():
        target = site_dir / "search" / f"{lang}.json"
        target.write_text(json.dumps(build_index(sections, keywords, lang, analyser),
                                     ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        written.append(target)
    return written
