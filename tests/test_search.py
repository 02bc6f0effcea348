"""Search that understands Finnish as residents type it, in a real browser.

The query set (tests/search_queries.yml) is typed into the search box of the built handbook
served by nginx, and into plain Material search (lunr, ``lang: fi``) built from the same pages
in the same run. Both hit rates are printed; ours must find the expected page in the top three
for at least 90 % of the queries. Also: what a page loads before and after the first search,
keyboard use, what a screen reader hears, and English search on English pages.
"""

from __future__ import annotations

import gzip
import json
from urllib.parse import urlparse

import pytest
import yaml
from browser import open_search, run_axe
from servers import get, nginx
from sites import ROOT, build, handbook_copy

pytestmark = [pytest.mark.browser, pytest.mark.server]  # the built sites served by nginx

QUERIES = yaml.safe_load((ROOT / "tests/search_queries.yml").read_text(encoding="utf-8"))
# Written as residents type (first person, everyday words), not from the pages' words: issue 18.
RESIDENT_QUERIES = yaml.safe_load((ROOT / "tests/search_queries_residents.yml").read_text(
    encoding="utf-8"))
# Whole sentences, Kela appeals and English (issue 28), written before the search changed.
EVERYDAY_QUERIES = yaml.safe_load((ROOT / "tests/search_queries_everyday.yml").read_text(
    encoding="utf-8"))
TARGET = 0.9
RESIDENT_TARGET = 0.95
EVERYDAY_TARGET = 0.95
MAX_FRAGMENTS = 20  # "hakemus" needs 11 on the real handbook


@pytest.fixture(scope="module")
def material_search(tmp_path_factory):
    """The same handbook with Material's own search instead of ours: a copy of the project
    without overrides/partials/search.html, built and served like the real one."""
    project = tmp_path_factory.mktemp("material-search") / "project"
    handbook_copy(project, history=True)  # the changes page reads git history
    (project / "overrides/partials/search.html").unlink()
    result = build(project, project / "site")
    assert result.returncode == 0, result.output
    with nginx(project / "site", tmp_path_factory.mktemp("nginx-material")) as url:
        yield url


# The handbook's list says which query it shows (search.js, data-hk-query) once the results of
# the whole query are in; Material's search says nothing, so its results must stay unchanged
# for 300 ms (its worker answers a query in a few).
SHOWN = "query => document.querySelector('ol[data-hk-query]')?.dataset.hkQuery === query"
SETTLED = """() => {
    const meta = document.querySelector('.md-search-result__meta');
    const text = meta ? meta.textContent : '';
    const now = text + document.querySelectorAll('.md-search-result__item').length;
    if (window.__last !== now) { window.__last = now; window.__since = Date.now(); return false; }
    return Date.now() - window.__since > 300 && !/latautuu|Aloitetaan|Kirjoita/.test(text);
}"""


def type_query(page, query: str) -> None:
    """Type a query into the search box as a reader does."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query)  # key by key, each an input event, as typed


def shown_results(page, query: str, count: int = 3, ours: bool = True) -> list[str]:
    """The pages of the first three (or ``count``) results of a typed query, as paths from
    the site root, once the list shows them."""
    if ours:
        page.wait_for_function(SHOWN, arg=query.strip(), polling=50, timeout=15000)
    else:
        page.wait_for_function(SETTLED, polling=100, timeout=15000)
    found = []
    for href in page.eval_on_selector_all(
            ".md-search-result__item", "items => items.map(i => i.querySelector('a').href)"):
        path = urlparse(href).path.lstrip("/")
        if path not in found:
            found.append(path)
    return found[:count]


def results(page, query: str, count: int = 3, ours: bool = True) -> list[str]:
    type_query(page, query)
    return shown_results(page, query, count, ours)


def hit_rate(browser, url: str, queries=QUERIES, start: str = "", shown: list | None = None,
             ours: bool = True) -> tuple[float, list[str]]:
    """The share of queries whose expected page is among the first three results, typed on
    the page ``start``; every query's results (all ten) are added to ``shown``."""
    context = browser.new_context(locale="fi-FI")
    page = context.new_page()
    page.goto(f"{url}/{start}", wait_until="networkidle")
    misses = []
    for kind, query, expected in queries:
        found = results(page, query, 10, ours)
        if shown is not None:
            shown.append((kind, query, found))
        if not set(expected.split()) & set(found[:3]):
            misses.append(f"{kind}: {query!r} → {found[:3]}")
    context.close()
    return 1 - len(misses) / len(queries), misses


