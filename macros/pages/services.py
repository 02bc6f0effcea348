"""Pages generated from data: pure functions from a validated ``Site`` to Markdown.

``generate_pages(site)`` returns ``{path in docs/: Markdown text}``. The MkDocs
hook adds these to the build; ``python -m macros generate`` writes the same text
to disk for engines that run no hooks. Nothing here reads files or knows MkDocs.
"""

from __future__ import annotations

import json

from ..core import phones
from ..core.links import (
    MUNICIPALITIES,
    en_service_src,
    finlex_url,
    process_src,
    relative,
    service_src,
    services_index_src,
    url_of,
)
from ..data.models import CHANNEL_NAMES, LANGUAGE_NAMES, Channel, LawRef, Service
from ..data.site import Site
from . import channels as ptv
from .open_data import government_service
from .render import render

# The charge on a service card; a service page says it in sentences (``charge_text``).
CHARGE_LABELS = {"maksuton": "Maksuton", "maksullinen": "Maksullinen",
                 "muu": "Hinta palvelun sivulla"}


def charge_text(service: Service) -> str:
    """The price as sentences: "Maksuton." or "Maksullinen." and the details; a charge of
    another kind is its details alone, or, with none written, what the reader can do."""
    details = service.charge_description
    if service.charge_type == "muu":
        return details or "Kysy hinnasta palvelusta."
    return f"{CHARGE_LABELS[service.charge_type]}." + (f" {details}" if details else "")


def law_label(site: Site, ref: LawRef) -> str:
    """THL's style of citing a law: "Sosiaalihuoltolaki 36 §", or the number without a section."""
    return site.laws[ref.law].cite(ref.section)


def law_link(site: Site, ref: LawRef) -> dict:
    """A law cited as a link to Finlex: ``text`` is the link's text ("Sosiaalihuoltolaki 36 §
    Finlexissä", "Laki toimeentulotuesta (1412/1997) Finlexissä"), ``label`` the citation."""
    label = law_label(site, ref)
    return {"label": label, "text": f"{label} Finlexissä",
            "url": finlex_url(site.laws[ref.law].number)}


def contact_view(site: Site, channel: Channel, email: str | None = None,
                 county_page: str | None = None, local_href: str | None = None,
                 organisation: str | None = None) -> dict:
    """What a page shows of one channel (its contact's facts filled in): only what is known,
    and, when it has no way to reach anyone, where to find one: the county's page of the
    service (when the service's own organisation runs the channel), or the hint of the
    organisation that runs the channel. ``organisation`` is the service's."""
    channel = ptv.own_channel(site, channel)  # without a named person's own line
    runs = channel.organisation or organisation
    reachable = channel.phone or channel.address or channel.url or email or local_href
    hint = None
    if not reachable and not (county_page and runs == organisation):
        hint = site.organisations[runs].contact_hint
    english = site.contacts[channel.contact].en if channel.contact in site.contacts else None
    return {"type": channel.type, "type_name": CHANNEL_NAMES[channel.type],
            "en": english,
            "name": channel.name or CHANNEL_NAMES[channel.type],
            "description": channel.description,
            "phone": phones.finnish(channel.phone) if channel.phone else None,
            "tel": phones.tel(channel.phone) if channel.phone else None, "hours": channel.hours,
            "address": channel.address, "url": channel.url, "email": email,
            "local_href": local_href, "hint": hint, "area": None,
            "organisation": site.organisations[runs]}


def channel_view(site: Site, service: Service, channel: Channel, src: str) -> dict:
    """A service channel as its page shows it (see ``contact_view``)."""
    contact = site.contacts.get(channel.contact) if channel.contact else None
    return contact_view(site, channel, email=contact.email if contact else None,
                        county_page=service.county_page.url if service.county_page else None,
                        local_href=relative(MUNICIPALITIES, src) if channel.local else None,
                        organisation=service.organisation)


def contact_link_view(site: Site, contact_id: str) -> dict:
    """A contact of data/contacts.yml on its own (life situations, municipality pages)."""
    contact = site.contacts[contact_id]
    view = contact_view(site, Channel(contact=contact_id), email=contact.email)
    view.update(id=contact_id, area=contact.area)
    return view


def service_link(site: Site, service_id: str, from_src: str) -> dict:
    service = site.services[service_id]
    return {"id": service_id, "name": service.name, "short_description": service.short_description,
            "href": relative(service_src(service_id), from_src)}


def service_card_params(site: Site, service_id: str, from_src: str) -> dict:
    """What the service card component shows; ``from_src`` is the page it appears on."""
    service = site.services[service_id]
    channels = [channel_view(site, service, c, from_src) for c in service.channels]
    return {**service_link(site, service_id, from_src),
            "charge": CHARGE_LABELS[service.charge_type],
            "processing_time": service.processing_time,
            "phones": [c for c in channels if c["phone"]]}


def service_page_params(site: Site, service_id: str, src: str | None = None,
                        site_url: str = "") -> dict:
    """What a service page shows; ``src`` is the page it is shown on (links are relative),
    ``site_url`` the published address (for the JSON-LD's absolute URLs)."""
    service = site.services[service_id]
    src = src or service_src(service_id)
    return {
        "id": service_id,
        "service": service,
        "source": site.service_path(service_id),
        "group": site.service_groups[service.group],
        "organisation": site.organisations[service.organisation],
        "charge": charge_text(service),
        "languages": [LANGUAGE_NAMES[code] for code in service.languages],
        "channels": [channel_view(site, service, c, src) for c in service.channels
                     if not ptv.replacement(site, c)],  # PTV's version is in `ptv`
        "ptv": ptv.section(site, ptv.service_channel_ids(site, service)),
        "county_page": service.county_page,
        "laws": [law_link(site, ref) for ref in service.legislation],
        "related": [service_link(site, other, src) for other in service.related_services],
        "index_href": relative(services_index_src(), src),
        "processes": [{"name": p.name, "href": relative(process_src(i), src)}
                      for i, p in site.processes.items() if service_id in p.services],
        "alternate": url_of(en_service_src(service_id)),
        "jsonld": json.dumps(government_service(site, service_id, site_url), ensure_ascii=False)
        .replace("<", "\\u003c"),  # no "</script" or "<!--" can end or hide the element
    }


def services_by_group(site: Site, from_src: str) -> list[dict]:
    """Groups in the order of data/service_groups.yml, services by name in each."""
    groups = []
    for group in site.service_groups.values():
        ids = sorted((i for i, s in site.services.items() if s.group == group.id),
                     key=lambda i: finnish_sort_key(site.services[i].name))
        if ids:
            groups.append({"group": group,
                           "services": [service_link(site, i, from_src) for i in ids]})
    return groups


def finnish_sort_key(text: str) -> str:
    """Finnish alphabetical order: å, ä, ö after z, in that order."""
    return text.lower().translate(str.maketrans({"å": "{", "ä": "|", "ö": "}"}))


def generate_pages(site: Site, site_url: str = "") -> dict[str, str]:
    """The services index and one page per service."""
    index = services_index_src()
    pages = {index: render("pages/services-index.md",
                           {"groups": services_by_group(site, index), "count": len(site.services)})}
    for service_id in site.services:
        pages[service_src(service_id)] = render(
            "pages/service.md", service_page_params(site, service_id, site_url=site_url))
    return pages
