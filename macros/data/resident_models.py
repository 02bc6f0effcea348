"""Typed models of the residents' data: life situations, municipalities and their social
offices, and the accessibility statement."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .models import Id, Model, Text, Unverified, Url, _doc


class LifeSituationEnglish(Model):
    name: Annotated[Text, Field(max_length=80)]
    description: Text
    first_step: Text | None = None


class LifeSituation(Model):
    """A life situation residents look for help in, in ``data/life_situations.yml``."""

    id: Id
    name: Annotated[Text, Field(max_length=80)]
    description: Text
    urgent: bool = False
    first_step: Annotated[Text, _doc(
        "Mitä teet ensin: kaksi virkettä, näkyy sivun alussa.")]
    contacts: Annotated[list[Id], _doc(
        "Yhteystiedot, joista saat apua heti (data/contacts.yml).")] = []
    keywords: Annotated[list[Annotated[Text, Field(max_length=60)]], Field(max_length=30), _doc(
        "Hakusanat, joilla asukas etsii tätä tilannetta omin sanoin (esim. \"mies lyö\").")] = []
    en: LifeSituationEnglish


Subregion = Literal["Itä-Lappi", "Kemi-Tornio", "Pohjois-Lappi", "Rovaniemi", "Tornionlaakso",
                    "Tunturi-Lappi"]


ServiceArea = Literal["Pohjoisen Lapin palvelualue", "Itäisen Lapin palvelualue",
                      "Kaakkois-Lapin palvelualue", "Lounais-Lapin palvelualue"]


class Office(Model):
    """A social office: where it is, and where that was checked."""

    name: Annotated[Text, Field(max_length=100)]
    address: Text
    note: Text | None = None
    source: Url
    checked: date


class Municipality(Model):
    """A municipality of Lapland, in ``data/municipalities.yml``."""

    id: Id
    name: Annotated[Text, Field(max_length=40)]
    subregion: Subregion
    sami_homeland: Literal["kyllä", "osittain", "ei"] = "ei"
    code: Annotated[str | None, StringConstraints(pattern=r"^[0-9]{3}$"), _doc(
        "Tilastokeskuksen kuntanumero (kolme numeroa), jolla PTV kertoo kanavan alueen.")] = None
    service_area: Annotated[ServiceArea | None, _doc(
        "Hyvinvointialueen palvelualue (aluehallituksen päätös 29.6.2022).")] = None
    office: Annotated[Office | None, _doc(
        "Sosiaalitoimisto, jossa kunnan asukas asioi, julkisesta lähteestä.")] = None


Criteria = Annotated[list[Annotated[str, StringConstraints(pattern=r"^[1-4]\.[0-9]+\.[0-9]+$")]],
                     Field(min_length=1)]


class Gap(Model):
    """Something on the site that is not (yet) accessible, and why."""

    what: Text
    why: Text
    wcag: Criteria
    en_what: Text
    en_why: Text


class BrowserCheck(Model):
    """What a test in a real browser checks on every build, as a person would by hand, where
    axe-core's rules do not reach (tests/test_keyboard.py, tests/test_accessibility.py)."""

    what: Text
    en_what: Text
    wcag: Criteria


class AccessibilityStatement(Model):
    """The accessibility statement's facts (laki 306/2019), in ``data/accessibility.yml``."""

    status: Literal["täysin", "osittain", "ei"]
    assessed_on: date
    method: Literal["itsearviointi", "ulkopuolinen arviointi"]
    assessment: Annotated[Text, _doc("Miten arvioitiin (työkalut, testit).")]
    assessment_en: Text
    gaps: list[Gap] = []
    browser_checks: Annotated[list[BrowserCheck], _doc(
        "Mitä selaintestit tarkistavat axe-coren lisäksi, niin kuin ihminen käsin.")] = []
    feedback: Annotated[Text, _doc("Mistä palautteen voi antaa.")]
    feedback_en: Text
    response_days: Annotated[int, Field(ge=1, le=14)]
    supervisor: Text
    supervisor_url: Url
    published_on: date
    last_reviewed: date
    next_review: date
    unverified: list[Unverified] = []
