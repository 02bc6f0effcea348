"""Residents' pages generated from data: life situations, municipalities, the accessibility
statement, and the English versions of service and situation pages. Pure functions from a
validated ``Site`` to Markdown.
"""

from __future__ import annotations

from ..core.links import (
    ACCESSIBILITY,
    EN_ACCESSIBILITY,
    EN_SERVICES,
    EN_SITUATIONS,
    MUNICIPALITIES,
    SITUATIONS,
    en_service_src,
    municipality_src,
    relative,
    service_src,
    url_of,
)
from ..data.models import SAMI_LANGUAGES
from ..data.resident_models import Subregion
from ..data.site import Site
from . import channels as ptv
from .render import render
from .services import contact_link_view, finnish_sort_key, law_link, service_page_params

CHARGE_EN = {"maksuton": "Free of charge", "maksullinen": "Subject to a charge",
             "muu": "See the details"}
STATUS = {"täysin": ("täyttää", "fully complies with"),
          "osittain": ("täyttää osittain", "partially complies with"),
          "ei": ("ei täytä", "does not comply with")}


def situation_src(situation_id: str, english: bool = False) -> str:
    return f"{EN_SITUATIONS if english else SITUATIONS}/{situation_id}.md"


def services_in(site: Site, situation_id: str, from_src: str, english: bool = False) -> list[dict]:
    """The services that name a situation, by name; English names where translated."""
    out = []
    for service_id, service in site.services.items():
        if situation_id not in service.life_situations:
            continue
        translated = english and service.en is not None
        out.append({
            "name": service.en.name if translated else service.name,
            "short_description": (service.en.short_description if translated
                                  else service.short_description),
            "finnish": english and not translated,
            "href": relative(en_service_src(service_id) if english else service_src(service_id),
                             from_src)})
    return sorted(out, key=lambda s: finnish_sort_key(s["name"]))


def situation_pages(site: Site) -> dict[str, str]:
    pages = {}
    for english in (False, True):
        index = f"{EN_SITUATIONS if english else SITUATIONS}/index.md"
        pages[index] = render("pages/situations-index.md", {
            "english": english, "alternate": url_of(f"{SITUATIONS if english else EN_SITUATIONS}/index.md"),
            "situations": [{"situation": s, "href": relative(situation_src(i, english), index),
                            "count": len(services_in(site, i, index))}
                           for i, s in site.life_situations.items()]})
        for situation_id, situation in site.life_situations.items():
            src = situation_src(situation_id, english)
            pages[src] = render("pages/situation.md", {
                "english": english, "situation": situation,
                "alternate": url_of(situation_src(situation_id, not english)),
                "services": services_in(site, situation_id, src, english),
                "contacts": [contact_link_view(site, i) for i in situation.contacts],
                "index_href": relative(index, src)})
    return pages


def english_service_pages(site: Site) -> dict[str, str]:
    """An English page for every service: its translation, or its Finnish text with a note."""
    index = f"{EN_SERVICES}/index.md"
    pages = {index: render("pages/services-index-en.md", {"services": sorted(
        ({"name": s.en.name if s.en else s.name, "finnish": s.en is None,
          "short_description": s.en.short_description if s.en else s.short_description,
          "href": relative(en_service_src(i), index)} for i, s in site.services.items()),
        key=lambda item: finnish_sort_key(item["name"]))})}
    for service_id, service in site.services.items():
        src = en_service_src(service_id)
        params = service_page_params(site, service_id, src)
        params.update({
            "charge_en": CHARGE_EN[service.charge_type],
            "finnish_url": url_of(service_src(service_id)),
            "laws_en": [law_link(site, ref) for ref in service.legislation],
            "ptv_en": ptv.section(site, ptv.service_channel_ids(site, service), "en"),
            "index_href_en": relative(index, src)})
        pages[src] = render("pages/service-en.md", params)
    return pages


def sami_texts(site: Site, lang: str, from_src: str) -> list[dict]:
    """The services that have reviewed text in one Sámi language (``se``, ``smn``, ``sms``),
    by Finnish name, each with a link to its Finnish page. Text without a reviewer and a
    review date is never shown (the model requires both; checked here too)."""
    if lang not in SAMI_LANGUAGES:
        raise ValueError(f"not a Sámi language: {lang!r} (one of {', '.join(SAMI_LANGUAGES)})")
    out = []
    for service_id, service in site.services.items():
        text = getattr(service, lang)
        if text is None or not (text.reviewed_by and text.reviewed_on):
            continue
        out.append({"id": service_id, "text": text, "finnish_name": service.name,
                    "href": relative(service_src(service_id), from_src)})
    return sorted(out, key=lambda item: finnish_sort_key(item["finnish_name"]))


