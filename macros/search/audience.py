"""Whom each page is for, by the start of its URL: the search's audience labels (Asukkaille,
Ammattilaisille, Muokkaajille), the weight of each kind of page in the ranking, and the
editors' pages, which the search shows only when a query asks for them."""

from __future__ import annotations

# Residents' pages first: staff pages weigh less (for the same match a resident's question
# finds the residents' page before a staff process page), editors' pages and printable
# brochures, which repeat their service page, less still (by the start of the page's URL).
PAGE_WEIGHTS = (("esitteet/", 0.5), ("tietoa/", 0.5), ("ammattilaisille/", 0.4))
STAFF = ("ammattilaisille/",)
EDITORS = ("tietoa/",)  # the editors' pages: shown only for a query that asks for them
# An editors' page is asked for by a word of its title or keywords (a whole word, not a
# compound's part) that no other page's title has and that is not common in the handbook's
# text (in at most this share of its sections).
EDITORS_COMMON = 0.05


def audience(url: str) -> str:
    """Whom a page is for, as search results say it: "e" editors (Muokkaajille), "s" staff
    (Ammattilaisille), "r" residents (Asukkaille)."""
    return "e" if url.startswith(EDITORS) else "s" if url.startswith(STAFF) else "r"
