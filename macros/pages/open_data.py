"""Open data from the same service data: ``/api/services.json`` and schema.org JSON-LD.

Pure functions from a validated ``Site`` (and the site's public address) to plain dicts.
The shape of ``services.json`` is the documented contract ``schemas/api/services.schema.json``
(described for readers on docs/tietoa/avoin-data.md): field names follow the Suomi.fi service
catalogue (PTV), so systems fed from it can read this too.
"""

from __future__ import annotations

from urllib.parse import urljoin

from ..core.links import finlex_url, service_src, url_of
from ..data.models import Service
from ..data.site import Site
from . import channels as ptv

API_VERSION = "1.0"
CHARGE_TYPES = {"maksuton": "FreeOfCharge", "maksullinen": "Chargeable", "muu": "Other"}
CHANNEL_TYPES = {"puhelin": "Phone", "verkkosivu": "WebPage", "verkkoasiointi": "EChannel",
                 "lomake": "PrintableForm", "palvelupaikka": "ServiceLocation"}


def _texts(service: Service, field: str) -> dict[str, str]:
    """A field in every language it exists in: {"fi": …, "en": …, "se": …}; Sámi text exists
    only reviewed (the model requires its reviewer and date). No Finnish, no text: the
    contract says Finnish is always there when a text is."""
    out = {"fi": getattr(service, field)}
    if not out["fi"]:
        return {}
    for lang in ("en", "se", "smn", "sms"):
        version = getattr(service, lang)
        out[lang] = getattr(version, field, None) if version else None
    return {lang: text for lang, text in out.items() if text}


def channels(site: Site, service: Service) -> list[dict]:
    """The service's channels as its page shows them: its own (contacts' facts filled in, a
    named person's number left out) unless PTV has them, then those from PTV."""
    own = [ptv.own_channel(site, c) for c in service.channels if not ptv.replacement(site, c)]
    return [{"type": CHANNEL_TYPES[c.type], "name": c.name, "description": c.description,
             "phone": c.phone, "url": c.url, "serviceHours": c.hours, "address": c.address}
            for c in own] + [ptv.record(site, i) for i in ptv.service_channel_ids(site, service)]


def service_record(site: Site, service_id: str, site_url: str) -> dict:
    s = site.services[service_id]
    organisation = site.organisations[s.organisation]
    return {
        "id": service_id,
        "url": urljoin(site_url, url_of(service_src(service_id))),
        "name": _texts(s, "name"),
        "summary": _texts(s, "short_description"),
        "description": _texts(s, "description"),
        "userInstruction": _texts(s, "instructions"),
        "requirements": _texts(s, "requirements"),
        "processingTime": _texts(s, "processing_time"),
        "easyToReadSummary": {"fi": s.easy_finnish} if s.easy_finnish else {},
        "chargeType": CHARGE_TYPES[s.charge_type],
        "chargeDescription": _texts(s, "charge_description"),
        "targetGroups": list(s.target_groups),
        "languages": list(s.languages),
        "area": s.area,
        "lifeSituations": list(s.life_situations),
        "legislation": [{"law": ref.law, "section": ref.section,
                         "name": site.laws[ref.law].name, "number": site.laws[ref.law].number,
                         "url": finlex_url(site.laws[ref.law].number)} for ref in s.legislation],
        "serviceChannels": channels(site, s),
        "organization": {"id": organisation.id, "name": organisation.name,
                         "url": organisation.url},
        "relatedServices": list(s.related_services),
        "lastReviewed": s.last_reviewed.isoformat(),
        "nextReview": s.next_review.isoformat(),
    }


def services_document(site: Site, site_url: str) -> dict:
    """Everything in /api/services.json: services, and the laws and situations they cite."""
    services = [service_record(site, i, site_url) for i in site.services]
    laws = sorted({ref["law"] for s in services for ref in s["legislation"]})
    situations = sorted({x for s in services for x in s["lifeSituations"]})
    return {
        "apiVersion": API_VERSION,
        "services": services,
        "laws": [{"id": i, "name": site.laws[i].name, "number": site.laws[i].number,
                  "shortName": site.laws[i].short_name, "url": finlex_url(site.laws[i].number)}
                 for i in laws],
        "lifeSituations": [{"id": i, "name": {"fi": site.life_situations[i].name,
                                              "en": site.life_situations[i].en.name}}
                           for i in situations],
    }


def government_service(site: Site, service_id: str, site_url: str) -> dict:
    """schema.org GovernmentService for a service page's JSON-LD."""
    s = site.services[service_id]
    organisation = site.organisations[s.organisation]
    provider = {"@type": "GovernmentOrganization", "name": organisation.name}
    if organisation.url:
        provider["url"] = organisation.url
    available = [{"@type": "ServiceChannel", "name": c["name"] or c["type"],
                  **({"servicePhone": {"@type": "ContactPoint", "telephone": c["phone"]}}
                     if c["phone"] else {}), **({"serviceUrl": c["url"]} if c["url"] else {})}
                 for c in channels(site, s)]
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": s.name,
        "description": s.short_description,
        "url": urljoin(site_url, url_of(service_src(service_id))),
        "provider": provider,
        "areaServed": {"@type": "AdministrativeArea", "name": s.area},
        "audience": {"@type": "Audience", "audienceType": ", ".join(s.target_groups)},
        "availableLanguage": list(s.languages),
        **({"availableChannel": available} if available else {}),
    }
