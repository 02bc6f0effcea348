"""The allowlist of core/safe_html.py: what the handbook uses passes, the rest is named."""

import pytest

from macros.core.safe_html import attribute, clean, problems, url_allowed

KEPT = [
    '<span lang="se">Sámi</span>', '<span class="hk-history">TE-toimisto</span>',
    '<div class="hk-history" markdown="1">\nVanha.\n</div>', '<abbr title="Kansaneläkelaitos">Kela</abbr>',
    '<a href="https://www.kela.fi/">Kela</a>', '<a href="mailto:a@b.fi">posti</a>',
    '[soita](tel:+358401234567)', "[sivu](../palvelut/toimeentulotuki/)", "[ankkuri](#kohta)",
    "A & B < C > D", "<strong>tärkeä</strong> ja <em>korostus</em><br>",
]


@pytest.mark.parametrize("text", KEPT)
def test_what_the_handbook_uses_is_allowed(text):
    assert problems(text) == []


REFUSED = {
    "<script>alert(1)</script>": "<script>",
    "<style>body{display:none}</style>": "<style>",
    '<iframe src="https://example.com/"></iframe>': "<iframe>",
    '<object data="x"></object>': "<object>",
    '<meta http-equiv="refresh" content="0">': "<meta>",
    '<span onmouseover="alert(1)">x</span>': "onmouseover",
    '<b ONCLICK="x">x</b>': "onclick",
    '<span style="color:red">x</span>': "style",
    '<a href="javascript:alert(1)">x</a>': "javascript:",
    '<a href="  JAVA\tSCRIPT:alert(1)">x</a>': "SCRIPT:",
    '<a href="&#106;avascript:alert(1)">x</a>': "avascript",
    '<a href="data:text/html,x">x</a>': "data:",
    "[x](javascript:alert(1))": "javascript:",
    "[x](vbscript:msgbox)": "vbscript:",
    "[x][r]\n\n[r]: data:text/html;base64,PHNjcmlwdD4=": "data:",
    '<img src="https://tracker.example/x.png" alt="x">': "tracker",
    "<javascript:alert(1)>": "javascript",
    "<svg onload=alert(1)>": "<svg>",
}


@pytest.mark.parametrize("text", REFUSED)
def test_what_cannot_be_meant_is_refused_with_a_finnish_message(text):
    found = problems(text)
    assert found and REFUSED[text] in found[0][1]
    assert any(word in found[0][1] for word in ("ei ole sallittu", "ei ole sallittu."))


def test_problems_name_the_line_within_the_text():
    assert [line for line, _ in problems("a\nb\n<script>x</script>\n\n[x](data:y)")] == [3, 5]


@pytest.mark.parametrize("text", REFUSED)
def test_clean_removes_what_is_not_allowed(text):
    cleaned = clean(text)
    for bad in ("<script", "<style", "<iframe", "<object", "<meta", "onmouseover", "onclick",
                'style="', "javascript:", 'href="data:', "<svg", "onload"):
        assert bad not in cleaned.lower() or text.startswith("["), (text, cleaned)


def test_clean_keeps_what_is_allowed_and_plain_text_unchanged():
    assert clean('<span lang="se">Sámi</span> ja <a href="https://x.fi/">x</a>') == (
        '<span lang="se">Sámi</span> ja <a href="https://x.fi/">x</a>')
    text = "Hae näin: [lomake](https://x.fi/) & soita."
    assert clean(text) is text


def test_urls():
    assert url_allowed("https://x.fi") and url_allowed("../a/") and url_allowed("#a")
    assert not url_allowed("//evil.example/x") and not url_allowed("javascript:x")
    assert not url_allowed("https://x.fi/kuva.png", images=True) and url_allowed("kuva.png", images=True)


def test_attribute_escapes_only_what_breaks_out():
    assert attribute("Tavallinen kuvaus.") == "Tavallinen kuvaus."
    assert attribute('x" onmouseover="y') == "x&quot; onmouseover=&quot;y"
    assert attribute("<b>") == "&lt;b&gt;"


# --- Attribute lists: only an id, a class, a language and a title -----------------------------

