"""The handbook's macros, for use in any Markdown page in ``docs/``.

mkdocs-macros loads this package (``module_name: macros`` in mkdocs.yml) and calls
``define_env``, which registers the macros of ``pages/editor_macros.py``. Each is a thin
wrapper: it reads the validated data (parsed once per build, ``data.site.load_site``) and
renders a template from ``overrides/components`` through a pure function in ``pages/``.
``python -m macros check`` renders every page with the same macros (``checks/runner.py``).

The package, by the steps of the flow (each imports only the folders below it)::

    build/   MkDocs hooks and their Builder, HTML fixes, sitemap, serve's reuse of pages
    checks/  content guards, copies of legal rules, editors' report, what `check` runs
    pages/   Markdown of every page made from data, templates, editors' macros
    search/  Finnish analysis with Voikko, the search index and its fragments
    data/    reading data/*.yml with line numbers, typed models, Finnish messages, references
    core/    problems, caches, settings, addresses of pages, where prose is

Macros an editor can write in a page (documented on docs/tietoa/makrot.md):

- ``{{ service_card("toimeentulotuki") }}``: a card with a service's name, summary and link.
- ``{{ service_list() }}`` or ``{{ service_list("raha-ja-asuminen") }}``: links to every
  service, or to those of one group, with their summaries.
- ``{{ law_link("sosiaalihuoltolaki", "36 §") }}``: a Finlex link in THL's style.
- ``{{ rule("ttt-kasittelyaika") }}``: a legal rule from data/rules.yml, stated once there;
  ``rule(id, "value")``, ``"easy"``, ``"en"`` or ``"law"`` for its other forms.
- ``{{ sami_texts("se") }}`` (``"smn"``, ``"sms"``): the services' reviewed texts in one Sámi
  language, or a note that none is reviewed yet (fields ``se``, ``smn``, ``sms`` of a service).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ != "macros" or getattr(sys.modules.get("macros"), "__dict__", None) is not globals():
    # Run by file path, not imported (Zensical's macros extension does so, once per page, and
    # build/hooks.py, which MkDocs loads by path): load this folder as the package "macros"
    # by its path, so that the relative imports below resolve, without touching sys.path.
    import importlib.util

    if "macros" not in sys.modules:
        _spec = importlib.util.spec_from_file_location(
            "macros", __file__, submodule_search_locations=[str(Path(__file__).parent)])
        sys.modules["macros"] = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(sys.modules["macros"])
    if Path(sys.modules["macros"].__file__).resolve() != Path(__file__).resolve():
        raise ImportError(f"another package named macros is imported instead of {__file__}")
    __package__ = "macros"

from .core import cache
from .core.settings import Settings
from .data.site import load_site
from .pages.editor_macros import handbook_macros
from .pages.staff import abbreviations
from .pages.templating import delimiters_of, front_matter_offset, page_environment, render_page


def _page_src(page) -> str:
    """The page's path in docs/ (MkDocs: ``page.file.src_uri``, Zensical: ``page.path``)."""
    return page.file.src_uri if hasattr(page, "file") else page.path


def define_env(env) -> None:
    """Register the macros with mkdocs-macros. Runs once per build (mkdocs serve: per rebuild),
    so the data is read here once, not once per page. Zensical calls it for every page; the
    cache of ``load_site`` keeps that cheap."""
    settings = Settings.from_config(env.conf)
    cache.configure(settings.cache_dir)  # the caches' folder; mkdocs-macros runs before the hooks
    site = load_site(settings.root)
    env.variables["_handbook_abbreviations"] = abbreviations(site)
    macros = handbook_macros(lambda: site, lambda: _page_src(env.page))
    env.variables["_handbook_macros"] = macros  # all a page may call (on_pre_page_macros)
    env.variables["_handbook_root"] = settings.root  # read once, not again for every page
    for name, function in macros.items():
        env.macro(function, name)


def on_post_page_macros(env) -> None:
    """Append the glossary's abbreviations to every page, so each shows its expansion."""
    snippet = env.variables["_handbook_abbreviations"]
    if snippet:
        env.markdown = f"{env.markdown}\n\n{snippet}\n"


def on_pre_page_macros(env) -> None:
    """Render the page ourselves, in Jinja's sandbox with the handbook's macros and the page's
    front matter only: code stays literal, errors name the file and its real line. Pages
    generated from data (no source file) have no macros. mkdocs-macros itself then renders
    nothing (nor the title): its environment is not sandboxed."""
    page = env.page
    if page.meta.get("render_macros") is not False and page.file.abs_src_path is not None:
        root = env.variables["_handbook_root"]
        source_path = Path(page.file.abs_src_path)
        source = source_path.read_text(encoding="utf-8-sig")
        path = source_path.resolve().relative_to(root.resolve()).as_posix()
        variables = {**page.meta, **env.variables["_handbook_macros"]}
        env.markdown = render_page(page_environment(delimiters_of(env.env)), env.markdown,
                                   variables, path, front_matter_offset(source, env.markdown))
    page.meta["render_macros"] = False  # rendered: mkdocs-macros leaves it as it is
