"""Rendering hand-written pages (pages/templating.py): code stays literal, errors name lines,
and a page runs in Jinja's sandbox with nothing but its macros and front matter."""

import pytest

from macros.core.problems import HandbookError
from macros.pages.templating import (
    ContentError,
    front_matter_offset,
    page_environment,
    protect_code,
    render_page,
)


def env():
    return page_environment({"comment_start_string": "{##", "comment_end_string": "##}"})


def test_protect_code_keeps_every_line_in_place():
    text = "a {{ x }}\n```md\n{{ y }}\n```\nb `{{ z }}` and `plain`\n"
    protected = protect_code(text)
    assert protected.count("\n") == text.count("\n")
    assert protected.splitlines()[1] == "{% raw %}```md"
    assert protected.splitlines()[3] == "```{% endraw %}"
    assert "{% raw %}`{{ z }}`{% endraw %}" in protected and "`plain`" in protected


def test_code_is_shown_literally_and_macros_outside_run():
    text = "{{ x }}\n\n~~~~\n{{ not_defined }}\n~~~~\n\n`{% if %}` {#anchor}\n"
    out = render_page(env(), text, {"x": "X"}, "docs/a.md", 0)
    assert out == "X\n\n~~~~\n{{ not_defined }}\n~~~~\n\n`{% if %}` {#anchor}"


def test_a_fence_superfences_does_not_take_is_prose_as_in_markdown():
    """Unclosed, closed by a longer fence or by the other kind: superfences reads the lines as
    prose (raw HTML stays HTML), so their macros are rendered and their markup checked."""
    for text in ("```\n{{ a }}", "~~~\n{{ a }}\n~~~~", "```\n{{ a }}\n~~~"):
        assert render_page(env(), text, {"a": "x"}, "docs/a.md", 0) == text.replace("{{ a }}", "x")
    assert render_page(env(), "~~~\n{{ a }}\n~~~", {}, "docs/a.md", 0) == "~~~\n{{ a }}\n~~~"


def test_undefined_macro_names_real_line_after_front_matter():
    with pytest.raises(HandbookError) as caught:
        render_page(env(), "# Otsikko\n\n{{ sevice_card('x') }}\n", {}, "docs/a.md", 4)
    assert str(caught.value).splitlines()[1] == (
        'docs/a.md:7: makro: tuntematon makro tai muuttuja "sevice_card". Tarkista kirjoitusasu; '
        "käytettävissä olevat makrot on kuvattu sivulla Tietoa käsikirjasta › Makrot.")


def test_macro_error_message_is_passed_through_with_line():
    def card(name):
        raise ContentError(f'tuntematon palvelu "{name}".')
    with pytest.raises(HandbookError) as caught:
        render_page(env(), "a\nb\n{{ card('zz') }}", {"card": card}, "docs/b.md", 0)
    assert 'docs/b.md:3: makro: tuntematon palvelu "zz".' in str(caught.value)


def test_syntax_error_names_line():
    with pytest.raises(HandbookError) as caught:
        render_page(env(), "ok\n{{ card('x' }}\n", {}, "docs/c.md", 3)
    assert "docs/c.md:5: makro: makron kirjoitusasu on virheellinen" in str(caught.value)


def test_front_matter_offset_counts_lines_before_the_body():
    source = "---\ntitle: A\n---\n\n# A\n"
    assert front_matter_offset(source, "# A\n") == 4
    assert front_matter_offset("# A\n", "# A\n") == 0


def _refused(text: str, variables: dict | None = None) -> str:
    with pytest.raises(HandbookError) as caught:
        render_page(env(), "a\n" + text, variables or {}, "docs/x.md", 0)
    [problem] = caught.value.problems
    assert problem.line == 2 and problem.path == "docs/x.md"
    return problem.message


@pytest.mark.parametrize("text", [
    "{{ f.__globals__ }}", "{{ f.__code__ }}", '{{ "".__class__ }}', "{{ f | attr('__globals__') }}",
    "{{ s.upper() }}", "{{ d.items() }}", '{{ "a" * 100000 }}', "{{ 9 ** 99999 }}", "{{ self }}",
    '{% include "x.md" %}', '{% import "x.md" as y %}', '{% extends "x.md" %}',
    '{% from "x.md" import y %}'])
def test_internals_are_out_of_reach(text):
    message = _refused(text, {"f": lambda: 1, "s": "x", "d": {}})
    assert "sivulla voi käyttää vain käsikirjan makroja" in message


@pytest.mark.parametrize("name", ["range", "lipsum", "cycler", "joiner", "namespace", "dict",
                                  "config", "context", "macros_info", "now", "fix_url", "page"])
def test_jinjas_and_mkdocs_macros_globals_are_absent(name):
    assert f'tuntematon makro tai muuttuja "{name}"' in _refused(f"{{{{ {name}() }}}}")


def test_macros_front_matter_loops_and_arithmetic_still_work():
    text = "{{ card('x') }} {{ title }} {% for i in items %}{{ i }}{% endfor %} {{ 6 * 7 }}"
    out = render_page(env(), text, {"card": lambda x: f"[{x}]", "title": "T", "items": [1, 2]},
                      "docs/a.md", 0)
    assert out == "[x] T 12 42"
