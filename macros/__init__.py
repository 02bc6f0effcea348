"""The handbook's macros, for use in any Markdown page in ``docs/``.

mkdocs-macros loads this package (``module_name: macros`` in mkdocs.yml) and calls
``define_env``. Each macro is a thin wrapper: it reads the validated data (parsed
once per build, see ``validate.load_site``) and renders a template from
``overrides/components`` through a pure function in ``pages.py``.

Macros an editor can write in a page (documented on docs/tietoa/makrot.md):

- ``{{ service_card("toimeentulotuki") }}``: a card with a service's name, summary and link.
- ``{{ service_list() }}`` or ``{{ service_list("raha-ja-asuminen") }}``: links to every
  service, or to those of one group, with their summaries.
- ``{{ law_link("sosiaalihuoltolaki", "36 §") }}``: a Finlex link in THL's style.
"""

from __future__ import annotations

from pathlib import Path

from .links import relative
from .models import LawRef
from .pages import law_link as _law_link
from .pages import service_card_params, services_by_group
from .render import render
from .templating import ContentError, front_matter_offset, render_page
from .validate import Site, load_site


def _site(env) -> Site:
    return load_site(Path(env.conf["config_file_path"]).parent)


def _known(ids) -> str:
    return ", ".join(sorted(ids))


def define_env(env) -> None:
    """Register the macros with mkdocs-macros."""

    @env.macro
    def service_card(service_id: str) -> str:
        """A card for one service: name as a link, short description, charge, processing time."""
        site = _site(env)
        if service_id not in site.services:
            raise ContentError(f'tuntematon palvelu "{service_id}". Palvelun tunnus on sen '
                               f"tiedoston nimi kansiossa data/services (esim. toimeentulotuki).")
        return render("components/service-card.md",
                      service_card_params(site, service_id, env.page.file.src_uri))

    @env.macro
    def service_list(group: str | None = None) -> str:
        """Every service as a link with its summary; with a group id, that group's only."""
        site = _site(env)
        if group is not None and group not in site.service_groups:
            raise ContentError(f'tuntematon palveluryhmä "{group}" (ryhmät: '
                               f"{_known(site.service_groups)}).")
        lines = []
        for entry in services_by_group(site, env.page.file.src_uri):
            if group in (None, entry["group"].id):
                lines += [f"- [{s['name']}]({s['href']}): {s['short_description']}"
                          for s in entry["services"]]
        return "\n".join(lines)

    @env.macro
    def law_link(law_id: str, section: str | None = None) -> str:
        """A link to a law in Finlex, as "Sosiaalihuoltolaki 36 § (Finlex)"."""
        site = _site(env)
        if law_id not in site.laws:
            raise ContentError(f'tuntematon laki "{law_id}". Lait ovat tiedostossa data/laws.yml '
                               f"(tunnukset: {_known(site.laws)}).")
        link = _law_link(site, LawRef(law=law_id, section=section))
        return f"[{link['label']} (Finlex)]({link['url']})"

    @env.macro
    def page_link(src: str) -> str:
        """A relative link target from the current page to another page in docs/."""
        return relative(src, env.page.file.src_uri)


def on_pre_page_macros(env) -> None:
    """Render the page ourselves: code stays literal, errors name the file and its real line."""
    page = env.page
    if page.meta.get("render_macros") is False or page.file.abs_src_path is None:
        return
    root = Path(env.conf["config_file_path"]).parent
    source_path = Path(page.file.abs_src_path)
    source = source_path.read_text(encoding="utf-8-sig")
    path = source_path.resolve().relative_to(root.resolve()).as_posix()
    variables = {**env.variables, **page.meta}
    env.markdown = render_page(env.env, env.markdown, variables, path,
                               front_matter_offset(source, env.markdown))
    page.meta["render_macros"] = False  # rendered: mkdocs-macros leaves it as it is
