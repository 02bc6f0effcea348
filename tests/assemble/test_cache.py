"""Build caches (core/cache.py, finnish.py, diagram.py, preview.py): a change in what a
cached result depends on shows on the very next build, the caches are really used, and
nothing in a cache folder is ever code: a corrupt, foreign or planted file is ignored."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from datetime import date

import jinja2
import pytest
from sites import ENV, ROOT, build, differences, fixture_site, handbook_copy

from macros.checks import runner as content
from macros.core import cache
from macros.data import sources
from macros.data.models import RetiredName
from macros.pages import brochures, diagram
from macros.search import finnish


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = cache.configure(tmp_path)
    yield folder
    cache.configure(None)  # memory only again for the other tests


def _compiles(monkeypatch) -> list[str]:
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return original(self, source, name, filename, raw, defer_init)
    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def _like(store, version="test"):
    """A new store of the same kind: as the next build would make it."""
    return cache.DataStore(store.name, version, encode=store.encode, decode=store.decode,
                           hook=store.hook)


def test_compiled_templates_are_kept_in_memory_only(tmp_path, cache_dir, monkeypatch):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.md").write_text("Hei {{ name }}!\n", encoding="utf-8")
    compiled = _compiles(monkeypatch)
    kept = cache.JinjaCache()  # mkdocs serve: a new environment each rebuild, the same cache

    def env():
        return kept.attach(jinja2.Environment(loader=jinja2.FileSystemLoader(templates)))
    assert env().get_template("t.md").render(name="a") == "Hei a!"
    assert env().get_template("t.md").render(name="b") == "Hei b!"
    assert compiled == ["t.md"]
    (templates / "t.md").write_text("Moi {{ name }}!\n", encoding="utf-8")
    assert env().get_template("t.md").render(name="c") == "Moi c!"
    assert compiled == ["t.md", "t.md"]
    assert [p.name for p in cache_dir.iterdir()] == ["templates"]  # no compiled code on disk


def test_voikko_analyses_are_kept_by_word_and_voikko_version(cache_dir):
    import libvoikko
    version = finnish.voikko_version()
    assert version and version.startswith(libvoikko.Voikko.getVersion()) and "mor.vfst" in version
    store = cache.JsonStore("voikko", version, finnish._terms)
    store.put("toimeentulotuesta", [["toimeentulotuki"], ["tuki"]])
    store.save()
    kept = cache.JsonStore("voikko", version, finnish._terms).get("toimeentulotuesta")
    assert kept[0] == ["toimeentulotuki"]
    other = cache.JsonStore("voikko", version + " another dictionary", finnish._terms)
    assert other.get("toimeentulotuesta") is None


def test_analyse_uses_the_kept_terms_and_keeps_new_words(cache_dir, monkeypatch):
    store = cache.JsonStore("voikko", "test", finnish._terms)
    monkeypatch.setattr(finnish, "_store", lambda: store)
    store.put("kuvitteellinensana", [["keksitty"], ["osa"]])
    assert finnish.analyse.__wrapped__("kuvitteellinensana") == finnish.Terms(("keksitty",), ("osa",))
    terms = finnish.analyse.__wrapped__("asumisneuvontaa")
    assert terms.lemmas == ("asumisneuvonta",) and "neuvonta" in terms.parts
    assert store.get("asumisneuvontaa") == [terms.lemmas, terms.parts]  # Voikko's answer, kept
    store.save()
    kept = cache.JsonStore("voikko", "test", finnish._terms).get("asumisneuvontaa")  # the next build's
    assert finnish.Terms(*map(tuple, kept)) == terms


def test_a_change_to_the_analysis_code_starts_a_new_store(cache_dir, monkeypatch):
    finnish._store.cache_clear()
    try:
        before = finnish._store()._file()
        monkeypatch.setattr(finnish, "__file__", cache.__file__)  # other code
        finnish._store.cache_clear()
        assert finnish._store()._file() != before
    finally:
        finnish._store.cache_clear()


def test_data_files_parsed_once_and_again_when_their_text_changes(tmp_path, cache_dir,
                                                                 monkeypatch):
    parsed: list[str] = []
    original = sources.parse_yaml
    monkeypatch.setattr(sources, "parse_yaml", lambda text, path: (parsed.append(text),
                                                                   original(text, path))[1])
    data = tmp_path / "data/a.yml"
    data.parent.mkdir()
    data.write_text("name: Alfa\nlist: [1, 2]\n", encoding="utf-8")
    monkeypatch.setattr(sources, "PARSED", _like(sources.PARSED))
    first, _ = sources.read_yaml(data, tmp_path)
    sources.PARSED.save()
    first.data["list"].append(3)  # a caller changing its copy changes nothing kept
    monkeypatch.setattr(sources, "PARSED", _like(sources.PARSED))  # the next build
    again, _ = sources.read_yaml(data, tmp_path)
    assert again.data == {"name": "Alfa", "list": [1, 2]} and again.line(("list",)) == 2
    assert len(parsed) == 1
    data.write_text("name: Beeta\nlist: [1, 2]\n", encoding="utf-8")
    changed, _ = sources.read_yaml(data, tmp_path)
    assert changed.data["name"] == "Beeta" and len(parsed) == 2


def test_guard_findings_are_kept_by_text_and_the_old_names_looked_for(cache_dir, monkeypatch):
    monkeypatch.setattr(content, "GUARDED", _like(content.GUARDED))
    te = RetiredName(name="TE-toimisto", ended="TE-toimistot lakkasivat 1.1.2025.",
                     replaced_by="työvoimaviranomainen")
    avi = RetiredName(name="aluehallintovirasto", ended="AVIt lakkasivat 1.1.2026.",
                      replaced_by="Lupa- ja valvontavirasto")
    text = "# Otsikko\n\nOta yhteyttä TE-toimistoon.\n"

    def found(text, retired):
        return content._guarded(text, "docs/a.md", True, retired, repr([r.model_dump() for r in retired]),
                                {})
    assert [p.field for p in found(text, [te])] == ["vanha nimi"]
    content.GUARDED.save()
    monkeypatch.setattr(content, "GUARDED", _like(content.GUARDED))  # the next build
    assert [p.field for p in found(text, [te])] == ["vanha nimi"]
    assert len(content.GUARDED.kept) == 1  # from the cache folder
    assert found(text, [avi]) == []  # other old names: looked at again
    assert found(text.replace("TE-toimistoon", "työvoimaviranomaiseen"), [te]) == []


def test_qr_codes_are_kept_by_address(cache_dir):
    address = "https://kasikirja.example.invalid/palvelut/alfa/"
    svg = brochures.qr_svg.__wrapped__(address)
    cache.save_all()
    kept = cache.JsonStore("qr", brochures._qr_store.version, cache.inert_svg).get(address)
    assert kept.startswith("<svg ") and svg == kept.replace(
        "<svg ", f'<svg role="img" aria-label="QR-koodi: {address}" ', 1)
    assert brochures.qr_svg.__wrapped__(address.replace("alfa", "beeta")) != svg


DOT = 'digraph g { "a" -> "b"; }\n'


def test_diagrams_laid_out_once_and_again_when_the_graph_changes(cache_dir, monkeypatch):
    runs: list[str] = []
    original = subprocess.run

    def counting(command, *args, **kwargs):
        runs.append(kwargs.get("input", ""))
        return original(command, *args, **kwargs)
    monkeypatch.setattr(diagram.subprocess, "run", counting)
    monkeypatch.setattr(diagram, "SVGS", _like(diagram.SVGS))
    first = diagram.dot_to_svg(DOT)
    assert "<svg" in first and len(runs) == 1
    diagram.SVGS.save()
    monkeypatch.setattr(diagram, "SVGS", _like(diagram.SVGS))  # a new build: only the folder
    assert diagram.dot_to_svg(DOT) == first and len(runs) == 1
    changed = diagram.dot_to_svg(DOT.replace('"b"', '"c"'))
    assert len(runs) == 2 and ">c</text>" in changed and ">c</text>" not in first


def test_a_data_change_shows_on_the_next_build_and_warm_builds_equal_cold_ones(tmp_path):
    project = fixture_site(tmp_path)
    first = build(project, tmp_path / "warm1")
    assert first.returncode == 0, first.output
    assert not (project / ".cache/handbook/jinja").exists()  # compiled code: memory only
    assert list((project / ".cache/handbook/graphviz").glob("*.json"))
    kept = sorted(p.relative_to(project / ".cache/handbook").parts[0]
                  for p in (project / ".cache/handbook").rglob("*") if p.is_file())
    assert {"graphviz", "guards", "yaml"} <= set(kept), kept
    assert set(kept) <= {"conversions", "graphviz", "guards", "hyphens", "qr", "search", "voikko",
                         "yaml"}, kept
    assert all(p.suffix == ".json" for p in (project / ".cache/handbook").rglob("*") if p.is_file())
    alfa, gamma = project / "data/services/alfa.yml", project / "data/processes/gamma.yml"
    alfa.write_text(alfa.read_text().replace("name: Alfapalvelu", "name: Uusi alfa"))
    gamma.write_text(gamma.read_text().replace("title: Vastaanotto", "title: Saapuminen"))
    warm = build(project, tmp_path / "warm2")
    cold = build(project, tmp_path / "cold", HANDBOOK_CACHE="0")
    assert warm.returncode == cold.returncode == 0, warm.output + cold.output
    assert "Uusi alfa" in (warm.site / "palvelut/alfa/index.html").read_text()
    process = (warm.site / "ammattilaisille/prosessit/gamma/index.html").read_text()
    assert "1. Saapuminen</text>" in process and "Vastaanotto" not in process
    different = differences(warm.site, cold.site)
    assert different == [], different


SERVE = """
import logging, sys
from pathlib import Path
import jinja2
from mkdocs.config import load_config
from mkdocs.commands.build import build
from macros.assemble import preview
project, site, command = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
logging.getLogger("mkdocs").setLevel(logging.ERROR)
def rebuild(first):
    config = load_config(str(project / "mkdocs.yml"), site_dir=site)
    if first:
        config.plugins.on_startup(command=command, dirty=False)
    config.site_url = "http://127.0.0.1:8000/"
    build(config, serve_url=config.site_url)
