"""Service channels from the PTV snapshot (``data/ptv.json``) as pages show them.

PTV's texts, addresses and numbers come from outside the handbook's review: every value is
made safe here (``untrusted.py``), before a template sees it; what cannot be made safe is
left out, and ``check`` lists it. Which channels a page shows: a service's are those of its
PTV services (``ptv:`` in its data) and of the contacts its own channels name; a
municipality's are those of the handbook's services whose area covers the municipality.
"""

from __future__ import annotations

import html
import re
from datetime import date

from ..core import phones as numbers
from ..data.models import Channel, Service
from ..data.registry_models import PtvAddress, PtvChannel, PtvHours, PtvPhone, PtvTime, PtvWebPage
from ..data.site import Site
from .render import fi_date
from .untrusted import EMAIL, md_text, safe_url

TYPE_ORDER = ["Phone", "EChannel", "ServiceLocation", "WebPage", "PrintableForm"]
TYPE_NAMES = {
    "fi": {"Phone": "Puhelin", "EChannel": "Verkkoasiointi", "WebPage": "Verkkosivu",
           "PrintableForm": "Tulostettava lomake", "ServiceLocation": "Palvelupaikka"},
    "en": {"Phone": "Phone", "EChannel": "Online service", "WebPage": "Website",
           "PrintableForm": "Printable form", "ServiceLocation": "Service location"},
}
DAYS = {
    "fi": {"Monday": "ma", "Tuesday": "ti", "Wednesday": "ke", "Thursday": "to", "Friday": "pe",
           "Saturday": "la", "Sunday": "su"},
    "en": {"Monday": "Mon", "Tuesday": "Tue", "Wednesday": "Wed", "Thursday": "Thu",
           "Friday": "Fri", "Saturday": "Sat", "Sunday": "Sun"},
}
LABELS = {
    "fi": {"phone": "Puhelin", "sms": "Tekstiviesti", "fax": "Faksi", "email": "Sähköposti",
           "web": "Verkossa", "visit": "Käyntiosoite",
           "post": "Postiosoite", "hours": "Aukioloajat", "exceptions": "Poikkeukset",
           "area": "Alue", "services": "Palvelut", "charge": "Hinta",
           "source": "Asiointikanavien tiedot: Suomi.fi-palvelutietovaranto (PTV), "
                     "päivitetty {date}."},
    "en": {"phone": "Phone", "sms": "Text message", "fax": "Fax", "email": "Email",
           "web": "Online", "visit": "Visiting address",
           "post": "Postal address", "hours": "Opening hours", "exceptions": "Exceptions",
           "area": "Area", "services": "Services", "charge": "Cost",
           "source": "Service channel details: Suomi.fi Finnish Service Catalogue (PTV), "
                     "updated {date}."},
}
WORDS = {
    "fi": {"closed": "suljettu", "always": "avoinna aina", "reservation": "ajanvarauksella",
           "valid": "voimassa", "free": "Maksuton", "charged": "Maksullinen",
           "nationwide": "Koko Suomi"},
    "en": {"closed": "closed", "always": "always open", "reservation": "by appointment",
           "valid": "valid", "free": "Free of charge", "charged": "Charged",
           "nationwide": "All of Finland"},
}


def localized(texts: dict[str, str], lang: str) -> str:
    """The text in ``lang``, else in Finnish, else in any language PTV has, escaped; a text not
    in ``lang`` is marked with its own language for screen readers."""
    for candidate in (lang, "fi", *sorted(texts)):
        if texts.get(candidate):
            text = md_text(texts[candidate])
            return text if candidate == lang else f'<span lang="{candidate}">{text}</span>'
    return ""


def _clock(value: str | None, lang: str) -> str:
    hours, minutes = (value or "").split(":")[:2] if value else ("", "")
    return f"{int(hours)}{'.' if lang == 'fi' else ':'}{minutes}" if hours else ""


def _days(time: PtvTime, lang: str) -> str:
    first, last = DAYS[lang].get(time.day_from or ""), DAYS[lang].get(time.day_to or "")
    return f"{first}–{last}" if first and last and last != first else first or ""


def _dates(start: date | None, end: date | None) -> str:
    if start and end and end != start:
        return f"{fi_date(start)}–{fi_date(end)}"
    return fi_date(start or end) if (start or end) else ""


