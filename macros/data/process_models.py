"""Typed models of the staff handbook's data: client processes (``data/processes/``) and the
registries their steps refer to (roles, systems, forms), glossary, checklists, onboarding."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from .models import Id, LawRef, Model, Text, Unverified, _doc


class Role(Model):
    """A role in the client processes, in ``data/roles.yml``."""

    id: Id
    name: Annotated[Text, Field(max_length=60)]
    description: Text


class System(Model):
    """An information system, by generic name only, in ``data/systems.yml``."""

    id: Id
    name: Annotated[Text, Field(max_length=100)]
    description: Text


class Form(Model):
    """A form or document used in a process step, in ``data/forms.yml``."""

    id: Id
    name: Annotated[Text, Field(max_length=100)]
    description: Text
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9/-]+\.md$")] | None = None  # printable


class Term(Model):
    """An abbreviation or term, in ``data/glossary.yml``; abbreviations get hover and focus help."""

    term: Annotated[Text, Field(max_length=40)]
    expansion: Annotated[Text, Field(max_length=150)]
    description: Text | None = None
    abbreviation: bool = True


class Deadline(Model):
    text: Annotated[Text, _doc(
        "Määräaika ja mistä se lasketaan; lain määräaika säännöllä (data/rules.yml), ei numerona.")]
    law: Annotated[LawRef | None, _doc("Määräajan lakiperuste.")] = None


class Record(Model):
    what: Annotated[Text, _doc("Mitä kirjataan.")]
    system: Annotated[Id, _doc("Mihin järjestelmään (data/systems.yml).")]


END = "loppu"  # a branch target that ends the process


class Outcome(Model):
    label: Annotated[Text, Field(max_length=60), _doc("Vaihtoehto, esim. Kyllä.")]
    next: Annotated[Id, _doc("Vaihe, johon vaihtoehto johtaa (vaiheen id), tai loppu.")]


class Decision(Model):
    question: Annotated[Text, Field(max_length=80), _doc("Päätöskohdan kysymys.")]
    outcomes: Annotated[list[Outcome], Field(min_length=2), _doc(
        "Vaihtoehdot (vähintään kaksi) ja vaihe, johon kukin johtaa.")]


class Step(Model):
    id: Annotated[Id, _doc("Vaiheen tunnus prosessin sisällä; haarat viittaavat siihen.")]
    title: Annotated[Text, Field(max_length=60), _doc("Lyhyt otsikko, näkyy kaaviossa.")]
    role: Annotated[Id, _doc("Kuka tekee (data/roles.yml).")]
    action: Annotated[Text, _doc("Mitä tehdään (Markdown).")]
    documents: Annotated[list[Id], _doc("Lomakkeet ja asiakirjat (data/forms.yml).")] = []
    records: Annotated[list[Record], _doc("Mitä kirjataan ja mihin.")] = []
    deadline: Annotated[Deadline | None, _doc("Vaiheen määräaika ja sen lakiperuste.")] = None
    laws: Annotated[list[LawRef], _doc("Muut lait, joihin vaihe perustuu (data/laws.yml).")] = []
    decision: Annotated[Decision | None, _doc("Haarautuminen tämän vaiheen jälkeen.")] = None
    next: Annotated[Id | None, _doc("Seuraava vaihe, jos se ei ole luettelossa seuraava.")] = None
    end: Annotated[bool, _doc("Prosessi päättyy tähän vaiheeseen.")] = False


class Process(Model):
    """One client process, ``data/processes/<id>.yml``."""

    name: Annotated[Text, Field(max_length=100), _doc("Prosessin nimi, enintään 100 merkkiä.")]
    purpose: Annotated[Text, _doc("Prosessin tarkoitus (Markdown).")]
    concerns: Annotated[Text, _doc("Ketä prosessi koskee.")]
    services: Annotated[list[Id], _doc("Palvelut, joihin prosessi liittyy.")] = []
    steps: Annotated[list[Step], Field(min_length=2), _doc(
        "Vaiheet järjestyksessä, vähintään kaksi.")]
    owner: Annotated[Text, _doc("Sisällöstä vastaava tiimi tai rooli (ei henkilön nimeä).")]
    last_reviewed: Annotated[date, _doc("Milloin sisältö on viimeksi tarkistettu (VVVV-KK-PP).")]
    next_review: Annotated[date, _doc(
        "Mihin mennessä sisältö tarkistetaan seuraavaksi (VVVV-KK-PP).")]
    unverified: Annotated[list[Unverified], _doc(
        "Tiedot, joita ei ole vielä tarkistettu lähteestä.")] = []


class ChecklistGroup(Model):
    """One situation of the benefit-processing checklist, in ``data/checklists.yml``."""

    id: Id
    name: Annotated[Text, Field(max_length=80)]
    intro: Text
    items: Annotated[list[Text], Field(min_length=1)]


class OnboardingItem(Model):
    title: Annotated[Text, Field(max_length=120)]
    week: Annotated[int, Field(ge=1, le=12)]
    page: Annotated[str | None, _doc("Sivu docs-kansiossa, esim. ammattilaisille/dokumentointi.md.")] = None
    process: Annotated[Id | None, _doc("Prosessin tunnus (data/processes).")] = None
    task: Text | None = None


class OnboardingPath(Model):
    """An onboarding path for one role, in ``data/onboarding.yml``."""

    role: Id
    intro: Text
    items: Annotated[list[OnboardingItem], Field(min_length=1)]