def test_the_query_set_is_big_enough_and_names_real_pages(built_site):
    assert len(QUERIES) >= 40
    kinds = {kind for kind, _, _ in QUERIES}
    assert {"inflected", "phrase", "everyday", "old name", "typo"} <= kinds
    for _, query, expected in QUERIES:
        for path in expected.split():
            assert (built_site / path / "index.html").exists(), f"{query}: no page {path}"


def test_finnish_queries_find_the_expected_page_in_the_top_three(browser, served_site):
    shown: list = []
    ours, misses = hit_rate(browser, served_site, shown=shown)
    print(f"\nsearch hit rate (expected page in the top three, {len(QUERIES)} queries): "
          f"handbook {ours:.0%}")
    print("handbook misses:", *misses or ["none"], sep="\n  ")
    assert ours >= TARGET, misses
    assert editors_pages(shown) == []  # residents' queries: no editors' page among ten results


@pytest.mark.parametrize("queries, target", [(QUERIES, TARGET), (RESIDENT_QUERIES, RESIDENT_TARGET)],
                         ids=["finnish", "residents"])
def test_plain_material_search_finds_less_than_ours(browser, material_search, queries, target):
    """The same queries in plain Material search (lunr, lang: fi) built in the same run: below
    the target the handbook's search meets (the tests above), so below the handbook's rate.
    Apart from them, so that parallel workers run both at once."""
    material, misses = hit_rate(browser, material_search, queries, ours=False)
    print(f"\nplain Material search: {material:.0%} of {len(queries)} ({len(misses)} misses)")
    assert material < target


def test_the_resident_query_set_is_big_enough_and_names_real_pages(built_site):
    assert len(RESIDENT_QUERIES) >= 60
    assert {"violence", "debt", "mood", "housing", "money"} <= {k for k, _, _ in RESIDENT_QUERIES}
    assert not {q for _, q, _ in RESIDENT_QUERIES} & {q for _, q, _ in QUERIES}
    for _, query, expected in RESIDENT_QUERIES:
        for path in expected.split():
            assert (built_site / path / "index.html").exists(), f"{query}: no page {path}"


def test_residents_everyday_queries_find_the_expected_page_in_the_top_three(browser, served_site):
    shown: list = []
    ours, misses = hit_rate(browser, served_site, RESIDENT_QUERIES, shown=shown)
    print(f"\nresidents' everyday queries ({len(RESIDENT_QUERIES)}), expected page in the top "
          f"three: handbook {ours:.0%}")
    print("handbook misses:", *misses or ["none"], sep="\n  ")
    assert ours >= RESIDENT_TARGET, misses
    assert editors_pages(shown) == []


def test_the_everyday_query_set_is_big_enough_and_names_real_pages(built_site):
    assert len(EVERYDAY_QUERIES) >= 40
    kinds = {kind for kind, _, _ in EVERYDAY_QUERIES}
    assert kinds == {"sentence", "everyday", "appeal", "english"}
    assert sum(kind == "english" for kind, _, _ in EVERYDAY_QUERIES) >= 20
    earlier = {q for _, q, _ in QUERIES + RESIDENT_QUERIES}
    assert not {q for _, q, _ in EVERYDAY_QUERIES} & earlier
    for _, query, expected in EVERYDAY_QUERIES:
        for path in expected.split():
            assert (built_site / path / "index.html").exists(), f"{query}: no page {path}"


