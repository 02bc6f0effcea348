"""macros/assemble/parallel.py: a build converts (the first build) and renders the last pages
in forked helpers, and makes the search index in a third; the site is the one a single process
makes, warnings and refusals show once, and a helper that fails or hangs costs only its time."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

from sites import ENV, ROOT, build, build_unchecked, differences, fixture_site

from macros.assemble.parallel import KEPT_COST, PAGE_COST, _split, relog
from macros.assemble.preview import CONVERSIONS
from macros.core.cache import CACHES, JsonStore

PAGES = 40  # docs pages added to the minimal fixture: more than its generated pages, so that
# the helpers (8 pages or more) get some of them


def _project(tmp_path, text: str = "Sivun {n} teksti, jossa on [etusivu](../index.md).\n"):
    pages = {f"docs/sivut/sivu-{n:02d}.md": f"# Sivu {n}\n\n{text.format(n=n)}"
             for n in range(PAGES)}
    nav = "nav:\n  - index.md\n" + "".join(f"  - sivut/sivu-{n:02d}.md\n" for n in range(PAGES))
    project = fixture_site(tmp_path, changes=pages)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    settings = ("extra:\n  handbook:\n    cache: !ENV [HANDBOOK_CACHE, true]\n"
                "    parallel: !ENV [HANDBOOK_PARALLEL, true]\n")  # as the real mkdocs.yml
    config.write_text(text.replace("nav:\n  - index.md\n", nav, 1) + settings, encoding="utf-8")
    return project


def test_a_build_on_two_cores_makes_what_one_core_makes(tmp_path):
    project = _project(tmp_path)
    two = build(project, tmp_path / "two", verbose=True, HANDBOOK_CACHE="0")
    assert two.returncode == 0, two.output[-3000:]
    log = two.output
    for said in ("a helper process converts", "the helper process converted",
                 "a helper process renders", "the helper process rendered",
                 "a helper process writes the search index",
                 "the helper process wrote the search index"):
        assert said in log, (said, log[-3000:])
    one = build(project, tmp_path / "one", verbose=True, HANDBOOK_CACHE="0", HANDBOOK_PARALLEL="0")
    assert one.returncode == 0, one.output[-3000:]
    assert "a helper process" not in one.output
    assert differences(tmp_path / "two", tmp_path / "one") == []
    # a second build finds the conversions kept (on disk): its helper only renders
    first = build(project, tmp_path / "first", verbose=True)
    again = build(project, tmp_path / "again", verbose=True)
    assert first.returncode == again.returncode == 0, again.output[-3000:]
    assert "a helper process converts" in first.output
    assert "a helper process converts" not in again.output
    assert "the helper process rendered" in again.output
    assert "the helper process wrote the search index" in again.output
    assert differences(tmp_path / "again", tmp_path / "one") == []


def test_each_pages_warning_shows_once_and_fails_the_strict_build(tmp_path):
    """A conversion that warns is not kept: the helper's pages warn here, once each."""
    project = _project(tmp_path, "![Kuva](puuttuu-{n}.png)\n")  # MkDocs' warning, not a guard's
    result = build(project, tmp_path / "site", verbose=True, HANDBOOK_CACHE="0")
    log = result.output
    assert result.returncode != 0 and "a helper process converts" in log, log[-3000:]
    for n in range(PAGES):
        assert log.count(f"link 'puuttuu-{n}.png'") == 1, (n, log[-3000:])


def test_a_guards_finding_stops_the_build_while_the_helper_converts(tmp_path):
    """The conversion helper starts before the content guards run: their finding still stops
    the build, in Finnish and without a traceback (the helper is stopped)."""
    project = _project(tmp_path)
    page = project / "docs/sivut/sivu-39.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAsiakas 131052-308T soitti.\n",
                    encoding="utf-8")
    result = build(project, tmp_path / "site", verbose=True, HANDBOOK_CACHE="0")
    log = result.output
    assert result.returncode != 0 and "a helper process converts" in log, log[-3000:]
    assert "docs/sivut/sivu-39.md:5: henkilötunnus: tekstissä on henkilötunnus (131052-****)." in log
    assert "Traceback" not in log


def test_the_split_gives_the_helper_the_last_pages_as_much_work_as_this_process_keeps():
    class Page:  # a generated page's File: its text in memory
        abs_src_path = None

        def __init__(self, size):
            self.content_string = "x" * size

    same = [Page(1000) for _ in range(100)]
    start = _split(same)
    mine = start * (PAGE_COST + 1000) + (100 - start) * KEPT_COST
    theirs = (100 - start) * (PAGE_COST + 1000)
    assert 40 < start < 50 and abs(mine - theirs) <= PAGE_COST + 1000 + KEPT_COST
    heavy_first = [Page(40000) for _ in range(10)] + [Page(100) for _ in range(90)]
    assert _split(heavy_first) < 30  # the long pages stay here, the short ones go
    assert _split([Page(10)]) == 1  # never every page
    assert _split(same, busy=0.2) < start - 5  # this process runs the guards meanwhile


