"""PyYAML's parse errors as Finnish messages, at the line where the mistake starts.

PyYAML (and libyaml, whose messages differ) report where the parser gave up: for an unclosed
quote that is the end of the file, for a key without a colon the line after it. The
``context_mark`` says where the broken part began; for those mistakes that line is named.
Every message says what is wrong and what to write instead, in Finnish only: the parser's
English never reaches an editor.
"""

from __future__ import annotations

import re

import yaml

GENERIC = ("tiedostoa ei voi lukea tästä kohdasta. Tarkista sisennykset (vain välilyöntejä), "
           "kaksoispisteet ja lainausmerkit tällä ja edellisellä rivillä.")


def _line(mark) -> int:
    return mark.line + 1 if mark is not None else 0


def _text_at(lines: list[str], mark) -> str:
    return lines[mark.line] if mark is not None and mark.line < len(lines) else ""


def _colon_in_value(lines: list[str], mark) -> str | None:
    """``name: X: Y``: the line has a key and then ": " again inside its value. Returns the
    line written as it should be (value in quotes), or None for an indented key instead."""
    text = _text_at(lines, mark)
    before = text[:mark.column]
    key, sep, value = before.partition(": ")
    if not sep or not key.strip():
        return None
    whole = text[len(key) + 2:].strip().replace('"', "'")
    return f'{key.rstrip()}: "{whole}"'


def _mapping_values(lines: list[str], error) -> tuple[int, str]:
    mark = error.problem_mark
    fixed = _colon_in_value(lines, mark)
    if fixed is not None:
        return _line(mark), ('arvossa on kaksoispiste ja välilyönti (": "), ja YAML luulee sen '
                             "aloittavan uuden kentän. Kirjoita koko arvo lainausmerkkeihin: "
                             f"{fixed.strip()}")
    return _line(mark), ("rivi on sisennetty edellisen kentän alle, vaikka edellisellä kentällä "
                         "on jo arvo samalla rivillä. Jos tämä on oma kenttänsä, poista "
                         "ylimääräiset välilyönnit rivin alusta, niin että se alkaa samasta "
                         "kohdasta kuin edellinen kenttä.")


def _quote(lines: list[str], error) -> tuple[int, str]:
    mark = error.context_mark or error.problem_mark
    text = _text_at(lines, mark)
    quote = text[mark.column] if mark.column < len(text) and text[mark.column] in "\"'" else '"'
    return _line(mark), (f"lainausmerkki {quote} alkaa tällä rivillä, mutta se ei sulkeudu. "
                         f"Lisää tekstin loppuun {quote} tai poista alun lainausmerkki.")


def _bad_start(lines: list[str], error) -> tuple[int, str]:
    mark = error.problem_mark
    text = _text_at(lines, mark)
    char = text[mark.column] if mark.column < len(text) else ""
    if char == "\t":
        return _tab(lines, error)
    return _line(mark), (f"arvo alkaa merkillä {char}, jolla YAML-arvo ei voi alkaa. Kirjoita "
                         "koko arvo lainausmerkkeihin, esimerkiksi nimi: \"" + char + "…\".")


def _tab(lines: list[str], error) -> tuple[int, str]:
    mark = error.problem_mark
    line = _line(mark)
    for number in range(mark.line, -1, -1):  # the tab itself, at or above the parser's line
        if number < len(lines) and "\t" in lines[number][:len(lines[number]) - len(
                lines[number].lstrip())]:
            line = number + 1
            break
    return line, ("rivin alussa on sarkainmerkki (Tab). YAML-tiedostossa sisennetään vain "
                  "välilyönneillä. Korvaa sarkain välilyönneillä: kaksi välilyöntiä tasoa kohden.")


def _unclosed(lines: list[str], error) -> tuple[int, str]:
    """An opening bracket never closed: the parser stops at the end of the file or at the next
    key; the line named is the last one above that opens more brackets than it closes."""
    mark = error.problem_mark or error.context_mark
    line = _line(error.context_mark or mark)
    for number in range(min(mark.line, len(lines) - 1), -1, -1):
        text = lines[number]
        if text.count("[") > text.count("]") or text.count("{") > text.count("}"):
            line = number + 1
            break
    return line, ("hakasulku [ tai aaltosulku { alkaa tällä rivillä, mutta se ei sulkeudu. "
                  "Sulje se samalla rivillä, tai jos sulku kuuluu tekstiin, kirjoita koko arvo "
                  "lainausmerkkeihin.")


