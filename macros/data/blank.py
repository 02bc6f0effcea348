"""Blank files for ``./kasikirja uusi-palvelu``, ``uusi-prosessi`` and ``uusi-sivu``: every
field of the model with its explanation above it (the models' Finnish descriptions, the same
that VS Code shows), whether it is required, the values it allows. Required fields are left
empty, so ``check`` names each one still to write, at its line; optional ones are empty or,
for blocks of fields, shown commented out as an example."""

from __future__ import annotations

import textwrap
import typing
from datetime import date, timedelta

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .models import Service
from .process_models import Process

WIDTH = 96
KINDS: dict[str, tuple[type[BaseModel], str, str]] = {
    # kind: (model, folder, schema)
    "palvelu": (Service, "data/services", "service.schema.json"),
    "prosessi": (Process, "data/processes", "process.schema.json"),
}
HEADERS = {
    "palvelu": "Uusi palvelu. Kirjoita jokaiseen kenttään tämän palvelun tiedot: kentän yläpuolella "
               "kerrotaan, mitä siihen kirjoitetaan. Pakolliset kentät ovat tyhjiä, kunnes "
               "täytät ne (./kasikirja tarkista kertoo, mitkä vielä puuttuvat). Valinnaiset "
               "kentät voit jättää tyhjiksi tai poistaa. #-merkillä alkavat rivit ovat ohjeita, "
               "eivätkä ne näy sivulla: poista ne, kun et enää tarvitse niitä.",
    "prosessi": "Uusi prosessi. Kirjoita jokaiseen kenttään tämän prosessin tiedot: kentän "
                "yläpuolella kerrotaan, mitä siihen kirjoitetaan. Pakolliset kentät ovat tyhjiä, "
                "kunnes täytät ne (./kasikirja tarkista kertoo, mitkä vielä puuttuvat). "
                "#-merkillä alkavat rivit ovat ohjeita: poista ne, kun et enää tarvitse niitä.",
}


def _inner(annotation) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (directly or in a list), and whether it is a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = typing.get_origin(annotation)
    for arg in typing.get_args(annotation):
        found, listed = _inner(arg)
        if found is not None:
            return found, listed or origin is list
    return None, origin is list


def _is_list(annotation) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation)
               if typing.get_origin(annotation) is not typing.Literal)


def _allowed(annotation) -> list[str]:
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    return [v for arg in typing.get_args(annotation) for v in _allowed(arg)]


def _explanation(field: FieldInfo) -> str:
    text = field.description or ""
    allowed = _allowed(field.annotation)
    if allowed and "sallitut" not in text.lower():
        text += f" Sallitut arvot: {', '.join(allowed)}."
    return f"{text} {'Pakollinen.' if field.is_required() else 'Valinnainen.'}".strip()


def _comment(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH - len(indent), initial_indent=f"{indent}# ",
                         subsequent_indent=f"{indent}# ", break_on_hyphens=False)


def _value(name: str, field: FieldInfo, today: date) -> str:
    """The blank value of a scalar or list field."""
    annotation = field.annotation
    if _is_list(annotation):
        return " []"
    if annotation is date or date in typing.get_args(annotation):
        if name == "last_reviewed":
            return f" {today.isoformat()}"
        if name == "next_review":
            return f" {(today + timedelta(days=365)).isoformat()}"
        return ""
    if annotation is bool:
        return f" {'true' if field.default else 'false'}"
    if field.is_required() and "Markdown" in (field.description or ""):
        return " |"
    return ""


def _field_docs(model: type[BaseModel], indent: str) -> list[str]:
    """The fields of a block (a channel, the English text…) as comment lines, nested."""
    out = []
    for name, field in model.model_fields.items():
        out += textwrap.wrap(f"{name}: {_explanation(field)}", WIDTH - len(indent),
                             initial_indent=f"# {indent}", subsequent_indent=f"# {indent}    ",
                             break_on_hyphens=False)
        inner, _ = _inner(field.annotation)
        if inner is not None:
            out += _field_docs(inner, indent + "  ")
    return out


def blank_lines(model: type[BaseModel], today: date) -> list[str]:
    """Every field of ``model``, each under its explanation; a field that holds a block of
    fields (or a list of them) is empty, with the block's fields explained above it."""
    out = []
    for name, field in model.model_fields.items():
        out += _comment(_explanation(field), "")
        inner, listed = _inner(field.annotation)
        if inner is None:
            out.append(f"{name}:{_value(name, field, today)}")
            continue
        what = "Jokaisessa kohdassa (- alkaa kohdan) voi olla kentät:" if listed else \
            "Kirjoita kentät kaksi välilyöntiä sisennettyinä tämän alle:"
        out += [f"# {what}", *_field_docs(inner, "  ")]
        out.append(f"{name}: []" if listed else f"{name}:")
    return out


def blank_file(kind: str, today: date) -> str:
    """The text of a new data file of ``kind`` (palvelu, prosessi)."""
    model, _, schema = KINDS[kind]
    head = [f"# yaml-language-server: $schema=../../schemas/{schema}"]
    head += _comment(HEADERS[kind], "")
    return "\n".join([*head, "", *blank_lines(model, today)]) + "\n"


def blank_page(title: str) -> str:
    """A new Markdown page: its front matter explained, its title as the heading."""
    return f"""---
# Sivun nimi selaimen välilehdellä, hakutuloksissa ja valikossa (ellei valikko anna omaa).
title: {title}
# Yksi tai kaksi virkettä siitä, mitä sivulla on: hakukoneet ja haku näyttävät sen.
description:
# Hakusanat: sanat, joilla lukija etsii tätä sivua, vaikka teksti ei niitä käyttäisi,
# esimerkiksi [vuokrarästi, rahat loppu]. Eivät näy sivulla.
keywords: []
# Ohjeita tekstiin (nämä #-rivit eivät näy sivulla):
# - Alaotsikot: ## Otsikko, sen alla ### Alaotsikko. Älä hyppää tason yli.
# - Linkit ja kuvat: katso Tietoa käsikirjasta → Käsikirjan muokkaaminen.
# - Palvelun kortti, lakilinkki tai sääntö: katso Tietoa käsikirjasta → Makrot.
---

# {title}
"""