def editors_pages(shown) -> list[str]:
    return [f"{query!r} → {path}" for kind, query, found in shown if kind != "staff"
            for path in found if path.startswith("tietoa/")]


def test_everyday_sentences_and_english_find_their_page_wherever_typed(browser, served_site):
    """Every query of the set on the Finnish front page, and the English ones on the English
    front page too: the expected page among the first three for 95 % of each. Before this
    search (node on the same index, 2026-12-06): 48 % on the Finnish page, 92 % of the English
    ones on the English page."""
    english = [q for q in EVERYDAY_QUERIES if q[0] == "english"]
    shown: list = []
    on_fi, misses = hit_rate(browser, served_site, EVERYDAY_QUERIES, "", shown)
    on_en, en_misses = hit_rate(browser, served_site, english, "en/", shown)
    print(f"\neveryday sentences, appeals and English ({len(EVERYDAY_QUERIES)}), expected page in "
          f"the top three: typed on the Finnish front page {on_fi:.0%}, the {len(english)} English "
          f"ones on the English front page {on_en:.0%}")
    print("misses:", *misses + en_misses or ["none"], sep="\n  ")
    assert on_fi >= EVERYDAY_TARGET, misses
    assert on_en >= EVERYDAY_TARGET, en_misses
    assert editors_pages(shown) == []


def test_the_editors_pages_are_found_when_asked_for_and_only_then(browser, served_site):
    """Queries for the editors' pages (tietoa/: macros, editing the handbook, its build) find
    them first; the audit's residents' examples list none of them. (No query of the query
    sets lists one among its ten results: the hit-rate tests check that on their results.)"""
    context = browser.new_context(locale="fi-FI")
    page = context.new_page()
    page.goto(f"{served_site}/", wait_until="networkidle")
    for query, expected in (("makrot", "tietoa/makrot/"), ("käsikirjan muokkaaminen",
                            "tietoa/muokkaaminen/"), ("git", "tietoa/muokkaaminen/")):
        assert expected in results(page, query), query
    for query in ("häätö", "velkaneuvonta", "vuokrarästi"):  # the audit's examples
        assert not [p for p in results(page, query, 10) if p.startswith("tietoa/")], query
    context.close()


def test_a_residents_question_about_a_kela_decision_finds_the_residents_page_first(
        page, served_site):
    """Appealing a Kela decision: the residents' pages come before every staff process page."""
    page.goto(f"{served_site}/")
    for kind, query, _ in EVERYDAY_QUERIES:
        if kind != "appeal":
            continue
        found = results(page, query, 10)
        residents = [n for n, p in enumerate(found) if not p.startswith(("ammattilaisille/", "tietoa/"))]
        processes = [n for n, p in enumerate(found) if p.startswith("ammattilaisille/prosessit/")]
        assert residents and residents[0] < min(processes, default=99), (query, found)


