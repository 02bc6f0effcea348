"""Reading YAML files with the line number of every value.

PyYAML's composed node tree knows where each value starts; we keep those
positions in a dict keyed by the value's path (a tuple of keys and list
indexes), so a validation error on ``legislation[2].law`` can name its line.
Malformed YAML and duplicate keys become ``Problem``s, never tracebacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ..core import cache
from ..core.problems import Problem
from .yaml_messages import yaml_message

Loc = tuple[str | int, ...]
# A line inside a block text ("|" or ">") that looks like a field: (the text's location, the
# line number, the word before the colon). messages.build_model reports those that are fields.
BlockLine = tuple[Loc, int, str]
FIELD_LIKE = re.compile(r"^\s+([a-z][a-z0-9_]*):(\s|$)")
# libyaml's C parser when PyYAML was built with it: the same results, several times faster.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    """The parsed content of one YAML file and the line of each value in it."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    index_of: dict[str, int] = field(default_factory=dict)  # list files: record id → position
    swallowed: set[Loc] = field(default_factory=set)  # values that took in the next list item
    block_lines: list[BlockLine] = field(default_factory=list)  # field-like lines in block texts

    def reported(self, loc: Loc) -> bool:
        """Whether the value at ``loc`` (or around it) has a problem of its own already: a
        list item that swallowed the next one is reported once, as indentation."""
        loc = tuple(loc)
        return any(loc[:len(at)] == at for at in self.swallowed)

    def line(self, loc: Loc) -> int:
        """The line of the value at ``loc``, or of its nearest known parent."""
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


def field_name(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "tiedosto"


def _swallowed(node: yaml.ScalarNode, loc: Loc, text: list[str], path: str) -> Problem | None:
    """A plain value over several lines where a later line starts with "- ": a list item
    indented one space more than the one above, which YAML reads as part of it."""
    first, last = node.start_mark.line, node.end_mark.line
    if node.style or first == last:  # quoted or block ("|", ">") values may hold "- "
        return None
    for number in range(first + 1, min(last, len(text) - 1) + 1):
        if text[number].lstrip().startswith("- "):
            where = field_name(loc[:-1] if loc and isinstance(loc[-1], int) else loc)
            return Problem(path, number + 1, where,
                           "luettelon kohta on sisennetty eri tavalla kuin edellinen, joten se "
                           f'luettiin osaksi edellistä kohtaa ("{node.value}"). Poista '
                           "ylimääräinen välilyönti viivan edestä, niin että kohtien viivat "
                           "ovat allekkain.")
    return None


def _field_like(node: yaml.ScalarNode, loc: Loc, text: list[str]) -> list[BlockLine]:
    """Lines of a block text ("|" or ">") that look like a field ("  processing_time: …"): a
    field indented under the text by mistake becomes part of it."""
    if node.style not in ("|", ">"):
        return []
    found = []
    # The block ends after its last line break: end_mark is at the start of the next field.
    for number in range(node.start_mark.line + 1, min(node.end_mark.line, len(text))):
        if match := FIELD_LIKE.match(text[number]):
            found.append((loc, number + 1, match.group(1)))
    return found


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int], problems: list[Problem], path: str,
          text: list[str], swallowed: set[Loc], blocks: list[BlockLine]):
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        if problem := _swallowed(node, loc, text, path):
            problems.append(problem)
            swallowed.add(loc)
        blocks += _field_like(node, loc, text)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            key_line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(Problem(
                    path, key_line, ".".join(map(str, (*loc, key))) or str(key),
                    f"kenttä on tiedostossa kahteen kertaan (ensin rivillä {seen[key]}). "
                    "Poista toinen niistä."))
            seen[key] = key_line
            _walk(value_node, (*loc, key), lines, problems, path, text, swallowed, blocks)
            # A key's own line is where editors look, also for block values.
            lines[(*loc, key)] = key_line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), lines, problems, path, text, swallowed, blocks)


MAX_DEPTH = 40  # the deepest nesting of lists and mappings a data file may have


def refused_structure(text: str, path: str) -> list[Problem]:
    """YAML anchors (``&nimi``) and aliases (``*nimi``), and nesting deeper than MAX_DEPTH, found
    in the event stream before anything is composed: a few hundred bytes of nested aliases
    expand to gigabytes, and the composer recurses (deep nesting crashes it); editors never need
    either. Malformed YAML is left to the parser's own message."""
    lines: list[int] = []
    first, depth = "", 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, (yaml.AliasEvent, yaml.NodeEvent)) and event.anchor is not None:
                lines.append(event.start_mark.line + 1)
                first = first or ("*" if isinstance(event, yaml.AliasEvent) else "&") + event.anchor
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return [Problem(path, event.start_mark.line + 1, "YAML",
                                    f"luetteloita tai kenttiä on sisäkkäin yli {MAX_DEPTH} tasoa. "
                                    "Tarkista sisennykset ja hakasulkeet [ ] ja { }.")]
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    if not lines:
        return []
    more = sorted(set(lines[1:]) - {lines[0]})
    also = f" (myös rivit {', '.join(map(str, more[:10]))}{' …' if len(more) > 10 else ''})" if more else ""
    return [Problem(path, lines[0], "YAML",
                    f"{first} on YAML-ankkuri tai -viittaus{also}: niitä ei käytetä käsikirjan "
                    "tiedoissa. Kirjoita arvo auki jokaiseen kohtaan, jossa sitä tarvitaan, tai "
                    "laita teksti lainausmerkkeihin, jos & tai * kuuluu siihen.")]


