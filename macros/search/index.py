"""The handbook's own search index, made at build time: per language a small root and
fragments the browser fetches only when a query needs them (``split_index``).

Each page is cut into sections at its headings (``page_sections``, as Material's search plugin
would, but with a regular expression instead of an HTML parser: a sixth of the build time
went to that parser). ``build_index`` turns the sections, and each page's search keywords,
into what ``docs/assets/search.js`` needs in the browser:

- ``pages`` and ``docs`` (sections) to show as results;
- ``terms``: each term → the sections it occurs in, with a precomputed weight (BM25 on the text,
  plus the section title, the page title and the page's keywords), as a flat list
  [gap to the section number, weight, …];
- ``forms``: each inflected form the handbook uses → its terms, so that the reader's query
  "toimeentulotuesta" meets the term "toimeentulotuki" even where the text says "tukea".

``fragments.split_index`` then cuts that index into files by the first two letters of each
word, so that the first search fetches tens of kilobytes however large the handbook grows.
``in_language`` leaves out the parts of a page in another language (``lang``); the root names
the editors' pages and the words that ask for them (``editor_terms``).

Finnish terms are base forms and compound parts from Voikko (``finnish.analyse``); English
terms are the words as written (the browser stems them). Pure: the analyser comes in as a
function, so tests pass their own.
"""

from __future__ import annotations

import html
import math
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.meta import get_data

from ..core.cache import DataStore, code_of, of_strings
from ..core.cache import digest as cache_key
from ..core.links import EN, SITUATIONS, service_src, url_of
from ..data.site import Site
from .audience import EDITORS_COMMON, PAGE_WEIGHTS, audience
from .finnish import Terms, analyse, voikko_version
from .fragments import VERSION_SPLIT, split_index

VERSION = 1
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
TAG = re.compile(r"<[^>]+>")
HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
NOT_TEXT = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S | re.I)  # JSON-LD, styles
LANG_PART = re.compile(r'<([a-zA-Z][\w-]*)\b[^>]*?\slang="([^"]*)"[^>]*>')
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SNIPPET = 160
K1, B = 1.2, 0.75
PART = 0.5  # a compound's part counts half as much as the word itself
SECTION_TITLE, PAGE_TITLE, KEYWORD = 2.0, 1.5, 4.0
SCALE = 10  # weights are stored as whole numbers: score × idf × SCALE


Analyser = Callable[[str], Terms]


@dataclass(frozen=True)
class Section:
    """A part of a page that search shows as one result: the page's top or one heading."""

    location: str  # "palvelut/toimeentulotuki/#hakeminen"
    title: str
    text: str  # HTML

    @property
    def page(self) -> str:
        return self.location.split("#", 1)[0]


@dataclass(frozen=True)
class PageText:
    """A page's content as Markdown made it, its address and title: its sections to come."""

    html: str
    url: str
    title: str


def sections_of(pages: Iterable[PageText]) -> list[Section]:
    return [section for page in pages for section in page_sections(page.html, page.url, page.title)]


def page_sections(html: str, url: str, title: str) -> list[Section]:
    """A page's HTML cut into sections: the page itself (its title and the text before its
    first subheading), then each h2–h6 with an id, its text running to the next heading."""
    html = NOT_TEXT.sub(" ", html)
    sections, start, location, name = [], 0, url, title
    for match in HEADING.finditer(html):
        level, anchor, inner = match.groups()
        if level != "1":
            sections.append(Section(location, name, html[start:match.start()]))
            location, name = f"{url}#{anchor}", plain(HEADERLINK.sub("", inner))
        start = match.end()
    sections.append(Section(location, name, html[start:]))
    return sections


def in_language(html: str, lang: str) -> str:
    """``html`` without its parts in another language (an element whose ``lang`` is not
    ``lang``, with its content): a language's index holds its own language's words, so that
    the English of a rule on a staff page does not answer an English query in Finnish, nor a
    law's Finnish name on an English page a Finnish one."""
    if ' lang="' not in html:
        return html
    kept, start = [], 0
    for match in LANG_PART.finditer(html):
        if match.start() < start or match.group(2).split("-")[0].lower() == lang:
            continue  # inside a part already left out, or in this language
        kept.append(html[start:match.start()])
        start = _element_end(html, match)
    kept.append(html[start:])
    return "".join(kept)


