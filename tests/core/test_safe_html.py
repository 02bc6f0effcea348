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
