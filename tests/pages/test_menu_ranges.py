"""A long section of the menu is cut into named ranges (macros/pages/navigation.py), so a
page's side menu does not grow with the number of pages beside it."""

from __future__ import annotations

import json

from macros.pages.navigation import LIMIT, RANGE, ranges


def depth_and_widest(entries: list[dict]) -> tuple[int, int]:
    widest, depth, level = len(entries), 1, entries
    while isinstance(next(iter(level[0].values())), list):
        level = next(iter(level[0].values()))
        widest, depth = max(widest, len(level)), depth + 1
    return depth, widest


def pages_of(entries: list[dict]) -> list[str]:
    out = []
    for entry in entries:
        value = next(iter(entry.values()))
        out += pages_of(value) if isinstance(value, list) else [value]
    return out


def test_a_short_section_stays_as_it_is():
    entries = [(f"Palvelu {n}", f"palvelut/{n}.md") for n in range(LIMIT)]
    assert ranges(entries) == [{title: page} for title, page in entries]


def test_a_thousand_pages_are_ranges_of_ranges_every_page_once_in_order():
    entries = [(f"Palvelu {n:04d}", f"palvelut/p{n:04d}.md") for n in range(1000)]
    found = ranges(entries)
    assert pages_of(found) == [page for _, page in entries]
    depth, widest = depth_and_widest(found)
    assert depth == 3 and widest <= max(LIMIT, RANGE)
    names = [next(iter(entry)) for entry in found]
    assert names == [f"Palvelu 0{n}" for n in range(10)]  # each a hundred pages
    # what one page's menu lists: the ranges on its path and the pages of its own range
    listed = len(found) + RANGE + RANGE
    assert listed < 50, listed


def test_ranges_are_named_by_their_first_letters_as_far_as_needed():
    titles = sorted(["Aikuissosiaalityö", "Asumisneuvonta", "Kuntouttava", "Lastenvalvoja",
                     "Sosiaalineuvonta", "Toimeentulotuki", "Verkostokonsultit"] * 5)
    names = [next(iter(entry)) for entry in ranges([(t, f"{i}.md") for i, t in enumerate(titles)])]
    assert names == ["A", "K–L", "S–T", "V"], json.dumps(names, ensure_ascii=False)
