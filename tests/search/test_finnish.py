"""Finnish words to index terms with Voikko (macros/finnish.py) on hard cases."""

import subprocess
import sys

import pytest
from sites import ENV, ROOT

from macros.search.finnish import analyse, compound_parts


@pytest.mark.parametrize("word,lemma", [
    ("toimeentulotuesta", "toimeentulotuki"),  # gradation k → ∅ inside a compound
    ("tukea", "tuki"),
    ("velkaa", "velka"),
    ("velan", "velka"),  # lk → l
    ("kunnan", "kunta"),  # nt → nn
    ("hakemuksen", "hakemus"),  # -s : -kse-
    ("hakemukseni", "hakemus"),  # possessive suffix
    ("taloudellisen", "taloudellinen"),  # -nen : -se-
    ("asumisneuvontaan", "asumisneuvonta"),
    ("oikeuksistani", "oikeus"),  # plural, elative, possessive
    ("päihteistä", "päihde"),  # -e : -ee-, plural
    ("Kelasta", "kela"),
])
def test_inflected_words_get_their_base_form(word, lemma):
    assert lemma in analyse(word).lemmas


def test_ambiguous_forms_keep_every_base_form():
    assert {"tuki", "tukea"} <= set(analyse("tuen").lemmas)


def test_compounds_are_indexed_by_their_parts_too():
    assert {"asumis", "neuvonta"} <= set(analyse("asumisneuvonnasta").parts)
    assert {"toimeentulo", "tuki", "tulotuki"} <= set(analyse("toimeentulotuen").parts)
    assert {"mielenterveys", "palvelu"} <= set(analyse("mielenterveyspalveluihin").parts)


def test_compound_parts_from_voikko_structure_are_pure():
    assert compound_parts("velkaneuvonnassa", "velkaneuvonta", "=ppppp=ppppppppppp") == [
        "velka", "neuvonta"]
    assert compound_parts("työ", "työ", "=ppp") == []


def test_unknown_hyphenated_names_inflect_by_their_last_part():
    terms = analyse("TE-toimistoon")
    assert terms.lemmas == ("te-toimisto",) and "toimisto" in terms.parts


def test_names_and_numbers_stay_as_they_are():
    assert analyse("112").lemmas == ("112",)
    assert analyse("Xyzzyqq").lemmas == ("xyzzyqq",)


def test_a_missing_voikko_stops_the_build_with_the_install_command(tmp_path):
    code = ("import sys; sys.modules['libvoikko'] = None; from mkdocs.__main__ import cli; "
            f"sys.argv = ['mkdocs', 'build', '-q', '-d', {str(tmp_path / 'site')!r}]; cli()")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True,
                            text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode != 0
    assert "Voikko puuttuu" in result.stderr and "apt-get install libvoikko1 voikko-fi" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_hyphenation_points_of_long_words_but_never_of_names_numbers_or_abbreviations():
    from macros.search.finnish import hyphenation
    word = "Aikuissosiaalityön"
    points = hyphenation(word)
    assert points and 6 in points  # aikuis|sosiaali|työn: the compound boundary
    assert "-".join(word[a:b] for a, b in zip([0, *points], [*points, len(word)], strict=True)) == \
        "Ai-kuis-so-siaa-li-työn"
    for whole in ("Sodankylä", "Pelkosenniemi", "Rovaniemi", "KELA-kortti", "asiakas", "xyzqwertyu",
                  "2024-luvulla"):
        assert hyphenation(whole) == (), whole
    assert 1 not in hyphenation("asiakkaana")  # no letter alone: a-siakkaana
