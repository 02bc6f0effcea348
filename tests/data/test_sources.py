"""Reading YAML with line numbers (macros/sources.py)."""

from macros.data.sources import parse_yaml

TEXT = """\
name: Palvelu
legislation:
  - law: shl
    section: 36 §
  - law: asiakaslaki
description: |
  Rivi yksi.
  Rivi kaksi.
"""


def test_every_value_knows_its_line():
    source, problems = parse_yaml(TEXT, "data/services/x.yml")
    assert problems == []
    assert source.line(("name",)) == 1
    assert source.line(("legislation", 0, "section")) == 4
    assert source.line(("legislation", 1, "law")) == 5
    assert source.line(("description",)) == 6


def test_unknown_location_falls_back_to_nearest_parent():
    source, _ = parse_yaml(TEXT, "x.yml")
    assert source.line(("legislation", 1, "missing_field")) == 5
    assert source.line(("nothing", "here")) == 1


def test_malformed_yaml_names_file_and_line():
    source, problems = parse_yaml("name: a\n  bad: indent\nother: [1, 2\n", "data/services/x.yml")
    assert source is None
    assert len(problems) == 1
    assert str(problems[0]).startswith("data/services/x.yml:2: YAML: rivi on sisennetty edellisen "
                                       "kentän alle")


def test_duplicate_key_is_a_problem_on_its_second_line():
    _, problems = parse_yaml("name: a\nowner: b\nname: c\n", "x.yml")
    assert [str(p) for p in problems] == [
        "x.yml:3: name: kenttä on tiedostossa kahteen kertaan (ensin rivillä 1). Poista toinen niistä."]


def test_empty_file_is_none_without_problems():
    source, problems = parse_yaml("", "x.yml")
    assert source.data is None and problems == []