def _element_end(html: str, opening: re.Match) -> int:
    """Where the element opened by ``opening`` ends: after its closing tag, nesting counted."""
    name = opening.group(1).lower()
    if name in VOID or opening.group(0).endswith("/>"):
        return opening.end()
    depth = 1
    for tag in re.finditer(rf"<(/?){re.escape(name)}\b[^>]*>", html[opening.end():], re.I):
        depth += -1 if tag.group(1) else 1
        if not depth:
            return opening.end() + tag.end()
    return len(html)


def plain(text: str) -> str:
    """Text of HTML, its soft hyphens (headings on Finnish pages) removed so that words stay
    whole for search."""
    text = TAG.sub(" ", text)
    text = html.unescape(text).replace("\u00ad", "") if "&" in text or "\u00ad" in text else text
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return WORD.findall(text)


def english(word: str) -> Terms:
    return Terms((word.lower(),))


def page_language(location: str) -> str:
    return "en" if location.startswith(f"{EN}/") else "fi"


class _Terms:
    """Term counts of texts, each distinct word and each distinct text (a repeated section:
    "Katso myös", a brochure repeating its service) analysed once per index; records the
    inflected forms met on the way (form → base forms)."""

    def __init__(self, analyser: Analyser):
        self.analyser = analyser
        self.forms: dict[str, set[str]] = defaultdict(set)
        self._cache: dict[str, list[tuple[str, float]]] = {}
        self._bags: dict[str, dict[str, float]] = {}

    def of(self, word: str) -> list[tuple[str, float]]:
        found = self._cache.get(word)
        if found is None:
            terms, lower = self.analyser(word), word.lower()
            found = [(lemma, 1.0) for lemma in terms.lemmas] + [(p, PART) for p in terms.parts]
            for lemma in terms.lemmas:
                if lower != lemma:
                    self.forms[lower].add(lemma)
            self._cache[word] = found
        return found

    def bag(self, text: str) -> dict[str, float]:
        """Term counts of a text: base forms count 1, compound parts ``PART``."""
        bag = self._bags.get(text)
        if bag is None:
            bag = self._bags[text] = defaultdict(float)
            for word, count in Counter(words(text)).items():
                for term, weight in self.of(word):
                    bag[term] += count * weight
        return bag


def build_index(sections: Iterable[Section], keywords: dict[str, list[str]], lang: str,
                analyser: Analyser) -> dict:
    """The search index of one language's pages. ``keywords`` maps a page's URL to the words
    that should find it though its text may not use them (everyday words, old names)."""
    sections = [s for s in sections if page_language(s.location) == lang]
    texts = [plain(in_language(s.text, lang)) for s in sections]
    in_page = [s.page for s in sections]
    counter = _Terms(analyser)
    page_titles = {s.page: s.title for s in sections if "#" not in s.location}
    pages = list(dict.fromkeys(in_page))
    page_number = {url: n for n, url in enumerate(pages)}
    priors = {url: next((w for start, w in PAGE_WEIGHTS if url.startswith(start)), 1.0)
              for url in pages}
    bags = [counter.bag(text) for text in texts]
    page_bags = {url: counter.bag(title) for url, title in page_titles.items()}
    keyword_bags = {url: counter.bag(" ".join(words_)) for url, words_ in keywords.items()}
    lengths = [sum(bag.values()) or 1 for bag in bags]
    average = sum(lengths) / max(len(lengths), 1)

    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    text_scores: dict[str, dict[str, float]] = {}  # BM25 of a text depends on the text alone
    for n, section in enumerate(sections):
        page = in_page[n]
        scores = text_scores.get(texts[n])
        if scores is None:
            norm = K1 * (1 - B + B * lengths[n] / average)
            scores = text_scores[texts[n]] = {term: tf * (K1 + 1) / (tf + norm)
                                              for term, tf in bags[n].items()}
        scores = dict(scores)
        extras = [(counter.bag(section.title), SECTION_TITLE), (page_bags.get(page, {}), PAGE_TITLE)]
        if "#" not in section.location:
            extras.append((keyword_bags.get(page, {}), KEYWORD))
        for bag, weight in extras:
            for term, tf in bag.items():
                scores[term] = scores.get(term, 0.0) + weight * min(tf, 1.0)
        prior = priors[page]
        for term, score in scores.items():
            postings[term].append((n, score * prior))

    count = max(len(sections), 1)
    terms = {}
    for term in sorted(postings):
        found = postings[term]  # in section order
        idf = SCALE * math.log(1 + (count - len(found) + 0.5) / (len(found) + 0.5))
        numbers = [n for n, _ in found]
        flat = [0] * (2 * len(found))  # section numbers as gaps: smaller files
        flat[0::2] = [b - a for a, b in zip([0, *numbers], numbers, strict=False)]
        flat[1::2] = [int(score * idf + 0.5) or 1 for _, score in found]
        terms[term] = flat

    editors = [n for n, url in enumerate(pages) if audience(url) == "e"]
    return {
        "version": VERSION,
        "lang": lang,
        "editors": {"pages": editors,
                    "terms": editor_terms(page_bags, keyword_bags, postings, count),
                    "only": sorted(term for term, found in postings.items()
                                   if all(audience(in_page[n]) == "e" for n, _ in found))},
        "pages": [[url, page_titles.get(url, url)] for url in pages],
        "docs": [[page_number[s.page], s.location.partition("#")[2], s.title, _snippet(text)]
                 for s, text in zip(sections, texts, strict=True)],
        "terms": terms,
        "forms": {form: " ".join(sorted(lemmas)) for form, lemmas in sorted(counter.forms.items())
                  if form not in postings or lemmas - {form}},
    }