ATTR_LISTS = {
    '## Otsikko {: onclick="alert(1)" }': "onclick",
    'Kappale\n{: onmouseover="alert(1)" }': "onmouseover",
    '[Lomake](https://x.fi/){: href="javascript:alert(1)" target="_blank" rel="opener" }': "href",
    '{: style="position:fixed;top:0" }': "style",
    "[Lomake](https://x.fi/){ target=_blank }": "target",
    "Teksti *korostus*{ autofocus }": "autofocus",
}


@pytest.mark.parametrize("text", ATTR_LISTS)
def test_an_attribute_list_setting_more_than_id_class_and_language_is_refused(text):
    found = problems(text)
    assert found and any(f"attribuuttia {ATTR_LISTS[text]}" in message for _, message in found)
    assert found[0][0] == text.count("\n") + 1


def test_what_the_pages_use_of_attribute_lists_passes_and_jinja_is_not_one():
    for text in ("## Osio {#ankkuri}", "Johdanto.\n{ .hk-lead }", '[x](https://x.fi/){ hreflang="se" }',
                 '**[Nimi](../a/){ .hk-card-title }**', "{{ service_card('x') }}",
                 "{% if x %}y{% endif %}", "perusosa\\w*\\s{0,80}(20|40)", "joukko {a, b} ja {x}",
                 '{: lang="en" title="Otsikko" }'):
        assert problems(text) == [], text


# --- The output allowlist: every tag of every built page --------------------------------------

from macros.core.safe_html import CONTENT, THEME, tag_problem  # noqa: E402


def verdict(zone, tag, **attributes):
    return tag_problem(zone, tag, [(name.strip("_").replace("_", "-"), value)
                                   for name, value in attributes.items()])


def test_what_markdown_and_the_theme_make_passes():
    assert verdict(CONTENT, "a", href="../palvelut/", title="x") is None
    assert verdict(CONTENT, "a", class_="headerlink", href="#a", aria_label="Linkki") is None
    assert verdict(CONTENT, "abbr", tabindex="0", title="Kela") is None
    assert verdict(CONTENT, "input", type="checkbox", checked="") is None
    assert verdict(CONTENT, "script", type="application/ld+json") is None
    assert verdict(CONTENT, "g", transform="rotate(0) translate(4 112)") is None
    assert verdict(CONTENT, "img", src="../kuva.png", alt="Kuva") is None
    assert verdict(THEME, "meta", http_equiv="Content-Security-Policy", content="default-src 'self'") is None
    assert verdict(THEME, "script", src="../assets/handbook.js") is None
    assert verdict(THEME, "link", rel="canonical", href="https://kasikirja.lapha.fi/a/") is None
    assert verdict(THEME, "input", class_="md-toggle", data_md_toggle="search", type="checkbox") is None


