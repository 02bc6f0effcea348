"""Model errors as Finnish messages: what is wrong at which file, line and field, and the fix."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from ..core.problems import Problem
from .models import ID_PATTERN
from .sources import Loc, Source, field_name

PATTERN_HINTS = {
    ID_PATTERN: "tunnuksessa saa olla vain pieniä kirjaimia a–z, numeroita ja väliviivoja, "
                "esimerkiksi toimeentulotuki tai sosiaalinen-kuntoutus",
    "number": "lain numero kirjoitetaan muodossa numero/vuosi, esimerkiksi 1301/2014",
    "§": 'pykälä kirjoitetaan muodossa "36 §", "14 a §" tai "29–30 §"',
    "https": "osoitteen pitää alkaa https:// eikä siinä saa olla välilyöntejä",
    "358": "puhelinnumero kirjoitetaan numeroina, esimerkiksi 016 123 4567 tai +358 16 123 4567",
    "@": "sähköpostiosoite kirjoitetaan muodossa nimi@lapha.fi",
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "totuusarvo"
    if isinstance(value, (int, float)):
        return f"numero {value}"
    if isinstance(value, list):
        return "luettelo"
    if isinstance(value, dict):
        return "joukko kenttiä"
    if value is None:
        return "tyhjä"
    return f'"{value}"'


def _pattern_hint(pattern: str) -> str:
    if pattern == ID_PATTERN:
        return PATTERN_HINTS[ID_PATTERN]
    for key in ("§", "https", "358", "@"):
        if key in pattern:
            return PATTERN_HINTS[key]
    return PATTERN_HINTS["number"]


def _inner_model(annotation) -> type[BaseModel] | None:
    """The model a field holds, directly or inside a list, an optional or an annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if (found := _inner_model(arg)) is not None:
            return found
    return None


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed beside the last part of ``loc`` (in the nested model there)."""
    if isinstance(model, type) and issubclass(model, RootModel):  # a file that is one list
        model = _inner_model(model.model_fields["root"].annotation) or model
    for part in loc[:-1]:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        if isinstance(part, int):
            continue
        if field is None or (model := _inner_model(field.annotation)) is None:
            return []
    return list(model.model_fields)


def _required(model: type[BaseModel], loc: Loc) -> bool:
    """Whether the field at ``loc`` is required in its block."""
    if isinstance(model, type) and issubclass(model, RootModel):
        model = _inner_model(model.model_fields["root"].annotation) or model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None or (model := _inner_model(field.annotation)) is None:
            return False
    field = model.model_fields.get(loc[-1]) if loc and isinstance(loc[-1], str) else None
    return bool(field and field.is_required())


def _unknown_field(name: str, allowed: list[str]) -> str:
    """A mistyped field: the nearest allowed names, or all of them when there are few."""
    if hint := suggest(name, allowed):
        return f"tuntematon kenttä.{hint}"
    if allowed and len(allowed) <= 8:
        return f"tuntematon kenttä. Sallitut kentät: {', '.join(allowed)}."
    return ("tuntematon kenttä. Tarkista kirjoitusasu (kenttien nimet ovat englanniksi, katso "
            "mallia toisesta saman kansion tiedostosta) tai poista kenttä.")


def _message(error: dict, model: type[BaseModel]) -> str:
    """One pydantic error as Finnish: what is wrong, then how to fix it."""
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "missing":
        return "pakollinen kenttä puuttuu. Lisää se tiedostoon."
    if kind == "extra_forbidden":
        return _unknown_field(str(error["loc"][-1]), _fields_at(model, error["loc"]))
    if kind == "string_too_long":
        return (f"teksti on liian pitkä ({len(value)} merkkiä, enintään {ctx['max_length']}). "
                "Lyhennä sitä.")
    if kind == "string_too_short" or value is None and kind in ("string_type", "literal_error",
                                                                 "enum", "date_type"):
        allowed = ", ".join(re.findall(r"'([^']*)'", ctx.get("expected", "")))
        return "kenttä on tyhjä. Kirjoita siihen " + (
            (f"arvo (sallitut: {allowed})." if allowed else "arvo.")
            if _required(model, error["loc"]) else "jotain tai poista koko kenttä.")
    if kind == "too_short":
        return f"luettelossa pitää olla vähintään {ctx['min_length']} kohta. Lisää kohta."
    if kind in ("literal_error", "enum"):
        allowed = ", ".join(re.findall(r"'([^']*)'", ctx.get("expected", "")))
        return f"arvo {_kind(value)} ei kelpaa (sallitut: {allowed})."
    if kind == "string_pattern_mismatch":
        return f"arvo {_kind(value)} ei kelpaa: {_pattern_hint(ctx.get('pattern', ''))}."
    if kind == "string_type":
        return f"pitää olla tekstiä, nyt {_kind(value)}. Kirjoita arvo tekstinä."
    if kind == "list_type":
        return (f"pitää olla luettelo, nyt {_kind(value)}. Kirjoita jokainen kohta omalle "
                "rivilleen viivalla alkaen.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"pitää olla joukko kenttiä (avain: arvo), nyt {_kind(value)}."
    if kind.startswith("date"):
        return (f"päivämäärä {_kind(value)} ei kelpaa. Kirjoita se muodossa VVVV-KK-PP, "
                "esimerkiksi 2026-09-01.")
    if kind.startswith("bool"):
        return f"pitää olla true tai false, nyt {_kind(value)}."
    return f"arvo {_kind(value)} ei kelpaa ({error['msg']})."


def build_model(model: type[BaseModel], source: Source, base: Loc = ()):
    """Validate the value at ``base`` of a source; return (instance or None, problems)."""
    value = source.data
    for part in base:
        value = value[part]
    hidden = block_field_problems(model, source, base)
    try:
        return model.model_validate(value), hidden
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems = []
        for error in errors:
            loc = (*base, *error["loc"])
            if _misspelled(error, errors) or source.reported(loc) or _hidden(error, loc, hidden):
                continue  # reported as the mistyped name ("Tarkoititko"), indentation, or hidden
            problems.append(Problem(source.path, source.line(loc), field_name(loc),
                                    _message(error, model)))
        return None, hidden + problems


def block_field_problems(model: type[BaseModel], source: Source, base: Loc = ()) -> list[Problem]:
    """A field indented under a block text (``requirements: |`` and then
    ``  processing_time: …``) is part of the text, and the page would show it as words: the
    line is reported when its word is a field of the text's own block (or of one around it)."""
    found = []
    for loc, line, name in source.block_lines:
        if tuple(loc[:len(base)]) != tuple(base) or len(loc) <= len(base):
            continue
        inner = tuple(loc[len(base):])
        levels = [_fields_at(model, inner[:end] + ("x",)) for end in range(len(inner) - 1, -1, -1)]
        if not any(name in fields for fields in levels):
            continue
        text = field_name(loc)
        found.append(Problem(
            source.path, line, name,
            f"rivi on sisennetty tekstin {text} sisään, joten se näkyisi sivulla tekstinä eikä "
            f"ole kenttä. Jos {name} on oma kenttänsä, poista välilyönnit rivin alusta niin, "
            f"että {name}: alkaa samasta kohdasta kuin {str(loc[-1])}:."))
    return found


