"""The browser's query processing (docs/assets/search.js) on hard cases, run in node.

The search runs in the reader's browser; node runs the same file here so that each hard case
is a plain assertion: stems that meet across consonant gradation, -nen and -s stems, endings
stacked on a word, compounds cut in two, typos, and ranking on a small in-memory index.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from sites import ROOT

from macros.search.fragments import PAGES_PER_FILE, split_index

SEARCH_JS = ROOT / "docs/assets/search.js"


def js(expression: str, data=None):
    """Evaluate ``expression`` with ``S`` = search.js's exports and ``data``; return its JSON."""
    node = shutil.which("node")
    assert node, "node is missing: apt-get install -y nodejs npm (bash .ci/setup --browser)"
    script = (f"const S = require({json.dumps(str(SEARCH_JS))}); const data = {json.dumps(data)};"
              f"Promise.resolve({expression}).then(v => process.stdout.write(JSON.stringify(v)))"
              ".catch(e => { console.error(e); process.exit(1); });")
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=30,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def stem_keys(words):
    return js("data.map(w => S.fiQueryStems(w))", words)


@pytest.mark.parametrize("base,forms", [
    ("tuki", ["tuen", "tukea", "tuesta", "tukeen", "tukia"]),  # k : ∅
    ("velka", ["velan", "velkaa", "velat", "velkoja"]),  # lk : l, a : o in the plural
    ("kunta", ["kunnan", "kunnassa", "kuntien"]),  # nt : nn
    ("asunto", ["asunnon", "asuntoon", "asunnoissa"]),
    ("hoito", ["hoidon", "hoitoa"]),  # t : d
    ("hakemus", ["hakemuksen", "hakemusta", "hakemukseni", "hakemuksia"]),  # -s : -kse-
    ("oikeus", ["oikeuden", "oikeutta", "oikeuksia"]),
    ("asuminen", ["asumisen", "asumista", "asumiseen", "asumisessa"]),  # -nen : -se-
    ("taloudellinen", ["taloudellisen", "taloudellista", "taloudellisia"]),
    ("palvelu", ["palveluun", "palveluihin", "palveluja", "palvelut", "palveluistakin"]),
    ("päihde", ["päihteet", "päihteiden", "päihteistä"]),
    ("työtön", ["työttömän", "työttömänä"]),
    ("toimeentulotuki", ["toimeentulotuesta", "toimeentulotukea", "toimeentulotuen"]),
    ("työ", ["töitä", "töihin", "töissä"]),  # a diphthong's plural stem: yö : öi
])
def test_inflected_forms_meet_their_base_form(base, forms):
    key = js("S.fiTermKeys(data)", base)[0]
    for form, stems in zip(forms, stem_keys(forms), strict=True):
        assert key in stems, f"{form}: {stems} has no {key} ({base})"


def test_verbs_meet_by_their_stem():
    assert set(js("S.fiTermKeys('hakea')")) & set(stem_keys(["haen"])[0])


INDEX = {
    "lang": "fi",
    "pages": [["palvelut/toimeentulotuki/", "Toimeentulotuki"], ["palvelut/asumisneuvonta/",
              "Asumisneuvonta"], ["palvelut/velka/", "Velkaneuvonta"]],
    "docs": [[0, "", "Toimeentulotuki", "…"], [0, "hakemus", "Hakemus", "…"],
             [1, "", "Asumisneuvonta", "…"], [2, "", "Velkaneuvonta", "…"]],
    "terms": {"toimeentulotuki": [0, 30, 1, 10], "hakemus": [1, 20, 1, 5],
              "asumisneuvonta": [2, 30], "asumis": [2, 15], "neuvonta": [2, 15, 1, 15],
              "asua": [2, 10], "velka": [3, 20], "velkaneuvonta": [3, 30], "ongelma": [3, 5]},
    "forms": {"asumisen": "asua", "velkaantuneena": "velka", "ylivelkainen": "velka"},
}


FETCH = """(async () => {
  const fetched = [];
  const engine = new S.Engine(JSON.parse(data.files[data.lang + ".json"]), async path => {
    fetched.push(path);
    if (!(path in data.files)) throw new Error("no file " + path);
    return JSON.parse(data.files[path]);
  });
  const results = [];
  for (const query of data.queries) results.push((await engine.search(query, 10)).map(r => r.url));
  return { results, fetched };
})()"""


