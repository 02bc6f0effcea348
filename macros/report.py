"""Editors' report: what needs attention but does not stop publishing.

Pure functions over a validated ``Site``: pages past their review date, contact
details still missing, and facts recorded as unverified.
"""

from __future__ import annotations

from datetime import date

from .render import fi_date
from .validate import Site


def _records(site: Site):
    """(data file, record) for every record that has review dates and unverified facts."""
    yield from ((site.service_path(i), s) for i, s in site.services.items())
    yield from ((site.process_path(i), p) for i, p in site.processes.items())


def overdue_reviews(site: Site, today: date) -> list[str]:
    return [f"{path}: next_review: tarkistus oli {fi_date(r.next_review)}; "
            "tarkista sivu ja päivitä last_reviewed ja next_review."
            for path, r in _records(site) if r.next_review < today]


def missing_contacts(site: Site) -> list[str]:
    out = []
    for service_id, service in site.services.items():
        for index, channel in enumerate(service.channels):
            if channel.type == "puhelin" and not channel.phone:
                out.append(f"{site.service_path(service_id)}: channels[{index}].phone: "
                           f"puhelinnumero puuttuu ({channel.name or channel.type}).")
            if channel.type == "palvelupaikka" and not channel.address:
                out.append(f"{site.service_path(service_id)}: channels[{index}].address: "
                           f"osoite puuttuu ({channel.name or channel.type}).")
    return out


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


def unverified_facts(site: Site) -> list[str]:
    return [f"{path}: {item.field}: tarkistamatta: {item.note}"
            for path, r in _records(site) for item in r.unverified]
