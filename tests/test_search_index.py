"""The search index (macros/search_index.py) from in-memory sections and a toy analyser."""

from sites import ROOT

from macros.finnish import Terms
from macros.search_index import Section, build_index, page_sections, plain, search_keywords, words
from macros.validate import load_site

LEMMAS = {"tuen": "tuki", "tukea": "tuki", "hakemuksen": "hakemus", "asumisen": "asuminen"}


def toy(word: str) -> Terms:
    lower = word.lower()
    parts = ("asumis", "neuvonta") if lower == "asumisneuvonta" else ()
    return Terms((LEMMAS.get(lower, lower),), parts)


SECTIONS = [
    Section("palvelut/a/", "Asumisneuvonta", "<p>Neuvontaa asumisen ongelmiin.</p>"),
    Section("palvelut/a/#hakeminen", "Hakeminen", "<p>Täytä hakemus &amp; odota.</p>"),
    Section("ammattilaisille/b/", "Tuki", "<p>Tuen myöntäminen ja hakemuksen käsittely.</p>"),
    Section("en/services/a/", "Housing advice", "<p>Help with housing.</p>"),
]


def postings(index, term):
    flat, doc, out = index["terms"][term], 0, {}
    for i in range(0, len(flat), 2):
        doc += flat[i]
        out[doc] = flat[i + 1]
    return out


def test_terms_are_base_forms_and_forms_lead_to_them():
    index = build_index(SECTIONS, {}, "fi", toy)
    assert "tuki" in index["terms"] and "tuen" not in index["terms"]
    assert index["forms"]["tuen"] == "tuki" and index["forms"]["hakemuksen"] == "hakemus"
    assert set(postings(index, "hakemus")) == {1, 2}  # section numbers, stored as gaps


def test_compound_parts_count_less_than_the_word():
    index = build_index(SECTIONS, {}, "fi", toy)
    assert postings(index, "asumisneuvonta")[0] > postings(index, "asumis")[0]


def test_titles_and_keywords_weigh_more_than_text():
    index = build_index(SECTIONS, {"palvelut/a/": ["vuokrarästi"]}, "fi", toy)
    assert list(postings(index, "vuokrarästi")) == [0]  # only on the page's own entry
    titled, plain = postings(index, "tuki")[2], postings(index, "hakemus")[2]
    assert titled > plain


def test_staff_pages_weigh_a_little_less_than_residents_pages():
    same = [Section("palvelut/x/", "X", "<p>velka</p>"),
            Section("ammattilaisille/x/", "X", "<p>velka</p>"),
            *(Section(f"muu/{n}/", "Y", "<p>muuta</p>") for n in range(8))]
    weights = postings(build_index(same, {}, "fi", toy), "velka")
    assert weights[0] > weights[1]


def test_languages_get_their_own_pages():
    fi, en = (build_index(SECTIONS, {}, lang, toy) for lang in ("fi", "en"))
    assert [p[0] for p in fi["pages"]] == ["palvelut/a/", "ammattilaisille/b/"]
    assert [p[0] for p in en["pages"]] == ["en/services/a/"] and "housing" in en["terms"]
    assert fi["docs"][1][1:3] == ["hakeminen", "Hakeminen"]  # page number, anchor, title
    assert fi["docs"][1][3] == "Täytä hakemus & odota."


def test_words_keep_hyphenated_names_whole():
    assert words("Soita TE-toimistoon tai 112.") == ["Soita", "TE-toimistoon", "tai", "112"]


def test_keywords_come_from_services_docs_front_matter_and_old_names():
    site = load_site(ROOT)
    docs = {"asukkaille/x.md": "---\nkeywords: [hätä, apua heti]\n---\n# X\n",
            "asukkaille/y.md": "---\nkeywords: 112\n---\n# Y\n"}
    found = search_keywords(site, docs)
    assert found["asukkaille/x/"] == ["hätä", "apua heti"]
    assert found["asukkaille/y/"] == ["112"]  # one keyword without brackets
    assert "vuokrarästi" in found["palvelut/asumisneuvonta/"]
    assert "sosiaaliasiamies" in found["palvelut/sosiaaliasiavastaava/"]
    assert "TE-toimisto" in found["palvelut/monialainen-tyollistyminen/"]


def test_pages_are_cut_into_sections_at_headings():
    html = ('<h1 id="otsikko">Otsikko<a class="headerlink" href="#otsikko">&para;</a></h1>'
            '<p>Johdanto.</p><script type="application/ld+json">{"name": "x"}</script>'
            '<h2 id="haku">Näin <abbr title="x">haet</abbr><a class="headerlink" href="#haku">'
            '&para;</a></h2><p>Täytä hakemus.</p><h3 id="liitteet">Liitteet</h3><p>Kuitit.</p>')
    found = [(s.location, s.title, plain(s.text))
             for s in page_sections(html, "palvelut/x/", "Otsikko")]
    assert found == [("palvelut/x/", "Otsikko", "Johdanto."),
                     ("palvelut/x/#haku", "Näin haet", "Täytä hakemus."),
                     ("palvelut/x/#liitteet", "Liitteet", "Kuitit.")]