def run(queries, index=INDEX, lang="fi"):
    """Queries in node, one after another on one page, against the index as split_index cuts
    it, fetched from memory: (each query's result URLs, the paths fetched, in order)."""
    found = js(FETCH, {"files": split_index(index), "lang": lang, "queries": queries})
    return found["results"], found["fetched"]


def test_a_root_of_another_format_fails_the_search_so_the_page_fetches_it_again():
    """A root kept in the browser's cache from before a change of the format (3: a words
    file per prefix, named by "prefixes") is not read as this one: the search fails, and the
    page fetches the roots again past the cache (``mount``)."""
    files = split_index(INDEX)
    current = json.loads(files["fi.json"])
    old = {**current, "version": 3, "prefixes": [p for group in current.pop("words") for p in group]}
    failed = js("""new S.Engine(data.old, async path => { throw new Error(path); })
        .search("velka", 10).then(() => "found", e => String(e.message))""", {"old": old})
    assert failed == "format 3"
    assert run(["velka"])[0] == [["palvelut/velka/"]]  # the current one, the same query


def top(query):
    return run([query])[0][0]


@pytest.mark.parametrize("query,expected", [
    ("toimeentulotuesta", "palvelut/toimeentulotuki/"),  # a form the text never uses
    ("hakemuksen", "palvelut/toimeentulotuki/#hakemus"),  # a section's anchor
    ("neuvonta asumiseen", "palvelut/asumisneuvonta/"),  # compound parts, another case
    ("velkaongelmaan", "palvelut/velka/"),  # a compound the text does not use
    ("toimentulotuki", "palvelut/toimeentulotuki/"),  # a typo
    ("asumisne", "palvelut/asumisneuvonta/"),  # still typing
    ("ylivelkainen", "palvelut/velka/"),  # a form of a term in another words file
])
def test_queries_find_the_right_page_first(query, expected):
    assert top(query)[0] == expected


def test_every_word_of_a_phrase_counts():
    assert top("neuvonta velka ")[0] == "palvelut/velka/"
    assert top("neuvonta asua ")[0] == "palvelut/asumisneuvonta/"


def test_words_that_match_nothing_give_nothing():
    assert top("xqzvw ") == []


def test_words_named_like_object_properties_are_plain_words():
    index = {"lang": "en", "pages": [["en/a/", "A"]], "docs": [[0, "", "A", "…"]],
             "terms": {"constructor": [0, 10], "tostring": [0, 5]}, "forms": {}}
    assert run(["constructor ", "toString ", "valueOf "], index, "en")[0] == [
        ["en/a/"], ["en/a/"], []]


def test_english_stems():
    assert js("['services', 'applying', 'families', 'housing', 'address'].map(S.enStem)") == [
        "service", "apply", "family", "hous", "address"]



WORDS = {**INDEX, "terms": {**INDEX["terms"], "toinen": [1, 3], "tuki": [0, 5], "ongelmia": [3, 1],
                            "ohjaus": [2, 4], "hakea": [1, 6]}}


def words_files(paths, index):
    """The words files among fetched paths, parsed."""
    files = split_index(index)
    return [json.loads(files[p]) for p in paths if p.rsplit("/", 1)[1].startswith("w")]


@pytest.mark.parametrize("query", ["toimeentulotuesta", "hakemuksen", "toimentulotuki",
                                   "asumisne", "velkaongelmaan", "neuvonta asumiseen"])
def test_a_query_fetches_few_files_and_finds_its_terms_in_them(query):
    """A query fetches each file once, and only the words files of its words' first two
    letters, their typo neighbours and a compound's second parts; the terms it found are in
    those files, and their postings were fetched."""
    (urls,), fetched = run([query], WORDS)
    assert urls, query
    assert len(fetched) == len(set(fetched)) <= 8, fetched
    words = words_files(fetched, WORDS)
    loaded = {term for file in words for entry in file.values() for key in ("terms", "refs")
              for term in entry.get(key, {})}
    postings = {term for p in fetched if "/p" in p for term in json.loads(split_index(WORDS)[p])}
    assert postings & loaded
    # every words file fetched holds words of one of these (it may hold other small prefixes)
    asked = {"to", "ot", "oi", "ti", "ha", "ah", "ak", "as", "sa", "su", "au", "ne", "en", "eu",
             "nu", "ve", "ev", "el", "vl", "ka", "ao", "on", "ng"}
    assert all(set(file) & asked for file in words), [sorted(file) for file in words]


