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

SEARCH_JS = ROOT / "docs/assets/search.js"


def js(expression: str, data=None):
    """Evaluate ``expression`` with ``S`` = search.js's exports and ``data``; return its JSON."""
    node = shutil.which("node")
    assert node, "node is missing: apt-get install -y nodejs npm (bash .ci/setup --browser)"
    script = (f"const S = require({json.dumps(str(SEARCH_JS))}); const data = {json.dumps(data)};"
              f"process.stdout.write(JSON.stringify({expression}));")
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
    "forms": {"asumisen": "asua"},
}


def top(query):
    return js("new S.Engine(data.index).search(data.query).map(r => r.url)",
              {"index": INDEX, "query": query})


@pytest.mark.parametrize("query,expected", [
    ("toimeentulotuesta", "palvelut/toimeentulotuki/"),  # a form the text never uses
    ("hakemuksen", "palvelut/toimeentulotuki/#hakemus"),  # a section's anchor
    ("neuvonta asumiseen", "palvelut/asumisneuvonta/"),  # compound parts, another case
    ("velkaongelmaan", "palvelut/velka/"),  # a compound the text does not use
    ("toimentulotuki", "palvelut/toimeentulotuki/"),  # a typo
    ("asumisne", "palvelut/asumisneuvonta/"),  # still typing
])
def test_queries_find_the_right_page_first(query, expected):
    assert top(query)[0] == expected


def test_every_word_of_a_phrase_counts():
    assert top("neuvonta velka ")[0] == "palvelut/velka/"
    assert top("neuvonta asua ")[0] == "palvelut/asumisneuvonta/"


def test_words_that_match_nothing_give_nothing():
    assert top("xqzvw ") == []


def test_english_stems():
    assert js("['services', 'applying', 'families', 'housing', 'address'].map(S.enStem)") == [
        "service", "apply", "family", "hous", "address"]