REFUSED_TAGS = [
    (CONTENT, "script", {}, "<script>"), (THEME, "script", {}, "<script>"),
    (CONTENT, "script", {"src": "x.js"}, "src"), (THEME, "script", {"src": "https://evil.test/x.js"}, "evil"),
    (CONTENT, "meta", {"http-equiv": "refresh", "content": "0;url=https://evil.test/"}, "<meta>"),
    (THEME, "meta", {"http-equiv": "refresh", "content": "0;url=https://evil.test/"}, "refresh"),
    (CONTENT, "base", {"href": "https://evil.test/"}, "<base>"),
    (CONTENT, "form", {"action": "https://evil.test/"}, "<form>"),
    (THEME, "form", {"action": "https://evil.test/"}, "action"),
    (THEME, "button", {"type": "submit", "formaction": "https://evil.test/"}, "submit"),
    (CONTENT, "a", {"href": "https://x.fi/", "target": "_blank"}, "target"),
    (CONTENT, "a", {"href": "https://x.fi/", "rel": "opener"}, "rel"),
    (CONTENT, "a", {"href": "java&#x09;script:alert(1)"}, "script:"),
    (CONTENT, "a", {"href": "&#106;avascript:alert(1)"}, "javascript"),
    (CONTENT, "a", {"href": "/\\evil.test/"}, "evil"),
    (CONTENT, "img", {"src": "https://tracker.test/p.gif"}, "tracker"),
    (CONTENT, "img", {"src": "x.png", "srcset": "https://tracker.test/p.gif 1x"}, "srcset"),
    (CONTENT, "img", {"src": "x.png", "onerror": "alert(1)"}, "onerror"),
    (CONTENT, "p", {"style": "position:fixed;inset:0"}, "style"),
    (CONTENT, "svg", {"onload": "alert(1)"}, "onload"),
    (CONTENT, "a", {"xlink:href": "javascript:alert(1)"}, "xlink:href"),
    (CONTENT, "use", {"href": "#x"}, "<use>"), (CONTENT, "animate", {}, "<animate>"),
    (CONTENT, "foreignobject", {}, "<foreignobject>"),
    (CONTENT, "path", {"fill": "url(https://tracker.test/#p)", "d": "M0 0"}, "fill"),
    (CONTENT, "svg", {"xmlns": "http://www.w3.org/1999/xhtml"}, "xmlns"),
    (CONTENT, "iframe", {"srcdoc": "<script>alert(1)</script>"}, "<iframe>"),
    (CONTENT, "link", {"rel": "stylesheet", "href": "https://evil.test/x.css"}, "<link>"),
    (THEME, "link", {"rel": "stylesheet", "href": "https://evil.test/x.css"}, "evil"),
    (THEME, "link", {"rel": "preload", "href": "x.js"}, "preload"),
    (CONTENT, "style", {}, "<style>"), (THEME, "style", {}, "<style>"),
    (CONTENT, "div", {"class": "md-dialog hk-lead"}, "md-dialog"),
    (CONTENT, "div", {"class": "hk-search"}, "hk-search"),
    (CONTENT, "h2", {"id": "__config"}, "__config"), (CONTENT, "p", {"id": "hk-search-input"}, "hk-search"),
    (CONTENT, "input", {"type": "text", "name": "q"}, "text"),
    (CONTENT, "a", {"href": "https://x.fi/", "HREF": "javascript:alert(1)"}, "kahdesti"),
    (CONTENT, "details", {"open": "", "ontoggle": "alert(1)"}, "ontoggle"),
    (CONTENT, "object", {"data": "x.swf"}, "<object>"), (CONTENT, "embed", {"src": "x"}, "<embed>"),
    (CONTENT, "math", {}, "<math>"), (CONTENT, "template", {}, "<template>"),
    (CONTENT, "noscript", {}, "<noscript>"), (CONTENT, "textarea", {}, "<textarea>"),
]


@pytest.mark.parametrize(("zone", "tag", "attributes", "named"), REFUSED_TAGS,
                         ids=[f"{z}-{t}-{'-'.join(a)}" for z, t, a, _ in REFUSED_TAGS])
def test_the_output_allowlist_refuses_and_names_it(zone, tag, attributes, named):
    found = tag_problem(zone, tag, list(attributes.items()))
    assert found is not None
    assert named.lower() in found[0].lower()


def test_cleaning_keeps_character_references_in_text_and_decodes_them_in_attributes():
    """nh3 writes the character of every reference: "&#91;x&#93;&#40;javascript&#58;…&#41;"
    inside a span would become a Markdown link. References in text stay; in a tag nh3 still
    decodes them to judge the address, and a planted sentinel character is dropped."""
    from macros.core.safe_html import clean
    escaped = "&#91;klikkaa&#93;&#40;javascript&#58;alert&#40;3&#41;&#41; &#60;img&#62; &amp;"
    assert clean(f'<span lang="fi">{escaped}</span>') == f'<span lang="fi">{escaped}</span>'
    for hostile in ('<a href="javascript&#58;alert(1)">x</a>', "<a href=javascript&#58;alert(1)>x</a>",
                    "<a href='java&#x73;cript:alert(1)'>x</a>"):
        assert clean(hostile) == "<a>x</a>", hostile
    assert clean('<a href="x\ue000#58\ue001y">x</a>') == '<a href="x#58y">x</a>'  # no reference made
    assert clean('<a href="https://x.fi/?a=1&amp;b=2">x &#91;</a>') == \
        '<a href="https://x.fi/?a=1&amp;b=2">x &#91;</a>'
    assert clean("\ue000#91\ue001 <b>x</b>") == "#91 <b>x</b>"