rebuild(True)
from mkdocs.structure.pages import Page
pages, converted, themed, render = [], [], [], Page.render
def counting(self, config, files):
    converted.append(self.file.src_uri)
    return render(self, config, files)
Page.render = counting
original = preview.Conversions.remember
preview.Conversions.remember = lambda self, markdown, page, *a: (
    pages.append(page.file.src_uri), original(self, markdown, page, *a))
template_render = jinja2.Template.render
jinja2.Template.render = lambda self, *a, **k: (
    themed.append(a[0]["page"].file.src_uri) if self.name == "main.html" else None,
    template_render(self, *a, **k))[1]
changed = project / sys.argv[4]
changed.write_text(changed.read_text().replace(sys.argv[5], sys.argv[6]))
rebuild(False)
print(" ".join(converted), "|", len(pages), "|", " ".join(themed))
"""
CHANGES = {  # a service's name: its page and the pages listing it; a page title: the navigation
    "service": ("data/services/alfa.yml", "name: Alfapalvelu", "name: Uusi alfa"),
    "nav title": ("docs/index.md", "title: Etusivu", "title: Uusi etusivu"),
    "config": ("mkdocs.yml", "site_name: Testikäsikirja", "site_name: Uusi käsikirja"),
    "pruned menu": ("data/services/alfa.yml", "name: Alfapalvelu", "name: Uusi alfa"),
}
# The menu as the handbook's: pruned, in tabs, sections with index pages; a page of the
# services' section that is no neighbour of alfa's, and a second section whose pages' menus
# do not show the services' titles.
PRUNED_FEATURES = ("  name: material\n", "  name: material\n  features: [navigation.indexes, "
                   "navigation.prune, navigation.tabs, navigation.footer]\n")
PRUNED_NAV = ("nav:\n  - index.md\n  - palvelut/index.md\n", """nav:
  - index.md
  - Palvelut:
      - palvelut/index.md
      - palvelut/alfa.md
      - palvelut/beeta.md
      - palvelut/yksi.md
      - palvelut/kaksi.md
  - Tietoa:
      - tietoa/index.md
      - tietoa/ohje.md
      - tietoa/lisaa.md
