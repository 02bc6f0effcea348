"""Model errors as Finnish messages: what is wrong at which file, line and field, and the fix."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..core.problems import Problem
from .models import ID_PATTERN
from .sources import Loc, Source

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


def _message(error: dict, model: type[BaseModel]) -> str:
    """One pydantic error as Finnish: what is wrong, then how to fix it."""
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "missing":
        return "pakollinen kenttä puuttuu. Lisää se tiedostoon."
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields)
        return f"tuntematon kenttä. Tarkista kirjoitusasu (sallitut kentät: {allowed})."
    if kind == "string_too_long":
        return (f"teksti on liian pitkä ({len(value)} merkkiä, enintään {ctx['max_length']}). "
                "Lyhennä sitä.")
    if kind == "string_too_short":
        return "kenttä on tyhjä. Kirjoita siihen jotain tai poista koko kenttä."
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


def field_name(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "tiedosto"


def build_model(model: type[BaseModel], source: Source, base: Loc = ()):
    """Validate the value at ``base`` of a source; return (instance or None, problems)."""
    value = source.data
    for part in base:
        value = value[part]
    try:
        return model.model_validate(value), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = (*base, *error["loc"])
            problems.append(Problem(source.path, source.line(loc), field_name(loc),
                                    _message(error, model)))
        return None, problems


def suggest(value: str, known) -> str:
    close = difflib.get_close_matches(value, list(known), n=3, cutoff=0.6)
    return f" Tarkoititko: {', '.join(close)}?" if close else ""
