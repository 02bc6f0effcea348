"""YAML anchors, aliases and deep nesting are refused before anything is composed (#29: a few hundred bytes of
nested aliases took 154 s and 11 GB in the server's check)."""

from __future__ import annotations

import resource
import time

from macros.checks.guards import front_matter
from macros.data.sources import parse_yaml


def bomb(levels: int = 9, width: int = 10) -> str:
    names = "abcdefghijklmnop"
    text = f"{names[0]}: &{names[0]} [{', '.join(['x'] * width)}]\n"
    for low, high in zip(names[:levels - 1], names[1:levels], strict=True):
        text += f"{high}: &{high} [{', '.join([f'*{low}'] * width)}]\n"
    return text


def test_an_alias_bomb_is_refused_at_its_first_line_at_once():
    text = bomb()
    assert len(text) < 500
    started, memory = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    source, problems = parse_yaml(text, "data/pommi.yml")
    assert time.monotonic() - started < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory < 50_000  # KB
    assert source is None and len(problems) == 1
    assert str(problems[0]).startswith("data/pommi.yml:1: YAML: &a on YAML-ankkuri tai -viittaus "
                                       "(myös rivit 2, 3, 4, 5, 6, 7, 8, 9)")
    assert "Kirjoita arvo auki" in problems[0].message


def test_one_alias_is_refused_too_and_quoted_ampersands_and_stars_are_text():
    source, problems = parse_yaml("nimi: Palvelu\nkuvaus: |\n  teksti\nmuu: *x\n", "data/a.yml")
    assert source is None and [(p.line, p.message[:2]) for p in problems] == [(4, "*x")]
    source, problems = parse_yaml('a: "&x"\nb: \'*y\'\nc: x & y * z\nd: "**lihava**"\n', "data/b.yml")
    assert problems == [] and source.data == {"a": "&x", "b": "*y", "c": "x & y * z",
                                              "d": "**lihava**"}


def test_aliases_in_a_pages_front_matter_are_refused_at_the_pages_line():
    page = "---\ntitle: &t Otsikko\ndescription: *t\n---\n# Otsikko\n"
    problems = front_matter(page, "docs/sivu.md")
    assert [(p.path, p.line) for p in problems] == [("docs/sivu.md", 2)]
    assert "&t on YAML-ankkuri" in problems[0].message


def test_nesting_deeper_than_any_data_file_needs_is_refused_before_the_composer_recurses():
    """100,000 nested brackets (200 KB) crashed the C composer (a segmentation fault)."""
    for depth in (41, 100_000):
        source, problems = parse_yaml("a:\n  b: " + "[" * depth + "]" * depth + "\n", "data/x.yml")
        assert source is None and [str(p) for p in problems] == [
            "data/x.yml:2: YAML: luetteloita tai kenttiä on sisäkkäin yli 40 tasoa. Tarkista "
            "sisennykset ja hakasulkeet [ ] ja { }."]
    source, problems = parse_yaml("a: " + "[" * 39 + "]" * 39 + "\n", "data/x.yml")
    assert problems == [] and source is not None