def parse_yaml(text: str, path: str) -> tuple[Source | None, list[Problem]]:
    """Parse YAML text; return the source, or None with the problems that stop it."""
    problems: list[Problem] = refused_structure(text, path)
    if problems:
        return None, problems
    try:
        loader = Loader(text)  # parse once: the node tree gives lines, and it builds the data
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        line, message = yaml_message(error, text.split("\n"))
        return None, [Problem(path, line, "YAML", message)]
    lines: dict[Loc, int] = {}
    swallowed: set[Loc] = set()
    blocks: list[BlockLine] = []
    if node is not None:
        _walk(node, (), lines, problems, path, text.split("\n"), swallowed, blocks)
    return Source(path, data, lines, swallowed=swallowed, block_lines=blocks), problems


def read_yaml(file: Path, root: Path) -> tuple[Source | None, list[Problem]]:
    """Read and parse one YAML file; paths in problems are relative to ``root``."""
    path = file.relative_to(root).as_posix()
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(path, 0, "merkistö",
                              "tiedosto ei ole UTF-8-muodossa. Tallenna se UTF-8-merkistöllä.")]
    return PARSED.get(cache.digest(path, text), lambda: parse_yaml(text, path))


# --- parse results as JSON data for the cache (tagged where JSON has no type) ----------------

TAG = "\x00"  # the first character of a tag's key; a YAML key never starts so in a tagged file


def _encode(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith(TAG) for key in value):
            return {key: _encode(item) for key, item in value.items()}
        return {TAG + "map": [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, (date, datetime)):  # datetime first in type order: it is a date
        return {TAG + type(value).__name__: value.isoformat()}
    raise TypeError(f"not kept: {type(value).__name__}")


def _tagged(found: dict):
    if len(found) == 1:
        (key, value), = found.items()
        if key == TAG + "map":
            return {k: v for k, v in value}
        if key == TAG + "date":
            return date.fromisoformat(value)
        if key == TAG + "datetime":
            return datetime.fromisoformat(value)
        if key.startswith(TAG):
            raise ValueError(f"unknown tag {key!r}")
    return found


def problem(fields) -> Problem:
    """A ``Problem`` from the list a cache file keeps; TypeError if it is not one."""
    path, line, name, message = fields
    if not (isinstance(path, str) and type(line) is int and isinstance(name, str)
            and isinstance(message, str)):
        raise TypeError("not a problem")
    return Problem(path, line, name, message)


def encode_parsed(parsed: tuple[Source | None, list[Problem]]) -> dict:
    source, problems = parsed
    kept = None if source is None else {
        "path": source.path, "data": _encode(source.data),
        "lines": [[list(loc), line] for loc, line in source.lines.items()],
        "swallowed": [list(loc) for loc in sorted(source.swallowed, key=str)],
        "blocks": [[list(loc), line, name] for loc, line, name in source.block_lines]}
    return {"source": kept, "problems": [[p.path, p.line, p.field, p.message] for p in problems]}


def decode_parsed(found: dict) -> tuple[Source | None, list[Problem]]:
    """A parse result from a cache file; anything of another shape raises (and is parsed)."""
    problems = [problem(fields) for fields in found["problems"]]
    kept = found["source"]
    if kept is None:
        return None, problems
    lines = {}
    for loc, line in kept["lines"]:
        lines[_loc(loc)] = _number(line)
    swallowed = {_loc(loc) for loc in kept["swallowed"]}
    blocks = [(_loc(loc), _number(line), name) for loc, line, name in kept["blocks"]]
    if not isinstance(kept["path"], str) or not all(isinstance(b[2], str) for b in blocks):
        raise TypeError("not a path")
    return Source(kept["path"], kept["data"], lines, swallowed=swallowed,
                  block_lines=blocks), problems


def _loc(found) -> Loc:
    if not isinstance(found, list) or not all(isinstance(k, (str, int)) for k in found):
        raise TypeError("not a location")
    return tuple(found)


def _number(found) -> int:
    if type(found) is not int:
        raise TypeError("not a line")
    return found


# parse_yaml results by file path and text, kept between builds and `mkdocs serve` rebuilds
# (parsing is most of reading the data; validation still runs every time).
PARSED = cache.DataStore("yaml", yaml.__version__, Loader.__name__,
                         cache.code_of("data/sources.py", "data/yaml_messages.py",
                                       "core/problems.py", "core/cache.py"),
                         encode=encode_parsed, decode=decode_parsed, hook=_tagged)