def test_the_output_allowlists_findings_on_the_helpers_pages_stop_the_build_once_each(tmp_path):
    """With the source checks finding nothing (tests/test_hostile_content.py), what the walk
    of each rendered page refuses is reported by file and line, the helper's pages too."""
    project = _project(tmp_path, 'Teksti.\n\n## Otsikko {{: onclick="alert({n})" }}\n')
    code, log = build_unchecked(project, tmp_path / "site", "-v")
    assert code != 0 and "the helper process rendered" in log, log[-3000:]
    for n in range(PAGES):
        rows = [row for row in log.splitlines()
                if f"docs/sivut/sivu-{n:02d}.md:5: HTML: " in row and "onclick" in row]
        assert len(rows) == 1, (n, log[-3000:])
        # what MkDocs logs of a page, in the helper too, shows once
        assert log.count(f"Page skipped: 'sivut/sivu-{n:02d}.md'") == 1, (n, log[-3000:])
    assert "Traceback" not in log and not list((tmp_path / "site/sivut").glob("*/index.html"))


def test_the_helpers_messages_are_logged_again_as_text_and_nothing_else(caplog):
    """A page's name is the editor's: its % signs are text, never a format; entries of any
    other shape are dropped."""
    caplog.set_level(logging.INFO)
    relog([["mkdocs.commands.build", 20, "Page skipped: 'a %s %(x)s %d.md'."],
           ["mkdocs", "20", "level as text"], ["mkdocs", 30], "text", None])
    relog({"not": "a list"})
    assert [r.getMessage() for r in caplog.records] == ["Page skipped: 'a %s %(x)s %d.md'."]


def test_a_helpers_cache_additions_are_checked_as_a_cache_files_are():
    """What a helper sends into the stores is read like a planted cache file: a conversion
    with script is converted again, a value of the wrong shape is not taken, and entries for
    stores this build does not have are dropped."""
    conversion = {"content": "<p>x</p>", "toc": [], "title": None, "anchors": [], "links": None}
    planted = {**conversion, "content": '<p>x</p><script>alert(1)</script>'}
    words = JsonStore("testi-sanat", "1", lambda value: isinstance(value, list))
    try:
        CACHES.adopt({CONVERSIONS.label: {"istutettu": json.dumps(planted),
                                          "kelvollinen": json.dumps(conversion)},
                      words.label: {"a": ["a"], "b": "ei lista", "c": {"d": 1}},
                      "tuntematon/1": {"x": "1"}})
        assert CONVERSIONS.find("istutettu") is None
        assert CONVERSIONS.find("kelvollinen")["content"] == "<p>x</p>"
        assert words.data == {"a": ["a"]}
        CACHES.adopt("ei sanakirja")  # nothing to take
    finally:
        CACHES.stores.remove(words)
        for key in ("istutettu", "kelvollinen"):
            CONVERSIONS.used.pop(key, None)


HELPER = """
import os, sys, time
from types import SimpleNamespace
from macros.assemble import parallel
from macros.core.cache import DataStore
parallel.LIMIT_S = 2.0
store = DataStore("testi", "1")
pages = [SimpleNamespace(file=SimpleNamespace(src_uri=f"s{n}.md")) for n in range(4)]
def converting(page):
    store.put(page.file.src_uri, {"content": page.file.src_uri})
def failing(page):
    converting(page)
    if page.file.src_uri == "s3.md":
        raise RuntimeError("macro failed")
def hanging(page):
    time.sleep(60)
helper = parallel.Helper()
step = {"ok": converting, "fails": failing, "hangs": hanging}[sys.argv[1]]
def work():
    for page in pages[2:]:
        step(page)
assert helper.fork(["s2.md", "s3.md"], work, lambda: {"pages": 2})
assert not helper.has(pages[0]) and helper.has(pages[2])
pid, start = helper.pid, time.monotonic()
found = helper.finish()
took = time.monotonic() - start
try:
    os.kill(pid, 0)
    reaped = False
except ProcessLookupError:
    reaped = True
print(sorted(store.used), found and found["pages"], reaped, round(took, 1))
"""


def _helper(kind: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", HELPER, kind], cwd=ROOT, env=ENV,
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().rsplit(" ", 3)


def test_the_helpers_answer_and_cache_additions_are_taken_when_its_first_page_comes():
    kept, answer, reaped, _ = _helper("ok")
    assert kept == "['s2.md', 's3.md']" and answer == "2" and reaped == "True"


def test_a_failing_helper_sends_nothing_and_is_reaped():
    assert _helper("fails")[:3] == ["[]", "None", "True"]


def test_a_hanging_helper_is_killed_at_the_limit_and_reaped():
    kept, answer, reaped, took = _helper("hangs")
    assert (kept, answer, reaped) == ("[]", "None", "True") and 1.9 <= float(took) < 10