def _hidden(error: dict, loc: Loc, hidden: list[Problem]) -> bool:
    """A required field reported missing because it was written inside a block text."""
    return error["type"] == "missing" and any(p.field == str(loc[-1]) for p in hidden)


def _misspelled(error: dict, errors: list[dict]) -> bool:
    """A missing field that is there, misspelled: an unknown field beside it is close to it."""
    if error["type"] != "missing":
        return False
    *parent, name = error["loc"]
    return any(other["type"] == "extra_forbidden" and list(other["loc"][:-1]) == parent
               and difflib.get_close_matches(str(other["loc"][-1]), [str(name)], cutoff=0.6)
               for other in errors)


def suggest(value: str, known) -> str:
    """" Tarkoititko: a, b?" with the (at most three) known names nearest to ``value``."""
    close = difflib.get_close_matches(value, list(known), n=3, cutoff=0.6)
    return f" Tarkoititko: {', '.join(close)}?" if close else ""


def unknown_law(value: str, laws: dict, where: str) -> str:
    """A law reference that names no law: a law's number gets that law's id, anything else
    the nearest ids."""
    for law_id, law in laws.items():
        if law.number == str(value).strip():
            return (f'lain numero "{value}" ei käy tähän, vaan lain tunnus. Numero {law.number} '
                    f"on tiedostossa data/laws.yml lailla {law_id} ({law.name}): kirjoita "
                    f"{law_id}.")
    return f'tuntematon laki "{value}". {where}{suggest(str(value), laws)}'
