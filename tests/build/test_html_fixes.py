"""macros/html_fixes.py on hard cases: abbreviations in links, table alignment, Material's markup."""

from macros.build.html_fixes import alignment_classes, focusable_abbreviations, valid_theme_html

KELA = '<abbr title="Kansaneläkelaitos">Kela</abbr>'


def test_an_abbreviation_in_a_link_is_not_focusable_and_the_next_use_outside_one_is():
    html = (f'<p><a href="kela/">{KELA}</a> ja <a href="x/"><b>{KELA}</b></a></p>'
            f'<p>{KELA} ja {KELA}</p>')
    out = focusable_abbreviations(html)
    assert out.count('tabindex="0"') == 1
    assert out.index('tabindex="0"') > out.index("<p>", 1)  # in the second paragraph
    assert f'<a href="kela/">{KELA}</a>' in out


def test_the_first_abbreviation_outside_links_is_focusable_once_per_expansion():
    out = focusable_abbreviations(f'<p>{KELA}</p><p><a href="#x">linkki</a> {KELA}</p>')
    assert out.startswith('<p><abbr tabindex="0" title="Kansaneläkelaitos">')
    assert out.count('tabindex="0"') == 1


def test_table_alignment_becomes_a_class():
    html = ('<th>Vaihe</th><th style="text-align: center;">Kela</th>'
            '<td style="text-align: right;">1</td><td>x</td>')
    out = alignment_classes(html)
    assert "style=" not in out
    assert '<th class="hk-align-center">Kela</th>' in out and '<td class="hk-align-right">1</td>' in out


MATERIAL = """\
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">A</label>
<label class="md-nav__link" for="__nav_3" id="__nav_3_label" tabindex="0">B</label>
<label class="md-nav__title" for="__toc">Sisällysluettelo</label>"""


def test_material_markup_loses_invalid_attributes_and_keeps_the_rest():
    out = valid_theme_html(MATERIAL)
    assert "autocomplete" not in out and 'tabindex=""' not in out
    assert 'id="__drawer">' in out and 'id="__search">' in out
    assert 'tabindex="0">B' in out and 'id="__nav_2_label">A' in out
    assert '<label class="md-nav__title">Sisällysluettelo' in out  # no __toc checkbox here


def test_the_toc_title_keeps_its_checkbox_when_the_page_has_one():
    html = MATERIAL + '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
    assert '<label class="md-nav__title" for="__toc">' in valid_theme_html(html)
