"""Rendering hand-written pages (macros/templating.py): code stays literal, errors name lines."""

import jinja2
import pytest

from macros.core.problems import HandbookError
from macros.pages.templating import ContentError, front_matter_offset, protect_code, render_page


def env():
    return jinja2.Environment(undefined=jinja2.StrictUndefined,
                              comment_start_string="{##", comment_end_string="##}")


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


def test_unclosed_fence_runs_to_the_end():
    assert render_page(env(), "```\n{{ a }}", {}, "docs/a.md", 0) == "```\n{{ a }}"


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
