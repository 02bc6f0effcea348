"""Editors' report: what needs attention but does not stop publishing.

Pure functions over a validated ``Site``: pages past their review date, contact
details still missing, and facts recorded as unverified.
"""

from __future__ import annotations

from datetime import date

from .render import fi_date
from .validate import Site


def overdue_reviews(site: Site, today: date) -> list[str]:
    return [f"{site.service_path(i)}: next_review: tarkistus oli {fi_date(s.next_review)}; "
            "tarkista sivu ja päivitä last_reviewed ja next_review."
            for i, s in site.services.items() if s.next_review < today]


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


def unverified_facts(site: Site) -> list[str]:
    return [f"{site.service_path(i)}: {item.field}: tarkistamatta: {item.note}"
            for i, s in site.services.items() for item in s.unverified]