def editor_terms(titles: dict[str, dict], keywords: dict[str, dict],
                 postings: dict[str, list], count: int) -> list[str]:
    """The terms that ask for the editors' pages: the whole words (not a compound's parts) of
    their titles and keywords that no other page's title has and few sections use ("makro",
    "muokata", not "tieto")."""
    own = {term for url, bag in [*titles.items(), *keywords.items()] if audience(url) == "e"
           for term, weight in bag.items() if weight >= 1}
    others = {term for url, bag in titles.items() if audience(url) != "e" for term in bag}
    return sorted(term for term in own - others
                  if len(postings.get(term, ())) <= EDITORS_COMMON * count)


def _snippet(text: str) -> str:
    if len(text) <= SNIPPET:
        return text
    cut = text.rfind(" ", 0, SNIPPET)
    return text[:cut if cut > 0 else SNIPPET] + " …"


# --- what the build writes -------------------------------------------------------------------

ANALYSERS: dict[str, Analyser] = {"fi": analyse, "en": english}


def search_keywords(site: Site, docs: dict[str, str]) -> dict[str, list[str]]:
    """Words that find a page besides its text, by page URL: a service's and a life
    situation's ``keywords``, a docs page's front matter ``keywords``, and the old names whose
    ``leads_to`` lists the page."""
    found: dict[str, list[str]] = defaultdict(list)
    for service_id, service in site.services.items():
        found[url_of(service_src(service_id))] += service.keywords
    for situation in site.life_situations.values():
        found[url_of(f"{SITUATIONS}/{situation.id}.md")] += situation.keywords
    for src, text in docs.items():
        keywords = get_data(text)[1].get("keywords") or []
        found[url_of(src)] += [str(k) for k in keywords] if isinstance(keywords, list) else [str(keywords)]
    for retired in site.retired_names.values():
        for page in retired.leads_to:
            found[url_of(page)].append(retired.name)
    return dict(found)


def write_indexes(site_dir: Path, indexes: dict[str, dict[str, str]]) -> None:
    """search/fi.json and search/en.json, each a small root, and their fragments under
    search/fi/<id>/ and search/en/<id>/ (``index_files``, ``split_index``)."""
    for lang, files in indexes.items():
        write_files(site_dir / "search", lang, files)


def index_files(sections: list[Section], keywords: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """Each language's search files (path under search/ → text; ``mkdocs serve`` serves them
    from memory). A language's files are kept between builds by everything they are made of:
    its sections, the keywords, this code, Voikko's."""
    found = {}
    for lang, analyser in ANALYSERS.items():
        key = cache_key(lang, VERSION_SPLIT, repr(keywords), voikko_version(),
                     *((s.location, s.title, s.text) for s in sections
                       if page_language(s.location) == lang))
        found[lang] = INDEXES.get(key, lambda lang=lang, analyser=analyser: split_index(
            build_index(sections, keywords, lang, analyser)))
    return found


# Finished index files by their inputs (the code of this module and finnish.py in the store's name).
INDEXES = DataStore("search", code_of("search/index.py", "search/fragments.py", "search/audience.py",
                            "search/finnish.py", "core/cache.py"),
                    decode=of_strings)


def write_files(folder: Path, lang: str, files: dict[str, str]) -> None:
    shutil.rmtree(folder / lang, ignore_errors=True)  # an earlier build's fragments
    made: set[Path] = set()
    for path, text in files.items():
        target = folder / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(text, encoding="utf-8")

