"""The preview's error page (macros/assemble/served.py): the editors' text escaped, no inline
script or style, and bounded however many problems a build finds; the sweep of a site folder
written over; the wait before a rebuild. The real server around them is tested in test_serve.py."""

from __future__ import annotations

import gc
import os
import re

from macros.assemble.served import LONGEST, RELOAD_PATH, SETTLE_S, SHOWN, PreviewServer, error_page


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


def test_the_sweep_deletes_only_what_the_rebuild_did_not_write_and_never_follows_a_link(tmp_path):
    """Links in the site folder (to a file or a folder outside it) go as links: what they point
    to stays, however old."""
    site, outside = tmp_path / "site", tmp_path / "outside"
    (site / "vanha").mkdir(parents=True)
    outside.mkdir()
    (outside / "tiedosto").write_text("palvelimen tiedosto", encoding="utf-8")
    (site / "vanha/index.html").write_text("vanha sivu", encoding="utf-8")
    (site / "kansiolinkki").symlink_to(outside, target_is_directory=True)
    (site / "tiedostolinkki").symlink_to(outside / "tiedosto")
    for path in (site / "vanha/index.html", outside / "tiedosto", outside):
        os.utime(path, (1, 1))  # older than any rebuild
    for link in (site / "kansiolinkki", site / "tiedostolinkki"):
        os.utime(link, (1, 1), follow_symlinks=False)
    served = PreviewServer()
    served.keep_in_place(str(site))
    (site / "uusi").mkdir()
    (site / "uusi/index.html").write_text("uusi sivu", encoding="utf-8")
    served.sweep()
    assert sorted(p.name for p in site.iterdir()) == ["kansiolinkki", "uusi"]
    assert (outside / "tiedosto").read_text(encoding="utf-8") == "palvelimen tiedosto"
    served.sweep()  # once per rebuild: a second call deletes nothing
    assert (site / "uusi/index.html").is_file()


def test_a_rebuild_starts_0_03_s_after_the_last_change_not_mkdocs_0_1_s(tmp_path):
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    assert server.build_delay == 0.1  # MkDocs' own wait: a new MkDocs version may change it
    PreviewServer().install(server)
    assert server.build_delay == SETTLE_S == 0.03


def test_a_rebuild_skips_the_full_collections_and_the_work_after_the_reload_makes_one():
    preview = PreviewServer()
    preview.before_rebuild()
    try:
        assert gc.get_freeze_count() > 1000  # what was alive before the rebuild: not scanned
    finally:
        preview._start_later()  # the rebuild served: its work after the reload, then a collection
        preview._wait_for_later()
    assert gc.get_freeze_count() == 0
