"""Build caches (macros/cache.py, finnish.py, diagram.py, preview.py): a change in what a
cached result depends on shows on the very next build, and the caches are really used."""

from __future__ import annotations

import filecmp
import subprocess
import sys

import jinja2
import pytest
from sites import ENV, ROOT, build, fixture_site

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
    cache._directory[0] = None  # memory only again for the other tests


def _compiles(monkeypatch) -> list[str]:
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return original(self, source, name, filename, raw, defer_init)
    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def _env(folder, **options) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), **options)
    return cache.JinjaCache("test").attach(env)  # a new cache object: as a new build would


def test_compiled_templates_are_reused_and_a_changed_template_is_compiled_again(
        tmp_path, cache_dir, monkeypatch):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.md").write_text("Hei {{ name }}!\n", encoding="utf-8")
    compiled = _compiles(monkeypatch)
    assert _env(templates).get_template("t.md").render(name="a") == "Hei a!"
    assert compiled == ["t.md"] and list((cache_dir / "jinja").glob("*.cache"))
    assert _env(templates).get_template("t.md").render(name="b") == "Hei b!"
    assert compiled == ["t.md"]  # the next build loaded it from the cache folder
    (templates / "t.md").write_text("Moi {{ name }}!\n", encoding="utf-8")
    assert _env(templates).get_template("t.md").render(name="c") == "Moi c!"
    assert compiled == ["t.md", "t.md"]


def test_other_compile_options_do_not_share_compiled_templates(tmp_path, cache_dir, monkeypatch):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.md").write_text("{% if x %}\nkyllä\n{% endif %}\n", encoding="utf-8")
    compiled = _compiles(monkeypatch)
    assert _env(templates).get_template("t.md").render(x=True) == "\nkyllä\n"
    assert _env(templates, trim_blocks=True).get_template("t.md").render(x=True) == "kyllä\n"
    assert len(compiled) == 2


def test_voikko_analyses_are_kept_by_word_and_voikko_version(cache_dir):
    import libvoikko
    version = finnish.voikko_version()
    assert version and version.startswith(libvoikko.Voikko.getVersion()) and "mor.vfst" in version
    store = cache.JsonStore("voikko", version)
    store.put("toimeentulotuesta", [["toimeentulotuki"], ["tuki"]])
    store.save()
    assert cache.JsonStore("voikko", version).get("toimeentulotuesta")[0] == ["toimeentulotuki"]
    assert cache.JsonStore("voikko", version + " another dictionary").get("toimeentulotuesta") is None


def test_analyse_uses_the_kept_terms_and_keeps_new_words(cache_dir, monkeypatch):
    store = cache.JsonStore("voikko", "test")
    monkeypatch.setattr(finnish, "_store", lambda: store)
    store.put("kuvitteellinensana", [["keksitty"], ["osa"]])
    assert finnish.analyse.__wrapped__("kuvitteellinensana") == finnish.Terms(("keksitty",), ("osa",))
    terms = finnish.analyse.__wrapped__("asumisneuvontaa")
    assert terms.lemmas == ("asumisneuvonta",) and "neuvonta" in terms.parts
    assert store.get("asumisneuvontaa") == [terms.lemmas, terms.parts]  # Voikko's answer, kept
    store.save()
    kept = cache.JsonStore("voikko", "test").get("asumisneuvontaa")  # the next build's
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
    monkeypatch.setattr(sources, "PARSED", cache.PickleStore("yaml", "test"))
    first, _ = sources.read_yaml(data, tmp_path)
    sources.PARSED.save()
    first.data["list"].append(3)  # a caller changing its copy changes nothing kept
    monkeypatch.setattr(sources, "PARSED", cache.PickleStore("yaml", "test"))  # the next build
    again, _ = sources.read_yaml(data, tmp_path)
    assert again.data == {"name": "Alfa", "list": [1, 2]} and again.line(("list",)) == 2
    assert len(parsed) == 1
    data.write_text("name: Beeta\nlist: [1, 2]\n", encoding="utf-8")
    changed, _ = sources.read_yaml(data, tmp_path)
    assert changed.data["name"] == "Beeta" and len(parsed) == 2


def test_guard_findings_are_kept_by_text_and_the_old_names_looked_for(cache_dir, monkeypatch):
    monkeypatch.setattr(content, "GUARDED", cache.PickleStore("guards", "test"))
    te = RetiredName(name="TE-toimisto", ended="TE-toimistot lakkasivat 1.1.2025.",
                     replaced_by="työvoimaviranomainen")
    avi = RetiredName(name="aluehallintovirasto", ended="AVIt lakkasivat 1.1.2026.",
                      replaced_by="Lupa- ja valvontavirasto")
    text = "# Otsikko\n\nOta yhteyttä TE-toimistoon.\n"

    def found(text, retired):
        return content._guarded(text, "docs/a.md", True, retired, repr([r.model_dump() for r in retired]))
    assert [p.field for p in found(text, [te])] == ["vanha nimi"]
    content.GUARDED.save()
    monkeypatch.setattr(content, "GUARDED", cache.PickleStore("guards", "test"))  # the next build
    assert [p.field for p in found(text, [te])] == ["vanha nimi"]
    assert len(content.GUARDED.kept) == 1  # from the cache folder
    assert found(text, [avi]) == []  # other old names: looked at again
    assert found(text.replace("TE-toimistoon", "työvoimaviranomaiseen"), [te]) == []


