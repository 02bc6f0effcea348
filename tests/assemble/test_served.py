"""The preview's error page (macros/assemble/served.py): the editors' text escaped, no inline
script or style, and bounded however many problems a build finds. The real server around it is
tested in test_serve.py."""

from __future__ import annotations

import re

from macros.assemble.served import LONGEST, RELOAD_PATH, SHOWN, error_page


def test_the_error_page_escapes_every_problem_and_has_no_inline_script_or_style():
    lines = ['data/services/a.yml:3: name: arvo "<script>alert(1)</script>" ei kelpaa.',
             "docs/x.md:9: linkki: <img src=x onerror=alert(2)> ei löydy. Korjaa linkki.",
             'a & b" onmouseover="x']
    page = error_page("Käsikirjan lähteissä on 3 virhettä:", lines, 1234).decode()
    assert "<script>alert" not in page and "<img" not in page and 'onmouseover="' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<code>data/services/a.yml:3</code>: name: arvo" in page
    assert re.findall(r"<script[^>]*>", page) == [f'<script src="{RELOAD_PATH}" data-epoch="1234">']
    assert "<style" not in page and "style=" not in page
    assert '<html lang="fi">' in page and "<title>" in page and "<h1>" in page


def test_the_error_page_is_bounded_however_many_problems_there_are():
    lines = [f"data/services/s{n}.yml:1: name: {'x' * 100_000}" for n in range(10_000)]
    page = error_page("Käsikirjan lähteissä on 10000 virhettä:", lines, 1).decode()
    assert page.count("<li>") == SHOWN + 1  # and one line saying how many more
    assert f"ja {10_000 - SHOWN} muuta" in page
    assert len(page) < SHOWN * (LONGEST + 200) + 5_000
