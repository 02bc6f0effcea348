"""YAML mistakes in Finnish, at the line where the mistake starts (issue 31, point 6):
a tab, an unclosed quote, ``name: X: Y``, a key without a colon, an unclosed bracket… Each
message is read as the editor reads it (``str(problem)``), through both parsers PyYAML has
(libyaml's C parser, whose messages differ, and the pure-Python one)."""

from __future__ import annotations

import re

import pytest
import yaml

from macros.data import sources
from macros.data.sources import parse_yaml

# English words of the parsers' messages: none may reach an editor.
ENGLISH = re.compile(r"\b(found|expected|while|mapping|scanning|parsing|allowed|token|stream|"
                     r"character|could not|indentation|block|scalar)\b", re.I)

CASES = {
    # name: (text, line, words the message must have)
    "tab": ("name: Palvelu\nowner: Tiimi\n\tarea: Lappi\n", 3, ["sarkainmerkki", "välilyönneillä"]),
    "tab in a list": ("name: a\nlist:\n  - a\n\t- b\n", 4, ["sarkainmerkki"]),
    "unclosed quote": ('name: "Palvelu\nowner: Tiimi\narea: Lappi\ngroup: x\n', 1,
                       ['lainausmerkki " alkaa tällä rivillä', "ei sulkeudu"]),
    "unclosed single quote": ("name: a\nowner: 'Tiimi\narea: Lappi\n", 2, ["lainausmerkki '"]),
    "colon in a value": ("owner: Tiimi\nname: Velkaneuvonta: apua veloissa\narea: Lappi\n", 2,
                         ['name: "Velkaneuvonta: apua veloissa"', "lainausmerkkeihin"]),
    "key indented under a value": ("name: a\n  owner: b\n", 2, ["sisennetty", "välilyönnit"]),
    "key without a colon": ("name: a\nowner\narea: b\n", 2, ["kaksoispistettä"]),
    "text after a quoted value": ('name: "a" b\n', 1, ["lainausmerkkeihin kirjoitetun"]),
    "unknown escape": ('name: "C:\\kansio"\n', 1, ["kenoviiva"]),
    "value starting with @": ("name: @lapha\n", 1, ["merkillä @", "lainausmerkkeihin"]),
    "unclosed bracket": ("keywords: [a, b\nname: c\n", 1, ["hakasulku", "ei sulkeudu"]),
    "key among list items": ("list:\n  - a\n  name: c\n", 3, ["viivalla"]),
    "three dashes": ("name: a\n---\nowner: b\n", 2, ["kolme viivaa"]),
}


@pytest.fixture(params=["CSafeLoader", "SafeLoader"])
def loader(request, monkeypatch):
    found = getattr(yaml, request.param, None)
    assert found is not None, f"PyYAML without {request.param}: pip install PyYAML with libyaml"
    monkeypatch.setattr(sources, "Loader", found)
    return request.param


@pytest.mark.parametrize("name", CASES)
def test_a_yaml_mistake_is_named_in_finnish_at_the_line_where_it_starts(loader, name):
    text, line, words = CASES[name]
    source, problems = parse_yaml(text, "data/services/x.yml")
    assert source is None and len(problems) == 1, problems
    said = str(problems[0])
    assert said.startswith(f"data/services/x.yml:{line}: YAML: "), said
    for word in words:
        assert word in said, said
    assert not ENGLISH.search(problems[0].message), said


def test_a_control_character_is_named_in_finnish():
    source, problems = parse_yaml("name: a\nowner: b\x07c\n", "x.yml")
    assert source is None and problems[0].line == 2
    assert "ohjausmerkki" in problems[0].message