def test_results_are_named_in_chromiums_accessibility_tree(browser, served_site):
    """Each result link is named, as chromium gives it to a screen reader, by what it shows in
    that order: its title first, whom the page is for (and its language when not the page's),
    the section and the snippet (a link around an <article> was named with nothing)."""
    context = browser.new_context(locale="fi-FI", bypass_csp=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    page.goto(f"{served_site}/palvelut/")
    open_search(page)
    for query in ("toimeentulotuesta", "help with rent"):
        page.locator("#hk-search-input").fill("")
        page.keyboard.type(query)
        page.wait_for_function("/osuma/.test(document.getElementById('hk-search-status').textContent)")
        links = page.locator(".md-search-result__link")
        assert links.count() >= 3
        for n in range(links.count()):
            shown = links.nth(n).evaluate("""a => [...a.querySelectorAll('h2, p')].map(
                e => e.textContent.replace(/\\s+/g, ' ').trim())""")
            element = cdp.send("Runtime.evaluate", {
                "expression": f"document.querySelectorAll('.md-search-result__link')[{n}]"})
            node = cdp.send("Accessibility.getPartialAXTree", {
                "objectId": element["result"]["objectId"], "fetchRelatives": False})["nodes"][0]
            name = " ".join(node["name"]["value"].split())
            assert node["role"]["value"] == "link"
            assert name == " ".join(shown) and name.startswith(shown[0]) and len(shown[0]) > 3, \
                (name, shown)
    context.close()


@pytest.mark.parametrize("start,query,first,label,lang", [
    ("palvelut/", "help with rent", "/en/", "englanniksi", "en"),
    ("en/", "toimeentulotuesta", "/palvelut/toimeentulotuki/", "in Finnish", "fi"),
])
def test_a_result_in_another_language_says_so(page, served_site, start, query, first, label, lang):
    page.goto(f"{served_site}/{start}")
    open_search(page)
    page.keyboard.type(query)
    page.wait_for_function("/osuma|result/.test(document.getElementById('hk-search-status').textContent)")
    result = page.locator(".md-search-result__link").first
    assert urlparse(result.get_attribute("href")).path.startswith(first)
    assert result.get_attribute("hreflang") == lang
    assert result.locator(".hk-search-audience").text_content().endswith(label)
    assert result.locator("h2").get_attribute("lang") == lang
    assert result.locator(".hk-search-audience").get_attribute("lang") is None  # the page's


def test_no_results_suggest_the_nearest_words_and_show_the_way_on(page, served_site):
    page.goto(f"{served_site}/palvelut/")
    open_search(page)
    page.keyboard.type("vuokrarrästtiä ")
    status = page.locator("#hk-search-status")
    page.wait_for_function("/Ei osumia/.test(document.getElementById('hk-search-status').textContent)")
    help_ = page.locator(".hk-search-help")
    assert help_.is_visible()
    assert page.locator(".md-search-result__item").count() == 0
    suggestion = page.locator(".hk-search-suggestion button")
    assert suggestion.is_visible() and suggestion.inner_text() == "vuokrarästejä"
    assert "Tarkoititko: vuokrarästejä?" in status.inner_text()
    links = help_.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert "tel:112" in links
    for path in ("mista-apua/", "palvelut/sosiaalineuvonta/", "palvelut/sosiaalipaivystys/"):
        assert any(link.endswith(path) for link in links), (path, links)
    assert run_axe(page) == []
    suggestion.click()  # the suggestion is searched
    assert page.locator(".md-search__input").input_value() == "vuokrarästejä"
    page.wait_for_function("/osuma/.test(document.getElementById('hk-search-status').textContent)")
    assert "/palvelut/asumisneuvonta/" in page.eval_on_selector(".md-search-result__item a", "a => a.href")
    assert not help_.is_visible()
    page.locator(".md-search__input").fill("")
    page.keyboard.type("xqzvw ")  # nothing near: no "Tarkoititko ?" at all
    page.wait_for_function("/Ei osumia/.test(document.getElementById('hk-search-status').textContent)")
    assert help_.is_visible() and "Tarkoititko" not in help_.inner_text()
    assert "Tarkoititko" not in status.inner_text()
    assert page.locator(".hk-search-suggestion").inner_html() == ""


def test_no_page_has_an_empty_suggestion_in_its_text(built_site):
    """The suggestion is written by search.js when there is one: the built pages carry its
    words only in the texts the script reads (data-texts)."""
    from bs4 import BeautifulSoup
    for path in ("index.html", "palvelut/index.html", "en/index.html"):
        soup = BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")
        suggestion = soup.select_one(".hk-search-suggestion")
        assert suggestion is not None and suggestion.get_text(strip=True) == "", path
        assert "Tarkoititko" not in soup.body.get_text() and "Did you mean" not in soup.body.get_text()


@pytest.mark.parametrize("path,query,first,labels", [
    ("palvelut/", "monialainen työllistymisen edistäminen", "/palvelut/monialainen-tyollistyminen/",
     ("Asukkaille", "Ammattilaisille")),
    ("en/", "social assistance", "/en/", ("Residents",)),
])
def test_results_say_whom_they_are_for_and_residents_pages_come_first(page, served_site, path,
                                                                      query, first, labels):
    """For the same match (a service and its process share a name), the residents' page comes
    first; each result says whom it is for."""
    page.goto(f"{served_site}/{path}")
    open_search(page)
    page.keyboard.type(query + " ")
    page.wait_for_function("/osuma|result/.test(document.getElementById('hk-search-status').textContent)")
    found = page.eval_on_selector_all(".md-search-result__item", """items => items.map(i => [
        new URL(i.querySelector('a').href).pathname,
        i.querySelector('.hk-search-audience').textContent])""")
    assert found[0][0].startswith(first), found
    assert {label for _, label in found} >= set(labels), found
    for url, label in found:
        staff = url.startswith("/ammattilaisille/")
        assert label == ("Ammattilaisille" if staff else "Residents" if url.startswith("/en/")
                         else "Asukkaille"), (url, label)
    if len(labels) == 2:
        residents = [n for n, (_, label) in enumerate(found) if label == "Asukkaille"]
        staff = [n for n, (_, label) in enumerate(found) if label == "Ammattilaisille"]
        assert residents[0] < staff[0]


def transfer(requests: list) -> int:
    """Bytes on the wire (compressed) of the finished requests."""
    return sum(r.sizes()["responseBodySize"] for r in requests)


def test_first_load_stays_small_and_the_index_loads_on_first_search(browser, served_site,
                                                                     material_search):
    finished = {}
    contexts = []
    for name, url in (("handbook", served_site), ("material", material_search)):
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        finished[name] = []
        page.on("requestfinished", lambda r, seen=finished[name]: seen.append(r))
        page.goto(f"{url}/palvelut/toimeentulotuki/", wait_until="networkidle")
        page.wait_for_timeout(500)
    first = list(finished["handbook"])
    paths = [urlparse(r.url).path for r in first]
    assert not [p for p in paths if p.startswith("/search/") or p.endswith("search.js")], paths
    page = contexts[0].pages[0]
    open_search(page)
    page.keyboard.type("hakemus")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    search = finished["handbook"][len(first):]
    fetched = [urlparse(r.url).path for r in search]
    root = get(f"{served_site}/search/fi.json")[2]
    folder = f"/search/{json.loads(root)['folder']}/"
    fragments = [path for path in fetched if path.startswith(folder)]
    assert sorted(set(fetched) - set(fragments)) == ["/assets/search.js", "/search/fi.json"]
    assert len(fetched) == len(set(fetched))  # each file once
    assert 3 <= len(fragments) <= MAX_FRAGMENTS, fragments  # words, postings, sections
    assert {path.rsplit("/", 1)[1][0] for path in fragments} == {"w", "p", "s"}
    ours, material = transfer(first), transfer(finished["material"])
    print(f"\nfirst load of a service page: handbook {ours / 1000:.1f} kB, plain Material "
          f"{material / 1000:.1f} kB (difference {(ours - material) / 1000:+.1f} kB); "
          f"the first search adds {transfer(search) / 1000:.1f} kB: search.js, the root and "
          f"{len(fragments)} fragments")
    for context in contexts:
        context.close()
    assert ours <= material + 3000


@pytest.mark.parametrize("width", [1280, 360])
def test_open_search_with_results_passes_axe(browser, served_site, width):
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{served_site}/palvelut/", wait_until="networkidle")
    open_search(page)
    page.keyboard.type("toimeentulotuesta")
    page.wait_for_function("/osuma/.test(document.getElementById('hk-search-status').textContent)")
    assert page.locator(".md-search-result__item").first.is_visible()
    violations = run_axe(page)
    context.close()
    assert violations == []


def test_the_front_pages_first_load_is_at_most_90_kb(browser, served_site):
    """Bytes on the wire (compressed bodies and headers) of the front page's first visit at
    360 and 1280 px: at most 90 KB (it was 91 KB in the audit of issue 28)."""
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        seen = []
        page.on("requestfinished", lambda request, seen=seen: seen.append(request))
        page.goto(f"{served_site}/", wait_until="networkidle")
        page.wait_for_timeout(500)
        size = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in seen)
        paths = [urlparse(r.url).path for r in seen]
        context.close()
        print(f"\nfront page first load at {width} px: {size / 1024:.1f} KB, {len(seen)} requests")
        assert not [p for p in paths if p.startswith("/search/") or p.endswith("search.js")]
        assert size <= 90 * 1024, (size, paths)