def test_files_are_fetched_once_and_kept():
    _, fetched = run(["toimeentulotuesta", "toimeentulotuesta", "toimeentulotuki "])
    assert len(fetched) == len(set(fetched))
    _, first = run(["toimeentulotuesta"])
    assert fetched[:len(first)] == first


def test_a_typo_in_the_first_two_letters_loads_the_neighbouring_words_file():
    results, fetched = run(["otimeentulotuki"])  # to → ot: swapped
    assert results[0][0] == "palvelut/toimeentulotuki/"
    assert any("toimeentulotuki" in entry.get("terms", {})
               for f in words_files(fetched, INDEX) for entry in f.values())


def test_sections_files_are_fetched_only_for_the_results_shown():
    many = {"lang": "fi", "pages": [[f"p/{n}/", f"Sivu {n}"] for n in range(40)],
            "docs": [[n, "", f"Sivu {n}", "…"] for n in range(40)],
            "terms": {"velka": [0, 10] + [1, 10] * 39, "ainutlaatuinen": [7, 50]}, "forms": {}}
    results, fetched = run(["ainutlaatuinen "], many)
    assert results[0] == ["p/7/"]
    assert sum("/s" in path for path in fetched) == 1
    results, fetched = run(["velka "], many)
    assert len(results[0]) == 10
    assert sum("/s" in path for path in fetched) <= -(-10 // PAGES_PER_FILE) + 1


SUGGEST = """(async () => {
  const fetched = [];
  const engine = new S.Engine(JSON.parse(data.files["fi.json"]), async path => {
    fetched.push(path);
    return JSON.parse(data.files[path]);
  });
  const out = [];
  for (const query of data.queries) {
    const before = fetched.length;
    const results = await engine.search(query, 10);
    const searched = fetched.length;
    out.push({results: results.map(r => [r.url, r.audience]), suggestion: engine.suggest(query),
              extra: fetched.length - searched, fetched: searched - before});
  }
  return out;
})()"""


def suggest(queries, index=INDEX):
    return js(SUGGEST, {"files": split_index(index), "queries": queries})


def test_a_query_with_no_results_suggests_the_nearest_words_of_the_index_without_fetching():
    found = suggest(["hakmuss ", "toimeentulotukki hakemuss ", "xqzvw hakmuss ", "xqzvw "])
    assert found[0]["results"] == [] and found[2]["results"] == []
    assert found[0]["suggestion"] == "hakemus"  # two letters away: no result, suggested
    assert found[1]["suggestion"] is None  # found by the typo tolerance: results, no need
    assert found[1]["results"]
    assert found[2]["suggestion"] == "xqzvw hakemus"  # the word nothing is near stays
    assert found[3]["suggestion"] is None  # nothing near
    assert all(f["extra"] == 0 for f in found)  # from the files the search loaded


def test_each_result_says_whom_it_is_for():
    index = {**INDEX, "pages": [*INDEX["pages"], ["ammattilaisille/prosessit/velka/", "Velka"]],
             "docs": [*INDEX["docs"], [3, "", "Velka", "…"]],
             "terms": {**INDEX["terms"], "velka": [3, 20, 1, 20]}}
    [found] = suggest(["velka "], index)
    assert found["results"][:2] == [["palvelut/velka/", "r"], ["ammattilaisille/prosessit/velka/", "s"]]


# --- Issue 28: whole sentences, the editors' pages, English wherever it is typed --------------

@pytest.mark.parametrize("query,lang,content", [
    ("minulla on liikaa velkoja enkä pysty maksamaan niitä", "fi", ["velkoja", "pysty", "maksamaan"]),
    ("I have too many debts and cannot pay them", "en", ["debts", "pay"]),
    ("en osaa suomea ja tarvitsen apua", "fi", ["osaa", "suomea"]),  # "apua" beside two others
    ("apua heti", "fi", ["apua", "heti"]),  # … but not beside one
    ("mitä", "fi", ["mitä"]),  # nothing but stop words: kept
    ("where can I get help", "en", ["help"]),
])
def test_a_whole_sentence_is_searched_by_its_content_words(query, lang, content):
    assert js(f"S.contentWords(S.words(data), S.languages.{lang})", query) == content


def test_a_long_everyday_sentence_finds_its_page_first():
    assert top("minulla on liikaa velkoja enkä pysty maksamaan niitä")[0] == "palvelut/velka/"
    assert top("mistä minä saan neuvoa asumiseen ")[0] == "palvelut/asumisneuvonta/"


EDITORS = {**INDEX,
           "pages": [*INDEX["pages"], ["tietoa/makrot/", "Makrot"]],
           "docs": [*INDEX["docs"], [3, "", "Makrot", "…"]],
           "terms": {**INDEX["terms"], "velka": [3, 20, 1, 90], "makro": [4, 50], "yaml": [4, 20]},
           "editors": {"pages": [3], "terms": ["makro"], "only": ["makro", "yaml"]}}


@pytest.mark.parametrize("query,expected", [
    ("velka ", ["palvelut/velka/"]),  # the editors' page matches better, and is left out
    ("makro ", ["tietoa/makrot/"]),  # asked for by a word of its title
    ("makroja velka ", ["tietoa/makrot/", "palvelut/velka/"]),
    ("yaml ", ["tietoa/makrot/"]),  # a query of the editors' words alone
    ("yaml velka ", ["palvelut/velka/"]),  # an editors' word beside a resident's is not asking
])
def test_the_editors_pages_appear_only_when_asked_for(query, expected):
    assert run([query], EDITORS)[0][0] == expected


ENGLISH = {"lang": "en", "pages": [["en/services/toimeentulotuki/", "Social assistance"],
                                   ["en/help/asuminen/", "Housing"]],
           "docs": [[0, "", "Social assistance", "…"], [1, "", "Housing", "…"]],
           "terms": {"social": [0, 20], "assistance": [0, 20], "rent": [0, 10, 1, 30],
                     "housing": [1, 30]}, "forms": {}}

LANGUAGES = """(async () => {
  const engines = {}, fetched = [];
  for (const lang of ["fi", "en"]) {
    const files = data.files[lang];
    engines[lang] = new S.Engine(JSON.parse(files[lang + ".json"]), async path => {
      fetched.push(path);
      return JSON.parse(files[path]);
    });
  }
  const out = [];
  for (const [page, query] of data.queries) {
    let asked = 0;
    const other = () => { asked++; return engines[page === "fi" ? "en" : "fi"]; };
    const results = await S.searchLanguages(engines[page], other, query, 10);
    out.push({results: results.map(r => [r.url, r.lang]), other: asked});
  }
  return out;
})()"""


def languages(queries):
    files = {"fi": split_index(INDEX), "en": split_index(ENGLISH)}
    return js(LANGUAGES, {"files": files, "queries": queries})


def test_an_english_query_finds_the_english_pages_wherever_it_is_typed():
    on_fi, on_en, assistance = languages([("fi", "rent "), ("en", "rent "),
                                         ("fi", "how to apply for social assistance ")])
    assert on_fi["results"][0] == ["en/help/asuminen/", "en"] and on_fi["other"] == 1
    assert on_en["results"][0] == ["en/help/asuminen/", "en"] and on_en["other"] == 0
    assert assistance["results"][0] == ["en/services/toimeentulotuki/", "en"]


def test_a_finnish_query_ranks_finnish_pages_first_and_fetches_no_english_when_it_need_not():
    known, on_en, typo = languages([("fi", "toimeentulotuesta "), ("en", "toimeentulotuesta "),
                                    ("fi", "toimentulotuki ")])
    assert known == {"results": [["palvelut/toimeentulotuki/", "fi"]], "other": 0}
    assert on_en["results"][0] == ["palvelut/toimeentulotuki/", "fi"] and on_en["other"] == 1
    assert typo["results"][0] == ["palvelut/toimeentulotuki/", "fi"]  # a typo: fi on a tie
