"""macros/assemble/html_fixes.py, each fix alone through the one walk, on hard cases:
abbreviations in links, table alignment, Material's markup."""

from macros.assemble.html_fixes import only, phone_links


def focusable_abbreviations(html):
    return only(html, "abbr")


def alignment_classes(html):
    return only(html, "align")


def soft_hyphens(html, hyphenation):
    return only(html, "hyphens", hyphenation)


def named_permalinks(html, language="fi"):
    return only(html, "permalinks", language=language)


def valid_theme_html(html):
    return only(html, "theme", page=True)


accessible_theme_html = valid_theme_html

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


# --- phone numbers as tel: links, soft hyphens in Finnish headings ---------------------------

def test_phone_numbers_in_text_become_tel_links_and_other_numbers_do_not():
    html = ("<p>Soita 112 tai <strong>040 482 3584</strong>, +358 16 123 4567 tai 116 117.</p>"
            "<p>Laki 112/2019, 112 §, 1 112 €, 12.3.2024, 0,5 %, 2024 ja 040.</p>")
    out = phone_links(html)
    for number, target in (("112", "112"), ("040 482 3584", "0404823584"),
                           ("+358 16 123 4567", "+358161234567"), ("116 117", "116117")):
        assert f'<a href="tel:{target}">{number}</a>' in out
    assert out.count("<a ") == 4
    assert out.endswith("<p>Laki 112/2019, 112 §, 1 112 €, 12.3.2024, 0,5 %, 2024 ja 040.</p>")


def test_numbers_in_links_code_headings_and_next_to_their_own_link_stay_as_they_are():
    html = ('<h3 id="hatanumero-112">Hätänumero 112</h3><p><a href="tel:112">112</a> <code>112</code>'
            '<a href="x/">soita 040 726 6965</a></p>'
            '<p><strong>Hätänumero 112</strong>: <a href="tel:112">112</a></p>'
            '<script type="application/ld+json">{"telephone": "040 726 6965"}</script>')
    assert phone_links(html) == html


def test_soft_hyphens_at_voikkos_points_in_headings_and_card_titles_only():
    points = {"Aikuissosiaalityön": (2, 6, 8, 12), "toimeentulotuki": (7, 11)}

    def hyphenation(word):
        return points.get(word, ())
    html = ('<h1 id="a">Aikuissosiaalityön käsikirja<a class="headerlink" href="#a">¶</a></h1>'
            '<p>Aikuissosiaalityön <a href="x/" class="hk-card-title">Ehkäisevä toimeentulotuki</a></p>'
            '<h2 id="b">Haku: <code>toimeentulotuki</code> <span lang="en">toimeentulotuki</span> '
            '<a href="y/">toimeentulotuki</a> &amp; toimeentulotuki</h2>')
    out = soft_hyphens(html, hyphenation)
    assert out.startswith('<h1 id="a">Ai&shy;kuis&shy;so&shy;siaa&shy;lityön käsikirja'
                          '<a class="headerlink" href="#a">¶</a></h1><p>Aikuissosiaalityön ')
    assert '>Ehkäisevä toimeen&shy;tulo&shy;tuki</a>' in out
    assert out.count("&shy;") == 4 + 2 + 2  # h1, the card, the h2's plain text only
    assert "<code>toimeentulotuki</code>" in out and '<span lang="en">toimeentulotuki</span>' in out
    assert '<a href="y/">toimeentulotuki</a>' in out


def test_each_permalink_is_named_by_its_heading_in_the_page_language():
    html = (f'<h2 id="a">Näin &quot;haet&quot; {KELA}<a class="headerlink" href="#a" '
            'title="Linkki tähän kohtaan">&para;</a></h2>'
            '<h3 id="b">Fees &amp; <em>times</em><a class="headerlink" href="#b" '
            'title="Linkki tähän kohtaan">&para;</a></h3>')
    out = named_permalinks(html)
    assert 'aria-label="Linkki tähän kohtaan: Näin &quot;haet&quot; Kela"' in out
    assert f'<h2 id="a">Näin &quot;haet&quot; {KELA}<a class="headerlink"' in out  # heading kept
    english = named_permalinks(html, "en")
    assert 'title="Link to this section" aria-label="Link to this section: Fees &amp; times"' in english
    assert english.count("aria-label=") == 2 and "Linkki" not in english


THEME = """\
<link rel="canonical" href="https://x.invalid/a/">
      <link rel="prev" href="../">
      <link rel="next" href="../b/">
<a href="https://git.invalid/e/a.md" title="Muokkaa tätä sivua" class="md-content__button md-icon" rel="edit">
<a href="../b/" class="md-footer__link md-footer__link--next" aria-label="Seuraava: B">"""


def test_the_edit_button_is_named_and_no_link_feeds_single_key_shortcuts():
    out = accessible_theme_html(THEME)
    assert 'title="Muokkaa tätä sivua" aria-label="Muokkaa tätä sivua" class="md-content__button' in out
    assert 'rel="prev"' not in out and 'rel="next"' not in out
    assert 'rel="canonical"' in out and "md-footer__link--next" in out  # the footer's links stay