def test_keyboard_alone_and_results_announced(page, served_site):
    page.goto(f"{served_site}/palvelut/")
    page.locator("#hk-search-input").focus()  # as Tab does: the search stays closed
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.type("vuokrarästi")  # typing opens it
    assert page.evaluate("document.getElementById('__search').checked")
    status = page.locator("#hk-search-status")
    assert status.get_attribute("role") == "status"
    page.wait_for_function("/osuma/.test(document.getElementById('hk-search-status').textContent)")
    assert "osuma" in status.inner_text()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("!!document.activeElement.closest('.md-search-result__item')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "hk-search-input"
    page.keyboard.press("Enter")  # the first result
    page.wait_for_url("**/palvelut/asumisneuvonta/**")
    open_search(page)
    page.keyboard.type("xqzvw")
    page.wait_for_function("/Ei osumia/.test(document.getElementById('hk-search-status').textContent)")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.id") == "hk-search-input"


def test_a_root_naming_fragments_of_an_older_build_is_fetched_again(page, served_site):
    """After a publish, a browser may still have the old root in its cache, naming fragments
    the new site no longer has: the search fetches the root again, past the cache, once."""
    served = []

    def old_root(route):
        served.append(route.request.url)
        if len(served) == 1:
            root = json.loads(route.fetch().body())
            root["folder"] = "fi/000000000000"  # a build that is gone
            route.fulfill(status=200, content_type="application/json", body=json.dumps(root))
        else:
            route.continue_()
    page.route("**/search/fi.json", old_root)
    page.goto(f"{served_site}/palvelut/")
    open_search(page)
    page.keyboard.type("toimeentulotuesta")
    page.wait_for_function("/osuma/.test(document.getElementById('hk-search-status').textContent)")
    assert len(served) == 2
    assert "/palvelut/toimeentulotuki/" in page.eval_on_selector(".md-search-result__item a",
                                                                 "a => a.href")


def test_english_pages_search_english(page, served_site):
    requested = []
    page.on("request", lambda r: requested.append(urlparse(r.url).path))
    page.goto(f"{served_site}/en/")
    assert page.get_attribute(".md-search__input", "aria-label") == "Search the handbook"
    open_search(page)
    page.keyboard.type("applying for social assistance")
    page.wait_for_function("/result/.test(document.getElementById('hk-search-status').textContent)")
    assert "/search/en.json" in requested
    assert [p for p in requested if p.startswith("/search/en/")]  # its fragments
    assert not [p for p in requested if p.startswith("/search/fi")]
    first = page.eval_on_selector(".md-search-result__item a", "a => a.href")
    assert "/en/" in first


def test_index_files_are_served_compressed(served_site):
    root = json.loads(get(f"{served_site}/search/fi.json")[2])
    folder = root["folder"]
    words = next(n for n, group in enumerate(root["words"]) if "to" in group)  # a big words file
    for path in ("fi.json", f"{folder}/w{words}.json", f"{folder}/p0.json", f"{folder}/s0.json"):
        status, headers, body = get(f"{served_site}/search/{path}", {"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip", path
        assert len(gzip.decompress(body)) > len(body) * 1.5, path