# (test on problem and context, where, message or function): the first that matches is used.
RULES: list[tuple[str, str, object]] = [
    (r"tab character|'\\t'", "problem", _tab),
    (r"end of stream", "context:quoted", _quote),
    (r"mapping values are not allowed", "problem", _mapping_values),
    (r"unknown escape character", "problem",
     "lainausmerkkien \"…\" sisällä kenoviiva (\\) aloittaa erikoismerkin, jota ei ole. Kirjoita "
     "teksti heittomerkkeihin '…' tai ilman lainausmerkkejä."),
    (r"could not find expected ':'", "context",
     "rivillä ei ole kaksoispistettä, vaikka se on kenttien välissä. Kirjoita kenttä muodossa "
     "nimi: arvo. Jos rivi jatkaa edellisen kentän tekstiä, sisennä se samoin kuin teksti."),
    (r"cannot start any token", "problem", _bad_start),
    (r"expected '-' indicator|block collection", "problem",
     "luettelon kohtien välissä on rivi, joka ei ala viivalla. Aloita jokainen kohta viivalla "
     "ja välilyönnillä (- ) samassa sisennyksessä kuin muut, tai siirrä kenttä luettelon "
     "alapuolelle samaan sisennykseen kuin luettelon nimi."),
    (r"expected ',' or|flow (mapping|sequence|node)|expected node content", "problem", _unclosed),
    (r"alias|anchor", "problem",
     "arvo alkaa merkillä * tai &, joka on YAMLissa viittaus. Kirjoita koko arvo "
     "lainausmerkkeihin."),
    (r"constructor for the tag|tag", "problem",
     "arvo alkaa huutomerkillä (!), joka on YAMLissa tyyppimerkintä. Kirjoita koko arvo "
     "lainausmerkkeihin."),
    (r"another document", "problem",
     "tiedostossa on rivi, jolla on vain kolme viivaa (---) tai kolme pistettä (...). Se "
     "aloittaisi uuden tiedoston: poista rivi."),
    (r"unhashable key", "problem",
     "kentän nimenä on luettelo tai joukko kenttiä. Kirjoita kentän nimi tekstinä ennen "
     "kaksoispistettä."),
    (r"directive", "problem",
     "rivi alkaa %-merkillä, joka on YAMLissa ohje jäsentimelle. Kirjoita arvo lainausmerkkeihin."),
    (r"expected key|block end|block mapping", "problem",
     "rivi ei sovi edellisten rakenteeseen. Tarkista, että kentät alkavat samasta kohdasta kuin "
     "edelliset ja että lainausmerkkeihin kirjoitetun tekstin jälkeen ei ole samalla rivillä "
     "muuta (kirjoita koko teksti lainausmerkkien sisään)."),
]


def yaml_message(error: yaml.YAMLError, lines: list[str]) -> tuple[int, str]:
    """(line, Finnish message) for a YAML error of either parser."""
    if isinstance(error, yaml.reader.ReaderError):
        line = lines and sum(1 for _ in "\n".join(lines)[:error.position].split("\n"))
        return int(line or 0), ("tiedostossa on merkki, jota YAML ei salli (näkymätön "
                                "ohjausmerkki). Poista se tai kirjoita rivi uudelleen.")
    if not isinstance(error, yaml.MarkedYAMLError):
        return 0, GENERIC
    problem, context = error.problem or "", error.context or ""
    for pattern, where, answer in RULES:
        if where == "context:quoted":
            matched = re.search(pattern, problem) and "quoted" in context
        else:
            matched = re.search(pattern, f"{problem} {context}")
        if not matched:
            continue
        if callable(answer):
            return answer(lines, error)
        mark = (error.context_mark if where == "context" else None) or error.problem_mark
        return _line(mark), answer
    return _line(error.problem_mark or error.context_mark), GENERIC
