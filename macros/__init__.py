"""The handbook's macros, for use in any Markdown page in ``docs/``.

mkdocs-macros loads this package (``module_name: macros`` in mkdocs.yml) and calls
``define_env``. Each macro is a thin wrapper: it reads the validated data (parsed
once per build, see ``validate.load_site``) and renders a template from
``overrides/components`` through a pure function in ``pages.py``. The same macros
are bound outside MkDocs by ``content.py`` for ``python -m macros check``.

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
from collections.abc import Callable
from pathlib import Path

if getattr(sys.modules.get(__name__), "__dict__", None) is not globals():
    # Run by file path, not imported (Zensical's macros extension does so, once per page):
    # import the real package from this folder, so that the relative imports below resolve.
    import importlib

    if str(Path(__file__).resolve().parent.parent) not in sys.path:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if Path(importlib.import_module("macros").__file__).resolve() != Path(__file__).resolve():
        raise ImportError(f"another package named macros is imported instead of {__file__}")
    __package__ = "macros"

from .core.cache import configure as configure_cache
from .data.models import SAMI_LANGUAGES, LawRef
from .pages.services import law_link as _law_link
from .pages.services import service_card_params, services_by_group
from .pages.render import render
from .pages.residents import sami_section
from .data.rules import RuleError
from .pages.staff import abbreviations
from .pages.templating import ContentError, front_matter_offset, render_page
from .data.site import Site, load_site


def handbook_macros(site: Callable[[], Site], page_src: Callable[[], str]) -> dict[str, Callable]:
    """The macros, bound to a way to get the data and the path of the page being rendered."""

    def service_card(service_id: str) -> str:
        """A card for one service: name as a link, short description, charge, processing time."""
        data = site()
        if service_id not in data.services:
            raise ContentError(f'tuntematon palvelu "{service_id}". Palvelun tunnus on sen '
                               "tiedoston nimi kansiossa data/services (esim. toimeentulotuki).")
        return render("components/service-card.md",
                      service_card_params(data, service_id, page_src()))

    def service_list(group: str | None = None) -> str:
        """Every service as a link with its summary; with a group id, that group's only."""
        data = site()
        if group is not None and group not in data.service_groups:
            raise ContentError(f'tuntematon palveluryhmä "{group}" (ryhmät: '
                               f"{', '.join(data.service_groups)}).")
        return "\n".join(f"- [{s['name']}]({s['href']}): {s['short_description']}"
                         for entry in services_by_group(data, page_src())
                         if group in (None, entry["group"].id) for s in entry["services"])

    def law_link(law_id: str, section: str | None = None) -> str:
        """A link to a law in Finlex, as "Sosiaalihuoltolaki 36 § (Finlex)"."""
        data = site()
        if law_id not in data.laws:
            raise ContentError(f'tuntematon laki "{law_id}". Lait ovat tiedostossa data/laws.yml '
                               f"(tunnukset: {', '.join(sorted(data.laws))}).")
        link = _law_link(data, LawRef(law=law_id, section=section))
        return f"[{link['label']} (Finlex)]({link['url']})"

    def rule(rule_id: str, mode: str | None = None) -> str:
        """A legal rule (deadline, appeal time, who decides) from data/rules.yml."""
        try:
            return site().rule(rule_id, mode)
        except RuleError as error:
            raise ContentError(str(error)) from None

    def sami_texts(lang: str) -> str:
        """The reviewed service texts in one Sámi language, inside its ``lang``."""
        if lang not in SAMI_LANGUAGES:
            raise ContentError(f'tuntematon saamen kieli "{lang}". Käytä "se" (pohjoissaame), '
                               '"smn" (inarinsaame) tai "sms" (koltansaame).')
        return sami_section(site(), lang, page_src())

    return {"service_card": service_card, "service_list": service_list, "law_link": law_link,
            "rule": rule, "sami_texts": sami_texts}


def _root(env) -> Path:
    """The project folder: MkDocs gives the config file's path, Zensical its folder."""
    conf = env.conf
    return Path(conf["root_dir"]) if "root_dir" in conf else Path(conf["config_file_path"]).parent


def _page_src(page) -> str:
    """The page's path in docs/ (MkDocs: ``page.file.src_uri``, Zensical: ``page.path``)."""
    return page.file.src_uri if hasattr(page, "file") else page.path


def define_env(env) -> None:
    """Register the macros with mkdocs-macros. Runs once per build (mkdocs serve: per rebuild),
    so the data is read here once, not once per page. Zensical calls it for every page; the
    cache of ``load_site`` keeps that cheap."""
    configure_cache(_root(env))  # the build caches' folder; mkdocs-macros runs before the hooks
    site = load_site(_root(env))
    env.variables["_handbook_abbreviations"] = abbreviations(site)
    macros = handbook_macros(lambda: site, lambda: _page_src(env.page))
    for name, function in macros.items():
        env.macro(function, name)


def on_post_page_macros(env) -> None:
    """Append the glossary's abbreviations to every page, so each shows its expansion."""
    snippet = env.variables["_handbook_abbreviations"]
    if snippet:
        env.markdown = f"{env.markdown}\n\n{snippet}\n"


def on_pre_page_macros(env) -> None:
    """Render the page ourselves: code stays literal, errors name the file and its real line."""
    page = env.page
    if page.meta.get("render_macros") is False or page.file.abs_src_path is None:
        return
    root = _root(env)
    source_path = Path(page.file.abs_src_path)
    source = source_path.read_text(encoding="utf-8-sig")
    path = source_path.resolve().relative_to(root.resolve()).as_posix()
    variables = {**env.variables, **page.meta}
    env.markdown = render_page(env.env, env.markdown, variables, path,
                               front_matter_offset(source, env.markdown))
    page.meta["render_macros"] = False  # rendered: mkdocs-macros leaves it as it is
