"""Hostile content: what an editor with push access could write, tried on a fixture site
through `python -m macros check` and a strict build, each the way a real push is built.

Each case is refused with a Finnish message naming file and line and no traceback, or it
reaches the site inert. A canary file shows that nothing ran: every payload that could run
code tries to create it."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil

import pytest
from sites import ROOT, build, build_unchecked, fixture_site, run_cli

ALFA = "data/services/alfa.yml"
GAMMA = "data/processes/gamma.yml"
INDEX = "docs/index.md"
CANARY = "/tmp/handbook-hostile-canary"  # created by any payload that runs


@pytest.fixture(autouse=True)
def no_canary():
    if os.path.exists(CANARY):
        os.unlink(CANARY)
    yield
    assert not os.path.exists(CANARY), "a payload ran"


def page(line: str) -> dict:
    """docs/index.md with ``line`` added at its line 13 (after the fixture's own macros)."""
    return {INDEX: ("Koodia ei suoriteta:", f"{line}\n\nKoodia ei suoriteta:")}


MACRO_LINE = 13
SANDBOX = "sivulla voi käyttää vain käsikirjan makroja"
UNKNOWN = "tuntematon makro tai muuttuja"

# 1. Macros run in Jinja's sandbox: internals, Jinja's globals and mkdocs-macros' are out of reach.
MACROS = {
    "globals of a Jinja helper": (
        f'{{{{ cycler.__init__.__globals__.os.system("touch {CANARY}") }}}}', SANDBOX),
    "globals of a handbook macro": (
        f'{{{{ rule.__globals__["os"].system("touch {CANARY}") }}}}', SANDBOX),
    "class hierarchy of a string": ('{{ "".__class__.__mro__[1].__subclasses__() }}', SANDBOX),
    "attribute filter": ('{{ rule | attr("__globals__") }}', SANDBOX),
    "the template object": ("{{ self._TemplateReference__context }}", '"self" ei ole sallittu'),
    "self alone": ("{{ self }}", '"self" ei ole sallittu'),
    "mkdocs config": ("{{ config.site_url }}", UNKNOWN + ' "config"'),
    "mkdocs-macros context": ("{{ context() }}", UNKNOWN + ' "context"'),
    "mkdocs-macros info": ("{{ macros_info() }}", UNKNOWN + ' "macros_info"'),
    "mkdocs-macros now": ("{{ now() }}", UNKNOWN + ' "now"'),
    "mkdocs-macros fix_url": ('{{ fix_url("x") }}', UNKNOWN + ' "fix_url"'),
    "huge range": ("{{ range(10**10) | list }}", UNKNOWN + ' "range"'),
    "huge repetition": ('{{ "x" * 100000000 }}', SANDBOX),
    "lipsum": ("{{ lipsum(1000) }}", UNKNOWN + ' "lipsum"'),
    "joiner": ("{{ joiner() }}", UNKNOWN + ' "joiner"'),
    "namespace": ("{% set n = namespace(a=1) %}", UNKNOWN + ' "namespace"'),
    "include a server file": ('{% include "../mkdocs.yml" %}', "include ei ole sallittu"),
    "import": ('{% import "index.md" as x %}', "import ei ole sallittu"),
}


def _names_line(output: str, message: str) -> bool:
    return any(line.startswith(f"docs/index.md:{MACRO_LINE}: makro: ") and message in line
               for line in output.splitlines())


@pytest.mark.parametrize("name", MACROS)
def test_a_macro_reaching_internals_stops_check(tmp_path, name):
    line, message = MACROS[name]
    result = run_cli(fixture_site(tmp_path, edits=page(line)), "check")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert _names_line(output, message), output
    assert "Traceback" not in output


@pytest.mark.parametrize("name", ["globals of a Jinja helper", "globals of a handbook macro",
                                  "the template object", "mkdocs config", "include a server file"])
def test_a_macro_reaching_internals_stops_the_build(tmp_path, name):
    line, message = MACROS[name]
    result = build(fixture_site(tmp_path, edits=page(line)), tmp_path / "site")
    assert result.returncode != 0
    assert _names_line(result.output, message), result.output
    assert "Traceback" not in result.output and not (tmp_path / "site/index.html").exists()


def test_jinja_in_a_title_is_text_mkdocs_macros_renders_nothing_itself(tmp_path):
    project = fixture_site(tmp_path, edits={INDEX: ("title: Etusivu", "title: '{{ config.site_url }}'")})
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "{{ config.site_url }}" in html  # the header's title, as written
    assert "<title>Testikäsikirja</title>" in html  # the front page's title is the site's name


def test_the_handbooks_macros_and_the_pages_own_variables_still_work(tmp_path):
    project = fixture_site(tmp_path, edits=page("Otsikko: {{ title }}, {{ law_link('shl') }}"))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "Otsikko: Etusivu" in html and "finlex.fi" in html and "palvelut/alfa/" in html


# 2. No cache can execute: whatever is planted in the cache folder is data, checked, or ignored.

class Payload:
    def __reduce__(self):
        return (os.system, (f"touch {CANARY}",))


def test_planted_cache_files_are_ignored_and_the_site_is_the_same(tmp_path):
    project = fixture_site(tmp_path)
    first = build(project, tmp_path / "first")
    assert first.returncode == 0, first.output
    caches = project / ".cache/handbook"
    kept = [p for p in caches.rglob("*.json")]
    assert kept and all(p.suffix == ".json" for p in caches.rglob("*") if p.is_file())
    bomb = pickle.dumps(Payload())
    for index, path in enumerate(kept):  # every kind of damage, spread over the stores
        entries = json.loads(path.read_text(encoding="utf-8"))
        damage = index % 4
        if damage == 0:
            path.write_bytes(bomb)
        elif damage == 1:
            path.write_bytes(b"\x00garbage{")
        elif damage == 2:
            path.write_text(json.dumps({key: 42 for key in entries}), encoding="utf-8")
        else:
            path.write_text(json.dumps({key: json.dumps({"source": "x", "problems": 1})
                                        for key in entries}), encoding="utf-8")
        (path.parent / (path.stem + ".pickle")).write_bytes(bomb)  # the old stores' names
    (caches / "jinja").mkdir(exist_ok=True)
    (caches / "jinja/planted.cache").write_bytes(b"j2" + bomb)  # old Jinja bytecode files
    second = build(project, tmp_path / "second")
    assert second.returncode == 0, second.output
    for page_path in ("index.html", "palvelut/alfa/index.html",
                      "ammattilaisille/prosessit/gamma/index.html"):
        assert ((tmp_path / "first" / page_path).read_bytes()
                == (tmp_path / "second" / page_path).read_bytes()), page_path


def test_a_planted_svg_with_script_is_not_taken_from_the_cache(tmp_path):
    project = fixture_site(tmp_path)
    assert build(project, tmp_path / "first").returncode == 0
    [store] = (project / ".cache/handbook/graphviz").glob("*.json")
    entries = json.loads(store.read_text(encoding="utf-8"))
    evil = '<svg><script>alert(1)</script><a href="javascript:x"><text>x</text></a></svg>'
    store.write_text(json.dumps({key: json.dumps(evil) for key in entries}), encoding="utf-8")
    assert build(project, tmp_path / "second").returncode == 0
    process = (tmp_path / "second/ammattilaisille/prosessit/gamma/index.html").read_text()
    assert "alert(1)" not in process and "Vastaanotto</text>" in process


# 3. Content is HTML-safe: refused where it is written, escaped or cleaned where it is shown.

DATA = {
    "script in a service description": (
        {ALFA: ("  Pitkä kuvaus alfasta.", "  Pitkä kuvaus alfasta.\n  <script>alert(1)</script>")},
        "data/services/alfa.yml:5: description: HTML-elementti <script> ei ole sallittu"),
    "event handler in a service name": (
        {ALFA: ("name: Alfapalvelu", 'name: <span onmouseover="alert(1)">Alfa</span>')},
        "data/services/alfa.yml:1: name: attribuutti onmouseover elementissä <span> ei ole sallittu"),
    "javascript link in instructions": (
        {ALFA: ("instructions: Hae näin.", "instructions: '[Hae](javascript:alert(1))'")},
        'data/services/alfa.yml:5: instructions: linkin osoite "javascript:alert(1"'),
    "data link as HTML": (
        {ALFA: ("instructions: Hae näin.",
                "instructions: '<a href=\"data:text/html,<b>x</b>\">Hae</a>'")},
        'data/services/alfa.yml:5: instructions: linkin osoite "data:text/html'),
    "style attribute in a process step": (
        {GAMMA: ("    title: Vastaanotto", '    title: <span style="display:none">Vastaanotto</span>')},
        "data/processes/gamma.yml:7: steps[0].title: attribuutti style elementissä <span>"),
    "iframe in a page": (
        {INDEX: ("## Osio {#ankkuri}", '## Osio {#ankkuri}\n\n<iframe src="https://example.com/"></iframe>')},
        "docs/index.md:17: HTML: HTML-elementti <iframe> ei ole sallittu"),
    "object in a page": (
        {INDEX: ("# Etusivu", '# Etusivu\n\n<object data="x.swf"></object>')},
        "docs/index.md:7: HTML: HTML-elementti <object> ei ole sallittu"),
    "meta refresh in a page": (
        {INDEX: ("# Etusivu", '# Etusivu\n\n<meta http-equiv="refresh" content="0;url=https://evil/">')},
        "docs/index.md:7: HTML: HTML-elementti <meta> ei ole sallittu"),
    "javascript reference link in a page": (
        {INDEX: ("# Etusivu", "# Etusivu\n\n[linkki][x]\n\n[x]: JaVaScRiPt:alert(1)")},
        'docs/index.md:9: HTML: linkin osoite "JaVaScRiPt:alert(1)"'),
    "unknown front matter key": (
        {INDEX: ("title: Etusivu", "title: Etusivu\ntemplate: 404.html")},
        "docs/index.md:3: sivun alku: template: tuntematon kenttä."),
    "front matter of the wrong type": (
        {INDEX: ("title: Etusivu", "title: Etusivu\nhide: toc")},
        "docs/index.md:3: sivun alku: hide: pitää olla luettelo"),
    "front matter breaking out of a link": (
        {INDEX: ("title: Etusivu", "title: Etusivu\nalternate: 'javascript:alert(1)'")},
        "docs/index.md:3: sivun alku: alternate: arvo"),
    "front matter with markup": (
        {INDEX: ("title: Etusivu", "title: Etusivu\ndescription: '\"><script>alert(1)</script>'")},
        "docs/index.md:3: sivun alku: description: arvo"),
}


@pytest.mark.parametrize("name", DATA)
def test_markup_that_cannot_be_meant_stops_check(tmp_path, name):
    edits, message = DATA[name]
    result = run_cli(fixture_site(tmp_path, edits=edits), "check")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert message in output, output
    assert "Traceback" not in output


@pytest.mark.parametrize("name", ["script in a service description", "event handler in a service name",
                                  "iframe in a page", "front matter breaking out of a link"])
def test_markup_that_cannot_be_meant_stops_the_build(tmp_path, name):
    edits, message = DATA[name]
    result = build(fixture_site(tmp_path, edits=edits), tmp_path / "site")
    assert result.returncode != 0 and message in result.output, result.output
    assert "Traceback" not in result.output and not (tmp_path / "site/index.html").exists()


def test_quotes_and_encoded_markup_reach_the_page_inert(tmp_path):
    project = fixture_site(tmp_path, edits={
        INDEX: ("title: Etusivu\n", 'description: Hae " onmouseover="alert(1)\n')})
    (project / "docs/otsikko.md").write_text(
        "# Uusi &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n\nTeksti.\n", encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("  - otsikko.md\n")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    front = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Hae &quot; onmouseover=&quot;alert(1)">' in front
    head = (tmp_path / "site/otsikko/index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert "<script>alert" not in head and "&lt;/title&gt;&lt;script&gt;" in head


@pytest.mark.parametrize("where", ["docs/salasanat.md", "data/services/passwd.yml",
                                   "overrides/partials/passwd.html", "docs/assets"])
def test_a_symlink_to_a_server_file_is_refused_without_its_content(tmp_path, where):
    project = fixture_site(tmp_path)
    link = project / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to("/etc" if where == "docs/assets" else "/etc/passwd")
    expected = f"{where}: tiedosto: on symbolinen linkki"
    checked = run_cli(project, "check")
    built = build(project, tmp_path / "site")
    for output, code in ((checked.stdout + checked.stderr, checked.returncode),
                         (built.output, built.returncode)):
        assert code != 0 and expected in output, output
        assert "root:" not in output and "Traceback" not in output
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").rglob("passwd*"))


def test_a_fifo_in_data_is_refused_without_waiting_for_it(tmp_path):
    project = fixture_site(tmp_path)
    os.mkfifo(project / "data/services/putki.yml")
    result = run_cli(project, "check")  # reading a FIFO would block until the timeout
    assert result.returncode == 1
    assert "data/services/putki.yml: tiedosto: ei ole tavallinen tiedosto" in result.stderr


# 4. Graphviz labels are text: no attribute injection, and a DOT error names the file and line.

def test_a_label_cannot_add_graphviz_attributes(tmp_path):
    project = fixture_site(tmp_path, edits={GAMMA: (
        "    title: Vastaanotto", '    title: \'Vastaanotto\\", URL="javascript:alert(1)", x="\'')})
    (project / GAMMA).write_text((project / GAMMA).read_text().replace(
        "    question: Onko täydellinen?", "    question: 'Onko \\N \\G täydellinen? \\'"),
        encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    process = (tmp_path / "site/ammattilaisille/prosessit/gamma/index.html").read_text()
    svg = re.search(r'<svg role="img".*?</svg>', process, re.S).group(0)
    assert "href" not in svg and "javascript" not in svg.replace("javascript:alert(1)&quot;", "")
    assert re.search(r"URL=(&quot;|\")javascript", svg)  # shown as text in the label
    assert "\\N \\G" in svg  # Graphviz's escapes are text too


def test_a_label_graphviz_cannot_draw_names_the_process_file_and_line(tmp_path):
    project = fixture_site(tmp_path, edits={GAMMA: ("    title: Vastaanotto",
                                                    '    title: "Vastaanotto\\0"')})
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "data/processes/gamma.yml:5: prosessikaavio: Graphviz ei voinut piirtää" in result.output
    assert "Traceback" not in result.output


# 5. The output is the boundary: attribute lists, fences and Jinja values cannot put anything
#    on a page that the output allowlist (core/safe_html.py) refuses; each stops the build
#    naming the source file and line, and the page is not written. `check` says so first.

SUPERFENCES = {"mkdocs.yml": ("  - md_in_html\n", "  - md_in_html\n  - pymdownx.superfences\n")}
OUTPUT = {
    "heading attribute list": (page('## Otsikko {: onclick="alert(1)" }'), 13, "onclick"),
    "paragraph attribute list": (page('Kappale\n{: onmouseover="alert(1)" }'), 14, "onmouseover"),
    "link attribute list": (page('[Lomake](https://example.test/){: href="javascript:alert(1)" '
                                 'target="_blank" rel="opener" }'), 13, "javascript"),
    "style attribute list": (page('Kappale\n{: style="position:fixed;inset:0" }'), 14, "style"),
    "theme's id": (page("## Osio {#__config}"), 13, "__config"),
    "tracking image": (page("![Logo](https://tracker.example.test/p.gif)"), 13, "tracker"),
    "fence closed by a longer one": (
        {**page('~~~\n<meta http-equiv="refresh" content="0;url=https://evil.example.test/">\n~~~~'),
         **SUPERFENCES}, 14, "<meta>"),
    "fence in a list item": (
        {**page('- kohta\n\n    ```\n    x\n    ```\n\n<img src="x.png" alt="x" onerror="alert(1)">'),
         **SUPERFENCES}, 19, "onerror"),
}


@pytest.mark.parametrize("name", OUTPUT)
def test_what_markdown_would_make_an_attribute_or_tag_stops_check_with_its_line(tmp_path, name):
    edits, line, named = OUTPUT[name]
    result = run_cli(fixture_site(tmp_path, edits=edits), "check")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert any(row.startswith(f"docs/index.md:{line}: HTML: ") and named in row
               for row in output.splitlines()), output


@pytest.mark.parametrize("name", OUTPUT)
def test_what_markdown_would_make_an_attribute_or_tag_stops_the_build(tmp_path, name):
    """The build does not rest on the source check: with it finding nothing, the output
    allowlist refuses the page, names the source and line, and the page is not written."""
    edits, line, named = OUTPUT[name]
    code, output = build_unchecked(fixture_site(tmp_path, edits=edits), tmp_path / "site")
    assert code != 0, output
    assert any(f"docs/index.md:{line}: HTML: " in row and named in row and "valmiilla sivulla /)" in row
               for row in output.splitlines()), output
    assert "Traceback" not in output and not (tmp_path / "site/index.html").exists()


# 6. What Jinja returns is text: string escapes make no tag. In chromium through nginx (whose
#    CSP does not stop a meta refresh, an opener link or a tracking image's request), the page
#    stays where it is, shows the text, and asks nothing of another host.

JINJA_TAGS = ('{{ "\\x3cmeta http-equiv=\\"refresh\\" content=\\"0;url=https://evil.example.test/\\"\\x3e" }}'
              ' {{ "\\x3cimg src=\\"https://tracker.example.test/p.gif\\" alt=\\"x\\"\\x3e" }}'
              ' {{ "\\x3ca href=\\"https://evil.example.test/\\" rel=\\"opener\\"\\x3ex\\x3c/a\\x3e" }}')


@pytest.mark.server
def test_jinja_string_escapes_reach_the_page_as_text_and_do_nothing_in_chromium(tmp_path, browser):
    from servers import nginx
    project = fixture_site(tmp_path, edits=page(JINJA_TAGS))
    assert run_cli(project, "check").returncode == 0
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "&lt;meta http-equiv=" in html and 'http-equiv="refresh"' not in html
    assert "<img" not in html and 'rel="opener"' not in html
    with nginx(tmp_path / "site", tmp_path / "nginx") as url:
        context = browser.new_context(locale="fi-FI")
        requests = []
        context.on("request", lambda request: requests.append(request.url))
        tab = context.new_page()
        tab.goto(f"{url}/")
        tab.wait_for_timeout(1500)  # a refresh of 0 s would have left by now
        assert tab.url == f"{url}/"
        assert tab.locator('meta[http-equiv="refresh"], img[src*="tracker"], a[rel~="opener"]').count() == 0
        assert "http-equiv" in tab.locator("article").inner_text()  # shown as text
        context.close()
    assert requests and all(r.startswith(url) for r in requests), requests


# 7. The search index takes each page's content as converted (assemble/builder.py
#    ``page_content``), before the page's walk, and a third helper process writes it: text that
#    reads as markup stays text in the index's files and in the results chromium shows.

SEARCHED = ("## Kalakukko &lt;img src=x onerror=alert(1)&gt;\n\n"
            "Kalakukko &lt;script&gt;alert(2)&lt;/script&gt; on tässä tekstinä.\n")


@pytest.mark.server
def test_text_that_reads_as_markup_is_text_in_the_search_index_and_its_results(tmp_path, browser):
    from browser import open_search
    from servers import nginx
    pages = {f"docs/sivut/sivu-{n}.md": f"# Sivu {n}\n\nTeksti {n}.\n" for n in range(8)}
    project = fixture_site(tmp_path, changes=pages, edits=page(SEARCHED))
    shutil.copytree(ROOT / "docs/assets", project / "docs/assets")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("extra_css: [assets/handbook.css]\nextra_javascript: [assets/handbook.js]\n"
                     "not_in_nav: |\n  sivut/*.md\n")
    result = build(project, tmp_path / "site", verbose=True)
    assert result.returncode == 0, result.output[-3000:]
    assert "the helper process wrote the search index" in result.output
    index = "".join(path.read_text(encoding="utf-8")
                    for path in (tmp_path / "site/search").rglob("*.json"))
    assert "<img src=x onerror=alert(1)>" in index and "<script>alert(2)</script>" in index
    with nginx(tmp_path / "site", tmp_path / "nginx") as url:
        context = browser.new_context(locale="fi-FI")
        dialogs = []
        tab = context.new_page()
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(f"{url}/")
        open_search(tab)
        tab.keyboard.type("kalakukko")
        tab.wait_for_selector(".md-search-result__item")
        tab.wait_for_timeout(500)
        results = tab.locator("#hk-search-results")
        assert "<img src=x onerror=alert(1)>" in results.inner_text()
        assert results.locator("img, script").count() == 0 and dialogs == []
        context.close()
