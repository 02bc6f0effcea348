"""The search index (macros/search_index.py) from in-memory sections and a toy analyser."""

import json

from sites import ROOT

from macros.data.site import load_site
from macros.search import fragments as search_fragments
from macros.search.finnish import Terms
from macros.search.index import (
    PageText,
    Section,
    build_index,
    page_sections,
    plain,
    search_keywords,
    sections_of,
    split_index,
    words,
)

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


def test_the_pages_contents_are_cut_into_sections_page_by_page_in_order():
    pages = [PageText('<p>Etusivu.</p><h2 id="apu">Apu</h2><p>Soita.</p>', "", "Etusivu"),
             PageText("<p>Tietoa.</p>", "tietoa/", "Tietoa")]
    assert [(s.location, s.title, plain(s.text)) for s in sections_of(pages)] == [
        ("", "Etusivu", "Etusivu."), ("#apu", "Apu", "Soita."), ("tietoa/", "Tietoa", "Tietoa.")]


def split(index):
    """split_index's files parsed: the root, and the fragments by kind and number."""
    files = {path: json.loads(text) for path, text in split_index(index).items()}
    root = files.pop(f"{index['lang']}.json")
    fragments = {}
    for path, data in files.items():
        folder, name = path.rsplit("/", 1)
        assert folder == root["folder"]
        fragments[name[0], int(name[1:-5])] = data
    return root, fragments


def test_split_index_puts_every_term_and_form_in_the_words_file_of_its_first_letters():
    sections = [*SECTIONS, Section("palvelut/c/", "Apu", "<p>Tuen saa ylivelkainen.</p>")]
    index = build_index(sections, {"palvelut/a/": ["vuokrarästi"]}, "fi", lambda word: Terms(
        ("velka",)) if word == "ylivelkainen" else toy(word))
    root, fragments = split(index)
    words_file = words_of(root, fragments, "yl")
    assert words_file["forms"] == {"ylivelkainen": "velka"}
    assert words_file["refs"] == {"velka": words_of(root, fragments, "ve")[
        "terms"]["velka"]}  # the postings file of a term of another prefix
    prefixes = [prefix for group in root["words"] for prefix in group]
    assert prefixes == sorted(prefixes) and root["prefix"] == 2
    for term, flat in index["terms"].items():
        words_file = words_of(root, fragments, term[:2])
        postings = fragments["p", words_file["terms"][term]][term]
        pairs, page = [], 0  # [page gap, section in page, weight] → (section number, weight)
        for i in range(0, len(postings), 3):
            page += postings[i]
            first = next(n for n, doc in enumerate(index["docs"]) if doc[0] == page)
            pairs += [first + postings[i + 1], postings[i + 2]]
        assert pairs == list(postings_pairs(flat)), term
    for form, targets in index["forms"].items():
        words_file = words_of(root, fragments, form[:2])
        assert words_file["forms"][form] == targets
        for term in targets.split():  # a term of another prefix: its postings file is named
            assert term in words_file.get("terms", {}) or term in words_file.get("refs", {})


def words_of(root, fragments, prefix):
    """The words of a prefix: its entry in the words file of its group."""
    [n] = [n for n, group in enumerate(root["words"]) if prefix in group]
    return fragments["w", n][prefix]


def test_small_prefixes_share_a_words_file_and_a_large_one_has_its_own(monkeypatch):
    monkeypatch.setattr(search_fragments, "WORDS_BYTES", 400)
    long = [f"velka{n:03d}" for n in range(40)]  # one prefix of many terms
    few = ["aamu", "bussi", "cello", "data", "eläke", "fysio", "gluteeni", "hakemus"]
    index = build_index([Section(f"palvelut/{n}/", "X", f"<p>{word}</p>")
                         for n, word in enumerate(few + long)], {}, "fi", toy)
    root, fragments = split(index)
    files = {n: json.dumps(fragments["w", n], ensure_ascii=False, separators=(",", ":"))
             for n in range(len(root["words"]))}
    assert ["ve"] in root["words"] and len(files[root["words"].index(["ve"])]) > 400
    assert len(root["words"]) < len(few) and max(map(len, root["words"])) > 1
    for n, group in enumerate(root["words"]):
        assert sorted(fragments["w", n]) == group
        assert len(group) == 1 or len(files[n]) <= 400 + 2 * len(group), (group, files[n])


def postings_pairs(flat):
    doc = 0
    for i in range(0, len(flat), 2):
        doc += flat[i]
        yield from (doc, flat[i + 1])


def test_split_index_keeps_a_common_terms_best_sections(monkeypatch):
    monkeypatch.setattr(search_fragments, "MAX_POSTINGS", 3)
    same = [Section(f"palvelut/{n}/", "X", "<p>velka" + " muuta" * n + "</p>") for n in range(6)]
    index = build_index(same, {}, "fi", toy)
    root, fragments = split(index)
    chunk = words_of(root, fragments, "ve")["terms"]["velka"]
    kept = fragments["p", chunk]["velka"]
    assert len(kept) == 3 * 3 and kept[0::3] == [0, 1, 1]  # pages 0, 1, 2: the shortest texts
    assert len(fragments["p", words_of(root, fragments, "mu")["terms"]["muuta"]][
        "muuta"]) == 3 * 3


