"""Values from the registries made safe for a page (macros/pages/untrusted.py): what an attacker
who controls a PTV text, address or number can put in, and what Markdown then makes of it."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from macros.core.phones import registry_number, same_number
from macros.pages.untrusted import md_text, safe_url

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "toc",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist"]  # as mkdocs.yml

HOSTILE = [
    "<script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "[klikkaa](javascript:alert(1))",
    "![kuva](https://example.invalid/x.png)",
    "<img src=x onerror=alert(1)>",
    "{{ config }} {% include 'x' %}",
    "teksti { onclick=alert(1) }",
    "*lihava* _kursiivi_ `koodi`",
    "# otsikko",
    "- luettelo",
    "1. luettelo",
    "!!! note",
    "> lainaus",
    "```\nkoodia\n```",
    "&lt;script&gt;",
    "<!-- kommentti --> <![CDATA[x]]>",
    "rivi 1\n\n- rivi 2\n<div markdown=1>x</div>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_is_shown_as_written_in_paragraphs_lists_and_headings(text):
    for line, allowed in ((md_text(text), {"p"}), (f"- **Nimi:** {md_text(text)}", {"ul", "li", "strong"}),
                          (f"### {md_text(text)}", {"h3"})):
        page = BeautifulSoup(markdown.markdown(line, extensions=EXTENSIONS), "html.parser")
        assert {tag.name for tag in page.find_all(True)} == allowed
        assert [a for tag in page.find_all(True) for a in tag.attrs] in ([], ["id"])
        assert " ".join(page.get_text().split()).endswith(" ".join(text.split()))


@pytest.mark.parametrize("url, safe", [
    ("https://lapha.fi/toimeentulotuki", "https://lapha.fi/toimeentulotuki"),
    ("http://example.invalid/a?b=1&c=2#d", "http://example.invalid/a?b=1&c=2#d"),
    ("https://example.invalid/a b", None),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    (" javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("https://user:pass@example.invalid/", None),
    ("https:///nohost", None),
    ("//example.invalid/", None),
    ('https://example.invalid/"><script>', "https://example.invalid/%22%3E%3Cscript%3E"),
    ("https://example.invalid/x)(y", "https://example.invalid/x%29%28y"),
    ("https://example.invalid/\u202e", "https://example.invalid/%E2%80%AE"),
    ("https://[::1", None),
])
def test_safe_url(url, safe):
    assert safe_url(url) == safe


@pytest.mark.parametrize("number, prefix, service, shown", [
    ("401234567", "+358", False, ("040 123 4567", "tel:+358401234567")),
    ("201234000", "+358", False, ("020 123 4000", "tel:+358201234000")),
    ("0295 020 500", None, True, ("0295 020 500", "tel:0295020500")),
    ("116 117", "+358", True, ("116 117", "tel:116117")),
    ('40"><img src=x>', "+358", False, None),
    ("40 123", "javascript:", False, None),
    ("12", None, False, None),
])
def test_registry_number(number, prefix, service, shown):
    assert registry_number(number, prefix, service) == shown


def test_same_number_across_formats():
    assert same_number("040 506 0083", "+358405060083")
    assert same_number("+358 40 506 0083", "0405060083")
    assert not same_number("040 506 0083", "040 482 3584")
    assert not same_number(None, "")