""")
PRUNED_PAGES = {"docs/palvelut/yksi.md": "# Yksi\n\nEnsimmäinen.\n",
                "docs/palvelut/kaksi.md": "# Kaksi\n\nToinen.\n",
                "docs/tietoa/index.md": "# Tietoa\n\nSivuston tiedot.\n",
                "docs/tietoa/ohje.md": "# Ohje\n\nOhjeen teksti.\n",
                "docs/tietoa/lisaa.md": "# Lisää\n\nLisää tekstiä.\n"}


@pytest.mark.parametrize("change", CHANGES)
def test_serve_rebuild_converts_and_renders_changed_pages_and_serves_what_a_fresh_build_makes(
        tmp_path, change):
    path, old, new = CHANGES[change]
    sites = []
    for name in "ab":
        if change == "pruned menu":
            sites.append(fixture_site(tmp_path / name, changes=PRUNED_PAGES, edits={
                "mkdocs.yml": PRUNED_FEATURES}))
            config = sites[-1] / "mkdocs.yml"
            config.write_text(config.read_text().replace(*PRUNED_NAV))
        else:
            sites.append(fixture_site(tmp_path / name))
    served, fresh = sites
    result = subprocess.run([sys.executable, "-c", SERVE, str(served), str(tmp_path / "served"),
                             "serve", path, old, new], env={**ENV, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    changed = fresh / path
    changed.write_text(changed.read_text().replace(old, new))
    reference = subprocess.run([sys.executable, "-c", SERVE.split("rebuild(True)")[0]
                                + "rebuild(True)", str(fresh), str(tmp_path / "fresh"), "build"],
                               env={**ENV, "PYTHONPATH": str(ROOT)}, capture_output=True,
                               text=True, timeout=300)
    assert reference.returncode == 0, reference.stderr
    assert new.split(": ")[1] in (tmp_path / "served/index.html").read_text() + (
        tmp_path / "served/palvelut/alfa/index.html").read_text()
    different = differences(tmp_path / "served", tmp_path / "fresh")
    assert different == [], different
    converted, pages, themed = result.stdout.split("|")
    assert len(converted.split()) < int(pages)  # the other pages reused their conversion
    themed = set(themed.split())
    if change in ("service", "pruned menu"):
        assert {"palvelut/alfa.md", "index.md"} <= set(converted.split())
        assert 0 < len(themed) < int(pages)  # the theme reused the other pages' output
    else:  # every page shows the navigation's new title, or the site's new name
        assert len(themed) == int(pages)
    if change == "pruned menu":  # the new title is in the menus of Palvelut's pages only
        # (kaksi.md is no neighbour of alfa's: only its menu shows the new title)
        assert {"palvelut/alfa.md", "palvelut/index.md", "palvelut/kaksi.md"} <= themed
        assert not themed & {"tietoa/index.md", "tietoa/ohje.md", "tietoa/lisaa.md"}


@pytest.mark.handbook
def test_a_renamed_service_serves_what_a_fresh_build_makes_on_the_real_handbook(tmp_path):
    """The real menu (data/navigation.yml, ranges, tabs, pruned): a service's new name in the
    menu renders again only the pages whose menu, neighbours or text show it, and every served
    page equals a fresh build's."""
    from sites import require_tier
    require_tier("handbook", "a build of the real handbook")
    path = "data/services/toimeentulotuki.yml"
    old = "name: Täydentävä ja ehkäisevä toimeentulotuki"
    new = "name: Täydentävä toimeentulotuki uudella nimellä"
    projects = [handbook_copy(tmp_path / f"{name}-project") for name in ("served", "fresh")]
    result = subprocess.run([sys.executable, "-c", SERVE, str(projects[0]), str(tmp_path / "served"),
                             "serve", path, old, new], env={**ENV, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    changed = projects[1] / path
    changed.write_text(changed.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    reference = subprocess.run([sys.executable, "-c", SERVE.split("rebuild(True)")[0]
                                + "rebuild(True)", str(projects[1]), str(tmp_path / "fresh"),
                                "build"], env={**ENV, "PYTHONPATH": str(ROOT)},
                               capture_output=True, text=True, timeout=600)
    assert reference.returncode == 0, reference.stderr
    assert new.split(": ")[1] in (tmp_path / "served/palvelut/toimeentulotuki/index.html").read_text()
    different = differences(tmp_path / "served", tmp_path / "fresh")
    assert different == [], different
    _, pages, themed = result.stdout.split("|")
    themed = set(themed.split())
    assert "palvelut/toimeentulotuki.md" in themed
    assert 0 < len(themed) < int(pages) / 2, len(themed)  # not every page's theme again
    assert not any(page.startswith("en/") for page in themed)  # the English menu is its own


def test_a_cache_that_cannot_be_written_does_not_stop_the_build(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    cache.write_atomically(blocker / "jinja" / "a.cache", b"data")  # no exception
    assert blocker.read_text() == "x"


def test_search_index_files_are_reused_and_made_again_when_a_section_changes(
        tmp_path, cache_dir, monkeypatch):
    from macros.search import index as search_index
    made = []
    original = search_index.build_index

    def counting(sections, keywords, lang, analyser):
        made.append(lang)
        return original(sections, keywords, lang, analyser)
    monkeypatch.setattr(search_index, "build_index", counting)
    sections = [search_index.Section("palvelut/a/", "Alfa", "<p>Toimeentulotuki auttaa.</p>")]
    search_index.write_indexes(tmp_path / "one", search_index.index_files(sections, {}))
    search_index.INDEXES.save()
    search_index.write_indexes(tmp_path / "two", search_index.index_files(sections, {}))
    assert made == ["fi", "en"]  # the second build found both languages' files
    assert not filecmp.dircmp(tmp_path / "one", tmp_path / "two").diff_files
    changed = [search_index.Section("palvelut/a/", "Alfa", "<p>Asumisneuvonta auttaa.</p>")]
    search_index.write_indexes(tmp_path / "three", search_index.index_files(changed, {}))
    assert made == ["fi", "en", "fi"]  # only the language whose sections changed
    root = (tmp_path / "three/search/fi.json").read_text()
    assert root != (tmp_path / "one/search/fi.json").read_text()


class _Payload:
    def __reduce__(self):
        import os
        return (os.system, ("touch /tmp/handbook-cache-canary",))


GARBAGE = {
    "garbage": b"\x00\xffnot json{",
    "a pickle with a payload": __import__("pickle").dumps(_Payload()),
    "a list, not entries": b"[1, 2, 3]",
}


@pytest.mark.parametrize("damage", GARBAGE)
def test_a_corrupt_or_planted_store_file_is_ignored_and_rebuilt(tmp_path, cache_dir, damage):
    import os
    data = tmp_path / "data/a.yml"
    data.parent.mkdir()
    data.write_text("name: Alfa\nwhen: 2026-01-02\n1: yksi\n", encoding="utf-8")
    store = _like(sources.PARSED)
    store.put("k", sources.parse_yaml(data.read_text(), "data/a.yml"))
    store.save()
    [path] = (cache_dir / "yaml").glob("*.json")
    path.write_bytes(GARBAGE[damage])
    again = _like(sources.PARSED)
    assert again.find("k") is None  # ignored
    made = again.get("k", lambda: sources.parse_yaml(data.read_text(), "data/a.yml"))
    assert made[0].data["name"] == "Alfa"
    again.save()
    assert _like(sources.PARSED).find("k")[0].data == {"name": "Alfa", "when": date(2026, 1, 2),
                                                        1: "yksi"}  # rebuilt, types kept
    assert not os.path.exists("/tmp/handbook-cache-canary")


@pytest.mark.parametrize("wrong", [42, "not json", '{"source": 1, "problems": []}',
                                   '{"source": null, "problems": [[1, "x", 2, 3]]}',
                                   '{"source": {"path": "a", "data": {"\\u0000exec": "x"}, '
                                   '"lines": []}, "problems": []}'])
def test_entries_of_the_wrong_shape_are_made_again(cache_dir, wrong):
    import json
    store = _like(sources.PARSED)
    store.put("k", sources.parse_yaml("a: 1\n", "data/a.yml"))
    store.save()
    [path] = (cache_dir / "yaml").glob("*.json")
    path.write_text(json.dumps({"k": wrong}), encoding="utf-8")
    again = _like(sources.PARSED)
    assert again.get("k", lambda: "made") == "made"


def test_kept_values_of_other_stores_are_checked_on_load(cache_dir):
    import json
    voikko = cache.JsonStore("voikko", "v", finnish._terms)
    voikko.put("sana", [["sana"], []])
    qr = cache.JsonStore("qr", "v", cache.inert_svg)
    qr.put("https://a/", "<svg><path/></svg>")
    voikko.save()
    qr.save()
    voikko._file().write_text(json.dumps({"sana": "x", "muu": [["a"], [1]]}), encoding="utf-8")
    qr._file().write_text(json.dumps({"https://a/": '<svg onload="x"></svg>'}), encoding="utf-8")
    assert cache.JsonStore("voikko", "v", finnish._terms).get("sana") is None
    assert cache.JsonStore("voikko", "v", finnish._terms).get("muu") is None
    assert cache.JsonStore("qr", "v", cache.inert_svg).get("https://a/") is None


def test_a_symlinked_cache_file_is_not_followed(tmp_path, cache_dir):
    store = _like(content.GUARDED)
    store.put("k", [])
    store.save()
    [path] = (cache_dir / "guards").glob("*.json")
    target = tmp_path / "elsewhere.json"
    target.write_text(path.read_text())
    path.unlink()
    path.symlink_to(target)
    assert _like(content.GUARDED).find("k") is None


@pytest.mark.parametrize("planted", ["", '<script>document.title="x"</script>', '<p onclick="x()">',
                                     '<a href="javascript:x()">', '<iframe src="/">'])
def test_conversions_are_reused_from_the_cache_but_not_with_script(tmp_path, planted):
    """Converted pages are a build cache (assemble/preview.py): the next build takes a page's
    HTML from it (a changed but inert entry shows: it was used), but a cached page holding
    script, a handler or an embedded document was not written by the build and is converted
    again."""
    project = fixture_site(tmp_path)
    assert build(project, tmp_path / "first").returncode == 0
    [store] = (project / ".cache/handbook/conversions").glob("*.json")
    entries = json.loads(store.read_text(encoding="utf-8"))
    assert entries, "no conversion kept"
    for key, text in entries.items():
        value = json.loads(text)
        value["content"] = f"{planted}<p>ISTUTETTU</p>{value['content']}"
        entries[key] = json.dumps(value)
    store.write_text(json.dumps(entries), encoding="utf-8")
    again = build(project, tmp_path / "again")
    assert again.returncode == 0, again.output
    alfa = (tmp_path / "again/palvelut/alfa/index.html").read_text()
    assert "Alfapalvelu" in alfa
    if not planted:
        assert "ISTUTETTU" in alfa  # taken from the cache, not converted again
        return
    pages = [page.read_text(encoding="utf-8") for page in (tmp_path / "again").rglob("*.html")]
    assert pages and not any("ISTUTETTU" in page or planted in page for page in pages)