def hours_text(hours: PtvHours, lang: str) -> str:
    """One service-hour entry in words: "ma–pe 8.00–16.00", "24.12.2026 suljettu (Jouluaatto)"."""
    words = WORDS[lang]
    parts = []
    if hours.type in ("Exceptional", "Exception"):
        parts.append(_dates(hours.valid_from, hours.valid_to))
    if hours.closed:
        parts.append(words["closed"])
    elif hours.always_open:
        parts.append(words["always"])
    times = []
    for time in hours.times:
        span = f"{_clock(time.opens, lang)}–{_clock(time.closes, lang)}"
        if hours.type == "OverMidnight" and time.day_to:
            span = (f"{DAYS[lang].get(time.day_from or '', '')} {_clock(time.opens, lang)} – "
                    f"{DAYS[lang].get(time.day_to, '')} {_clock(time.closes, lang)}")
        else:
            span = f"{_days(time, lang)} {span}".strip()
        times.append(span)
    if times and not hours.closed:
        parts.append(", ".join(times))
    if hours.reservation:
        parts.append(words["reservation"])
    if hours.type not in ("Exceptional", "Exception") and (hours.valid_from or hours.valid_to):
        parts.append(f"({words['valid']} {_dates(hours.valid_from, hours.valid_to)})")
    info = localized(hours.info, lang)
    text = " ".join(p for p in parts if p)
    return f"{text} ({info})" if info and text else text or info


def _address(address: PtvAddress, lang: str) -> dict | None:
    street = localized(address.street, lang)
    if address.street_number and street:
        street = f"{street} {md_text(address.street_number)}"
    box = localized(address.post_office_box, lang)
    place = " ".join(p for p in (md_text(address.postal_code), localized(address.post_office, lang)) if p)
    text = ", ".join(p for p in (street or box, place) if p)
    info = localized(address.info, lang)
    if not text:
        return None
    return {"label": LABELS[lang]["visit" if address.type != "Postal" else "post"],
            "text": f"{text} ({info})" if info else text}


def _area(site: Site, channel: PtvChannel, lang: str) -> str:
    """The areas a channel serves: all of Finland, the municipalities of each area (the
    handbook's names for Lapland's, PTV's for others), or a region's name."""
    if channel.nationwide:
        return WORDS[lang]["nationwide"]
    by_code = {m.code: m.name for m in site.municipalities.values() if m.code}
    names = []
    for area in channel.areas:
        for municipality in area.municipalities:
            if municipality.code in by_code:
                names.append(md_text(by_code[municipality.code]))
            else:
                names.append(localized(municipality.name, lang) or md_text(municipality.code))
        if not area.municipalities and area.name:
            names.append(localized(area.name, lang))
    return ", ".join(dict.fromkeys(n for n in names if n))


def _phone(phone: PtvPhone, lang: str) -> dict | None:
    """A number as a page shows it: a voice line as a tel: link; a text-message or fax number
    labelled as such, as text (one does not call it)."""
    shown = numbers.registry_number(phone.number, phone.prefix, phone.service_number)
    if shown is None:
        return None
    words, labels = WORDS[lang], LABELS[lang]
    charge = localized(phone.charge_description, lang)
    if phone.charge in ("FreeOfCharge", "Free"):
        charge = words["free"]
    elif not charge and phone.charge in ("Chargeable", "Charged"):
        charge = words["charged"]
    voice = phone.kind == "Phone"
    return {"label": labels[{"Sms": "sms", "Fax": "fax"}.get(phone.kind, "phone")],
            "shown": md_text(shown[0] if voice else numbers.sms_text(shown[0])),
            "tel": shown[1] if voice else None, "charge": charge,
            "info": localized(phone.info, lang)}


def _web_pages(pages: list[PtvWebPage], lang: str) -> list[PtvWebPage]:
    """The web pages of a channel's version in ``lang`` (else its Finnish version's; a page
    PTV gives for no language shows everywhere)."""
    for wanted in (lang, "fi"):
        found = [w for w in pages if wanted in w.languages or not w.languages]
        if any(wanted in w.languages for w in found):
            return found
    return [w for w in pages if not w.languages] or pages


def view(site: Site, channel_id: str, lang: str = "fi", services: list[dict] | None = None) -> dict:
    """What a page in ``lang`` shows of one PTV channel: every value escaped or checked."""
    channel = site.ptv.channels[channel_id]
    until = site.ptv.changed
    regular = [h for h in channel.hours if h.type not in ("Exceptional", "Exception")]
    exceptions = [h for h in channel.hours if h.type in ("Exceptional", "Exception")
                  and (h.valid_to or h.valid_from or until) >= until]  # none that had ended
    return {
        "labels": LABELS[lang],
        "name": localized(channel.name, lang) or TYPE_NAMES[lang][channel.type],
        "summary": localized(channel.summary, lang),
        "phones": [p for p in (_phone(p, lang) for p in channel.phones) if p],
        "emails": [{"shown": md_text(e.address), "address": e.address}
                   for e in channel.emails if EMAIL.match(e.address)],
        "web_pages": [{"url": url, "label": localized(w.name, lang) or md_text(url)}
                      for w in _web_pages(channel.web_pages, lang) if (url := safe_url(w.url))],
        "addresses": [a for a in (_address(a, lang) for a in channel.addresses) if a],
        "hours": [t for t in (hours_text(h, lang) for h in regular) if t],
        "exceptions": [t for t in (hours_text(h, lang) for h in exceptions) if t],
        "area": _area(site, channel, lang),
        "services": services or [],
    }


