"""macros/assemble/page_html.py: one walk per page, the fixes and the output allowlist; the
tokenizer reads no markup as text that a browser would read as a tag."""

from pathlib import Path

import pytest

from macros.assemble.output_check import sitemap_problems, traced
from macros.assemble.page_html import ALL_FIXES, LINE_GAP, SPACE_GAP, PageHtml

THEME_HEAD = ('<!doctype html>\n<html lang="fi" class="no-js"><head><meta charset="utf-8">'
              '<title>Sivu</title><script src="../assets/handbook.js"></script></head><body>'
              '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
              'autocomplete="off"><article class="md-content__inner md-typeset">')
THEME_TAIL = ('</article><script id="__config" type="application/json">{"base": ".."}</script>'
              "</body></html>")


def walk(content: str, language: str = "fi", hyphenation=lambda word: ()):
    html = PageHtml(hyphenation, nonce="test")
    start, end = html.markers()
    return html.run(f"{THEME_HEAD}{start}{content}{end}{THEME_TAIL}", language)


def test_the_fixes_of_content_and_theme_in_one_walk_and_the_markers_gone():
    out, findings, (start, end) = walk(
        '<h2 id="a">Apu<a class="headerlink" href="#a" title="x">¶</a></h2>'
        '<p>Soita 040 123 4567. <abbr title="Kansaneläkelaitos">Kela</abbr></p>'
        '<table><tr><td style="text-align: center;">1</td></tr></table>')
    assert findings == []
    assert "hk-test" not in out and 'autocomplete="off"' not in out
    assert out[start:end].startswith('<h2 id="a">Apu<a class="headerlink" href="#a" title="Linkki')
    assert 'aria-label="Linkki tähän kohtaan: Apu"' in out
    assert '<a href="tel:0401234567">040 123 4567</a>' in out
    assert '<abbr tabindex="0" title="Kansaneläkelaitos">' in out
    assert '<td class="hk-align-center">1</td>' in out and "style=" not in out


def test_a_page_needing_nothing_comes_back_as_it_was():
    page = f"{THEME_HEAD}<p>Teksti.</p>{THEME_TAIL}".replace(' autocomplete="off"', "")
    out, findings, _ = PageHtml(lambda word: ()).run(page)
    assert out is page and findings == []


def test_the_theme_loses_its_indentation_and_the_content_keeps_every_space():
    code = '<pre><code><span>a</span>\n    <span>b</span>  <span>c</span></code></pre>'
    html = PageHtml(lambda word: (), nonce="test")
    start, end = html.markers()
    theme = THEME_HEAD.replace("<body>", "<body>\n    \n  <nav>  <a>1</a>\n\t<a>2</a></nav>\n  ")
    tail = THEME_TAIL.replace("</article>", "</article>\n   \n")
    out, findings, (c_start, c_end) = html.run(f"{theme}{start}{code}{end}{tail}")
    assert findings == [] and out[c_start:c_end] == code
    assert "<body>\n<nav> <a>1</a>\n<a>2</a></nav>\n<input" in out
    assert out.endswith(f"{code}</article>\n<script" + THEME_TAIL.split("<script", 1)[1])
    kept = PageHtml(lambda word: (), nonce="test", fixes=frozenset()).run(
        f"{theme}{start}{code}{end}{THEME_TAIL}")[0]
    assert "<body>\n    \n  <nav>  <a>" in kept  # without the fix, as the theme made it


def test_soft_hyphens_only_on_finnish_pages_and_not_in_the_permalink():
    def hyphenation(word):
        return {"Toimeentulotuki": (7, 11)}.get(word, ())
    heading = '<h2 id="t">Toimeentulotuki<a class="headerlink" href="#t" title="x">¶</a></h2>'
    finnish, _, _ = walk(heading, "fi", hyphenation)
    assert "Toimeen&shy;tulo&shy;tuki<a" in finnish and "Linkki tähän kohtaan: Toimeentulotuki" in finnish
    english, _, _ = walk(heading, "en", hyphenation)
    assert "&shy;" not in english and "Link to this section: Toimeentulotuki" in english


HIDDEN = {
    "unquoted attribute": '<p><img src=x onerror=alert(1)></p>',
    "slash as separator": '<p><img/src="x"/onerror="alert(1)"></p>',
    "attribute glued to a value": '<p><img src="x"onerror="alert(1)"></p>',
    "empty comment then a tag": "<!--><img src=x onerror=alert(1)>-->",
    "comment closed by --!>": "<!-- a --!><img src=x onerror=alert(1)>-->",
    "bogus comment": "<?php <img src=x onerror=alert(1)> ?>",
    "cdata": "<svg><![CDATA[<img src=x onerror=alert(1)>]]></svg>",
    "unclosed tag at the end": '<p>x</p><img src="x" onerror="alert(1)"',
    "stray less-than": "<p>1 < 2</p>",
    "end tag with attributes": '</p onclick="alert(1)">',
    "non-breaking space as separator": '<a\u00a0onclick="alert(1)">x</a>',
    "script body": '<script type="application/ld+json"><!--<script>alert(1)</script>--></script>',
    "script body text": '<script type="application/ld+json">{"a": 1}<b>x</b></script>',
    "uppercase script": "<SCRIPT>alert(1)</SCRIPT>",
}


@pytest.mark.parametrize("name", HIDDEN)
def test_markup_a_browser_would_read_differently_is_a_finding(name):
    _, findings, _ = walk(HIDDEN[name])
    assert findings and all(f.content for f in findings), findings


def test_the_theme_has_its_own_rules_and_content_cannot_use_them():
    theme_tags = '<form class="md-search__form" name="search"><input type="text" name="q"></form>'
    out, findings, _ = PageHtml(lambda word: ()).run(f"{THEME_HEAD}{theme_tags}{THEME_TAIL}")
    assert findings == []
    _, findings, _ = walk(theme_tags)
    assert [f.needle for f in findings] == ["<form", "text", "<form"]  # its end tag too


def test_findings_name_the_source_line(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text('# Etusivu\n\nTeksti\n{: onclick="x" }\n', encoding="utf-8")
    _, findings, _ = walk('<p onclick="x">Teksti</p>')
    [problem] = traced(findings, "docs/index.md", tmp_path, "")
    assert (problem.path, problem.line) == ("docs/index.md", 4)
    assert "onclick" in problem.message and "/)" in problem.message


def test_the_sitemap_holds_sitemap_elements_only(tmp_path):
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    (tmp_path / "sitemap.xml").write_text(f"<urlset {ns}><url><loc>https://x.fi/</loc></url></urlset>")
    assert sitemap_problems(tmp_path) == []
    (tmp_path / "sitemap.xml").write_text(
        f'<urlset {ns}><url><loc>x</loc><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)'
        "</h:script></url></urlset>")
    assert sitemap_problems(tmp_path)


def test_every_page_of_the_real_handbook_passes_and_keeps_its_bytes(built_site: Path):
    """The built pages went through the walk: walking them again finds nothing to refuse in
    the theme's rules and changes nothing but what it fixes once (idempotent). Compacting is
    left out of the second walk (without the markers it would reach into the content's
    ``<pre>``); the theme's part shows it was made: no indentation left between tags."""
    walker = PageHtml(lambda word: (), fixes=ALL_FIXES - {"compact"})
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        page = path.read_text(encoding="utf-8")
        out, findings, _ = walker.run(page)
        assert not [f for f in findings if "ld+json" not in f.message], (path, findings[:3])
        assert out == page, path
        theme = page[:page.find("<article")] if "<article" in page else page
        assert not LINE_GAP.search(theme) and not SPACE_GAP.search(theme), path
