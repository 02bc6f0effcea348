"""The macros editors write in ``docs/`` pages, as plain functions bound to the data.

``handbook_macros`` binds them to a way to get the validated data and the path of the page
being rendered; ``define_env`` (``macros/__init__.py``) registers them with mkdocs-macros,
and ``python -m macros check`` renders every page with them (``checks/runner.py``).
Documented for editors on docs/tietoa/makrot.md.
"""

from __future__ import annotations

from collections.abc import Callable

from ..data.messages import suggest, unknown_law
from ..data.models import SAMI_LANGUAGES, LawRef
from ..data.rules import RuleError
from ..data.site import Site
from .render import render
from .residents import sami_section
from .services import contact_link_view, service_card_params, services_by_group
from .services import law_link as _law_link
from .templating import ContentError


def handbook_macros(site: Callable[[], Site], page_src: Callable[[], str]) -> dict[str, Callable]:
    """The macros, bound to a way to get the data and the path of the page being rendered."""

    def service_card(service_id: str) -> str:
        """A card for one service: name as a link, short description, charge, processing time."""
        data = site()
        if service_id not in data.services:
            raise ContentError(f'tuntematon palvelu "{service_id}". Palvelun tunnus on sen '
                               "tiedoston nimi kansiossa data/services (esim. toimeentulotuki)."
                               + suggest(service_id, data.services))
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
        """A link to a law in Finlex, as "Sosiaalihuoltolaki 36 § Finlexissä"."""
        data = site()
        if law_id not in data.laws:
            raise ContentError(unknown_law(law_id, data.laws, "Lait ovat tiedostossa "
                                           "data/laws.yml (kentän id arvo)."))
        link = _law_link(data, LawRef(law=law_id, section=section))
        return f"[{link['text']}]({link['url']})"

    def rule(rule_id: str, mode: str | None = None) -> str:
        """A legal rule (deadline, appeal time, who decides) from data/rules.yml."""
        try:
            return site().rule(rule_id, mode)
        except RuleError as error:
            raise ContentError(str(error)) from None

    def contact(contact_id: str) -> str:
        """One public contact of data/contacts.yml (its number, hours and address written
        there once, with their source), as the municipality pages show it."""
        data = site()
        if contact_id not in data.contacts:
            raise ContentError(f'tuntematon yhteystieto "{contact_id}". Yhteystiedot ovat '
                               "tiedostossa data/contacts.yml (kentän id arvo)."
                               + suggest(contact_id, data.contacts))
        return render("components/contact-macro.md", contact_link_view(data, contact_id))

    def sami_texts(lang: str) -> str:
        """The reviewed service texts in one Sámi language, inside its ``lang``."""
        if lang not in SAMI_LANGUAGES:
            raise ContentError(f'tuntematon saamen kieli "{lang}". Käytä "se" (pohjoissaame), '
                               '"smn" (inarinsaame) tai "sms" (koltansaame).')
        return sami_section(site(), lang, page_src())

    return {"service_card": service_card, "service_list": service_list, "law_link": law_link,
            "rule": rule, "sami_texts": sami_texts, "contact": contact}