def test_split_index_files_sections_by_page_and_names_its_folder_by_content():
    index = build_index(SECTIONS, {}, "fi", toy)
    root, fragments = split(index)
    per = root["pagesPerFile"]
    shown = [page for kind, n in sorted(fragments) if kind == "s"
             for page in fragments[kind, n]["pages"]]
    assert [page[0] for page in shown] == [url for url, _ in index["pages"]]
    assert shown[0][2][1] == ["hakeminen", "Hakeminen", "Täytä hakemus & odota."]
    assert len(fragments["s", 0]["pages"]) == min(per, len(index["pages"]))
    other, _ = split(build_index(SECTIONS[:2], {}, "fi", toy))
    assert other["folder"] != root["folder"] and root["folder"].startswith("fi/")
    assert split(index)[0] == root  # the same index, the same folder


def test_soft_hyphens_of_headings_are_not_in_the_index():
    html = ('<h1 id="t">Asumis&shy;neuvonta</h1><p>Neu&shy;vontaa</p>'
            '<h2 id="h">Ha&shy;ke&shy;mi&shy;nen<a class="headerlink" href="#h">¶</a></h2><p>x</p>')
    sections = page_sections(html, "palvelut/a/", "Asumisneuvonta")
    assert [s.title for s in sections] == ["Asumisneuvonta", "Hakeminen"]
    assert plain(sections[0].text) == "Neuvontaa"
    index = build_index(sections, {}, "fi", toy)
    assert {"asumisneuvonta", "hakeminen", "neuvontaa"} <= set(index["terms"])
    assert "\u00ad" not in json.dumps(index, ensure_ascii=False)


# --- Issue 28: each language's own words; the editors' pages ---------------------------------

def test_a_language_index_leaves_out_the_parts_in_another_language():
    from macros.search.index import in_language
    html = ('<p>Tulkki <span lang="en">interpreter <b>now</b></span> auttaa.</p>'
            '<div lang="sms"><div>Nuõrttsääʹmǩiõll</div></div><p lang="fi-FI">Suomeksi</p>'
            '<img lang="en" alt="x"><p>loppu</p>')
    assert in_language(html, "fi") == ('<p>Tulkki  auttaa.</p><p lang="fi-FI">Suomeksi</p>'
                                       '<p>loppu</p>')
    sections = [Section("ammattilaisille/s/", "Säännöt",
                        '<p>Pyydä tulkkia. <span lang="en">Ask for an interpreter.</span></p>'),
                Section("en/services/a/", "Housing advice",
                        '<p>Help. <span lang="fi">Sosiaalihuoltolaki</span></p>')]
    fi, en = (build_index(sections, {}, lang, toy) for lang in ("fi", "en"))
    assert "interpreter" not in fi["terms"] and "tulkkia" in fi["terms"]
    assert "sosiaalihuoltolaki" not in en["terms"] and "help" in en["terms"]
    assert "Ask" not in fi["docs"][0][3]  # nor in the snippet


def test_each_page_says_whom_it_is_for():
    from macros.search.audience import audience
    assert [audience(u) for u in ("palvelut/a/", "ammattilaisille/b/", "tietoa/makrot/", "en/")] \
        == ["r", "s", "e", "r"]


def test_the_root_names_the_editors_pages_and_the_words_that_ask_for_them():
    sections = [Section("palvelut/a/", "Velkaneuvonta", "<p>velka ja muokata asiaa</p>"),
                Section("tietoa/makrot/", "Makrot", "<p>velka yaml</p>"),
                Section("tietoa/muokkaaminen/", "Käsikirjan muokkaaminen", "<p>yaml git</p>"),
                *(Section(f"palvelut/{n}/", "Muu", "<p>muuta</p>") for n in range(30))]
    index = build_index(sections, {"tietoa/makrot/": ["julkaisu"]}, "fi", toy)
    assert index["editors"]["pages"] == [1, 2]
    # Whole words of the editors' titles and keywords that no other title has: "muokkaaminen"
    # too (the toy analyser keeps words as they are), but not the residents' "velkaneuvonta".
    assert index["editors"]["terms"] == ["julkaisu", "käsikirjan", "makrot", "muokkaaminen"]
    assert index["editors"]["only"] == ["git", "julkaisu", "käsikirjan", "makrot", "muokkaaminen",
                                        "yaml"]
    root, fragments = split(index)
    assert root["editors"] == {"pages": [1, 2], "terms": index["editors"]["terms"]}
    assert words_of(root, fragments, "ya")["editors"] == ["yaml"]
    assert "editors" not in words_of(root, fragments, "ve")
