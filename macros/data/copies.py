"""What a copied service file keeps from the one it was copied from (issue 31, point 4): the
brochure number (two brochures with one number), and the English or easy-Finnish text (the
new service's English page would be titled like the old one). Each is reported at the later
file's line, naming the file it repeats."""

from __future__ import annotations

from ..core.problems import Problem
from .sources import Source


def _first_seen(items):
    """(id, value, first id with the same value) for every value seen before."""
    seen: dict = {}
    for item_id, value in items:
        if value is None:
            continue
        if value in seen:
            yield item_id, value, seen[value]
        else:
            seen[value] = item_id


def copied_values(services: dict, sources: dict[str, Source]) -> list[Problem]:
    """Duplicate brochure numbers, English texts and easy-Finnish texts among the services."""
    problems = []
    numbers = ((i, s.brochure.number if s.brochure else None) for i, s in services.items())
    for service_id, number, first in _first_seen(numbers):
        source = sources[service_id]
        problems.append(Problem(source.path, source.line(("brochure", "number")),
                                "brochure.number", f"esitteen numero {number} on jo palvelulla "
                                f"{first} (data/services/{first}.yml). Anna esitteelle oma "
                                "numero: seuraava vapaa numero sarjassa."))
    texts = (("en", "englanninkielinen teksti", "englanninkielinen teksti tai poista koko en-kohta",
              lambda s: (s.en.name, s.en.description) if s.en else None),
             ("easy_finnish", "selkokielinen teksti", "selkoteksti tai poista kenttä easy_finnish",
              lambda s: s.easy_finnish))
    for field, what, fix, text in texts:
        for service_id, _, first in _first_seen((i, text(s)) for i, s in services.items()):
            source = sources[service_id]
            problems.append(Problem(source.path, source.line((field,)), field,
                                    f"{what} on sama kuin palvelulla {first} "
                                    f"(data/services/{first}.yml): se on jäänyt kopioidusta "
                                    f"tiedostosta. Kirjoita tämän palvelun {fix}."))
    return problems
