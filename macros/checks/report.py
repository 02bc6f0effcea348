"""Editors' report: reminders of what needs attention but does not stop publishing.

Pure functions over a validated ``Site`` and today's date: pages past their review date,
legal rules to verify, contact details still missing or checked over a year ago, and facts
recorded as unverified. ``REMINDERS`` is the one list of them: ``python -m macros check
--kaikki`` prints each under its title, and a plain ``check`` only counts them. A new kind of
reminder (such as the registries' differences) is one more entry in it.

Each reminder is a ``Note``: where (file and line), what (an id, a name, a date) and the
action in Finnish. Notes with the same action are printed together (``grouped``): 19
municipalities without an office are one action and one list of lines, not 19 lines.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from datetime import date

from ..data.site import Site
from ..pages.render import fi_date
from . import registries
from .notes import Note

YEAR = 365  # days: a fact checked longer ago than this is to be checked again


def _records(site: Site):
    """(data file, record) for every record that has review dates and unverified facts."""
    yield from ((site.service_path(i), s) for i, s in site.services.items())
    yield from ((site.process_path(i), p) for i, p in site.processes.items())


def overdue_reviews(site: Site, today: date) -> list[Note]:
    return [Note(path, site.line(path, ("next_review",)), fi_date(r.next_review),
                 "tarkistuspäivä (next_review) on mennyt. Tarkista sivun tiedot ja päivitä "
                 "last_reviewed ja next_review.")
            for path, r in _records(site) if r.next_review < today]


def _service_channels(site: Site, contacts_used: dict[str, list[str]]) -> list[Note]:
    out = []
    for service_id, service in site.services.items():
        path = site.service_path(service_id)
        for index, channel in enumerate(service.channels):
            if channel.contact:
                contacts_used.setdefault(channel.contact, []).append(service_id)
                continue  # reported below, once, at the contact
            label = channel.name or channel.type or ""
            line = site.line(path, ("channels", index))
            if channel.type == "puhelin" and not channel.phone:
                out.append(Note(path, line, label, "kanavalta puuttuu puhelinnumero (phone). "
                                "Lisää julkinen numero lähteineen, kun löydät sen."))
            if channel.type == "palvelupaikka" and not channel.address and not channel.local:
                out.append(Note(path, line, label, "kanavalta puuttuu osoite (address). Lisää "
                                "käyntiosoite, kun löydät sen julkisesta lähteestä."))
    return out


def missing_contacts(site: Site, today: date | None = None) -> list[Note]:
    """Channels residents cannot yet reach: a phone channel without a number, a service point
    without an address, a municipality without its social office. A contact of
    data/contacts.yml is reported once, however many services use it."""
    contacts_used: dict[str, list[str]] = {}
    out = _service_channels(site, contacts_used)
    for situation_id, situation in site.life_situations.items():
        for contact_id in situation.contacts:
            contacts_used.setdefault(contact_id, []).append(f"tilanne {situation_id}")
    path = "data/contacts.yml"
    for index, (contact_id, contact) in enumerate(site.contacts.items()):
        used = ", ".join(contacts_used.get(contact_id, [])) or "ei käytössä"
        what = f"{contact_id}, käytössä: {used}"
        if contact.kind == "puhelin" and not contact.phone:
            out.append(Note(path, site.line(path, (index,)), what,
                            "julkinen puhelinnumero (phone) puuttuu. Lisää se, kun löydät sen "
                            "julkisesta lähteestä, ja päivitä source ja checked."))
        if contact.kind == "palvelupaikka" and not (contact.address or contact.phone):
            out.append(Note(path, site.line(path, (index,)), what,
                            "osoite (address) ja puhelinnumero (phone) puuttuvat. Lisää ne, "
                            "kun löydät ne julkisesta lähteestä."))
    path = "data/municipalities.yml"
    out += [Note(path, site.line(path, (index,)), municipality.name,
                 "kunnalta puuttuu sosiaalitoimisto (office). Lisää toimiston nimi, osoite, "
                 "lähde (source) ja tarkistuspäivä (checked), kun löydät ne julkisesta lähteestä.")
            for index, municipality in enumerate(site.municipalities.values())
            if municipality.office is None]
    return out


def stale_contacts(site: Site, today: date) -> list[Note]:
    """Contacts, county pages and social offices whose ``checked`` date is over a year old:
    phone numbers and addresses change without anyone telling the handbook."""
    action = ("tarkistettu yli vuosi sitten. Tarkista tiedot lähteestä (source tai url) ja "
              "päivitä tarkistuspäivä (checked).")
    found = [("data/contacts.yml", (index, "checked"), contact_id, contact.checked)
             for index, (contact_id, contact) in enumerate(site.contacts.items())]
    found += [(site.service_path(service_id), ("county_page", "checked"), "county_page",
               service.county_page.checked)
              for service_id, service in site.services.items() if service.county_page]
    found += [("data/municipalities.yml", (index, "office", "checked"),
               f"{municipality.name}: office", municipality.office.checked)
              for index, municipality in enumerate(site.municipalities.values())
              if municipality.office]
    return [Note(path, site.line(path, loc), f"{what}, {fi_date(checked)}", action)
            for path, loc, what, checked in found if (today - checked).days > YEAR]


def stale_rules(site: Site, today: date) -> list[Note]:
    """Rules never checked against their source, or checked more than a year ago."""
    out, path = [], "data/rules.yml"
    for index, (rule_id, rule) in enumerate(site.rules.items()):
        line = site.line(path, (index, "verified")) or site.line(path, (index,))
        if rule.verified is None:
            out.append(Note(path, line, rule_id, "sääntöä ei ole tarkistettu lähteestä. Tarkista "
                            "se säännön lähteestä (source) ja kirjoita päivämäärä kenttään "
                            "verified."))
        elif (today - rule.verified).days > YEAR:
            out.append(Note(path, line, f"{rule_id}, {fi_date(rule.verified)}",
                            "sääntö on tarkistettu yli vuosi sitten. Tarkista se lähteestä "
                            "(source) ja päivitä päivämäärä (verified)."))
    return out


def unverified_facts(site: Site, today: date | None = None) -> list[Note]:
    out = [Note(path, site.line(path, ("unverified", index)), item.field,
                f"tarkistamatta: {item.note}")
           for path, r in _records(site) for index, item in enumerate(r.unverified)]
    path = "data/contacts.yml"
    return out + [Note(path, site.line(path, (index, "unverified")), contact_id,
                       f"tarkistamatta: {contact.unverified}")
                  for index, (contact_id, contact) in enumerate(site.contacts.items())
                  if contact.unverified]


Reminder = Callable[[Site, date], list[Note]]

# (title, notes): what `check --kaikki` prints, in this order.
REMINDERS: list[tuple[str, Reminder]] = [
    ("Tarkistus myöhässä", overdue_reviews),
    ("Sääntö tarkistamatta", stale_rules),
    ("Yhteystieto puuttuu", missing_contacts),
    ("Yhteystieto tarkistettu yli vuosi sitten", stale_contacts),
    ("Tarkistamaton tieto", unverified_facts),
    ("Rekisterien tilannekuvat", registries.snapshot_ages),
    ("PTV-kanavien muutokset", lambda site, today: registries.channel_changes(site)),
    ("PTV ja käsikirjan yhteystiedot", lambda site, today: (
        registries.contact_differences(site) + registries.unsafe_values(site))),
    ("PTV-tunnukset", lambda site, today: registries.ptv_mapping(site)),
    ("Finlexin muutokset", lambda site, today: registries.law_changes(site)),
]


def reminders(site: Site, today: date) -> list[tuple[str, list[Note]]]:
    """Every reminder kind that has notes today, with its notes."""
    found = [(title, lines(site, today)) for title, lines in REMINDERS]
    return [(title, found_notes) for title, found_notes in found if found_notes]


def grouped(found: list[Note], width: int = 100) -> list[str]:
    """The lines ``check --kaikki`` prints for one kind: a note alone on its line, notes with
    the same action once, then their places by file (``data/municipalities.yml rivit 11
    (Kemijärvi), 12 (Pelkosenniemi)``)."""
    actions: dict[str, list[Note]] = {}
    for note in found:
        actions.setdefault(note.action, []).append(note)
    out = []
    for action, group in actions.items():
        if len(group) == 1:
            note = group[0]
            head = ": ".join(filter(None, (note.where, note.what)))
            out.append(f"  {head}: {action}" if head else f"  {action}")
            continue
        field = re.match(r"[a-z_]+:", action)  # "ptv: …" stays as the field is written
        out.append(f"  {action if field else action[0].upper() + action[1:]} "
                   f"({len(group)} kohtaa):")
        by_path: dict[str, list[Note]] = {}
        for note in group:
            by_path.setdefault(note.path, []).append(note)
        places = [_places(path, here) for path, here in by_path.items()]
        out += textwrap.wrap("; ".join(places) + ".", width, initial_indent="    ",
                             subsequent_indent="    ", break_on_hyphens=False)
    return out


def _places(path: str, here: list[Note]) -> str:
    items = [" ".join(filter(None, (str(n.line) if n.line else "", f"({n.what})" if n.what
                                    else ""))) for n in here]
    items = [item for item in items if item]
    if not items:
        return path
    word = "rivi" if len(here) == 1 and here[0].line else "rivit" if here[0].line else ""
    return " ".join(filter(None, (path, word, ", ".join(items))))