def sami_section(site: Site, lang: str, from_src: str) -> str:
    """Markdown of one Sámi language's reviewed service texts, or a Finnish note that none
    has been reviewed yet (components/sami-texts.md)."""
    return render("components/sami-texts.md", {
        "lang": lang, "language": SAMI_LANGUAGES[lang], "texts": sami_texts(site, lang, from_src)})


REGION_WIDE = ("lapha-sosiaalityo-kunnittain", "sosiaalipaivystys", "hatanumero", "sosiaaliasiavastaava")


def local_contacts(site: Site, municipality_id: str) -> list[str]:
    """The contacts a municipality's residents use: its own (advice line, e-service, local
    services) first, then the region-wide ones (sosiaalipäivystys, 112, sosiaaliasiavastaava)."""
    own = [i for i, c in site.contacts.items() if municipality_id in c.municipalities]
    return own + [i for i in REGION_WIDE if i in site.contacts]


def channel_services(site: Site, src: str) -> dict[str, list[dict]]:
    """The handbook's services each PTV channel serves, as links from ``src``."""
    out: dict[str, list[dict]] = {}
    for service_id, service in sorted(site.services.items(), key=lambda i: finnish_sort_key(i[1].name)):
        for channel_id in ptv.service_channel_ids(site, service):
            out.setdefault(channel_id, []).append(
                {"name": service.name, "href": relative(service_src(service_id), src)})
    return out


def municipality_pages(site: Site) -> dict[str, str]:
    """A page per municipality: its sub-region and service area, its social office, and the
    contacts and services its residents use."""
    pages = {}
    local = [(i, s.name) for i, s in site.services.items() if any(c.local for c in s.channels)]
    local.sort(key=lambda item: finnish_sort_key(item[1]))
    for municipality_id, municipality in site.municipalities.items():
        src = municipality_src(municipality_id)
        contacts = local_contacts(site, municipality_id)
        pages[src] = render("pages/municipality.md", {
            "m": municipality,
            "contacts": [contact_link_view(site, i) for i in contacts
                         if not ptv.replacement(site, contact_id=i)],
            "ptv": ptv.section(site, ptv.municipality_channel_ids(site, municipality.code, contacts),
                               services=channel_services(site, src)),
            "services": [{"name": name, "href": relative(service_src(i), src)}
                         for i, name in local],
            "index_href": relative(MUNICIPALITIES, src),
            "sami_href": relative("asukkaille/saamen-kieli.md", src),
            "situations_href": relative(f"{SITUATIONS}/index.md", src),
            "organisation": site.organisations.get("lapin-hyvinvointialue")})
    return pages


def municipalities_page(site: Site) -> str:
    groups = [{"name": region, "municipalities": [
        {"m": m, "href": relative(municipality_src(i), MUNICIPALITIES)}
        for i, m in site.municipalities.items() if m.subregion == region]}
        for region in Subregion.__args__]
    return render("pages/municipalities.md", {
        "groups": [g for g in groups if g["municipalities"]], "count": len(site.municipalities),
        "sami_href": relative("asukkaille/saamen-kieli.md", MUNICIPALITIES),
        "situations_href": relative(f"{SITUATIONS}/index.md", MUNICIPALITIES),
        "organisation": site.organisations.get("lapin-hyvinvointialue")})


def accessibility_pages(site: Site) -> dict[str, str]:
    statement = site.accessibility
    return {src: render("pages/accessibility.md", {
        "english": english, "s": statement, "status": STATUS[statement.status][english],
        "alternate": url_of(EN_ACCESSIBILITY if not english else ACCESSIBILITY)})
        for english, src in ((False, ACCESSIBILITY), (True, EN_ACCESSIBILITY))}


def generate_resident_pages(site: Site) -> dict[str, str]:
    """Every residents' page made from data, by its path in docs/."""
    pages = english_service_pages(site)
    if site.life_situations:
        pages.update(situation_pages(site))
    if site.municipalities:
        pages[MUNICIPALITIES] = municipalities_page(site)
        pages.update(municipality_pages(site))
    if site.accessibility:
        pages.update(accessibility_pages(site))
    return pages