def test_qr_codes_are_kept_by_address(cache_dir):
    address = "https://kasikirja.example.invalid/palvelut/alfa/"
    svg = brochures.qr_svg.__wrapped__(address)
    cache.save_all()
    kept = cache.JsonStore("qr", brochures._qr_store.version).get(address)
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
    monkeypatch.setattr(diagram, "_svgs", {})
    first = diagram.dot_to_svg(DOT)
    assert "<svg" in first and len(runs) == 1
    monkeypatch.setattr(diagram, "_svgs", {})  # a new build: only the cache folder remains
    assert diagram.dot_to_svg(DOT) == first and len(runs) == 1
    changed = diagram.dot_to_svg(DOT.replace('"b"', '"c"'))
    assert len(runs) == 2 and ">c</text>" in changed and ">c</text>" not in first


def test_a_data_change_shows_on_the_next_build_and_warm_builds_equal_cold_ones(tmp_path):
    project = fixture_site(tmp_path)
    first = build(project, tmp_path / "warm1")
    assert first.returncode == 0, first.output
    assert (project / ".cache/handbook/jinja").is_dir()
    assert list((project / ".cache/handbook/graphviz").glob("*.svg"))
    alfa, gamma = project / "data/services/alfa.yml", project / "data/processes/gamma.yml"
    alfa.write_text(alfa.read_text().replace("name: Alfapalvelu", "name: Uusi alfa"))
    gamma.write_text(gamma.read_text().replace("title: Vastaanotto", "title: Saapuminen"))
    warm = build(project, tmp_path / "warm2")
    cold = build(project, tmp_path / "cold", HANDBOOK_CACHE="0")
    assert warm.returncode == cold.returncode == 0, warm.output + cold.output
    assert "Uusi alfa" in (warm.site / "palvelut/alfa/index.html").read_text()
    process = (warm.site / "ammattilaisille/prosessit/gamma/index.html").read_text()
    assert "1. Saapuminen</text>" in process and "Vastaanotto" not in process
    different = _differences(filecmp.dircmp(warm.site, cold.site))
    assert different == [], different


def _differences(compared: filecmp.dircmp) -> list[str]:
    found = [f"{compared.left}/{name}" for name in
             compared.diff_files + compared.left_only + compared.right_only
             if not name.endswith(".gz")]  # gzip headers carry no content of ours
    for sub in compared.subdirs.values():
        found += _differences(sub)
    return found


SERVE = """
import logging, sys
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build
from macros.build import preview
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
pages, converted, render = [], [], Page.render
def counting(self, config, files):
    converted.append(self.file.src_uri)
    return render(self, config, files)
Page.render = counting
original = preview.Conversions.remember
preview.Conversions.remember = lambda self, markdown, page, *a: (
    pages.append(page.file.src_uri), original(self, markdown, page, *a))
alfa = project / "data/services/alfa.yml"
alfa.write_text(alfa.read_text().replace("name: Alfapalvelu", "name: Uusi alfa"))
rebuild(False)
print(" ".join(converted), "|", len(pages))
"""


def test_serve_rebuild_converts_changed_pages_and_serves_what_a_fresh_build_makes(tmp_path):
    served, fresh = fixture_site(tmp_path / "a"), fixture_site(tmp_path / "b")
    result = subprocess.run([sys.executable, "-c", SERVE, str(served), str(tmp_path / "served"),
                             "serve"], env={**ENV, "PYTHONPATH": str(ROOT)}, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    alfa = fresh / "data/services/alfa.yml"
    alfa.write_text(alfa.read_text().replace("name: Alfapalvelu", "name: Uusi alfa"))
    reference = subprocess.run([sys.executable, "-c", SERVE.split("rebuild(True)")[0]
                                + "rebuild(True)", str(fresh), str(tmp_path / "fresh"), "build"],
                               env={**ENV, "PYTHONPATH": str(ROOT)}, capture_output=True,
                               text=True, timeout=300)
    assert reference.returncode == 0, reference.stderr
    assert "Uusi alfa" in (tmp_path / "served/palvelut/alfa/index.html").read_text()
    different = _differences(filecmp.dircmp(tmp_path / "served", tmp_path / "fresh"))
    assert different == [], different
    converted, pages = result.stdout.split("|")
    assert "palvelut/alfa.md" in converted.split() and "index.md" in converted.split()
    assert len(converted.split()) < int(pages)  # the other pages reused their conversion


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
    search_index.write_indexes(tmp_path / "one", sections, {})
    search_index.INDEXES.save()
    search_index.write_indexes(tmp_path / "two", sections, {})
    assert made == ["fi", "en"]  # the second build found both languages' files
    assert not filecmp.dircmp(tmp_path / "one", tmp_path / "two").diff_files
    changed = [search_index.Section("palvelut/a/", "Alfa", "<p>Asumisneuvonta auttaa.</p>")]
    search_index.write_indexes(tmp_path / "three", changed, {})
    assert made == ["fi", "en", "fi"]  # only the language whose sections changed
    root = (tmp_path / "three/search/fi.json").read_text()
    assert root != (tmp_path / "one/search/fi.json").read_text()