# --- which channels a page shows ------------------------------------------------------------


def _order(site: Site, ids) -> list[str]:
    channels = site.ptv.channels
    return sorted(dict.fromkeys(i for i in ids if i in channels), key=lambda i: (
        TYPE_ORDER.index(channels[i].type), channels[i].name.get("fi", ""), i))


def replacement(site: Site, channel: Channel | None = None, contact_id: str | None = None) -> str | None:
    """The PTV channel that a channel of the handbook's own data is (its contact's ``ptv``),
    when the snapshot has it: pages then show PTV's version."""
    contact = site.contacts.get(contact_id or (channel.contact if channel else None) or "")
    if site.ptv and contact and contact.ptv in site.ptv.channels:
        return contact.ptv
    return None


def service_channel_ids(site: Site, service: Service) -> list[str]:
    """The PTV channels of a service: those of its PTV services, and those its own channels'
    contacts stand for."""
    if site.ptv is None:
        return []
    ids = [c for sid in service.ptv if sid in site.ptv.services
           for c in site.ptv.services[sid].channels]
    ids += [r for r in (replacement(site, c) for c in service.channels) if r]
    return _order(site, ids)


def municipality_channel_ids(site: Site, code: str | None, contact_ids: list[str]) -> list[str]:
    """The channels of the handbook's services whose area covers a municipality (by its code,
    or a service location in it), and those its contacts stand for."""
    if site.ptv is None:
        return []
    ids = [r for r in (replacement(site, contact_id=i) for i in contact_ids) if r]
    if code:
        for service in site.services.values():
            for channel_id in service_channel_ids(site, service):
                channel = site.ptv.channels[channel_id]
                if channel.nationwide or code in channel.municipalities or any(
                        a.municipality == code for a in channel.addresses):
                    ids.append(channel_id)
    return _order(site, ids)


def own_channel(site: Site, channel: Channel) -> Channel:
    """A channel of the handbook's own data as pages and open data show it: its contact's facts
    filled in, without a named person's number that PTV does not publish."""
    contact = site.contacts.get(channel.contact or "")
    filled = site.channel(channel)
    if contact and contact.named_person and filled.phone == contact.phone \
            and not published(site, filled.phone):
        return filled.model_copy(update={"phone": None})
    return filled


def record(site: Site, channel_id: str) -> dict:
    """A PTV channel for open data (``/api/services.json``, JSON-LD) in the shape of the
    handbook's own channels: Finnish texts as they are (JSON escapes them), the first voice
    number and web address that pass the checks, the service hours in words."""
    channel = site.ptv.channels[channel_id]
    found = [shown for p in channel.phones if p.kind == "Phone"
             and (shown := numbers.registry_number(p.number, p.prefix, p.service_number))]
    urls = [url for w in _web_pages(channel.web_pages, "fi") if (url := safe_url(w.url))]
    address = next((a for a in channel.addresses if a.street), None)
    shown = view(site, channel_id)
    hours = "; ".join([*shown["hours"], *(f"{LABELS['fi']['exceptions']}: {e}"
                                          for e in shown["exceptions"])])
    return {"type": channel.type, "name": channel.name.get("fi") or TYPE_NAMES["fi"][channel.type],
            "description": channel.summary.get("fi"), "phone": found[0][0] if found else None,
            "url": urls[0] if urls else None, "serviceHours": _plain(hours) or None,
            "address": ", ".join(p for p in (
                f"{address.street.get('fi', '')} {address.street_number or ''}".strip(),
                f"{address.postal_code or ''} {address.post_office.get('fi', '')}".strip()) if p)
            if address else None}


def _plain(text: str) -> str:
    """A page's escaped text as plain text for JSON (character references and the language
    spans undone)."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def published(site: Site, phone: str | None) -> bool:
    """Whether PTV publishes this number as a channel's number."""
    return bool(site.ptv) and any(numbers.same_number(phone, numbers.national(p.number, p.prefix))
                                  for c in site.ptv.channels.values() for p in c.phones)


def section(site: Site, ids: list[str], lang: str = "fi",
            services: dict[str, list[dict]] | None = None) -> dict:
    """What ``components/ptv-channels.md`` shows: the channels, where they came from and when."""
    when = fi_date(site.ptv.changed) if site.ptv else ""
    return {"channels": [view(site, i, lang, (services or {}).get(i)) for i in ids],
            "note": LABELS[lang]["source"].format(date=when)}
