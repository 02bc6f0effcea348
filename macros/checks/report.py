"""Editors' report: reminders of what needs attention but does not stop publishing.

Pure functions over a validated ``Site`` and today's date: pages past their review date,
legal rules to verify, contact details still missing, and facts recorded as unverified.
``REMINDERS`` is the one list of them: ``python -m macros check --kaikki`` prints each
under its title, and a plain ``check`` only counts them. A new kind of reminder (such as
the registries' differences) is one more entry in it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..data.site import Site
from ..pages.render import fi_date
from . import registries


def _records(site: Site):
    """(data file, record) for every record that has review dates and unverified facts."""
    yield from ((site.service_path(i), s) for i, s in site.services.items())
    yield from ((site.process_path(i), p) for i, p in site.processes.items())


def overdue_reviews(site: Site, today: date) -> list[str]:
    return [f"{path}: next_review: tarkistus oli {fi_date(r.next_review)}; "
            "tarkista sivu ja päivitä last_reviewed ja next_review."
            for path, r in _records(site) if r.next_review < today]


def missing_contacts(site: Site, today: date | None = None) -> list[str]:
    """Channels residents cannot yet reach: a phone channel without a number, a service point
    without an address, a municipality without its social office. A contact of
    data/contacts.yml is reported once, however many services use it."""
    out, contacts_used = [], {}
    for service_id, service in site.services.items():
        for index, channel in enumerate(service.channels):
            if channel.contact:
                contacts_used.setdefault(channel.contact, []).append(service_id)
                continue  # reported below, once, at the contact
            where = f"{site.service_path(service_id)}: channels[{index}]"
            label = channel.name or channel.type
            if channel.type == "puhelin" and not channel.phone:
                out.append(f"{where}.phone: puhelinnumero puuttuu ({label}).")
            if channel.type == "palvelupaikka" and not channel.address and not channel.local:
                out.append(f"{where}.address: osoite puuttuu ({label}).")
    for situation_id, situation in site.life_situations.items():
        for contact_id in situation.contacts:
            contacts_used.setdefault(contact_id, []).append(f"tilanne {situation_id}")
    for index, (contact_id, contact) in enumerate(site.contacts.items()):
        used = ", ".join(contacts_used.get(contact_id, [])) or "ei käytössä"
        where = f"data/contacts.yml: [{index}]"
        if contact.kind == "puhelin" and not contact.phone:
            out.append(f"{where}.phone ({contact_id}): julkinen puhelinnumero puuttuu "
                       f"({contact.name}; käytössä: {used}).")
        if contact.kind == "palvelupaikka" and not (contact.address or contact.phone):
            out.append(f"{where}.address ({contact_id}): osoite ja puhelinnumero puuttuvat "
                       f"({contact.name}; käytössä: {used}).")
    for index, (municipality_id, municipality) in enumerate(site.municipalities.items()):
        if municipality.office is None:
            out.append(f"data/municipalities.yml: [{index}].office ({municipality_id}): "
                       f"sosiaalitoimiston osoite puuttuu ({municipality.name}).")
    return out


def unverified_contacts(site: Site, today: date | None = None) -> list[str]:
    """Contacts whose facts an editor still has to confirm (their unverified note)."""
    return [f"data/contacts.yml: [{index}] ({contact_id}): tarkistamatta: {contact.unverified}"
            for index, (contact_id, contact) in enumerate(site.contacts.items())
            if contact.unverified]


def stale_rules(site: Site, today: date) -> list[str]:
    """Rules never checked against their source, or checked more than a year ago."""
    out = []
    for index, (rule_id, rule) in enumerate(site.rules.items()):
        where = f"data/rules.yml: [{index}].verified ({rule_id})"
        if rule.verified is None:
            out.append(f"{where}: sääntöä ei ole tarkistettu lähteestä. Tarkista {rule.source} "
                       "ja kirjoita päivämäärä.")
        elif (today - rule.verified).days > 365:
            out.append(f"{where}: tarkistettu {fi_date(rule.verified)}, yli vuosi sitten. "
                       f"Tarkista {rule.source} ja päivitä päivämäärä.")
    return out


def unverified_facts(site: Site, today: date | None = None) -> list[str]:
    return [f"{path}: {item.field}: tarkistamatta: {item.note}"
            for path, r in _records(site) for item in r.unverified] + unverified_contacts(site)


Reminder = Callable[[Site, date], list[str]]

# (title, lines): what `check --kaikki` prints, in this order.
REMINDERS: list[tuple[str, Reminder]] = [
    ("Tarkistus myöhässä", overdue_reviews),
    ("Sääntö tarkistamatta", stale_rules),
    ("Yhteystieto puuttuu", missing_contacts),
    ("Tarkistamaton tieto", unverified_facts),
    ("Rekisterien tilannekuvat", registries.snapshot_ages),
    ("PTV-kanavien muutokset", lambda site, today: registries.channel_changes(site)),
    ("PTV ja käsikirjan yhteystiedot", lambda site, today: registries.contact_differences(site)
     + registries.unsafe_values(site)),
    ("PTV-tunnukset", lambda site, today: registries.ptv_mapping(site)),
    ("Finlexin muutokset", lambda site, today: registries.law_changes(site)),
]


def reminders(site: Site, today: date) -> list[tuple[str, list[str]]]:
    """Every reminder kind that has lines today, with its lines."""
    found = [(title, lines(site, today)) for title, lines in REMINDERS]
    return [(title, lines) for title, lines in found if lines]
